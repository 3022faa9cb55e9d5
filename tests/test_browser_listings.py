"""Quarto listing pages in a real browser: pages of `page-size` items, the sort menu and
filter box, sortable table columns and filtering by category with JavaScript; every item,
and no tools, without it. Screenshots light and dark, wide and narrow, in tests/artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, TESTS, Console, serve_folder

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def listings_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tests/quarto-listings built and served."""
    root = tmp_path_factory.mktemp("listings") / "site"
    shutil.copytree(TESTS / "quarto-listings", root)
    with serve_folder(build(root).output) as url:
        yield url


def _page(browser: Browser, width: int = 1280, scheme: str = "light", script: bool = True) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=script,
    )
    return context.new_page()


def _shown(page: Page) -> list[str]:
    """The titles of the items on screen, in order."""
    titles = page.locator(
        ".listing-item:visible .listing-title, .listing-item:visible td:nth-child(2)"
    )
    return [t.strip() for t in titles.all_inner_texts()]


def test_pages_of_page_size_items_with_accessible_buttons(
    browser: Browser, listings_site: str
) -> None:
    page = _page(browser)
    console = Console(page)
    page.goto(listings_site + "/")
    assert _shown(page) == [
        "Adam, step by step",
        "Bayes' rule in one picture",
        "Cross-validation without leaks",
        "Dropout as an ensemble",
    ]
    nav = page.get_by_role("navigation", name="Pages of Listings")
    buttons = nav.get_by_role("button")
    assert buttons.all_inner_texts() == ["Previous", "1", "2", "3", "Next"]
    assert nav.get_by_role("button", name="Page 1").get_attribute("aria-current") == "page"
    assert nav.get_by_role("button", name="Previous page").get_attribute("aria-disabled") == "true"
    # With the keyboard: Next, then page 3 (one item left).
    nav.get_by_role("button", name="Next page").focus()
    page.keyboard.press("Enter")
    assert _shown(page)[0] == "Entropy and surprise" and len(_shown(page)) == 4
    assert nav.get_by_role("button", name="Page 2").get_attribute("aria-current") == "page"
    assert page.evaluate("location.hash") == "#listing-listing-page=2"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Next page"
    page.keyboard.press("Shift+Tab")  # back to the button of page 3
    page.keyboard.press("Space")
    assert _shown(page) == ["Importance sampling"]
    assert nav.get_by_role("button", name="Next page").get_attribute("aria-disabled") == "true"
    assert "1 of 9 items" not in page.locator(".listing-status").inner_text()
    assert "page 3 of 3" in page.locator(".listing-status").inner_text()
    # The address keeps the page: opened again, the listing shows it.
    page.goto(listings_site + "/#listing-listing-page=2")
    assert _shown(page)[0] == "Entropy and surprise"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "listing-paged-1280-light.png"), full_page=True)
    assert console.errors == []
    page.context.close()


def test_no_page_buttons_when_everything_fits(browser: Browser, listings_site: str) -> None:
    page = _page(browser)
    page.goto(listings_site + "/grid.html")  # seven items, a page of 18
    assert len(_shown(page)) == 7
    assert page.locator(".listing-pagination").count() == 0
    page.context.close()


def test_without_javascript_every_item_and_no_tools(browser: Browser, listings_site: str) -> None:
    page = _page(browser, 375, script=False)
    page.goto(listings_site + "/")
    assert len(_shown(page)) == 9
    assert page.locator(".listing-tools").is_hidden()
    assert page.locator(".listing-pagination").count() == 0
    # A category links to its tag page.
    page.get_by_role("navigation", name="Categories").get_by_role("link", name="stats").click()
    assert page.url.endswith("/tags/stats/")
    page.context.close()


def test_filter_box_and_sort_menu(browser: Browser, listings_site: str) -> None:
    page = _page(browser)
    console = Console(page)
    page.goto(listings_site + "/")
    page.get_by_label("Filter").fill("gradient")
    assert _shown(page) == ["Gradient clipping"]
    assert page.locator(".listing-pagination").count() == 0
    assert page.locator(".listing-status").inner_text() == "1 of 9 items"
    page.get_by_label("Filter").fill("no such words")
    assert _shown(page) == []
    assert page.get_by_text("No matching items").is_visible()
    page.get_by_label("Filter").fill("")
    page.get_by_label("Order by").select_option(label="Date - Oldest")
    assert _shown(page)[0] == "Importance sampling"
    page.get_by_label("Order by").select_option(label="Title")
    assert _shown(page)[:2] == ["Adam, step by step", "Bayes' rule in one picture"]
    assert console.errors == []
    page.context.close()


def test_table_columns_sort_by_their_buttons(browser: Browser, listings_site: str) -> None:
    page = _page(browser)
    page.goto(listings_site + "/table.html")
    heading = page.get_by_role("columnheader", name="Report")
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert _shown(page) == sorted(_shown(page), key=str.casefold)
    heading.get_by_role("button").press("Enter")
    assert heading.get_attribute("aria-sort") == "descending"
    assert _shown(page) == sorted(_shown(page), key=str.casefold, reverse=True)
    # filter-ui: [title] searches titles alone: an author's name finds nothing.
    page.get_by_label("Filter").fill("Bayes")
    assert _shown(page) == ["Bayes' rule in one picture"]
    page.get_by_label("Filter").fill("Lovelace")
    assert _shown(page) == []
    page.context.close()


def test_a_category_filters_the_listing(browser: Browser, listings_site: str) -> None:
    page = _page(browser)
    console = Console(page)
    page.goto(listings_site + "/")
    categories = page.get_by_role("navigation", name="Categories")
    stats = categories.get_by_role("link", name="stats")
    stats.click()
    assert page.evaluate("location.hash") == "#category=stats"
    assert stats.get_attribute("aria-current") == "true"
    assert _shown(page) == [
        "Bayes' rule in one picture",
        "Cross-validation without leaks",
        "Hypothesis tests",
        "Importance sampling",
    ]
    assert page.locator(".listing-pagination").count() == 0  # four fit on one page
    # A card's own category chip filters too; a name with a space travels encoded.
    page.locator(".listing-item:visible .listing-category", has_text="deep learning").count()
    categories.get_by_role("link", name="deep learning").click()
    assert page.evaluate("location.hash") == "#category=deep%20learning"
    assert _shown(page) == ["Dropout as an ensemble"]
    categories.get_by_role("link", name="All").click()
    assert len(_shown(page)) == 4 and page.locator(".listing-pagination").count() == 1
    # Back goes to the last category; an address with a category opens filtered.
    page.go_back()
    assert _shown(page) == ["Dropout as an ensemble"]
    page.goto(listings_site + "/#category=probability")
    assert _shown(page) == ["Bayes' rule in one picture", "Importance sampling"]
    page.locator(".listing-item:visible").first.get_by_role("link", name="stats").click()
    assert page.evaluate("location.hash") == "#category=stats" and len(_shown(page)) == 4
    assert console.errors == []
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_listing_pages_fit_the_screen(
    browser: Browser, listings_site: str, width: int, scheme: str
) -> None:
    page = _page(browser, width, scheme)
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("index", "grid", "table", "several"):
        page.goto(f"{listings_site}/{name}.html")
        # Nothing wider than the window (a wide table scrolls in its own box).
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(
            path=str(ARTIFACTS / f"listing-{name}-{width}-{scheme}.png"), full_page=True
        )
    page.context.close()
