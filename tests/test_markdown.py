"""The configured Markdown parser: fixture cases, code languages, math and highlight CSS."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fixture_file import Case, fixture_params, render

from quizsite.markdown import (
    code_language,
    highlight_code,
    markdown_parser,
    pygments_css,
    tex_to_mathml,
)


@pytest.mark.parametrize("case", fixture_params("markdown.md"))
def test_fixture(case: Case) -> None:
    assert render(case.source) == case.expected


def test_the_parser_is_built_once() -> None:
    assert markdown_parser() is markdown_parser()


CODE_LANGUAGES = [
    ("", ("", False)),
    ("python", ("python", False)),
    ("  python  ", ("python", False)),
    ("python {.numberLines}", ("python", False)),
    ("{python}", ("python", True)),
    ("{python echo=false}", ("python", True)),
    ("{r, echo=FALSE}", ("r", True)),
    ("{.python}", ("python", False)),
    ("{ .python }", ("python", False)),
    ("{#code .python .numberLines}", ("python", False)),
    ("{.numberLines startFrom=3}", ("numberLines", False)),
    ("{}", ("", False)),
    ("{ }", ("", False)),
]


@pytest.mark.parametrize(
    ("info", "expected"), [pytest.param(*case, id=repr(case[0])) for case in CODE_LANGUAGES]
)
def test_code_language(info: str, expected: tuple[str, bool]) -> None:
    assert code_language(info) == expected


def test_highlight_code() -> None:
    assert highlight_code("x = 1\n", "python") == (
        '<pre class="highlight"><code class="language-python">'
        '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n'
        "</code></pre>\n"
    )
    assert highlight_code("<x>\n", "no-such-language") == (
        '<pre class="highlight"><code class="language-no-such-language">&lt;x&gt;\n</code></pre>\n'
    )
    assert highlight_code("<x>\n", "") == '<pre class="highlight"><code>&lt;x&gt;\n</code></pre>\n'


def test_tex_to_mathml() -> None:
    inline = tex_to_mathml("x", False)
    block = tex_to_mathml("x", True)
    assert inline is not None
    assert block is not None
    assert inline.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert 'display="block"' in block
    assert tex_to_mathml(r"\left( x", False) is None


def test_math_errors_accumulate_in_env() -> None:
    env: dict[str, Any] = {}
    markdown_parser().render("$\\left($ and $$\\right)$$ and $x$\n", env)
    assert env["math_errors"] == ["\\left(", "\\right)"]


def _blocks(css: str) -> list[str]:
    """The top-level `@media` blocks of a stylesheet, in order."""
    return re.findall(r"^@media [^\n]*\{\n.*?^\}$", css, flags=re.MULTILINE | re.DOTALL)


def test_pygments_css_has_a_dark_mode_block() -> None:
    css = pygments_css("friendly", "monokai")
    light, dark = _blocks(css)
    assert light.startswith("@media print, not all and (prefers-color-scheme: dark) {")
    assert dark.startswith("@media screen and (prefers-color-scheme: dark) {")
    # Only rules scoped to .highlight: Pygments' bare `pre { ... }` would restyle every <pre>.
    assert all(line.startswith((".highlight", "@media", "}")) for line in css.splitlines())
    assert ".highlight { background: #f0f0f0; }" in light  # friendly
    assert ".highlight { background: #272822; color: #F8F8F2 }" in dark  # monokai
    # Light rules stay out of dark mode: friendly's bold keywords must not leak into monokai.
    assert ".highlight .k { color: #007020; font-weight: bold }" in light
    assert ".highlight .k { color: #66D9EF }" in dark
    assert "#007020" not in dark
    assert "#272822" not in light


def test_pygments_css_with_one_style_for_both() -> None:
    light, dark = _blocks(pygments_css("default", "default"))
    assert light.split("{", 1)[1] == dark.split("{", 1)[1]
