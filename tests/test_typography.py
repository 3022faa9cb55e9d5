"""Math and code typography: a thin space after named functions, code never broken inside a
token (in a browser too)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import quiz_text, serve_folder, write_tree

from quizsite.build import build
from quizsite.markdown import markdown_parser, tex_to_mathml
from quizsite.typography import THIN_SPACE, space_functions

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.mark.parametrize(
    ("tex", "spaced"),
    [
        (r"\ln 32000", "<mi>ln</mi>" + THIN_SPACE + "<mn>32000</mn>"),
        (r"\sin\theta", "<mi>sin</mi>" + THIN_SPACE + "<mi>&#x003B8;</mi>"),
        (r"\log_2 n", "<msub><mi>log</mi><mn>2</mn></msub>" + THIN_SPACE + "<mi>n</mi>"),
    ],
)
def test_named_functions_are_set_apart(tex: str, spaced: str) -> None:
    assert spaced in (tex_to_mathml(tex, False) or "")


def test_a_bracket_brings_its_own_spacing() -> None:
    assert THIN_SPACE not in (tex_to_mathml(r"\ln(x)", False) or "")
    assert THIN_SPACE not in (tex_to_mathml(r"x y", False) or "")


def test_arg_is_never_shown_as_tex() -> None:
    assert "\\arg" not in (tex_to_mathml(r"\arg\max_x f", False) or "")
    assert space_functions("<mi>\\arg</mi><mi>x</mi>") == "<mi>arg</mi>" + THIN_SPACE + "<mi>x</mi>"


def test_code_wraps_only_between_its_tokens() -> None:
    html = markdown_parser().render("`opt = Adam(lr=3e-4, eps=1e-8)` and `k-means`\n")
    assert html == (
        '<p><code>opt = <span class="code-word">Adam(lr=3e-4,</span> '
        '<span class="code-word">eps=1e-8)</span></code> and '
        '<code><span class="code-word">k-means</span></code></p>\n'
    )


def test_code_without_a_break_is_left_as_it_is() -> None:
    # Spaces are where it may wrap: nothing to keep whole, no markup added.
    assert markdown_parser().render("`x = f(y)`\n") == "<p><code>x = f(y)</code></p>\n"


def test_a_run_too_long_for_a_phone_is_left_free() -> None:
    long = "torch.optim.lr_scheduler.cosine-annealing-warm-restarts"
    assert markdown_parser().render(f"`{long}`\n") == f"<p><code>{long}</code></p>\n"


@pytest.mark.browser
def test_inline_code_is_never_broken_mid_token(browser: Browser, tmp_path: Path) -> None:
    code = "optimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=0.05)"
    question = f"She wrote `{code}` and trained with `lr=3e-4` for a long while, then?"
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text(question=question)})
    build(root)
    with serve_folder(root / "site") as url:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(url + "/posts/a/")
        # Each breakable token sits on one line: its box is one line high.
        heights = page.eval_on_selector_all(
            ".quiz-question .code-word", "els => els.map(e => e.getClientRects().length)"
        )
        assert heights == [1, 1]  # "lr=3e-4," and "lr=3e-4"
        # The long span still wraps (at its spaces) rather than running off the page.
        lines = page.eval_on_selector(
            ".quiz-question code:has(.code-word)", "e => e.getClientRects().length"
        )
        assert lines > 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        page.close()
