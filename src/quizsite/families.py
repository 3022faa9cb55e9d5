"""The site's page families: each a function yielding its pages' specs (output path, and the
maker of its view with the arguments the plan hands it), and the makers themselves.

A maker reads everything beyond its arguments through the reader (plan.Reader), which notes
each read: nothing here says which pages show which post.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from .assemble import of_site, post_view, site_name
from .family_parts import Specs, listing, paged_title, word
from .listings import Listed, is_listing_page, listing_feeds, listing_pages
from .memo import Spec
from .model import Post
from .pages import page_title, page_view
from .quarto_feeds import rss_feed_specs, rss_link
from .quarto_urls import page_file, post_url_path
from .reading_families import reading_pages
from .sheets import SHEET_SIZE, sheet_parts, sheet_posts
from .taxonomy import neighbours, paginate
from .urls import alias_owners, alias_path, document_files, lastmod, page_image, post_image, rfc3339
from .views import Page, Pager, SitemapEntry

if TYPE_CHECKING:
    from .plan import Reader


def _slugs(posts: tuple[Post, ...]) -> tuple[str, ...]:
    """The posts a page shows, by slug (the page reads what it shows of each)."""
    return tuple([post.slug for post in posts])


# --- home pages ------------------------------------------------------------------------------


def home_pages(r: Reader) -> Specs:
    """The home listing, page by page (none when a Quarto blog's root `index` document is its
    home page)."""
    if any(not doc.slug for doc in r.site.pages):
        return
    if r.config.quarto and r.urls.file(r.urls.home()) in _alias_owners(r):
        return  # Quarto's redirect there: a project without an index has no home listing
    for shown, pager in listing(r.site.posts, r.config.posts_per_page, r.urls.home):
        yield Spec(r.urls.file(r.urls.home(pager.number)), _home_page, (_slugs(shown), pager))


def _home_page(r: Reader, shown: tuple[str, ...], pager: Pager) -> Page:
    n, total, title = pager.number, pager.total, r.config.title
    return r.page(
        r.urls.file(r.urls.home(n)),
        "index.html",
        title if n == 1 else f"{title} (page {n} of {total})",
        r.urls.home(n),
        posts=tuple([r.summary(p) for p in shown]),
        pager=pager,
        description=r.config.description,
    )


# --- posts and their aliases -----------------------------------------------------------------


def post_pages(r: Reader) -> Specs:
    """Each post's page, with its neighbours, and a redirecting page at each of its aliases."""
    posts = r.site.posts
    owners = _alias_owners(r)
    for index, post in enumerate(posts):
        older, newer = neighbours(posts, index)
        near = (older.slug if older else None, newer.slug if newer else None)
        # The neighbours' links say "quiz" or "post", as each one is.
        kinds = (
            older is not None and older.quiz is not None,
            newer is not None and newer.quiz is not None,
        )
        yield Spec(page_file(post_url_path(post.slug)), post_page, (post.slug, *near, *kinds))
        for alias in post.aliases:  # one redirect where two documents name an alias
            if owners.get(path := alias_path(alias, r.config.base_path)) is post:
                yield Spec(path, _alias_page, (post.slug, alias))


def post_page(
    r: Reader,
    slug: str,
    older: str | None,
    newer: str | None,
    older_is_quiz: bool,
    newer_is_quiz: bool,
) -> Page:
    post = r.post(slug)
    view = post_view(
        post,
        r.summary(slug),
        r.link(older) if older else None,
        r.link(newer) if newer else None,
        r.sidebar(slug),
    )
    return r.page(
        page_file(post_url_path(post.slug)),
        "post.html",
        post.title,
        r.urls.post(post.slug),
        view=view,
        older_is_quiz=older_is_quiz,
        newer_is_quiz=newer_is_quiz,
        description=post.description or post.summary,
        type="article",
        draft=post.draft and r.config.quarto and "draft" not in post.extra,  # drafts.py
        image=r.urls.absolute(post_image(post, r.urls)) if post.image else "",
        image_alt=post.image_alt,
        lang=post.lang,
        look=post.look,
        code=post.code,
        repo=post.repo,
    )


