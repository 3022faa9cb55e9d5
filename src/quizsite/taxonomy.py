"""Pure derivations from the posts: ordering, tags, the reading list, neighbours, pagination."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Generic, NamedTuple, TypeVar

from .config import SiteConfig
from .model import Post, ReadingEntry, Site, Tag
from .slugs import tag_slug

T = TypeVar("T")


def order_posts(posts: Sequence[Post]) -> tuple[Post, ...]:
    """Newest first; ties broken by title then slug so the order never depends on the disk."""
    by_title = sorted(posts, key=lambda p: (p.title.casefold(), p.slug))
    return tuple(sorted(by_title, key=lambda p: p.date, reverse=True))


def published(
    posts: Sequence[Post], *, drafts: bool, future: bool, now: datetime
) -> tuple[Post, ...]:
    """The posts that appear on the site (see `is_published`)."""
    return tuple(p for p in posts if is_published(p, drafts=drafts, future=future, now=now))


def is_published(post: Post, *, drafts: bool, future: bool, now: datetime) -> bool:
    """Whether `post` appears on the site: no draft and nothing dated after `now`, unless
    asked."""
    return (drafts or not post.draft) and (future or post.date <= now)


def build_tags(posts: Sequence[Post]) -> tuple[Tag, ...]:
    """Tags by slug, so "NLP" and "nlp" are one tag shown under its most used spelling."""
    by_slug: dict[str, list[Post]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        slugs = {name: tag_slug(name) for name in post.tags}
        for slug in dict.fromkeys(slugs.values()):
            by_slug[slug].append(post)
        for name, slug in slugs.items():
            spellings[slug][name] += 1
    tags = [
        Tag(
            name=min(spellings[slug].items(), key=lambda kv: (-kv[1], kv[0]))[0],
            slug=slug,
            posts=tuple(tagged),
            quizzes=sum(post.quiz is not None for post in tagged),
        )
        for slug, tagged in by_slug.items()
    ]
    return tuple(sorted(tags, key=lambda t: (t.name.casefold(), t.slug)))


def build_reading_list(posts: Sequence[Post]) -> tuple[ReadingEntry, ...]:
    """Every recommended reading, one entry per URL, most cited first, then by title."""
    citing: dict[str, list[Post]] = defaultdict(list)
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        readings = post.quiz.readings if post.quiz else ()
        for url in dict.fromkeys(r.url for r in readings):
            citing[url].append(post)
        for reading in readings:
            titles[reading.url][reading.title] += 1
    entries = [
        ReadingEntry(
            url=url,
            title=min(titles[url].items(), key=lambda kv: (-kv[1], kv[0]))[0] or url,
            posts=tuple(cited),
        )
        for url, cited in citing.items()
    ]
    return tuple(sorted(entries, key=lambda e: (-len(e.posts), e.title.casefold(), e.url)))


def index_site(
    config: SiteConfig, posts: Sequence[Post], now: datetime, previous: Site | None = None
) -> tuple[Site, Mapping[Post, Post] | None]:
    """Assemble the frozen Site from parsed posts, as published at `now`, and say how it
    differs from `previous` (the last build's): when no post moved in the order, the tags, the
    reading list or the pages, it is `previous` with the edited posts swapped in, and those
    swaps (old → new) come with it; otherwise it is made afresh, with None."""
    shown = published(posts, drafts=config.drafts, future=config.future, now=now)
    if previous is not None and previous.config == config:
        swaps = _swaps(previous.posts, shown)
        if swaps is not None:
            return with_swaps(previous, swaps), swaps
    ordered = order_posts(shown)
    return Site(config, ordered, build_tags(ordered), build_reading_list(ordered)), None


def _shape(post: Post) -> tuple[object, ...]:
    """What places a post in the order, the tags and the reading list, and gives it pages (its
    aliases, and the quiz sheets when it is a quiz), but for its title (which only orders posts
    of the same date: `_swaps` looks at it then)."""
    readings = tuple((r.url, r.title) for r in post.quiz.readings) if post.quiz else ()
    return (post.date, post.slug, post.tags, readings, post.aliases, post.quiz is not None)


def _swaps(before: tuple[Post, ...], now: Sequence[Post]) -> dict[Post, Post] | None:
    """The posts of `before` (a site's, in its order) replaced by an edited version in `now`
    that keeps its place everywhere, or None when the posts differ otherwise (added, removed,
    moved)."""
    if len(before) != len(now):
        return None
    # Posts are compared by identity: the sets find the few new versions without a look at
    # each of the others.
    gone, edited = set(before).difference(now), set(now).difference(before)
    by_slug = {post.slug: post for post in gone}
    swaps: dict[Post, Post] = {}
    for post in edited:
        old = by_slug.get(post.slug)
        if old is None or not swap_keeps_place(before, old, post):
            return None
        swaps[old] = post
    return swaps


def swap_keeps_place(before: tuple[Post, ...], old: Post, new: Post) -> bool:
    """Whether `new`, in place of `old` among `before` (a site's posts, in its order), keeps
    its place in the order, the tags and the reading list, and its pages."""
    if _shape(old) != _shape(new):
        return False
    if old.title.casefold() != new.title.casefold():
        # A retitled post among others of its date may change places; `before` is in the
        # site's order, by date, so those others are beside it.
        here = before.index(old)
        beside = before[max(0, here - 1) : here] + before[here + 1 : here + 2]
        return not any(post.date == old.date for post in beside)
    return True


def with_swaps(site: Site, swaps: dict[Post, Post]) -> Site:
    """`site` with each swapped post replaced by its new version; untouched tags and reading
    list entries stay the very same objects, and the standalone pages and drafts too."""
    if not swaps:
        return site

    def swapped(posts: tuple[Post, ...]) -> tuple[Post, ...]:
        return tuple(swaps.get(post, post) for post in posts)

    # A swap keeps a post's tags and readings: only the tags and entries it names hold it.
    tagged = {tag_slug(name) for post in swaps for name in post.tags}
    cited = {r.url for post in swaps if post.quiz for r in post.quiz.readings}
    tags = tuple(
        Tag(tag.name, tag.slug, swapped(tag.posts), tag.quizzes) if tag.slug in tagged else tag
        for tag in site.tags
    )
    reading_list = tuple(
        ReadingEntry(entry.url, entry.title, swapped(entry.posts)) if entry.url in cited else entry
        for entry in site.reading_list
    )
    return Site(site.config, swapped(site.posts), tags, reading_list, site.pages, site.drafts)


def neighbours(posts: Sequence[Post], index: int) -> tuple[Post | None, Post | None]:
    """(older, newer) neighbours of the post at `index` in newest-first order."""
    older = posts[index + 1] if index + 1 < len(posts) else None
    newer = posts[index - 1] if index > 0 else None
    return older, newer


class PageSlice(NamedTuple, Generic[T]):
    """One page of a paginated listing."""

    number: int  # 1-based
    total: int
    items: tuple[T, ...]


def paginate(items: Sequence[T], per_page: int) -> tuple[PageSlice[T], ...]:
    """Split `items` into pages; an empty listing still has one (empty) page."""
    chunks = [tuple(items[i : i + per_page]) for i in range(0, len(items), per_page)] or [()]
    return tuple(PageSlice(n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1))
