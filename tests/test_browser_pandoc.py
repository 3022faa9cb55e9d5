"""Lettered quiz options in a real browser: letters on the page, numbers underneath."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import Console, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

LETTERED = """---
title: "Which optimiser?"
date: 2024-03-02
tags: [optimisers]
---

Which optimiser adapts a learning rate per parameter?

A. Plain SGD
B. Adam
C. SGD with a fixed step
D. None of them

::: {.callout-tip collapse="true"}
## Answer
B

Adam keeps running moments of each parameter's gradient.
:::
"""


def expect(*args: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args)


def test_lettered_quiz_shows_letters_and_checks_by_number(browser: Browser, tmp_path: Path) -> None:
    site = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "T"\nbase_url = "/"\n',
            "content/posts/letters.qmd": LETTERED,
        },
    )
    build(site, tmp_path / "out")
    with serve_folder(tmp_path / "out") as url:
        context = browser.new_context()
        page = context.new_page()
        console = Console(page)
        page.goto(url + "/posts/letters/")
        numbers = page.locator(".quiz-options .quiz-number")
        expect(numbers).to_have_text(["A", "B", "C", "D"])
        # The radio buttons are named by their letter and text, and valued by option number.
        expect(page.get_by_role("radio", name=re.compile(r"^B Adam"))).to_have_attribute(
            "value", "2"
        )
        page.get_by_role("radio", name=re.compile(r"^C ")).check()
        page.get_by_role("button", name="Check").click()
        expect(page.get_by_role("status")).to_contain_text("option C is not the right answer")
        page.get_by_role("button", name="Try again").click()
        page.get_by_role("radio", name=re.compile(r"^B Adam")).check()
        page.get_by_role("button", name="Check").click()
        expect(page.get_by_role("status")).to_contain_text("Correct!")
        assert console.errors == []
        context.close()
