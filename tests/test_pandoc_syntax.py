"""Pandoc Markdown as Quarto renders it: attributes, inline and block syntax, tables."""

from __future__ import annotations

import pytest
from fixture_file import Case, fixture_params, render

from quizsite.attributes import Attributes, auto_identifier, parse_braces
from quizsite.markdown import markdown_parser


@pytest.mark.parametrize("case", fixture_params("pandoc_attributes.md"))
def test_attributes(case: Case) -> None:
    assert render(case.source) == case.expected


def _tokens(source: str) -> list:  # type: ignore[type-arg]
    return markdown_parser().parse(source, {})


def test_attributes_are_token_attrs_for_later_passes() -> None:
    tokens = _tokens('![Cap](x.png){#fig-x .wide width="400" fig-alt="Alt"}\n')
    image = next(c for t in tokens for c in t.children or [] if c.type == "image")
    assert image.attrs == {
        "src": "x.png",
        "alt": "",
        "id": "fig-x",
        "class": "wide",
        "width": "400",
        "fig-alt": "Alt",
    }


def test_heading_attrs_on_heading_open() -> None:
    tokens = _tokens("## Title {#sec-a .unlisted}\n")
    assert tokens[0].attrs == {"id": "sec-a", "class": "unlisted"}
    assert tokens[1].content == "Title"


def test_fence_attributes_on_the_fence_token() -> None:
    (fence,) = _tokens('```{.python filename="train.py" #lst-x}\nx\n```\n')
    assert fence.attrs == {"id": "lst-x", "class": "python", "filename": "train.py"}
    assert fence.info == '{.python filename="train.py" #lst-x}'  # the code path still reads it


def test_quarto_cell_fence_has_no_attributes() -> None:
    (fence,) = _tokens("```{python}\n#| echo: false\nx\n```\n")
    assert fence.attrs == {}


PARSES = [
    ("{#a .b c=d}", Attributes("a", ("b",), (("c", "d"),))),
    ('{ .b  key="x y" }', Attributes("", ("b",), (("key", "x y"),))),
    ("{-}", Attributes("", ("unnumbered",), ())),
    ('{class="a b" .c}', Attributes("", ("a", "b", "c"), ())),
    ("{width=50%}", Attributes("", (), (("width", "50%"),))),
    ("{}", Attributes()),
]


@pytest.mark.parametrize(("text", "expected"), PARSES, ids=[p[0] for p in PARSES])
def test_parse_braces(text: str, expected: Attributes) -> None:
    assert parse_braces(text) == (expected, len(text))


@pytest.mark.parametrize("text", ["{1, 2}", "{a}", "{#}", "{key=}", '{k="open}', "{.a", "x"])
def test_parse_braces_refuses_what_pandoc_does_not_take(text: str) -> None:
    assert parse_braces(text) is None


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("Hello, World!", "hello-world"),
        ("1. Intro", "intro"),
        ("snake_case and dots.too", "snake_case-and-dots.too"),
        ("Ünïcödé ok", "ünïcödé-ok"),
        ("42", "section"),
        ("", "section"),
    ],
)
def test_auto_identifier(text: str, ident: str) -> None:
    assert auto_identifier(text) == ident
