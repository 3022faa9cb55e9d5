"""Render the site's pages with the theme's Jinja templates, which see read-only views only."""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2
from markupsafe import Markup, escape

from .config import SiteConfig
from .errors import BuildFailed, Diagnostic, error
from .fragments import FragmentCache
from .model import (
    EMPTY_HTML,
    HIDDEN_KIND_CLASS,
    UNDATED,
    Html,
    Option,
    Post,
    Quiz,
    Reading,
    ReadingEntry,
    Site,
    Tag,
    quiz_body,
)
from .pages import MenuLink, menu_links, page_view
from .quarto_urls import page_file, post_url_path
from .readings import describe, entries_by_tag
from .sheets import SHEET_SIZE, SheetQuiz, sheet_parts, sheet_posts, sheet_quiz
from .slugs import tag_slug
from .taxonomy import neighbours, paginate
from .themes import PACKAGE_THEMES, SOURCE_THEMES, theme_dirs
from .xmltext import utf8, xml_safe

# ---------------------------------------------------------------------------------------------
# Views: what templates see. Plain frozen records with URLs worked out; no model objects.


@dataclass(frozen=True)
class TagLink:
    """A tag as a link, with how many posts carry it."""

    name: str
    slug: str
    url: str
    count: int


@dataclass(frozen=True)
class PostLink:
    """Just enough of a post to link to it (the slug identifies it to scripts)."""

    title: str
    url: str
    slug: str


def _some_tags(
    readings: tuple[tuple[TagLink, str, int], ...], current: TagLink
) -> tuple[tuple[TagLink, str, int], ...]:
    """The tags a tag's reading list page links to: the first LISTED_TAGS and its own (every
    tag's page listing every tag grew with the square of the number of tags)."""
    first = readings[:LISTED_TAGS]
    own = [r for r in readings[LISTED_TAGS:] if r[0] is current]
    return first + tuple(own) if own else first


# How many of a post's tags each card on a listing and each feed entry repeats: a post of
# thousands of tags is on thousands of tag pages and feeds, which would each repeat them all.
LISTED_TAGS = 20


@dataclass(frozen=True)
class PostSummary:
    """A post as listings show it: never the answer."""

    slug: str
    title: str
    url: str
    date_iso: str
    date_display: str
    tags: tuple[TagLink, ...]
    summary: str
    summary_html: Markup  # the summary with formulas as MathML and code in <code>
    description: str
    is_quiz: bool
    multiple: bool
    reading_minutes: int
    image: str = ""  # the post's `image` as a URL, for its card, or ""
    image_alt: str = ""  # `image-alt`, or ""

    @property
    def card_tags(self) -> tuple[TagLink, ...]:
        """The tags a listing's card shows (the post's page shows them all)."""
        return self.tags[:LISTED_TAGS]


# A quiz's options are shown as the model holds them (number, HTML, plain text): the very
# records, not copies of them, so the build cache keeps each option once.
OptionView = Option


@dataclass(frozen=True)
class QuizView:
    """A quiz's rendered parts, in page order."""

    question_html: Html
    options: tuple[OptionView, ...]
    options_html: Html  # the options as the post's own list
    between_html: Html
    answer_html: Html
    after_html: Html
    anchor: str
    multiple: bool
    key: tuple[int, ...]
    marker: str = "1"  # the options' <ol> type (1, A, a, I, i)

    @property
    def body_html(self) -> Markup:
        """The parts in page order: the post's whole body."""
        return quiz_body(self)


@dataclass(frozen=True)
class ReadingView:
    """A recommended reading, with the quizzes citing it."""

    title: str
    url: str
    note_html: Markup
    cited_by: tuple[PostLink, ...]
    more: int  # citing quizzes left out of `cited_by` (post pages show the nearest few)
    anchor: str  # the id of its entry on the reading list
    entry_url: str  # its entry on the reading list (the page holding it, and the anchor)
    all_url: str  # where every quiz citing it is listed: its own page, if it has one, or its entry

    @property
    def source(self) -> str:
        """Where it is from: `arXiv:1711.05101`, `doi:10.…`, or the site (`pytorch.org`)."""
        return describe(self.url)[0]

    @property
    def kind(self) -> str:
        """`paper`, `documentation`, `article`, `video`, or "" when the URL does not tell."""
        return describe(self.url)[1]

    @property
    def cited_count(self) -> int:
        """How many quizzes `cited_by` and `more` stand for."""
        return len(self.cited_by) + self.more


@dataclass(frozen=True)
class PostView:
    """Everything a post page shows."""

    post: PostSummary
    subtitle: str
    authors: tuple[str, ...]
    image: str
    image_alt: str
    prose_html: Html  # the body of a post without a quiz (empty for a quiz)
    quiz: QuizView | None
    readings: tuple[ReadingView, ...]
    older: PostLink | None
    newer: PostLink | None
    extra: Mapping[str, Any]
    author_links: tuple[tuple[str, str], ...] = ()  # (name, url or "") for the byline
    toc_html: Html = EMPTY_HTML  # the table of contents, when the post asks for one
    lang: str = ""  # the post's own language, when it differs from the site's

    @property
    def body_html(self) -> Markup:
        """The whole body, rendered (for a quiz, its parts in order: kept once, not twice)."""
        return self.quiz.body_html if self.quiz else self.prose_html.markup()


@dataclass(frozen=True)
class Pager:
    """Where a paginated listing page sits among its siblings."""

    number: int
    total: int
    prev_url: str | None
    next_url: str | None
    offset: int  # how many items the earlier pages hold (an <ol start> goes on from it)


