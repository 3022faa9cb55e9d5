"""One tiny broken site per error: exact `path:line: message`, exit 1, previous site untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TESTS, CliResult

from quizsite.output import MARKER

CASES = sorted(p for p in (TESTS / "sites").iterdir() if (p / "expected.txt").is_file())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_site_reports_exact_error_and_keeps_previous_site(
    case: Path, cli: Callable[..., CliResult], site_copy: Callable[[Path], Path]
) -> None:
    root = site_copy(case)
    previous = root / "site"
    previous.mkdir()
    (previous / MARKER).write_text("")
    (previous / "index.html").write_text("the previous build")

    result = cli("build", root)

    assert result.code == 1
    assert result.err == (case / "expected.txt").read_text()
    assert "Traceback" not in result.err
    assert result.out == ""
    assert sorted(p.name for p in previous.iterdir()) == sorted([MARKER, "index.html"])
    assert (previous / "index.html").read_text() == "the previous build"
