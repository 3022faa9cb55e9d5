"""Quarto's frozen output: `_freeze/<document path without extension>/execute-results/html.json`.

Quarto keeps there the document's Markdown as it was after running its code (`result.markdown`:
each cell a `::: {.cell}` block with its code and `.cell-output` blocks), the MD5 of the source
it ran (`hash`), and beside it the figures the code drew (`figure-html/`, which the Markdown
refers to as `<stem>_files/figure-html/...`). A post with frozen output is that Markdown under
the post's own front matter; its figures are published beside the page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .computed import FREEZE_DIR
from .errors import Diagnostic, warning
from .sources import FrontMatter, SourceFile, input_exists, read_input, split_front_matter


def frozen_path(source: SourceFile) -> Path:
    """Where Quarto keeps the frozen output of `source`."""
    root = source.root
    rel = Path(source.rel)
    return root / FREEZE_DIR / rel.parent / rel.stem / "execute-results" / "html.json"


def read_frozen(source: SourceFile, notebook: FrontMatter | None = None) -> Any | None:
    """The post's document made from its frozen output, or None when it has none; a
    notebook's (one that asks to be run) under the front matter read from its first cell."""
    if source.path.suffix.lower() not in (".qmd", ".rmd") and notebook is None:
        return None
    root = source.root
    # Most sites have no frozen output: asked of every post, in os.path's cheaper calls.
    if not os.path.isdir(os.path.join(root, FREEZE_DIR)):  # noqa: PTH112, PTH118
        return None
    path = frozen_path(source)
    # Noted as read (or looked for), so that `quarto render` refreshing it parses the post again.
    if not input_exists(path):
        return None
    from .computed import Document

    front = notebook if notebook is not None else split_front_matter(source)
    if isinstance(front, Diagnostic):
        return front
    env: dict[str, Any] = {"page_stem": source.path.stem, "frozen": True}
    problems: list[Diagnostic] = []
    rel_freeze = path.relative_to(root).as_posix()
    try:
        data = json.loads(read_input(path).decode("utf-8"))
        markdown = data["result"]["markdown"]
        if not isinstance(markdown, str):
            raise TypeError("result.markdown is not text")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems.append(
            warning(
                rel_freeze,
                1,
                f"cannot read this frozen output ({exc}); the post is built without it",
                "render the post again with Quarto, or delete the file",
            )
        )
        return Document(front, env, problems=problems)
    # Quarto hashes the text as read, with LF line endings: as quizsite decodes it.
    if data.get("hash") != hashlib.md5(source.text.encode()).hexdigest():
        problems.append(
            warning(
                source.rel,
                1,
                "the post changed since its output was frozen: the output shown is older than "
                "the code",
                f"render it again with Quarto to refresh {rel_freeze}",
            )
        )
    body = _floats(_spaced_figures(_body_of(markdown)))
    figures = _figures(path.parent.parent, source.path.stem)
    # `quarto render` also leaves the figures beside the post, where they are its own files.
    beside = source.path.parent
    env["cell_files"] = {
        name: data for name, data in figures.items() if not (beside / name).is_file()
    }
    relocate = _line_map(front.body.split("\n"), body.split("\n"), front.body_line)
    frozen = FrontMatter(front.data, body, front.body_line)
    return Document(frozen, env, relocate, problems)


def _body_of(markdown: str) -> str:
    """The frozen Markdown without its front matter (the post's own is used)."""
    lines = markdown.split("\n")
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is not None:
            return "\n".join(lines[end + 1 :])
    return markdown


# A figure knitr named after a chunk label with spaces (`load data-1.png`): Pandoc takes the
# spaces in a link's destination, CommonMark only between `<` and `>`.
_SPACED_FIGURE = re.compile(r"(!\[[^\]\n]*\]\()([^()<>\"\n]*_files/[^()<>\"\n]* [^()<>\"\n]*)\)")


def _spaced_figures(body: str) -> str:
    """The frozen Markdown with each figure path holding spaces written between `<` `>`."""
    if "_files/" not in body:
        return body
    return _SPACED_FIGURE.sub(r"\1<\2>)", body)


