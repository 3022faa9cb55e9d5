"""Quarto listing pages: a document with `listing:` shows the documents its `contents` names
(`posts`, `talks/*.qmd`), sorted (`sort`), cut (`max-items`), as cards, a grid or a table,
with the categories they carry; options quizsite cannot show are warnings at their line."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostic, warning
from .model import Post

# Options read as Quarto reads them; the rest are warnings (`page-size`, `feed`: quizsite shows
# every item on one page, and writes the site's feeds itself).
_SHOWN = frozenset({"id", "contents", "sort", "max-items", "categories", "fields", "type"})
# `table-striped` and `table-hover` only style a table listing, which the theme styles its way.
_ACCEPTED = frozenset({"page-size", "feed", "table-striped", "table-hover"})
# The reader's tools (a sort menu, a filter box): quizsite shows none, so asking is a warning.
_TOOLS = frozenset({"sort-ui", "filter-ui"})
TYPES = ("default", "grid", "table")
# The fields each type shows unless `fields` says otherwise (Quarto's defaults).
_DEFAULT_FIELDS = {
    "default": ("image", "date", "title", "subtitle", "author", "description", "categories"),
    "grid": ("image", "title", "subtitle", "categories", "description", "author", "date"),
    "table": ("date", "title", "author"),
}
_KNOWN_FIELDS = frozenset(
    {"image", "date", "title", "subtitle", "author", "description", "categories"}
    | {"reading-time", "filename", "file-modified", "date-modified", "image-alt"}
)


@dataclass(frozen=True)
class Listing:
    """One listing of a page, as read from its front matter."""

    ident: str
    kind: str  # "default", "grid" or "table"
    contents: tuple[str, ...]  # paths or patterns from the page's folder
    sort: tuple[tuple[str, bool], ...]  # (field, descending); () keeps the site's order
    max_items: int | None
    categories: bool
    fields: tuple[str, ...]
    feed: bool = False  # an Atom feed of the listed posts beside the page (`blog.xml`)


def is_listing_page(doc: Post) -> bool:
    """Whether a page is a listing (its front matter has `listing:`)."""
    return doc.page and bool(doc.extra.get("listing"))


def read_listings(value: object) -> tuple[Listing, ...]:
    """The listings a `listing:` value describes (one mapping, a list of them, or a type)."""
    if isinstance(value, str):
        value = {"type": value}
    items = value if isinstance(value, list) else [value]
    dicts = [item for item in items if isinstance(item, dict)]
    return tuple(_listing(item, n) for n, item in enumerate(dicts))


def _listing(item: dict[str, Any], n: int) -> Listing:
    """One listing's options (the `n`th of its page), with Quarto's defaults."""
    kind = item.get("type", "default")
    kind = kind if kind in TYPES else "default"
    contents = item.get("contents") or ()
    fields = item.get("fields")
    count = item.get("max-items")
    return Listing(
        ident=str(item.get("id") or ("listing" if n == 0 else f"listing-{n + 1}")),
        kind=kind,
        contents=tuple(map(str, contents if isinstance(contents, list) else [contents])),
        sort=_sort_keys(item.get("sort")),
        max_items=count if _whole(count) else None,
        categories=bool(item.get("categories")),
        fields=tuple(map(str, fields)) if isinstance(fields, list) else _DEFAULT_FIELDS[kind],
        feed=bool(item.get("feed")),
    )


def _whole(value: object) -> bool:
    """A count of items: a whole number, not a flag."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _sort_keys(value: object) -> tuple[tuple[str, bool], ...]:
    """`sort: "date desc"` or a list of such keys, as (field, descending); `false` or none:
    the site's order (newest first, undated last)."""
    if value is None or value is False:
        return ()
    keys = value if isinstance(value, list) else [value]
    found = []
    for key in keys:
        words = str(key).split()
        if words:
            found.append((words[0], len(words) > 1 and words[1].lower() == "desc"))
    return tuple(found)


