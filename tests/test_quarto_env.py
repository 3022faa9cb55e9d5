"""Quarto's `_environment` files: `NAME=value` lines setting a render's environment variables
where the environment has none (`_environment.local` over `_environment-PROFILE` over
`_environment`), read by `{{< env NAME >}}`, and naming the profiles (`QUARTO_PROFILE`); the
process's own environment is never changed, a bad line is a warning at its file and line, and
an edit of any of them is seen by the CLI's rebuild and by a watch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CliResult, post_body, quarto_blog, wait_for
from test_watch import Recorder

from quizsite.build import build
from quizsite.config import load_config
from quizsite.quarto_env import file_environment, parse_dotenv
from quizsite.watch import Watcher, is_input

POST = "---\ntitle: First\ndate: 2026-06-25\n---\n\nServer: {{< env DATA_SERVER >}}.\n"
PROFILED = (
    "project:\n  type: website\nwebsite:\n  title: Notes\nprofile:\n  group:\n    - [basic, pro]\n"
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No profile or variable the tests use comes from the environment they run in."""
    for name in ("QUARTO_PROFILE", "DATA_SERVER", "QS_TEST_HOME"):
        monkeypatch.delenv(name, raising=False)


def _blog(root: Path, **files: str) -> Path:
    """A Quarto blog with one post reading `{{< env DATA_SERVER >}}`, and `files`."""
    return quarto_blog(root, {"posts/first/index.qmd": POST, **files})


def _page(blog: Path) -> str:
    return post_body(blog / "site/posts/first/index.html")


def test_env_reads_the_environment_file(tmp_path: Path) -> None:
    blog = _blog(tmp_path / "blog", _environment="# the data\nDATA_SERVER=https://data.example\n")
    result = build(blog, blog / "site")
    assert "Server: https://data.example." in _page(blog)
    assert not [d for d in result.warnings if "_environment" in d.format()]
    assert "DATA_SERVER" not in os.environ  # the values are passed, never set


def test_a_real_environment_variable_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_SERVER", "from-the-shell")
    blog = _blog(tmp_path / "blog", _environment="DATA_SERVER=from-the-file\n")
    build(blog, blog / "site")
    assert "Server: from-the-shell." in _page(blog)


def test_local_over_profile_over_base_and_the_profile_from_the_file(tmp_path: Path) -> None:
    """`QUARTO_PROFILE` in `_environment` picks the profile (its `_quarto-pro.yml` merged, its
    `_environment-pro` read), and `_environment.local` wins over both files."""
    blog = _blog(
        tmp_path / "blog",
        **{
            "_quarto.yml": PROFILED,
            "_quarto-pro.yml": "website:\n  title: Pro Notes\n",
            "_environment": "QUARTO_PROFILE=pro\nDATA_SERVER=base\nQS_TEST_HOME=base\n",
            "_environment-pro": "DATA_SERVER=pro\nQS_TEST_HOME=pro\n",
            "_environment.local": "QS_TEST_HOME=local\n",
        },
    )
    (blog / "posts/first/index.qmd").write_text(
        POST + "\nHome {{< env QS_TEST_HOME >}}, profile {{< env QUARTO_PROFILE >}}.\n"
    )
    config = load_config(blog)
    assert config.profiles == ("pro",) and config.title == "Pro Notes"
    build(blog, blog / "site")
    body = _page(blog)
    assert "Server: pro." in body
    assert "Home local, profile pro." in body


def test_the_environment_s_profile_wins_over_the_file_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUARTO_PROFILE", "basic")
    blog = _blog(
        tmp_path / "blog",
        **{
            "_quarto.yml": PROFILED,
            "_environment": "QUARTO_PROFILE=pro\n",
            "_environment-basic": "DATA_SERVER=basic\n",
            "_environment-pro": "DATA_SERVER=pro\n",
        },
    )
    assert load_config(blog).profiles == ("basic",)
    build(blog, blog / "site")
    assert "Server: basic." in _page(blog)


def test_the_local_file_s_profile_wins_over_the_project_s(tmp_path: Path) -> None:
    blog = _blog(
        tmp_path / "blog",
        **{
            "_quarto.yml": PROFILED,
            "_environment": "QUARTO_PROFILE=basic\n",
            "_environment.local": "QUARTO_PROFILE=pro\n",
        },
    )
    assert load_config(blog).profiles == ("pro",)


def test_dotenv_lines_as_quarto_reads_them() -> None:
    text = (
        "export A=1\n"
        "B = two words  # a comment\n"
        "C='single $A'\n"
        'D="double $A\\n${B}"\n'
        "E=${MISSING:-fallback}\n"
        'F="spans\nlines"\n'
        "A=again\n"
    )
    found = parse_dotenv(text, "_environment")
    assert dict(found.values) == {
        "A": "again",
        "B": "two words",
        "C": "single $A",
        "D": "double $A\n${B}",  # std/dotenv expands only unquoted values
        "E": "fallback",
        "F": "spans\nlines",
    }
    assert found.problems == ()


