"""Quarto's `highlight-style` (and its newer name `syntax-highlighting`) as Pygments styles,
and the stylesheet that applies a light and dark pair over the default theme's own code
colours.

Quarto highlights with skylighting's themes; quizsite highlights with Pygments. Each Quarto
name maps to the Pygments style of the same name where there is one, else to the nearest
(named in `_QUARTO`); the adaptive names (`a11y`, `github`, `gruvbox`, ...) give a light and a
dark style, which the page shows by the reader's colour scheme, as Quarto does."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pygments.formatters import HtmlFormatter
from pygments.styles import get_all_styles, get_style_by_name
from pygments.token import Token
from pygments.util import ClassNotFound

# Quarto's names, as (light, dark) Pygments styles. Adaptive names give two; a single name is
# used in both schemes, as Quarto uses it. Where Pygments (with accessible-pygments, which
# brings the a11y and GitHub styles) has no port of a skylighting theme, the nearest in
# spirit: `arrow`, Quarto's accessible default, takes the a11y pair.
_QUARTO: dict[str, tuple[str, str]] = {
    "a11y": ("a11y-light", "a11y-dark"),
    "a11y-dark": ("a11y-dark", "a11y-dark"),
    "arrow": ("a11y-light", "a11y-dark"),
    "arrow-light": ("a11y-light", "a11y-light"),
    "arrow-dark": ("a11y-dark", "a11y-dark"),
    "atom-one": ("xcode", "one-dark"),
    "atom-one-light": ("xcode", "xcode"),
    "atom-one-dark": ("one-dark", "one-dark"),
    "ayu": ("autumn", "material"),
    "ayu-light": ("autumn", "autumn"),
    "ayu-dark": ("material", "material"),
    "ayu-mirage": ("material", "material"),
    "breeze": ("default", "native"),
    "breeze-light": ("default", "default"),
    "breezedark": ("native", "native"),
    "breeze-dark": ("native", "native"),
    "github": ("github-light", "github-dark"),
    "github-light": ("github-light", "github-light"),
    "gruvbox": ("gruvbox-light", "gruvbox-dark"),
    "pygments": ("default", "default"),
    "espresso": ("coffee", "coffee"),
    "kate": ("default", "default"),
    "monochrome": ("bw", "bw"),
    "haddock": ("vs", "vs"),
    "oblivion": ("fruity", "fruity"),
    "printing": ("bw", "bw"),
    "radical": ("paraiso-dark", "paraiso-dark"),
    "solarized": ("solarized-light", "solarized-dark"),
    "vim-dark": ("vim", "vim"),
}


def style_pair(value: object) -> tuple[str, str] | str:
    """The (light, dark) Pygments styles a `highlight-style` value names (a name, or a
    mapping with `light` and `dark`), or the reason it cannot be applied."""
    if isinstance(value, dict):
        light, dark = _one(value.get("light")), _one(value.get("dark"))
        if isinstance(light, str) or isinstance(dark, str):
            return light if isinstance(light, str) else str(dark)
        return (light[0], dark[1])
    return _one(value)


def _one(value: object) -> tuple[str, str] | str:
    """The pair one style name gives, or why it gives none."""
    if not isinstance(value, str) or not value.strip():
        return "give a style name such as github, a11y or monokai"
    name = value.strip()
    if name.endswith(".theme"):
        return f"the theme file {name} is not read (quizsite highlights with Pygments)"
    if name.lower() in _QUARTO:
        return _QUARTO[name.lower()]
    if name.lower() in _pygments_names():
        return (name.lower(), name.lower())
    return f"unknown highlighting style {name!r}"


@lru_cache(maxsize=1)
def _pygments_names() -> frozenset[str]:
    """Every installed Pygments style's name."""
    return frozenset(get_all_styles())


# What the default theme's own code colours are scoped under is beaten by one more element
# and attribute test: the page keeps to the author's style. The light style in a light
# browser (and on paper), the dark one in a dark browser, unless the page keeps to one scheme
# (`data-theme-scheme`, look.py), whose style it then shows in every browser.
_LIGHT = 'html:not([data-theme-scheme="dark"]) pre.highlight'
_DARK = 'html:not([data-theme-scheme="light"]) pre.highlight'


@lru_cache(maxsize=16)
def highlight_css(pair: tuple[str, str], page: bool = False) -> str:
    """The stylesheet applying a (light, dark) pair of Pygments styles to code blocks. A pair
    of two styles keeps the page's own code background, as Quarto ignores an adaptive
    theme's backgrounds; one style for both schemes brings its own."""
    light, dark = pair
    own = light == dark
    # A page's own style is linked after the site's: one more class in each selector (the
    # block's, twice) puts its rules, its reset of uncoloured tokens included, over the site's.
    block = "pre.highlight.highlight" if page else "pre.highlight"
    return (
        "@media print, not all and (prefers-color-scheme: dark) {\n"
        f"{_rules(light, _LIGHT.replace('pre.highlight', block), own)}}}\n"
        "@media screen and (prefers-color-scheme: dark) {\n"
        f"{_rules(dark, _DARK.replace('pre.highlight', block), own)}}}\n"
        + _rules(light, f'html[data-theme-scheme="light"] {block}', own)
        + _rules(dark, f'html[data-theme-scheme="dark"] {block}', own)
    )


def _text_colour(styles: Mapping[Any, str], background: str) -> str:
    """The colour of plain text in a style: its own (of all tokens, of text, of names), else
    near black or near white, whichever reads on its background."""
    for token in (Token, Token.Text, Token.Name):
        found = next((w for w in str(styles.get(token, "")).split() if w.startswith("#")), "")
        if found:
            return found
    digits = background.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    try:
        red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "inherit"
    return "#1e1e1e" if 0.299 * red + 0.587 * green + 0.114 * blue > 128 else "#f8f8f2"


def _rules(name: str, scope: str, background: bool = True) -> str:
    """One style's rules under `scope`: its text colour on the block, and its background
    (the scroll shade's cover too) when `background`; its token colours, and its highlighted
    lines."""
    try:
        style = get_style_by_name(name)
    except ClassNotFound:  # checked when read; a style uninstalled since leaves the theme's
        return ""
    fill = str(style.background_color)
    base = f"color: {_text_colour(style.styles, fill)};"
    if background:  # an author's code-block-bg still wins
        base += f" background-color: var(--code-block-bg, {fill});"
        base += f" --scroll-cover: var(--code-block-cover, {fill});"
    defs = HtmlFormatter(style=name).get_style_defs(scope)  # type: ignore[no-untyped-call]
    tokens = [
        line
        for line in defs.splitlines()
        if line.startswith(scope + " .")  # not the block's own `background:` shorthand
    ]
    # Tokens the style leaves uncoloured take its text colour, not the theme's palette (a
    # light theme's dark text on a dark style's background); `:where` keeps this below the
    # style's own token rules and above the theme's.
    inherit = (
        f"{scope} :where(span[class]) {{ color: inherit; }}\n"
        f"{scope} .linenos {{ color: inherit; opacity: 0.6; }}\n"  # on the style's background
    )
    return f"{scope} {{ {base} }}\n{inherit}" + "\n".join(tokens) + "\n"
