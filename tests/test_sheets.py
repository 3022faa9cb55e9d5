"""Printable quiz sheets: the newest quizzes of the site and of each tag, questions and
options, the answer key at the end (open and on its own page in print)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import numbered_quizzes, quiz_text, serve_folder, write_tree

from quizsite.build import build
from quizsite.sheets import SHEET_SIZE, marker

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def test_markers_follow_the_list_type() -> None:
    assert [marker(n, "1") for n in (1, 2, 12)] == ["1", "2", "12"]
    assert [marker(n, "A") for n in (1, 2, 26)] == ["A", "B", "Z"]
    assert [marker(n, "a") for n in (2, 4)] == ["b", "d"]
    assert [marker(n, "I") for n in (4, 9, 14)] == ["IV", "IX", "XIV"]
    assert marker(3, "i") == "iii"


def test_the_sheets_hold_questions_options_and_the_key_at_the_end(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/a.qmd": quiz_text(
                "Alpha", tags="red", question="Is zebra it?", slug="a"
            ),
            "content/posts/b.qmd": quiz_text(
                "Beta", "2024-01-02", tags="red, blue", key="1, 3", question="Yak?", slug="b"
            ),
            "content/posts/essay.qmd": "---\ntitle: Essay\ndate: 2024-01-03\n---\n\nProse.\n",
        },
    )
    site = build(root).output
    sheet = (site / "sheet/index.html").read_text()
    titles = re.findall(r'<h2 class="sheet-quiz-title"><a href="([^"]+)">', sheet)
    assert titles == ["/posts/b/", "/posts/a/"]  # the newest first; never an essay
    assert "Yak?" in sheet and "Is zebra it?" in sheet and "Second option" in sheet
    key = sheet.split('<section class="sheet-key"')[1]
    assert sheet.index("Third option") < sheet.index('<section class="sheet-key"')
    assert re.findall(r'<a href="([^"]+)">[^<]+</a>: <strong>([^<]+)</strong>', key) == [
        ("/posts/b/#answer", "1, 3"),
        ("/posts/a/#answer", "2"),
    ]
    assert "The explanation says why." not in sheet  # the key, not the explanations
    blue = (site / "tags/blue/sheet/index.html").read_text()
    assert re.findall(r'<h2 class="sheet-quiz-title"><a href="([^"]+)">', blue) == ["/posts/b/"]
    tag_page = (site / "tags/blue/index.html").read_text()
    assert '<a class="sheet-link" href="/tags/blue/sheet/">Printable quiz sheet</a>' in tag_page


def test_a_sheet_holds_the_newest_few(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", numbered_quizzes(SHEET_SIZE + 3))
    sheet = (build(root).output / "sheet/index.html").read_text()
    titles = re.findall(r'<h2 class="sheet-quiz-title"><a href="/posts/q(\d+)/">', sheet)
    assert titles == [str(n) for n in range(SHEET_SIZE + 2, 2, -1)]


def test_lettered_options_keep_their_letters_in_the_key(tmp_path: Path) -> None:
    text = (
        quiz_text(key="C")
        .replace("1. First option", "A. First option")
        .replace("2. Second option", "B. Second option")
        .replace("3. Third option", "C. Third option")
    )
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": text})
    sheet = (build(root).output / "sheet/index.html").read_text()
    assert ": <strong>C</strong>" in sheet


def test_a_folder_posts_images_still_show_on_the_sheet(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/pic/index.qmd": quiz_text(
                question="What does this show?\n\n![A plot](plot.svg)[^1]\n\n[^1]: A note.",
                slug="pic",
            ),
            "content/posts/pic/plot.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        },
    )
    sheet = (build(root).output / "sheet/index.html").read_text()
    assert 'src="/posts/pic/plot.svg"' in sheet
    assert 'href="/posts/pic/#fn1"' in sheet
    assert 'href="https://' not in sheet.split('<ol class="sheet-quizzes">')[1].split("</ol>")[0]


@pytest.mark.browser
def test_the_key_is_folded_on_screen_and_printed_on_its_own_page(
    browser: Browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    root = write_tree(tmp_path / "blog", numbered_quizzes(3))
    build(root)
    with serve_folder(root / "site") as url:
        page = browser.new_page()
        page.goto(url + "/sheet/")
        expect(page.locator(".sheet-key-list")).to_be_hidden()
        page.emulate_media(media="print")
        expect(page.locator(".sheet-key-list")).to_be_visible()
        assert page.locator(".sheet-key").evaluate("e => getComputedStyle(e).breakBefore") == "page"
        expect(page.locator(".site-header")).to_be_hidden()
        page.close()
