"""The answer block in a real browser: closed, opens without JavaScript, by keyboard, printed open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, Console, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser
POST = "/posts/a-hand-rolled-dropout-layer/"


def test_answer_is_closed_and_opens_without_javascript(browser: Browser, sample_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_site + POST)
    explanation = page.locator("#answer .quiz-key")
    assert not explanation.is_visible()
    page.locator("#answer > summary").click()
    assert explanation.is_visible()
    assert page.evaluate("document.getElementById('answer').open") is True
    context.close()


def test_answer_opens_by_keyboard(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    page.goto(sample_site + POST)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#answer > summary')"):
            break
    else:
        pytest.fail("the answer's summary is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focused summary shows no outline"
    page.keyboard.press("Enter")
    assert page.locator("#answer .quiz-key").is_visible()
    page.keyboard.press("Space")
    assert not page.locator("#answer .quiz-key").is_visible()
    page.close()


def test_answer_is_printed_open(browser: Browser, sample_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_site + POST)
    page.emulate_media(media="print")
    box = page.locator("#answer .quiz-key").bounding_box()
    assert box is not None and box["height"] > 0, "answer hidden in print"
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "post-print.pdf"))
    context.close()


def test_deep_link_to_answer_opens_it(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    page.goto(sample_site + POST + "#answer")
    assert page.locator("#answer .quiz-key").is_visible()
    page.close()


def test_pages_load_nothing_from_the_network(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(sample_site) else None
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in ("/", POST, "/posts/turning-down-the-temperature/", "/tags/", "/reading-list/"):
        page.goto(sample_site + path)
    assert outside == []
    assert errors == []
    page.close()


def test_math_is_typeset_as_mathml(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    page.goto(sample_site + "/posts/turning-down-the-temperature/")
    box = page.locator("math[display=block]").first.bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 20
    page.close()


def test_a_titled_callout_says_its_kind_to_screen_readers_only(
    browser: Browser, sample_site: str
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(sample_site + POST)
    summary = page.locator("#answer > summary")
    # The generic "Expand to see the answer" gives way to the answer's state (issue 22).
    expect(summary).to_have_accessible_name("Note: Show the answer")
    hidden = summary.locator(".visually-hidden")
    box = hidden.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # not seen
    page.close()


WIDE_POST = """---
title: "Wide things"
date: 2024-01-01
---

Short code:

```python
x = 1
```

Wide code:

```python
result = some_function_with_a_long_name(first_argument, second_argument, third_argument, fourth)
```

$$
\\sum_{i=1}^{n} x_i + \\sum_{j=1}^{m} y_j + \\sum_{k=1}^{p} z_k + \\sum_{l=1}^{q} w_l + \\sum_{r=1}^{s} v_r
$$
"""


@pytest.mark.parametrize("width", [375, 1280])
def test_boxes_that_scroll_sideways_are_reachable_by_keyboard(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    root = write_tree(tmp_path / "blog", {"content/posts/wide.qmd": WIDE_POST})
    build(root)
    with serve_folder(root / "site") as url:
        from playwright.sync_api import expect

        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        console = Console(page)
        page.goto(url + "/posts/wide/")
        boxes = page.locator(".post-body pre, .post-body .math.display")
        expect(boxes).to_have_count(3)
        overflowing = page.evaluate(
            "[...document.querySelectorAll('.post-body pre, .post-body .math.display')]"
            ".map((b) => b.scrollWidth > b.clientWidth + 1)"
        )
        reachable = [box.get_attribute("tabindex") == "0" for box in boxes.all()]
        assert reachable == overflowing, "exactly the boxes that overflow join the Tab order"
        assert overflowing[0] is False and (width == 1280 or all(overflowing[1:]))
        if any(overflowing):
            first = boxes.nth(overflowing.index(True))
            for _ in range(20):  # Tab until it is reached
                page.keyboard.press("Tab")
                if first.evaluate("(b) => b === document.activeElement"):
                    break
            assert first.evaluate("(b) => b === document.activeElement")
            assert first.evaluate("(b) => getComputedStyle(b).outlineStyle") != "none"
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(b) => b.scrollLeft > 0", arg=first.element_handle())
        assert console.errors == []
        context.close()
