"""Gaps closed as Quarto behaves: links from the site's root in `body-header`, `body-footer`
and `page-footer` under a sub-path, `.markdown` documents, the watcher's rules for root files
as the build's, `grid: content-mode`, `{{< env >}}` in metadata values (and a change of the
environment between command-line builds), and the `_environment` files' expansion forms."""

from __future__ import annotations

import pytest

from quizsite.quarto_env import parse_dotenv


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No variable the tests read comes from the environment they run in."""
    for name in ("QUARTO_PROFILE", "GAPS9_SET", "GAPS9_UNSET", "GAPS9_TITLE"):
        monkeypatch.delenv(name, raising=False)


# ------------------------------------------------------------------------------------------------
# 6. The `_environment` files' expansion, as Quarto's dotenv reader (Deno's std/dotenv) has it


def test_a_bare_variable_with_a_fallback_takes_the_rest_of_the_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`$NAME:-fallback` without braces: the fallback is the rest of the value (a path with
    slashes whole), itself expanded; a set variable's value wins over it."""
    monkeypatch.setenv("GAPS9_SET", "from-the-shell")
    found = parse_dotenv(
        "ANSWER=42\n"
        "PATHS=$GAPS9_UNSET:-/default/path\n"
        "CHAINED=$GAPS9_UNSET:-$ANSWER:-never\n"
        "LAST=$GAPS9_UNSET:-$ALSO_UNSET:-last resort\n"
        "SET=$GAPS9_SET:-unused\n",
        "_environment",
    )
    assert found.values["PATHS"] == "/default/path"
    assert found.values["CHAINED"] == "42"
    assert found.values["LAST"] == "last resort"
    assert found.values["SET"] == "from-the-shell"
    assert found.problems == ()


def test_braced_fallbacks_nest_and_values_are_expanded_in_turn() -> None:
    """`${A:-${B:-x}}` nests (the fallback runs to the last brace); a variable whose value
    names others is expanded through them, wherever in the file they are set."""
    found = parse_dotenv(
        "NESTED=${GAPS9_UNSET:-${ANSWER:-default}}\n"
        "DEEPER=${GAPS9_UNSET:-${ALSO_UNSET:-default}}\n"
        "BOTH=$FIRST!==${SECOND}\n"
        "ANSWER=42\n"
        "FIRST='one $ANSWER'\n"
        "SECOND=two\n",
        "_environment",
    )
    assert found.values["NESTED"] == "42"
    assert found.values["DEEPER"] == "default"
    assert found.values["BOTH"] == "one 42!==two"
    assert found.values["FIRST"] == "one $ANSWER"  # single quotes: as written


def test_quoted_values_are_not_expanded_and_a_loop_ends() -> None:
    """std/dotenv expands only unquoted values: a double-quoted one keeps its `$` (its `\\n`
    is a line break); a variable naming itself does not loop; an escaped `\\$` stays."""
    found = parse_dotenv(
        'QUOTED="costs $5 and ${ANSWER}\\nthen"\nANSWER=42\nSELF=$SELF\nESCAPED=\\$ANSWER\n',
        "_environment",
    )
    assert found.values["QUOTED"] == "costs $5 and ${ANSWER}\nthen"
    assert found.values["SELF"] == "$SELF"
    assert found.values["ESCAPED"] == "\\$ANSWER"
