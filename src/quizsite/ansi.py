"""Terminal colour codes (ANSI SGR escapes) in tracebacks and output as styled HTML spans."""

from __future__ import annotations

import re
from html import escape

# Every escape sequence: the SGR ones (`ESC[...m`) are read, all others dropped.
_ESCAPE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|\x1b[()][A-Za-z0-9]|\x1b.")
_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


def ansi_to_html(text: str) -> str:
    """`text` escaped for HTML, its colour and bold codes as `<span class="ansi-…">`."""
    if "\x1b" not in text:
        return escape(text)
    out: list[str] = []
    classes: dict[str, str] = {}  # fg, bg, bold, underline, italic -> class
    position = 0
    for match in _ESCAPE.finditer(text):
        out.append(_span(escape(text[position : match.start()]), classes))
        position = match.end()
        if match.group(2) == "m":
            _apply(match.group(1), classes)
    out.append(_span(escape(text[position:]), classes))
    return "".join(out)


def plain_text(text: str) -> str:
    """`text` without its escape codes."""
    return _ESCAPE.sub("", text) if "\x1b" in text else text


def _span(html: str, classes: dict[str, str]) -> str:
    """`html` in a span of the current classes (bare when there are none)."""
    if not html or not classes:
        return html
    return f'<span class="{" ".join(classes.values())}">{html}</span>'


# Codes that set a style, and codes that end one (by the slot they clear).
_STYLES = {
    1: ("bold", "ansi-bold"),
    3: ("italic", "ansi-italic"),
    4: ("underline", "ansi-underline"),
}
_ENDS = {22: "bold", 23: "italic", 24: "underline", 39: "fg", 49: "bg"}
# The colour ranges: first code, slot, and the class suffix of bright colours.
_RANGES = ((30, "fg", ""), (90, "fg", "-intense"), (40, "bg", ""), (100, "bg", "-intense"))


def _apply(codes: str, classes: dict[str, str]) -> None:
    """Update the current classes by one SGR sequence's codes."""
    numbers = [int(c) if c.isdigit() else 0 for c in codes.split(";")] if codes else [0]
    i = 0
    while i < len(numbers):
        code = numbers[i]
        if code in (38, 48):  # 256-colour and true colour: skip their arguments
            i += 3 if i + 1 < len(numbers) and numbers[i + 1] == 5 else 5
            continue
        _apply_one(code, classes)
        i += 1


def _apply_one(code: int, classes: dict[str, str]) -> None:
    """Update the current classes by one SGR code (codes with no class are ignored)."""
    if code == 0:
        classes.clear()
    elif code in _STYLES:
        slot, name = _STYLES[code]
        classes[slot] = name
    elif code in _ENDS:
        classes.pop(_ENDS[code], None)
    else:
        for first, slot, bright in _RANGES:
            if first <= code <= first + 7:
                classes[slot] = f"ansi-{_COLOURS[code - first]}{bright}-{slot}"