@dataclass(frozen=True)
class SiteView:
    """Site-wide values every template may use."""

    title: str
    description: str
    author: str
    language: str
    base_url: str
    base_path: str
    home_url: str
    tags_url: str
    reading_list_url: str
    feed_url: str
    post_count: int
    tag_count: int
    search: bool  # the search box and page are shown (config `search`)
    publish_answers: bool  # answers may be shown outside the post page, and indexed
    fold_readings: bool  # a quiz's sidebar readings stay folded until it is answered
    menu: tuple[MenuLink, ...] = ()  # the site's own menu (Quarto's navbar), in order
    favicon_url: str = ""  # the site's icon (Quarto's `website.favicon`), or "" for the theme's
    has_reading_list: bool = True  # some quiz recommends reading: the reading list exists


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, which template renders it, and with what."""

    path: str  # relative to the output folder, POSIX style
    template: str
    context: Mapping[str, Any]


class _AsRendered(Mapping[str, Any]):
    """Stands, in the build cache, for the view a page was last rendered from (see
    `cached_views`): an empty mapping, equal to no real view, the same object once loaded."""

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __reduce__(self) -> str:
        return "AS_RENDERED"  # pickled as a reference to the one instance


AS_RENDERED = _AsRendered()

# ---------------------------------------------------------------------------------------------


class Urls:
    """Every internal URL, prefixed with the base path so sub-path hosting works."""

    def __init__(self, base_path: str, origin: str = "") -> None:
        self.base = base_path
        self.origin = origin

    def absolute(self, url: str) -> str:
        """A full URL for feeds, the sitemap and social cards (needs a full base_url)."""
        return self.origin + url if url.startswith("/") else url

    def post(self, slug: str) -> str:
        """A post page."""
        return self.base + post_url_path(slug)

    def tag(self, slug: str, number: int = 1) -> str:
        """A page of a tag's listing."""
        return self.paged(f"{self.base}tags/{slug}/", number)

    def home(self, number: int = 1) -> str:
        """A page of the home listing."""
        return self.paged(self.base, number)

    @staticmethod
    def paged(first: str, number: int) -> str:
        """Page `number` of a listing whose first page is at `first`."""
        return first if number == 1 else f"{first}page/{number}/"

    def file(self, url: str) -> str:
        """The output file serving an internal URL (ending in `/`, or a Quarto `name.html`)."""
        return page_file(url[len(self.base) :])

    def asset(self, path: str) -> str:
        """A file shipped with the site."""
        return self.base + path.lstrip("/")


def format_date(value: datetime, fmt: str) -> str:
    """strftime, plus `%-d`/`%-m` (no leading zero) on every platform."""
    fmt = fmt.replace("%-d", str(value.day)).replace("%-m", str(value.month))
    return value.strftime(fmt)


V = TypeVar("V")
K = TypeVar("K")


def _listing(
    items: tuple[V, ...], per_page: int, url_of: Callable[[int], str]
) -> Iterator[tuple[tuple[V, ...], Pager]]:
    """A listing's pages: the items of each and where it sits among the others."""
    for chunk in paginate(items, per_page):
        n, total = chunk.number, chunk.total
        before, after = (url_of(n - 1) if n > 1 else None), (url_of(n + 1) if n < total else None)
        yield chunk.items, Pager(n, total, before, after, (n - 1) * per_page)


# On a post page, "Also in:" names this many of the other quizzes citing a reading (those
# nearest in date) and links to where all of them are listed. Unbounded, these lists made
# every page grow with the site, and one title edit re-render every quiz sharing a reading.
ALSO_IN_LIMIT = 5
# The reading list names this many of the quizzes citing each resource (the newest ones). A
# resource cited by more has a page of its own listing them all, and its entry links there:
# unbounded, the first reading list page grew with the site.
LISTED_LIMIT = 10

MemoEntries = dict[str, dict[object, tuple[object, Any]]]  # kind -> ident -> (key, view)


