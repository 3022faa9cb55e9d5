"""Gaps found on real Quarto blogs: list markers inside formulas and code spans, `\\limits`
and `\\nolimits`, and BibTeX years that are not numbers, each as Pandoc reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_tree

from quizsite.build import build
from quizsite.markdown import markdown_parser, tex_to_mathml


def _render(source: str) -> tuple[str, dict[str, Any]]:
    env: dict[str, Any] = {}
    return markdown_parser().render(source, env), env


# --- 1. Fancy list markers inside formulas, code spans and code --------------------------

CASES_FORMULA = r"""Text.

$$
f(x) = \begin{cases} 1 & x
> y. \\
0 & \text{otherwise} \end{cases}
$$
"""


def test_a_quote_marker_and_letter_inside_a_display_formula_stay_tex() -> None:
    html, env = _render(CASES_FORMULA)
    assert "<blockquote>" not in html and "<ol" not in html
    # `> y.` is TeX: greater than, y, a full stop (the pre-pass once made it `> 1.`).
    assert "<mo>&#x0003E;</mo><mi>y</mi><mo>&#x0002E;</mo>" in html
    assert "<mn>1</mn><mo>&#x0002E;</mo>" not in html
    assert not env.get("math_errors")


def test_a_letter_marker_in_a_list_items_formula_stays_tex() -> None:
    html, _ = _render("- item\n\n  $$\n  a =\n  b. c\n  $$\n")
    assert "<ol" not in html
    assert "<mi>b</mi><mo>&#x0002E;</mo><mi>c</mi>" in html


def test_an_inline_formula_over_two_lines_of_a_list_item_stays_whole() -> None:
    html, _ = _render("1. item $a +\n   b. c$ end\n")
    assert html.count("<ol") == 1 and "$" not in html
    assert "<mi>b</mi><mo>&#x0002E;</mo><mi>c</mi></mrow></math> end</li>" in html


def test_an_environment_outside_dollars_keeps_its_lines() -> None:
    html, _ = _render("\\begin{align}\na &= b \\\\\n> y. c\n\\end{align}\n")
    assert "<mo>&#x0003E;</mo><mi>y</mi><mo>&#x0002E;</mo>" in html


def test_a_code_span_over_a_quoted_line_keeps_its_text() -> None:
    html, _ = _render("> `a\n> y. b` hold\n")
    assert "<code>a y. b</code> hold" in html and "<ol" not in html


def test_a_code_span_in_a_list_item_is_read_after_its_lines_as_pandoc_does() -> None:
    # Pandoc 3 makes `b. c` a sublist here: a list item's lines are read before its code.
    html, _ = _render("1. item `a +\n   b. c` end\n")
    assert '<ol start="2" type="a">' in html


def test_a_lazy_line_after_a_quote_continues_its_paragraph() -> None:
    html, _ = _render("> Quote\ny. b hold\n")
    assert "<ol" not in html and "Quote\ny. b hold</p>" in html


def test_markers_outside_formulas_are_still_lists() -> None:
    html, _ = _render("Costs $5 and $x$ here.\n\na. one\nb. two\n\n```\na. code\n```\n")
    assert '<ol type="a">' in html and "<li>one</li>" in html
    assert "a. code" in html


# --- 2. \limits and \nolimits --------------------------------------------------------------


def _core(tex: str, display: bool) -> str:
    html = tex_to_mathml(tex, display)
    assert html is not None, tex
    return html[html.index(">") + 1 : -len("</math>")]


@pytest.mark.parametrize("display", [True, False])
def test_limits_put_scripts_under_and_over_in_either_mode(display: bool) -> None:
    core = _core(r"\sum\limits_{i=1}^n x_i", display)
    assert core.startswith('<mrow><munderover><mo movablelimits="false">&#x02211;</mo>')


def test_limits_after_a_font_command_no_longer_fail() -> None:
    # latex2mathml refused `\limits` after anything but a command name.
    core = _core(r"\mathbb{E}\limits_{x \sim p} f(x)", True)
    assert core.startswith("<mrow><munder><mi>&#x1D53C;</mi><mrow><mi>x</mi>")


def test_limits_after_the_scripts_move_before_them() -> None:
    assert _core(r"\sum_{i=1}^n\limits x", False) == _core(r"\sum\limits_{i=1}^n x", False)


def test_a_control_with_no_script_changes_nothing() -> None:
    plain = _core(r"\sum x", True)
    assert _core(r"\sum\limits x", True) == plain  # was an empty <munderover />
    assert _core(r"\sum\nolimits x", True) == plain  # was the word "nolimits"


def test_nolimits_puts_scripts_beside_in_display_math() -> None:
    assert "<msubsup><mo>&#x02211;</mo>" in _core(r"\sum\nolimits_{i=1}^n x", True)
    assert "<msub><mo>max</mo><mi>x</mi></msub>" in _core(r"\max\nolimits_x f", True)
    assert "<msub><mi>&#x1D53C;</mi><mi>x</mi></msub>" in _core(r"\mathbb{E}\nolimits_x", True)


def test_operators_with_display_limits_take_them_in_display_math_only() -> None:
    display = _core(r"\lim_{n\to\infty} a_n + \max_x f + \bigcup_i A_i", True)
    assert '<munder><mo movablelimits="true">lim</mo>' in display
    assert '<munder><mo movablelimits="true">max</mo><mi>x</mi></munder>' in display
    assert "<munder><mo>&#x022C3;</mo><mi>i</mi></munder>" in display
    inline = _core(r"\lim_{n\to\infty} a_n + \max_x f", False)
    assert "<munder>" not in inline and "<msub><mo>max</mo>" in inline
    assert "<msubsup><mo>&#x0222B;</mo>" in _core(r"\int_0^1 f", True)  # integrals: beside


def test_operator_names_of_more_than_letters() -> None:
    starred = _core(r"\operatorname*{arg\,max}_\theta L", True)
    assert starred.startswith('<mrow><munder><mrow><mi mathvariant="normal">a</mi>')
    plain = _core(r"\operatorname{arg\,min}_x f", True)
    assert plain.startswith('<mrow><msub><mrow><mi mathvariant="normal">a</mi>')
    assert "<mo />" not in starred + plain and "&#x0002A;" not in starred


def test_declared_operators_place_their_scripts_as_starred_or_not() -> None:
    source = (
        "$$\\DeclareMathOperator*{\\argmax}{arg\\,max}\\DeclareMathOperator{\\argmin}"
        "{arg\\,min}\n\\argmax_\\theta L = \\argmin_\\theta M$$\n"
    )
    html, env = _render(source)
    assert not env.get("math_errors")
    assert html.count("<munder>") == 1 and html.count("<msub>") == 1
    assert "<mo><mrow>" not in html  # `\mathop` is its content, not an <mo> holding elements


def test_limits_in_a_post_are_math_and_other_bad_tex_still_warns() -> None:
    html, env = _render("$$\\frac{1}{n}\\sum\\limits_{i=1}^n x_i$$\n\n$$\\frac{1}{$$\n")
    assert "\\limits" not in html and "<munderover>" in html
    assert env["math_errors"] == ["\\frac{1}{"]


# --- 3. BibTeX years that are not numbers ---------------------------------------------------

BIB = r"""
@article{smith, author={Smith, Jane}, title={Alpha results}, journal={J. Tests},
  year={2021, in press}}
