"""The page plan: every page of the site, family by family, each with the view it shows.

`site_pages` is the one function the build calls: it plans every family the same way on every
build, and takes each page from the memo unless what the page read changed (memo.py). Page
makers read the site through the `Reader`, which notes each read and makes each part (a
post's summary, link, sidebar, feed entry, sheet entry; a reading list entry) once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import families
from .assemble import feed_entry, make_summary, own_views, sidebar_views, site_view, site_words_of
from .drafts import draft_pages, unlinked_drafts
from .memo import Memo, Name, Spec, durable
from .model import Post, ReadingEntry, Site, Tag
from .pages import footer_view, menu_links, sidebar_views_of
from .sheets import SheetQuiz, sheet_quiz
from .sidebar import page_chrome
from .slugs import tag_slug
from .urls import Urls, reading_anchor, reading_id
from .views import (
    FeedEntry,
    Page,
    PostLink,
    PostSummary,
    ReadingView,
    SitemapEntry,
    SiteView,
    TagLink,
)

if TYPE_CHECKING:
    pass

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
    """Every page of the site with its template and view, each the memo's own unless what it
    read changed (which pages an edit reaches is what the memo recorded they read).

    `swaps`, the edited posts `index_site` swapped into the last build's site, says the site's
    structure (its order, tags, reading list and pages) is as it was: the plan, which depends
    on nothing else (but which posts are quizzes), is then the last build's (every family is
    planned alike either way).
    """
    memo = memo if memo is not None else Memo()
    reader = Reader(site, memo, swaps)
    reader.begin(swaps)
    specs = memo.plan(partial(_plan, reader), same=reader.same)
    pages = memo.pages(specs, reader)
    if swaps is not None:  # the same posts, resources and tags but the edited posts
        memo.forget(swaps.keys())
    else:
        memo.keep({*site.posts, *reader.entries, *reader.tag_links})
    return pages


def _plan(reader: Reader) -> list[Spec]:
    """Every page's spec, family by family."""
    # A Quarto project's drafts last: a page each, which nothing links to (drafts.py).
    return [spec for family in (*families.FAMILIES, draft_pages) for spec in family(reader)]


