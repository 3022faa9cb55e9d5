"""The reading list's pages: the whole list page by page, each tag's, and the own page of
each resource cited by more quizzes than an entry names (plan.py's families)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from markupsafe import Markup

from .assemble import of_site
from .family_parts import Specs, listing, paged_title, word
from .memo import Spec
from .urls import reading_anchor
from .views import LISTED_TAGS, Page, Pager, ReadingView, TagLink

if TYPE_CHECKING:
    from .plan import Reader


def reading_pages(r: Reader) -> Specs:
    """The reading list page by page, each tag's reading list (readers narrow the list by tag
    without a script), and the own page of each resource cited by more than it names."""
    first, per_page = r.site_view.reading_list_url, r.config.readings_per_page
    tags = tuple((slug, f"{first}tags/{slug}/", len(urls)) for slug, urls in r.by_tag.items())
    paged = partial(r.urls.paged, first)
    every = tuple(r.spots)  # the resources' URLs, in the reading list's order
    # No reading recommended (a blog without quizzes): no reading list page, and no link to it.
    for shown, pager in listing(every, per_page, paged) if every else ():
        yield Spec(r.urls.file(paged(pager.number)), _reading_page, (shown, pager, tags))
    for slug, tag_first, _ in tags:
        tag_paged = partial(r.urls.paged, tag_first)
        for shown, pager in listing(r.by_tag[slug], per_page, tag_paged):
            path = r.urls.file(tag_paged(pager.number))
            yield Spec(path, _tag_reading_page, (slug, tag_first, shown, pager, tags))
    for url, own in r.own_pages.items():
        yield Spec(r.urls.file(own), _own_page, (url,))


TagReadings = tuple[tuple[TagLink, str, int], ...]
# Each tag's reading list as the plan names it: the tag's slug, the list's URL, its length.
TagLists = tuple[tuple[str, str, int], ...]


def _tag_readings(r: Reader, tags: TagLists) -> TagReadings:
    """The tags' reading lists as the reading list pages link them, their tags' links read."""
    return tuple([(r.tag(slug), first, count) for slug, first, count in tags])


def _reading_page(r: Reader, shown: tuple[str, ...], pager: Pager, tags: TagLists) -> Page:
    n, total = pager.number, pager.total
    url = r.urls.paged(r.site_view.reading_list_url, n)
    return r.page(
        r.urls.file(url),
        "reading_list.html",
        paged_title(r, word(r, "quizsite-reading-list"), n, total),
        url,
        readings=tuple([r.listed(url) for url in shown]),
        pager=pager,
        tag=None,
        reading_tags=_tag_readings(r, tags),
        description=f"Every resource recommended by the quizzes{of_site(r.config)}",
    )


def _tag_reading_page(
    r: Reader,
    slug: str,
    first: str,
    shown: tuple[str, ...],
    pager: Pager,
    tags: TagLists,
) -> Page:
    link, n, total = r.tag(slug), pager.number, pager.total
    return r.page(
        r.urls.file(r.urls.paged(first, n)),
        "reading_list.html",
        paged_title(r, f"{word(r, 'quizsite-reading-list')}: {link.name}", n, total),
        r.urls.paged(first, n),
        readings=tuple([r.listed(url, slug) for url in shown]),
        pager=pager,
        tag=link,
        reading_tags=_some_tags(_tag_readings(r, tags), link),
        description=f"The resources recommended by the quizzes tagged {link.name}",
    )


def _some_tags(readings: TagReadings, current: TagLink) -> TagReadings:
    """The tags a tag's reading list page links to: the first LISTED_TAGS and its own (every
    tag's page listing every tag grew with the square of the number of tags)."""
    first = readings[:LISTED_TAGS]
    own = [t for t in readings[LISTED_TAGS:] if t[0] is current]
    return first + tuple(own) if own else first


def _own_page(r: Reader, at: str) -> Page:
    entry = r.entry(at)
    url = r.own_pages[at]
    reading = ReadingView(
        entry.title,
        entry.url,
        Markup(""),
        r.cited(entry),
        0,
        reading_anchor(entry.url),
        *r.spot(entry.url),
    )
    return r.page(
        r.urls.file(url),
        "reading.html",
        entry.title,
        url,
        reading=reading,
        posts=tuple([r.summary(p.slug) for p in entry.posts]),
        description=f"The {len(entry.posts)} quizzes{of_site(r.config)} recommending {entry.title}",
    )