@article{doe, author={Doe, John}, title={Beta results}, journal={J. Tests}, year={in press}}
@book{roe, author={Roe, Ann}, title={Gamma book}, publisher={Pub}, year={forthcoming}}
@misc{poe, author={Poe, Ed}, title={Delta page}, year={n.d.}}
@article{hoe, author={Hoe, Al}, title={Theta}, journal={J}, year={2021}, month={in press}}
@article{ioe, author={Ioe, Al}, title={Iota}, journal={J}, date={2021-03}}
@article{koe, author={Koe, Al}, title={Kappa}, journal={J}, date={2019/2020}}
"""

POST = """\
---
title: "Citations"
date: 2024-03-01
bibliography: refs.bib
---

[@smith]; [@doe]; [@roe]; [@poe]; [@hoe]; [@ioe]; [@koe]; @smith says so [-@doe].
"""


@pytest.fixture
def cited(tmp_path: Path) -> tuple[str, list[str]]:
    site = write_tree(
        tmp_path,
        {"content/posts/cites/index.qmd": POST, "content/posts/cites/refs.bib": BIB},
    )
    result = build(site)
    html = (site / "site" / "posts" / "cites" / "index.html").read_text()
    return re.sub(r"\s+", " ", html), [d.message for d in result.warnings]


def test_years_that_are_not_numbers_are_kept_as_written(cited: tuple[str, list[str]]) -> None:
    html, messages = cited
    assert not [m for m in messages if "bibliography" in m or "citation" in m], messages
    for text in ("Smith 2021, in press", "Doe in press", "Roe forthcoming", "Poe n.d."):
        assert f'role="doc-biblioref">{text}</a>' in html
    # In running text, the author before the date as written; the date alone with `-@`.
    assert 'role="doc-biblioref">Smith (2021, in press)</a>' in html
    assert '(<a href="#ref-doe" role="doc-biblioref">in press</a>)' in html
    assert "Smith, Jane. 2021, in press. “Alpha Results.” <i>J. Tests</i>, 2021, in press." in html


def test_a_month_that_is_no_month_is_left_out_and_biblatex_dates_read(
    cited: tuple[str, list[str]],
) -> None:
    html, _ = cited
    assert 'role="doc-biblioref">Hoe 2021</a>' in html
    assert 'role="doc-biblioref">Ioe 2021</a>' in html  # BibLaTeX's `date`, not "n.d."
    assert "Ioe, Al. 2021. “Iota.” <i>J</i>, March." in html
    assert 'role="doc-biblioref">Koe 2019–2020</a>' in html


def test_csl_json_literal_dates_still_read(tmp_path: Path) -> None:
    item = {"id": "x", "type": "book", "title": "T", "author": [{"family": "Lee"}]}
    refs = [{**item, "issued": {"literal": "in press"}}]
    site = write_tree(
        tmp_path,
        {
            "content/posts/a/index.qmd": POST.replace("refs.bib", "refs.json").split("[@")[0]
            + "@x\n",
            "content/posts/a/refs.json": json.dumps(refs),
        },
    )
    build(site)
    html = (site / "site" / "posts" / "a" / "index.html").read_text()
    assert 'role="doc-biblioref">Lee (in press)</a>' in html


# --- 4. Found building real blogs -------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "$x$ equals 5\n",  # a paragraph opening with a formula and ending with a digit
        "- $x$ equals 5\n",
        "| a | b |\n|---|---|\n| $r\\approx$ 1.2 | x |\n",  # tecunningham.github.io's table
    ],
)
def test_a_formula_at_the_start_is_math_whatever_the_text_ends_with(source: str) -> None:
    html, env = _render(source)
    assert "$" not in html and "<math" in html
    assert not env.get("tex_inline")


def test_prices_stay_text() -> None:
    html, _ = _render("$5 and $10\n")
    assert html == "<p>$5 and $10</p>\n"


def test_a_list_like_line_of_an_environment_in_a_paragraph_stays_in_it() -> None:
    # dpsimpson/blog: an `align*` after a paragraph's words, a line of it starting `- `.
    source = (
        "and the joint distribution is\n\\begin{align*}\nL &= K - N\\log\\sigma \\\\\n"
        "- \\frac{1}{2}u^T u &+ \\log p\n\\end{align*}\nwhere $K$ is constant.\n"
    )
    html, env = _render(source)
    assert "<ul>" not in html and "<li>" not in html
    assert html.count("<math") == 2 and "where <math" in html
    assert not env.get("tex_inline") and not env.get("math_errors")


ZOTERO_BIB = r"""
@article{berrett2021a,
  title = {Optimal Rates for Independence Testing via {{U-statistic}} Permutation Tests},
  author = {Berrett, Thomas B. and Kontoyiannis, Ioannis and Samworth, Richard J.},
  year = {2021},
  journal = {The Annals of Statistics},
  volume = {49},
  abstract = {Against alternatives of the form \{f:D(f){$\geq\rho$}2\} on a {$\sigma$}-finite space.}
}
@book{burnham_model_2002,
  edition = {2. ed., [4. printing\vphantom{\{}\}},
  title = {Model selection and multimodel inference},
  publisher = {Springer},
  author = {Burnham, Kenneth P. and Anderson, David Ray},
  year = {2002}
}
"""


def test_escaped_braces_and_formulas_in_fields_no_longer_drop_an_entry(tmp_path: Path) -> None:
    # alexpghayes/quarto-blog: Zotero's abstract with `\{…{$\geq$}…\}`, an edition with
    # `\vphantom{\{}\}`; Pandoc reads both entries.
    site = write_tree(
        tmp_path,
        {
            "content/posts/a/index.qmd": POST.split("[@")[0]
            + "[@berrett2021a; @burnham_model_2002]\n",
            "content/posts/a/refs.bib": ZOTERO_BIB,
        },
    )
    result = build(site)
    html = (site / "site" / "posts" / "a" / "index.html").read_text()
    assert not [w for w in result.warnings if "bibliography" in w.message]
    assert 'role="doc-biblioref">Berrett et al. 2021</a>' in html
    assert "<i>The Annals of Statistics</i> 49." in html
    assert "2002. <i>Model Selection and Multimodel Inference</i>. 2. ed., [4. printing." in html