class Reader:
    """The site as page makers read it: every read noted by the memo, every part made once.

    Pages read the parts of a post they show (its link, card, feed entry, sheet entry) rather
    than the post: an edit reaches the pages reading the parts it changed, and only those (a
    prose edit changes no card, so no listing is made again)."""

    def __init__(self, site: Site, memo: Memo, swaps: Mapping[Post, Post] | None = None) -> None:
        """`swaps`: as `site_pages` takes them."""
        self.site, self.memo, self.config = site, memo, site.config
        # A swap keeps a post's place, tags, readings and aliases; whether it is a quiz (which
        # puts it on the sheets and in quizzes.json) is the one thing the plan reads besides.
        self.same = swaps is not None and all(
            (old.quiz is None) == (new.quiz is None) for old, new in swaps.items()
        )
        self.urls = urls = Urls(self.config.base_path, self.config.origin)
        self.tag_links = {
            t.slug: memo.view(_tag_link, t.slug, (t.name, t.slug, len(t.posts), t.quizzes), urls)
            for t in site.tags
        }
        self.posts = self._by_slug(swaps)
        self._listed: dict[tuple[str, str], tuple[ReadingView, tuple[Name, ...]]] = {}
        self._tagged: dict[str, set[str]] = {}
        self.entries = {e.url: e for e in site.reading_list}
        menu = menu_links(self.config, site.pages, urls.base, site.drafts)
        # How many posts are quizzes tells the pages whether to speak of quizzes or of posts.
        quizzes = memo.derive("quizzes", None if self.same else site.posts, self._quizzes)
        footer = footer_view(self.config, site.pages, urls.base, site.drafts)
        bars = sidebar_views_of(self.config, site.posts, site.pages, urls.base, site.drafts)
        chrome = (footer, bars)
        # The site's words: read each build, so that an edited `_language.yml` shows.
        said = site_words_of(self.config)
        posts, tags, listed = len(site.posts), len(site.tags), bool(site.reading_list)
        counts = (posts, tags, menu, listed, quizzes, chrome, said)
        self.site_view: SiteView = memo.derive("site", counts, partial(site_view, site, counts))
        # Which resources have a page of their own, and where each one's entry is: worked
        # out again only when the reading list's order or a resource's count of quizzes moved.
        shape = tuple([(e.url, len(e.posts)) for e in site.reading_list])
        self.own_pages, self.spots, order = memo.derive("spots", shape, partial(_spots, self))
        # For each tag, the resources its quizzes cite (in the reading list's order): after
        # swaps, the last build's (a swap keeps each post's readings).
        self.by_tag = {
            t.slug: urls_cited
            for t in site.tags
            if (urls_cited := self._cited_by_tag(t, order, swaps))
        }

    def _by_slug(self, swaps: Mapping[Post, Post] | None) -> dict[str, Post]:
        """Every post by its slug, each unlinked draft too (its own page reads it: drafts.py):
        after swaps, the last build's with the new versions in (a dict's copy reads none of
        its posts, where making it anew reads each one's slug)."""
        kept = self.memo.entries.derived.get("posts")
        if swaps is not None and kept is not None:
            posts: dict[str, Post] = dict(kept[1])
            posts.update((new.slug, new) for new in swaps.values())
        else:
            posts = {p.slug: p for p in self.site.posts}
            drafts = unlinked_drafts(self.config, self.site)
            posts.update((p.slug, p) for p in drafts if not p.page)
        self.memo.entries.derived["posts"] = (None, posts)
        return posts

    def _quizzes(self) -> int:
        """How many posts are quizzes."""
        return sum(1 for p in self.site.posts if p.quiz)

    def _cited_by_tag(
        self, tag: Tag, order: Mapping[str, int], swaps: Mapping[Post, Post] | None
    ) -> tuple[str, ...]:
        """The resources `tag`'s quizzes cite (`_tag_readings`, below)."""
        kept = self.memo.kept(_tag_readings, tag.slug) if swaps is not None else None
        return (
            kept
            if kept is not None
            else self.memo.view(_tag_readings, tag.slug, (tag.posts, order))
        )

    def begin(self, swaps: Mapping[Post, Post] | None) -> None:
        """Hand the memo this build's inputs (every post, tag link, reading list entry and
        where it is, the site view): pages that read one that changed are made again."""
        before = self.memo.entries.inputs
        if swaps is not None and before:
            inputs, cited, touched = self._swapped_inputs(before, swaps)
        else:
            inputs = {("post", slug): p for slug, p in self.posts.items()}
            inputs.update((("spot", url), spot) for url, spot in self.spots.items())
            cited, touched = set(self.entries), None
        inputs.update((("tag", slug), link) for slug, link in self.tag_links.items())
        # A tag only drafts carry, as an input with no link: the draft's page is made again
        # once a published post carries it (and it has a page to link to).
        inputs.update(
            (("tag", slug), None)
            for draft in self.site.drafts
            for name in draft.tags
            if (slug := tag_slug(name)) not in self.tag_links
        )
        inputs.update(
            (("entry", url), self.memo.view(_entry_shape, url, (self.entries[url],)))
            for url in cited
        )
        inputs[("site",)] = self.site_view
        changed = self.memo.begin(inputs, touched)
        names = [name for name, _ in changed]
        for name, old in changed:
            if name[0] == "post":  # type: ignore[index]
                names += self._parts_changed(old, inputs.get(name))
        self.memo.mark(names)

    def _swapped_inputs(
        self, before: Mapping[Name, object], swaps: Mapping[Post, Post]
    ) -> tuple[dict[Name, object], set[str], set[Name]]:
        """After `swaps`, the last build's inputs with the swapped posts put in; the resources
        they cite (whose entries hold them); and the inputs that may differ."""
        inputs = dict(before)
        inputs.update((("post", new.slug), new) for new in swaps.values())
        cited = {r.url for new in swaps.values() if new.quiz for r in new.quiz.readings}
        touched: set[Name] = {("post", new.slug) for new in swaps.values()}
        touched.update([("site",), *[("entry", url) for url in cited]])
        touched.update(("tag", slug) for slug in self.tag_links)
        return inputs, cited, touched

    def _parts_changed(self, old: object, new: object) -> list[Name]:
        """The parts of an edited (or deleted) post that differ from the last build's."""
        assert isinstance(old, Post)
        if not isinstance(new, Post):
            return [(kind, old.slug) for kind in ("link", "summary", "feed", "sheet")]
        changed: list[Name] = []
        for kind, maker, make in (
            ("link", _own_views, lambda: self.memo.view(_own_views, new, (new,), self.urls)),
            ("summary", _summary, lambda: self._summary(new)),
            ("feed", _feed_entry, lambda: self._feed_entry(new)),
            ("sheet", _sheet_quiz, lambda: self._sheet_quiz(new)),
        ):
            before = self.memo.kept(maker, old)
            if before is None or before != make():
                changed.append((kind, old.slug))
        return changed

    def page(self, path: str, template: str, title: str, url: str, **context: Any) -> Page:
        """A page with its meta (title, URL, description, ...) and the site view."""
        meta = {
            "title": title,
            "url": url,
            "canonical": self.urls.absolute(url),
            "description": context.pop("description", ""),
            "type": context.pop("type", "website"),
            "image": context.pop("image", ""),
            "image_alt": context.pop("image_alt", ""),
            "feed_url": context.pop("feed_url", ""),
            "lang": context.pop("lang", ""),
            "look": context.pop("look", None),  # the document's own look (look.py), or None
            "code": context.pop("code", None),  # its code options (code_look.py), or None
            "repo": context.pop("repo", None),  # its repository links (repo_links.py), or None
        }
        # Quarto's sidebar, back-to-top link, previous/next pages (sidebar.py).
        c = self.config
        meta |= page_chrome(
            self.site_view.sidebars, url, meta["look"], c.back_to_top, c.page_navigation
        )
        self.memo.note(("site",))
        return Page(path, template, {"site": self.site_view, "page": meta, **context})

    def post(self, slug: str) -> Post:
        """A post, whole (its own page shows all of it)."""
        self.memo.note(("post", slug))
        return self.posts[slug]

    def current(self, post: Post) -> Post:
        """The site's version of a post the plan named (a listed page stays as it is)."""
        return post if post.page else self.post(post.slug)

    def tag(self, slug: str) -> TagLink:
        """A tag's link (its name, URL and count)."""
        self.memo.note(("tag", slug))
        return self.tag_links[slug]

    def _post_tag(self, name: str) -> TagLink:
        """A post's tag as its page shows it: a category only unlinked drafts carry has no
        tag page (drafts are in no tag), so it shows as its name, linked nowhere."""
        slug = tag_slug(name)
        if slug in self.tag_links:
            return self.tag(slug)
        self.memo.note(("tag", slug))
        return TagLink(name, slug, "", 0)

    def entry(self, url: str) -> ReadingEntry:
        """A reading list entry (the resource, and every quiz citing it)."""
        self.memo.note(("entry", url))
        return self.entries[url]

    def spot(self, url: str) -> tuple[str, str]:
        """Where a resource is listed: its entry's URL, and where all its quizzes are."""
        self.memo.note(("spot", url))
        return self.spots[url]

    def link(self, slug: str) -> PostLink:
        """A post's link (its title and URL)."""
        self.memo.note(("link", slug))
        post = self.posts[slug]
        return self.memo.view(_own_views, post, (post,), self.urls)[0]

    def links(self, slugs: Sequence[str]) -> tuple[PostLink, ...]:
        """Many posts' links (see `link`), read at once: `quizzes.json` reads every quiz's."""
        self.memo.note_all(tuple([("link", slug) for slug in slugs]))
        view, posts, urls = self.memo.view, self.posts, self.urls
        return tuple(
            [view(_own_views, post, (post,), urls)[0] for post in map(posts.__getitem__, slugs)]
        )

    def sitemap_entry(self, post: Post) -> SitemapEntry:
        """A post's line in the sitemap (the plan works the sitemap out on every build)."""
        return self.memo.view(_own_views, post, (post,), self.urls)[1]

    def summary(self, slug: str) -> PostSummary:
        """A post as listings show it (its card), with its tags' links."""
        self.memo.note(("summary", slug))
        return self._summary(self.posts[slug])

    def _summary(self, post: Post) -> PostSummary:
        """A post's card, its tags' links read."""
        links = tuple(dict.fromkeys([self._post_tag(t) for t in post.tags]))
        return self.memo.view(_summary, post, (post, links), self.config, self.urls)

    def feed_entry(self, slug: str) -> FeedEntry:
        """A post as feeds show it."""
        self.memo.note(("feed", slug))
        return self._feed_entry(self.posts[slug])

    def _feed_entry(self, post: Post) -> FeedEntry:
        """A post's feed entry, from its card."""
        summary = self._summary(post)
        return self.memo.view(_feed_entry, post, (post, summary), self.config, self.urls)

    def sheet_quiz(self, slug: str) -> SheetQuiz:
        """A quiz as a printable sheet shows it."""
        self.memo.note(("sheet", slug))
        post = self.posts[slug]
        return self.memo.view(_sheet_quiz, post, (post,), self.urls)

    def _sheet_quiz(self, post: Post) -> SheetQuiz | None:
        """A quiz's sheet entry (None for a post without a quiz)."""
        if post.quiz is None:
            return None
        return self.memo.view(_sheet_quiz, post, (post,), self.urls)

    def sidebar(self, slug: str) -> tuple[ReadingView, ...]:
        """A quiz's readings as its sidebar shows them: each one's "Also in:" quizzes (the
        nearest few citing it), and where it is listed."""
        post = self.posts[slug]
        readings = post.quiz.readings if post.quiz else ()
        key = []
        for reading in readings:
            entry = self.entry(reading.url)
            shown, more = self.memo.view(also_in, reading.url, (entry.posts,))[post]
            links = tuple([self.link(other.slug) for other in shown])
            key.append((reading, links, more, *self.spot(reading.url)))
        return self.memo.view(sidebar_views, post, (tuple(key),))

    def listed(self, url: str, tag: str = "") -> ReadingView:
        """A resource as a reading list shows it: the newest quizzes citing it (on a `tag`'s
        list, the newest of that tag's), and how many more."""
        made = self.listed_made(url, tag)
        self.memo.note_all(made[1])
        return made[0]

    def listed_made(self, url: str, tag: str = "") -> tuple[ReadingView, tuple[Name, ...]]:
        """A resource as a reading list shows it, and what that reads (see `listed`)."""
        made = self._listed.get((url, tag))  # most are on several pages
        if made is None:
            spot, entry = self.spots[url], self.entries[url]
            args = (entry, spot, tag)
            made = self.memo.view(_listed_reading, (url, tag) if tag else url, args, self)
            self._listed[(url, tag)] = made
        return made

    def tagged(self, tag: str) -> set[str]:
        """The slugs of the posts tagged `tag` (whose posts a reading entry holds: an edit
        that changes a post's tags changes the entries of the resources it cites)."""
        found = self._tagged.get(tag)
        if found is None:
            posts = next(t.posts for t in self.site.tags if t.slug == tag)
            found = self._tagged[tag] = {p.slug for p in posts}
        return found

    def cited(self, entry: ReadingEntry) -> tuple[PostLink, ...]:
        """Every quiz citing a resource, as links (its own page lists them all)."""
        self.entry(entry.url)
        return self.links([post.slug for post in entry.posts])