def _alias_owners(r: Reader) -> dict[str, Post]:
    """The document whose redirect stays at each alias's file, posts and pages alike (in a
    Quarto project none at another document's page, as Quarto writes none there)."""
    documents = (*r.site.posts, *r.site.pages)
    if not any(d.aliases for d in documents):
        return {}
    pages = document_files(r.site.posts, r.site.pages) if r.config.quarto else frozenset()
    return alias_owners(documents, r.config.base_path, pages)


def page_aliases(r: Reader) -> Specs:
    """A redirecting page at each alias of a standalone page (a post's are planned with it)."""
    owners = _alias_owners(r)
    for doc in r.site.pages:
        for alias in doc.aliases:
            if owners.get(path := alias_path(alias, r.config.base_path)) is doc:
                yield Spec(path, _page_alias, (doc, alias))


def _page_alias(r: Reader, doc: Post, alias: str) -> Page:
    url = r.urls.base + doc.slug
    path = alias_path(alias, r.config.base_path)
    return r.page(path, "alias.html", doc.title, url, target=r.urls.absolute(url))


def _alias_page(r: Reader, slug: str, alias: str) -> Page:
    link = r.link(slug)
    return r.page(
        alias_path(alias, r.config.base_path),
        "alias.html",
        link.title,
        link.url,
        target=r.urls.absolute(link.url),
    )


# --- tag pages, feeds, the tags index --------------------------------------------------------


def tag_pages(r: Reader) -> Specs:
    """Each tag's listing, page by page, and its feed; then the site's feeds."""
    per_page, feed_size = r.config.posts_per_page, r.config.feed_size
    for tag in r.site.tags:
        for shown, pager in listing(tag.posts, per_page, partial(r.urls.tag, tag.slug)):
            path = r.urls.file(r.urls.tag(tag.slug, pager.number))
            yield Spec(path, _tag_page, (tag.slug, _slugs(shown), pager))
        yield Spec(
            f"tags/{tag.slug}/feed.xml", _tag_feed, (tag.slug, _slugs(tag.posts[:feed_size]))
        )
    yield Spec("feed.xml", _feed, ("feed.xml", _slugs(r.site.posts[:feed_size])))


def _tag_page(r: Reader, slug: str, shown: tuple[str, ...], pager: Pager) -> Page:
    link, n, total = r.tag(slug), pager.number, pager.total
    return r.page(
        r.urls.file(r.urls.tag(slug, n)),
        "tag.html",
        paged_title(r, f"{word(r, 'quizsite-tag').capitalize()}: {link.name}", n, total),
        r.urls.tag(slug, n),
        tag=link,
        posts=tuple([r.summary(p) for p in shown]),
        pager=pager,
        description=f"{link.noun.capitalize()} tagged {link.name}",
        feed_url=f"{link.url}feed.xml",
    )


def _tag_feed(r: Reader, slug: str, latest: tuple[str, ...]) -> Page:
    link = r.tag(slug)
    title = f"{site_name(r.config)}: {link.name}" if site_name(r.config) else link.name
    return _feed_of(r, f"tags/{slug}/feed.xml", title, link.url, latest)


def _feed(r: Reader, path: str, latest: tuple[str, ...]) -> Page:
    return _feed_of(r, path, r.site_view.feed_title, r.urls.home(), latest)


def _listing_feed(r: Reader, path: str, doc: Post, title: str, latest: tuple[str, ...]) -> Page:
    """A feed a Quarto listing asks for (`feed:`), of the newest posts it lists."""
    title = title or page_title(doc, site_name(r.config))
    return _feed_of(r, path, title, r.urls.base + doc.slug, latest)


def _feed_of(r: Reader, path: str, title: str, page_url: str, posts: tuple[str, ...]) -> Page:
    """An Atom feed of `posts`."""
    items = tuple([r.feed_entry(p) for p in posts])
    return r.page(
        path,
        "feed.xml",
        title,
        r.urls.base + path,
        page_url=r.urls.absolute(page_url),
        updated=items[0].published if items else rfc3339(datetime(2000, 1, 1)),
        entries=items,
    )


