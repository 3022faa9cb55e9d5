"""A Quarto project's listing feeds as Quarto writes them, so that subscribers keep theirs:
RSS 2.0 at `<page>.xml` beside the listing page (`index.qmd`'s at `index.xml`) and one at
`<page>-<category>.xml` for each of `feed: categories`, of the newest posts the listing lists
(`feed: items`, 20 unless it says), each item's description as `feed: type` says: the whole
post (`full`, the default), its description or first paragraph (`partial`), or its
description alone (`metadata`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin

from .listings import Listed, feed_listing, feed_stem
from .memo import Spec
from .model import Post
from .pages import page_title
from .patterns import compile_later

if TYPE_CHECKING:
    from .listing_options import Listing
    from .plan import Reader
    from .views import Page

# How many posts a feed holds when `feed: items` does not say (Quarto's default).
FEED_ITEMS = 20
# A link or source in a post's HTML: a feed reader has no page to resolve it against.
_URL_ATTRIBUTE = compile_later(r'(\s(?:href|src)=")([^"]*)"')


def rss_feed_specs(
    r: Reader, listed: tuple[tuple[Post, Listed], ...], site_feed: Callable[..., Page]
) -> Iterator[Spec]:
    """The feeds the listing pages ask for; and where the home page asks for none, quizsite's
    feed of the site (`site_feed`) at `index.xml`, where a Quarto blog's feed may have been."""
    for doc, lists in listed:
        yield from _page_feeds(r, doc, lists)
    if not any(not doc.slug and feed_listing(lists) is not None for doc, lists in listed):
        latest = tuple([p.slug for p in r.site.posts[: r.config.feed_size]])
        yield Spec("index.xml", site_feed, ("index.xml", latest))


def _page_feeds(r: Reader, doc: Post, lists: Listed) -> Iterator[Spec]:
    """The feeds a listing page asks for: its own, then one per category."""
    found = feed_listing(lists)
    if found is None:
        return
    one, listed = found
    # Newest first, as Quarto orders a feed whatever order the listing shows.
    newest = sorted(listed, key=lambda p: p.date, reverse=True)
    count, stem = one.feed_items or FEED_ITEMS, feed_stem(doc)
    yield Spec(f"{stem}.xml", _rss, (f"{stem}.xml", doc, one, "", _listed(newest[:count])))
    for category in one.feed_categories:
        carrying = [p for p in newest if category in p.tags][:count]
        path = f"{stem}-{category.lower()}.xml"
        yield Spec(path, _rss, (path, doc, one, category, _listed(carrying)))


def _listed(docs: list[Post]) -> tuple[str | Post, ...]:
    """A feed's documents as its maker takes them: a post by its slug (the maker reads its
    feed entry), a page itself (a page has no feed entry; an edited one is a new object)."""
    return tuple([doc if doc.page else doc.slug for doc in docs])


def rss_link(r: Reader, doc: Post, lists: Listed) -> tuple[str, str] | None:
    """The listing page's own feed as its head links it (title, URL), or None."""
    found = feed_listing(lists)
    if found is None:
        return None
    return _title(r, doc, found[0]), f"{r.urls.base}{feed_stem(doc)}.xml"


def _title(r: Reader, doc: Post, one: Listing) -> str:
    """`feed: title`, else the site's title, else (an untitled site) the listing page's."""
    from .assemble import site_name

    return one.feed_title or site_name(r.config) or page_title(doc, "")


def _rss(
    r: Reader, path: str, doc: Post, one: Listing, category: str, listed: tuple[str | Post, ...]
) -> Page:
    """One RSS feed of `listed`, for the listing page `doc` (a category's when `category`)."""
    link = _as_quarto(r.urls.absolute(r.urls.base + doc.slug))
    if category:
        link += "#category=" + quote(category, safe="")
    items = tuple([_item(r, one.feed_type, item) for item in listed])
    description = one.feed_description or doc.description or r.config.description
    return r.page(
        path,
        "rss.xml",
        _title(r, doc, one),
        r.urls.base + path,
        link=link,
        channel_description=description,
        language=one.feed_language,
        updated=items[0][5] if items else _rfc822(datetime(2000, 1, 1)),
        items=items,
    )


Item = tuple[str, str, tuple[str, ...], str, tuple[str, ...], str]


def _item(r: Reader, kind: str, listed: str | Post) -> Item:
    """A listed document as an RSS item: title, link, authors, description, categories,
    date. A post's come from its feed entry; a page, which has none, gives its own."""
    if isinstance(listed, str):
        entry = r.feed_entry(listed)
        title, url, authors, summary = entry.title, entry.url, entry.authors, entry.summary
        html, date, tags = entry.content_html, _parse_rfc3339(entry.published), entry.tags
        categories = tuple([tag.name for tag in tags])
    else:
        title, url, authors = (
            listed.title,
            r.urls.absolute(r.urls.base + listed.slug),
            listed.authors,
        )
        summary, html = listed.description or listed.summary, str(listed.body_html)
        date, categories = listed.date, listed.tags
    if kind == "full":
        text = _URL_ATTRIBUTE.sub(lambda m: f'{m[1]}{urljoin(url, m[2])}"', html)
    elif kind == "partial":
        text = summary
    else:  # metadata: the description alone, which a post's feed entry does not keep apart
        text = (r.post(listed) if isinstance(listed, str) else listed).description
    return title, _as_quarto(url), authors, text, categories, _rfc822(date)


def _as_quarto(url: str) -> str:
    """A page's URL as Quarto's feeds write it, naming its file (`posts/a/index.html`): an
    item's link is its `guid`, which a reader knows it by, so a subscriber sees no old post
    as new."""
    return url + "index.html" if url.endswith("/") else url


def _parse_rfc3339(stamp: str) -> datetime:
    """A feed entry's date (`2024-01-02T00:00:00Z`) as a datetime."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


# RFC 822's English names, whatever the locale (email.utils writes them so too, but importing
# it brings in random and socket, which every build would pay for).
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _rfc822(moment: datetime) -> str:
    """A date as RSS writes it (`Tue, 02 Jan 2024 00:00:00 GMT`)."""
    utc = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    day, month = _DAYS[utc.weekday()], _MONTHS[utc.month - 1]
    return f"{day}, {utc.day:02d} {month} {utc.year:04d} {utc:%H:%M:%S} GMT"