def _entry_shape(entry: ReadingEntry) -> tuple[str, tuple[str, ...]]:
    """What pages show of a reading list entry besides its quizzes' parts: its title, and which
    quizzes cite it (an edit of one of them that keeps its place leaves this as it was)."""
    return entry.title, tuple([post.slug for post in entry.posts])


@durable
def _tag_link(urls: Urls, name: str, slug: str, count: int, quizzes: int) -> TagLink:
    """A tag as a link, with how many posts carry it (and how many of those are quizzes)."""
    return TagLink(name, slug, urls.tag(slug), count, quizzes)


def _spots(
    reader: Reader,
) -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, int]]:
    """The resources with a page of their own (URL → its page), where each resource is (its
    entry on the reading list, and where all its quizzes are listed), and its place."""
    first = reader.site_view.reading_list_url
    per_page = reader.config.readings_per_page
    own_pages = {
        e.url: f"{first}{reading_id(e.url)}/"
        for e in reader.site.reading_list
        if len(e.posts) > LISTED_LIMIT
    }
    spots = {}
    for i, e in enumerate(reader.site.reading_list):
        entry_url = f"{reader.urls.paged(first, i // per_page + 1)}#{reading_anchor(e.url)}"
        spots[e.url] = (entry_url, own_pages.get(e.url, entry_url))
    return own_pages, spots, {url: n for n, url in enumerate(spots)}


