"""The command line: exit codes, messages, options."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, quiz_text, write_tree

from quizsite import __version__


def test_version(cli: Callable[..., CliResult]) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"quizsite {__version__}"


def test_help_lists_build(cli: Callable[..., CliResult]) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "build" in result.out


def test_build_help_lists_options(cli: Callable[..., CliResult]) -> None:
    result = cli("build", "--help")
    assert result.code == 0
    for option in ("--output", "--base-url", "--drafts", "PATH"):
        assert option in result.out or option.lower() in result.out


def test_unknown_command_is_usage_error(cli: Callable[..., CliResult]) -> None:
    assert cli("frobnicate").code == 2


def test_missing_path_is_usage_error(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("build", tmp_path / "nowhere")
    assert result.code == 2
    assert "is not a folder" in result.err


def test_successful_build_prints_one_line_summary(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    result = cli("build", tmp_path)
    assert result.code == 0
    assert result.err == ""
    # Issue 20: the summary also says how many documents were published.
    assert re.fullmatch(
        r"Built \d+ pages \(\d+ files\) in \d+\.\d\d s into .+\nPublished 1 document\n", result.out
    )
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_site_is_the_same_to_the_cache_however_its_path_is_spelled(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built from inside its folder, then named from outside: nothing to rebuild, and the
    messages name the folders as the command did."""
    write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text()})
    monkeypatch.chdir(tmp_path / "blog")
    first = cli("build")
    assert first.code == 0 and " into site\n" in first.out
    monkeypatch.chdir(tmp_path)
    again = cli("build", "blog", "-o", "blog/site")
    assert again.code == 0
    assert again.out.startswith("Site is up to date") and again.out.endswith(", blog/site)\n")


def test_output_option(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    result = cli("build", tmp_path, "-o", tmp_path / "public")
    assert result.code == 0
    assert (tmp_path / "public" / "posts" / "a" / "index.html").is_file()
    assert not (tmp_path / "site").exists()


def test_drafts_only_with_flag(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    draft = quiz_text(title="Secret").replace("---\n\n", "draft: true\n---\n\n", 1)
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text(), "content/posts/d.qmd": draft})
    assert cli("build", tmp_path).code == 0
    assert not (tmp_path / "site/posts/d").exists()
    assert "Secret" not in (tmp_path / "site/index.html").read_text()
    assert cli("build", tmp_path, "--drafts").code == 0
    assert (tmp_path / "site/posts/d/index.html").is_file()
    assert "Secret" in (tmp_path / "site/index.html").read_text()


def test_base_url_option_prefixes_links(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    assert cli("build", tmp_path, "--base-url", "https://u.github.io/blog/").code == 0
    assert 'href="/blog/posts/a/"' in (tmp_path / "site/index.html").read_text()


def test_invalid_base_url_is_content_error(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    result = cli("build", tmp_path, "--base-url", "ftp:/x")
    assert result.code == 1
    assert "'base_url' must be a full URL" in result.err


def test_warnings_do_not_fail_the_build(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    text = quiz_text() + "\n:::\n"
    write_tree(tmp_path, {"content/posts/a.qmd": text})
    result = cli("build", tmp_path)
    line = text.count("\n", 0, text.rindex(":::")) + 1
    assert result.code == 0
    assert f"content/posts/a.qmd:{line}: warning: closing ::: has no open fenced div" in result.err


def test_an_up_to_date_site_repeats_the_warnings_of_its_build(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A build that finds nothing to do prints the warnings a fresh build prints (the author
    who fixed nothing still sees what to fix), then says the site is up to date; once the
    post is fixed, the warning is gone from both."""
    post = tmp_path / "content/posts/a.qmd"
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text() + "\n:::\n"})
    first = cli("build", tmp_path)
    warning = "content/posts/a.qmd:28: warning: closing ::: has no open fenced div"
    assert first.code == 0 and warning in first.err
    again = cli("build", tmp_path)
    assert again.code == 0 and again.out.startswith("Site is up to date")
    assert again.err == first.err  # the same warnings, hints and all, in the same order
    post.write_text(quiz_text())
    fixed = cli("build", tmp_path)
    assert fixed.code == 0 and fixed.out.startswith("Built") and fixed.err == ""
    quiet = cli("build", tmp_path)
    assert quiet.out.startswith("Site is up to date") and quiet.err == ""


def test_all_errors_reported_at_once(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            # A date is optional (as in Quarto), but one given must be readable.
            "content/posts/a.qmd": "---\ntitle: A\ndate: someday\n---\n",
            "content/posts/b.qmd": "---\ndate: 2024-01-01\n---\n",
        },
    )
    result = cli("build", tmp_path)
    assert result.code == 1
    assert "content/posts/a.qmd:3: error: cannot read the date 'someday'" in result.err
    assert "content/posts/b.qmd:1: error: missing title" in result.err
    assert "Build failed: 2 errors" in result.err


def test_refuses_output_inside_content(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    result = cli("build", tmp_path, "-o", tmp_path / "content" / "out")
    assert result.code == 2
    assert "inside the content folder content/" in result.err


def test_console_script_runs_as_a_module(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    done = subprocess.run(
        [sys.executable, "-m", "quizsite", "build", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built ")
    # The script ends without the interpreter's teardown: what it printed to a pipe, and its
    # exit status, must still come through, for a failure as for a success.
    (tmp_path / "content/posts/a.qmd").write_text("---\ntitle: [unclosed\n---\nBody\n")
    failed = subprocess.run(
        [sys.executable, "-m", "quizsite", "build", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("content/posts/a.qmd:2: error:"), failed.stderr


def test_output_into_a_closed_pipe_ends_without_a_traceback(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    reader, writer = os.pipe()
    os.close(reader)  # like `quizsite build | head -c 0`: nobody reads
    done = subprocess.run(
        [sys.executable, "-m", "quizsite", "build", str(tmp_path)],
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    os.close(writer)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
    assert (tmp_path / "site/index.html").is_file(), "the build itself was done"
