"""The wheel carries the default theme, so `pip install .` then `quizsite build` works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO, quiz_text, write_tree


def test_wheel_ships_the_theme_and_builds_outside_the_repository(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(REPO)],
        check=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("quizsite-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = REPO / "themes" / "default"
    for path in theme.rglob("*"):
        if path.is_file():
            assert f"quizsite/themes/default/{path.relative_to(theme).as_posix()}" in names

    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(tmp_path / "lib"), str(wheel)],
        check=True,
    )  # fmt: skip
    site = write_tree(tmp_path / "elsewhere", {"content/posts/q.qmd": quiz_text()})
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "lib")}
    done = subprocess.run(
        [sys.executable, "-c", "import quizsite.cli, sys; print(quizsite.cli.__file__); "
         "sys.exit(quizsite.cli.main(['build', '.']))"],
        cwd=site, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(tmp_path / "lib"))
    assert (site / "site/assets/style.css").read_bytes() == (
        theme / "static/assets/style.css"
    ).read_bytes()
