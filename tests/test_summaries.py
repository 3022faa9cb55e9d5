"""Summaries never show raw TeX: MathML in listings, a faithful text form where only text fits
(descriptions, search records); code keeps its monospace."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import quiz_text, write_tree

from quizsite.build import build
from quizsite.markdown import markdown_parser
from quizsite.summaries import math_text, summary_html


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"3 \times 10^{-4}", "3 × 10⁻⁴"),
        (r"\ln 32000", "ln 32000"),
        (r"\log_2 n", "log₂ n"),
        (r"\frac{\lambda}{2}", "λ/2"),
        (r"\frac{a+b}{2}", "(a + b)/2"),
        (r"\sqrt{\hat v}", "√v̂"),
        (r"x_i^2", "xᵢ²"),
        (r"e^{x_i}", "e^(xᵢ)"),
        (r"\sum_{i=1}^n x_i", "∑ᵢ₌₁ⁿ xᵢ"),
        (r"\theta \leftarrow \theta - \eta\lambda\theta", "θ ← θ − ηλθ"),
        (r"-x + y", "−x + y"),
        (r"a \le b", "a ≤ b"),
    ],
)
def test_math_text_is_faithful(tex: str, text: str) -> None:
    assert math_text(tex) == text


def test_unreadable_tex_stays_as_written() -> None:
    assert math_text(r"\frac{1}{") == r"\frac{1}{"


def test_summary_html_keeps_math_and_code_and_drops_other_markup() -> None:
    tokens = markdown_parser().parse(
        "Use *lr* $3 \\times 10^{-4}$ with `Adam(lr=3e-4)` and [a link](https://x.org).\n", {}
    )
    html = summary_html(tokens)
    assert html.startswith("Use lr <math ")
    assert "<mo>&#x000D7;</mo>" in html
    # The code is kept whole as in a post: its hyphen is no place to break it.
    assert '<code><span class="code-word">Adam(lr=3e-4)</span></code> and a link.' in html
    assert "<em>" not in html and "<a " not in html and "\\times" not in html


def test_summary_html_stops_after_the_limit_and_skips_answers() -> None:
    text = "one two three four five\n\n::: {.callout-note collapse=true}\nsecret\n:::\n"
    tokens = markdown_parser().parse(text, {})
    assert summary_html(tokens, limit=3) == "one two three…"
    assert "secret" not in summary_html(tokens)


def test_listings_descriptions_and_search_never_show_tex(tmp_path: Path) -> None:
    question = "Why is $3 \\times 10^{-4}$ with `torch.optim.Adam` too small?"
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text(question=question)})
    site = build(root).output
    home = (site / "index.html").read_text()
    card = re.search(r'<p class="post-card-summary">(.*?)</p>', home, re.S)
    assert card is not None
    assert "<math " in card.group(1) and "<code>torch.optim.Adam</code>" in card.group(1)
    page = (site / "posts/a/index.html").read_text()
    assert '<meta name="description" content="Why is 3 × 10⁻⁴ with torch.optim.Adam' in page
    index = json.loads((site / "search/index.json").read_text())
    records = json.loads((site / "search" / index["chunks"][0]).read_text())
    assert "3 × 10⁻⁴ with `torch.optim.Adam` too small?" in records[0][3]
    for text in (home, page, json.dumps(records, ensure_ascii=False)):
        assert "\\times" not in text
