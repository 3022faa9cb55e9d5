"""Pure derivations: ordering, tags, reading list, neighbours, pagination, slugs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from quizsite.config import SiteConfig
from quizsite.errors import SourceLocation
from quizsite.model import Answer, Post, Quiz, Reading, Site
from quizsite.slugs import tag_slug
from quizsite.taxonomy import (
    build_reading_list,
    build_tags,
    index_site,
    neighbours,
    order_posts,
    paginate,
)


def make_post(
    slug: str, day: int, tags: tuple[str, ...] = (), readings: tuple[tuple[str, str], ...] = ()
) -> Post:
    loc = SourceLocation(f"content/{slug}.qmd", 1)
    quiz = Quiz(
        "<p>q</p>",
        (),
        "<ol></ol>",
        "",
        Answer((1,), "", "answer", loc),
        "",
        tuple(Reading(title, url, "", loc) for title, url in readings),
    )
    return Post(
        location=loc, slug=slug, title=slug.upper(), date=datetime(2024, 1, day), has_time=False,
        tags=tags, description="", subtitle="", authors=(), image="", image_alt="", draft=False,
        aliases=(), extra=MappingProxyType({}), prose_html="", quiz=quiz, summary="", word_count=1, text="", answer_text="",
        source_dir="/", assets=(),
    )  # fmt: skip


def test_newest_first_with_stable_ties() -> None:
    posts = [make_post("b", 1), make_post("c", 3), make_post("a", 1)]
    assert [p.slug for p in order_posts(posts)] == ["c", "a", "b"]


def test_tags_merge_by_slug_and_take_the_common_spelling() -> None:
    posts = [
        make_post("a", 1, ("NLP",)),
        make_post("b", 2, ("nlp",)),
        make_post("c", 3, ("NLP", "Zeta")),
    ]
    tags = build_tags(posts)
    assert [(t.name, t.slug, [p.slug for p in t.posts]) for t in tags] == [
        ("NLP", "nlp", ["a", "b", "c"]),
        ("Zeta", "zeta", ["c"]),
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("deep learning", "deep-learning"),
        ("Bayes' theorem", "bayes-theorem"),
        ("Ünïcödé", "unicode"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("Q&A", "q-and-a"),
        ("机器学习", "ji-qi-xue-xi"),
    ],
)
def test_tag_slugs_are_url_safe(name: str, slug: str) -> None:
    assert tag_slug(name) == slug


def test_emoji_tag_gets_a_stable_hashed_slug() -> None:
    assert tag_slug("🤖") == tag_slug("🤖")
    assert tag_slug("🤖").startswith("tag-")
    assert tag_slug("🤖") != tag_slug("🧠")


def test_reading_list_deduplicates_by_url_most_cited_first() -> None:
    posts = [
        make_post("a", 1, readings=(("Book", "https://b"), ("Zed paper", "https://z"))),
        make_post("b", 2, readings=(("The Book", "https://b"), ("Alpha", "https://a"))),
        make_post("c", 3, readings=(("Book", "https://b"), ("Book", "https://b"))),
    ]
    entries = build_reading_list(posts)
    assert [(e.title, e.url, [p.slug for p in e.posts]) for e in entries] == [
        ("Book", "https://b", ["a", "b", "c"]),
        ("Alpha", "https://a", ["b"]),
        ("Zed paper", "https://z", ["a"]),
    ]


def test_neighbours() -> None:
    posts = order_posts([make_post("a", 1), make_post("b", 2), make_post("c", 3)])
    assert neighbours(posts, 0) == (posts[1], None)
    assert neighbours(posts, 2) == (None, posts[1])


def test_pagination() -> None:
    pages = paginate(list(range(7)), 3)
    assert [(p.number, p.total, p.items) for p in pages] == [
        (1, 3, (0, 1, 2)),
        (2, 3, (3, 4, 5)),
        (3, 3, (6,)),
    ]
    assert paginate([], 3)[0].items == ()


def _site_parts(site: Site) -> tuple[object, ...]:
    """A site's index as plain data: post slugs in order, tags and reading entries."""
    return (
        [p.slug for p in site.posts],
        [(t.name, t.slug, [p.slug for p in t.posts]) for t in site.tags],
        [(e.url, e.title, [p.slug for p in e.posts]) for e in site.reading_list],
    )


def _index(posts: list[Post], previous: Site | None = None) -> Site:
    return index_site(SiteConfig(root=Path("/site")), posts, datetime(2030, 1, 1), previous)[0]


@pytest.mark.parametrize(
    ("edit", "reused"),
    [
        ({"title": "A NEW TITLE"}, True),  # nothing else has its date: it keeps its place
        ({"summary": "other words"}, True),
        ({"tags": ("red", "green")}, False),
        ({"date": datetime(2024, 1, 9)}, False),
        ({"aliases": ("/old/b/",)}, False),  # a page more: the site's pages are not as they were
    ],
)
def test_an_edit_that_moves_nothing_reuses_the_index(edit: dict[str, object], reused: bool) -> None:
    posts = [
        make_post("a", 1, ("red",), (("A book", "https://b.org"),)),
        make_post("b", 2, ("red", "blue"), (("A book", "https://b.org"),)),
        make_post("c", 3, ("blue",), (("Paper", "https://p.org"),)),
    ]
    before = _index(posts)
    posts[1] = posts[1]._replace(**edit)
    after = _index(posts, before)
    assert _site_parts(after) == _site_parts(_index(posts)), "the same index as a fresh one"
    assert posts[1] in after.posts and not any(
        p.slug == "b" and p is not posts[1] for p in after.posts
    )
    untouched = next(e for e in after.reading_list if e.url == "https://p.org")
    assert (untouched is next(e for e in before.reading_list if e.url == "https://p.org")) is reused


@pytest.mark.parametrize(
    ("retitled", "title", "order"),
    [(0, "Z", ["b", "c", "a"]), (2, "0", ["c", "a", "b"]), (1, "Y", ["a", "c", "b"])],
)
def test_a_retitled_post_among_others_of_its_date_is_ordered_afresh(
    retitled: int, title: str, order: list[str]
) -> None:
    # Titles A, B, C on one day, and a post of another day on each side.
    posts = [make_post("a", 2), make_post("b", 2), make_post("c", 2)]
    posts += [make_post("newer", 3), make_post("older", 1)]
    before = _index(posts)
    assert [p.slug for p in before.posts] == ["newer", "a", "b", "c", "older"]
    posts[retitled] = posts[retitled]._replace(title=title)
    after = _index(posts, before)
    assert [p.slug for p in after.posts] == ["newer", *order, "older"]
