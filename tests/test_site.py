"""The repository's sample blog, built end to end: every page type, links, answers kept hidden."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, numbered_quizzes, write_tree

from quizsite.build import build


class Links(HTMLParser):
    """Collects href/src values and whether a quiz key sits outside a <details> element."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.details_depth = 0
        self.key_outside_details = False
        self.open_answers = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.urls.append(str(values[name]))
        if tag == "details":
            self.details_depth += 1
            if "open" in values and values.get("id") == "answer":
                self.open_answers += 1
        if "quiz-key" in (values.get("class") or "").split() and not self.details_depth:
            self.key_outside_details = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.details_depth -= 1


def parse_html(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def build_sample(tmp_path: Path, base_url: str | None = None) -> Path:
    root = tmp_path / "blog"
    shutil.copytree(REPO / "content", root / "content")
    build(root, base_url=base_url)
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


def test_every_page_type_is_written(site: Path) -> None:
    for rel in (
        "index.html",
        "page/2/index.html",
        "tags/index.html",
        "tags/deep-learning/index.html",
        "tags/bayes-theorem/index.html",
        "reading-list/index.html",
        "404.html",
        ".nojekyll",
        "assets/style.css",
        "assets/quizsite.js",
        "assets/highlight.css",
        "posts/the-fraud-detector-everyone-liked/index.html",
        "posts/the-fraud-detector-everyone-liked/confusion-matrix.svg",
    ):
        assert (site / rel).is_file(), rel


def test_drafts_are_left_out(site: Path) -> None:
    assert not (site / "posts/five-clusters-different-every-time").exists()
    for page in site.rglob("*.html"):
        assert "Five Clusters, Different Every Time" not in page.read_text(), page


def test_home_lists_newest_first(site: Path) -> None:
    html = (site / "index.html").read_text()
    first = html.index("The Weight Decay That Barely Decayed")  # 2026-06-08, the newest
    assert first < html.index("Fine-Tuning on Nine Hundred Leaves")
    assert html.count('class="post-card"') == 10
    assert (site / "page/2/index.html").read_text().count('class="post-card"') == 7


def test_answers_stay_inside_closed_details(site: Path) -> None:
    posts = sorted((site / "posts").glob("*/index.html"))
    assert len(posts) == 17
    for page in site.rglob("*.html"):
        parsed = parse_html(page)
        assert not parsed.key_outside_details, page
        assert parsed.open_answers == 0, page
    for listing in [
        site / "index.html",
        site / "page/2/index.html",
        *(p for p in (site / "tags").rglob("*.html") if "sheet" not in p.parts),
    ]:
        html = listing.read_text()
        assert "Correct answer" not in html and "callout-body" not in html, listing
    # Quiz sheets show whole questions (callouts in them too) and a key, never an answer block.
    for sheet in [site / "sheet/index.html", *(site / "tags").glob("*/sheet/index.html")]:
        html = sheet.read_text()
        assert "Correct answer" not in html and 'id="answer"' not in html, sheet


def test_post_page_has_quiz_parts_and_sidebar(site: Path) -> None:
    html = (site / "posts/the-curve-that-fit-too-well/index.html").read_text()
    assert '<ol class="quiz-options"' in html
    assert html.count('class="quiz-option"') == 4
    assert '<details id="answer" class="callout callout-note' in html
    assert "Correct answers: </span>1, 3" in html
    assert 'class="reading-sidebar"' in html
    assert "min read" in html
    assert 'rel="next"' in html and 'rel="prev"' not in html, "the oldest quiz has no previous"
    middle = (site / "posts/a-hand-rolled-dropout-layer/index.html").read_text()
    assert 'rel="prev"' in middle and 'rel="next"' in middle


def test_reading_list_is_most_cited_first(site: Path) -> None:
    html = (site / "reading-list/index.html").read_text()
    assert html.index("https://www.deeplearningbook.org/") < html.index(
        "https://arxiv.org/abs/1412.6980"
    )
    assert html.count('class="reading-title"') == len(
        set(html.split('class="reading-title" href="')[1:])
    )


def test_tag_index_counts(site: Path) -> None:
    html = (site / "tags/index.html").read_text()
    assert 'href="/tags/deep-learning/">deep learning <span class="tag-count">' in html


@pytest.mark.parametrize("base_url", [None, "https://user.github.io/quiz-blog/"])
def test_every_internal_link_resolves(tmp_path: Path, base_url: str | None) -> None:
    site = build_sample(tmp_path, base_url)
    prefix = urlsplit(base_url).path if base_url else "/"
    checked = 0
    for page in site.rglob("*.html"):
        for url in parse_html(page).urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                assert path.startswith(prefix), f"{page}: {url} ignores the base path"
                target = site / path[len(prefix) :]
            else:
                target = page.parent / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)} links to missing {url}"
            checked += 1
    assert checked > 500


def test_tag_pages_are_paginated_like_the_home_page(tmp_path: Path) -> None:
    files = {"quizsite.toml": 'posts_per_page = 2\nbase_url = "https://q.example/"\n'}
    out = build(write_tree(tmp_path, files | numbered_quizzes(5, "shared"))).output
    pages = [
        out / "tags/shared/index.html",
        *(out / f"tags/shared/page/{n}/index.html" for n in (2, 3)),
    ]
    titles = [re.findall(r'data-slug="(q\d)"', p.read_text()) for p in pages]
    assert titles == [["q4", "q3"], ["q2", "q1"], ["q0"]]  # newest first, two a page
    middle = pages[1].read_text()
    assert "<h1>shared, page 2 of 3</h1>" in middle
    assert 'href="/tags/shared/" rel="prev"' in middle
    assert 'href="/tags/shared/page/3/" rel="next"' in middle
    assert not (out / "tags/shared/page/4").exists()
    sitemap = (out / "sitemap.xml").read_text()
    assert all(
        f"<loc>https://q.example/tags/shared/{s}</loc>" in sitemap
        for s in ("", "page/2/", "page/3/")
    )
