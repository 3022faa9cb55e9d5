"""A Quarto listing page as its maker (families.py) hands it to `listing.html`: each listing's
view with the site's current version of every item, the page's categories (of every listing,
as Quarto counts them), and the page's body cut where its listings go."""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .assemble import make_summary
from .listing_data import DataItem
from .listing_views import ItemContext, listing_view
from .listings import Item, Listed, category_counts
from .model import Post
from .slugs import tag_slug
from .urls import page_image
from .views import PostSummary

if TYPE_CHECKING:
    from .plan import Reader


@dataclass(frozen=True)
class CategoryView:
    """A category as the page's categories show it."""

    name: str
    url: str  # its tag page, or "" (the listing's script filters by it in place)
    count: int
    size: int  # 1 to 10, for the cloud


@dataclass(frozen=True)
class CategoriesView:
    """The page's categories (from the first listing that says whether to show them)."""

    style: str  # "numbered", "unnumbered" or "cloud"
    total: int
    entries: tuple[CategoryView, ...]


def listing_page_views(r: Reader, doc: Post, shown: Listed, body: str) -> dict[str, Any]:
    """What `listing.html` shows besides the page itself: its listings, its body cut where
    they go, and its categories."""
    lists = tuple((one, tuple([_current(r, i) for i in items])) for one, items in shown)
    tag_url = partial(_tag_url, r)
    words = doc.options.words if doc.options and doc.options.words else r.site_view.words
    folder = posixpath.dirname(doc.slug)
    context = ItemContext(partial(_card, r), tag_url, r.urls.base, folder, doc.date_format, words)
    return {
        "listings": tuple(listing_view(one, items, context) for one, items in lists),
        "parts": placed(body, tuple(one.ident for one, _ in lists)),
        "categories": categories_view(lists, tag_url),
    }


def _current(r: Reader, item: Item) -> Item:
    """The site's version of a listed item (a data item's document too)."""
    if isinstance(item, DataItem):
        return replace(item, document=r.current(item.document)) if item.document else item
    return r.current(item)


def _tag_url(r: Reader, name: str) -> str:
    """A category's tag page, or "" when no post carries it."""
    slug = tag_slug(name)
    return r.tag(slug).url if slug in r.tag_links else ""


def _card(r: Reader, doc: Post) -> PostSummary:
    """A listed document's card: a post's own, or a page's at its own URL, its categories
    linked where posts share them (a page's own categories make no tag pages)."""
    if not doc.page:
        return r.summary(doc.slug)
    slugs = (tag_slug(t) for t in doc.tags)
    links = tuple(dict.fromkeys(r.tag(s) for s in slugs if s in r.tag_links))
    card = make_summary(doc, r.config, r.urls, links)
    # A page's URL and image are beside the page, not under posts/ (page_image).
    return card._replace(url=r.urls.base + doc.slug, image=page_image(doc, r.urls))


def categories_view(listings: Listed, tag_url: Callable[[str], str]) -> CategoriesView | None:
    """The page's categories, styled as the first listing setting `categories` asks (counting the items of
    every listing, as Quarto does); None when not shown."""
    style = next((one.categories for one, _ in listings if one.says_categories), "")
    if not style:
        return None
    every = [item for _, items in listings for item in items]
    total = len(every)
    entries = tuple(
        CategoryView(name, tag_url(name), count, max(1, math.ceil(count / max(total, 1) * 10)))
        for name, count in category_counts(every)
    )
    return CategoriesView(style, total, entries)


def placed(body: str, idents: tuple[str, ...]) -> tuple[tuple[Markup, str], ...]:
    """The page's body cut where its listings go (an empty `::: {#id}` div names the place
    of the listing with that id), each part with the listing after it ("" for none); the
    listings with no place come after the body, as Quarto appends them."""
    spots = []
    for ident in idents:
        found = re.search(rf'<div id="{re.escape(ident)}"[^>]*>\s*</div>', body)
        if found is not None:
            spots.append((found.start(), found.end(), ident))
    parts: list[tuple[Markup, str]] = []
    last = 0
    for start, end, ident in sorted(spots):
        parts.append((Markup(body[last:start]), ident))
        last = end
    parts.append((Markup(body[last:]), ""))
    return tuple(parts)
