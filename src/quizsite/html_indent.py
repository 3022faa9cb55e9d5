"""Tags indented inside raw HTML, as Pandoc reads them: an HTML element's content is read under
the indentation of its first line (Pandoc gobbles it), so in

    <details class="course-card">
        <summary>AI 2010</summary>

        <div class="course-body">

the `<div>` line after the blank line stays a tag. CommonMark ends the HTML block at the
blank line and reads a tag line indented four spaces or more as an indented code block, so
the tags showed as code. This pass, before block parsing, takes the element's indentation off
such a line (a tag line after a blank line, inside an element a tag line opened and has not
closed); HTML does not mind the spaces, and no line moves.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from functools import partial

from markdown_it.rules_core import StateCore

from .patterns import compile_later

# A blank line, then a tag indented four spaces or more: the only documents this pass reads.
_AT_RISK = re.compile(r"\n[ \t]*\n {4,}</?[A-Za-z]")
# CommonMark's block-level tags (an HTML block of its kind 6), opening or closing.
_BLOCK_TAG = re.compile(
    r"<(/?)(?:address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figure"
    r"|footer|form|header|main|nav|ol|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b"
    r"[^>]*?(/?)>",
    re.I,
)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_RAW_HTML = re.compile(r" {0,3}(?:`{3,}|~{3,})\s*\{=html\}\s*$")


def indented_tags(state: StateCore) -> None:
    """Fill the elements whose Markdown is in `data-qmd` (`qmd_attributes`), then take the
    indentation of its element off each tag line Pandoc reads inside it."""
    if "<" not in state.src:
        return
    if "data-qmd" in state.src:
        qmd_attributes(state)
    if _AT_RISK.search(state.src) is None:
        return
    lines = state.src.split("\n")
    levels: list[int] = []  # each open element's indentation, innermost last
    fence = ""
    for n, line in enumerate(lines):
        fence, in_code = _fenced(line, fence)
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if in_code or not stripped.startswith("<") or (not levels and indent >= 4):
            continue  # code, text, or an indented code block outside any element
        if levels and indent >= 4 and n > 0 and not lines[n - 1].strip():
            lines[n] = " " * (indent - min(indent, levels[-1])) + stripped
        _track(levels, stripped, lines[n + 1] if n + 1 < len(lines) else "")
    state.src = "\n".join(lines)


def _track(levels: list[int], line: str, following: str) -> None:
    """Push the indentation of each element the tag line opens (its next line's), pop one for
    each it closes."""
    for opened in _changes(line):
        if opened:
            levels.append(_indentation(following))
        elif levels:
            levels.pop()


def _fenced(line: str, fence: str) -> tuple[str, bool]:
    """The code fence open after `line` ("" for none), and whether the line is a fence's."""
    marker = _FENCE.match(line)
    if fence:
        return ("" if marker and marker.group(1).startswith(fence) else fence), True
    return (marker.group(1)[:3], True) if marker else ("", False)


def _indentation(line: str) -> int:
    """The spaces a line opens with; none for a blank line (Pandoc's gobbled indentation)."""
    return len(line) - len(line.lstrip(" ")) if line.strip() else 0


def _changes(line: str) -> list[bool]:
    """The block elements a tag line opens (True) and closes (False), in order."""
    return [not m.group(1) for m in _BLOCK_TAG.finditer(line) if not m.group(2)]


# An empty element whose Markdown is in its `data-qmd` (or `data-qmd-base64`) attribute, as
# Quarto reads one in raw HTML tables: `<span data-qmd="_Header 1_"></span>`.
_DATA_QMD = compile_later(
    r"""<([A-Za-z][\w-]*)([^<>]*?)\sdata-qmd(-base64)?=(["'])(.*?)\4([^<>]*)>\s*</\1\s*>"""
)


def qmd_attributes(state: StateCore) -> None:
    """(Called by `indented_tags` for a text holding `data-qmd`.) Put each empty element's `data-qmd` Markdown inside it, on its line, as Quarto fills
    such an element: in HTML blocks for the reading of Markdown there (html_blocks.py) to
    render, inside a raw `{=html}` block rendered here; other code lines are left as they are."""
    lines = state.src.split("\n")
    fence, raw = "", False
    for n, line in enumerate(lines):
        opening = not fence
        fence, in_code = _fenced(line, fence)
        if opening and fence:  # this line opens a fence: is it a raw HTML block?
            raw = _RAW_HTML.match(line) is not None
            continue
        inside_raw = in_code and raw and bool(fence)
        if "data-qmd" in line and (not in_code or inside_raw):
            render = state.md.renderInline if inside_raw else None
            lines[n] = _DATA_QMD.sub(partial(_filled, render=render), line)
            if render and "quarto-unresolved-ref" in lines[n]:
                _unresolved(state, n)
    state.src = "\n".join(lines)


def _unresolved(state: StateCore, line: int) -> None:
    """A warning at a raw HTML block's line whose `data-qmd` cross-reference is shown as
    `?@x`: rendered apart from the document, it finds none of its targets."""
    from .citations import DIAGNOSTICS_KEY
    from .errors import warning

    state.env.setdefault(DIAGNOSTICS_KEY, []).append(
        warning(
            "",
            line,
            "a cross-reference in data-qmd inside a raw HTML block is not resolved: shown as ?@",
            "write the reference outside the {=html} block",
        )
    )


def _filled(found: re.Match[str], render: Callable[[str], str] | None) -> str:
    """One element with its attribute's Markdown as its content (as HTML when `render` is
    given), on one line."""
    tag, before, coded, value, after = found[1], found[2], found[3], found[5], found[6]
    if coded:
        try:
            text = base64.b64decode(value, validate=True).decode("utf-8")
        except ValueError:
            return found[0]
    else:
        text = html.unescape(value)
    text = " ".join(text.splitlines())
    return f"<{tag}{before}{after}>{render(text) if render else text}</{tag}>"