@durable  # a command-line build after an edit would otherwise work out every tag's again
def _tag_readings(posts: tuple[Post, ...], order: Mapping[str, int]) -> tuple[str, ...]:
    """The resources a tag's quizzes (`posts`) cite, in the reading list's order."""
    cited = {r.url for post in posts if post.quiz for r in post.quiz.readings}
    return tuple(sorted(cited, key=order.__getitem__))


def also_in(posts: tuple[Post, ...]) -> dict[Post, tuple[tuple[Post, ...], int]]:
    """For each quiz citing a reading (`posts`, newest first), the few others its "Also in:"
    names (those nearest in date) and how many it leaves out."""
    windows = {}
    for here, post in enumerate(posts):
        start = max(0, min(here - ALSO_IN_LIMIT // 2, len(posts) - ALSO_IN_LIMIT - 1))
        shown = posts[start:here] + posts[here + 1 : start + ALSO_IN_LIMIT + 1]
        windows[post] = (shown, len(posts) - 1 - len(shown))
    return windows


@durable
def _own_views(urls: Urls, post: Post) -> tuple[PostLink, SitemapEntry]:
    """What depends on nothing but the post: its link and its line in the sitemap."""
    return own_views(post, urls)


def _summary(config: Any, urls: Urls, post: Post, links: tuple[TagLink, ...]) -> PostSummary:
    """A post's card, with its tags' links."""
    return make_summary(post, config, urls, links)


def _feed_entry(config: Any, urls: Urls, post: Post, summary: PostSummary) -> FeedEntry:
    """A feed entry, from the post and its summary."""
    return feed_entry(post, summary, config, urls)


def _sheet_quiz(urls: Urls, post: Post) -> SheetQuiz:
    """A sheet's entry for a quiz, linking to its page."""
    return sheet_quiz(post, urls.post(post.slug))


def _listed_reading(
    reader: Reader, entry: ReadingEntry, spot: tuple[str, str], tag: str
) -> tuple[ReadingView, tuple[Name, ...]]:
    """A reading as a reading list shows it (the newest quizzes citing it, of the `tag` if
    given, and how many more), and what it reads: its entry, where it is, and those quizzes'
    links. A tag's list naming the tag's own quizzes is also what keeps a title edit from
    reaching every tag's list that shows a resource the edited quiz cites."""
    citing = entry.posts
    if tag:
        tagged = reader.tagged(tag)
        citing = tuple([p for p in citing if p.slug in tagged])
        if len(citing) == len(entry.posts):
            # Every quiz citing it is the tag's: the whole list's very entry, whose rendered
            # fragment the tags' lists then share.
            return reader.listed_made(entry.url)
    named = citing[:LISTED_LIMIT]
    shown = tuple([reader.link(p.slug) for p in named])
    more = len(entry.posts) - len(shown)
    anchor = reading_anchor(entry.url)
    reads = (("entry", entry.url), ("spot", entry.url), *[("link", p.slug) for p in named])
    return ReadingView(entry.title, entry.url, Markup(""), shown, more, anchor, *spot), reads


__all__ = ["ALSO_IN_LIMIT", "LISTED_LIMIT", "Reader", "Spec", "Tag", "site_pages"]
