"""The default theme's palettes as fix-ups over its own stylesheet: a page kept to one scheme
(a theme with one variant), and the light/dark toggle's stylesheet for the reader's choice.
Kept apart from theme compiling: every build showing the toggle needs these, few need that."""

from __future__ import annotations

import re
from collections.abc import Callable

LIGHT_ONLY = ':root[data-theme-scheme="light"]'
DARK_ONLY = ':root[data-theme-scheme="dark"]'
NOT_DARK = "@media print, not all and (prefers-color-scheme: dark)"
DARK = "@media screen and (prefers-color-scheme: dark)"


_ROOT = re.compile(r"^:root \{\n(.*?)^\}", re.S | re.M)
_DARK_ROOT = re.compile(
    r"^@media screen and \(prefers-color-scheme: dark\) \{\s*:root \{\n(.*?)^  \}", re.S | re.M
)


def scheme_fixups(style_css: str, scheme: str, highlight: Callable[[str], str]) -> str:
    """What keeps a page to one scheme over the default theme: the light palette even in a
    dark browser, or the dark palette even in a light one (read from the theme's own
    stylesheet, so they never drift apart), and the code highlighting of that scheme
    (`highlight("light")` gives its rules, each starting `.highlight`)."""
    if scheme == "light":
        palette = _palette(_ROOT.search(style_css))
        rules = _prefixed(highlight("light"), LIGHT_ONLY)
        return (
            f"{LIGHT_ONLY} {{ color-scheme: light; }}\n"
            f"{DARK} {{\n{LIGHT_ONLY} {{\n{palette}}}\n{rules}}}\n"
        )
    if scheme == "dark":
        palette = _palette(_DARK_ROOT.search(style_css))
        rules = _prefixed(highlight("dark"), DARK_ONLY)
        return (
            f"{DARK_ONLY} {{ color-scheme: dark; }}\n"
            f"{NOT_DARK} {{\n{DARK_ONLY} {{\n{palette}}}\n{rules}}}\n"
        )
    return ""


# The reader's choice, which the toggle's script puts on `<html>`: `:where()` keeps the
# specificity of `:root`, so a theme's own palette, linked later, still wins over these.
CHOSEN_LIGHT = ':root:where([data-theme-scheme="light"])'
CHOSEN_DARK = ':root:where([data-theme-scheme="dark"])'


def toggle_fixups(style_css: str, highlight: Callable[[str], str]) -> str:
    """The stylesheet of the light/dark toggle (`assets/scheme.css`): the default theme's light
    palette and code colours when the reader chose light in a dark browser, its dark ones when
    they chose dark in a light browser (read from the theme's own stylesheet). Paper keeps the
    light palette whatever was chosen."""
    light = _palette(_ROOT.search(style_css))
    dark = _palette(_DARK_ROOT.search(style_css))
    return (
        f"{CHOSEN_LIGHT} {{ color-scheme: light; }}\n"
        f"@media screen {{ {CHOSEN_DARK} {{ color-scheme: dark; }} }}\n"
        f"{DARK} {{\n{CHOSEN_LIGHT} {{\n{light}}}\n"
        f"{_prefixed(highlight('light'), CHOSEN_LIGHT)}}}\n"
        f"@media screen and (prefers-color-scheme: light) {{\n"
        f"{CHOSEN_DARK} {{\n{dark}}}\n"
        f"{_prefixed(highlight('dark'), CHOSEN_DARK)}}}\n"
    )


def _palette(found: re.Match[str] | None) -> str:
    """The declarations of a palette block of the default theme, without its `color-scheme`
    (the fix-ups set the one kept or chosen)."""
    text = found.group(1) if found else ""
    return "".join(
        line
        for line in text.splitlines(keepends=True)
        if not line.strip().startswith("color-scheme")
    )


def _prefixed(rules: str, selector: str) -> str:
    """Highlighting rules scoped under `selector` (which wins over the unscoped ones)."""
    return "".join(f"{selector} {line}\n" for line in rules.splitlines() if line.strip())
