"""A Quarto `listing:` read as Quarto reads it: each listing's options with Quarto's defaults
(page size, fields and sort by type; the reader's tools on for tables), and a warning at the
option's line for each value quizsite cannot use."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Diagnostic, warning
from .metadata import strftime_pattern

TYPES = ("default", "grid", "table")
# Quarto's page sizes when `page-size` is not given (its listing reader sets them by type; the
# 50 in its script is only the fallback for a listing that has none).
PAGE_SIZES = {"default": 25, "grid": 18, "table": 30}
# The fields each type shows unless `fields` says otherwise (Quarto's defaults).
DEFAULT_FIELDS = {
    "default": ("date", "title", "author", "subtitle", "image", "description"),
    "grid": ("title", "author", "date", "image", "description"),
    "table": ("date", "title", "author"),
}
# The fields a reader may sort by unless `sort-ui` names them (those shown, for a table).
SORTABLE = ("title", "date", "author", "filename", "file-modified")
FIELD_TYPES = {
    "date": "date",
    "file-modified": "date",
    "date-modified": "date",
    "reading-time": "minutes",
    "word-count": "number",
}
KNOWN_TYPES = frozenset({"date", "number", "minutes", "string"})
CATEGORY_STYLES = {True: "numbered", "numbered": "numbered", "default": "numbered"}
CATEGORY_STYLES.update({"unnumbered": "unnumbered", "cloud": "cloud"})
# Options quizsite reads; any other key is a warning.
OPTIONS = frozenset(
    {"id", "type", "contents", "sort", "max-items", "categories", "fields", "feed", "page-size"}
    | {"sort-ui", "filter-ui", "date-format", "grid-columns", "grid-item-border"}
    | {"grid-item-align", "image-height", "image-placeholder", "image-align"}
    | {"image-lazy-loading", "max-description-length", "field-display-names", "field-types"}
    | {"field-links", "field-required", "table-striped", "table-hover", "include", "exclude"}
    | {"template", "template-params"}
)
# A CSS length (or `auto`), so `image-height` goes into a style attribute as nothing else.
_LENGTH = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)(?:px|em|rem|%|vh|vw|ch|ex|pt|cm|mm|in)|0|auto")

Pairs = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Listing:
    """One listing of a page, as read from its front matter, with Quarto's defaults."""

    ident: str
    kind: str  # "default", "grid" or "table"
    contents: tuple[Any, ...]  # paths or patterns from the page's folder, or items (mappings)
    # (field, descending) keys; () keeps the contents' order; None: Quarto's default (by
    # `order`, then title, for listings of documents)
    sort: tuple[tuple[str, bool], ...] | None
    max_items: int | None
    categories: str  # "" (none), "numbered", "unnumbered" or "cloud"
    fields: tuple[str, ...] | None  # None: the type's defaults
    feed: bool = False  # an RSS feed of the listed posts beside the page (`blog.xml`)
    page_size: int = 25
    sort_ui: tuple[str, ...] | bool = False  # a list: the fields a reader may sort by
    filter_ui: tuple[str, ...] | bool = False  # a list: the fields the filter box searches
    date_format: str = ""  # strftime; "" for the page's own, or Quarto's `medium`
    grid_columns: int = 3
    grid_item_border: bool = True
    grid_item_align: str = "left"
    image_height: str = ""  # a CSS length; "" for the type's own
    image_placeholder: str = ""
    image_align: str = "right"
    image_lazy: bool = True
    max_description_length: int | None = None  # None: Quarto's (175 for grids and excerpts)
    display_names: Pairs = ()
    field_types: Pairs = ()
    field_links: tuple[str, ...] | None = None  # None: title (and filename) in tables
    field_required: tuple[str, ...] = ()
    table_striped: bool = False
    table_hover: bool = False
    include: Pairs = ()  # field → value or values (strings as globs)
    exclude: Pairs = ()
    feed_items: int | None = None  # `feed: {items: n}`
    feed_title: str = ""  # `feed: {title: …}`; "" for the page's title
    feed_categories: tuple[str, ...] = ()  # `feed: {categories: [R]}`: a feed for each
    feed_type: str = "full"  # `feed: {type: …}`: full, partial or metadata (Quarto's RSS)
    feed_description: str = ""  # `feed: {description: …}`; "" for the page's, the site's
    feed_language: str = ""  # `feed: {language: …}`; "" leaves it out
    says_categories: bool = False  # whether it sets `categories` (the first that does decides)

    def type_of(self, field: str) -> str:
        """A field's type (`field-types` over Quarto's): date, number, minutes or string."""
        return dict(self.field_types).get(field) or FIELD_TYPES.get(field, "string")


