"""What readers see around a quiz, in a real browser: the spoiler-free reading sidebar, the
answer's summary telling its state, the next-quiz links after the answer, "Review your
mistakes" on the home page. Every test opens its own context (empty localStorage)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import REPO, Console, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

WEIGHT_DECAY = "/posts/the-weight-decay-that-barely-decayed/"  # its readings name the answer


def expect(*args: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args)


def check_option(page: Page, number: int) -> None:
    page.locator(f".quiz-input[value='{number}']").check()
    page.get_by_role("button", name="Check").click()


def test_sidebar_readings_stay_folded_until_the_quiz_is_checked(
    browser: Browser, sample_site: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    console = Console(page)
    page.goto(sample_site + WEIGHT_DECAY)
    fold = page.locator(".reading-sidebar details.reading-fold")
    expect(fold).not_to_have_attribute("open", "")
    expect(fold.locator("summary")).to_contain_text("4 readings")
    # The answer's fix, torch.optim.AdamW, is named by a reading: not visible yet.
    expect(page.get_by_role("link", name="torch.optim.AdamW")).to_be_hidden()
    check_option(page, 1)  # a wrong answer opens them too: the answer is open by then
    expect(fold).to_have_attribute("open", "")
    expect(page.get_by_role("link", name="torch.optim.AdamW").last).to_be_visible()
    # Back later: the quiz was answered, so the readings are open from the start.
    page.reload()
    expect(page.locator(".reading-fold")).to_have_attribute("open", "")
    assert console.errors == []
    context.close()


def test_opening_the_answer_unfolds_the_readings(browser: Browser, sample_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_site + WEIGHT_DECAY)
    expect(page.locator(".reading-fold")).not_to_have_attribute("open", "")
    page.locator("#answer > summary").click()
    expect(page.locator(".reading-fold")).to_have_attribute("open", "")
    context.close()


def test_without_javascript_the_fold_opens_by_hand(browser: Browser, sample_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_site + WEIGHT_DECAY)
    links = page.locator(".reading-sidebar .reading-list a")
    expect(links.first).to_be_hidden()
    page.locator(".reading-fold > summary").click()
    expect(links.first).to_be_visible()
    context.close()


def test_the_sidebar_can_list_readings_openly(browser: Browser, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    shutil.copytree(REPO / "content", root / "content")
    write_tree(root, {"quizsite.toml": "fold_sidebar_readings = false\n"})
    build(root)
    with serve_folder(root / "site") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + WEIGHT_DECAY)
        expect(page.locator(".reading-fold")).to_have_count(0)
        expect(page.locator(".reading-sidebar .reading-list a").first).to_be_visible()
        context.close()


def test_answer_summary_tells_its_state(browser: Browser, sample_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_site + WEIGHT_DECAY)
    summary = page.locator("#answer > summary")
    closed, opened = summary.locator(".answer-when-closed"), summary.locator(".answer-when-open")
    expect(summary).not_to_contain_text("Expand to see the answer")
    expect(closed).to_have_text("Show the answer")
    expect(closed).to_be_visible()
    expect(opened).to_be_hidden()
    summary.click()
    expect(opened).to_have_text("Hide the answer")
    expect(opened).to_be_visible()
    expect(closed).to_be_hidden()
    summary.click()
    expect(closed).to_be_visible()
    check_option(page, 2)
    expect(opened).to_be_visible()
    context.close()


def test_next_unanswered_quiz_sits_right_after_the_answer(
    browser: Browser, sample_site: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_site + WEIGHT_DECAY)
    check_option(page, 2)
    jump = page.locator("#answer + .quiz-jump")
    expect(jump).to_be_visible()
    expect(jump.locator(".quiz-jump-next")).to_contain_text("Next unanswered quiz")
    # Right below the answer: the next thing down the page.
    gap = page.evaluate(
        """() => document.querySelector('.quiz-jump').getBoundingClientRect().top -
             document.querySelector('#answer').getBoundingClientRect().bottom"""
    )
    assert 0 <= gap < 40
    context.close()


def test_review_your_mistakes_lists_the_quizzes_answered_wrong(
    browser: Browser, sample_site: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    console = Console(page)
    page.goto(sample_site + "/")
    expect(page.locator(".quiz-progress")).to_be_visible()
    expect(page.locator(".quiz-review")).to_have_count(0)  # nothing answered yet
    page.goto(sample_site + WEIGHT_DECAY)
    check_option(page, 1)  # wrong
    page.goto(sample_site + "/")
    review = page.locator(".quiz-review")
    expect(review.get_by_role("heading", name="Review your mistakes")).to_be_visible()
    expect(review.locator("li a")).to_have_text(["The Weight Decay That Barely Decayed"])
    expect(review.locator("li")).to_contain_text(["(1 try)"])
    review.locator("li a").click()
    expect(page).to_have_url(sample_site + WEIGHT_DECAY)
    check_option(page, 2)  # right this time: no longer a mistake to review
    page.goto(sample_site + "/")
    expect(page.locator(".quiz-progress-score")).to_be_visible()
    expect(page.locator(".quiz-review")).to_have_count(0)
    assert console.errors == []
    context.close()
