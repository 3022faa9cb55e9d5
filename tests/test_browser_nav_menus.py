"""Navbar dropdowns in a real browser: the disclosure opens from the keyboard, its links are
reached with Tab, and opening one closes another."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import quiz_text, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

QUARTO = """\
project:
  type: website
website:
  title: "T"
  navbar:
    left:
      - text: Posts
        menu:
          - text: Recent
            href: index.qmd
          - text: Code
            href: https://github.com/ada
      - text: Talks
        menu:
          - text: About
            href: about.qmd
"""


def test_dropdown_opens_with_enter_and_its_links_take_tab(tmp_path: Path, browser: Browser) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": QUARTO,
            "posts/p/index.qmd": quiz_text(),
            "about.qmd": '---\ntitle: "About"\n---\nHi.\n',
        },
    )
    build(tmp_path, tmp_path / "_site")
    with serve_folder(tmp_path / "_site") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(f"{url}/posts/p/")
        posts, talks = page.locator("details.site-nav-menu").all()
        recent = page.get_by_role("link", name="Recent")
        assert not recent.is_visible()  # closed until asked
        page.locator("summary", has_text="Posts").focus()
        page.keyboard.press("Enter")
        assert posts.evaluate("d => d.open")
        assert recent.is_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Recent"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Code"
        page.keyboard.press("Tab")  # on to the next dropdown's button
        assert page.evaluate("document.activeElement.textContent") == "Talks"
        page.keyboard.press("Enter")
        assert talks.evaluate("d => d.open")
        assert not posts.evaluate("d => d.open")  # one open at a time
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert not talks.evaluate("d => d.open")
        assert page.evaluate("document.activeElement.textContent") == "Talks"
        context.close()