def tags_index(r: Reader) -> Specs:
    """The page listing every tag."""
    yield Spec("tags/index.html", _tags_page)


def _tags_page(r: Reader) -> Page:
    return r.page(
        "tags/index.html",
        "tags.html",
        word(r, "quizsite-tags"),
        r.site_view.tags_url,
        tags=tuple([r.tag(slug) for slug in r.tag_links]),
        description=f"All tags{of_site(r.config)}",
    )


# --- printable sheets ------------------------------------------------------------------------


def sheet_pages(r: Reader) -> Specs:
    """Printable sheets of every quiz, the site's and each tag's, a page per SHEET_SIZE
    (sheets.py)."""
    for slug, posts in ((None, r.site.posts), *[(t.slug, t.posts) for t in r.site.tags]):
        on_sheet = sheet_posts(posts)
        if not on_sheet:  # no quiz, no sheet
            continue
        first = f"{r.tag_links[slug].url}sheet/" if slug else f"{r.urls.base}sheet/"
        for shown, pager in listing(on_sheet, SHEET_SIZE, partial(r.urls.paged, first)):
            path = r.urls.file(r.urls.paged(first, pager.number))
            yield Spec(path, _sheet_page, (slug, first, _slugs(shown), pager, len(on_sheet)))


def _sheet_page(
    r: Reader, slug: str | None, first: str, shown: tuple[str, ...], pager: Pager, count: int
) -> Page:
    tag = r.tag(slug) if slug is not None else None
    n, url = pager.number, r.urls.paged(first, pager.number)
    title = f"Quiz sheet: {tag.name}" if tag is not None else "Quiz sheet"
    return r.page(
        r.urls.file(url),
        "sheet.html",
        title if n == 1 else f"{title} (page {n} of {pager.total})",
        url,
        tag=tag,
        quizzes=tuple([r.sheet_quiz(quiz) for quiz in shown]),
        pager=pager,
        count=count,
        parts=sheet_parts(count, n, partial(r.urls.paged, first)),
        description=f"{title}: questions and options to print, the answer key at the end",
    )


# --- site files: quizzes.json, search, standalone pages, 404, sitemap, robots.txt ------------


def site_files(r: Reader) -> Specs:
    """The pages of the site as a whole."""
    # Every quiz, newest first, for scripts (next unanswered, random quiz); never the answers.
    yield Spec("quizzes.json", _quizzes, (tuple([p.slug for p in r.site.posts if p.quiz]),))
    listed = tuple(listing_pages(r.site.pages, r.site.posts))
    for doc, lists in listed:
        yield Spec(page_file(doc.slug), _listing_page, (doc, lists))
        if not r.config.quarto:  # a Quarto project's listing feeds are RSS (quarto_feeds.py)
            for path, title, posts in listing_feeds(doc, lists, r.config.feed_size):
                yield Spec(path, _listing_feed, (path, doc, title, _slugs(posts)))
    if r.config.quarto:
        yield from rss_feed_specs(r, listed, _feed)
    yield from tags_index(r)
    if r.config.search:
        yield Spec("search/index.html", _search_page)
    for doc in r.site.pages:
        if not is_listing_page(doc):
            yield Spec(page_file(doc.slug), standalone_page, (doc,))
    yield from page_aliases(r)
    yield Spec("404.html", _not_found)
    yield Spec("sitemap.xml", _sitemap, (_sitemap_entries(r),))
    yield Spec("robots.txt", _robots)


def _quizzes(r: Reader, quizzes: tuple[str, ...]) -> Page:
    links = r.links(quizzes)
    return r.page(
        "quizzes.json", "quizzes.json", "Quizzes", r.urls.base + "quizzes.json", quizzes=links
    )


