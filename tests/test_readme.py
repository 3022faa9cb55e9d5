"""The README's quick start shows a newcomer the live preview and how to start a blog, with
commands that work; a skipped test says why in words a newcomer follows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import REPO, CliResult

QUICK_START = re.search(
    r"## Quick start\n(.*?)\n## ", (REPO / "README.md").read_text(encoding="utf-8"), re.S
)


def commands() -> list[list[str]]:
    """The quizsite commands of the quick start's code blocks, without comments."""
    assert QUICK_START is not None
    blocks = re.findall(r"```sh\n(.*?)```", QUICK_START.group(1), re.S)
    found = []
    for block in blocks:
        for line in block.splitlines():
            for part in line.split("#")[0].split("&&"):
                words = shlex.split(part)
                if words and words[0].endswith("quizsite"):
                    found.append(words[1:])
    return found


def test_quick_start_shows_serve_and_new_site() -> None:
    subcommands = [words[0] for words in commands()]
    assert subcommands[0] == "build", "the first line installs and builds the sample blog"
    assert subcommands[1] == "serve", "the live preview comes next"
    assert ["new", "site", "my-blog"] in commands()


def test_quick_start_commands_work(cli: object, tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    import shutil

    shutil.copytree(REPO / "content", tmp_path / "content")  # run as in a clone
    monkeypatch.chdir(tmp_path)
    run = cli
    for words in commands():
        if words[0] == "serve":
            continue  # runs until stopped; tests/test_serve.py covers it
        result = run(*words)  # type: ignore[operator]
        assert isinstance(result, CliResult)
        assert result.code == 0, (words, result.err)
    assert (tmp_path / "my-blog/content/posts/what-does-dropout-do.qmd").is_file()
    assert (tmp_path / "my-blog/site/index.html").is_file()
    assert (tmp_path / "site/index.html").is_file()  # the sample blog, built


def test_the_skipped_test_explains_itself() -> None:
    source = (REPO / "tests/test_parse.py").read_text(encoding="utf-8")
    reason = re.search(r'reason="(.*?)"\s*"(.*?)"', source, re.S)
    assert reason is not None
    text = reason.group(1) + reason.group(2)
    assert "real posts" in text and "content/" in text
