"""Pandoc fenced divs and Quarto callouts: fixture cases, attribute parsing and limits."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fixture_file import Case, fixture_params, render
from markdown_it import MarkdownIt

from quizsite.fenced_divs import (
    MAX_DIV_DEPTH,
    PLACED_DIVS,
    Callout,
    DivAttributes,
    body_diagnostics,
    callout_kind,
    fenced_divs_plugin,
    parse_attributes,
)
from quizsite.markdown import markdown_parser


@pytest.mark.parametrize("case", fixture_params("fenced_divs.md"))
def test_fixture(case: Case) -> None:
    assert render(case.source) == case.expected


def nested(depth: int, core: str = "core") -> str:
    """`depth` divs, one inside the other, around a paragraph."""
    openers = "".join(f"::: {{.d{i}}}\n" for i in range(depth))
    return f"{openers}{core}\n" + ":::\n" * depth


def parse(text: str) -> tuple[str, list[Any]]:
    env: dict[str, Any] = {}
    html = markdown_parser().render(text, env)
    return html, body_diagnostics(env)


def test_nesting_up_to_the_limit_is_fine() -> None:
    html, problems = parse(nested(MAX_DIV_DEPTH))
    assert problems == []
    assert html.count("<div") == MAX_DIV_DEPTH
    assert f'<div class="d{MAX_DIV_DEPTH - 1}">\n<p>core</p>' in html


def test_nesting_beyond_the_limit_is_one_error_and_text() -> None:
    html, problems = parse(nested(MAX_DIV_DEPTH + 1))
    assert [(d.severity, d.location.line) for d in problems] == [("error", MAX_DIV_DEPTH)]
    assert f"more than {MAX_DIV_DEPTH} deep" in problems[0].message
    assert html.count("<div") == MAX_DIV_DEPTH
    # The div too many is text, together with its closer, inside the innermost div allowed.
    assert f"<p>::: {{.d{MAX_DIV_DEPTH}}}\ncore\n:::</p>\n</div>" in html


def test_a_thousand_nested_divs_are_quick_and_do_not_recurse() -> None:
    started = time.perf_counter()
    html, problems = parse(nested(1000))
    assert time.perf_counter() - started < 3
    assert html.count("<div") == MAX_DIV_DEPTH
    assert html.count("</div>") == MAX_DIV_DEPTH
    assert [d.location.line for d in problems] == [MAX_DIV_DEPTH]


def test_each_too_deep_region_is_reported() -> None:
    text = nested(MAX_DIV_DEPTH + 2) + "\n" + nested(MAX_DIV_DEPTH + 1)
    _, problems = parse(text)
    second = len(nested(MAX_DIV_DEPTH + 2).splitlines()) + 1
    assert sorted(d.location.line or 0 for d in problems) == [
        MAX_DIV_DEPTH,
        second + MAX_DIV_DEPTH,
    ]


def test_a_problem_is_reported_once_however_often_its_line_is_tried() -> None:
    # The opener is tried as a terminator of the paragraph above and again on its own.
    _, problems = parse("Text\n::: {.a}\nmore text\n\n::: {.b}\n")
    assert [(d.severity, d.location.line) for d in problems] == [("error", 1), ("error", 4)]
    assert all(d.location.path == "" and d.hint for d in problems)


def test_diagnostics_are_per_document() -> None:
    parse("::: {.a}\n")
    _, problems = parse("::: {.a}\nx\n:::\n")
    assert problems == []


def test_callout_tokens_carry_the_callout_and_lose_the_title_heading() -> None:
    text = '::: {#k .callout-tip collapse="false" icon=false}\n## The *title*\nBody\n:::\n'
    tokens = markdown_parser().parse(text, {})
    assert [t.type for t in tokens] == [
        "fenced_div_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "fenced_div_close",
    ]
    opener, closer = tokens[0], tokens[-1]
    assert opener.map == [0, 4]
    assert closer.map == [3, 4]
    assert opener.meta["attrs"] == DivAttributes(
        "k", ("callout-tip",), (("collapse", "false"), ("icon", "false"))
    )
    callout = opener.meta["callout"]
    assert isinstance(callout, Callout)
    assert (callout.kind, callout.collapse, callout.appearance, callout.icon) == (
        "tip",
        "false",
        "default",
        False,
    )
    assert callout.title is not None
    assert callout.title.content == "The *title*"
    assert closer.meta["callout"] is callout


def test_ordinary_div_tokens_have_no_callout() -> None:
    tokens = markdown_parser().parse("::: {.aside}\nx\n:::\n", {})
    assert tokens[0].meta.get("callout") is None
    assert tokens[-1].meta.get("callout") is None


def test_the_plugin_works_on_its_own() -> None:
    md = MarkdownIt("commonmark").use(fenced_divs_plugin)
    html = md.render('::: {.callout-note collapse="true"}\n## Why\nBecause\n:::\n')
    assert html.startswith('<details class="callout callout-note')
    assert '<span class="visually-hidden callout-kind">Note: </span>Why</span></summary>' in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", DivAttributes(), id="empty"),
        pytest.param("#id", DivAttributes(id="id"), id="id"),
        pytest.param(".a .b", DivAttributes(classes=("a", "b")), id="classes"),
        pytest.param("bare", DivAttributes(classes=("bare",)), id="bare word is a class"),
        pytest.param(
            "#x .a key=\"two words\" k2=v2 k3='single q'",
            DivAttributes("x", ("a",), (("key", "two words"), ("k2", "v2"), ("k3", "single q"))),
            id="all forms",
        ),
        pytest.param(
            '  .callout-note   collapse="true"  ',
            DivAttributes(classes=("callout-note",), attributes=(("collapse", "true"),)),
            id="extra spaces",
        ),
        pytest.param('title=""', DivAttributes(attributes=(("title", ""),)), id="empty value"),
        pytest.param(
            'title="a {b} = c"',
            DivAttributes(attributes=(("title", "a {b} = c"),)),
            id="braces and equals in a quoted value",
        ),
        pytest.param(
            "data-x=1 xml:lang=en",
            DivAttributes(attributes=(("data-x", "1"), ("xml:lang", "en"))),
            id="dashes and colons in keys",
        ),
        pytest.param("#a #b", DivAttributes(id="b"), id="last id wins"),
    ],
)
def test_parse_attributes(text: str, expected: DivAttributes) -> None:
    assert parse_attributes(text) == expected


def test_div_attributes_get() -> None:
    attrs = parse_attributes('k="v" k="w"')
    assert attrs.get("k") == "v"
    assert attrs.get("missing") == ""
    assert attrs.get("missing", "default") == "default"


@pytest.mark.parametrize(
    ("classes", "kind"),
    [
        ((), None),
        (("aside",), None),
        (("callout",), "note"),
        (("callout-note",), "note"),
        (("callout-tip",), "tip"),
        (("callout-warning",), "warning"),
        (("callout-caution",), "caution"),
        (("callout-important",), "important"),
        (("callout-danger",), None),
        (("callout-",), None),
        (("wide", "callout-tip"), "tip"),
        (("callout", "callout-tip"), "tip"),
        (("callout-tip", "callout"), "tip"),
        (("callout-caution", "callout-tip"), "caution"),
    ],
    ids=lambda value: " ".join(value) or "none" if isinstance(value, tuple) else str(value),
)
def test_callout_kind(classes: tuple[str, ...], kind: str | None) -> None:
    assert callout_kind(classes) == kind


@pytest.mark.parametrize(
    ("text", "noted"),
    [
        ('::: {.callout-note collapse="true" appearance="minimal"}\nx\n:::\n', False),
        ("::: note\nx\n:::\n", False),
        ("::: {#fig-a}\n![](a.png)\n\nA caption.\n:::\n", True),
        ("::: {layout-ncol=2}\na\n\nb\n:::\n", True),
        ("> ::: {#tbl-b}\n> x\n> :::\n", True),
    ],
)
def test_a_div_that_may_be_a_float_or_a_layout_is_noted(text: str, noted: bool) -> None:
    env: dict[str, object] = {}
    markdown_parser().parse(text, env)
    assert bool(env.get(PLACED_DIVS)) is noted
