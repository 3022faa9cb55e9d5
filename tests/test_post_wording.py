"""Blogs whose posts are not all quizzes (a Quarto blog of articles, a quiz blog with an essay):
the pages speak of posts where there is no quiz, of quizzes where every post is one, and leave
out what only quizzes have (progress, the next unanswered quiz, the quiz sheet) where there
is nothing to show."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import Console, quiz_text, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser


TITLE = {"quizsite.toml": 'title = "Notebook"\n'}  # the default title is "Quiz blog"


def essay(title: str, day: int, tags: str = "notes") -> str:
    """A post without a quiz."""
    return f"---\ntitle: {title}\ndate: 2024-01-{day:02d}\ntags: [{tags}]\n---\n\nSome prose.\n"


def test_a_blog_without_quizzes_speaks_of_posts(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            **TITLE,
            "content/posts/one.qmd": essay("One", 1),
            "content/posts/two.qmd": essay("Two", 2),
            "content/posts/three.qmd": essay("Three", 3, "notes, r"),
        },
    )
    site = build(root).output
    home = (site / "index.html").read_text()
    assert ">Posts</a></li>" in home and ">Quizzes<" not in home
    assert 'placeholder="Search posts"' in home
    assert "3 posts · built with quizsite" in home
    assert "data-quiz-progress" not in home and "sheet/" not in home
    two = (site / "posts/two/index.html").read_text()
    assert '<nav class="post-nav" aria-label="More posts">' in two
    assert "← Previous post</span>" in two and "Next post →</span>" in two
    assert "data-quiz-jump" not in two
    tag = (site / "tags/notes/index.html").read_text()
    assert '<p class="lead">3 posts</p>' in tag
    assert 'content="Posts tagged notes"' in tag
    assert (
        "3 tags" not in tag and "2 tags across 3 posts." in (site / "tags/index.html").read_text()
    )
    assert "Browse all posts" in (site / "404.html").read_text()
    assert "Words to find in the posts" in (site / "search/index.html").read_text()
    assert not (site / "sheet").exists() and not (site / "tags/notes/sheet").exists()
    for page in site.rglob("*.html"):
        assert not re.search(r"\bquiz(zes)?\b", page.read_text(), re.IGNORECASE), page


def test_a_quarto_site_of_pages_alone_speaks_of_posts(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: Notes\n",
            "index.qmd": "---\ntitle: Welcome\n---\n\nHello.\n",
            "about.qmd": "---\ntitle: About\n---\n\nMe.\n",
        },
    )
    home = (build(root).output / "index.html").read_text()
    assert ">Quizzes<" not in home and 'placeholder="Search posts"' in home


def test_a_mixed_blog_calls_each_thing_what_it_is(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/essay.qmd": essay("An essay", 1, "notes"),
            "content/posts/a.qmd": quiz_text("A", "2024-01-02", "red", slug="a"),
            "content/posts/b.qmd": quiz_text("B", "2024-01-03", "red, notes", slug="b"),
        },
    )
    site = build(root).output
    home = (site / "index.html").read_text()
    assert ">Posts</a></li>" in home and "3 posts, 2 with a quiz · built" in home
    assert "data-quiz-progress" in home  # the quizzes have progress to show
    assert '<a class="sheet-link" href="/sheet/">Printable quiz sheet</a>' in home
    a = (site / "posts/a/index.html").read_text()
    assert "← Previous post</span>" in a and "Next quiz →</span>" in a
    assert 'aria-label="More posts"' in a
    assert "data-quiz-jump" in (site / "posts/essay/index.html").read_text()
    red = (site / "tags/red/index.html").read_text()
    assert '<p class="lead">2 quizzes · <a class="sheet-link"' in red
    assert 'content="Quizzes tagged red"' in red
    notes = (site / "tags/notes/index.html").read_text()
    assert '<p class="lead">2 posts, 1 with a quiz · <a class="sheet-link"' in notes
    tags = (site / "tags/index.html").read_text()
    assert "2 tags across 3 posts, 2 with a quiz." in tags
    assert '2<span class="visually-hidden"> quizzes</span>' in tags  # red
    assert '2<span class="visually-hidden"> posts</span>' in tags  # notes


def test_a_blog_of_quizzes_keeps_speaking_of_quizzes(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/a.qmd": quiz_text("A", "2024-01-02", "red", slug="a"),
            "content/posts/b.qmd": quiz_text("B", "2024-01-03", "red", slug="b"),
        },
    )
    site = build(root).output
    home = (site / "index.html").read_text()
    assert ">Quizzes</a></li>" in home and "2 quizzes · built" in home
    assert 'placeholder="Search quizzes"' in home
    b = (site / "posts/b/index.html").read_text()
    assert 'aria-label="More quizzes"' in b and "← Previous quiz</span>" in b


def test_the_last_quiz_turned_essay_takes_the_quiz_parts_along(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/essay.qmd": essay("An essay", 1),
            "content/posts/a.qmd": quiz_text("A", "2024-01-02", "notes", slug="a"),
        },
    )
    first = build(root)
    (root / "content/posts/a.qmd").write_text(essay("A", 2))
    again = build(root, previous=first.state)
    home = (again.output / "index.html").read_text()
    assert "data-quiz-progress" not in home and "2 posts · built" in home
    assert not (again.output / "sheet").exists()
    assert "← Previous post</span>" in (again.output / "posts/a/index.html").read_text()


@pytest.mark.browser
def test_pages_without_quizzes_show_no_quiz_parts(browser: Browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    root = write_tree(
        tmp_path / "blog",
        {
            **TITLE,
            "content/posts/one.qmd": essay("One", 1),
            "content/posts/two.qmd": essay("Two", 2),
        },
    )
    build(root)
    with serve_folder(root / "site") as url:
        page = browser.new_page()
        console = Console(page)
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        for path in ("/", "/posts/one/", "/tags/notes/"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            body = page.locator("body")
            expect(body).not_to_contain_text(re.compile(r"\bquiz(zes)?\b", re.IGNORECASE))
            expect(page.locator(".quiz-progress, .quiz-jump")).to_have_count(0)
        assert not [u for u in asked if u.endswith("quizzes.json")]  # nothing to ask for
        assert console.errors == []
        page.close()


@pytest.mark.browser
def test_an_essay_among_quizzes_offers_the_next_unanswered_quiz(
    browser: Browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/essay.qmd": essay("An essay", 1),
            "content/posts/a.qmd": quiz_text("A", "2024-01-02", "notes", slug="a"),
        },
    )
    build(root)
    with serve_folder(root / "site") as url:
        page = browser.new_page()
        page.goto(url + "/posts/essay/")
        expect(page.locator(".quiz-jump-next")).to_contain_text("Next unanswered quiz: A")
        page.goto(url + "/")
        expect(page.locator(".quiz-progress-score")).to_contain_text("0 of 1 quiz answered")
        page.close()
