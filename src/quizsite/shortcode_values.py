"""The value a `meta` or `var` shortcode names: found at its dotted key, shown as text (the
document's shortcodes, shortcodes.py, and those in metadata values share these)."""

from __future__ import annotations

import re


def dig(data: object, key: str) -> object:
    """The value at a dotted key (`a.b`, `authors.1`, `\\.` a literal dot), None if absent."""
    value: object = data
    for part in re.split(r"(?<!\\)\.", key):
        part = part.replace("\\.", ".")
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and 1 <= int(part) <= len(value):
            value = value[int(part) - 1]  # Quarto counts list items from 1
        else:
            return None
    return value


def as_text(value: object) -> str | None:
    """A metadata value as the text Quarto shows for it, None for mappings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list):
        items = [as_text(v) for v in value]
        return None if any(i is None for i in items) else ", ".join(i or "" for i in items)
    if value is None:
        return ""
    return None if isinstance(value, dict) else str(value)
