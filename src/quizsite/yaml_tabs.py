"""YAML text as Quarto's reader takes it: a line of only tabs (and spaces), or a comment after
a tab, is no error.

Quarto reads YAML with js-yaml (YAML 1.2), where a tab may separate a comment from the start of
its line; PyYAML stops there ("found character '\\t' that cannot start any token"), so a
`_quarto.yml` with `\\t# image-alt: ...` failed to build. Such lines say nothing: they are
blanked, each kept as a line so every error still points at its own line. Only lines that
start with a tab are touched: inside a block scalar (indented by spaces) a tab is content.
"""

from __future__ import annotations

import re

_TAB_LINE = re.compile(r"^\t[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def yaml_source(text: str) -> str:
    """`text` with the lines that start with a tab and hold nothing but a comment blanked."""
    if "\n\t" not in text and not text.startswith("\t"):
        return text
    return _TAB_LINE.sub("", text)
