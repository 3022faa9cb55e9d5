"""Feeds, sitemap, robots.txt, canonical and social-card tags, aliases, future posts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import CliResult, quiz_text, write_tree

from quizsite.build import build
from quizsite.errors import BuildFailed

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://user.github.io/quiz-blog/"


def make_site(tmp_path: Path, config: str = "") -> Path:
    posts = {
        f"content/posts/q{n}.qmd": quiz_text(f"Quiz {n}", f"2024-01-{n + 1:02d}", "alpha, Beta")
        for n in range(25)
    }
    return write_tree(tmp_path, {"quizsite.toml": f'base_url = "{BASE}"\n{config}', **posts})


def entries(feed: Path) -> list[ET.Element]:
    root = ET.parse(feed).getroot()
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_site_feed_is_valid_atom_without_answers(tmp_path: Path) -> None:
    site = build(make_site(tmp_path)).output
    feed = ET.parse(site / "feed.xml").getroot()
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == BASE + "feed.xml"
    items = entries(site / "feed.xml")
    assert len(items) == 20  # feed_size
    first = items[0]
    assert first.findtext(f"{ATOM}title") == "Quiz 24"
    assert first.findtext(f"{ATOM}id") == BASE + "posts/q24/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first.findtext(f"{ATOM}updated") or "")
    content = first.findtext(f"{ATOM}content") or ""
    assert "Which option is right?" in content and "Second option" in content
    assert "explanation says why" not in content and "Correct answer" not in content
    assert f'href="{BASE}posts/q24/#answer"' in content
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["alpha", "beta"]


def test_tag_feeds(tmp_path: Path) -> None:
    site = build(make_site(tmp_path, "feed_size = 5\n")).output
    assert len(entries(site / "tags/beta/feed.xml")) == 5
    html = (site / "tags/beta/index.html").read_text()
    assert 'href="/quiz-blog/tags/beta/feed.xml"' in html
    assert 'type="application/atom+xml"' in (site / "index.html").read_text()


def test_publish_answers_puts_them_in_feeds(tmp_path: Path) -> None:
    root = make_site(tmp_path, "publish_answers = true\n")
    essay = (
        "---\ntitle: Essay\ndate: 2025-01-01\n---\n\n::: {.callout-tip}\n## Mind this\nBody.\n:::\n"
    )
    site = build(write_tree(root, {"content/posts/essay.qmd": essay})).output
    essay_entry, quiz_entry = entries(site / "feed.xml")[:2]
    content = quiz_entry.findtext(f"{ATOM}content") or ""
    assert "explanation says why" in content
    # Feed readers drop the site's styles: the callout's kind, said to screen readers on the
    # page, would stand before the title as text there.
    # The answer's summary tells its state (issue 22); without the theme's styles only
    # "Show the answer" shows, the open state's words being hidden.
    assert "<summary" in content
    assert (
        '<span class="answer-when-closed">Show the answer</span>'
        '<span class="answer-when-open" hidden>Hide the answer</span></span></summary>'
    ) in content
    assert "Note: " not in content
    essay_html = essay_entry.findtext(f"{ATOM}content") or ""
    assert '<span class="callout-title">Mind this</span>' in essay_html
    assert "Tip: " not in essay_html
    page = (site / "posts/essay/index.html").read_text()
    assert '<span class="visually-hidden callout-kind">Tip: </span>Mind this' in page


def test_sitemap_and_robots(tmp_path: Path) -> None:
    site = build(make_site(tmp_path)).output
    urls = [u.findtext(f"{SITEMAP}loc") for u in ET.parse(site / "sitemap.xml").getroot()]
    assert BASE in urls and BASE + "page/2/" in urls and BASE + "reading-list/" in urls
    assert all(f"{BASE}posts/q{n}/" in urls for n in range(25))
    assert BASE + "tags/alpha/" in urls
    assert all(u and u.startswith(BASE) for u in urls)
    assert (
        site / "robots.txt"
    ).read_text() == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


def test_canonical_and_social_cards_never_show_the_answer(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    write_tree(
        root,
        {
            "content/posts/pic/index.qmd": quiz_text("With image", "2024-03-01").replace(
                "---\n\n", "image: cover.png\nimage-alt: A cover\n---\n\n", 1
            ),
            "content/posts/pic/cover.png": b"\x89PNG",
        },
    )
    site = build(root).output
    html = (site / "posts/pic/index.html").read_text()
    head = html[: html.index("</head>")]
    assert f'<link rel="canonical" href="{BASE}posts/pic/">' in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta property="og:description" content="Which option is right?">' in head
    assert f'<meta property="og:image" content="{BASE}posts/pic/cover.png">' in head
    assert '<meta property="og:image:alt" content="A cover">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert "explanation" not in head and "Correct answer" not in head


def test_aliases_redirect_to_the_post(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    text = quiz_text("Moved", "2024-04-01").replace(
        "---\n\n", "aliases: [/old/moved-quiz/, /2023/moved.html]\n---\n\n", 1
    )
    write_tree(root, {"content/posts/moved.qmd": text})
    site = build(root).output
    for rel in ("old/moved-quiz/index.html", "2023/moved.html"):
        page = (site / rel).read_text()
        assert f'<meta http-equiv="refresh" content="0; url={BASE}posts/moved/">' in page
        assert f'<link rel="canonical" href="{BASE}posts/moved/">' in page


def test_alias_onto_a_real_page_is_an_error(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    root = make_site(tmp_path)
    text = quiz_text("Thief", "2024-04-01").replace("---\n\n", "aliases: [/posts/q1/]\n---\n\n", 1)
    write_tree(root, {"content/posts/thief.qmd": text})
    result = cli("build", root)
    assert result.code == 1
    assert (
        "content/posts/thief.qmd:1: error: alias '/posts/q1/' is the address of another page "
        "(posts/q1/index.html)"
    ) in result.err


def test_alias_onto_a_real_page_fails_an_edit_build_too(tmp_path: Path) -> None:
    """Watch mode builds from the last state; an edit adding a clashing alias is still caught
    (builds that only swap edited posts in skip the check: their aliases are as last checked)."""
    root = make_site(tmp_path)
    write_tree(root, {"content/posts/thief.qmd": quiz_text("Thief", "2024-04-01")})
    state = build(root).state
    edited = quiz_text("Thief", "2024-04-01").replace(
        "---\n\n", "aliases: [/posts/q1/]\n---\n\n", 1
    )
    thief = write_tree(root, {"content/posts/thief.qmd": edited}) / "content/posts/thief.qmd"
    with pytest.raises(BuildFailed) as failed:
        build(root, previous=state, changed={thief})
    assert [d.format().splitlines()[0] for d in failed.value.diagnostics] == [
        "content/posts/thief.qmd:1: error: alias '/posts/q1/' is the address of another page "
        "(posts/q1/index.html)"
    ]


@pytest.mark.parametrize(("future", "shown"), [(False, False), (True, True)])
def test_future_posts_need_the_flag(tmp_path: Path, future: bool, shown: bool) -> None:
    root = make_site(tmp_path)
    write_tree(root, {"content/posts/later.qmd": quiz_text("Later", "2030-01-01")})
    site = build(root, future=future, now=datetime(2026, 1, 1)).output
    assert (site / "posts/later/index.html").exists() is shown
    assert ("Later" in (site / "feed.xml").read_text()) is shown
    assert ("posts/later/" in (site / "sitemap.xml").read_text()) is shown


def test_future_flag_on_the_command_line(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    write_tree(tmp_path, {"content/posts/later.qmd": quiz_text("Later", "2999-01-01")})
    assert cli("build", tmp_path).code == 0
    assert not (tmp_path / "site/posts/later").exists()
    assert cli("build", tmp_path, "--future").code == 0
    assert (tmp_path / "site/posts/later/index.html").is_file()