class _Lazy(dict[K, V]):
    """A mapping that makes each value when it is first asked for: a page made again asks
    only for the views of what it shows, so an edit does not cost a lookup per post."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self._make(key)
        return value


class Memo:
    """Views kept from the previous build, so that an unchanged post gets the very same view
    objects back: pages are then assembled from lookups, and comparing a page's view with the
    one it was last rendered from mostly stops at identity.

    Each view is stored with the key it was made from: the post (compared by identity, which
    the parse cache keeps for unchanged files) and the views of anything else it shows. Whole
    pages are kept too, keyed by the very objects they show. A memo serves only builds with
    the same config and templates, so keys leave those out.
    """

    def __init__(self, previous: MemoEntries | None = None) -> None:
        # Copied, not shared: the previous build's state stays as it was. Views not asked
        # for by this build (those of pages it did not make again) are carried over.
        self.entries: MemoEntries = {kind: dict(old) for kind, old in (previous or {}).items()}

    def get(self, kind: str, ident: object, key: object, make: Callable[..., V], *args: Any) -> V:
        """The `kind` view of `ident`: the previous build's if made from an equal key, else
        `make(*args)`."""
        entries = self.entries.setdefault(kind, {})
        entry = entries.get(ident)
        if entry is None or entry[0] != key:
            entry = entries[ident] = (key, make(*args))
        return entry[1]

    def keep(self, kinds: Iterable[str], live: Collection[object]) -> None:
        """Forget the views of the `kinds` whose ident is not in `live` (a post removed or
        replaced, a page gone), so they do not pile up across a watch session."""
        for kind in kinds:
            entries = self.entries.get(kind)
            if entries is not None:
                for ident in entries.keys() - live:
                    del entries[ident]

    def forget(self, kinds: Iterable[str], gone: Iterable[object]) -> None:
        """Forget the views of the `kinds` made for `gone` (posts replaced by edited versions)."""
        for kind in kinds:
            entries = self.entries.get(kind, {})
            for ident in gone:
                entries.pop(ident, None)


def cached_views(entries: MemoEntries) -> MemoEntries:
    """What the build cache keeps of a memo: each page's key, with the page's view replaced by
    AS_RENDERED, and the small views those keys hold (tag links, the site view).

    The views are much of a build's state, and on disk they cost more to save and load than
    to make again for the few pages an edit reaches. A page whose key is unchanged is as it
    was rendered, which is all the next build needs to know about it.
    """
    pages = {
        path: (key, dataclasses.replace(page, context=AS_RENDERED))
        for path, (key, page) in entries.get("page", {}).items()
    }
    return {kind: entries[kind] for kind in ("tag", "tags", "site") if kind in entries} | {
        "page": pages
    }


# The kinds of views made for one post (and kept while it is the site's).
POST_VIEWS = ("own", "summary", "sidebar", "feed", "sheet")


def site_pages(
    site: Site, memo: Memo | None = None, swaps: Mapping[Post, Post] | None = None
) -> list[Page]:
    """Every page of the site with its template and view (unchanged views taken from `memo`).

    With `swaps` (`site` is the one the memo's pages were made from, with these posts swapped
    for their edited versions: see `index_site`), only the pages showing a swapped post are
    visited, made again and returned; the memo keeps the others as they were, unlooked at. A
    swap keeps every count, so the tag links and the site view, which every page's key
    holds, are the memo's own.
    """
    config = site.config
    memo = memo if memo is not None else Memo()
    urls = Urls(config.base_path, config.origin)
    tag_links = {
        t.slug: memo.get("tag", t.slug, (t.name, len(t.posts)), _tag_link, t, urls)
        for t in site.tags
    }
    # The last build's very tuple while no tag changed: every page's key holds it.
    every_tag = memo.get("tags", None, tuple(tag_links.values()), tuple, tag_links.values())
    # What depends on nothing but the post (and the config): its link and sitemap entry.
    own: _Lazy[Post, tuple[PostLink, SitemapEntry]] = _Lazy(
        lambda p: memo.get("own", p, None, _own_views, p, urls)
    )
    links: _Lazy[Post, PostLink] = _Lazy(lambda p: own[p][0])
    summaries: _Lazy[Post, PostSummary] = _Lazy(
        lambda p: _summary(p, config, urls, tag_links, memo)
    )
    menu = menu_links(config, site.pages, urls.base)
    site_view = memo.get(
        "site",
        None,
        (len(site.posts), len(site.tags), menu, bool(site.reading_list)),
        SiteView,
        config.title,
        config.description,
        config.author,
        config.language,
        config.base_url,
        config.base_path,
        urls.home(),
        f"{urls.base}tags/",
        f"{urls.base}reading-list/",
        f"{urls.base}feed.xml",
        len(site.posts),
        len(site.tags),
        config.search,
        config.publish_answers,
        config.fold_sidebar_readings,
        menu,
        urls.asset(config.favicon) if config.favicon else "",
        bool(site.reading_list),
    )
    swapped_in = set(swaps.values()) if swaps is not None else set()

    def shows(posts: Iterable[Post]) -> bool:
        """Whether a page showing `posts` is to be visited: all are, but for a swap."""
        return swaps is None or not swapped_in.isdisjoint(posts)

    pages: dict[str, Page] = {}

    def made(path: str, key: object, make: Callable[..., Page], *args: Any) -> None:
        # A page is made again only when what it shows changed: `key` holds the very posts
        # (or reading list entries) it lists, for a post page also its neighbours and the
        # quizzes its sidebar names; the tag links and site view are the same objects while
        # no count changed. An edit thus costs a lookup per page visited, and the views of
        # the few pages showing the edited post.
        pages[path] = memo.get("page", path, (key, every_tag, site_view), make, *args)

    def page(path: str, template: str, title: str, url: str, **context: Any) -> Page:
        meta = {
            "title": title,
            "url": url,
            "canonical": urls.absolute(url),
            "description": context.pop("description", ""),
            "type": context.pop("type", "website"),
            "image": context.pop("image", ""),
            "image_alt": context.pop("image_alt", ""),
            "feed_url": context.pop("feed_url", ""),
            "lang": context.pop("lang", ""),
        }
        return Page(path, template, {"site": site_view, "page": meta, **context})

    def home_page(shown: tuple[Post, ...], pager: Pager) -> Page:
        n, total = pager.number, pager.total
        return page(
            urls.file(urls.home(n)),
            "index.html",
            config.title if n == 1 else f"{config.title} (page {n} of {total})",
            urls.home(n),
            posts=tuple(summaries[p] for p in shown),
            pager=pager,
            description=config.description,
        )

    for shown, pager in _listing(site.posts, config.posts_per_page, urls.home):
        if shows(shown):
            made(urls.file(urls.home(pager.number)), (shown, pager), home_page, shown, pager)
    entries = {e.url: e for e in site.reading_list}
    # Each reading's citing quizzes as links (its own page lists them all).
    cited: _Lazy[str, tuple[PostLink, ...]] = _Lazy(
        lambda url: tuple(map(links.__getitem__, entries[url].posts))
    )
    # For each quiz citing a reading, the others its "Also in:" names: worked out again only
    # when the entry's quizzes change.
    windows: _Lazy[str, dict[Post, tuple[tuple[Post, ...], int]]] = _Lazy(
        lambda url: memo.get("windows", url, entries[url].posts, _also_in, entries[url].posts)
    )
    reading_list_url = partial(urls.paged, site_view.reading_list_url)
    own_pages = {  # the resources with a page of their own
        e.url: f"{site_view.reading_list_url}{reading_id(e.url)}/"
        for e in site.reading_list
        if len(e.posts) > LISTED_LIMIT
    }
    # Where each resource is: its entry on the reading list, and where all its quizzes are.
    spots = {}
    for i, e in enumerate(site.reading_list):
        entry_url = f"{reading_list_url(i // config.readings_per_page + 1)}#{reading_anchor(e.url)}"
        spots[e.url] = (entry_url, own_pages.get(e.url, entry_url))

    def post_page(post: Post, older: Post | None, newer: Post | None) -> Page:
        view = _post_view(
            post,
            summaries[post],
            links[older] if older else None,
            links[newer] if newer else None,
            _sidebar(post, windows, links, spots, memo),
        )
        return page(
            page_file(post_url_path(post.slug)),
            "post.html",
            post.title,
            urls.post(post.slug),
            view=view,
            description=post.description or post.summary,
            type="article",
            image=urls.absolute(_post_image(post, urls)) if post.image else "",
            image_alt=post.image_alt,
            lang=post.lang,
        )

    def alias_page(post: Post, alias: str) -> Page:
        return page(
            alias_path(alias, config.base_path),
            "alias.html",
            post.title,
            urls.post(post.slug),
            target=urls.absolute(urls.post(post.slug)),
        )

    if swaps is None:
        visited: Iterable[int] = range(len(site.posts))
    else:  # the swapped posts, their neighbours, and the quizzes whose sidebar names one
        at = {post: index for index, post in enumerate(site.posts)}
        near = {at[post] + step for post in swapped_in for step in (-1, 0, 1)}
        urls_cited = {r.url for post in swapped_in if post.quiz for r in post.quiz.readings}
        naming = {at[p] for url in urls_cited for p, (w, _) in windows[url].items() if shows(w)}
        visited = sorted(i for i in near | naming if 0 <= i < len(site.posts))
    for index in visited:
        post = site.posts[index]
        older, newer = neighbours(site.posts, index)
        # Its sidebar: each reading's "Also in:" quizzes, and where the reading is listed.
        readings = (
            [(windows[r.url][post], spots[r.url]) for r in post.quiz.readings] if post.quiz else []
        )
        key = (post, older, newer, *readings)
        made(page_file(post_url_path(post.slug)), key, post_page, post, older, newer)
        for alias in post.aliases:
            made(alias_path(alias, config.base_path), post, alias_page, post, alias)

    def feed(path: str, title: str, page_url: str, posts: tuple[Post, ...]) -> Page:
        items = tuple(
            memo.get("feed", p, summaries[p], _feed_entry, p, summaries[p], config, urls)
            for p in posts
        )
        return page(
            path,
            "feed.xml",
            title,
            urls.base + path,
            page_url=urls.absolute(page_url),
            updated=items[0].published if items else rfc3339(datetime(2000, 1, 1)),
            entries=items,
        )

    def tag_page(tag: Tag, link: TagLink, shown: tuple[Post, ...], pager: Pager) -> Page:
        n, total = pager.number, pager.total
        return page(
            urls.file(urls.tag(tag.slug, n)),
            "tag.html",
            f"Tag: {tag.name}" if n == 1 else f"Tag: {tag.name} (page {n} of {total})",
            urls.tag(tag.slug, n),
            tag=link,
            posts=tuple(summaries[p] for p in shown),
            pager=pager,
            description=f"Quizzes tagged {tag.name}",
            feed_url=f"{link.url}feed.xml",
        )

    for tag in site.tags:
        if not shows(tag.posts):
            continue
        link = tag_links[tag.slug]
        for shown, pager in _listing(tag.posts, config.posts_per_page, partial(urls.tag, tag.slug)):
            if shows(shown):
                path = urls.file(urls.tag(tag.slug, pager.number))
                made(path, (link, shown, pager), tag_page, tag, link, shown, pager)
        path, latest = f"tags/{tag.slug}/feed.xml", tag.posts[: config.feed_size]
        if shows(latest):
            made(path, (link, latest), feed, path, f"{config.title}: {tag.name}", link.url, latest)
    latest = site.posts[: config.feed_size]
    if shows(latest):
        made("feed.xml", latest, feed, "feed.xml", config.title, urls.home(), latest)
        if config.quarto:  # where a Quarto blog's listing feed was: subscribers keep it
            made("index.xml", latest, feed, "index.xml", config.title, urls.home(), latest)

    def sheet_page(
        first: str, tag: TagLink | None, quizzes: tuple[SheetQuiz, ...], pager: Pager, count: int
    ) -> Page:
        n, url = pager.number, urls.paged(first, pager.number)
        title = f"Quiz sheet: {tag.name}" if tag is not None else "Quiz sheet"
        return page(
            urls.file(url),
            "sheet.html",
            title if n == 1 else f"{title} (page {n} of {pager.total})",
            url,
            tag=tag,
            quizzes=quizzes,
            pager=pager,
            count=count,
            parts=sheet_parts(count, n, partial(urls.paged, first)),
            description=f"{title}: questions and options to print, the answer key at the end",
        )

    # Printable sheets of every quiz, the site's and each tag's, a page per SHEET_SIZE
    # (sheets.py). A page's key holds its quizzes' sheet views, not their posts: an edit to
    # what a sheet does not show (the explanation, the prose) leaves the page as it was.
    for sheet_tag in (None, *site.tags):
        if sheet_tag is not None and not shows(sheet_tag.posts):
            continue
        on_sheet = sheet_posts(sheet_tag.posts if sheet_tag is not None else site.posts)
        sheet_link = tag_links[sheet_tag.slug] if sheet_tag is not None else None
        first = f"{sheet_link.url}sheet/" if sheet_link else f"{urls.base}sheet/"
        for shown, pager in _listing(on_sheet, SHEET_SIZE, partial(urls.paged, first)):
            if shows(shown):
                views = tuple(
                    memo.get("sheet", p, None, sheet_quiz, p, urls.post(p.slug)) for p in shown
                )
                sheet_key = (sheet_link, views, pager, len(on_sheet))
                path = urls.file(urls.paged(first, pager.number))
                made(path, sheet_key, sheet_page, first, sheet_link, views, pager, len(on_sheet))

    def listed(shown: tuple[ReadingEntry, ...]) -> tuple[ReadingView, ...]:
        return tuple(
            memo.get("reading", e.url, (e, spots[e.url]), _listed_reading, e, links, spots)
            for e in shown
        )

    # The resources the quizzes of each tag cite, each tag's on pages of its own (readers
    # narrow the list by tag without a script), linked from the reading list.
    by_tag = entries_by_tag(site.reading_list, {t.slug: t.name for t in site.tags})
    tag_counts = tuple((slug, len(listed_here)) for slug, listed_here in by_tag.items())
    tag_readings = tuple(
        (tag_links[slug], f"{site_view.reading_list_url}tags/{slug}/", len(listed_here))
        for slug, listed_here in by_tag.items()
    )

    def reading_page(shown: tuple[ReadingEntry, ...], pager: Pager) -> Page:
        n, total = pager.number, pager.total
        return page(
            urls.file(reading_list_url(n)),
            "reading_list.html",
            "Reading list" if n == 1 else f"Reading list (page {n} of {total})",
            reading_list_url(n),
            readings=listed(shown),
            pager=pager,
            tag=None,
            reading_tags=tag_readings,
            description=f"Every resource recommended by the quizzes of {config.title}",
        )

    for shown_entries, pager in _listing(
        site.reading_list, config.readings_per_page, reading_list_url
    ):
        if any(shows(e.posts) for e in shown_entries):
            path = urls.file(reading_list_url(pager.number))
            listing_key = (shown_entries, pager, tag_readings)
            made(path, listing_key, reading_page, shown_entries, pager)

    def tag_reading_page(
        link: TagLink, first: str, shown: tuple[ReadingEntry, ...], pager: Pager
    ) -> Page:
        n, total = pager.number, pager.total
        return page(
            urls.file(urls.paged(first, n)),
            "reading_list.html",
            f"Reading list: {link.name}" + (f" (page {n} of {total})" if n > 1 else ""),
            urls.paged(first, n),
            readings=listed(shown),
            pager=pager,
            tag=link,
            reading_tags=_some_tags(tag_readings, link),
            description=f"The resources recommended by the quizzes tagged {link.name}",
        )

    for link, first, _ in tag_readings:
        entries_here = by_tag[link.slug]
        paged = partial(urls.paged, first)
        for shown_entries, pager in _listing(entries_here, config.readings_per_page, paged):
            if any(shows(e.posts) for e in shown_entries):
                tag_key = (link, shown_entries, pager, tag_readings)
                path = urls.file(paged(pager.number))
                made(path, tag_key, tag_reading_page, link, first, shown_entries, pager)

    def own_page(entry: ReadingEntry) -> Page:
        url = own_pages[entry.url]
        return page(
            urls.file(url),
            "reading.html",
            entry.title,
            url,
            reading=ReadingView(
                entry.title,
                entry.url,
                Markup(""),
                cited[entry.url],
                0,
                reading_anchor(entry.url),
                *spots[entry.url],
            ),
            posts=tuple(summaries[p] for p in entry.posts),
            description=f"The {len(entry.posts)} quizzes of {config.title} recommending "
            f"{entry.title}",
        )

    for entry in site.reading_list:
        if entry.url in own_pages and shows(entry.posts):
            where = (entry, spots[entry.url])
            made(urls.file(own_pages[entry.url]), where, own_page, entry)
    # Every quiz, newest first, for scripts (next unanswered, random quiz); never the answers.
    # Its links are its key: equal links (the same titles) keep the page.
    quizzes = _quiz_links(site, memo, swaps, links)
    made(
        "quizzes.json",
        quizzes,
        lambda: page(
            "quizzes.json", "quizzes.json", "Quizzes", urls.base + "quizzes.json", quizzes=quizzes
        ),
    )
    if swaps is not None:
        # The pages not visited show no swapped post: they are as they were, and the build
        # takes them from the last one. No page shows a post the swaps replaced any more, so
        # the views made for those go.
        memo.forget(POST_VIEWS, swaps)
        return list(pages.values())
    made(
        "tags/index.html",
        None,
        lambda: page(
            "tags/index.html",
            "tags.html",
            "Tags",
            site_view.tags_url,
            tags=every_tag,
            description=f"All tags of {config.title}",
        ),
    )
    if config.search:
        made(
            "search/index.html",
            None,
            lambda: page(
                "search/index.html",
                "search.html",
                "Search",
                f"{urls.base}search/",
                description=f"Search the quizzes of {config.title}",
            ),
        )
    for doc in site.pages:
        url = urls.base + doc.slug
        made(
            page_file(doc.slug),
            doc,
            lambda doc=doc, url=url: page(
                page_file(doc.slug),
                "page.html",
                doc.title or config.title,
                url,
                view=page_view(doc, url, config.date_format),
                description=doc.description or doc.summary,
                image=urls.absolute(_page_image(doc, urls)),
                image_alt=doc.image_alt,
                lang=doc.lang,
            ),
        )
    made(
        "404.html",
        None,
        lambda: page("404.html", "404.html", "Page not found", urls.base + "404.html"),
    )
    made(
        "sitemap.xml",
        _sitemap_shows(site, entries, own_pages, tag_counts),
        lambda: page(
            "sitemap.xml",
            "sitemap.xml",
            "Sitemap",
            urls.base + "sitemap.xml",
            entries=_sitemap(site, urls, own, own_pages, tag_counts),
        ),
    )
    made(
        "robots.txt",
        None,
        lambda: page(
            "robots.txt",
            "robots.txt",
            "robots.txt",
            urls.base + "robots.txt",
            sitemap_url=urls.absolute(urls.base + "sitemap.xml"),
        ),
    )
    memo.keep(POST_VIEWS, set(site.posts))
    memo.keep(("windows", "reading"), entries.keys())
    memo.keep(("tag",), tag_links.keys())
    memo.keep(("page",), pages)
    return list(pages.values())


@dataclass(frozen=True)
class FeedEntry:
    """One post in an Atom feed: the question and options, the answer only if configured."""

    title: str
    url: str
    published: str
    summary: str
    content_html: str  # given to the feed template as text, which escapes it into the XML
    authors: tuple[str, ...]
    tags: tuple[TagLink, ...]


@dataclass(frozen=True)
class SitemapEntry:
    """One URL of the sitemap."""

    url: str
    lastmod: str


def alias_path(alias: str, base_path: str) -> str:
    """The output file for an old URL: `/old/url/` → `old/url/index.html`."""
    path = alias.strip()
    if path.startswith(base_path):
        path = path[len(base_path) :]
    path = path.lstrip("/")
    return (
        path if path.endswith((".html", ".htm")) else f"{path.rstrip('/')}/index.html".lstrip("/")
    )


def _post_image(post: Post, urls: Urls) -> str:
    """A post's `image` as a URL: absolute URLs stay, relative ones sit beside the post."""
    if "://" in post.image or post.image.startswith("/"):
        return post.image
    return urls.post(post.slug).rsplit("/", 1)[0] + "/" + post.image


