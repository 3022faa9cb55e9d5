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
    stale = tmp_path / ".site.staging"
    write_tree(stale, {"half.html": "half"})
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


def test_in_place_update_interrupted_while_applying_is_finished_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_site(out, {"a.html": b"old a", "b.html": b"old b", "gone.html": b"x"}, {})
    real_apply = output._apply

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # stands in for the process dying after the journal was written

    monkeypatch.setattr(output, "_apply", killed)
    with pytest.raises(KeyboardInterrupt):
        output.update_site(
            out, {"a.html": b"new a", "b.html": b"new b"}, {}, ["gone.html"], build_id="x"
        )
    assert (out / output.JOURNAL).is_file()
    assert (out / "a.html").read_bytes() == b"old a"  # nothing applied yet: still the old site
    monkeypatch.setattr(output, "_apply", real_apply)
    output.recover(out)
    assert (out / "a.html").read_bytes() == b"new a"
    assert (out / "b.html").read_bytes() == b"new b"
    assert not (out / "gone.html").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.html", "b.html"])


def test_failure_before_the_journal_is_whole_leaves_the_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    source = write_tree(tmp_path, {"src.svg": "<svg/>"}) / "src.svg"
    write_site(out, {"a.html": b"old a"}, {})

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError, match="No space"):
        output.update_site(out, {"a.html": b"new a"}, {"pic.svg": source}, [], build_id="x")
    assert (out / "a.html").read_bytes() == b"old a"
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.html"])


def test_in_place_update_overwrites_files_of_any_new_length(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"a.html": b"a longer old text", "b.html": b"old"}, {})
    inode = (out / "a.html").stat().st_ino
    output.update_site(
        out, {"a.html": b"short", "b.html": b"a longer new text", "c/d.html": b"new"}, {}, [],
        build_id="x",
    )  # fmt: skip
    assert (out / "a.html").read_bytes() == b"short"  # no old bytes left after the new ones
    assert (out / "b.html").read_bytes() == b"a longer new text"
    assert (out / "c/d.html").read_bytes() == b"new"
    assert (out / "a.html").stat().st_ino == inode  # written over, not replaced
    assert output.build_id_of(out) == "x"
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.html", "b.html", "c"])


def test_in_place_update_killed_midway_through_applying_is_finished_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    source = write_tree(tmp_path, {"src.svg": "<svg/>"}) / "src.svg"
    write_site(out, {"a.html": b"old a", "b.html": b"old b", "gone.html": b"x"}, {})
    real = output._overwrite
    done: list[Path] = []

    def killed_after_one(path: Path, data: bytes) -> None:
        if done:
            raise KeyboardInterrupt
        real(path, data)
        done.append(path)

    monkeypatch.setattr(output, "_overwrite", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        output.update_site(
            out,
            {"a.html": b"new a", "b.html": b"new b, longer"},
            {"pic.svg": source},
            ["gone.html"],
            build_id="x",
        )
    assert (out / "a.html").read_bytes() == b"new a"
    assert (out / "b.html").read_bytes() == b"old b"  # half done: the journal tells the rest
    monkeypatch.undo()
    output.recover(out)
    assert (out / "a.html").read_bytes() == b"new a"
    assert (out / "b.html").read_bytes() == b"new b, longer"
    assert (out / "pic.svg").read_text() == "<svg/>"
    assert not (out / "gone.html").exists()
    assert output.build_id_of(out) == "x"
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.html", "b.html", "pic.svg"])


def test_a_journal_cut_short_is_dropped_and_nothing_applied(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"a.html": b"old a"}, {})
    header = b'{"writes": [["a.html", 5]], "removed": ["a.html"]}'
    for journal in (header[:20], header + b"\nne"):  # killed while it was written
        (out / output.JOURNAL).write_bytes(journal)
        output.recover(out)
        assert (out / "a.html").read_bytes() == b"old a"
        assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.html"])


def test_recovery_skips_a_copy_whose_source_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal naming a file deleted since is still applied (the next build removes the
    copy), rather than failing every build from then on."""
    out = tmp_path / "site"
    source = write_tree(tmp_path, {"src.svg": "<svg/>"}) / "src.svg"
    write_site(out, {"a.html": b"old a"}, {})

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "_apply", killed)
    with pytest.raises(KeyboardInterrupt):
        output.update_site(out, {"a.html": b"new a"}, {"pic.svg": source}, [], build_id="x")
    monkeypatch.undo()
    source.unlink()
    output.recover(out)
    assert (out / "a.html").read_bytes() == b"new a"
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a.html"])
