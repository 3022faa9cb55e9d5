"""An author's Quarto look in a real browser: a one-variant theme keeps its colours in a dark
browser, a light/dark pair follows the reader's scheme, the author's stylesheet wins over the
theme's, and the docs sidebar is folded on a phone and open beside the page on a wide screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, serve_folder
from test_look import QUARTO, SCSS, _blog, docs_site

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def _style(
    browser: Browser, url: str, scheme: str, script: str, width: int = 1280, js: bool = True
) -> str:
    """What `script` (an expression) gives on a page opened in `scheme` at `width` (with the
    page's own JavaScript on or off)."""
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=js,
    )
    page = context.new_page()
    page.goto(url)
    value = str(page.evaluate(script))
    context.close()
    return value


BG = "getComputedStyle(document.body).backgroundColor"


def test_one_variant_theme_keeps_its_colours_in_a_dark_browser(
    tmp_path: Path, browser: Browser
) -> None:
    root = _blog(tmp_path / "blog", {"styles.css": ".post-title { color: rgb(1, 2, 3); }\n"})
    build(root, root / "_site")
    with serve_folder(root / "_site") as url:
        page = f"{url}/posts/first/"
        for scheme in ("light", "dark"):
            assert _style(browser, page, scheme, BG) == "rgb(253, 246, 227)"  # $body-bg
        title = "getComputedStyle(document.querySelector('.post-title')).color"
        # The author's stylesheet comes after the theme's compiled rules: it wins.
        assert _style(browser, page, "dark", title) == "rgb(1, 2, 3)"
        header = "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        assert _style(browser, page, "dark", header) == "rgb(7, 54, 66)"  # $navbar-bg


def test_light_dark_pair_follows_the_reader_without_javascript(
    tmp_path: Path, browser: Browser
) -> None:
    # (With JavaScript, the toggle starts from the variant named first: test_browser_scheme.)
    quarto = QUARTO.replace("theme: custom.scss", "theme:\n      light: flatly\n      dark: darkly")
    root = _blog(tmp_path / "blog", {"_quarto.yml": quarto, "custom.scss": SCSS})
    build(root, root / "_site")
    with serve_folder(root / "_site") as url:
        page = f"{url}/posts/first/"
        assert _style(browser, page, "light", BG, js=False) == "rgb(255, 255, 255)"
        assert _style(browser, page, "dark", BG, js=False) == "rgb(34, 34, 34)"  # darkly
        link = "getComputedStyle(document.documentElement).getPropertyValue('--accent')"
        assert _style(browser, page, "light", link, js=False).strip() == "#18bc9c"  # flatly's
        assert _style(browser, page, "dark", link, js=False).strip() == "#00bc8c"  # darkly's


def test_sidebar_folded_on_a_phone_and_beside_the_page_when_wide(
    tmp_path: Path, browser: Browser
) -> None:
    root = docs_site(tmp_path / "docs")
    build(root, root / "_site")
    with serve_folder(root / "_site") as url:
        for width in (1280, 375):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            page.goto(f"{url}/guide/start.html")
            link = page.get_by_role("link", name="Going deeper")
            if width == 1280:
                assert link.is_visible()
                box, main = (
                    page.locator(".site-sidebar").bounding_box(),
                    page.locator("main").bounding_box(),
                )
                assert (
                    box is not None
                    and main is not None
                    and box["x"] + box["width"] <= main["x"] + 1
                )
            else:
                assert not link.is_visible()
                page.get_by_text(
                    "Contents", exact=True
                ).click()  # the fold opens by keyboard or touch
                assert link.is_visible()
                page.keyboard.press("Tab")
            page.screenshot(path=str(ARTIFACTS / f"look-sidebar-{width}.png"))
            context.close()