def _page_image(page: Post, urls: Urls) -> str:
    """A standalone page's `image` as a URL: relative ones sit beside the page."""
    if not page.image or "://" in page.image or page.image.startswith("/"):
        return page.image
    folder = posixpath.dirname(page.slug)
    return urls.base + (f"{folder}/" if folder else "") + page.image


def rfc3339(value: datetime) -> str:
    """Atom's date format; naive dates are taken as UTC (an undated post's as the epoch)."""
    return max(value, _EPOCH).strftime("%Y-%m-%dT%H:%M:%SZ")


_EPOCH = datetime(1970, 1, 1)


def _author_links(post: Post) -> tuple[tuple[str, str], ...]:
    """Each author's name and link ("" for none), for the byline."""
    urls = post.author_urls or ("",) * len(post.authors)
    return tuple(zip(post.authors, urls, strict=True))


def _lastmod(value: datetime) -> str:
    """A sitemap's `lastmod`: the date, or nothing for an undated post."""
    return value.date().isoformat() if value > UNDATED else ""


# Feed readers show a post without the site's styles, so a callout's kind kept for screen
# readers would stand in front of its title as text ("Note: Expand to see the answer").
_HIDDEN_KIND = re.compile(f'<span class="{HIDDEN_KIND_CLASS}">[^<]*</span>')


