"""YAML text as Quarto's reader takes it: a line of only tabs (and spaces), or a comment after
a tab, is no error.

Quarto reads YAML with js-yaml (YAML 1.2), where a tab may separate a comment from the start of
its line; PyYAML stops there ("found character '\\t' that cannot start any token"), so a
`_quarto.yml` with `\\t# image-alt: ...` failed to build. Such lines say nothing: they are
blanked, each kept as a line so every error still points at its own line. Only lines that
start with a tab are touched: inside a block scalar (indented by spaces) a tab is content.

js-yaml also takes a tab as the space between the parts of a line (`image: logo.png<TAB>` at
the end of a line, `key:<TAB>value`, before a comment), where PyYAML stops just the same. Such
a tab after a line's first character is read as a space, or dropped at the line's end: a tab
inside a quoted value or a block scalar's line would be a space too, a small change where a
whole site would otherwise fail.
"""

from __future__ import annotations

import re

_TAB_LINE = re.compile(r"^\t[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
# Blanks holding a tab after a line's first character, and the line's end if they reach it.
_INNER_TAB = re.compile(r"(?<=[^\s])[ \t]*\t[ \t]*(\n|\Z)?")


def _spaced(match: re.Match[str]) -> str:
    """The blanks as spaces, or nothing at the end of a line."""
    end = match.group(1)
    return end if end is not None else " " * len(match.group())


def yaml_source(text: str) -> str:
    """`text` with the lines that start with a tab and hold nothing but a comment blanked, and
    the tabs between a line's parts read as spaces."""
    if "\t" not in text:
        return text
    return _INNER_TAB.sub(_spaced, _TAB_LINE.sub("", text))