def read_listings(value: object) -> tuple[Listing, ...]:
    """The listings a `listing:` value describes: `true`, a type, one mapping, or a list of
    mappings (Quarto leaves other entries of a list out)."""
    if value is True:
        value = {}
    if isinstance(value, str):
        value = {"type": value}
    if isinstance(value, dict):
        return (_listing(value, lambda: "listing"),)
    if not isinstance(value, list):
        return ()
    count = 0

    def synthesized() -> str:
        """Quarto's id for an unnamed listing of a list: listing-1, listing-2, ..."""
        nonlocal count
        count += 1
        return f"listing-{count}"

    return tuple(_listing(item, synthesized) for item in value if isinstance(item, dict))


def _listing(item: dict[str, Any], synthesized: Callable[[], str]) -> Listing:
    """One listing's options, with Quarto's defaults for its type."""
    kind = item.get("type", "default")
    kind = kind if kind in TYPES else "default"
    contents = item.get("contents") or ()
    fields = item.get("fields")
    table = kind == "table"
    ident = item.get("id")
    return Listing(
        ident=str(ident) if ident else synthesized(),
        kind=kind,
        contents=tuple(contents if isinstance(contents, list) else [contents]),
        sort=_sort_keys(item.get("sort")),
        max_items=_count(item.get("max-items")),
        categories=_category_style(item.get("categories")),
        fields=tuple(map(str, fields)) if isinstance(fields, list) else None,
        feed=bool(item.get("feed")),
        page_size=_count(item.get("page-size"), positive=True) or PAGE_SIZES[kind],
        sort_ui=_tool(item.get("sort-ui", table)),
        filter_ui=_tool(item.get("filter-ui", table)),
        date_format=strftime_pattern(item.get("date-format")) or "",
        grid_columns=min(_count(item.get("grid-columns"), positive=True) or 3, 12),
        grid_item_border=item.get("grid-item-border") is not False,
        grid_item_align=_choice(item.get("grid-item-align"), ("left", "right", "center")),
        image_height=_length(item.get("image-height")),
        image_placeholder=_text(item.get("image-placeholder")),
        image_align=_choice(item.get("image-align"), ("right", "left")),
        image_lazy=item.get("image-lazy-loading") is not False,
        max_description_length=_count(item.get("max-description-length")),
        display_names=_names(item.get("field-display-names")),
        field_types=_names(item.get("field-types")),
        field_links=_fields(item.get("field-links")),
        field_required=_fields(item.get("field-required")) or (),
        table_striped=item.get("table-striped") is True,
        table_hover=item.get("table-hover") is True,
        include=_criteria(item.get("include")),
        exclude=_criteria(item.get("exclude")),
        feed_items=_count(_feed(item).get("items"), positive=True),
        feed_title=_text(_feed(item).get("title")),
        feed_categories=_fields(_feed(item).get("categories")) or (),
        feed_type=_choice(_feed(item).get("type"), ("full", "partial", "metadata")),
        feed_description=_text(_feed(item).get("description")),
        feed_language=_text(_feed(item).get("language")),
        says_categories="categories" in item,
    )


