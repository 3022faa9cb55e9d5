"""LaTeX outside math delimiters and TeX macros, as Quarto's HTML (MathJax) shows them."""

from __future__ import annotations

from typing import Any

import pytest
from fixture_file import Case, fixture_params, render

from quizsite.markdown import markdown_parser
from quizsite.shortcodes import META_KEY
from quizsite.tex_macros import Macro, TooDeep, expand, parse_definitions


@pytest.mark.parametrize("case", fixture_params("latex.md"))
def test_latex(case: Case) -> None:
    assert render(case.source) == case.expected


def test_katex_macros_from_the_front_matter_apply() -> None:
    env: dict[str, Any] = {
        META_KEY: {"format": {"revealjs": {"katex": {"macros": {"\\abs": "\\left|#1\\right|"}}}}}
    }
    html = markdown_parser().render("$\\abs{x}$\n", env)
    assert "abs" not in html
    assert 'fence="true"' in html  # \left| ... \right|
    assert not env.get("quarto_diagnostics")


def test_definitions_are_taken_out_and_expanded() -> None:
    macros: dict[str, Macro] = {}
    rest = parse_definitions(r"\newcommand{\f}[2]{#1^{#2}} \def\g#1{\f{#1}{2}} g=", macros)
    assert rest.strip() == "g="
    assert expand(r"\g{x} + \g y", macros) == "x^{2} + y^{2}"


def test_an_unclosed_definition_is_an_error() -> None:
    with pytest.raises(ValueError):
        parse_definitions(r"\newcommand{\f}{x", {})


def test_expansion_that_grows_without_end_stops() -> None:
    macros: dict[str, Macro] = {}
    parse_definitions(r"\def\a{\a\a}", macros)
    with pytest.raises(TooDeep):
        expand(r"\a", macros)


def test_a_post_without_tex_is_left_alone() -> None:
    env: dict[str, Any] = {}
    html = markdown_parser().render("Price $5 and a \\* star.\n", env)
    assert html == "<p>Price $5 and a * star.</p>\n"
    assert "tex_inline" not in env


def _warnings_of(text: str) -> tuple[str, list[str]]:
    """A post's body HTML and its warnings' first lines."""
    from pathlib import Path

    from quizsite.parse import parse_post
    from quizsite.sources import SourceFile

    source = SourceFile(Path("/s/content/p.qmd"), "content/p.qmd", text, False, ())
    post, problems = parse_post(source)
    assert post is not None, problems
    return str(post.prose_html.markup()), [p.format() for p in problems]


def test_an_undefined_macro_is_shown_as_written_and_warned_of_at_its_line() -> None:
    html, warnings = _warnings_of(
        "---\ntitle: M\n---\n\nSome words.\n\nThe mean $\\E[X] = \\mu$ and $\\Var(X)$.\n"
    )
    assert "<mi>\\E</mi>" in html  # the rest of the formula still typeset
    assert "&#x003BC;" in html
    first = [w.splitlines()[0] for w in warnings]
    assert "content/p.qmd:7: warning: undefined TeX macro \\E in math" in first[0]
    assert "content/p.qmd:7: warning: undefined TeX macro \\Var in math" in first[1]
    assert "\\newcommand{\\E}{...}" in warnings[0]
    assert "_macros.qmd" in warnings[0]


def test_a_macro_defined_in_the_document_is_not_warned_of() -> None:
    html, warnings = _warnings_of(
        "---\ntitle: M\n---\n\n$$\n\\newcommand{\\E}{\\mathbb{E}}\n$$\n\n"
        "The mean $\\E[X]$, $\\arg\\max_x f$, $\\sin x$, $\\mathcal{L}$.\n"
    )
    assert "\\E" not in html
    assert not [w for w in warnings if "undefined TeX macro" in w]