def listing_problems(
    value: object, where: tuple[str, int], contents_exist: Callable[[str], bool]
) -> list[Diagnostic]:
    """Warnings for what a `listing:` asks that quizsite cannot show, at the listing's line."""
    items = value if isinstance(value, list) else [value]
    problems = []
    for item in items:
        if isinstance(item, str) and item in TYPES:
            continue
        if not isinstance(item, dict):
            problems.append(
                warning(*where, "this listing cannot be read", "listing: {contents: posts}")
            )
            continue
        problems.extend(_option_problems(item, where))
        problems.extend(_contents_problems(item.get("contents"), where, contents_exist))
    return problems


def _option_problems(item: dict[str, Any], where: tuple[str, int]) -> list[Diagnostic]:
    """The options, type and fields of one listing that quizsite does not show."""
    problems = []
    for key in item:
        if key in _TOOLS and not item[key]:
            continue  # turned off: nothing is lost
        if key not in _SHOWN and key not in _ACCEPTED:
            problems.append(_left_out(where, f"the listing option '{key}'"))
    kind = item.get("type", "default")
    if kind not in TYPES:
        problems.append(_left_out(where, f"the listing type {kind!r} (shown as default)"))
    fields = item.get("fields")
    for field in fields if isinstance(fields, list) else []:
        if str(field) not in _KNOWN_FIELDS:
            problems.append(_left_out(where, f"the listing field {field!r}"))
    return problems


def _contents_problems(
    contents: object, where: tuple[str, int], contents_exist: Callable[[str], bool]
) -> list[Diagnostic]:
    """Listing contents quizsite cannot list: items from a data file, or nothing there."""
    problems = []
    for entry in contents if isinstance(contents, list) else [contents] if contents else []:
        if not isinstance(entry, str) or entry.endswith((".yml", ".yaml", ".json")):
            problems.append(_left_out(where, f"listing contents {entry!r} (items from data)"))
        elif not contents_exist(entry):
            problems.append(warning(*where, f"listing contents {entry!r} names no document", _HINT))
    return problems


_HINT = "contents are paths or patterns from the listing's folder: contents: posts"


def _left_out(where: tuple[str, int], what: str) -> Diagnostic:
    """A warning that a listing option is not shown."""
    return warning(*where, f"{what} is not supported and is left out", "remove it")


# ------------------------------------------------------------------------------------------------
# What a listing shows


def listed(listing: Listing, doc: Post, candidates: Iterable[Post]) -> tuple[Post, ...]:
    """The documents a listing shows, in its order, at most `max-items`."""
    folder = posixpath.dirname(doc.location.path)
    matches = _matcher(listing.contents, folder)
    chosen = [p for p in candidates if p is not doc and matches(p.location.path)]
    for field, descending in reversed(listing.sort):
        chosen.sort(key=_sort_value(field), reverse=descending)
    if listing.max_items is not None:
        chosen = chosen[: listing.max_items]
    return tuple(chosen)


def _matcher(contents: tuple[str, ...], folder: str) -> Callable[[str], bool]:
    """Whether a document (its path from the root) is named by `contents` (from `folder`):
    a folder means everything below it, a pattern what it matches; none, the page's folder."""
    from wcmatch import glob

    flags = glob.GLOBSTAR | glob.BRACE | glob.EXTGLOB
    patterns, folders = [], []
    for entry in contents or ("",):
        path = posixpath.normpath(posixpath.join(folder, entry.strip().lstrip("/")))
        path = "" if path == "." else path
        if glob.is_magic(entry, flags=flags):
            patterns.append(path)
        else:
            folders.append(path)

    def matches(rel: str) -> bool:
        """Whether `rel` is listed."""
        if any(rel == f or not f or rel.startswith(f + "/") for f in folders):
            return True
        return bool(patterns) and glob.globmatch(rel, patterns, flags=flags)

    return matches


