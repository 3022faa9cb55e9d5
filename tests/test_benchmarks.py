"""The benchmark suite runs from a fresh clone: a tiny corpus through every figure of the table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_run_measures_every_figure_of_a_small_corpus(tmp_path: Path) -> None:
    """Speed is not asserted here (that is the benchmark's job); that each figure is taken is."""
    figures = tmp_path / "figures.json"
    tiny = ["--posts", "30", "--repeat", "1", "--edits", "1", "--no-hugo"]
    places = ["--workdir", str(tmp_path / "work"), "--json", str(figures)]
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/run.py"), *tiny, *places],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    (size,) = json.loads(figures.read_text())["sizes"]
    assert size["posts"] == 30
    assert size["unchanged_rewritten"] == [0]  # a no-change build writes nothing
    assert size["one_edit_rewritten"][0] > 0
    assert size["restored_seconds"][0] > 0
    assert 0 <= size["cold_system_seconds"][0] <= size["cold_cpu_seconds"][0]
    assert size["watch"]["missed"] == 0
    assert all(value > 0 for value in size["cold_seconds"] + size["cold_max_rss_bytes"])
    table = run.stdout
    assert "| cold build, 30 posts" in table
    assert "| watch: one edit, build (BuildResult.seconds)" in table
    assert "| fresh checkout, cache restored (CI)" in table


def test_rebuild_targets_are_judged_at_the_size_the_issue_sets_them() -> None:
    """At 10,000 posts the issue asks for the cold build and memory only: rebuild figures are
    shown for scale, not marked as missed."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import run
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    assert run.judged("< 0.4 s", False, 1000) == ("< 0.4 s", "NOT met")
    assert run.judged("< 0.4 s", True, 1000) == ("< 0.4 s", "met")
    assert run.judged("< 0.4 s", False, 10_000) == ("(for scale)", "")
