"""Input that must simply work (or fail with one clear line): odd encodings, stray fences, huge
and deeply nested posts, front matter built to crash the YAML loader."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, quiz_text, write_tree
from markupsafe import escape

from quizsite.build import build
from quizsite.errors import BuildFailed
from quizsite.fenced_divs import MAX_DIV_DEPTH
from quizsite.sources import MAX_YAML_DEPTH, MAX_YAML_NODES


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line of `text` that contains `needle`."""
    return text[: text.index(needle)].count("\n") + 1


def test_orphan_closing_fence_builds_with_one_warning(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    text = quiz_text().replace("Which option is right?", "Which option is right?\n:::")
    write_tree(tmp_path, {"content/posts/a.qmd": text})

    result = cli("build", tmp_path)

    assert result.code == 0
    assert result.err == (
        f"content/posts/a.qmd:{line_of(text, ':::')}: warning: closing ::: has no open fenced "
        "div; it is shown as text\n"
        "  hint: remove it, or add the opening ::: {.class} line it was meant to close\n"
    )
    page = (tmp_path / "site/posts/a/index.html").read_text()
    assert "<p>Which option is right?\n:::</p>" in page


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_bom_and_crlf_post_builds_as_a_quiz(tmp_path: Path, newline: str) -> None:
    data = b"\xef\xbb\xbf" + quiz_text(key="1, 3").replace("\n", newline).encode()
    write_tree(tmp_path, {"content/posts/a.qmd": data})

    build(tmp_path)

    page = (tmp_path / "site/posts/a/index.html").read_text()
    assert 'data-key="1,3"' in page
    assert "\r" not in page
    assert "\ufeff" not in page


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_bom_and_crlf_errors_point_at_the_right_lines(tmp_path: Path, newline: str) -> None:
    text = (
        quiz_text(date="2024-02-30", key="7")
        .replace("Which option", "::: {.aside}\nWhich option")
        .replace("1. First", "Still in the aside.\n\n1. First")
    )
    data = b"\xef\xbb\xbf" + text.replace("\n", newline).encode()
    write_tree(tmp_path, {"content/posts/a.qmd": data})

    with pytest.raises(BuildFailed) as failure:
        build(tmp_path)

    assert [d.format().splitlines()[0] for d in failure.value.diagnostics] == [
        "content/posts/a.qmd:3: error: cannot read the date '2024-02-30'",
        f"content/posts/a.qmd:{line_of(text, '::: {.aside}')}: error: "
        "unclosed fenced div opened here",
        f"content/posts/a.qmd:{line_of(text, chr(10) + '7' + chr(10)) + 1}: error: answer key "
        "names option 7, but the options are numbered 1 to 3",
    ]


def test_five_megabyte_post_builds_in_reasonable_time(tmp_path: Path) -> None:
    paragraph = (
        "Dropout zeroes activations with some probability while training, which regularises "
        "the network and makes it generalise better to data it has not seen.\n\n"
    )
    unit = (
        paragraph * 8 + "::: {.callout-tip}\nA tip, with $x$ and a [link](https://e.org).\n:::\n\n"
    )
    question = unit * (5_000_000 // len(unit) + 1)
    write_tree(tmp_path, {"content/posts/big.qmd": quiz_text(question=question)})

    started = time.perf_counter()
    build(tmp_path)
    seconds = time.perf_counter() - started

    assert seconds < 60, f"a 5 MB post took {seconds:.1f} s"
    page = (tmp_path / "site/posts/big/index.html").read_bytes()
    assert len(page) > 5_000_000
    assert page.count(b'class="callout callout-tip') == question.count(".callout-tip")


def test_a_thousand_nested_divs_fail_at_the_first_opener_too_deep(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    openers = "".join(f"::: {{.level-{i}}}\n" for i in range(1000))
    text = quiz_text().replace("Which option is right?", openers + "core\n" + ":::\n" * 1000)
    write_tree(tmp_path, {"content/posts/a.qmd": text})

    started = time.perf_counter()
    result = cli("build", tmp_path)

    assert time.perf_counter() - started < 10
    assert result.code == 1
    assert "RecursionError" not in result.err
    line = line_of(text, f"::: {{.level-{MAX_DIV_DEPTH}}}")
    assert result.err.splitlines()[:2] == [
        f"content/posts/a.qmd:{line}: error: fenced divs are nested more than {MAX_DIV_DEPTH} deep",
        "  hint: close some of the ::: divs before opening new ones",
    ]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("> " * 1000 + "deep quote", id="quotes"),
        pytest.param("".join("  " * i + "- item\n" for i in range(1000)), id="lists"),
        pytest.param("*" * 5000 + "x" + "*" * 5000, id="emphasis"),
        pytest.param("[" * 5000 + "x" + "](u)" * 5000, id="links"),
        pytest.param("- " * 1000 + "::: {.a}\nx\n:::", id="div in deep list"),
        pytest.param("x" * 1_000_000, id="one long line"),
    ],
)
def test_deeply_nested_markdown_builds(tmp_path: Path, body: str) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text() + "\n" + body + "\n"})
    build(tmp_path)
    assert (tmp_path / "site/posts/a/index.html").is_file()


