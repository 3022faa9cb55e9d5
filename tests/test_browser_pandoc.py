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


ALIGNED = r"""---
title: "Least squares"
date: 2024-03-03
---

$$
\begin{aligned}
L(\theta) &= \sum_{i=1}^n (y_i - x_i^\top \theta)^2 \\
&= \lVert y - X\theta \rVert^2 \\
&= y^\top y - 2\theta^\top X^\top y + \theta^\top X^\top X \theta
\end{aligned}
$$

$$
\begin{gather}
a + b = c \\
d = e + f + g
\end{gather}
$$
"""


def test_aligned_rows_meet_at_their_equals_signs(browser: Browser, tmp_path: Path) -> None:
    """MathML Core draws no columnalign: the theme's CSS lines an aligned derivation's `=`
    signs up, as TeX does, and leaves gathered lines centred."""
    site = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "T"\nbase_url = "/"\n',
            "content/posts/squares.qmd": ALIGNED,
        },
    )
    build(site, tmp_path / "out")
    with serve_folder(tmp_path / "out") as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/posts/squares/")
        equals = page.evaluate(
            """() => [...document.querySelectorAll('mtable')[0].querySelectorAll('mtr')]
                .map(row => [...row.querySelectorAll('mo')].find(o => o.textContent === '='))
                .map(o => o.getBoundingClientRect().left)"""
        )
        assert len(equals) == 3
        assert max(equals) - min(equals) < 1
        centres = page.evaluate(
            """() => [...document.querySelectorAll('mtable')[1].querySelectorAll('mtd')]
                .map(cell => { const r = [...cell.children].map(c => c.getBoundingClientRect());
                  return (Math.min(...r.map(b => b.left)) + Math.max(...r.map(b => b.right))) / 2; })"""
        )
        assert len(centres) == 2 and abs(centres[0] - centres[1]) < 1
        page.close()
