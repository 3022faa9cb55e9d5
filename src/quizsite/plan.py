"""The page plan: every page of the site, with its template and the view it is rendered from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from markupsafe import Markup

from .assemble import (
    feed_entry,
    make_summary,
    own_views,
    post_view,
    sidebar_views,
    sitemap,
    tag_link,
)
from .config import SiteConfig
from .listings import Listed, is_listing_page, listing_pages, listing_view
from .memo import POST_VIEWS, Memo, _Lazy
from .model import Post, ReadingEntry, Site, Tag
from .pages import menu_links, page_title, page_view
from .quarto_urls import page_file, post_url_path
from .readings import entries_by_tag
from .sheets import SHEET_SIZE, SheetQuiz, sheet_parts, sheet_posts, sheet_quiz
from .slugs import tag_slug
from .taxonomy import neighbours, paginate
from .urls import Urls, alias_path, page_image, post_image, reading_anchor, reading_id, rfc3339
from .views import (
    LISTED_TAGS,
    Page,
    Pager,
    PostLink,
    PostSummary,
    ReadingView,
    SitemapEntry,
    SiteView,
    TagLink,
)

V = TypeVar("V")


def _some_tags(
    readings: tuple[tuple[TagLink, str, int], ...], current: TagLink
) -> tuple[tuple[TagLink, str, int], ...]:
    """The tags a tag's reading list page links to: the first LISTED_TAGS and its own (every
    tag's page listing every tag grew with the square of the number of tags)."""
    first = readings[:LISTED_TAGS]
    own = [r for r in readings[LISTED_TAGS:] if r[0] is current]
    return first + tuple(own) if own else first


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
        t.slug: memo.get("tag", t.slug, (t.name, len(t.posts), t.quizzes), tag_link, t, urls)
        for t in site.tags
    }
    # The last build's very tuple while no tag changed: every page's key holds it.
    every_tag = memo.get("tags", None, tuple(tag_links.values()), tuple, tag_links.values())
    # What depends on nothing but the post (and the config): its link and sitemap entry.
    own: _Lazy[Post, tuple[PostLink, SitemapEntry]] = _Lazy(
        lambda p: memo.get("own", p, None, own_views, p, urls)
    )
    links: _Lazy[Post, PostLink] = _Lazy(lambda p: own[p][0])
    summaries: _Lazy[Post, PostSummary] = _Lazy(
        lambda p: _summary(p, config, urls, tag_links, memo)
    )
    menu = menu_links(config, site.pages, urls.base)
    # Every quiz, newest first, for scripts (quizzes.json below); how many there are tells
    # the pages whether to speak of quizzes or of posts.
    quizzes = _quiz_links(site, memo, swaps, links)
    site_view = memo.get(
        "site",
        None,
        (len(site.posts), len(site.tags), menu, bool(site.reading_list), len(quizzes)),
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
        len(quizzes),
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

    # A Quarto blog's root `index` document is its home page, in place of quizsite's listing.
    home_doc = any(not doc.slug for doc in site.pages)
    for shown, pager in () if home_doc else _listing(site.posts, config.posts_per_page, urls.home):
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
        lambda url: memo.get("windows", url, entries[url].posts, also_in, entries[url].posts)
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
        view = post_view(
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
            # The neighbours' links say "quiz" or "post", as each one is.
            older_is_quiz=older is not None and older.quiz is not None,
            newer_is_quiz=newer is not None and newer.quiz is not None,
            description=post.description or post.summary,
            type="article",
            image=urls.absolute(post_image(post, urls)) if post.image else "",
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
            memo.get("feed", p, summaries[p], feed_entry, p, summaries[p], config, urls)
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
            description=f"{link.noun.capitalize()} tagged {tag.name}",
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
        if not on_sheet:  # no quiz, no sheet
            continue
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
    kept_by_tag = memo.entries.setdefault("by-tag", {}).get(None)
    by_tag = entries_by_tag(
        site.reading_list,
        {t.slug: t.name for t in site.tags},
        kept_by_tag[1] if swaps is not None and kept_by_tag is not None else None,
    )
    memo.entries["by-tag"][None] = (None, by_tag)
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
    made(
        "quizzes.json",
        quizzes,
        lambda: page(
            "quizzes.json", "quizzes.json", "Quizzes", urls.base + "quizzes.json", quizzes=quizzes
        ),
    )

    def listing_page(doc: Post, shown: Listed) -> Page:
        url = urls.base + doc.slug
        return page(
            page_file(doc.slug),
            "listing.html",
            page_title(doc, config.title),
            url,
            view=page_view(doc, url, config.date_format),
            listings=tuple(listing_view(*one, card, tag_links, tag_slug) for one in shown),
            description=doc.description or config.description,
            lang=doc.lang,
        )

    def card(doc: Post) -> PostSummary:
        if not doc.page:
            return summaries[doc]
        # A page listed beside posts: at its own URL, its categories linked where posts share
        # them (a page's own categories make no tag pages).
        slugs = (tag_slug(t) for t in doc.tags)
        links = tuple(dict.fromkeys(tag_links[s] for s in slugs if s in tag_links))
        return replace(make_summary(doc, config, urls, links), url=urls.base + doc.slug)

    for doc, lists in listing_pages(site.pages, site.posts):
        if shows(p for _, listed in lists for p in listed):
            made(page_file(doc.slug), (doc, lists), listing_page, doc, lists)
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
                description=f"Search the {site_view.noun} of {config.title}",
            ),
        )
    for doc in site.pages:
        if is_listing_page(doc):
            continue
        url = urls.base + doc.slug
        made(
            page_file(doc.slug),
            doc,
            lambda doc=doc, url=url: page(
                page_file(doc.slug),
                "page.html",
                page_title(doc, config.title),
                url,
                view=page_view(doc, url, config.date_format),
                description=doc.description or doc.summary,
                image=urls.absolute(page_image(doc, urls)),
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
            entries=sitemap(site, urls, own, own_pages, tag_counts),
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


def also_in(posts: tuple[Post, ...]) -> dict[Post, tuple[tuple[Post, ...], int]]:
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
    return memo.get("sidebar", post, key, sidebar_views, key, links)


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
    return memo.get("summary", post, links, make_summary, post, config, urls, links)
