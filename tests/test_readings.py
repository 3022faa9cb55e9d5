"""The reading list beyond titles: each entry's source and kind, how many quizzes cite it, and
a reading list per tag (static pages, no script) linked from the whole list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import numbered_quizzes, quiz_text, write_tree

from quizsite.build import build
from quizsite.readings import describe


@pytest.mark.parametrize(
    ("url", "source", "kind"),
    [
        ("https://arxiv.org/abs/1711.05101", "arXiv:1711.05101", "paper"),
        ("https://arxiv.org/pdf/1412.6980v9", "arXiv:1412.6980", "paper"),
        (
            "https://doi.org/10.1016/j.patrec.2005.10.010",
            "doi:10.1016/j.patrec.2005.10.010",
            "paper",
        ),
        ("https://dl.acm.org/doi/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701", "paper"),
        ("https://proceedings.mlr.press/v37/ioffe15.html", "proceedings.mlr.press", "paper"),
        (
            "https://www.jmlr.org/papers/volume15/srivastava14a/srivastava14a.pdf",
            "jmlr.org",
            "paper",
        ),
        (
            "https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html",
            "pytorch.org",
            "documentation",
        ),
        (
            "https://scikit-learn.org/stable/modules/cross_validation.html",
            "scikit-learn.org",
            "documentation",
        ),
        ("https://docs.python.org/3/library/re.html", "docs.python.org", "documentation"),
        ("https://distill.pub/2016/misread-tsne/", "distill.pub", "article"),
        ("https://en.wikipedia.org/wiki/Softmax_function", "en.wikipedia.org", "article"),
        (
            "https://lilianweng.github.io/posts/2018-06-24-attention/",
            "lilianweng.github.io",
            "article",
        ),
        ("https://www.youtube.com/watch?v=kCc8FmEb1nY", "youtube.com", "video"),
        ("https://www.deeplearningbook.org/", "deeplearningbook.org", ""),
    ],
)
def test_source_and_kind_from_the_url(url: str, source: str, kind: str) -> None:
    assert describe(url) == (source, kind)


def test_the_reading_list_shows_source_kind_and_count(tmp_path: Path) -> None:
    text = quiz_text().replace("https://example.org/book", "https://arxiv.org/abs/1706.03762")
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": text, **numbered_quizzes(2)})
    site = build(root).output
    page = (site / "reading-list/index.html").read_text()
    entry = page.split('<a class="reading-title" href="https://arxiv.org/abs/1706.03762">')[1]
    entry = entry.split("</li>")[0]
    assert '<span class="reading-source">arXiv:1706.03762</span>' in entry
    assert '<span class="reading-kind reading-kind-paper">paper</span>' in entry
    assert "Recommended by 1 quiz:" in entry
    book = page.split('href="https://example.org/book">')[1].split("</li>")[0]
    assert '<span class="reading-source">example.org</span>' in book
    assert "reading-kind" not in book  # the URL does not tell
    assert "Recommended by 2 quizzes:" in book
    # The quiz page's sidebar says where each reading is from too.
    post = (site / "posts/a/index.html").read_text()
    sidebar = post.split('<aside class="reading-sidebar"')[1]
    assert '<span class="reading-source">arXiv:1706.03762</span>' in sidebar


def test_each_tag_has_a_reading_list_linked_from_the_whole_list(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/a.qmd": quiz_text("A", tags="vision", slug="a"),
            "content/posts/b.qmd": quiz_text("B", "2024-01-02", tags="text, vision", slug="b"),
        },
    )
    site = build(root).output
    whole = (site / "reading-list/index.html").read_text()
    nav = whole.split('<nav class="reading-tags"')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)">([^<]+) <span class="reading-tags-count">(\d+)', nav) == [
        ("/reading-list/tags/text/", "text", "2"),
        ("/reading-list/tags/vision/", "vision", "3"),
    ]
    text = (site / "reading-list/tags/text/index.html").read_text()
    listed = re.findall(r'<a class="reading-title" href="([^"]+)"', text)
    assert listed == ["https://example.org/book", "https://example.org/b"]  # not a's own
    assert 'aria-current="page">text' in text
    assert "<h1>Reading for “text”</h1>" in text
    vision = (site / "reading-list/tags/vision/index.html").read_text()
    # Every quiz is tagged vision: its list is the whole list, in the same order.
    in_order = re.findall(r'<a class="reading-title" href="([^"]+)"', whole)
    assert re.findall(r'<a class="reading-title" href="([^"]+)"', vision) == in_order
    assert len(in_order) == 3
    assert "<script" not in nav
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>/reading-list/tags/text/</loc>" in sitemap
    assert "<loc>/reading-list/tags/vision/</loc>" in sitemap


def test_a_tags_reading_list_names_the_tags_own_quizzes(tmp_path: Path) -> None:
    """On a tag's list a resource names the tag's quizzes citing it; the count, and the link
    to the rest, stand for every quiz. A title edit reaches the lists of the quiz's own tags
    only, even where another tag's list shows a resource it cites."""
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/a.qmd": quiz_text("Alpha", tags="vision", slug="a"),
            "content/posts/b.qmd": quiz_text("Beta", "2024-01-02", tags="text", slug="b"),
            "content/posts/c.qmd": quiz_text("Gamma", "2024-01-03", tags="text", slug="c"),
        },
    )
    first = build(root)
    vision = (first.output / "reading-list/tags/vision/index.html").read_text()
    book = vision.split('href="https://example.org/book"')[1].split("</p>\n    </li>")[0]
    book = book.split('class="reading-cited"')[1]
    assert "Recommended by 3 quizzes:" in book
    assert re.findall(r">([^<]+)</a>", book) == ["Alpha", "2 more quizzes"]
    whole = (first.output / "reading-list/index.html").read_text()
    book = whole.split('href="https://example.org/book"')[1].split("</li>")[0]
    book = book.split('class="reading-cited"')[1]
    assert re.findall(r">([^<]+)</a>", book) == ["Gamma", "Beta", "Alpha"]
    path = root / "content/posts/c.qmd"
    path.write_text(path.read_text().replace('title: "Gamma"', 'title: "Gamma, renamed"'))
    again = build(root, previous=first.state)
    assert "reading-list/tags/text/index.html" in again.rendered
    assert "reading-list/tags/vision/index.html" not in again.rendered
    text = (again.output / "reading-list/tags/text/index.html").read_text()
    assert ">Gamma, renamed</a>" in text


