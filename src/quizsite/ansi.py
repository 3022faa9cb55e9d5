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


def _apply(codes: str, classes: dict[str, str]) -> None:
    """Update the current classes by one SGR sequence's codes."""
    numbers = [int(c) if c.isdigit() else 0 for c in codes.split(";")] if codes else [0]
    i = 0
    while i < len(numbers):
        code = numbers[i]
        if code == 0:
            classes.clear()
        elif code == 1:
            classes["bold"] = "ansi-bold"
        elif code == 3:
            classes["italic"] = "ansi-italic"
        elif code == 4:
            classes["underline"] = "ansi-underline"
        elif code in (22, 23, 24):
            classes.pop({22: "bold", 23: "italic", 24: "underline"}[code], None)
        elif 30 <= code <= 37 or 90 <= code <= 97:
            bright = "-intense" if code >= 90 else ""
            classes["fg"] = f"ansi-{_COLOURS[code % 10]}{bright}-fg"
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bright = "-intense" if code >= 100 else ""
            classes["bg"] = f"ansi-{_COLOURS[code % 10]}{bright}-bg"
        elif code == 39:
            classes.pop("fg", None)
        elif code == 49:
            classes.pop("bg", None)
        elif code in (38, 48):  # 256-colour and true colour: skip their arguments
            i += 2 if i + 1 < len(numbers) and numbers[i + 1] == 5 else 4
        i += 1
