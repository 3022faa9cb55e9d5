"""The files named like documents that a build does not take: counted by every command-line
build, from a walk of the content folder kept while no file comes or goes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, quiz_text, write_tree

import quizsite.build
from quizsite.skipped import Documents, content_documents, still_found


def _settle(root: Path) -> None:
    """Date every folder under `root` a minute back, as folders long unchanged are."""
    past = time.time() - 60
    for folder, _, _ in os.walk(root):
        os.utime(folder, (past, past))


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The walks the build makes from now on, each by its content folder."""
    walks: list[Path] = []

    def walk(content_dir: Path) -> Documents:
        walks.append(content_dir)
        return content_documents(content_dir)

    monkeypatch.setattr(quizsite.build, "content_documents", walk)
    return walks


def test_a_walk_is_kept_until_a_file_comes_or_goes(
    tmp_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(
        tmp_path / "site",
        {
            "content/posts/a.qmd": quiz_text(title="A", slug="a"),
            "content/posts/b/index.qmd": quiz_text(title="B", slug="b"),
            "content/posts/README.md": "# About these posts\n",
        },
    )
    _settle(root / "content")
    walks = _counted(monkeypatch)
    first = cli("build", root)
    assert first.code == 0, first.err
    assert "Published 2 documents; 1 file named like documents not taken" in first.out
    assert len(walks) == 1

    post = root / "content/posts/a.qmd"
    post.write_text(
        quiz_text(title="A, edited", slug="a"), encoding="utf-8"
    )  # in place: no folder moves
    edited = cli("build", root)
    assert "Published 2 documents; 1 file named like documents not taken" in edited.out
    assert len(walks) == 1  # the last build's walk still holds

    write_tree(root, {"content/posts/_ideas/next.qmd": quiz_text(title="Next", slug="next")})
    post.write_text(quiz_text(title="A, again", slug="a"), encoding="utf-8")
    again = cli("build", root)
    assert "Published 2 documents; 2 files named like documents not taken" in again.out
    assert len(walks) == 2  # a folder came: its parent's time moved


def test_a_folder_changed_within_the_last_moments_is_walked_again(tmp_path: Path) -> None:
    """A file added in the tick of the walk may leave its folder's time as it was: a folder
    that recent is not trusted to hold."""
    root = write_tree(tmp_path / "site", {"content/posts/a.qmd": quiz_text()})
    _settle(root / "content")
    assert still_found(content_documents(root / "content"))
    (root / "content/posts/b.qmd").write_text(quiz_text(), encoding="utf-8")
    found = content_documents(root / "content")
    assert [path for path, _ in found.files] == [
        str(root / "content/posts/a.qmd"),
        str(root / "content/posts/b.qmd"),
    ]
    assert not still_found(found)  # content/posts/ moved just now


def test_a_folder_gone_is_noticed(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "site", {"content/posts/x/index.qmd": quiz_text()})
    _settle(root / "content")
    found = content_documents(root / "content")
    assert still_found(found)
    (root / "content/posts/x/index.qmd").unlink()
    (root / "content/posts/x").rmdir()
    assert not still_found(found)
