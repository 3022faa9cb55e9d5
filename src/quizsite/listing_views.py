"""One listing as `listing.html` shows it: each listed item's fields as HTML (dates in the
listing's format, descriptions cut as Quarto cuts them, links where `field-links` asks), and
the reader's tools (sort choices, filter fields, page size) that listing.js reads."""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup, escape

from .inline_text import inline_markdown
from .listing_data import DataItem
from .listing_options import DEFAULT_FIELDS, SORTABLE, Listing
from .listings import Item, field_value
from .model import Post
from .ui_words import ENGLISH_WORDS, UiWords
from .urls import format_date

# The `language:` key naming each of Quarto's fields (`field-display-names` overrides them);
# an image's column has no name.
FIELD_KEYS = {
    "date": "listing-page-field-date",
    "title": "listing-page-field-title",
    "description": "listing-page-field-description",
    "author": "listing-page-field-author",
    "filename": "listing-page-field-filename",
    "file-modified": "listing-page-field-filemodified",
    "date-modified": "listing-page-field-filemodified",
    "subtitle": "listing-page-field-subtitle",
    "reading-time": "listing-page-field-readingtime",
    "word-count": "listing-page-field-wordcount",
    "categories": "listing-page-field-categories",
}
# Fields a card shows in a place of its own; any other field is listed below the card's text.
PLACED = frozenset(
    {"title", "image", "image-alt", "date", "author", "subtitle", "description"}
    | {"reading-time", "categories"}
)
# A field listing.js can find by name (in an attribute or class name).
_NAME = re.compile(r"[A-Za-z0-9_-]+")
MEDIUM_DATE = "%b %-d, %Y"  # Quarto's `medium` date, its default in listings
EXCERPT_LENGTH = 175  # Quarto's cut for descriptions taken from the text, and for grids


@dataclass(frozen=True)
class ListedItem:
    """One listed item as a listing shows it."""

    index: int
    url: str
    title: Markup
    image: str
    image_alt: str
    lazy: bool
    values: tuple[tuple[str, Markup], ...]  # each shown field's HTML, besides title and image
    sort_keys: tuple[tuple[str, str], ...]  # field → a value listing.js sorts by
    categories: tuple[tuple[str, str], ...]  # (name, its tag page's URL or "")

    def value(self, field: str) -> Markup:
        """A field's HTML ("" when the item has none)."""
        return dict(self.values).get(field, Markup(""))


@dataclass(frozen=True)
class SortChoice:
    """One entry of the sort menu."""

    field: str
    direction: str  # "asc" or "desc"
    kind: str  # "date", "number" or "string": how listing.js compares
    label: str


@dataclass(frozen=True)
class ListingView:
    """One listing as a page shows it."""

    ident: str
    kind: str
    fields: tuple[str, ...]
    items: tuple[ListedItem, ...]
    names: tuple[tuple[str, str], ...]  # field → its heading
    page_size: int
    sort_choices: tuple[SortChoice, ...]  # empty: no sort menu
    sortable: tuple[tuple[str, str], ...]  # a table's columns a reader may sort: field → kind
    filter_fields: tuple[str, ...]  # empty: no filter box
    options: Listing

    def name(self, field: str) -> str:
        """A field's heading."""
        return dict(self.names).get(field, field)

    @property
    def others(self) -> tuple[str, ...]:
        """The fields a card lists below its text (those without a place of their own)."""
        return tuple(f for f in self.fields if f not in PLACED)


@dataclass(frozen=True)
class ItemContext:
    """What an item's view needs from the page: its URLs, cards and dates."""

    card_of: Callable[[Post], Any]  # a document's card (render's PostSummary)
    tag_url: Callable[[str], str]  # a category's tag page, or ""
    base: str  # the site's base URL path
    page_folder: str  # the listing page's folder, from the site's base
    date_format: str  # the page's own date format ("" for Quarto's medium)
    words: UiWords = ENGLISH_WORDS  # the page's words (ui_words.py)