def _count(value: object, positive: bool = False) -> int | None:
    """A count (a whole number, not a flag), or None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= (1 if positive else 0):
        return value
    return None


def _category_style(value: object) -> str:
    """`categories`: false, or how the categories are shown."""
    return CATEGORY_STYLES.get(value, "") if isinstance(value, str | bool) else ""


def _tool(value: object) -> tuple[str, ...] | bool:
    """`sort-ui`/`filter-ui`: on, off, or the fields it works on."""
    if isinstance(value, list):
        return tuple(map(str, value))
    return value is True


def _choice(value: object, choices: tuple[str, ...]) -> str:
    """One of `choices` (the first when `value` is not one of them)."""
    return value if isinstance(value, str) and value in choices else choices[0]


def _length(value: object) -> str:
    """A CSS length for `image-height` (a bare number is taken as pixels), or ""; a closing
    semicolon, written as in a style sheet, is dropped (Quarto's style attribute ignores it)."""
    text = (
        str(value).strip().removesuffix(";").rstrip()
        if isinstance(value, str | int | float)
        else ""
    )
    if text.isdigit():
        text += "px"
    return text if _LENGTH.fullmatch(text) else ""


def _text(value: object) -> str:
    """A string option, or ""."""
    return value.strip() if isinstance(value, str) else ""


def _names(value: object) -> tuple[tuple[str, str], ...]:
    """A mapping of field to text (`field-display-names`, `field-types`)."""
    if not isinstance(value, dict):
        return ()
    return tuple((str(k), str(v)) for k, v in value.items() if v is not None)


def _fields(value: object) -> tuple[str, ...] | None:
    """A list of fields (one name alone counts as a list of one)."""
    if isinstance(value, str):
        return (value,)
    return tuple(map(str, value)) if isinstance(value, list) else None


def _criteria(value: object) -> Pairs:
    """`include`/`exclude`: each field with the values it is compared with."""
    if not isinstance(value, dict):
        return ()
    return tuple((str(k), tuple(v) if isinstance(v, list) else (v,)) for k, v in value.items())


def _feed(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """`feed:`'s options when it is a mapping."""
    feed = item.get("feed")
    return feed if isinstance(feed, dict) else {}


def _sort_keys(value: object) -> tuple[tuple[str, bool], ...] | None:
    """`sort: "date desc"` or a list of such keys, as (field, descending); `false`: the
    contents' order; none (or `true`): Quarto's default."""
    if value is False:
        return ()
    if value is None or value is True:
        return None
    keys = value if isinstance(value, list) else [value]
    found = []
    for key in keys:
        words = str(key).split()
        if words:
            found.append((words[0], len(words) > 1 and words[1].lower() == "desc"))
    return tuple(found)


# ------------------------------------------------------------------------------------------------
# What a listing asks that quizsite cannot do, as warnings


def option_problems(
    item: dict[str, Any], line_of: Callable[[str], tuple[str, int]]
) -> list[Diagnostic]:
    """Warnings for one listing's options that quizsite cannot use, each at its line."""
    problems = []
    for key in item:
        if key not in OPTIONS:
            problems.append(_left_out(line_of(key), f"the listing option '{key}'"))
    if isinstance(item.get("template"), str):
        problems.append(
            warning(
                *line_of("template"),
                f"custom listing templates cannot be run (template: {item['template']}): "
                f"listed as the '{_choice(item.get('type'), TYPES)}' type",
                "quizsite does not run EJS; remove `template` to choose a type: "
                "default, grid or table",
            )
        )
    for key in _feed(item):
        if key not in _FEED_OPTIONS:
            problems.append(_left_out(line_of(f"feed.{key}"), f"the feed option '{key}'"))
    for key, check, expected in _CHECKS:
        if key in item and not check(item[key]):
            problems.append(
                warning(
                    *line_of(key),
                    f"cannot read the listing option {key}: {item[key]!r}",
                    f"{key} takes {expected}",
                )
            )
    return problems


# `feed:`'s options quizsite reads (a Quarto project's feeds are RSS as Quarto's).
_FEED_OPTIONS = frozenset({"items", "title", "categories", "type", "description", "language"})


def _is_tool(value: object) -> bool:
    """A `sort-ui`/`filter-ui` value quizsite reads."""
    return isinstance(value, bool | list)


def _is_types(value: object) -> bool:
    """A `field-types` mapping of known types."""
    return isinstance(value, dict) and all(v in KNOWN_TYPES for v in value.values())


_CHECKS: tuple[tuple[str, Callable[[object], bool], str], ...] = (
    ("type", lambda v: v in TYPES, "default, grid or table"),
    ("page-size", lambda v: _count(v, positive=True) is not None, "a number of items: 25"),
    ("max-items", lambda v: _count(v) is not None, "a number of items: 10"),
    ("grid-columns", lambda v: (_count(v, positive=True) or 13) <= 12, "1 to 12"),
    ("max-description-length", lambda v: _count(v) is not None, "a number of characters"),
    ("image-height", lambda v: bool(_length(v)), "a CSS length: 150px"),
    ("grid-item-align", lambda v: v in ("left", "right", "center"), "left, right or center"),
    ("image-align", lambda v: v in ("left", "right"), "left or right"),
    (
        "categories",
        lambda v: bool(_category_style(v)) or v is False,
        "true, false, numbered, unnumbered or cloud",
    ),
    ("sort-ui", _is_tool, "true, false or a list of fields"),
    ("filter-ui", _is_tool, "true, false or a list of fields"),
    ("date-format", lambda v: strftime_pattern(v) is not None, "a date style or pattern: medium"),
    ("field-display-names", lambda v: isinstance(v, dict), "a mapping: {title: Report}"),
    ("field-types", _is_types, "a mapping to date, number, minutes or string"),
    ("include", lambda v: isinstance(v, dict), "a mapping of fields to values"),
    ("exclude", lambda v: isinstance(v, dict), "a mapping of fields to values"),
)


def _left_out(where: tuple[str, int], what: str) -> Diagnostic:
    """A warning that a listing option is not shown."""
    return warning(*where, f"{what} is not supported and is left out", "remove it")