def _sort_value(field: str) -> Callable[[Post], Any]:
    """The sort key of a listing field (undated documents sort as the oldest)."""
    if field == "date":
        return lambda p: (p.dated, p.date)
    if field == "title":
        return lambda p: p.title.casefold()
    if field == "author":
        return lambda p: p.authors[0].casefold() if p.authors else ""
    return lambda p: str(p.extra.get(field, "")).casefold()


def category_counts(posts: Iterable[Post]) -> tuple[tuple[str, int], ...]:
    """The categories of the listed documents, with how many carry each, most first."""
    counts = Counter(tag for post in posts for tag in dict.fromkeys(post.tags))
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


@dataclass(frozen=True)
class ListingView:
    """One listing as a page shows it."""

    ident: str
    kind: str
    fields: tuple[str, ...]
    items: tuple[Any, ...]  # ListedItem each
    categories: tuple[Any, ...]  # (TagLink, count) each, or () when not shown


@dataclass(frozen=True)
class ListedItem:
    """A listed document: its card (render's PostSummary), with its authors and subtitle."""

    card: Any
    authors: str
    subtitle: str
    categories: tuple[str, ...]  # all of them (the card links those with a tag page)


def listing_view(
    listing: Listing,
    posts: tuple[Post, ...],
    card_of: Callable[[Post], Any],
    tag_links: Mapping[str, Any],
    slug_of: Callable[[str], str],
) -> ListingView:
    """A listing's view: each document's card, and the categories' links and counts."""
    items = tuple(ListedItem(card_of(p), ", ".join(p.authors), p.subtitle, p.tags) for p in posts)
    categories: tuple[Any, ...] = ()
    if listing.categories:
        categories = tuple(
            (tag_links[slug_of(name)], count)
            for name, count in category_counts(posts)
            if slug_of(name) in tag_links
        )
    return ListingView(listing.ident, listing.kind, listing.fields, items, categories)


# What a listing page shows: each of its listings with the documents it lists.
Listed = tuple[tuple[Listing, tuple[Post, ...]], ...]


def listing_pages(pages: Iterable[Post], posts: Iterable[Post]) -> tuple[tuple[Post, Listed], ...]:
    """Each listing page with what each of its listings shows (posts, and pages that are not
    listings themselves)."""
    pages = tuple(pages)
    listings = [doc for doc in pages if is_listing_page(doc)]
    if not listings:
        return ()
    candidates = (*posts, *(p for p in pages if not is_listing_page(p)))
    return tuple(
        (
            doc,
            tuple(
                (one, listed(one, doc, candidates)) for one in read_listings(doc.extra["listing"])
            ),
        )
        for doc in listings
    )


def listing_warnings(
    rel: str, folder: Path, data: Mapping[str, Any], origins: Mapping[str, tuple[str, int]]
) -> list[Diagnostic]:
    """What a page's `listing:` asks that quizsite cannot show, as warnings at its line."""
    if "listing" not in data:
        return []
    from wcmatch import glob

    def exists(entry: str) -> bool:
        return glob.is_magic(entry) or (folder / entry.lstrip("/")).exists()

    return listing_problems(data["listing"], origins.get("listing", (rel, 1)), exists)


def listing_feed(doc: Post, lists: Listed, size: int) -> tuple[str, tuple[Post, ...]] | None:
    """Where Quarto writes the feed a listing asks for (`feed: true`; `blog.qmd`'s at
    `blog.xml`), with the newest posts it lists; None when none asks, or for the home page,
    whose `index.xml` is the site's feed already."""
    listed_posts = next((posts for one, posts in lists if one.feed), None)
    path = posixpath.splitext(doc.slug if doc.slug.endswith(".html") else doc.slug + "index")[0]
    if listed_posts is None or not doc.slug:
        return None
    return path + ".xml", tuple(p for p in listed_posts if not p.page)[:size]
