"""Quarto's page-level HTML options as quizsite applies them: where the table of contents sits
(`toc-location`), and the switches the page script (`page.js`) reads from the article's data
attributes: anchor links on headings and hover previews (both on by default, as in a Quarto
website), outside links marked or opened in a new window, and images opened in a lightbox.

Each is read once per document at parse time; a post that sets none of them has no options
(`None`), so its page costs one test in the template."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup, escape

from .patterns import compile_later

if TYPE_CHECKING:
    from .appendix import Appendix
    from .ui_words import UiWords

# Where Quarto can put the table of contents; "right" is its default.
TOC_LOCATIONS = ("right", "left", "body", "left-body", "right-body")
# The hover previews Quarto shows by default, by the option that turns each off.
HOVERS = {
    "footnotes-hover": "footnotes",
    "citations-hover": "citations",
    "crossrefs-hover": "crossrefs",
}

# Every option read here (and by appendix.py, margin_notes.py and end_notes.py).
_KEYS = frozenset(
    {
        "toc-location",
        "toc-expand",
        "reference-location",
        "citation-location",
        "anchor-sections",
        *HOVERS,
        "link-external-icon",
        "link-external-newwindow",
        "link-external-filter",
        "lightbox",
        "license",
        "copyright",
        "citation",
        "appendix-style",
        "grid",
    }
)

Warn = Callable[[str, str, str], None]  # (key, message, hint): a warning at the key's line


class PageOptions(NamedTuple):
    """What a document asks of its page beyond its body (see the module's docstring)."""

    toc_location: str = "right"
    toc_expand: str = ""  # `toc-expand`: levels shown beside the text ("all"; "": Quarto's 1)
    attrs: str = ""  # the article's data attributes (escaped), read by page.js
    appendix: Appendix | None = None  # license, copyright, citation: under the body
    grid_style: str = ""  # `grid:` widths as the layout's CSS variables ("" for the theme's)
    words: UiWords | None = None  # the words its page prints, when not English (ui_words.py)

    @property
    def no_margin(self) -> bool:
        """Whether `grid: margin-width` is zero: the margin column, and a table of contents
        placed there, has no room (Quarto's page shows none)."""
        return _NO_MARGIN.search(self.grid_style) is not None

    @property
    def article_attrs(self) -> Markup:
        """The data attributes, as the template writes them into the article's tag."""
        return Markup(self.attrs)


def page_options(
    data: Mapping[str, Any], warn: Warn, words: UiWords | None = None
) -> PageOptions | None:
    """The page options a document's merged metadata sets, and the words of its language;
    None when it sets none of them and is in English."""
    if words is None and data.keys().isdisjoint(_KEYS):  # most documents: one set operation
        return None
    from .appendix import read_appendix

    toc_location = _toc_location(data, warn)
    toc_expand = _toc_expand(data.get("toc-expand"), warn)
    _note_locations(data, warn)
    attrs = "".join(
        (
            _switch_attr(data, "anchor-sections", warn, off=" data-no-anchors"),
            _hover_attr(data, warn),
            _switch_attr(data, "link-external-icon", warn, on=" data-external-icon"),
            _switch_attr(data, "link-external-newwindow", warn, on=" data-external-newwindow"),
            _external_filter(data, warn),
            _lightbox_attr(data, warn),
        )
    )
    appendix = read_appendix(data, warn, words)
    grid = _grid_style(data.get("grid"), warn)
    if toc_location == "right" and not (toc_expand or attrs or appendix or grid or words):
        return None
    return PageOptions(toc_location, toc_expand, attrs, appendix, grid, words)


def _toc_location(data: Mapping[str, Any], warn: Warn) -> str:
    """`toc-location`, one of Quarto's five places ("right" when unset or not one of them)."""
    value = data.get("toc-location")
    if value is None:
        return "right"
    if isinstance(value, str) and value.strip() in TOC_LOCATIONS:
        return value.strip()
    warn(
        "toc-location",
        f"'toc-location' must be one of {', '.join(TOC_LOCATIONS)}: the table of contents "
        "stays on the right",
        "toc-location: left",
    )
    return "right"


def _toc_expand(value: object, warn: Warn) -> str:
    """`toc-expand`: how many levels the table beside the text shows before the reader
    scrolls into a section ("all" for true; false shows the top level, as 1 does)."""
    if value is None:
        return ""
    if value is True:
        return "all"
    if value is False:
        return "1"
    if isinstance(value, int) and 1 <= value <= 6:
        return str(value)
    warn(
        "toc-expand",
        "'toc-expand' must be true, false or a level from 1 to 6: it is left out",
        "toc-expand: 2",
    )
    return ""


def _note_locations(data: Mapping[str, Any], warn: Warn) -> None:
    """Warn of a `reference-location` or `citation-location` Quarto does not know (each
    place is applied by margin_notes.py and end_notes.py)."""
    for key, known in (
        ("reference-location", ("document", "section", "block", "margin")),
        ("citation-location", ("document", "margin")),
    ):
        value = data.get(key)
        if value is None or value in known:
            continue
        warn(key, f"'{key}' must be one of {', '.join(known)}: it is left out", f"{key}: margin")


# `grid:` widths, as the theme's CSS variables: the text column, the margin column, the side
# table of contents.
_GRID = {"body-width": "--measure", "margin-width": "--sidebar", "sidebar-width": "--toc-side"}
_NO_MARGIN = compile_later(r"--sidebar: 0+(?:\.0+)?(?:px|rem|em);")
_LENGTH = compile_later(r"\d+(?:\.\d+)?(?:px|rem|em)")


def _grid_style(value: object, warn: Warn) -> str:
    """`grid:` as CSS variables on the page's layout; a width that is not a length, or
    `gutter-width` (the theme's gaps are fixed), is a warning."""
    if value is None:
        return ""
    if not isinstance(value, dict):
        warn(
            "grid",
            "'grid' must set body-width, margin-width or sidebar-width: it is left out",
            "grid:\n  body-width: 800px",
        )
        return ""
    style = []
    for key, width in value.items():
        text = str(width).strip()
        if key in _GRID and _LENGTH.fullmatch(text):
            style.append(f"{_GRID[key]}: {text};")
            continue
        if key == "content-mode":
            _content_mode(text, warn)
            continue
        if key == "gutter-width":
            problem = "is not applied: the theme's gaps stay"
        elif key in _GRID:
            problem = "must be a length in px, rem or em: it is left out"
        else:
            problem = "is not one of Quarto's grid widths: it is left out"
        warn("grid", f"'grid: {key}' {problem}", "grid:\n  body-width: 800px")
    return " ".join(style)


# Quarto's content grids (`grid: content-mode`): `auto` (its default) and `standard` keep the
# body beside a margin column, as the default theme's layout always does.
_CONTENT_MODES = ("auto", "standard", "full", "slim")


def _content_mode(mode: str, warn: Warn) -> None:
    """Warn of a `grid: content-mode` the default theme's layout does not follow (`full`,
    `slim`) or that Quarto does not know."""
    if mode in ("auto", "standard"):
        return
    if mode in _CONTENT_MODES:
        message = (
            f"'grid: content-mode: {mode}' is not supported by quizsite: the page keeps the "
            "theme's standard grid (the body beside a margin column)"
        )
        hint = "remove it to silence this warning, or set grid: body-width"
    else:
        message = (
            f"'grid: content-mode' must be one of {', '.join(_CONTENT_MODES)}: {mode!r} is left out"
        )
        hint = "grid:\n  content-mode: standard"
    warn("grid", message, hint)


def _boolean(data: Mapping[str, Any], key: str, warn: Warn) -> bool | None:
    """A true/false option's value (None when unset, or set to something else, with a warning)."""
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return value
    warn(key, f"'{key}' must be true or false: it is left out", f"{key}: true")
    return None


def _switch_attr(
    data: Mapping[str, Any], key: str, warn: Warn, *, on: str = "", off: str = ""
) -> str:
    """The attribute for a true/false option: `on` when it is true, `off` when false."""
    value = _boolean(data, key, warn)
    return "" if value is None else (on if value else off)


def _hover_attr(data: Mapping[str, Any], warn: Warn) -> str:
    """The previews turned off (`footnotes-hover: false`...), named in `data-no-hover`."""
    off = [kind for key, kind in HOVERS.items() if _boolean(data, key, warn) is False]
    return f' data-no-hover="{" ".join(off)}"' if off else ""


def _external_filter(data: Mapping[str, Any], warn: Warn) -> str:
    """`link-external-filter`: a regular expression of the URLs that are not outside links."""
    value = data.get("link-external-filter")
    if value is None:
        return ""
    if isinstance(value, str) and value.strip():
        return f' data-external-filter="{escape(value.strip())}"'
    warn(
        "link-external-filter",
        "'link-external-filter' must be a regular expression: it is left out",
        "link-external-filter: '^(?:http:|https:)\\/\\/www\\.example\\.com\\/'",
    )
    return ""


def _lightbox_attr(data: Mapping[str, Any], warn: Warn) -> str:
    """`lightbox: true` or `auto`: every figure and picture on its own opens in a lightbox
    (images with the `lightbox` class always do; `false` turns that off too)."""
    value = data.get("lightbox")
    if value is None:
        return ""
    if value is True or value == "auto":
        return ' data-lightbox="auto"'
    if value is False:
        return ' data-lightbox="none"'
    if isinstance(value, dict):  # Quarto's options: `match: auto` as `auto`, else by class
        return ' data-lightbox="auto"' if value.get("match") == "auto" else ""
    warn("lightbox", "'lightbox' must be true, false or auto: it is left out", "lightbox: true")
    return ""
