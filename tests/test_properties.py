"""Property tests: the fenced-div and quiz parsers never crash, are deterministic, point inside
the file, and always name a key that points at a missing option.

Markdown is generated from a grammar of the pieces that matter here (fences, callouts, code,
lists, keys, reading lists) mixed with hostile text. QUIZSITE_EXAMPLES=2000 runs a longer hunt.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizsite.errors import Diagnostic
from quizsite.fenced_divs import body_diagnostics
from quizsite.markdown import markdown_parser
from quizsite.model import Post
from quizsite.parse import parse_post
from quizsite.sources import SourceFile

EXAMPLES = int(os.environ.get("QUIZSITE_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="QUIZSITE_EXAMPLES" not in os.environ,  # CI runs the same cases every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FRONT = '---\ntitle: "A quiz"\ndate: 2024-01-01\n---\n'
FRONT_LINES = FRONT.count("\n")

# ------------------------------------------------------------------------------------------------
# The grammar.

# Text an author might write, and text an attacker might: markup, math, HTML, unicode.
WORDS = st.sampled_from(
    [
        "dropout",
        "the",
        "model",
        "$x$",
        "$$y^2$$",
        "$",
        "$5 and $10",
        "\\frac{",
        "<script>alert(1)</script>",
        "<span class=x>",
        "</details>",
        "<!--",
        "&amp;",
        "&",
        '"',
        "'",
        "{",
        "}",
        "*",
        "**bold**",
        "_",
        "`code`",
        "[link](https://example.org/a)",
        "[bad](javascript:alert(1))",
        "<https://example.org>",
        "é",
        "日本語",
        "💡",
        "\u200b",
        "\t",
        "--",
        "...",
        "(c)",
        ":::",
        "\\",
        "[^1]",
    ]
)
TEXT = st.lists(
    st.one_of(
        WORDS,
        st.text(
            st.characters(blacklist_characters="\r\n\0", blacklist_categories=["Cs"]), max_size=6
        ),
    ),
    min_size=1,
    max_size=5,
).map(" ".join)

COLONS = st.integers(3, 6).map(lambda n: ":" * n)
CALLOUT_CLASSES = st.sampled_from(
    [
        ".callout-note",
        ".callout-tip",
        ".callout-warning",
        ".callout-caution",
        ".callout-important",
        ".callout",
        ".callout-danger",
        ".aside",
        "#answer",
        "#a-b",
    ]
)
CALLOUT_KEYS = st.sampled_from(
    [
        'collapse="true"',
        'collapse="false"',
        "collapse=true",
        "collapse=false",
        'collapse="maybe"',
        'appearance="simple"',
        'appearance="minimal"',
        "appearance=default",
        "appearance=odd",
        "icon=false",
        'icon="true"',
        "data-x=1",
    ]
)
GARBAGE = st.text(alphabet="{}\"'=#.:- \t<>&$x", max_size=6)
ATTR_ITEM = st.one_of(
    CALLOUT_CLASSES,
    CALLOUT_KEYS,
    TEXT.map(lambda t: f'title="{t}"'),
    TEXT.map(lambda t: f"title='{t}'"),
    GARBAGE,
)
ATTR_BLOCK = st.lists(ATTR_ITEM, max_size=5).map(lambda items: "{" + " ".join(items) + "}")
BARE_WORD = st.sampled_from(["callout-note", "callout-tip", "aside", "note", "x{", "a:b"])
OPENER = st.builds(
    lambda colons, space, attrs, tail: f"{colons}{space}{attrs}{tail}",
    COLONS,
    st.sampled_from(["", " ", "  ", "\t"]),
    st.one_of(ATTR_BLOCK, BARE_WORD, GARBAGE),
    st.sampled_from(["", " :::", ":::", " ::: x", " "]),
)
CLOSER = st.builds(lambda c, t: c + t, COLONS, st.sampled_from(["", " ", "\t", " x", ":"]))
CODE_FENCE = st.sampled_from(
    ["```", "```python", "```{python}", "```{r, echo=FALSE}", "~~~", "~~~~", "````", "``` :::"]
)
ORDERED_ITEM = st.builds(
    lambda n, d, t: f"{n}{d} {t}",
    st.one_of(st.integers(0, 12), st.integers(0, 10**11)),
    st.sampled_from([".", ")"]),
    TEXT,
)
BULLET = st.builds(
    lambda b, t: f"{b} {t}",
    st.sampled_from(["*", "-", "+"]),
    st.one_of(TEXT, TEXT.map(lambda t: f'["{t}"](https://example.org/{len(t)}) is good.')),
)
HEADING = st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), TEXT)
READING = st.sampled_from(
    [
        "**Recommended reading**",
        "## Recommended reading",
        "Recommended reading:",
        "recommended readings",
        "### Recommended Reading",
    ]
)
KEY = st.sampled_from(
    ["2", "1, 3", "2 and 9", "Answer: 2", "answers: 1 & 2", "0", "3.", "1234567890", "9" * 5000]
)
MATH = st.sampled_from(["$$", "$$x = y$$", "$$\\begin{x}", "\\end{x}$$"])
HTML = st.sampled_from(["<div>", "</div>", "<details>", "<script>", "</script>", "-->"])
TABLE = st.sampled_from(["| a | b |", "|---|---|", "| 1 | $x$ |"])

BLOCK_LINE = st.one_of(
    OPENER,
    OPENER,
    CLOSER,
    CLOSER,
    CODE_FENCE,
    ORDERED_ITEM,
    BULLET,
    HEADING,
    READING,
    KEY,
    TEXT,
    MATH,
    HTML,
    TABLE,
    st.just(""),
    st.just(""),
)
INDENT = st.sampled_from(["", "", "", "", "", "  ", "    ", "> ", "   ", "\t", "1. "])
LINE = st.builds(lambda indent, line: indent + line, INDENT, BLOCK_LINE)
BODY = st.lists(LINE, max_size=40).map("\n".join)


def source(text: str, rel: str = "content/posts/p.qmd") -> SourceFile:
    return SourceFile(Path("/site") / rel, rel, text, False, ())


def snapshot(post: Post | None) -> tuple[object, ...] | None:
    """Every field of a post, for comparing two parses (posts compare by identity)."""
    if post is None:
        return None
    return tuple(post)


def line_count(text: str) -> int:
    return text.count("\n") + 1


# ------------------------------------------------------------------------------------------------


@SETTINGS
@given(BODY)
def test_parse_post_never_crashes_and_is_deterministic(body: str) -> None:
    text = FRONT + body
    post, problems = parse_post(source(text))
    again, problems_again = parse_post(source(text))

    assert problems == problems_again
    assert snapshot(post) == snapshot(again)
    assert all(isinstance(p, Diagnostic) for p in problems)
    assert (post is None) == any(p.severity == "error" for p in problems)
    for problem in problems:
        assert problem.location.path == "content/posts/p.qmd"
        assert problem.message and problem.hint
        line = problem.location.line
        assert line is None or 1 <= line <= line_count(text), problem.format()
        if line is not None:
            assert problem.format().startswith(f"content/posts/p.qmd:{line}: {problem.severity}: ")


def render(text: str) -> tuple[str, list[Diagnostic]]:
    env: dict[str, Any] = {}
    html = markdown_parser().render(text, env)
    return html, body_diagnostics(env)


@SETTINGS
@given(BODY, BODY)
def test_markdown_render_never_crashes_and_keeps_no_state(body: str, other: str) -> None:
    html, problems = render(body)
    # Another document in between must not change the next result: the parser is shared.
    render(other)
    assert render(body) == (html, problems)
    for problem in problems:
        assert problem.location.line is not None
        assert 0 <= problem.location.line < line_count(body), problem.format()


@SETTINGS
@given(BODY)
def test_a_parse_reuses_nothing_from_a_previous_env(body: str) -> None:
    """Tokens are parsed afresh each time: a parse shares no objects with another parse."""
    env_a: dict[str, Any] = {}
    env_b: dict[str, Any] = {}
    tokens_a = markdown_parser().parse(body, env_a)
    tokens_b = markdown_parser().parse(body, env_b)
    assert [t.as_dict() for t in tokens_a] == [t.as_dict() for t in tokens_b]
    assert not {id(t) for t in tokens_a} & {id(t) for t in tokens_b}


# ------------------------------------------------------------------------------------------------
# A quiz whose key names options that do not exist.

PLAIN = st.text(
    st.characters(whitelist_categories=["L", "N"], whitelist_characters=" ,?"),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() != "" and not re.match(r"\s*\d", t))


@st.composite
def quiz_with_bad_key(draw: st.DrawFn) -> tuple[str, int, str]:
    """A quiz text, the file line of its key, and the one error expected."""
    start = draw(st.integers(0, 20))
    count = draw(st.integers(1, 6))
    numbers = range(start, start + count)
    inside = draw(st.lists(st.sampled_from(list(numbers)), max_size=2))
    outside = draw(
        st.lists(
            st.integers(0, 999_999_999).filter(lambda n: n not in numbers), min_size=1, max_size=3
        )
    )
    key_numbers = draw(st.permutations(inside + outside))
    joiner = draw(st.sampled_from([", ", " and ", " & ", ","]))
    key = draw(st.sampled_from(["", "Answer: ", "answers "])) + joiner.join(map(str, key_numbers))
    paragraphs = draw(st.lists(PLAIN, min_size=1, max_size=3))
    tight = draw(st.booleans())
    options = ("\n" if tight else "\n\n").join(
        f"{n}. {draw(PLAIN)}" for n in range(start, start + count)
    )
    attrs = draw(
        st.sampled_from(
            [
                '.callout-note collapse="true"',
                ".callout-tip collapse=false",
                '#sol .callout collapse="true" appearance="simple"',
            ]
        )
    )
    heading = draw(st.sampled_from(["", "## Expand to see the answer\n\n", "### Answer\n"]))
    before_key = "\n\n".join(paragraphs) + "\n\n" + options + "\n\n" + f":::{{{attrs}}}\n" + heading
    text = FRONT + before_key + key + "\n\n" + draw(PLAIN) + "\n:::\n"
    key_line = (FRONT + before_key).count("\n") + 1
    missing = sorted({n for n in key_numbers if n not in numbers})
    expected = (
        f"content/posts/p.qmd:{key_line}: error: answer key names option "
        f"{', '.join(map(str, missing))}, but the options are numbered {start} to {start + count - 1}"
    )
    return text, key_line, expected


@SETTINGS
@given(quiz_with_bad_key())
def test_a_key_naming_a_missing_option_is_always_exactly_that_error(
    case: tuple[str, int, str],
) -> None:
    text, _, expected = case
    post, problems = parse_post(source(text))
    assert post is None
    assert [p.format().splitlines()[0] for p in problems] == [expected]


@SETTINGS
@given(st.lists(PLAIN, max_size=4), OPENER, PLAIN)
def test_an_unclosed_div_is_reported_at_its_opener(
    paragraphs: list[str], opener: str, after: str
) -> None:
    before = "".join(p + "\n\n" for p in paragraphs)
    text = FRONT + before + opener + "\n" + after + "\n"
    opener_line = (FRONT + before).count("\n") + 1
    _, problems = parse_post(source(text))
    looks_like_opener = render(opener + "\nx\n:::\n")[0].startswith(("<div", "<details"))
    if looks_like_opener:
        assert [(p.severity, p.location.line, p.message) for p in problems] == [
            ("error", opener_line, "unclosed fenced div opened here")
        ]
    else:
        assert all(p.severity == "warning" for p in problems)


def test_two_parses_of_one_file_are_two_posts() -> None:
    """A post is an entity: equal fields do not make two posts one (in a set, a dict, `==`),
    and its front matter's own mapping need not be hashable for it to key a table."""
    source = SourceFile(Path("/site/content/posts/a.qmd"), "content/posts/a.qmd", "", False, ())
    text = "---\ntitle: A\ndate: 2024-01-01\nextra_key: {a: 1}\n---\nSome text.\n"
    first, _ = parse_post(source._replace(text=text))
    second, _ = parse_post(source._replace(text=text))
    assert first is not None and second is not None
    assert snapshot(first) == snapshot(second)
    assert first == first and (first == second) is False and first != second
    assert len({first, second}) == 2 and {first: 1}[first] == 1
