"""Read markdown-it style fixture files and render their cases.

A case is a title line, then `.`, the Markdown input, `.`, the expected output, `.`; cases are
separated by blank lines. The expected output is the HTML followed by one line per problem found:
`! error line 3: message` for fenced-div diagnostics (0-based body line, sorted by line) and
`! math error: TeX` for formulas that could not be typeset. No such line means no problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pytest

from quizsite.fenced_divs import body_diagnostics
from quizsite.markdown import markdown_parser

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class Case(NamedTuple):
    title: str
    line: int  # 1-based line of the title in the fixture file
    source: str
    expected: str


def read_fixtures(name: str) -> list[Case]:
    """The cases of `tests/fixtures/<name>`, in file order."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        if i + 1 >= len(lines) or lines[i + 1] != ".":
            raise ValueError(f"{name}:{start}: expected '.' under the title {title!r}")
        parts: list[str] = []
        i += 2
        for _ in range(2):
            end = lines.index(".", i)  # ValueError if a part is not closed
            parts.append("".join(line + "\n" for line in lines[i:end]))
            i = end + 1
        cases.append(Case(title, start, parts[0], parts[1]))
    titles = [case.title for case in cases]
    if len(set(titles)) != len(titles):
        raise ValueError(f"{name}: case titles must be unique")
    return cases


def fixture_params(name: str) -> list[Any]:
    """`pytest.param`s for parametrize, each with its title as the test id."""
    return [pytest.param(case, id=case.title) for case in read_fixtures(name)]


def render(source: str) -> str:
    """HTML of `source`, then a `! ...` line for each problem found (see the module doc)."""
    env: dict[str, Any] = {}
    html: str = markdown_parser().render(source, env)
    problems = [
        f"! {d.severity} line {d.location.line}: {d.message}\n"
        for d in sorted(body_diagnostics(env), key=lambda d: d.location.line or 0)
    ]
    problems += [f"! math error: {tex}\n" for tex in env.get("math_errors", [])]
    return html + "".join(problems)
