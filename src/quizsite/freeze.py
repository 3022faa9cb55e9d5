"""Quarto's frozen output: `_freeze/<document path without extension>/execute-results/html.json`.

Quarto keeps there the document's Markdown as it was after running its code (`result.markdown`:
each cell a `::: {.cell}` block with its code and `.cell-output` blocks), the MD5 of the source
it ran (`hash`), and beside it the figures the code drew (`figure-html/`, which the Markdown
refers to as `<stem>_files/figure-html/...`). A post with frozen output is that Markdown under
the post's own front matter; its figures are published beside the page.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import Diagnostic, warning
from .sources import FrontMatter, SourceFile, input_exists, read_input, split_front_matter

FREEZE_DIR = "_freeze"


def frozen_path(source: SourceFile) -> Path:
    """Where Quarto keeps the frozen output of `source`."""
    root = source.root
    rel = Path(source.rel)
    return root / FREEZE_DIR / rel.parent / rel.stem / "execute-results" / "html.json"


def read_frozen(source: SourceFile) -> Any | None:
    """The post's document made from its frozen output, or None when it has none."""
    if source.path.suffix != ".qmd" and source.path.suffix != ".Rmd":
        return None
    root = source.root
    if not (root / FREEZE_DIR).is_dir():  # most sites: no frozen output at all
        return None
    path = frozen_path(source)
    # Noted as read (or looked for), so that `quarto render` refreshing it parses the post again.
    if not input_exists(path):
        return None
    from .computed import Document

    front = split_front_matter(source)
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
    body = _body_of(markdown)
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
    blocks = difflib.SequenceMatcher(None, original, frozen, autojunk=False).get_matching_blocks()

    def relocate(line: int | None) -> int | None:
        if line is None or line < offset:
            return line
        j = line - offset
        best = 0
        for a, b, size in blocks:
            if size and b <= j:
                best = a + min(j - b, size - 1)
        return best + offset

    return relocate
