"""Printable quiz sheets: every quiz of the site and of each tag, on pages of SHEET_SIZE,
questions and options, each page's answer key at its end (open and on its own page in print)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import numbered_quizzes, quiz_text, serve_folder, write_tree

from quizsite.build import build
from quizsite.sheets import SHEET_SIZE, marker, sheet_parts

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


def many_quizzes(count: int) -> dict[str, str]:
    """`count` quizzes (slug q0 and on, a day apart, newest last), tagged red, every third
    also blue."""
    start = date(2024, 1, 1)
    return {
        f"content/posts/q{n}.qmd": quiz_text(
            f"Quiz {n}",
            (start + timedelta(days=n)).isoformat(),
            "red, blue" if n % 3 == 0 else "red",
            key=str(n % 3 + 1),
            slug=f"q{n}",
        )
        for n in range(count)
    }


def sheet_pages(site: Path, first: str) -> list[str]:
    """The pages of the sheet at `first` (`sheet/`), following its "Older quizzes" links."""
    pages, path = [], site / first / "index.html"
    while True:
        pages.append(path.read_text())
        older = re.search(r'<a class="pager-next" href="/([^"]+)" rel="next">', pages[-1])
        if older is None:
            return pages
        path = site / older.group(1) / "index.html"


def test_a_sheet_holds_every_quiz_over_its_pages(tmp_path: Path) -> None:
    count = 2 * SHEET_SIZE + 3
    site = build(write_tree(tmp_path / "blog", many_quizzes(count))).output
    pages = sheet_pages(site, "sheet")
    assert len(pages) == 3
    on_pages = [
        re.findall(r'<h2 class="sheet-quiz-title"><a href="/posts/q(\d+)/">', p) for p in pages
    ]
    assert [len(titles) for titles in on_pages] == [SHEET_SIZE, SHEET_SIZE, 3]
    assert [t for titles in on_pages for t in titles] == [
        str(n) for n in range(count - 1, -1, -1)
    ]  # every one, newest first
    for number, (page, titles) in enumerate(zip(pages, on_pages, strict=True), 1):
        # Each page its own key, for its own quizzes, numbered on from the page before.
        key = page.split('<section class="sheet-key"')[1]
        answers = re.findall(
            r'<a href="/posts/q(\d+)/#answer">Quiz \d+</a>: <strong>(\d)</strong>', key
        )
        assert answers == [(n, str(int(n) % 3 + 1)) for n in titles]
        first = (number - 1) * SHEET_SIZE + 1
        if number > 1:
            assert f'<ol class="sheet-quizzes" start="{first}">' in page
            assert f'<ol class="sheet-key-list" start="{first}">' in page
        assert f"Quizzes {first}–{first + len(titles) - 1} of the {count}" in page
        assert '<span aria-current="page">' in page
    assert "Quiz sheet (page 2 of 3)" in pages[1]
    assert '<a href="/sheet/page/3/">41–43</a>' in pages[0]
    blue = sheet_pages(site, "tags/blue/sheet")
    blue_titles = [t for p in blue for t in re.findall(r'href="/posts/q(\d+)/">Quiz', p)]
    assert blue_titles == [str(n) for n in range(count - 1, -1, -1) if n % 3 == 0]
    assert len(blue) == 1 and "All 15 quizzes tagged blue" in blue[0]
    assert 'class="sheet-pages"' not in blue[0]  # one page: no page navigation


def test_a_sheets_navigation_names_the_pages_near_and_the_ends() -> None:
    parts = sheet_parts(SHEET_SIZE * 10 - 5, 6, lambda n: f"/sheet/{n}/")
    assert [p.number if p else None for p in parts] == [1, None, 4, 5, 6, 7, 8, None, 10]
    assert parts[-1] is not None and (parts[-1].first, parts[-1].last) == (
        SHEET_SIZE * 9 + 1,
        SHEET_SIZE * 10 - 5,
    )
    assert [p.number if p else None for p in sheet_parts(SHEET_SIZE * 2, 1, str)] == [1, 2]
    assert sheet_parts(0, 1, str) == ()


def test_an_edit_reaches_only_the_sheet_pages_showing_what_changed(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", many_quizzes(SHEET_SIZE + 5))
    first = build(root)
    path = root / "content/posts/q3.qmd"  # on the site sheet's second page, and blue's first
    path.write_text(path.read_text().replace("The explanation says why.", "Better said."))
    again = build(root, previous=first.state)
    assert not [p for p in again.rendered if "sheet/" in p]  # the sheets show no explanation
    path.write_text(path.read_text().replace("Which option is right?", "Which one is right?"))
    again = build(root, previous=again.state)
    assert sorted(p for p in again.rendered if "sheet/" in p) == [
        "sheet/page/2/index.html",
        "tags/blue/sheet/index.html",
        "tags/red/sheet/page/2/index.html",
    ]
    assert "Which one is right?" in (again.output / "sheet/page/2/index.html").read_text()


def test_a_quiz_turned_article_leaves_the_sheets(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", many_quizzes(3))
    first = build(root)
    path = root / "content/posts/q1.qmd"
    path.write_text("---\ntitle: Quiz 1\ndate: 2024-01-02\ntags: [red]\n---\n\nNow an essay.\n")
    again = build(root, previous=first.state)
    sheet = (again.output / "sheet/index.html").read_text()
    assert re.findall(r'href="/posts/q(\d+)/">Quiz', sheet) == ["2", "0"]
    assert "All 2 quizzes" in sheet


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


@pytest.mark.browser
def test_a_sheets_pages_are_reached_from_its_navigation_and_print_without_it(
    browser: Browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    root = write_tree(tmp_path / "blog", many_quizzes(SHEET_SIZE + 3))
    build(root)
    with serve_folder(root / "site") as url:
        page = browser.new_page()
        page.goto(url + "/sheet/")
        nav = page.get_by_role("navigation", name="Sheet pages", exact=True)
        expect(nav.locator("[aria-current=page]")).to_have_text(f"1–{SHEET_SIZE}")
        nav.get_by_role("link", name=f"{SHEET_SIZE + 1}–{SHEET_SIZE + 3}").click()
        expect(page).to_have_url(url + "/sheet/page/2/")
        expect(page.locator(".sheet-quiz")).to_have_count(3)
        expect(page.locator(".sheet-quizzes")).to_have_js_property("start", SHEET_SIZE + 1)
        page.get_by_role("navigation", name="More sheet pages").get_by_role(
            "link", name="Newer quizzes"
        ).click()
        expect(page).to_have_url(url + "/sheet/")
        page.emulate_media(media="print")
        expect(page.locator(".sheet-pages")).to_have_count(2)
        for nav_box in page.locator(".sheet-pages").all():
            expect(nav_box).to_be_hidden()
        expect(page.locator(".sheet-key-list")).to_be_visible()
        page.close()
