"""Notebooks written for the tests with nbformat: every output type, cell options, a quiz."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
    new_raw_cell,
)

# A 1x1 PNG and a tiny GIF: real image files, small enough to read in a test.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
TABLE = (
    '<div><table border="1" class="dataframe"><thead><tr><th></th><th>loss</th></tr></thead>'
    "<tbody><tr><th>0</th><td>0.25</td></tr></tbody></table></div>"
)
TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mZeroDivisionError\x1b[0m                         Traceback (most recent call last)",
    "\x1b[0;32m<ipython-input-1>\x1b[0m in \x1b[0;36m<module>\x1b[0;34m\x1b[0m\n\x1b[0;32m----> 1\x1b[0;31m \x1b[0;36m1\x1b[0m\x1b[0;34m/\x1b[0m\x1b[0;36m0\x1b[0m",
    "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def every_output_notebook() -> Any:
    """Front matter in a raw cell, a quiz in markdown cells, and code with every output type."""
    cells = [
        new_raw_cell(
            '---\ntitle: "Reading a training log"\ndate: 2024-05-01\ncategories: [notebooks]\n---'
        ),
        new_markdown_cell("What does the loop below print last?"),
        new_code_cell(
            "#| code-fold: true\n#| code-summary: Show the loop\nfor step in range(3):\n    print(step)",
            outputs=[
                new_output("stream", name="stdout", text="0\n1\n2\n"),
                new_output("stream", name="stderr", text="UserWarning: slow\n"),
            ],
        ),
        new_markdown_cell("1. `0`\n\n2. `2`"),
        new_markdown_cell(
            ':::{.callout-note collapse="true"}\n## Expand to see the answer\n\n2\n\n'
            "The loop stops before 3.\n\n**Recommended reading**\n\n"
            '* ["range"](https://docs.python.org/3/library/stdtypes.html#range) explains it.\n:::'
        ),
        new_code_cell(
            "1 + 1",
            execution_count=2,
            outputs=[new_output("execute_result", data={"text/plain": "2"}, execution_count=2)],
        ),
        new_code_cell(
            "#| fig-cap: A tiny *plot*\n#| fig-alt: One black pixel\nplot()",
            outputs=[
                new_output(
                    "display_data",
                    data={"image/png": _b64(PNG), "text/plain": "<Figure>"},
                    metadata={"image/png": {"width": 320}},
                )
            ],
        ),
        new_code_cell(
            "show_all()",
            outputs=[
                new_output("display_data", data={"image/jpeg": _b64(PNG), "text/plain": "j"}),
                new_output("display_data", data={"image/gif": _b64(GIF), "text/plain": "g"}),
                new_output("display_data", data={"image/svg+xml": SVG, "text/plain": "s"}),
            ],
        ),
        new_code_cell(
            "df",
            outputs=[
                new_output(
                    "execute_result",
                    data={"text/html": TABLE, "text/plain": "   loss\n0  0.25"},
                    execution_count=5,
                )
            ],
        ),
        new_code_cell(
            "Markdown('**bold** result')",
            outputs=[new_output("display_data", data={"text/markdown": "**bold** result"})],
        ),
        new_code_cell(
            "Math('x^2')",
            outputs=[new_output("display_data", data={"text/latex": "$$x^2 + 1$$"})],
        ),
        new_code_cell(
            "1/0",
            outputs=[
                new_output(
                    "error",
                    ename="ZeroDivisionError",
                    evalue="division by zero",
                    traceback=TRACEBACK,
                )
            ],
        ),
        new_code_cell(
            "slider",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                        "text/plain": "IntSlider(value=3)",
                    },
                )
            ],
        ),
        new_code_cell(
            "#| echo: false\nsecret_setup()",
            outputs=[new_output("stream", name="stdout", text="shown without its code\n")],
        ),
        new_code_cell(
            "#| include: false\nhidden()",
            outputs=[new_output("stream", name="stdout", text="never shown\n")],
        ),
        new_code_cell(
            "#| output: false\nquiet()",
            outputs=[new_output("stream", name="stdout", text="output hidden\n")],
        ),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    return notebook


def write_notebook(path: Path, notebook: Any) -> Path:
    """Save `notebook` as Jupyter does (indented JSON, one source line per line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))
    return path