def test_deeply_nested_yaml_is_an_error_not_a_crashed_interpreter(tmp_path: Path) -> None:
    # libyaml's composer recursed in C on this and killed the process, so it runs in a child.
    depth = 100_000
    front = f"---\ntitle: A\ndate: 2024-01-01\nnested: {'[' * depth}{']' * depth}\n---\nBody\n"
    write_tree(tmp_path, {"content/posts/a.qmd": front})
    done = subprocess.run(
        [sys.executable, "-m", "quizsite", "build", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[:2] == [
        f"content/posts/a.qmd:4: error: front matter is nested more than {MAX_YAML_DEPTH} "
        "levels deep",
        "  hint: front matter holds simple keys, lists and short mappings; flatten it",
    ]


def test_front_matter_a_little_nested_is_fine(tmp_path: Path) -> None:
    front = '---\ntitle: A\ndate: 2024-01-01\nparams: {a: [1, [2, {b: [3]}]], c: "[{"}\n---\nx\n'
    write_tree(tmp_path, {"content/posts/a.qmd": front})
    build(tmp_path)


def test_billion_laughs_front_matter_is_refused(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"] + [
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    front = "---\ntitle: A\ndate: 2024-01-01\n" + "\n".join(levels) + "\n---\nBody\n"
    write_tree(tmp_path, {"content/posts/a.qmd": front})

    started = time.perf_counter()
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path)

    assert time.perf_counter() - started < 5
    assert [d.format().splitlines()[0] for d in failure.value.diagnostics] == [
        "content/posts/a.qmd:2: error: front matter is too large once its *aliases are "
        f"expanded (more than {MAX_YAML_NODES:,} values)"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("2024-02-30", "cannot read the date '2024-02-30'", id="no such day"),
        pytest.param("2024-13-01", "cannot read the date '2024-13-01'", id="no such month"),
        pytest.param(
            "2024-01-01 25:00:00", "cannot read the date '2024-01-01 25:00:00'", id="no such hour"
        ),
    ],
)
def test_impossible_dates_are_named_at_their_line(tmp_path: Path, value: str, message: str) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text(date=value)})
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path)
    assert [d.format().splitlines()[0] for d in failure.value.diagnostics] == [
        f"content/posts/a.qmd:3: error: {message}"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param(
            "count: !!int abc",
            "invalid YAML in front matter: cannot read the value 'abc' (invalid literal for "
            "int() with base 10: 'abc')",
            id="int tag on text",
        ),
        pytest.param(
            "flag: !!bool maybe",
            "invalid YAML in front matter: cannot read the value 'maybe' ('maybe')",
            id="bool tag on text",
        ),
        pytest.param(
            "huge: " + "9" * 5000,
            "invalid YAML in front matter: cannot read the value '"
            + "9" * 40
            + "…' (Exceeds the limit (4300 digits) for integer string conversion: value has "
            "5000 digits; use sys.set_int_max_str_digits() to increase the limit)",
            id="integer of 5000 digits",
        ),
    ],
)
def test_values_yaml_cannot_build_are_errors_at_their_line(
    tmp_path: Path, line: str, message: str
) -> None:
    text = quiz_text().replace("categories:", f"{line}\ncategories:")
    write_tree(tmp_path, {"content/posts/a.qmd": text})
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path)
    assert [d.format().splitlines()[0] for d in failure.value.diagnostics] == [
        f"content/posts/a.qmd:4: error: {message}"
    ]