def test_a_tags_reading_list_follows_an_edit(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/a.qmd": quiz_text("A", tags="vision", slug="a"),
            "content/posts/b.qmd": quiz_text("B", "2024-01-02", tags="text", slug="b"),
        },
    )
    first = build(root)
    path = root / "content/posts/b.qmd"
    path.write_text(path.read_text().replace("https://example.org/b)", "https://arxiv.org/abs/1/)"))
    again = build(root, previous=first.state)
    assert "reading-list/tags/text/index.html" in again.rendered
    assert "reading-list/tags/vision/index.html" not in again.rendered
    text = (again.output / "reading-list/tags/text/index.html").read_text()
    assert 'href="https://arxiv.org/abs/1/"' in text
    assert 'href="https://example.org/b"' not in text


def test_a_tags_reading_list_names_an_edited_quiz_by_its_new_title(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/a.qmd": quiz_text("Alpha", tags="vision", slug="a"),
            "content/posts/b.qmd": quiz_text("Beta", "2024-01-02", tags="vision, text", slug="b"),
        },
    )
    first = build(root)
    for _ in range(2):  # the second edit starts from the first one's kept lists
        path = root / "content/posts/b.qmd"
        old = "Beta" if 'title: "Beta"' in path.read_text() else "Gamma"
        new = "Gamma" if old == "Beta" else "Delta"
        path.write_text(path.read_text().replace(f'title: "{old}"', f'title: "{new}"'))
        first = build(root, previous=first.state)
        for page in ("reading-list/tags/text/index.html", "reading-list/tags/vision/index.html"):
            text = (first.output / page).read_text()
            assert f">{new}</a>" in text and f">{old}</a>" not in text, page
