"""Quarto's unexecuted cells: a fence opened with doubled braces (```` ```{{python}} ````) is
documentation, shown and never run, as the cell it spells with single braces, its fence lines
and `#|` options included; inside another fence's code an opener written with doubled braces
is shown with one pair fewer, as Quarto unescapes it."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from .marks import holds
from .patterns import compile_later

# A line of code opening a fence whose info is wrapped in a doubled pair of braces.
_NESTED_OPENER = compile_later(r"^([ \t]*`{3,}[ \t]*)\{(\{[^\n]*\})\}[ \t]*$", re.MULTILINE)


def escaped_cells_plugin(md: MarkdownIt) -> None:
    """Unexecuted cells, read before any rule that looks at a fence's language or options."""
    md.core.ruler.after("block", "escaped_cells", _escaped_cells)


def _escaped_cells(state: StateCore) -> None:
    """Make each doubled-brace fence a plain code block showing its cell, and unescape the
    doubled-brace openers inside other fences."""
    if not holds(state.src, "{{"):
        return
    for token in state.tokens:
        if token.type != "fence":
            continue
        info = token.info.strip()
        if info.startswith("{{") and info.endswith("}}"):
            # No language: the block shows Markdown source, not code of the cell's language.
            token.content = f"{token.markup}{info[1:-1]}\n{token.content}{token.markup}\n"
            token.info = ""
        elif "{{" in token.content:
            token.content = _NESTED_OPENER.sub(r"\1\2", token.content)
