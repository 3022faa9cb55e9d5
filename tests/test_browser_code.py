"""Code blocks in a real browser: the copy button and Quarto's Code menu, from the keyboard,
and what a reader without JavaScript gets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import Console, clipboard_page, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

POST = """---
title: "Code post"
date: 2024-03-02
code-tools: true
execute:
  enabled: false
---

Some words.

```{.python code-line-numbers="2"}
import math
x = math.pi  # <1>
```

1. A number.

```{python}
#| code-fold: true
y = 2
```
"""


def expect(*args: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args)


def _site(tmp_path: Path) -> Path:
    site = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "T"\nbase_url = "/"\n',
            "content/posts/code.qmd": POST,
        },
    )
    build(site, tmp_path / "out")
    return tmp_path / "out"


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} never took the focus")


def test_copy_button_copies_the_code_alone_from_the_keyboard(
    browser: Browser, tmp_path: Path
) -> None:
    out = _site(tmp_path)
    with serve_folder(out) as url, clipboard_page(browser) as (page, console):
        page.goto(url + "/posts/code/")
        expect(page.locator(".code-copy-button")).to_have_count(2)  # the folded code's too
        first = page.get_by_role("button", name="Copy code").first
        # Shown on hover only (code-copy: hover), and on keyboard focus.
        assert first.evaluate("b => getComputedStyle(b).opacity") == "0"
        _tab_to(page, ".code-copy-button")
        page.wait_for_timeout(200)
        assert first.evaluate("b => getComputedStyle(b).opacity") == "1"
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").last).to_have_text("Copied")
        # No line numbers, no annotation marker: the code as written.
        assert page.evaluate("navigator.clipboard.readText()") == "import math\nx = math.pi"
        assert console.errors == []


def test_code_menu_shows_and_hides_folded_code_and_opens_the_source(
    browser: Browser, tmp_path: Path
) -> None:
    out = _site(tmp_path)
    with serve_folder(out) as url:
        context = browser.new_context()
        page = context.new_page()
        console = Console(page)
        page.goto(url + "/posts/code/")
        fold = page.locator("details.code-fold")
        expect(fold).not_to_have_attribute("open", "")
        _tab_to(page, ".code-tools > summary")
        page.keyboard.press("Enter")
        show = page.get_by_role("button", name="Show All Code")
        expect(show).to_be_visible()
        page.keyboard.press("Tab")
        expect(show).to_be_focused()
        page.keyboard.press("Enter")
        expect(fold).to_have_attribute("open", "")
        # The menu closed and gave the focus back to its button.
        expect(page.locator(".code-tools")).not_to_have_attribute("open", "")
        expect(page.locator(".code-tools > summary")).to_be_focused()
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Hide All Code").click()
        expect(fold).not_to_have_attribute("open", "")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        expect(page.locator(".code-tools")).not_to_have_attribute("open", "")
        page.keyboard.press("Enter")
        page.get_by_role("link", name="View Source").click()
        dialog = page.get_by_role("dialog", name="Source code")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("code-tools: true")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        assert console.errors == []
        context.close()


def test_without_javascript_nothing_is_offered_that_cannot_work(
    browser: Browser, tmp_path: Path
) -> None:
    out = _site(tmp_path)
    with serve_folder(out) as url:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(url + "/posts/code/")
        expect(page.locator(".code-copy-button")).to_have_count(0)
        page.locator(".code-tools > summary").click()
        expect(page.get_by_role("button", name="Show All Code")).to_be_hidden()
        page.get_by_role("link", name="View Source").click()
        source = page.locator("#code-source")
        expect(source).to_be_visible()
        expect(source).to_contain_text("code-tools: true")
        context.close()


def test_an_authors_code_background_is_light_only_and_the_border_stays(
    browser: Browser, tmp_path: Path
) -> None:
    front = 'code-block-bg: "#f0e0d0"\ncode-block-border-left: "#31BAE9"\n'
    site = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "T"\nbase_url = "/"\n',
            "content/posts/code.qmd": POST.replace("code-tools: true\n", front),
        },
    )
    build(site, tmp_path / "out")
    with serve_folder(tmp_path / "out") as url:
        for scheme, background in (("light", "rgb(240, 224, 208)"), ("dark", "rgb(26, 30, 37)")):
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            page.goto(url + "/posts/code/")
            block = page.locator("pre.highlight").first
            style = block.evaluate(
                "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).borderLeftColor,"
                " getComputedStyle(b).borderLeftWidth]"
            )
            assert style == [background, "rgb(49, 186, 233)", "4px"], scheme
            context.close()