# Quarto's frozen Markdown of a labelled cell: `::: {#tbl-x .cell tbl-cap='Caption'}`, its
# outputs each in a `::: {.cell-output-display}` div; and the lines that open and close a div.
_CAPTIONED = re.compile(
    r"""^:{3,}\s*\{#((?:fig|tbl)-[^\s}]+)[^}]*?\b(?:fig|tbl)-cap="""
    r"""(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")"""
)
# A caption knitr wrote from a `|` block runs onto the next line (`tbl-cap='…\n'}`): Pandoc
# reads the line break as a space and `\'` as a quote.
_OPEN_UNCLOSED = re.compile(r"^:{3,}\s*\{[^}]*$")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_FIGURE_ID = re.compile(r"^:{3,}\s*\{#((?:fig|tbl)-[^\s}]+)")
_DIV_OPEN = re.compile(r"^:{3,}\s*(?:\{|[\w.-]+\s*$)")
_DIV_CLOSE = re.compile(r"^:{3,}\s*$")
_OUTPUT_DIV = re.compile(r"^:{3,}\s*\{(?:\.cell-output\s+)?\.cell-output-display\s*\}\s*$")
_IMAGE_LINE = re.compile(r"^!\[.*\]\(.*\)(?:\{.*\})?\s*$")
_CODE_FENCE = re.compile(r"^(`{3,}(?!.*`)|~{3,})")  # a backtick fence's info has no backtick


def _floats(body: str) -> str:
    """The frozen Markdown of labelled cells in the shape the figure pass reads: a caption
    given as the div's `fig-cap`/`tbl-cap` attribute written as its last paragraph, and
    each image of a figure cell out of its output div, so that the images are its
    subfigures. Only bodies with a labelled cell are looked at."""
    if "{#fig-" not in body and "{#tbl-" not in body:
        return body
    lines = body.split("\n")
    opened: list[tuple[str, str]] = []  # each open div's id and caption
    for i in _outside_code(lines):
        line = lines[i]
        if _DIV_CLOSE.match(line) and opened:
            _, caption = opened.pop()
            if caption:
                lines[i] = f"\n{caption}\n\n{line}"
        elif _DIV_OPEN.match(line):
            if opened and opened[-1][0].startswith("fig-") and _lone_image_div(lines, i):
                continue  # its lines blanked: the image is the figure's own block
            match = _CAPTIONED.match(_opener_text(lines, i))
            ident = _FIGURE_ID.match(line)
            caption = _ESCAPED.sub(r"\1", (match[2] or match[3] or "").strip()) if match else ""
            opened.append((ident[1] if ident else "", caption))
    return "\n".join(lines)


def _opener_text(lines: list[str], i: int) -> str:
    """A div's opening line, with the lines its unclosed attributes run onto (up to a blank
    line) joined by spaces."""
    text = lines[i]
    if not _OPEN_UNCLOSED.match(text):
        return text
    for more in lines[i + 1 : i + 8]:
        if not more.strip():
            break
        text += " " + more
        if "}" in more:
            break
    return text


def _outside_code(lines: list[str]) -> Iterator[int]:
    """The indices of the lines outside fenced code blocks (read as the loop reaches them)."""
    fence = ""
    for i, line in enumerate(lines):
        mark = _CODE_FENCE.match(line)
        if fence:
            if mark and mark.group(1).startswith(fence) and not line[mark.end() :].strip():
                fence = ""
        elif mark:
            fence = mark.group(1)
        else:
            yield i


def _lone_image_div(lines: list[str], start: int) -> bool:
    """Blank the opening and closing lines of an output div at `start` that holds one image
    and nothing else; whether it did."""
    if not _OUTPUT_DIV.match(lines[start]):
        return False
    inner = [k for k in range(start + 1, min(start + 6, len(lines))) if lines[k].strip()]
    if len(inner) < 2 or not _IMAGE_LINE.match(lines[inner[0]]):
        return False
    if not _DIV_CLOSE.match(lines[inner[1]]):
        return False
    lines[start] = lines[inner[1]] = ""
    return True


def _figures(folder: Path, stem: str) -> dict[str, bytes]:
    """The frozen document's files (figures), by the path its Markdown gives them."""
    found: dict[str, bytes] = {}
    for top, _, names in os.walk(folder):
        if Path(top).name == "execute-results":
            continue
        for name in names:
            path = Path(top) / name
            rel = path.relative_to(folder).as_posix()
            found[f"{stem}_files/{rel}"] = read_input(path)
    return found


def _line_map(
    original: Sequence[str], frozen: Sequence[str], offset: int
) -> Callable[[int | None], int | None]:
    """For a line of the frozen body (as numbered from `offset`), the post's nearest line."""
    found: list[Sequence[tuple[int, int, int]]] = []

    def relocate(line: int | None) -> int | None:
        if line is None or line < offset:
            return line
        # Matched only when a line is asked for: most posts report nothing, and the match
        # costs far more than the rest of reading a long frozen document.
        if not found:
            import difflib

            matcher = difflib.SequenceMatcher(None, original, frozen, autojunk=False)
            found.append(matcher.get_matching_blocks())
        j = line - offset
        best = 0
        for a, b, size in found[0]:
            if size and b <= j:
                best = a + min(j - b, size - 1)
        return best + offset

    return relocate
