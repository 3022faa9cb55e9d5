"""`{{< embed other.qmd#label >}}` from the other document's frozen output.

Quarto renders the embedded `.qmd` to take the labelled cell's output; quizsite runs nothing
for it, but when Quarto froze that document (`_freeze/<path>/execute-results/html.json`) the
cell's outputs are there, as Quarto's Markdown: the cell's `::: {.cell}` div. That div is
parsed as the page's own Markdown, without its code unless the embed says `echo=true` (as
Quarto): its figure is numbered with the page's and can be cross-referenced, as in Quarto;
the figures it shows are published beside the page.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from .computed import FREEZE_DIR
from .freeze import (
    _CODE_FENCE,
    _DIV_CLOSE,
    _DIV_OPEN,
    _body_of,
    _figures,
    _floats,
    _outside_code,
    _spaced_figures,
)
from .paths import OutsideSite
from .sources import input_exists, read_input

Warn = Callable[[str, str], list[Token]]
_CELL_CODE = re.compile(r"^(`{3,}|~{3,})\s*\{[^}]*\.cell-code\b")


def frozen_embed(
    env: EnvType,
    target: tuple[Path, Path, str],
    echo: bool,
    warn: Warn,
    md: MarkdownIt,
) -> list[Token] | None:
    """The blocks of the cell `target` (root, document, label) names, from the document's
    frozen output; None when it has none (the caller says why nothing is shown)."""
    root, document, ident = target
    try:
        rel = document.relative_to(root)
    except ValueError:
        return None
    path = root / FREEZE_DIR / rel.parent / rel.stem / "execute-results" / "html.json"
    if not input_exists(path):  # noted, so that freezing it later parses the page again
        return None
    shown = rel.as_posix()
    data = _frozen_data(path, shown, warn)
    if data is None:
        return []
    body = _floats(_spaced_figures(_body_of(data["result"]["markdown"])))
    cell = _cell(body.split("\n"), ident) if ident else None
    if cell is None:
        what = f"no cell {ident!r}" if ident else "no cell label"
        return warn(
            f"cannot embed {shown}#{ident}: {what} in its frozen output",
            "name a labelled cell: {{< embed doc.qmd#fig-label >}}",
        )
    _stale(document, data, shown, warn)
    text = "\n".join(line for line in _without_code(cell, echo))
    stem = f"{env.get('page_stem', 'index')}-embed-{document.stem}"
    text = text.replace(f"{document.stem}_files/", f"{stem}_files/")
    files = _figures(path.parent.parent, stem)
    env.setdefault("cell_files", {}).update({k: v for k, v in files.items() if k in text})
    tokens = _blocks(md, env, text)
    if tokens:  # read (and taken off) by the embed's shortcode, for the page's later rules
        tokens[0].meta = {**(tokens[0].meta or {}), "embedded_text": text}
    return tokens


# What the page's rules report at its own lines; an embedded cell's lines are not the page's.
_PROBLEM_KEYS = (
    "shortcode_diagnostics",
    "fenced_div_diagnostics",
    "quarto_diagnostics",
    "citation_diagnostics",
    "math_errors",
)


def _blocks(md: MarkdownIt, env: EnvType, text: str) -> list[Token]:
    """`text` parsed as blocks of the page: the core rules up to the shortcodes' run here,
    the later ones (figures, numbering, cross-references) on the page, over these blocks too."""
    from markdown_it.rules_core import StateCore

    kept = {key: env.pop(key) for key in _PROBLEM_KEYS if key in env}
    state = StateCore(text, md, env)
    try:
        for rule in md.core.ruler.__rules__:
            if rule.enabled:
                rule.fn(state)
            if rule.name == "shortcodes":
                break
    finally:
        for key in _PROBLEM_KEYS:
            env.pop(key, None)
        env.update(kept)
    return state.tokens


def _frozen_data(path: Path, shown: str, warn: Warn) -> Any | None:
    """The frozen output's JSON, None (with a warning) when it cannot be read."""
    try:
        data = json.loads(read_input(path).decode("utf-8"))
        if not isinstance(data["result"]["markdown"], str):
            raise TypeError("result.markdown is not text")
    except (OSError, OutsideSite, ValueError, KeyError, TypeError) as exc:
        warn(
            f"cannot embed from {shown}: its frozen output cannot be read ({exc})",
            f"render {shown} again with Quarto",
        )
        return None
    return data


def _stale(document: Path, data: Any, shown: str, warn: Warn) -> None:
    """Warn when the embedded document changed since Quarto froze its output."""
    try:
        text = read_input(document).decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, OutsideSite, UnicodeDecodeError):
        return
    if data.get("hash") != hashlib.md5(text.encode()).hexdigest():
        warn(
            f"{shown} changed since its output was frozen: the embedded output is older",
            f"render {shown} again with Quarto to refresh its frozen output",
        )


def _cell(lines: list[str], ident: str) -> list[str] | None:
    """The lines of the innermost cell div labelled `ident`: its id, its output's id (knitr
    labels the figure), or a `#| label:` line in it."""
    named = re.compile(rf"(?:[{{\s]#|\blabel=[\"']?){re.escape(ident)}(?=[\s}}\"'])")
    option = re.compile(rf"^\s*#\|\s*label:\s*[\"']?{re.escape(ident)}[\"']?\s*$")
    opened: list[int] = []
    for i in _outside_code(lines):
        if _DIV_OPEN.match(lines[i]):
            opened.append(i)
        elif _DIV_CLOSE.match(lines[i]) and opened:
            start = opened.pop()
            block = lines[start : i + 1]
            if ".cell" in lines[start] and any(
                named.search(line) or option.match(line) for line in block
            ):
                return block
    return None


def _without_code(cell: list[str], echo: bool) -> list[str]:
    """The cell's lines without its code block (`.cell-code`), unless `echo`."""
    if echo:
        return cell
    kept: list[str] = []
    fence = ""
    for line in cell:
        if fence:
            mark = _CODE_FENCE.match(line)
            if mark and mark.group(1).startswith(fence) and not line[mark.end() :].strip():
                fence = ""
            continue
        code = _CELL_CODE.match(line)
        if code:
            fence = code.group(1)
            continue
        kept.append(line)
    return kept
