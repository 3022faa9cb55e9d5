"""Rebuild tests/golden/expected/ from tests/golden/source/ after an intended output change.

Run: .venv/bin/python tests/golden/refresh.py   (then review `git diff tests/golden/expected`)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from quizsite.build import build

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
EXPECTED = HERE / "expected"
# Theme files are copies checked elsewhere; the marker says nothing about the output.
SKIPPED = ("assets/", ".quizsite-output")


def built_files() -> dict[str, bytes]:
    """Build the golden source into a temporary folder; return its files, skipping copies."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "site"
        build(SOURCE, output)
        return files_of(output)


def files_of(output: Path) -> dict[str, bytes]:
    """The files of a built golden site, skipping copies and the marker."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file() and not p.relative_to(output).as_posix().startswith(SKIPPED)
    }


def expected_files() -> dict[str, bytes]:
    """The checked-in expected tree."""
    return {
        p.relative_to(EXPECTED).as_posix(): p.read_bytes()
        for p in sorted(EXPECTED.rglob("*"))
        if p.is_file()
    }


def main() -> None:
    """Replace the expected tree with a fresh build."""
    files = built_files()
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for rel, data in files.items():
        target = EXPECTED / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} files to {EXPECTED}")


if __name__ == "__main__":
    main()
