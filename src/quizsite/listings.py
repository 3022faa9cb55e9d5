"""Quarto listing pages: a document with `listing:` shows the documents its `contents` names
(`posts`, `talks/*.qmd`) and the items of data files (`talks.yml`), kept or left out by
`include`/`exclude`, sorted (`sort`), as cards, a grid or a table (listing_views.py); its
options are read in listing_options.py."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from .errors import Diagnostic, error
from .model import Post
from .quarto_urls import DOCUMENT_LINK_SUFFIXES

if TYPE_CHECKING:
    from .listing_data import DataItem
    from .listing_options import Listing

__all__ = ["Item", "Listed", "field_value", "is_listing_page"]
__all__ += ["feed_listing", "feed_stem", "listing_feeds", "listing_pages"]

# A data file's items (listing_data.py) are loaded only by a site with listings.
Item: TypeAlias = "Post | DataItem"
# What a listing page shows: each of its listings with the items it lists, sorted (all of
# them: the categories count every item, the page shows `max-items`).
Listed = tuple[tuple["Listing", tuple[Item, ...]], ...]


def is_listing_page(doc: Post) -> bool:
    """Whether a page is a listing (its front matter has `listing:`)."""
    return doc.page and bool(doc.extra.get("listing"))


def listing_pages(pages: Iterable[Post], posts: Iterable[Post]) -> tuple[tuple[Post, Listed], ...]:
    """Each listing page with what each of its listings shows (posts, and pages that are not
    listings themselves)."""
    pages = tuple(pages)
    listings = [doc for doc in pages if is_listing_page(doc)]
    if not listings:
        return ()
    from .listing_options import read_listings

    candidates = (*posts, *(p for p in pages if not is_listing_page(p)))
    by_path = {p.location.path: p for p in candidates}
    return tuple(
        (
            doc,
            tuple(
                (one, listed(one, doc, candidates, by_path))
                for one in read_listings(doc.extra["listing"])
            ),
        )
        for doc in listings
    )


def listed(
    listing: Listing, doc: Post, candidates: Iterable[Post], by_path: dict[str, Post]
) -> tuple[Item, ...]:
    """The items a listing shows, in its order: the documents its paths and patterns name,
    then the items of its data (a document a data item names lends it its fields)."""
    from .listing_data import DataItem

    folder = posixpath.dirname(doc.location.path)
    patterns = tuple(c for c in listing.contents if isinstance(c, str))
    data = [c for c in listing.contents if isinstance(c, DataItem)]
    chosen: list[Item] = []
    if patterns or not data:
        matches = _matcher(patterns, folder)
        chosen = [p for p in candidates if p is not doc and matches(p.location.path)]
    chosen.extend(_with_document(item, by_path) for item in data)
    return _sorted(listing, [i for i in chosen if _kept(listing, i)])


def _sorted(listing: Listing, chosen: list[Item]) -> tuple[Item, ...]:
    """Items in the listing's order (Quarto's default, for a listing of documents: by
    `order`, then title); an item without a field comes after those with it either way."""
    from .listing_data import DataItem

    sort = listing.sort
    if sort is None:
        has_documents = any(not isinstance(i, DataItem) or i.document for i in chosen)
        sort = (("order", False), ("title", False)) if has_documents else ()
    for field, descending in reversed(sort):
        missing = [i for i in chosen if field_value(i, field) in (None, "", [])]
        present = [i for i in chosen if field_value(i, field) not in (None, "", [])]
        present.sort(key=_sort_value(field), reverse=descending)
        chosen = present + missing
    return tuple(chosen)


def _with_document(item: DataItem, by_path: dict[str, Post]) -> DataItem:
    """A data item whose `path` names a published document, with that document (its fields
    under the item's own)."""
    path = item.get("path")
    if not isinstance(path, str) or not path.lower().endswith(DOCUMENT_LINK_SUFFIXES):
        return item
    if "://" in path:
        return item
    rel = posixpath.normpath(
        path.lstrip("/") if path.startswith("/") else posixpath.join(item.base, path)
    )
    document = by_path.get(rel)
    return item if document is None else replace(item, document=document)


def _matcher(contents: tuple[str, ...], folder: str) -> Callable[[str], bool]:
    """Whether a document (its path from the root) is named by `contents` (from `folder`, or
    from the root for `/x`), as Quarto's listing reads them: a folder means everything below
    it, a pattern what it matches (at any depth when it names no folder: `*.ipynb`), `!`
    leaves out what it names; no contents, the page's folder."""
    from wcmatch import glob

    flags = glob.GLOBSTAR | glob.BRACE | glob.EXTGLOB
    wanted: tuple[list[str], list[str]] = ([], [])  # (folders, patterns) to list
    unwanted: tuple[list[str], list[str]] = ([], [])  # and to leave out
    entries = [e.strip() for e in contents]
    if not any(e and not e.startswith("!") for e in entries):
        entries.append("")  # only exclusions: from everything in the page's folder
    for entry in entries:
        into = unwanted if entry.startswith("!") else wanted
        magic, path = _contents_path(entry.removeprefix("!"), folder, flags)
        into[1 if magic else 0].append(path)

    def named(rel: str, folders: list[str], patterns: list[str]) -> bool:
        """Whether `rel` is one of `folders` (or below one) or matches one of `patterns`."""
        if any(rel == f or not f or rel.startswith(f + "/") for f in folders):
            return True
        return bool(patterns) and glob.globmatch(rel, patterns, flags=flags)

    return lambda rel: named(rel, *wanted) and not named(rel, *unwanted)


def _contents_path(entry: str, folder: str, flags: int) -> tuple[bool, str]:
    """Whether a `contents` entry is a pattern, and its path from the root ("" for the root):
    `/x` from the root, else from `folder`; a pattern naming no folder matches at any depth."""
    from wcmatch import glob

    magic = glob.is_magic(entry, flags=flags)
    if magic and "/" not in entry:
        entry = "**/" + entry
    path = posixpath.normpath(entry[1:] if entry.startswith("/") else posixpath.join(folder, entry))
    return magic, "" if path == "." else path


# ------------------------------------------------------------------------------------------------
# An item's fields, as `include`, `exclude`, `sort` and `field-required` read them


def field_value(item: Item, field: str) -> Any:
    """An item's field as Quarto's listing reads it (None when it has none): a document's
    from its front matter, a data item's own over its document's."""
    from .listing_data import DataItem

    if isinstance(item, DataItem):
        own = item.value(field)
        if own is not None or item.document is None:
            return own
        item = item.document
    return _post_value(item, field)


def _post_value(post: Post, field: str) -> Any:
    """A document's field (Quarto's names; any other front-matter key as written)."""
    known: dict[str, Callable[[Post], Any]] = {
        "title": lambda p: p.title,
        "subtitle": lambda p: p.subtitle or None,
        "author": lambda p: list(p.authors) or None,
        "date": lambda p: p.date if p.dated else None,
        "description": lambda p: p.description or p.summary or None,
        "categories": lambda p: list(p.tags) or None,
        "image": lambda p: p.image or None,
        "image-alt": lambda p: p.image_alt or None,
        "reading-time": lambda p: p.reading_minutes,
        "word-count": lambda p: p.word_count,
        "filename": lambda p: posixpath.basename(p.location.path),
        "file-modified": _modified,
        "path": lambda p: "/" + p.location.path,
    }
    read = known.get(field)
    return read(post) if read else post.extra.get(field)


def _modified(post: Post) -> datetime | None:
    """When a document's file was last changed (Quarto's `file-modified`)."""
    try:
        seconds = (Path(post.source_dir) / posixpath.basename(post.location.path)).stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(seconds).replace(microsecond=0)


def _sort_value(field: str) -> Callable[[Item], Any]:
    """The sort key of a field: numbers by value, dates in time, text without case."""

    def key(item: Item) -> tuple[int, Any]:
        """Sortable whatever its type (numbers, then dates, then text)."""
        value = field_value(item, field)
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        if isinstance(value, bool):
            return (2, str(value).casefold())
        if isinstance(value, int | float):
            return (0, value)
        if isinstance(value, datetime | date):
            return (1, value.isoformat())
        return (2, str(value).casefold())

    return key


def _kept(listing: Listing, item: Item) -> bool:
    """Whether `include` keeps an item (every field matches) and `exclude` leaves it (no
    field matches)."""
    if listing.include and not all(_matches(item, f, vs) for f, vs in listing.include):
        return False
    return not any(_matches(item, f, vs) for f, vs in listing.exclude)


def _matches(item: Item, field: str, wanted: tuple[Any, ...]) -> bool:
    """Whether an item's field matches one of `wanted` (a string as a glob, as Quarto
    compares them; anything else by equality)."""
    from wcmatch import fnmatch

    value = field_value(item, field)
    values = value if isinstance(value, list | tuple) else [value]
    for want in wanted:
        for have in values:
            if isinstance(want, str) and isinstance(have, str):
                if fnmatch.fnmatch(have, want, flags=fnmatch.BRACE | fnmatch.EXTMATCH):
                    return True
            elif have == want:
                return True
    return False


# ------------------------------------------------------------------------------------------------
# Categories and feeds


def category_counts(items: Iterable[Item]) -> tuple[tuple[str, int], ...]:
    """The categories of the listed items with how many carry each, in Quarto's order
    (alphabetical, without regard to case)."""
    counts: Counter[str] = Counter()
    for item in items:
        found = field_value(item, "categories")
        if isinstance(found, list | tuple):
            counts.update(set(map(str, found)))
        elif found:
            counts[str(found)] += 1
    return tuple(sorted(counts.items(), key=lambda pair: (pair[0].casefold(), pair[0])))


Feed = tuple[str, str, tuple[Post, ...]]  # where it is written, its title ("": the page's), posts


def listing_feeds(doc: Post, lists: Listed, size: int) -> tuple[Feed, ...]:
    """The feeds a listing asks for (`feed:`), where Quarto writes them: `blog.qmd`'s at
    `blog.xml` (the home page's `index.xml` is the site's feed already), and one for each of
    `feed: {categories: [...]}` at `blog-<category>.xml`, each of the newest posts it lists."""
    found = feed_listing(lists)
    if found is None:
        return ()
    one, listed = found
    posts = tuple(p for p in listed if not p.page)
    count = one.feed_items or size
    stem = feed_stem(doc)
    feeds = [(stem + ".xml", one.feed_title, posts[:count])] if doc.slug else []
    for category in one.feed_categories:
        carrying = tuple(p for p in posts if category in p.tags)
        feeds.append((f"{stem}-{category.lower()}.xml", one.feed_title, carrying[:count]))
    return tuple(feeds)


def feed_listing(lists: Listed) -> tuple[Listing, tuple[Post, ...]] | None:
    """The first listing of a page asking for a feed (Quarto's first `feed:` decides), with
    the documents it lists (posts and pages); None when none asks."""
    found = next(((one, items) for one, items in lists if one.feed), None)
    if found is None:
        return None
    one, items = found
    shown = items[: one.max_items] if one.max_items is not None else items
    return one, tuple(p for p in shown if isinstance(p, Post))


def feed_stem(doc: Post) -> str:
    """Where a listing page's feeds go, without `.xml`: beside it, named as its file."""
    return posixpath.splitext(doc.slug if doc.slug.endswith(".html") else doc.slug + "index")[0]


class Required(NamedTuple):
    """An item that lacks a field its listing requires (`field-required`)."""

    item: Item
    field: str
    listing: Listing


def missing_required(lists: Listed) -> list[Required]:
    """The items of a page's listings that lack a field their listing requires."""
    return [
        Required(item, field, one)
        for one, items in lists
        for item in items
        for field in one.field_required
        if field_value(item, field) in (None, "", [])
    ]


def required_problems(posts: Iterable[Post]) -> list[Diagnostic]:
    """An error for each listed item that lacks a field its listing requires
    (`field-required`), at the item (Quarto stops the render there too)."""
    posts = tuple(posts)
    pages = [p for p in posts if p.page and not p.draft]
    if not any(is_listing_page(p) for p in pages):
        return []  # a site without listings: nothing more to look at
    from .listing_data import DataItem

    problems = []
    for doc, lists in listing_pages(pages, [p for p in posts if not p.page and not p.draft]):
        for found in missing_required(lists):
            item = found.item
            path, line = (
                item.origin
                if isinstance(item, DataItem)
                else (item.location.path, item.location.line)
            )
            problems.append(
                error(
                    path,
                    line,
                    f"no '{found.field}', which the listing '{found.listing.ident}' in "
                    f"{doc.location.path} requires (field-required)",
                    f"give it a {found.field}, or take '{found.field}' out of field-required",
                )
            )
    return problems
