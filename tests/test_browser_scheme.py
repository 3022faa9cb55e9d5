"""The light/dark toggle in Chromium, as Quarto's behaves: a theme's pair starts from the
variant named first whatever the browser's scheme (the reader's with
`respect-user-color-scheme`), the button switches the whole page and says so (aria-pressed),
the choice is kept across pages and applied from <head> before anything is drawn; without
JavaScript the page follows the reader's scheme and shows no button. quizsite's own sites have
the same toggle over the default theme."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, serve_folder, write_tree
from test_look import QUARTO, _blog
from test_scheme_toggle import QUIZ

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = pytest.mark.browser

BG = "getComputedStyle(document.body).backgroundColor"
WHITE, DARKLY = "rgb(255, 255, 255)", "rgb(34, 34, 34)"
PAIR = "theme:\n      light: flatly\n      dark: darkly"


@contextmanager
def _page(
    browser: Browser, url: str, scheme: str = "light", js: bool = True, width: int = 1280
) -> Iterator[Page]:
    """A page opened in a fresh context (its own localStorage) in `scheme`."""
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=js,
    )
    page = context.new_page()
    page.goto(url)
    try:
        yield page
    finally:
        context.close()


def _quarto_site(root: Path, theme: str) -> Path:
    """A built Quarto blog whose `_quarto.yml` sets `theme`; returns its output folder."""
    blog = _blog(root, {"_quarto.yml": QUARTO.replace("theme: custom.scss", theme)})
    build(blog, blog / "_site")
    return blog / "_site"


def _button_state(page: Page) -> tuple[str, str | None]:
    """The page's scheme (as the script set it) and the toggle's aria-pressed."""
    button = page.get_by_role("button", name="Dark mode")
    return str(page.evaluate(BG)), button.get_attribute("aria-pressed")


def test_pair_starts_from_light_switches_and_remembers(tmp_path: Path, browser: Browser) -> None:
    out = _quarto_site(tmp_path / "blog", PAIR)
    with serve_folder(out) as url, _page(browser, f"{url}/posts/first/", "dark") as page:
        # Quarto starts from the variant named first, even in a dark browser.
        assert _button_state(page) == (WHITE, "false")
        page.get_by_role("button", name="Dark mode").click()
        assert _button_state(page) == (DARKLY, "true")
        assert page.evaluate("document.body.classList.contains('quarto-dark')")
        assert page.evaluate("localStorage.getItem('quarto-color-scheme')") == "alternate"
        page.screenshot(path=str(ARTIFACTS / "scheme-pair-dark-chosen.png"))
        # Another page of the site opens in the scheme chosen, from the head's script alone:
        # with quizsite.js refused, the scheme is still the chosen one.
        page.route("**/quizsite.js", lambda route: route.abort())
        page.goto(f"{url}/posts/second/")
        assert page.evaluate(BG) == DARKLY
        assert page.evaluate("document.documentElement.dataset.themeScheme") == "dark"
        page.unroute("**/quizsite.js")
        page.goto(f"{url}/posts/second/")
        page.keyboard.press("Tab")  # the button is reached and pressed from the keyboard
        page.get_by_role("button", name="Dark mode").focus()
        page.keyboard.press("Enter")
        assert _button_state(page) == (WHITE, "false")
        assert page.evaluate("localStorage.getItem('quarto-color-scheme')") == "default"


def test_pair_named_dark_first_starts_dark(tmp_path: Path, browser: Browser) -> None:
    out = _quarto_site(tmp_path / "blog", "theme:\n      dark: darkly\n      light: flatly")
    with serve_folder(out) as url, _page(browser, f"{url}/posts/first/", "light") as page:
        assert _button_state(page) == (DARKLY, "true")


def test_respect_user_color_scheme_follows_the_browser(tmp_path: Path, browser: Browser) -> None:
    out = _quarto_site(tmp_path / "blog", PAIR + "\n    respect-user-color-scheme: true")
    with serve_folder(out) as url:
        for scheme, colour in (("light", WHITE), ("dark", DARKLY)):
            with _page(browser, f"{url}/posts/first/", scheme) as page:
                assert page.evaluate(BG) == colour
                page.emulate_media(color_scheme="light" if scheme == "dark" else "dark")
                # Until the reader chooses, a change of the system's scheme is followed.
                page.wait_for_function(f"{BG} !== '{colour}'", timeout=3000)
                assert page.evaluate("document.documentElement.dataset.themeScheme") != scheme


def test_without_javascript_the_readers_scheme_and_no_button(
    tmp_path: Path, browser: Browser
) -> None:
    out = _quarto_site(tmp_path / "blog", PAIR)
    with serve_folder(out) as url:
        for scheme, colour in (("light", WHITE), ("dark", DARKLY)):
            with _page(browser, f"{url}/posts/first/", scheme, js=False) as page:
                assert page.evaluate(BG) == colour
                assert not page.locator(".scheme-toggle").is_visible()


def test_quizsite_site_toggle_switches_the_default_theme(tmp_path: Path, browser: Browser) -> None:
    root = write_tree(
        tmp_path / "site",
        {"quizsite.toml": 'title = "Q"\nbase_url = "/"\n', "content/posts/quiz.md": QUIZ},
    )
    build(root, root / "_site")
    dark_bg = "rgb(20, 23, 28)"  # the default theme's dark --bg
    with serve_folder(root / "_site") as url:
        for scheme, start, other in (("light", WHITE, dark_bg), ("dark", dark_bg, WHITE)):
            for width in (1280, 375):
                with _page(browser, f"{url}/posts/quiz/", scheme, width=width) as page:
                    assert page.evaluate(BG) == start  # the reader's scheme first
                    page.get_by_role("button", name="Dark mode").click()
                    assert page.evaluate(BG) == other
                    # Code colours and the page's color-scheme follow the choice too.
                    assert page.evaluate(
                        "getComputedStyle(document.documentElement).colorScheme"
                    ) == ("dark" if other == dark_bg else "light")
                    page.wait_for_timeout(400)  # colour transitions settle
                    page.screenshot(
                        path=str(ARTIFACTS / f"scheme-quizsite-{scheme}-switched-{width}.png")
                    )


def test_page_stays_hidden_until_the_chosen_variant_has_loaded(
    tmp_path: Path, browser: Browser
) -> None:
    # In a dark browser, the light variant's sheet (the one the page starts from) was not
    # render-blocking: nothing is shown in the default palette while it loads.
    out = _quarto_site(tmp_path / "blog", PAIR)
    with serve_folder(out) as url:
        context = browser.new_context(color_scheme="dark")
        page = context.new_page()
        held: list[Route] = []
        page.route("**/*-light.css", lambda route: held.append(route))
        page.goto(f"{url}/posts/first/", wait_until="commit")
        page.wait_for_function("document.body !== null")
        visibility = "getComputedStyle(document.documentElement).visibility"
        page.wait_for_timeout(300)
        assert page.evaluate(visibility) == "hidden" and held
        held[0].continue_()
        page.wait_for_function(f"{visibility} === 'visible'")
        accent = "getComputedStyle(document.documentElement).getPropertyValue('--accent')"
        assert page.evaluate(accent).strip() == "#18bc9c"  # flatly's, from the first paint
        context.close()


def test_comments_follow_the_chosen_scheme(tmp_path: Path, browser: Browser) -> None:
    giscus = (
        "\n    comments:\n      giscus:\n        repo: ada/blog\n        repo-id: R_1\n"
        "        category-id: C_1\n        theme:\n          light: light_tritanopia\n"
        "          dark: dark_dimmed"
    )
    out = _quarto_site(tmp_path / "blog", PAIR + giscus)
    html = (out / "posts/first/index.html").read_text()
    assert 'data-scheme-themes="light_tritanopia dark_dimmed"' in html
    with serve_folder(out) as url:
        context = browser.new_context(color_scheme="light")
        context.route("https://giscus.app/**", lambda route: route.abort())
        page = context.new_page()
        page.goto(f"{url}/posts/first/")
        theme = "document.querySelector('script[data-scheme-themes]').dataset.theme"
        assert page.evaluate(theme) == "light_tritanopia"
        page.get_by_role("button", name="Dark mode").click()
        assert page.evaluate(theme) == "dark_dimmed"  # what the widget's client reads
        context.close()
