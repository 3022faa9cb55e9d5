"""Cookie consent in a real browser: Google Analytics runs only once the reader accepts
(express consent), from the keyboard; the choice is kept; declining keeps it off."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import Console, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = pytest.mark.browser

QUARTO = """project:
  type: website
website:
  title: "Blog"
  google-analytics: "G-TEST1"
  cookie-consent: true
"""


def expect(*args: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args)


def _fake_tag(route: Route) -> None:
    """Google's tag script, stood in for (no request leaves the machine)."""
    route.fulfill(body="window.tagLoaded = true;", content_type="text/javascript")


def _page(browser: Browser, url: str) -> tuple[Any, Page]:
    context = browser.new_context()
    page = context.new_page()
    page.route("https://www.googletagmanager.com/**", _fake_tag)
    page.goto(url + "/posts/a/")
    return context, page


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": QUARTO,
            "index.qmd": '---\ntitle: "Home"\nlisting:\n  contents: posts\n---\n',
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\nWords.\n",
        },
    )
    build(root, tmp_path / "out")
    return tmp_path / "out"


def test_tracking_waits_for_acceptance_and_the_choice_is_kept(browser: Browser, site: Path) -> None:
    with serve_folder(site) as url:
        context, page = _page(browser, url)
        console = Console(page)
        banner = page.get_by_role("region", name="Cookie consent")
        expect(banner).to_be_visible()
        assert page.evaluate("typeof window.dataLayer") == "undefined"
        # The banner comes first after the skip link: two Tabs reach Accept.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Accept")).to_be_focused()
        page.keyboard.press("Enter")
        expect(banner).to_be_hidden()
        page.wait_for_function("window.tagLoaded === true")
        assert page.evaluate("window.dataLayer.length") >= 2  # gtag('js'), gtag('config')
        page.reload()
        expect(page.get_by_role("region", name="Cookie consent")).to_have_count(0)
        page.wait_for_function("window.tagLoaded === true")
        # The footer's link asks again.
        page.get_by_role("button", name="Cookie preferences").click()
        expect(page.get_by_role("region", name="Cookie consent")).to_be_visible()
        assert console.errors == []
        context.close()


def test_declining_keeps_tracking_off(browser: Browser, site: Path) -> None:
    with serve_folder(site) as url:
        context, page = _page(browser, url)
        page.get_by_role("button", name="Decline").click()
        page.reload()
        expect(page.get_by_role("region", name="Cookie consent")).to_have_count(0)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.dataLayer") == "undefined"
        assert page.evaluate("window.tagLoaded === undefined")
        context.close()
