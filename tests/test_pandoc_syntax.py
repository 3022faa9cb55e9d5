"""Pandoc Markdown as Quarto renders it: attributes, inline and block syntax, tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from fixture_file import Case, fixture_params, render

from quizsite.attributes import Attributes, auto_identifier, parse_braces
from quizsite.build import build
from quizsite.markdown import markdown_parser
from quizsite.model import Post
from quizsite.parse import parse_post
from quizsite.quiz import top_blocks
from quizsite.sources import SourceFile


@pytest.mark.parametrize("case", fixture_params("pandoc_attributes.md"))
def test_attributes(case: Case) -> None:
    assert render(case.source) == case.expected


def _tokens(source: str) -> list:  # type: ignore[type-arg]
    return markdown_parser().parse(source, {})


def test_attributes_are_token_attrs_for_later_passes() -> None:
    # In a sentence: an image alone in its paragraph is a figure, which takes its id.
    tokens = _tokens('See ![Cap](x.png){#fig-x .wide width="400" fig-alt="Alt"} here.\n')
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


@pytest.mark.parametrize("case", fixture_params("pandoc_syntax.md"))
def test_inline_and_block_syntax(case: Case) -> None:
    assert render(case.source) == case.expected


@pytest.mark.parametrize("case", fixture_params("pandoc_tables.md"))
def test_tables(case: Case) -> None:
    assert render(case.source) == case.expected


def test_table_caption_tokens_follow_table_open() -> None:
    tokens = _tokens("| a |\n|---|\n| 1 |\n\n: Cap {#tbl-x}\n")
    assert [t.type for t in tokens[:4]] == [
        "table_open",
        "table_caption_open",
        "inline",
        "table_caption_close",
    ]
    assert tokens[0].attrGet("id") == "tbl-x"
    assert tokens[2].content == "Cap"
    assert tokens[0].map == [0, 3]


def _lettered(key: str, marker: str = "A.", start: str = "A") -> str:
    letters = [chr(ord(start) + n) for n in range(4)]
    if any(ch.islower() for ch in marker):
        letters = [c.lower() for c in letters]
    options = "".join(
        f"{marker.replace('A', c).replace('a', c)} Option {n + 1}\n" for n, c in enumerate(letters)
    )
    return (
        '---\ntitle: "Letters"\ndate: 2024-02-03\n---\n\nWhich one?\n\n'
        f'{options}\n::: {{.callout-tip collapse="true"}}\n{key}\n\nBecause.\n:::\n'
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("B", (2,)),
        ("b", (2,)),
        ("B, D", (2, 4)),
        ("b and d", (2, 4)),
        ("Answer: C.", (3,)),
        ("(b)", (2,)),
        ("2", (2,)),
    ],
)
def test_lettered_quiz_builds_with_its_key(key: str, expected: tuple[int, ...]) -> None:
    post = parse(_lettered(key))
    assert post.quiz is not None
    assert post.quiz.marker == "A"
    assert [o.number for o in post.quiz.options] == [1, 2, 3, 4]
    assert [o.text for o in post.quiz.options] == [f"Option {n}" for n in range(1, 5)]
    assert post.quiz.answer.key == expected
    assert f'data-key="{",".join(map(str, expected))}"' in str(post.quiz.answer.html)


@pytest.mark.parametrize(("marker", "kind"), [("a)", "a"), ("(a)", "a"), ("A.", "A")])
def test_lettered_quiz_markers(marker: str, kind: str) -> None:
    post = parse(_lettered("c", marker))
    assert post.quiz is not None
    assert post.quiz.marker == kind
    assert post.quiz.answer.key == (3,)


def test_roman_numbered_quiz() -> None:
    text = _lettered("Answer: iii", "(a)")
    for n, numeral in enumerate(("i", "ii", "iii", "iv")):
        text = text.replace(f"({chr(ord('a') + n)}) Option", f"({numeral}) Option")
    post = parse(text)
    assert post.quiz is not None
    assert post.quiz.marker == "i"
    assert post.quiz.answer.key == (3,)


def test_lettered_key_naming_a_missing_option_is_an_error() -> None:
    _, problems = parse_post(
        SourceFile(Path("/s/content/p.qmd"), "content/p.qmd", _lettered("F"), False, ())
    )
    assert [p.format().splitlines()[0] for p in problems] == [
        "content/p.qmd:14: error: answer key names option F, but the options are numbered A to D"
    ]


def test_a_word_is_not_a_lettered_key() -> None:
    post = parse(_lettered("A good question."))
    assert post.quiz is None


def test_lettered_quiz_page_shows_letters(tmp_path: Path) -> None:
    site = write_tree(
        tmp_path / "site",
        {"quizsite.toml": 'title = "T"\nbase_url = "https://example.com/"\n'}
        | {"content/posts/letters.qmd": _lettered("B")},
    )
    build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/letters/index.html").read_text()
    assert '<ol class="quiz-options" aria-label="Options" type="A">' in page
    assert 'data-key="2"' in page


def parse(text: str) -> Post:
    post, problems = parse_post(SourceFile(Path("/site/p.qmd"), "content/p.qmd", text, False, ()))
    assert post is not None, [p.format() for p in problems]
    return post


def test_check_reads_a_lettered_key() -> None:
    body = _lettered("B").split("---\n", 2)[2]
    blocks = top_blocks(_tokens(body))
    assert [(b.kind, b.key) for b in blocks] == [("list", None), ("callout", (2,))]


def test_unknown_raw_format_is_a_warning_at_its_file_line() -> None:
    text = '---\ntitle: "Raw"\ndate: 2024-02-03\n---\n\nText.\n\n```{=weird}\nx\n```\n'
    post, problems = parse_post(SourceFile(Path("/s/p.qmd"), "content/p.qmd", text, False, ()))
    assert post is not None
    assert [p.format().splitlines()[0] for p in problems] == [
        "content/p.qmd:8: warning: raw content for unknown format 'weird' left out"
    ]
    assert str(post.body_html) == "<p>Text.</p>\n"