def test_a_malformed_line_is_a_warning_at_its_line(tmp_path: Path) -> None:
    blog = _blog(
        tmp_path / "blog",
        _environment='DATA_SERVER=ok\nthis is no setting\n1BAD=x\nQ="unclosed\n',
    )
    assert file_environment(blog, ()).values == {"DATA_SERVER": "ok"}
    result = build(blog, blog / "site")
    shown = [d.format() for d in result.warnings]
    assert any(s.startswith("_environment:2: warning: not a NAME=value line") for s in shown)
    assert any(s.startswith("_environment:3: warning: '1BAD' is not") for s in shown)
    assert any(s.startswith("_environment:4: warning: Q's value has no closing") for s in shown)
    assert "Server: ok." in _page(blog)


def test_an_unset_variable_is_a_warning_and_a_fallback_is_used(tmp_path: Path) -> None:
    blog = _blog(tmp_path / "blog")
    (blog / "posts/first/index.qmd").write_text(POST + "\nOr {{< env QS_TEST_HOME nowhere >}}.\n")
    result = build(blog, blog / "site")
    assert "Or nowhere." in _page(blog)
    assert any("'DATA_SERVER' is not set" in d.message for d in result.warnings)


def test_environment_files_are_watched_inputs(tmp_path: Path) -> None:
    for name in ("_environment", "_environment.local", "_environment-pro"):
        assert is_input(tmp_path / name, tmp_path)
    assert not is_input(tmp_path / "_environment.required", tmp_path)


@pytest.mark.parametrize("name", ["_environment", "_environment.local", "_environment-pro"])
def test_the_cli_rebuilds_after_an_edit_of_an_environment_file(
    tmp_path: Path, cli: Callable[..., CliResult], name: str
) -> None:
    files = {"_quarto.yml": PROFILED, name: "DATA_SERVER=first\n"}
    if name == "_environment-pro":  # the profile named, its file read
        files["_environment"] = "QUARTO_PROFILE=pro\n"
    blog = _blog(tmp_path / "blog", **files)
    assert cli("build", blog).code == 0
    assert "Server: first." in _page(blog)
    assert "up to date" in cli("build", blog).out
    (blog / name).write_text("DATA_SERVER=second\n")
    result = cli("build", blog)
    assert result.code == 0 and "up to date" not in result.out
    assert "Server: second." in _page(blog)


def test_the_cli_rebuilds_when_the_environment_file_names_another_profile(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    blog = _blog(
        tmp_path / "blog",
        **{"_quarto.yml": PROFILED, "_quarto-pro.yml": "website:\n  title: Pro Notes\n"},
    )
    assert cli("build", blog).code == 0
    assert "Pro Notes" not in (blog / "site/index.html").read_text()
    (blog / "_environment").write_text("QUARTO_PROFILE=pro\n")
    result = cli("build", blog)
    assert result.code == 0 and "up to date" not in result.out
    assert "Pro Notes" in (blog / "site/index.html").read_text()


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[Path]:
    blog = _blog(tmp_path / "blog", _environment="DATA_SERVER=first\n")
    watcher = Watcher(blog, None, listener=Recorder())  # what `quizsite serve` runs
    assert watcher.start().result is not None
    yield blog
    watcher.stop()


def test_serve_rebuilds_after_an_edit_of_an_environment_file(watched: Path) -> None:
    blog = watched
    page = blog / "site/posts/first/index.html"
    assert "Server: first." in page.read_text()
    (blog / "_environment").write_text("DATA_SERVER=second\n")
    wait_for(lambda: "Server: second." in page.read_text(), "the value from the edited file")
    (blog / "_environment.local").write_text("DATA_SERVER=third\n")
    wait_for(lambda: "Server: third." in page.read_text(), "the value from the new local file")


def test_when_profile_sees_the_profile_the_environment_file_names(tmp_path: Path) -> None:
    blog = _blog(
        tmp_path / "blog",
        **{"_quarto.yml": PROFILED, "_environment.local": "QUARTO_PROFILE=pro\n"},
    )
    (blog / "posts/first/index.qmd").write_text(
        "---\ntitle: First\ndate: 2026-06-25\n---\n\n"
        '::: {.content-visible when-profile="pro"}\nFor pro readers.\n:::\n\n'
        '::: {.content-visible when-profile="basic"}\nFor basic readers.\n:::\n'
    )
    build(blog, blog / "site")
    body = _page(blog)
    assert "For pro readers." in body and "For basic readers." not in body


def test_an_unclosed_quote_leaves_the_lines_after_it_read() -> None:
    found = parse_dotenv('A="never closed\nB=2\n', "_environment.local")
    assert dict(found.values) == {"B": "2"}
    assert [d.format().split(" warning")[0] for d in found.problems] == ["_environment.local:1:"]