def _search_page(r: Reader) -> Page:
    return r.page(
        "search/index.html",
        "search.html",
        word(r, "search-label"),
        f"{r.urls.base}search/",
        description=f"Search the {r.site_view.noun}{of_site(r.config)}",
    )


def standalone_page(r: Reader, doc: Post) -> Page:
    url = r.urls.base + doc.slug
    return r.page(
        page_file(doc.slug),
        "page.html",
        page_title(doc, site_name(r.config)),
        url,
        view=page_view(doc, url, r.config.date_format),
        description=doc.description or doc.summary,
        image=r.urls.absolute(page_image(doc, r.urls)),
        image_alt=doc.image_alt,
        lang=doc.lang,
        look=doc.look,
        code=doc.code,
        repo=doc.repo,
        draft=doc.draft and r.config.quarto and "draft" not in doc.extra,  # drafts.py
    )


def _listing_page(r: Reader, doc: Post, shown: Listed) -> Page:
    """A Quarto listing page: each of its listings with the items it lists, where the page's
    body places it, and the categories of them all."""
    from .listing_page import listing_page_views

    url = r.urls.base + doc.slug
    view = page_view(doc, url, r.config.date_format)
    return r.page(
        page_file(doc.slug),
        "listing.html",
        page_title(doc, site_name(r.config)),
        url,
        view=view,
        description=doc.description or r.config.description,
        lang=doc.lang,
        look=doc.look,
        code=doc.code,
        repo=doc.repo,
        rss_feed=rss_link(r, doc, shown) if r.config.quarto else None,
        **listing_page_views(r, doc, shown, str(view.body_html)),
    )


def _not_found(r: Reader) -> Page:
    title = word(r, "quizsite-not-found")
    return r.page("404.html", "404.html", title, r.urls.base + "404.html")


def _robots(r: Reader) -> Page:
    sitemap_url = r.urls.absolute(r.urls.base + "sitemap.xml")
    return r.page(
        "robots.txt",
        "robots.txt",
        "robots.txt",
        r.urls.base + "robots.txt",
        sitemap_url=sitemap_url,
    )


def _sitemap_entries(r: Reader) -> tuple[SitemapEntry, ...]:
    """Every URL the sitemap lists, with its date: what it shows, worked out on every build
    (each post's line is its own, kept while the post is)."""
    site, urls, per_page = r.site, r.urls, r.config.posts_per_page
    newest = lastmod(site.posts[0].date) if site.posts else ""
    rows = [(urls.home(p.number), newest) for p in paginate(site.posts, per_page)]
    posts = [r.sitemap_entry(p) for p in site.posts]
    rows += [(urls.base + p.slug, lastmod(p.date)) for p in site.pages]
    rows.append((f"{urls.base}tags/", newest))
    rows += [
        (urls.tag(t.slug, p.number), lastmod(p.items[0].date))
        for t in site.tags
        for p in paginate(t.posts, per_page)
    ]
    reading_list, per_list = f"{urls.base}reading-list/", r.config.readings_per_page
    rows += [
        (urls.paged(reading_list, p.number), newest) for p in paginate(site.reading_list, per_list)
    ]
    rows += [(own, lastmod(r.entries[url].posts[0].date)) for url, own in r.own_pages.items()]
    rows += [  # each tag's reading list
        (urls.paged(f"{reading_list}tags/{slug}/", n), newest)
        for slug, cited in r.by_tag.items()
        for n in range(1, -(-len(cited) // per_list) + 1)
    ]
    home = len(paginate(site.posts, per_page))
    entries = [SitemapEntry(urls.absolute(url), date) for url, date in rows]
    return (*entries[:home], *posts, *entries[home:])


def _sitemap(r: Reader, entries: tuple[SitemapEntry, ...]) -> Page:
    return r.page(
        "sitemap.xml", "sitemap.xml", "Sitemap", r.urls.base + "sitemap.xml", entries=entries
    )


FAMILIES: tuple[Callable[[Reader], Specs], ...] = (
    home_pages,
    post_pages,
    tag_pages,
    sheet_pages,
    reading_pages,
    site_files,
)
