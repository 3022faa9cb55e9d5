"""scripts/shape.py: what it counts as a long module, a long function and a complex one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, write_tree

SCRIPT = REPO / "scripts" / "shape.py"


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, str(folder)], capture_output=True, text=True
    )


def test_it_names_what_is_over_each_limit(tmp_path: Path) -> None:
    branches = "".join(f"    if x == {n} and y:\n        return {n}\n" for n in range(9))
    long_body = "".join(f"    a{n} = {n}\n" for n in range(70))
    write_tree(
        tmp_path,
        {
            "tidy.py": "def small(x):\n    return x\n",
            "messy.py": f"def branchy(x, y):\n{branches}    return 0\n\n\n"
            f"def lengthy():\n{long_body}    return 0\n" + "# filler\n" * 420,
        },
    )
    done = _run(tmp_path, "--check")
    assert done.returncode == 1, done.stderr
    assert f"{tmp_path}/messy.py:1: branchy: 19" in done.stdout  # 1 + 9 ifs + 9 `and`s
    assert f"{tmp_path}/messy.py:23: lengthy: 72 lines" in done.stdout
    assert f"{tmp_path}/messy.py: 514 lines" in done.stdout
    assert "tidy" not in done.stdout and "small" not in done.stdout
    assert done.stdout.endswith(
        "2 modules, 516 lines: 1 modules over 500 lines, 1 functions over 60 lines, "
        "1 over complexity 15\n"
    )


def test_a_tidy_folder_passes_the_check(tmp_path: Path) -> None:
    write_tree(tmp_path, {"tidy.py": "def small(x):\n    return x\n"})
    assert _run(tmp_path, "--check").returncode == 0
    assert _run(tmp_path).returncode == 0