def _feed_entry(post: Post, summary: PostSummary, config: SiteConfig, urls: Urls) -> FeedEntry:
    url = urls.absolute(summary.url)
    if post.quiz is None:
        content = post.body_html
    else:
        quiz = post.quiz
        options = "".join(f'<li value="{o.number}">{o.html}</li>' for o in quiz.options)
        answer = (
            quiz.answer.html
            if config.publish_answers
            else f'<p><a href="{escape(url)}#{escape(quiz.answer.anchor)}">Answer on the site</a></p>'
        )
        kind = f' type="{quiz.marker}"' if quiz.marker != "1" else ""
        content = Markup(f"{quiz.question_html}<ol{kind}>{options}</ol>{quiz.between_html}{answer}")
    return FeedEntry(
        title=post.title,
        url=url,
        published=rfc3339(post.date),
        summary=post.description or post.summary,
        content_html=_HIDDEN_KIND.sub("", content),
        authors=post.authors or ((config.author,) if config.author else (config.title,)),
        tags=summary.card_tags,
    )


def _sitemap(
    site: Site,
    urls: Urls,
    own: Mapping[Post, tuple[PostLink, SitemapEntry]],
    own_pages: Mapping[str, str],
    by_tag: tuple[tuple[str, int], ...],
) -> tuple[SitemapEntry, ...]:
    newest = _lastmod(site.posts[0].date) if site.posts else ""
    entries = [
        SitemapEntry(urls.absolute(urls.home(p.number)), newest)
        for p in paginate(site.posts, site.config.posts_per_page)
    ]
    entries += [own[p][1] for p in site.posts]
    entries += [
        SitemapEntry(urls.absolute(urls.base + p.slug), _lastmod(p.date)) for p in site.pages
    ]
    entries.append(SitemapEntry(urls.absolute(f"{urls.base}tags/"), newest))
    entries += [
        SitemapEntry(urls.absolute(urls.tag(t.slug, p.number)), _lastmod(p.items[0].date))
        for t in site.tags
        for p in paginate(t.posts, site.config.posts_per_page)
    ]
    entries += [
        SitemapEntry(urls.absolute(urls.paged(f"{urls.base}reading-list/", p.number)), newest)
        for p in paginate(site.reading_list, site.config.readings_per_page)
    ]
    entries += [
        SitemapEntry(urls.absolute(own_pages[e.url]), _lastmod(e.posts[0].date))
        for e in site.reading_list
        if e.url in own_pages
    ]
    entries += [  # each tag's reading list
        SitemapEntry(urls.absolute(urls.paged(f"{urls.base}reading-list/tags/{slug}/", n)), newest)
        for slug, count in by_tag
        for n in range(1, -(-count // site.config.readings_per_page) + 1)
    ]
    return tuple(entries)


def _sitemap_shows(
    site: Site,
    entries: Mapping[str, ReadingEntry],
    own_pages: Mapping[str, str],
    by_tag: tuple[tuple[str, int], ...],
) -> tuple[object, ...]:
    """What the sitemap shows of the site: each post's slug and date, and the pages of each
    listing with their newest dates. An edit that moves no post leaves all of it as it was."""
    per_page = site.config.posts_per_page
    return (
        tuple([(p.slug, p.date) for p in site.posts]),
        tuple([(p.slug, p.date) for p in site.pages]),
        tuple([(t.slug, tuple([p.date for p in t.posts[::per_page]])) for t in site.tags]),
        len(site.reading_list),
        tuple([(url, entries[url].posts[0].date) for url in own_pages]),
        by_tag,
    )


def _tag_link(tag: Tag, urls: Urls) -> TagLink:
    return TagLink(tag.name, tag.slug, urls.tag(tag.slug), len(tag.posts))


def _quiz_links(
    site: Site, memo: Memo, swaps: Mapping[Post, Post] | None, links: Mapping[Post, PostLink]
) -> tuple[PostLink, ...]:
    """Every quiz's link, newest first. After a swap that keeps each post a quiz or not, the
    memo's list with the swapped quizzes' links put in their places (found by slug, which a
    swap keeps): not a pass over every post for the one edited."""
    kept = memo.entries.setdefault("quizzes", {}).get(None)
    if swaps is not None and kept is not None:
        places, before = kept[1]
        if all((old.quiz is None) == (new.quiz is None) for old, new in swaps.items()):
            patched = list(before)
            for new in swaps.values():
                if new.quiz is not None:
                    patched[places[new.slug]] = links[new]
            quizzes = tuple(patched)
            memo.entries["quizzes"][None] = (None, (places, quizzes))
            return quizzes
    quizzes = tuple([links[post] for post in site.posts if post.quiz])
    places = {link.slug: n for n, link in enumerate(quizzes)}
    memo.entries["quizzes"][None] = (None, (places, quizzes))
    return quizzes


def _own_views(post: Post, urls: Urls) -> tuple[PostLink, SitemapEntry]:
    url = urls.post(post.slug)
    entry = SitemapEntry(urls.absolute(url), _lastmod(post.date))
    return PostLink(post.title, url, post.slug), entry


@cache  # every build of a watch session asks again for every reading of the site
def reading_id(url: str) -> str:
    """A short, stable name for a resource (by its URL): its own page's folder."""
    return hashlib.blake2b(url.encode("utf-8"), digest_size=5).hexdigest()


def reading_anchor(url: str) -> str:
    """The id of a reading's entry on the reading list page: stable, and the same on every page."""
    return "reading-" + reading_id(url)


def _also_in(posts: tuple[Post, ...]) -> dict[Post, tuple[tuple[Post, ...], int]]:
    """For each quiz citing a reading (`posts`, newest first), the few others its "Also in:"
    names (those nearest in date) and how many it leaves out."""
    windows = {}
    for here, post in enumerate(posts):
        start = max(0, min(here - ALSO_IN_LIMIT // 2, len(posts) - ALSO_IN_LIMIT - 1))
        shown = posts[start:here] + posts[here + 1 : start + ALSO_IN_LIMIT + 1]
        windows[post] = (shown, len(posts) - 1 - len(shown))
    return windows


def _sidebar(
    post: Post,
    windows: Mapping[str, Mapping[Post, tuple[tuple[Post, ...], int]]],
    links: Mapping[Post, PostLink],
    spots: Mapping[str, tuple[str, str]],
    memo: Memo,
) -> tuple[ReadingView, ...]:
    """A quiz's readings as its sidebar shows them."""
    readings = post.quiz.readings if post.quiz else ()
    key = tuple((r, *windows[r.url][post], *spots[r.url]) for r in readings)
    return memo.get("sidebar", post, key, _sidebar_views, key, links)


def _sidebar_views(
    readings: tuple[tuple[Reading, tuple[Post, ...], int, str, str], ...],
    links: Mapping[Post, PostLink],
) -> tuple[ReadingView, ...]:
    return tuple(
        ReadingView(
            reading.title,
            reading.url,
            reading.note_html,
            tuple(links[p] for p in shown),
            more,
            reading_anchor(reading.url),
            entry_url,
            all_url,
        )
        for reading, shown, more, entry_url, all_url in readings
    )


def _listed_reading(
    entry: ReadingEntry,
    links: Mapping[Post, PostLink],
    spots: Mapping[str, tuple[str, str]],
) -> ReadingView:
    """A reading as the reading list shows it: the newest quizzes citing it, and how many more."""
    shown = tuple(links[p] for p in entry.posts[:LISTED_LIMIT])
    more = len(entry.posts) - len(shown)
    anchor = reading_anchor(entry.url)
    return ReadingView(entry.title, entry.url, Markup(""), shown, more, anchor, *spots[entry.url])


def _summary(
    post: Post, config: SiteConfig, urls: Urls, tags: Mapping[str, TagLink], memo: Memo
) -> PostSummary:
    links = tuple(dict.fromkeys(tags[tag_slug(t)] for t in post.tags))
    return memo.get("summary", post, links, _make_summary, post, config, urls, links)


def _make_summary(
    post: Post, config: SiteConfig, urls: Urls, tags: tuple[TagLink, ...]
) -> PostSummary:
    return PostSummary(
        slug=post.slug,
        title=post.title,
        url=urls.post(post.slug),
        date_iso=(post.date.isoformat() if post.has_time else post.date.date().isoformat())
        if post.dated
        else "",
        date_display=format_date(post.date, post.date_format or config.date_format)
        if post.dated
        else "",
        tags=tags,
        summary=post.summary,
        summary_html=post.summary_html,
        description=post.description,
        is_quiz=post.quiz is not None,
        multiple=post.quiz is not None and post.quiz.multiple,
        reading_minutes=post.reading_minutes,
        image=_post_image(post, urls) if post.image else "",
        image_alt=post.image_alt,
    )


def _quiz_view(quiz: Quiz) -> QuizView:
    return QuizView(
        question_html=quiz.question_html,
        options=quiz.options,
        options_html=quiz.options_html,
        between_html=quiz.between_html,
        answer_html=quiz.answer.html,
        after_html=quiz.after_html,
        anchor=quiz.answer.anchor,
        multiple=quiz.multiple,
        key=quiz.answer.key,
        marker=quiz.marker,
    )


def _post_view(
    post: Post,
    summary: PostSummary,
    older: PostLink | None,
    newer: PostLink | None,
    readings: tuple[ReadingView, ...],
) -> PostView:
    return PostView(
        post=summary,
        subtitle=post.subtitle,
        authors=post.authors,
        image=post.image,
        image_alt=post.image_alt,
        prose_html=post.prose_html,
        quiz=_quiz_view(post.quiz) if post.quiz else None,
        readings=readings,
        older=older,
        newer=newer,
        extra=post.extra,
        author_links=_author_links(post),
        toc_html=post.toc_html,
        lang=post.lang,
    )


# ---------------------------------------------------------------------------------------------


_ENVIRONMENTS: dict[tuple[SiteConfig, object], jinja2.Environment] = {}


def environment(
    config: SiteConfig, templates: object, compiled: Path | None = None
) -> jinja2.Environment:
    """The environment for this config and these template versions, kept between builds so
    compiled templates are reused (watch mode); a change of either makes a fresh one.
    `compiled` is a folder keeping compiled templates between processes (the CLI's cache)."""
    key = (config, templates)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS.clear()
        _ENVIRONMENTS[key] = make_environment(config, compiled)
    return _ENVIRONMENTS[key]


def make_environment(config: SiteConfig, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment over the theme: strict (missing values fail) and autoescaping."""
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in theme_dirs(config)])
    # Jinja names each compiled template by its name and source's hash (and its own and
    # Python's version), so a changed template is never served from here.
    bytecode = None
    if compiled is not None:
        with suppress(OSError):  # no cache is a slower build, not a failed one
            compiled.mkdir(parents=True, exist_ok=True)
            bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
    env = jinja2.Environment(
        loader=loader,
        bytecode_cache=bytecode,
        # JSON templates build their values with the `tojson` filter, which escapes for them.
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Jinja would stat every template a page uses on every render to see whether it
        # changed; a changed template makes a new environment anyway (`environment`).
        auto_reload=False,
        extensions=[FragmentCache],
    )
    urls = Urls(config.base_path)
    env.globals["asset_url"] = urls.asset
    # `tojson` takes view records too (as objects of their fields): a JSON file is then one
    # dump, not a template loop of a dump per value.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _fields}
    # Each view record's JSON is kept, like a cached block's output.
    kept = cast(FragmentCache, env.extensions[FragmentCache.identifier])
    env.policies["json.dumps_function"] = kept.dumps
    return env


def _fields(value: object) -> dict[str, Any] | str:
    """A view record's fields (a post's block: its HTML), for JSON; anything else is not JSON
    and fails the build."""
    if type(value) is Html:
        return str(value)
    # An instance of a dataclass (dataclasses.is_dataclass, without its Python call per
    # record: quizzes.json holds one per quiz; a class's own type is no dataclass).
    if hasattr(type(value), "__dataclass_fields__"):
        return vars(value)  # the views are plain dataclasses: their fields are their __dict__
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


Context = Mapping[str, Any]


def render_pages(
    env: jinja2.Environment,
    root: Path,
    pages: Iterable[Page],
    previous: Mapping[str, Context],
) -> tuple[dict[str, Context], dict[str, bytes]]:
    """Render the pages whose view changed since `previous` (path -> the view it was rendered from).

    Returns the view of each page given, and the bytes of the pages rendered now. Template
    problems become diagnostics at the template's line.
    """
    contexts: dict[str, Context] = {}
    fresh: dict[str, bytes] = {}
    problems: dict[str, Diagnostic] = {}
    for page in pages:
        contexts[page.path] = page.context
        before = previous.get(page.path)
        if before is page.context or before == page.context:  # mostly the very same view
            continue
        try:
            fresh[page.path] = render_page(env, root, page)
        except BuildFailed as failure:
            for problem in failure.diagnostics:
                problems.setdefault(problem.format(), problem)
    if problems:
        raise BuildFailed(problems.values())
    return contexts, fresh


def render_page(env: jinja2.Environment, root: Path, page: Page) -> bytes:
    """One page's bytes; a template problem raises BuildFailed at the template's line."""
    try:
        html = env.get_template(page.template).render(page.context)
    except Exception as exc:  # a template can raise anything (1 / 0): report, never crash
        raise BuildFailed([_template_problem(exc, root, page.template)]) from None
    if page.template.endswith(".xml"):  # feeds, sitemap: well-formed whatever the input
        html = xml_safe(html)
    return utf8(html)


def _display_path(filename: str | None, root: Path, fallback: str) -> str:
    """A template's path relative to the site root when it is the site's own."""
    if not filename:
        return fallback
    path = Path(filename)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shipped = next((p for p in (PACKAGE_THEMES, SOURCE_THEMES) if p in path.parents), None)
        return f"(built-in theme) {path.relative_to(shipped).as_posix()}" if shipped else str(path)


def _template_problem(exc: Exception, root: Path, template: str) -> Diagnostic:
    """Point a template error at its file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(
            _display_path(exc.filename, root, template),
            exc.lineno,
            f"template syntax error: {exc.message}",
            "check the {% %} and {{ }} tags on that line",
        )
    # Jinja rewrites tracebacks so that template frames carry the template's file and line.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/templates/" in f.filename]
    where = frames[-1] if frames else None
    message = str(exc.message if isinstance(exc, jinja2.UndefinedError) else exc)
    if isinstance(exc, jinja2.TemplateNotFound) and where is not None:
        return error(  # an {% include %} or {% extends %} of a template that does not exist
            _display_path(where.filename, root, template),
            where.lineno,
            f"template '{exc.name}' not found",
            "add it to your theme's templates/ folder, or fix the name",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return error(
            f"themes/*/templates/{exc.name}",
            None,
            f"template '{exc.name}' not found",
            "add it to your theme's templates/ folder",
        )
    hint = "see docs/theming.md for the variables each template receives"
    if isinstance(exc, jinja2.UndefinedError):
        # Name the view type ("SiteView") rather than its Python module path.
        message = "undefined value in template: " + re.sub(
            r"'[\w.]+\.(\w+) object'", r"\1", message
        )
    return error(
        _display_path(where.filename if where else None, root, template),
        where.lineno if where else None,
        message,
        hint,
    )