def listing_view(listing: Listing, items: tuple[Item, ...], context: ItemContext) -> ListingView:
    """A listing's view: its shown items (at most `max-items`), fields and tools."""
    if listing.max_items is not None:
        items = items[: listing.max_items]
    fields = _fields(listing, items)
    words = context.words
    names = {
        f: words[FIELD_KEYS[f]] if f in FIELD_KEYS else "" if f == "image" else f for f in fields
    }
    names.update(dict(listing.display_names))
    choices = _sort_choices(listing, fields, names, words)
    sortable = _sortable_columns(listing, fields)
    keyed = {c.field for c in choices if c.field != "index"} | {f for f, _ in sortable}
    views = tuple(
        _item_view(n, item, listing, fields, keyed, context) for n, item in enumerate(items)
    )
    filters: tuple[str, ...] = ()
    if listing.filter_ui is not False:  # each field names a class listing.js looks in
        filters = listing.filter_ui if isinstance(listing.filter_ui, tuple) else fields
    return ListingView(
        listing.ident,
        listing.kind,
        fields,
        views,
        tuple(names.items()),
        listing.page_size,
        choices,
        sortable,
        tuple(f for f in filters if _NAME.fullmatch(f)),
        listing,
    )


def _sortable_columns(listing: Listing, fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """A table's columns a reader may sort (with how each compares): those of `sort-ui`, or
    every one but the image, unless `sort-ui: false`."""
    if listing.kind != "table" or listing.sort_ui is False:
        return ()
    wanted = listing.sort_ui if isinstance(listing.sort_ui, tuple) else fields
    return tuple(
        (f, _kind(listing, f))
        for f in fields
        if f in wanted and f != "image" and _NAME.fullmatch(f)
    )


def _fields(listing: Listing, items: tuple[Item, ...]) -> tuple[str, ...]:
    """The fields shown: those asked for (or the type's; every field of data alone), less
    those no item has (but the image), with the categories when the page shows them."""
    asked = listing.fields if listing.fields is not None else _suggested(listing, items)
    fields = [f for f in asked if f == "image" or any(_present(field_value(i, f)) for i in items)]
    if listing.categories and listing.kind != "table" and "categories" not in fields:
        fields.append("categories")
    return tuple(fields)


def _suggested(listing: Listing, items: tuple[Item, ...]) -> tuple[str, ...]:
    """The fields shown when `fields` is not given: the type's, or for items of data alone
    every field they have (but `path`), as Quarto suggests them."""
    if items and all(isinstance(i, DataItem) and i.document is None for i in items):
        seen = dict.fromkeys(k for i in items if isinstance(i, DataItem) for k, _ in i.fields)
        return tuple(k for k in seen if k != "path")
    return DEFAULT_FIELDS[listing.kind]


def _present(value: object) -> bool:
    """Whether a field has a value."""
    return value is not None and value != "" and value != []


def _kind(listing: Listing, field: str) -> str:
    """How a field compares: date, number (minutes too) or string."""
    kind = listing.type_of(field)
    return "number" if kind == "minutes" else kind


def _sort_choices(
    listing: Listing, fields: tuple[str, ...], names: Mapping[str, str], words: UiWords
) -> tuple[SortChoice, ...]:
    """The sort menu's entries (Quarto's): dates and numbers both ways, text ascending."""
    if listing.sort_ui is False:
        return ()
    if isinstance(listing.sort_ui, tuple):
        wanted: tuple[str, ...] = listing.sort_ui
    else:
        wanted = fields if listing.kind == "table" else SORTABLE
    choices = [SortChoice("index", "asc", "number", words["listing-page-order-by-default"])]
    ways = {k: words[f"listing-page-order-by-{k}"] for k in ("date-asc", "date-desc")}
    ways |= {k: words[f"listing-page-order-by-{k}"] for k in ("number-asc", "number-desc")}
    for field in (f for f in wanted if f in fields and f != "image" and _NAME.fullmatch(f)):
        name, kind = names.get(field) or field, _kind(listing, field)
        if kind == "date":
            choices.append(SortChoice(field, "asc", kind, f"{name} - {ways['date-asc']}"))
            choices.append(SortChoice(field, "desc", kind, f"{name} - {ways['date-desc']}"))
        elif kind == "number":
            choices.append(SortChoice(field, "asc", kind, f"{name} ({ways['number-asc']})"))
            choices.append(SortChoice(field, "desc", kind, f"{name} ({ways['number-desc']})"))
        else:
            choices.append(SortChoice(field, "asc", kind, name))
    return tuple(choices) if len(choices) > 1 else ()


# ------------------------------------------------------------------------------------------------
# One item


def _item_view(
    index: int,
    item: Item,
    listing: Listing,
    fields: tuple[str, ...],
    keyed: set[str],
    context: ItemContext,
) -> ListedItem:
    """An item's view: its link, title, image and each shown field's HTML."""
    url, image, image_alt = _item_urls(item, context)
    if not image and listing.image_placeholder:
        image = _local_url(listing.image_placeholder, context)
    values = _values(item, fields, listing, context, url)
    title = _text_html(item, "title")
    if "title" in _links(listing) and url and listing.kind == "table":
        title = Markup('<a href="{}">{}</a>').format(url, title)
    lazy = field_value(item, "image-lazy-loading")
    return ListedItem(
        index=index,
        url=url,
        title=title,
        image=image,
        image_alt=image_alt,
        lazy=lazy if isinstance(lazy, bool) else listing.image_lazy,
        values=values,
        sort_keys=tuple((f, _sort_key(item, f, listing)) for f in sorted(keyed)),
        categories=tuple((name, context.tag_url(name)) for name in _categories(item)),
    )


def _values(
    item: Item, fields: tuple[str, ...], listing: Listing, context: ItemContext, url: str
) -> tuple[tuple[str, Markup], ...]:
    """Each shown field's HTML but the title and image (a table's categories as text; a card
    shows them as links of its own), linked where `field-links` asks."""
    values = []
    for field in fields:
        if field in ("title", "image", "categories"):
            continue
        html = _field_html(item, field, listing, context)
        if html and field in _links(listing) and url:
            html = Markup('<a href="{}">{}</a>').format(url, html)
        if html:
            values.append((field, html))
    if "categories" in fields and listing.kind == "table":
        values.append(("categories", escape(", ".join(_categories(item)))))
    return tuple(values)


def _links(listing: Listing) -> tuple[str, ...]:
    """The fields that link to the item (`field-links`; a table's title and file name)."""
    if listing.field_links is not None:
        return listing.field_links
    return ("title", "filename") if listing.kind == "table" else ()


def _categories(item: Item) -> list[str]:
    """An item's categories, as text."""
    found = field_value(item, "categories")
    return (
        [str(c) for c in found]
        if isinstance(found, list | tuple)
        else [str(found)]
        if found
        else []
    )


def _item_urls(item: Item, context: ItemContext) -> tuple[str, str, str]:
    """An item's link, image and image's alt text."""
    document = item.document if isinstance(item, DataItem) else item
    url = image = alt = ""
    if document is not None:
        card = context.card_of(document)
        url, image, alt = card.url, card.image, card.image_alt
        if not image:  # Quarto's preview image: found in the document, as Quarto finds it
            image, alt = preview_image(document, url)
    if isinstance(item, DataItem):
        path, picture = item.get("path"), item.get("image")
        if isinstance(path, str) and path and document is None:
            url = _local_url(path, context)
        if isinstance(picture, str) and picture:
            image = _local_url(picture, context)
        alt = str(item.get("image-alt") or alt)
    return url, image, alt


_IMG = re.compile(rb"<img\b[^>]*>")
_ATTR = re.compile(r'\b(src|alt|class)="([^"]*)"')


def preview_image(document: Post, url: str) -> tuple[str, str]:
    """A document's preview image when its front matter names none, as Quarto picks it: an
    image of class `preview-image`, else one whose file name starts with `feature`, `cover`
    or `thumbnail`, else the first image; its address from the document's page (`url`)."""
    html = document.quiz.question_html.utf8 if document.quiz else document.prose_html.utf8
    if b"<img" not in html:
        return "", ""
    found = []
    for tag in _IMG.findall(html):
        attrs = dict(_ATTR.findall(tag.decode()))
        if attrs.get("src") and not attrs["src"].startswith("data:"):
            found.append(attrs)
    named = ("feature", "cover", "thumbnail")
    chosen = next((a for a in found if "preview-image" in a.get("class", "").split()), None)
    chosen = chosen or next((a for a in found if _file_name(a["src"]).startswith(named)), None)
    chosen = chosen or (found[0] if found else None)
    if chosen is None:
        return "", ""
    return urljoin(url, unescape(chosen["src"])), unescape(chosen.get("alt", ""))


def _file_name(src: str) -> str:
    """The file name an image's address ends in."""
    return posixpath.basename(src.split("?")[0].split("#")[0])


def _local_url(path: str, context: ItemContext) -> str:
    """A path written in a listing as a URL: addresses stay, `/x` is from the site's root,
    anything else from the listing page's folder."""
    if "://" in path or path.startswith(("mailto:", "#")):
        return path
    if path.startswith("/"):
        return context.base + path.lstrip("/")
    joined = posixpath.normpath(posixpath.join(context.page_folder, path))
    return context.base + ("" if joined == "." else joined)


def _text_html(item: Item, field: str) -> Markup:
    """A text field as HTML: a data item's Markdown rendered, a document's text escaped (its
    authors and title as Markdown, as Quarto renders them: `<a href=…>Name</a>` is a link)."""
    if isinstance(item, DataItem):
        html = item.html_of(field)
        if html is not None:
            return html
    value = field_value(item, field)
    if field in ("author", "title", "subtitle") and value:
        names = value if isinstance(value, list | tuple) else [value]
        return Markup(", ").join(inline_markdown(str(name)) for name in names)
    if isinstance(value, list | tuple):
        return escape(", ".join(map(str, value)))
    return escape(str(value)) if _present(value) else Markup("")


def _field_html(item: Item, field: str, listing: Listing, context: ItemContext) -> Markup:
    """A field's HTML as the listing shows it (dates formatted, minutes and words counted,
    descriptions cut)."""
    kind = listing.type_of(field)
    value = field_value(item, field)
    if not _present(value):
        return Markup("")
    if field == "description":
        return _description(item, listing, context)
    if kind == "date":
        return _date_html(value, field, listing, context)
    if kind == "minutes" and isinstance(value, int | float):
        return escape(context.words.fill("listing-page-minutes-compact", math.floor(value)))
    if field == "word-count" and isinstance(value, int | float):
        return escape(context.words.fill("listing-page-words", f"{math.floor(value):,}"))
    return _text_html(item, field)


def _date_html(value: object, field: str, listing: Listing, context: ItemContext) -> Markup:
    """A date in the listing's format (else the page's, else Quarto's medium; a file's
    modification with its time, as Quarto shows it)."""
    when = value if isinstance(value, datetime | date) else _parse_date(value)
    if when is None:
        return escape(str(value))
    fmt = listing.date_format or context.date_format or MEDIUM_DATE
    if field == "file-modified" and not listing.date_format:
        fmt = "%-m/%-d/%y, %I:%M:%S %p"
    moment = when if isinstance(when, datetime) else _midnight(when)
    timed = (moment.hour, moment.minute, moment.second) != (0, 0, 0)
    iso = moment.isoformat() if timed else moment.date().isoformat()
    shown = format_date(moment, fmt, context.words.lang)
    return Markup('<time datetime="{}">{}</time>').format(iso, shown)


def _midnight(day: date) -> datetime:
    """A date as a datetime."""
    return datetime(day.year, day.month, day.day)


def _parse_date(value: object) -> datetime | None:
    """A date written as text (`November-20-2023` too, as Quarto reads it)."""
    from .metadata import text_date  # here: metadata loads YAML, which rendering never needs

    return text_date(str(value))


def _description(item: Item, listing: Listing, context: ItemContext) -> Markup:
    """The description, cut at a word to `max-description-length` (grids: 175 characters)
    as Quarto cuts it; a document without one shows its opening text, cut at 175."""
    limit = listing.max_description_length
    if limit is None and listing.kind == "grid":
        limit = EXCERPT_LENGTH
    own = field_value(item, "description")
    document = item.document if isinstance(item, DataItem) else item
    if isinstance(item, DataItem) and item.get("description") is not None:
        html = item.html_of("description") or escape(str(own))
        text = _plain(html)
    elif document is not None and document.description:
        html = inline_markdown(document.description)
        text = _plain(html)
    elif document is not None:  # the opening text (Quarto's first paragraph)
        limit = limit or EXCERPT_LENGTH
        card = context.card_of(document)
        text, html = card.summary, card.summary_html or escape(card.summary)
    else:
        return escape(str(own))
    if limit and len(text) >= limit:
        return escape(truncate(text, limit))
    return Markup(html)


_TAG = re.compile(r"<[^>]+>")


def _plain(html: str) -> str:
    """HTML's text (the tags left out)."""
    return unescape(_TAG.sub("", html))


def truncate(text: str, length: int) -> str:
    """Quarto's cut of a description: at most `length` characters, back to the last space,
    a dangling `,`, `/` or `:` dropped, and an ellipsis."""
    if len(text) < length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    if cut[-1:] in (",", "/", ":"):
        cut = cut[:-1]
    return cut + "…"


def _sort_key(item: Item, field: str, listing: Listing) -> str:
    """What listing.js sorts an item by: ISO dates, numbers as written, text in lower case."""
    value = field_value(item, field)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if not _present(value):
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if listing.type_of(field) == "date":
        parsed = _parse_date(value)
        return parsed.isoformat() if parsed else ""
    return _plain(str(value)).casefold()
