"""Quarto's `{{< include path >}}`: files pasted into a document before it is parsed.

An include is text substitution, as in Quarto: it stands alone on its line (inside code blocks
too, where Quarto documents it for showing source files), paths are relative to the document
(or, starting with `/`, to the site root), and the included text keeps its own lines, so that a
problem inside it is reported at the included file's `path:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostic, error
from .line_maps import LineMap
from .sources import read_input

_INCLUDE_LINE = re.compile(r"^[ \t]*\{\{<[ \t]*include[ \t]+(.*?)[ \t]*>\}\}[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})(.*)$")
_NO_SHORTCODES = re.compile(r"""shortcodes\s*=\s*["']?false""")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# A shortcode that opens on a line and does not close there (its options on the next lines).
_OPEN_SHORTCODE = re.compile(r"\{\{<(?!.*>\}\}).*$", re.MULTILINE)
_MAX_JOINED = 20
# Deeper than any real document nests its includes; a cycle is caught before this anyway.
_MAX_DEPTH = 20


@dataclass
class _Expansion:
    """The state of one document's expansion: its root, its lines so far, its problems."""

    root: Path
    doc_dir: Path
    lines: list[str]
    origins: list[tuple[str, int]]
    problems: list[Diagnostic]
    metadata: dict[str, Any]  # the included files' front matter, the first file's value kept


def expand_includes(
    body: str, root: Path, doc_path: Path, rel: str, first_line: int
) -> tuple[str, LineMap, list[Diagnostic], dict[str, Any]]:
    """The body with its includes pasted in, its line map, the problems found, and the
    metadata the included files' front matter sets (Pandoc merges a YAML block anywhere in a
    document into its metadata: `{{< meta qid >}}` reads an included file's `qid:`)."""
    if "{{<" not in body or not (_has_include(body) or _OPEN_SHORTCODE.search(body)):
        return body, LineMap(rel, first_line), [], {}
    state = _Expansion(root.resolve(), doc_path.parent, [], [], [], {})
    _expand(state, body, rel, first_line, (doc_path.resolve(),))
    text = "".join(state.lines)
    return text, LineMap(rel, first_line, tuple(state.origins)), state.problems, state.metadata


def _has_include(text: str) -> bool:
    """Whether any line is an include shortcode (a quick test before the line by line pass)."""
    return any(_INCLUDE_LINE.match(line) for line in text.splitlines() if "include" in line)


def _expand(
    state: _Expansion, text: str, rel: str, first_line: int, stack: tuple[Path, ...]
) -> None:
    """Append `text`'s lines (from `rel`, starting at `first_line`) with includes expanded."""
    fence: tuple[str, bool] | None = None  # the open fence's marker, and whether it is opted out
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        number, line = first_line + index, lines[index]
        index += 1
        fence = _track_fence(fence, line.rstrip("\n"))
        if fence is None and _OPEN_SHORTCODE.search(line):
            # A shortcode written over several lines (`title=` on the next) is joined into
            # one, so that a `>}}` line is not read as a block quote.
            line, index = _join_shortcode(lines, index, line)
        stripped = line.rstrip("\n")
        match = _INCLUDE_LINE.match(stripped)
        if match is None or (fence is not None and fence[1]):
            state.lines.append(line if line.endswith("\n") else line + "\n")
            state.origins.append((rel, number))
            continue
        _include(state, match.group(1).strip().strip("\"'"), rel, number, stack)


def _join_shortcode(lines: list[str], index: int, line: str) -> tuple[str, int]:
    """`line` with the following lines up to its shortcode's `>}}`, and the index after them."""
    end = index
    while end < len(lines) and end - index < _MAX_JOINED and ">}}" not in lines[end]:
        end += 1
    if end == len(lines) or end - index >= _MAX_JOINED:
        return line, index  # never closed: the lines stay as they are
    parts = [line, *lines[index : end + 1]]
    return " ".join(p.strip() for p in parts) + "\n", end + 1


def _track_fence(fence: tuple[str, bool] | None, line: str) -> tuple[str, bool] | None:
    """The code fence open after `line`; a fence with `shortcodes=false` includes nothing."""
    match = _FENCE.match(line)
    if match is None:
        return fence
    marker, info = match.groups()
    if fence is None:
        return marker, bool(_NO_SHORTCODES.search(info))
    closes = marker[0] == fence[0][0] and len(marker) >= len(fence[0]) and not info.strip()
    return None if closes else fence


def _include(state: _Expansion, target: str, rel: str, line: int, stack: tuple[Path, ...]) -> None:
    """Paste one included file, or record why it cannot be."""
    if not target:
        state.problems.append(
            error(rel, line, "include names no file", "write {{< include _file.qmd >}}")
        )
        return
    base = state.root if target.startswith("/") else state.doc_dir
    path = (base / target.lstrip("/")).resolve()
    shown = _rel(path, state.root)
    if not path.is_relative_to(state.root):
        state.problems.append(
            error(rel, line, f"include {target!r} is outside the site", "include files in the site")
        )
        return
    if path in stack:
        chain = " -> ".join([*(_rel(p, state.root) for p in stack), shown])
        state.problems.append(
            error(rel, line, f"include cycle: {chain}", "an included file must not include itself")
        )
        return
    if len(stack) > _MAX_DEPTH:
        state.problems.append(error(rel, line, "includes nested too deeply", "nest fewer"))
        return
    try:
        text = read_input(path).decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else "cannot read it"
        state.problems.append(
            error(
                rel,
                line,
                f"cannot include {target!r}: {reason}",
                "paths are relative to the document, or to the site root when they start with /",
            )
        )
        return
    start = 1
    front = _FRONT_MATTER.match(text)
    if front:  # its metadata joins the document's; its body alone is pasted
        start += text.count("\n", 0, front.end())
        for key, value in _metadata(front.group()).items():
            state.metadata.setdefault(key, value)
        text = text[front.end() :]
    _expand(state, text, shown, start, (*stack, path))


def _metadata(block: str) -> dict[str, Any]:
    """An included file's front matter as a mapping ({} when it is not one it can read)."""
    import yaml

    from .sources import _FrontMatterLoader

    lines = block.rstrip().splitlines()[1:-1]
    try:
        data = yaml.load("\n".join(lines), Loader=_FrontMatterLoader)
    except (yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _rel(path: Path, root: Path) -> str:
    """`path` relative to the site root, POSIX style, as every message names files."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
