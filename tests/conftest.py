"""Shared helpers: build sites in temporary folders and run the command line in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizsite.cli import main

REPO = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

QUIZ = """---
title: "{title}"
date: {date}
categories: [{tags}]
---

{question}

1. First option

2. Second option

3. Third option

:::{{.callout-note collapse="true"}}
## Expand to see the answer

{key}

The explanation says why.

**Recommended reading**

* ["Shared book"](https://example.org/book) is cited by many.
* ["Own paper {title}"](https://example.org/{slug}) is cited once.
:::
"""


def quiz_text(
    title: str = "A quiz",
    date: str = "2024-01-01",
    tags: str = "testing",
    question: str = "Which option is right?",
    key: str = "2",
    slug: str = "a-quiz",
) -> str:
    """A complete, valid quiz post."""
    return QUIZ.format(title=title, date=date, tags=tags, question=question, key=key, slug=slug)


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create files (relative path -> text or bytes) under `root`."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


@dataclass
class CliResult:
    """Exit status and captured output of one in-process CLI run."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `quizsite ARGS...` in-process; argparse exits become exit codes."""

    def run(*args: str | Path) -> CliResult:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def site_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a site folder into tmp_path so a test can build (and break) it freely."""

    def copy(source: Path) -> Path:
        target = tmp_path / source.name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("site", "expected.txt"))
        return target

    return copy