def test_a_key_too_long_to_be_an_option_number_is_not_a_key(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text(key="9" * 5000)})
    build(tmp_path)
    page = (tmp_path / "site/posts/a/index.html").read_text()
    assert "quiz-key" not in page


def test_options_numbered_from_zero(tmp_path: Path) -> None:
    text = quiz_text(key="0").replace("1. First", "0. First")
    write_tree(tmp_path, {"content/posts/a.qmd": text})
    build(tmp_path)
    page = (tmp_path / "site/posts/a/index.html").read_text()
    assert 'data-key="0"' in page
    assert '<li class="quiz-option" value="0">' in page


@pytest.mark.parametrize(
    ("link_text", "title"),
    [
        pytest.param('"Deep Learning"', "Deep Learning", id="quoted"),
        pytest.param("Deep Learning", "Deep Learning", id="bare"),
        pytest.param("\"Reading 'the' book's notes\"", "Reading ‘the’ book’s notes", id="inner"),
        pytest.param('"Attention" is all you need', "“Attention” is all you need", id="two"),
        pytest.param('"A" and "B"', "“A” and “B”", id="two pairs"),
        pytest.param("'90s nets", "'90s nets", id="apostrophe"),
    ],
)
def test_reading_titles_lose_only_the_quotes_around_them(
    tmp_path: Path, link_text: str, title: str
) -> None:
    text = quiz_text().replace('"Shared book"', link_text)
    write_tree(tmp_path, {"content/posts/a.qmd": text})
    build(tmp_path)
    page = (tmp_path / "site/reading-list/index.html").read_text()
    assert f'<a class="reading-title" href="https://example.org/book">{escape(title)}</a>' in page


def test_a_template_raising_a_python_error_fails_at_its_line(tmp_path: Path) -> None:
    template = '{% extends "base.html" %}{% block main %}\n{{ 1 / 0 }}{% endblock %}\n'
    write_tree(
        tmp_path,
        {"content/posts/a.qmd": quiz_text(), "themes/default/templates/tags.html": template},
    )
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path)
    assert [d.format().splitlines()[0] for d in failure.value.diagnostics] == [
        "themes/default/templates/tags.html:2: error: division by zero"
    ]


def test_including_a_missing_template_fails_at_the_include(tmp_path: Path) -> None:
    template = (
        '{% extends "base.html" %}{% block main %}\n{% include "nope.html" %}{% endblock %}\n'
    )
    write_tree(
        tmp_path,
        {"content/posts/a.qmd": quiz_text(), "themes/default/templates/tags.html": template},
    )
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path)
    assert [d.format().splitlines()[0] for d in failure.value.diagnostics] == [
        "themes/default/templates/tags.html:2: error: template 'nope.html' not found"
    ]


def test_math_that_cannot_be_typeset_warns_once_at_its_line(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    text = quiz_text().replace("2. Second option", "2. Second $\\begin{x}$ option")
    write_tree(tmp_path, {"content/posts/a.qmd": text})
    result = cli("build", tmp_path)
    assert result.code == 0
    assert result.err == (
        f"content/posts/a.qmd:{line_of(text, 'begin{x}')}: warning: cannot typeset math: "
        "\\begin{x}\n  hint: check the TeX syntax\n"
    )
