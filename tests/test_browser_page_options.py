"""Quarto's page options in a real browser, light and dark, wide and on a phone: where the
table of contents sits (`toc-location`), margin notes, and what page.js does: heading
anchors, hover previews, outside links and the lightbox, by mouse, keyboard and without
JavaScript."""

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
        f"toc-location: {location}\n---\n\nFirst words.\n\n"
        f"::: {{.column-page}}\nA wide block of words.\n:::\n\n{SECTIONS}\n"
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


PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
<rect width="400" height="300" fill="#8fb3d9"/><circle cx="200" cy="150" r="90" fill="#f0c75e"/>
</svg>
"""
BIB = """@article{smith2020,
  author = {Smith, John}, title = {Deep results}, journal = {J}, year = {2020}
}
"""
AIDS_POST = f"""---
title: Reading aids
date: 2024-01-03
bibliography: refs.bib
link-external-icon: true
link-external-newwindow: true
link-external-filter: '^https://friends\\.example\\.org/'
lightbox: auto
---

A note here.[^one] As @smith2020 shows, see @fig-disc. An [outside link](https://example.com/x),
a [friend's](https://friends.example.org/page) and an [inside one](/posts/notes/).

## A section

{FILL}

![A disc](disc.svg){{#fig-disc group="discs"}}

![Another disc](disc2.svg){{group="discs"}}

![Not enlarged](disc.svg){{.nolightbox}}

### A smaller section

{FILL}

[^one]: The note's text, *shown* in a popup.
"""
PLAIN_POST = """---
title: Plain
date: 2024-01-04
anchor-sections: false
footnotes-hover: false
---

A note.[^one] An [outside link](https://example.com/x).

## A section

![A disc](disc.svg)

[^one]: The note.
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
    files["content/posts/aids/index.qmd"] = AIDS_POST
    files["content/posts/aids/refs.bib"] = BIB
    files["content/posts/aids/disc.svg"] = PICTURE
    files["content/posts/aids/disc2.svg"] = PICTURE.replace("#8fb3d9", "#d98f8f")
    files["content/posts/plain/index.qmd"] = PLAIN_POST
    for name, expand in (("nested", ""), ("expanded", "toc-expand: true\n")):
        files[f"content/posts/{name}/index.qmd"] = (
            f"---\ntitle: Nested\ndate: 2024-01-05\ntoc: true\n{expand}---\n\n"
            + "\n\n".join(
                f"## Part {n}\n\n{FILL}\n\n### Part {n} a\n\n{FILL}\n\n### Part {n} b\n\n{FILL}"
                for n in range(1, 5)
            )
        )
    files["content/posts/grid/index.qmd"] = NOTES_POST.replace(
        "reference-location: margin\n",
        "reference-location: margin\ngrid:\n  body-width: 800px\n  margin-width: 250px\n",
    )
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
        # Wide content stops short of the table rather than run under it.
        wide = page.locator(".column-page").bounding_box()
        assert wide is not None and wide["x"] >= toc_box["x"] + toc_box["width"]
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
        note, first = page.locator("#fn1"), page.locator(".post-body p").first
        note_box, text_box = note.bounding_box(), first.bounding_box()
        assert note_box is not None and text_box is not None
        assert note.inner_text().startswith("1 The note, beside the text.")
        if width == 1280:
            assert note_box["x"] >= text_box["x"] + text_box["width"]
            # Level with the paragraph that refers to it.
            assert abs(note_box["y"] - text_box["y"]) < 8
            assert note_box["x"] + note_box["width"] <= width
        else:
            assert note_box["y"] >= text_box["y"] + text_box["height"]
            assert abs(note_box["x"] - text_box["x"]) < 20
        assert page.locator("section.footnotes").count() == 0
        # The reference still leads to its note.
        assert page.locator('a[href="#fn1"]').count() == 1
        _shoot(page, f"notes-{width}-{scheme}")
        page.context.close()


def test_each_heading_has_an_anchor_link_named_for_it_shown_on_hover_and_focus(
    browser: Browser, site: str
) -> None:
    page = _page(browser, 1280)
    console = Console(page)
    page.goto(site + "/posts/aids/")
    link = page.get_by_role("link", name="Link to this section: A section")
    assert link.get_attribute("href") == "#a-section"
    assert page.locator(".post-body .anchor-link").count() == 2  # h2 and h3
    assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
    page.locator("#a-section").hover()
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    page.mouse.move(1270, 890)
    link.focus()
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    # The table of contents and the heading's text are unchanged: the link is an addition.
    assert page.locator("#a-section").inner_text().startswith("A section")
    assert console.errors == []
    page.context.close()


def test_anchor_sections_false_and_no_javascript_leave_headings_bare(
    browser: Browser, site: str
) -> None:
    page = _page(browser, 1280)
    page.goto(site + "/posts/plain/")
    assert page.locator(".anchor-link").count() == 0
    page.context.close()
    page = _page(browser, 1280, script=False)
    page.goto(site + "/posts/aids/")
    assert page.locator(".anchor-link").count() == 0
    assert page.locator("#a-section").inner_text() == "A section"
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_footnote_previews_on_hover_and_on_focus_and_escape_closes_it(
    browser: Browser, site: str, scheme: str
) -> None:
    page = _page(browser, 1280, scheme)
    console = Console(page)
    page.goto(site + "/posts/aids/")
    ref = page.locator("sup.footnote-ref a")
    popup = page.locator("#hover-preview")
    ref.hover()
    assert popup.is_visible()
    assert popup.inner_text().strip() == "The note\u2019s text, shown in a popup."
    assert ref.get_attribute("aria-describedby") == "hover-preview"
    assert popup.get_attribute("role") == "tooltip"
    assert popup.locator("[id], .footnote-backref").count() == 0  # a copy, without ids
    _shoot(page, f"preview-footnote-1280-{scheme}")
    page.mouse.move(1270, 890)
    popup.wait_for(state="hidden")
    # By keyboard: focus shows it, Escape closes it.
    ref.focus()
    assert popup.is_visible()
    page.keyboard.press("Escape")
    assert not popup.is_visible() and ref.get_attribute("aria-describedby") is None
    assert console.errors == []
    page.context.close()


def test_citations_and_cross_references_preview_their_entry_and_figure(
    browser: Browser, site: str
) -> None:
    page = _page(browser, 375, "dark")
    page.goto(site + "/posts/aids/")
    popup = page.locator("#hover-preview")
    page.locator("a[role=doc-biblioref]").first.focus()
    assert "Deep results" in popup.inner_text() or "Deep Results" in popup.inner_text()
    box = popup.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    _shoot(page, "preview-citation-375-dark")
    page.locator("a.quarto-xref").first.focus()
    assert popup.locator("img").count() == 1 and "Figure\xa01: A disc" in popup.inner_text()
    page.keyboard.press("Escape")
    assert not popup.is_visible()
    page.context.close()


def test_a_preview_turned_off_is_not_shown(browser: Browser, site: str) -> None:
    page = _page(browser, 1280)
    page.goto(site + "/posts/plain/")
    page.locator("sup.footnote-ref a").hover()
    page.locator("sup.footnote-ref a").focus()
    assert page.locator("#hover-preview").count() == 0
    page.context.close()


def test_outside_links_get_an_icon_and_a_new_window_but_inside_and_filtered_ones_do_not(
    browser: Browser, site: str
) -> None:
    page = _page(browser, 1280)
    page.goto(site + "/posts/aids/")
    outside = page.locator('a[href="https://example.com/x"]')
    assert outside.get_attribute("target") == "_blank"
    assert "noopener" in (outside.get_attribute("rel") or "")
    assert "external-link" in (outside.get_attribute("class") or "")
    assert outside.evaluate("a => getComputedStyle(a, '::after').content") == '"↗"'
    # Screen readers hear that it opens a new window.
    assert page.get_by_role("link", name="outside link (opens in a new window)").count() == 1
    for inside in (
        'a[href="https://friends.example.org/page"]',
        '.post-body a[href="/posts/notes/"]',
    ):
        assert page.locator(inside).get_attribute("target") is None
        assert "external-link" not in (page.locator(inside).get_attribute("class") or "")
    page.context.close()
    page = _page(browser, 1280)
    page.goto(site + "/posts/plain/")  # no link-external-* options: links as written
    assert page.locator('a[href="https://example.com/x"]').get_attribute("target") is None
    page.context.close()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "dark")])
def test_the_lightbox_opens_by_click_and_keyboard_pages_the_gallery_and_closes(
    browser: Browser, site: str, width: int, scheme: str
) -> None:
    page = _page(browser, width, scheme)
    console = Console(page)
    page.goto(site + "/posts/aids/")
    picture = page.get_by_role("button", name="Enlarge image: Figure 1: A disc")
    assert page.locator("img[data-lightbox-ready]").count() == 2  # not the .nolightbox one
    picture.click()
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible()
    assert dialog.locator("figcaption").inner_text() == "Figure 1: A disc"
    big = dialog.locator("img").bounding_box()
    assert big is not None and big["x"] >= 0 and big["x"] + big["width"] <= width
    _shoot(page, f"lightbox-{width}-{scheme}")
    page.keyboard.press("ArrowRight")
    assert dialog.locator("figcaption").inner_text() == "Another disc"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # By keyboard: Tab reaches the picture, Enter opens it, the close button ends it there.
    picture.focus()
    page.keyboard.press("Enter")
    assert dialog.is_visible()
    page.get_by_role("button", name="Close").press("Enter")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Enlarge image: Figure 1: A disc"
    )
    assert console.errors == []
    page.context.close()


def test_without_javascript_pictures_are_plain_and_notes_are_at_the_end(
    browser: Browser, site: str
) -> None:
    page = _page(browser, 1280, script=False)
    page.goto(site + "/posts/aids/")
    assert page.locator("img[tabindex], dialog").count() == 0
    assert page.locator("section.footnotes li#fn1").is_visible()
    assert page.locator('a[href="https://example.com/x"]').get_attribute("target") is None
    page.context.close()


def test_grid_widths_set_the_text_and_margin_columns(browser: Browser, site: str) -> None:
    for scheme in ("light", "dark"):
        page = _page(browser, 1280, scheme)
        page.goto(site + "/posts/grid/")
        text = page.locator(".post-body p").first.bounding_box()
        note = page.locator("#fn1").bounding_box()
        assert text is not None and note is not None
        assert text["width"] == pytest.approx(800, abs=1)
        assert note["x"] >= text["x"] + text["width"] and note["x"] + note["width"] <= 1280
        assert note["width"] == pytest.approx(250 - 32, abs=1)
        _shoot(page, f"grid-1280-{scheme}")
        page.context.close()
    page = _page(browser, 375)
    page.goto(site + "/posts/grid/")
    text = page.locator(".post-body p").first.bounding_box()
    assert text is not None and text["x"] + text["width"] <= 375
    page.context.close()


def _shown_links(page: Page) -> list[str]:
    """The names of the side table's links a reader can see."""
    links = page.locator(".toc a")
    return [links.nth(i).inner_text() for i in range(links.count()) if links.nth(i).is_visible()]


def test_the_side_table_shows_the_top_level_and_the_readers_section_and_marks_it(
    browser: Browser, site: str
) -> None:
    page = _page(browser, 1280)
    page.goto(site + "/posts/nested/")
    shown = _shown_links(page)
    assert [name for name in shown if name.startswith("Part 1 ")] in ([], ["Part 1 a", "Part 1 b"])
    assert [name for name in shown if not name.startswith("Part 1 ")] == [
        "Part 1",
        "Part 2",
        "Part 3",
        "Part 4",
    ]
    page.evaluate("document.getElementById('part-2-a').scrollIntoView()")
    page.wait_for_function(
        "document.querySelector('.toc [aria-current]')?.textContent === 'Part 2 a'"
    )
    assert _shown_links(page) == ["Part 1", "Part 2", "Part 2 a", "Part 2 b", "Part 3", "Part 4"]
    current = page.locator('.toc a[aria-current="location"]')
    assert current.evaluate("a => getComputedStyle(a).fontWeight") == "600"
    _shoot(page, "toc-expand-1280-light")
    page.context.close()
    # On a phone the table is above the text: every level shown.
    page = _page(browser, 375, "dark")
    page.goto(site + "/posts/nested/")
    assert len(_shown_links(page)) == 12
    page.context.close()
    # toc-expand: true, and without JavaScript: every level.
    for script, post in ((True, "expanded"), (False, "nested")):
        page = _page(browser, 1280, script=script)
        page.goto(site + f"/posts/{post}/")
        assert len(_shown_links(page)) == 12
        page.context.close()
