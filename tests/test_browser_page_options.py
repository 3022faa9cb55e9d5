"""Quarto's page options in a real browser, light and dark, wide and on a phone: where the
table of contents sits (`toc-location`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, Console, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SECTIONS = "\n\n".join(
    f"## Section {n}\n\n" + " ".join(["Words that fill the section out."] * 40) for n in range(1, 9)
)


def _toc_post(location: str) -> str:
    """A long post with a table of contents at `location`."""
    return (
        f"---\ntitle: Contents {location}\ndate: 2024-01-01\ntoc: true\n"
        f"toc-location: {location}\n---\n\nFirst words.\n\n{SECTIONS}\n"
    )


FILL = " ".join(["Words that fill the paragraph out over several lines."] * 8)
NOTES_POST = f"""---
title: Notes in the margin
date: 2024-01-02
reference-location: margin
---

A paragraph with a note.[^one] {FILL}

{FILL}

[^one]: The note, beside the text.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of posts using the page options, built and served."""
    root = tmp_path_factory.mktemp("page-options")
    files = {
        f"content/posts/toc-{where}/index.qmd": _toc_post(where)
        for where in ("left", "body", "left-body", "right-body")
    }
    files["content/posts/notes/index.qmd"] = NOTES_POST
    write_tree(root, files)
    build(root)
    with serve_folder(root / "site") as url:
        yield url


def _page(browser: Browser, width: int, scheme: str = "light", script: bool = True) -> Page:
    """A new page of `width` CSS pixels in `scheme`, with or without JavaScript."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=script,
    )
    return context.new_page()


def _shoot(page: Page, name: str) -> None:
    """Keep a screenshot among the test artifacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page-options-{name}.png"))


def test_a_left_table_of_contents_sits_left_of_the_text_and_stays_in_view(
    browser: Browser, site: str
) -> None:
    for scheme in ("light", "dark"):
        page = _page(browser, 1280, scheme)
        console = Console(page)
        page.goto(site + "/posts/toc-left/")
        toc, text = page.locator(".toc"), page.locator(".post-body > p").first
        toc_box, text_box = toc.bounding_box(), text.bounding_box()
        assert toc_box is not None and text_box is not None
        assert toc_box["x"] >= 0 and toc_box["x"] + toc_box["width"] <= text_box["x"]
        assert toc.get_by_role("link").count() == 8
        _shoot(page, f"toc-left-1280-{scheme}")
        page.locator("#section-7").scroll_into_view_if_needed()
        box = toc.bounding_box()
        assert box is not None and 0 <= box["y"] < 900
        assert console.errors == []
        page.context.close()


def test_a_left_table_of_contents_is_above_the_text_on_a_phone(browser: Browser, site: str) -> None:
    page = _page(browser, 375, "dark")
    page.goto(site + "/posts/toc-left/")
    toc_box = page.locator(".toc").bounding_box()
    text_box = page.locator(".post-body > p").first.bounding_box()
    assert toc_box is not None and text_box is not None
    assert toc_box["y"] + toc_box["height"] <= text_box["y"]
    assert abs(toc_box["x"] - text_box["x"]) < 20
    _shoot(page, "toc-left-375-dark")
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_body_table_of_contents_stays_above_the_text(
    browser: Browser, site: str, width: int
) -> None:
    page = _page(browser, width)
    page.goto(site + "/posts/toc-body/")
    toc_box = page.locator(".toc").bounding_box()
    text_box = page.locator(".post-body > p").first.bounding_box()
    assert toc_box is not None and text_box is not None
    assert toc_box["y"] + toc_box["height"] <= text_box["y"]
    assert abs(toc_box["x"] - text_box["x"]) < 20
    page.context.close()


@pytest.mark.parametrize(("location", "side"), [("left-body", "left"), ("right-body", "right")])
def test_a_side_and_body_table_shows_both_when_wide_and_one_on_a_phone(
    browser: Browser, site: str, location: str, side: str
) -> None:
    page = _page(browser, 1280)
    page.goto(site + f"/posts/toc-{location}/")
    navs = page.get_by_role("navigation", name="On this page")
    assert navs.count() == 2
    side_box = page.locator(".toc-side").bounding_box()
    text_box = page.locator(".post-body > p").first.bounding_box()
    assert side_box is not None and text_box is not None
    if side == "left":
        assert side_box["x"] + side_box["width"] <= text_box["x"]
    else:
        assert side_box["x"] >= text_box["x"] + text_box["width"]
    assert page.locator(".toc-body").is_visible()
    _shoot(page, f"toc-{location}-1280-light")
    page.context.close()
    page = _page(browser, 375)
    page.goto(site + f"/posts/toc-{location}/")
    assert not page.locator(".toc-side").is_visible()
    assert page.get_by_role("navigation", name="On this page").count() == 1
    page.context.close()


def test_margin_notes_sit_beside_the_text_when_wide_and_under_the_paragraph_on_a_phone(
    browser: Browser, site: str
) -> None:
    for width, scheme in ((1280, "light"), (1280, "dark"), (375, "light"), (375, "dark")):
        page = _page(browser, width, scheme)
        page.goto(site + "/posts/notes/")
        note, first = page.locator("#fn1"), page.locator(".post-body > p").first
        note_box, text_box = note.bounding_box(), first.bounding_box()
        assert note_box is not None and text_box is not None
        assert note.inner_text().startswith("1 The note, beside the text.")
        if width == 1280:
            assert note_box["x"] >= text_box["x"] + text_box["width"]
            assert note_box["x"] + note_box["width"] <= width
        else:
            assert note_box["y"] >= text_box["y"] + text_box["height"]
            assert abs(note_box["x"] - text_box["x"]) < 20
        assert page.locator("section.footnotes").count() == 0
        # The reference still leads to its note.
        assert page.locator('a[href="#fn1"]').count() == 1
        _shoot(page, f"notes-{width}-{scheme}")
        page.context.close()
