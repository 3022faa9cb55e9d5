"""Writing the site: staging and swap, the ownership marker, refused output folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import quiz_text, write_tree

from quizsite import output
from quizsite.build import build
from quizsite.errors import UsageError
from quizsite.output import MARKER, check_output_dir, write_site


def test_write_site_writes_files_copies_and_marker(tmp_path: Path) -> None:
    source = write_tree(tmp_path / "src", {"pic.svg": "<svg/>"}) / "pic.svg"
    out = tmp_path / "site"
    count = write_site(
        out, {"index.html": b"<p>hi</p>", "a/b/c.html": b"c"}, {"img/pic.svg": source}
    )
    assert count == 3
    assert (out / "index.html").read_bytes() == b"<p>hi</p>"
    assert (out / "a/b/c.html").read_bytes() == b"c"
    assert (out / "img/pic.svg").read_text() == "<svg/>"
    assert (out / MARKER).is_file()


def test_rebuild_replaces_old_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"old.html": b"old"}, {})
    write_site(out, {"new.html": b"new"}, {})
    assert not (out / "old.html").exists()
    assert (out / "new.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no scratch folders left"


def test_failure_while_writing_leaves_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_site(out, {"index.html": b"previous"}, {})

    def explode(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.shutil, "copyfile", explode)
    with pytest.raises(OSError, match="disk full"):
        write_site(out, {"index.html": b"next"}, {"x.png": tmp_path / "missing"})
    assert (out / "index.html").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftover_staging_from_a_killed_build_is_cleared(tmp_path: Path) -> None:
    stale = tmp_path / ".site.quizsite-staging"
    write_tree(stale, {"half.html": "half", output.SCRATCH_MARKER: ""})
    write_site(tmp_path / "site", {"index.html": b"ok"}, {})
    assert not stale.exists()
    assert (tmp_path / "site/index.html").read_bytes() == b"ok"


@pytest.mark.parametrize(
    ("output_rel", "message"),
    [
        (".", "site root itself"),
        ("content", "inside the content folder content/"),
        ("content/posts/out", "inside the content folder content/"),
        ("..", "contains the site root"),
    ],
)
def test_refuses_dangerous_output_folders(tmp_path: Path, output_rel: str, message: str) -> None:
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text()})
    with pytest.raises(UsageError, match=message):
        check_output_dir(root / output_rel, root, root / "content")


def test_refuses_non_empty_folder_not_written_by_quizsite(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"content/posts/a.qmd": quiz_text(), "site/thesis.tex": "mine"})
    with pytest.raises(UsageError, match="was not written by quizsite"):
        build(root)
    assert (root / "site/thesis.tex").read_text() == "mine"


def test_accepts_empty_folder_and_own_output(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    (root / "site").mkdir()
    build(root)
    build(root)  # now marked as ours
    assert (root / "site" / MARKER).is_file()


def test_refuses_a_file_as_output(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"content/posts/a.qmd": quiz_text(), "site": "a file"})
    with pytest.raises(UsageError, match="is a file"):
        build(root)


def test_in_place_update_overwrites_files_of_any_new_length(tmp_path: Path) -> None:
    out = tmp_path / "site"
    source = write_tree(tmp_path, {"src.svg": "<svg/>"}) / "src.svg"
    write_site(out, {"a.html": b"a longer old text", "b.html": b"old", "gone/x.html": b"x"}, {})
    inode = (out / "a.html").stat().st_ino
    output.update_site(
        out,
        {"a.html": b"short", "b.html": b"a longer new text", "c/d.html": b"new"},
        {"img/pic.svg": source},
        ["gone/x.html"],
        build_id="x",
    )
    assert (out / "a.html").read_bytes() == b"short"  # no old bytes left after the new ones
    assert (out / "b.html").read_bytes() == b"a longer new text"
    assert (out / "c/d.html").read_bytes() == b"new"
    assert (out / "img/pic.svg").read_text() == "<svg/>"
    assert (out / "a.html").stat().st_ino == inode  # written over, not replaced
    assert output.build_id_of(out) == "x"
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.html", "b.html", "c", "img"])


@pytest.mark.parametrize("when", ["copying", "writing", "deleting"])
def test_an_update_failing_midway_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    out = tmp_path / "site"
    source = write_tree(tmp_path, {"src.svg": "<svg/>"}) / "src.svg"
    old = {"a.html": b"old a", "b.html": b"old b", "img/pic.svg": b"<old/>", "x/gone.html": b"x"}
    write_site(out, old, {}, build_id="before")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    if when == "deleting":
        real_unlink = Path.unlink
        calls: list[Path] = []

        def unlink(path: Path, missing_ok: bool = False) -> None:  # the first one is cut short
            calls.append(path)
            if len(calls) == 1:
                raise KeyboardInterrupt
            real_unlink(path, missing_ok=missing_ok)

        monkeypatch.setattr(Path, "unlink", unlink)
    elif when == "writing":
        real = output._overwrite
        count = 0

        def killed_after_two(path: Path, data: bytes) -> None:  # the marker, then one page
            nonlocal count
            count += 1
            if count == 3:
                raise KeyboardInterrupt
            real(path, data)

        monkeypatch.setattr(output, "_overwrite", killed_after_two)
    copies = {
        "img/pic.svg": source if when != "copying" else tmp_path / "gone.svg",
        "new.svg": source,
    }
    with pytest.raises(KeyboardInterrupt if when != "copying" else FileNotFoundError):
        output.update_site(
            out,
            {"a.html": b"new a", "b.html": b"new b", "c/new.html": b"new"},
            copies,
            ["x/gone.html"],
            build_id="after",
        )
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert output.build_id_of(out) == "before"


def test_a_build_after_an_update_that_could_not_be_undone_writes_the_site_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that stays full (or a build killed outright) leaves a half-updated folder whose
    marker names no build: the next build writes the whole site."""
    root = write_tree(tmp_path, {"content/posts/a.qmd": quiz_text(title="Old title")})
    first = build(root)
    post = root / "content/posts/a.qmd"
    post.write_text(quiz_text(title="New title"))
    real = output._overwrite
    count = 0

    def full_after_two(path: Path, data: bytes) -> None:  # the marker, then one page
        nonlocal count
        count += 1
        if count > 2:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(output, "_overwrite", full_after_two)
    with pytest.raises(OSError, match="No space"):
        build(root, previous=first.state, changed={post})
    monkeypatch.undo()
    assert output.build_id_of(first.output) == ""
    again = build(root, previous=first.state, changed={post})
    assert len(again.written) == again.files  # the whole site, not the change alone
    assert "New title" in (again.output / "posts/a/index.html").read_text()
