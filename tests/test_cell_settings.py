"""Where a document's cell settings come from and what they change (issue 21): `execute:` in
the front matter, `_metadata.yml` and `_quarto.yml`; a notebook run when it asks; hidden
cells' words kept out of the search text and summaries."""

from __future__ import annotations

from pathlib import Path

import nbclient
import pytest
from conftest import write_tree
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_fixtures import write_notebook

from quizsite.build import BuildResult, build
from quizsite.model import Post

QUARTO_YML = "project:\n  type: website\nwebsite:\n  title: Cells\n"


def _post(result: BuildResult, name: str) -> Post:
    [post] = [
        parsed.post
        for path, parsed in result.state.parsed.items()
        if path.name == name or path.parent.name == name
    ]
    assert post is not None
    return post


def _notebook(front: str, code: str = "print(6 * 7)") -> object:
    notebook = new_notebook(
        cells=[
            new_markdown_cell(f"---\ntitle: Run me\ndate: 2024-04-01\n{front}---"),
            new_markdown_cell("The cell below prints a number."),
            new_code_cell(
                code, outputs=[new_output("stream", name="stdout", text="stored output\n")]
            ),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    return notebook


def test_a_notebook_asking_for_execution_is_run(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_notebook(root / "content/posts/run.ipynb", _notebook("execute:\n  enabled: true\n"))
    (root / "quizsite.toml").write_text("execute_timeout = 30\n")
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/run/index.html").read_text()
    assert '<div class="cell-output cell-output-stdout"><pre><code>42</code></pre></div>' in html
    assert "stored output" not in html


def test_a_notebook_is_not_run_by_default_nor_with_no_execute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    write_notebook(root / "content/posts/kept.ipynb", _notebook(""))
    write_notebook(root / "content/posts/asks.ipynb", _notebook("execute:\n  enabled: true\n"))
    monkeypatch.setenv("QUIZSITE_NO_EXECUTE", "1")

    class NoKernel(nbclient.NotebookClient):
        def setup_kernel(self, **kwargs: object) -> object:
            raise AssertionError("a kernel was started")

    monkeypatch.setattr(nbclient, "NotebookClient", NoKernel)
    build(root, tmp_path / "out")
    for slug in ("kept", "asks"):
        assert "stored output" in (tmp_path / f"out/posts/{slug}/index.html").read_text()


def test_execute_enabled_in_metadata_and_quarto_yml_runs_notebooks(tmp_path: Path) -> None:
    """Quarto takes `execute:` from `_quarto.yml` and a folder's `_metadata.yml` too."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": QUARTO_YML + "execute:\n  enabled: true\n",
            "posts/_metadata.yml": "execute:\n  echo: false\n",
        },
    )
    write_notebook(root / "posts/nb/index.ipynb", _notebook(""))
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/nb/index.html").read_text()
    assert "<pre><code>42</code></pre>" in html and "stored output" not in html
    assert "print(" not in html  # echo: false from _metadata.yml


def test_quarto_yml_execute_options_apply_to_every_post(tmp_path: Path) -> None:
    post = "---\ntitle: Setup\ndate: 2024-04-02\n---\n\n```{r}\nlibrary(secretpkg)\n```\n"
    root = write_tree(
        tmp_path / "blog",
        {"_quarto.yml": QUARTO_YML + "execute:\n  echo: false\n", "posts/setup/index.qmd": post},
    )
    result = build(root, tmp_path / "out")
    assert "secretpkg" not in (tmp_path / "out/posts/setup/index.html").read_text()
    assert "secretpkg" not in _post(result, "setup").text.decode()


HIDDEN = """\
---
title: "Hidden setup"
date: 2024-04-03
---

```{r setup, include=FALSE}
library(hiddensetup)
```

```{python}
#| echo: false
echoless_code = 1
```

```{python}
#| label: shown
visible_code = 2
```

Prose after the cells.
"""


def test_hidden_cells_are_not_in_the_search_text(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "site", {"quizsite.toml": "execute = false\n", "content/posts/h.qmd": HIDDEN}
    )
    result = build(root, tmp_path / "out")
    post = _post(result, "h.qmd")
    text = post.text.decode()
    assert "visible_code = 2" in text and "Prose after the cells." in text
    assert "hiddensetup" not in text and "echoless_code" not in text
    assert "#|" not in text and "label: shown" not in text
    html = (tmp_path / "out/posts/h/index.html").read_text()
    assert "hiddensetup" not in html and "echoless_code" not in html
    assert post.summary == "Prose after the cells."


def test_shown_outputs_are_in_the_search_text_and_hidden_ones_not(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Outputs\ndate: 2024-04-01\n---"),
            new_code_cell(
                "#| echo: false\nshow()",
                outputs=[new_output("stream", name="stdout", text="\x1b[1mvisibleresult\x1b[0m\n")],
            ),
            new_code_cell(
                "#| output: false\nquiet()",
                outputs=[new_output("stream", name="stdout", text="quietresult\n")],
            ),
            new_code_cell(
                "#| include: false\nsecret()",
                outputs=[new_output("stream", name="stdout", text="secretresult\n")],
            ),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/outs.ipynb", notebook)
    text = _post(build(root, tmp_path / "out"), "outs.ipynb").text.decode()
    assert "visibleresult" in text and "\x1b" not in text and "show()" not in text
    assert "quiet()" in text and "quietresult" not in text
    assert "secret" not in text


def _frozen_notebook_blog(root: Path, front: str, quarto: str = "") -> Path:
    """A Quarto blog with one notebook and frozen output for it under `_freeze/`."""
    import hashlib
    import json

    path = write_notebook(root / "posts/nb/index.ipynb", _notebook(front))
    frozen = {
        "hash": hashlib.md5(path.read_text().encode()).hexdigest(),
        "result": {
            "markdown": "---\ntitle: Run me\n---\n\nThe cell below prints a number.\n\n"
            "::: {.cell}\n``` {.python .cell-code}\nprint(6 * 7)\n```\n\n"
            "::: {.cell-output .cell-output-stdout}\n```\nfrozen output\n```\n:::\n:::\n"
        },
    }
    write_tree(
        root,
        {
            "_quarto.yml": QUARTO_YML + quarto,
            "_freeze/posts/nb/index/execute-results/html.json": json.dumps(frozen),
        },
    )
    return root


def _no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoKernel(nbclient.NotebookClient):
        def setup_kernel(self, **kwargs: object) -> object:
            raise AssertionError("a kernel was started")

    monkeypatch.setattr(nbclient, "NotebookClient", NoKernel)


def test_a_notebook_asking_for_execution_shows_its_frozen_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As Quarto thaws a frozen document: the notebook's `_freeze/` output, no kernel."""
    _no_kernel(monkeypatch)
    root = _frozen_notebook_blog(tmp_path / "blog", "execute:\n  enabled: true\n")
    result = build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/nb/index.html").read_text()
    assert "frozen output" in html and "stored output" not in html
    assert not [w for w in result.warnings if "frozen" in w.message]


def test_a_notebook_changed_since_frozen_is_warned_about_at_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_kernel(monkeypatch)
    root = _frozen_notebook_blog(tmp_path / "blog", "", quarto="execute:\n  enabled: true\n")
    nb = root / "posts/nb/index.ipynb"
    nb.write_text(nb.read_text().replace("prints a number", "prints the answer"))
    result = build(root, tmp_path / "out")
    assert "frozen output" in (tmp_path / "out/posts/nb/index.html").read_text()
    [stale] = [w for w in result.warnings if "changed since its output was frozen" in w.message]
    assert stale.location.path == "posts/nb/index.ipynb"


def test_a_notebook_not_asking_for_execution_keeps_its_stored_outputs(tmp_path: Path) -> None:
    """Quarto does not run (nor thaw) a notebook by default: a stale `_freeze/` is not used."""
    root = _frozen_notebook_blog(tmp_path / "blog", "")
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/nb/index.html").read_text()
    assert "stored output" in html and "frozen output" not in html


def test_freeze_keeps_a_notebook_without_frozen_output_from_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `.qmd` rule: `freeze: auto` (or true) with nothing frozen runs nothing."""
    _no_kernel(monkeypatch)
    root = write_tree(tmp_path / "blog", {"_quarto.yml": QUARTO_YML})
    write_notebook(
        root / "posts/nb/index.ipynb", _notebook("execute:\n  enabled: true\n  freeze: auto\n")
    )
    build(root, tmp_path / "out")
    assert "stored output" in (tmp_path / "out/posts/nb/index.html").read_text()
