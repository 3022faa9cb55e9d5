"""Nothing is lost: no reading outside the site, whole outputs whatever interrupts a build, one
build at a time, and output folders that could hold the author's files refused."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult, quiz_text, wait_for, write_tree

from quizsite import lock, output
from quizsite.build import build
from quizsite.errors import BuildFailed, Diagnostic, UsageError
from quizsite.lock import LOCK_NAME, site_lock
from quizsite.output import MARKER
from quizsite.sources import SourceFile, read_source, scan_content

SECRET = "the author's private notes"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, but the marker (it names the build)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def failure_lines(root: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        build(root)
    return [d.format() for d in failure.value.diagnostics]


# ------------------------------------------------------------------------------------------------
# Reading never follows a link out of the site.


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A site with one post, beside an outside folder holding a post and a private file."""
    write_tree(
        tmp_path / "outside",
        {
            "secret.qmd": quiz_text(title=SECRET),
            "posts/other.qmd": quiz_text(title=SECRET),
            "notes.txt": SECRET,
        },
    )
    return write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text()})


def assert_not_published(tmp_path: Path) -> None:
    """No file the build wrote (anything in the site folder but content/) holds the secret."""
    blog = tmp_path / "blog"
    for path in blog.rglob("*"):
        written = path.relative_to(blog).parts[0] != "content" and not path.is_symlink()
        if written and path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_post_linked_from_outside_the_site_is_not_read(tmp_path: Path, blog: Path) -> None:
    (blog / "content/posts/s.qmd").symlink_to(tmp_path / "outside/secret.qmd")
    real = (tmp_path / "outside/secret.qmd").resolve()
    assert failure_lines(blog) == [
        f"content/posts/s.qmd:1: error: symbolic link to a file outside the site ({real}); "
        "it was not read\n"
        "  hint: copy it into the site folder: a build reads nothing from outside the site"
    ]
    assert_not_published(tmp_path)


def test_a_folder_linked_from_outside_the_site_is_not_read(tmp_path: Path, blog: Path) -> None:
    (blog / "content/posts/more").symlink_to(tmp_path / "outside/posts", target_is_directory=True)
    real = (tmp_path / "outside/posts").resolve()
    assert failure_lines(blog) == [
        f"content/posts/more: error: symbolic link to a folder outside the site ({real}); "
        "nothing in it was read\n"
        "  hint: copy it into the site folder: a build reads nothing from outside the site"
    ]
    assert_not_published(tmp_path)


def test_an_asset_linked_from_outside_the_site_is_not_copied(tmp_path: Path, blog: Path) -> None:
    write_tree(blog, {"content/posts/f/index.qmd": quiz_text()})
    (blog / "content/posts/f/data.txt").symlink_to(tmp_path / "outside/notes.txt")
    real = (tmp_path / "outside/notes.txt").resolve()
    assert [line.splitlines()[0] for line in failure_lines(blog)] == [
        f"content/posts/f/data.txt:1: error: symbolic link to a file outside the site ({real}); "
        "it was not read"
    ]
    assert_not_published(tmp_path)


def test_links_that_stay_inside_the_site_are_followed(blog: Path) -> None:
    write_tree(
        blog,
        {
            "shared/linked.qmd": quiz_text(title="Linked file"),
            "shared/folder/post.qmd": quiz_text(title="In a linked folder"),
        },
    )
    (blog / "content/posts/linked.qmd").symlink_to(Path("../../shared/linked.qmd"))
    (blog / "content/posts/more").symlink_to(Path("../../shared/folder"), target_is_directory=True)

    build(blog)

    assert "Linked file" in (blog / "site/posts/linked/index.html").read_text()
    assert "In a linked folder" in (blog / "site/posts/post/index.html").read_text()


def test_a_configured_content_folder_is_guarded_too(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "quizsite.toml": 'content_dir = "blog/posts"\n',
            "blog/posts/a.qmd": quiz_text(),
            "shared/b.qmd": quiz_text(title="Shared"),
        },
    )
    write_tree(tmp_path / "outside", {"c.qmd": quiz_text(title=SECRET)})
    (root / "blog/posts/b.qmd").symlink_to(root / "shared/b.qmd")
    (root / "blog/posts/c.qmd").symlink_to(tmp_path / "outside/c.qmd")
    found = {p.path.name: p for p in scan_content(root / "blog/posts", root)}
    assert isinstance(read_source(found["b.qmd"], root), SourceFile)
    problem = read_source(found["c.qmd"], root)
    assert isinstance(problem, Diagnostic)
    assert problem.format().startswith("blog/posts/c.qmd:1: error: symbolic link to a file outside")


def test_a_nested_content_folder_may_link_anywhere_in_the_site(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "quizsite.toml": 'content_dir = "blog/posts"\n',
            "blog/posts/a.qmd": quiz_text(),
            "shared/b.qmd": quiz_text(title="Shared"),
        },
    )
    (root / "blog/posts/b.qmd").symlink_to(root / "shared/b.qmd")
    build(root)
    assert "Shared" in (root / "site/posts/b/index.html").read_text()


def test_a_link_loop_ends(blog: Path) -> None:
    (blog / "content/posts/loop").symlink_to(Path(".."), target_is_directory=True)
    (blog / "content/posts/self").symlink_to(Path(), target_is_directory=True)
    result = build(blog)
    assert sorted(p for p in result.written if p.startswith("posts/")) == ["posts/a/index.html"]


def test_a_broken_link_is_an_error_not_a_crash(blog: Path) -> None:
    (blog / "content/posts/gone.qmd").symlink_to(blog / "nowhere.qmd")
    assert [line.splitlines()[0] for line in failure_lines(blog)] == [
        f"content/posts/gone.qmd:1: error: broken symbolic link (to {blog / 'nowhere.qmd'})"
    ]


def test_a_static_file_linked_from_outside_is_not_published(tmp_path: Path, blog: Path) -> None:
    (blog / "static").mkdir()
    (blog / "static/notes.txt").symlink_to(tmp_path / "outside/notes.txt")
    with contextlib.suppress(BuildFailed):
        build(blog)
    assert_not_published(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_named_like_a_post_does_not_hang_the_build(blog: Path) -> None:
    os.mkfifo(blog / "content/posts/pipe.qmd")
    done = subprocess.run(
        [sys.executable, "-m", "quizsite", "build", str(blog)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/posts/pipe.qmd:1: error: this is not a regular file"
    )


# ------------------------------------------------------------------------------------------------
# An interrupted build leaves the previous output whole.


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A site built once, then edited so that the next build changes every page."""
    root = write_tree(
        tmp_path / "blog",
        {f"content/posts/p{i}.qmd": quiz_text(title=f"Old {i}", tags="old") for i in range(12)},
    )
    build(root)
    for i in range(12):
        (root / f"content/posts/p{i}.qmd").write_text(quiz_text(title=f"New {i}", tags="new"))
    return root


def fail_after(real: Callable[[Path, bytes], object], calls: int, error: BaseException) -> Any:
    """A writer like `real` that works `calls` times, then raises `error` once (a Ctrl-C, or
    a disk full for a moment: an in-place update then puts back what it had written)."""
    count = 0

    def write(path: Path, data: bytes) -> object:
        nonlocal count
        count += 1
        if count == calls + 1:
            raise error
        return real(path, data)

    return write


@pytest.mark.parametrize(
    "error", [OSError(28, "No space left on device"), KeyboardInterrupt()], ids=["disk", "ctrl-c"]
)
@pytest.mark.parametrize("cache", [False, True], ids=["full", "cached"])
def test_writer_failing_midway_leaves_the_previous_site(
    built: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, cache: bool
) -> None:
    if cache:
        build(built, cache=True)  # a cached build: the next one may update in place
        (built / "content/posts/p0.qmd").write_text(quiz_text(title="Newer"))
    before = tree(built / "site")
    # A whole site is written file by file into a staging folder; a change, over the files.
    if cache:
        monkeypatch.setattr(output, "_overwrite", fail_after(output._overwrite, 5, error))
    else:
        monkeypatch.setattr(output, "write_new", fail_after(output.write_new, 5, error))
    with pytest.raises(type(error)):
        build(built, cache=cache)
    monkeypatch.undo()

    assert tree(built / "site") == before
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".site")) == []


def test_failing_swap_puts_the_previous_site_back(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(built / "site")
    real = Path.replace

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.name.endswith(".quizsite-staging"):
            raise OSError(5, "Input/output error")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(OSError, match="Input/output"):
        build(built)
    monkeypatch.undo()
    assert tree(built / "site") == before


def test_a_build_killed_between_the_two_renames_is_recovered(built: Path) -> None:
    """Killed after the old site was renamed away, before the new one took its place."""
    before = tree(built / "site")
    (built / "site").replace(built / ".site.quizsite-old")
    (built / "content/posts/p0.qmd").write_text("---\ntitle: broken\n")
    with pytest.raises(BuildFailed):
        build(built)
    assert tree(built / "site") == before


POSTS = 300


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], Path]:
    """A 300-post site built once (old), with posts edited since, and the new site for reference."""
    root = tmp_path_factory.mktemp("big") / "blog"
    long_text = " ".join(["words to make the pages weigh something"] * 40)
    write_tree(
        root,
        {
            f"content/posts/p{i:03}.qmd": quiz_text(
                title=f"Old {i}", tags=f"old, t{i % 17}", question=long_text
            )
            for i in range(POSTS)
        },
    )
    build(root)
    old = tree(root / "site")
    for i in range(POSTS):
        (root / f"content/posts/p{i:03}.qmd").write_text(
            quiz_text(title=f"New {i}", tags=f"new, t{i % 13}", question=long_text)
        )
    reference = root.parent / "reference"
    build(root, reference)
    return root, old, reference


def restore(root: Path, files: dict[str, bytes]) -> None:
    """Put the old site back in place, as the previous build left it."""
    for leftover in (root / "site", root / ".site.quizsite-staging", root / ".site.quizsite-old"):
        shutil.rmtree(leftover, ignore_errors=True)
    write_tree(root / "site", files)
    (root / "site" / MARKER).write_text("")
    shutil.rmtree(root / ".quizsite-cache", ignore_errors=True)


@pytest.fixture
def started_build(
    big_site: tuple[Path, dict[str, bytes], Path],
) -> Iterator[subprocess.Popen[bytes]]:
    root, old, _ = big_site
    restore(root, old)
    process = subprocess.Popen(
        [sys.executable, "-m", "quizsite", "build", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own group, so its parsing workers die with it
    )
    yield process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def staging_has(root: Path, files: int) -> Callable[[], bool]:
    def check() -> bool:
        staging = root / ".site.quizsite-staging"
        return staging.is_dir() and sum(1 for _ in staging.rglob("*")) >= files

    return check


@pytest.mark.parametrize(
    "when",
    ["0.05 s", "0.2 s", "0.5 s", "staging begun", "staging half written", "finished"],
)
def test_a_build_killed_at_any_moment_leaves_old_or_new_never_a_mix(
    big_site: tuple[Path, dict[str, bytes], Path],
    started_build: subprocess.Popen[bytes],
    when: str,
) -> None:
    root, old, reference = big_site
    new = tree(reference)
    if when == "finished":
        assert started_build.wait(timeout=120) == 0
    elif when.endswith(" s"):
        with contextlib.suppress(subprocess.TimeoutExpired):
            started_build.wait(timeout=float(when.split()[0]))
    else:
        wait_for(staging_has(root, 1 if when == "staging begun" else len(new) // 2), f"{when}")
    if started_build.poll() is None:
        os.killpg(started_build.pid, signal.SIGKILL)
    started_build.wait()

    site = root / "site"
    if site.is_dir():
        after = tree(site)
        assert after in (old, new), "the output is a mix of two builds"
    else:
        # Killed between the two renames of the swap: the old site waits beside, whole.
        assert tree(root / ".site.quizsite-old") == old

    if when == "staging half written":  # the next build cleans up after the killed one
        build(root, cache=True)
        assert tree(site) == new
        assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


# ------------------------------------------------------------------------------------------------
# One build at a time.

LOCKED = (
    "another quizsite build is running on this site (lock: {}); wait for it or remove the lock file"
)


def test_the_lock_excludes_a_second_holder_until_released(tmp_path: Path) -> None:
    with site_lock(tmp_path) as path:
        assert path == tmp_path / LOCK_NAME
        with pytest.raises(UsageError) as refusal, site_lock(tmp_path, timeout=0.05):
            pass
        assert str(refusal.value) == LOCKED.format(path)
    with site_lock(tmp_path, timeout=0):
        pass
    assert path.is_file(), "the lock file stays; only the lock is released"


def _lock_holder(root: Path) -> subprocess.Popen[str]:
    """Another process holding the site's lock until its stdin closes (it prints "locked")."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from quizsite.lock import site_lock\n"
            f"with site_lock(Path({str(root)!r})):\n"
            "    print('locked', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_waiting_build_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    holder = _lock_holder(tmp_path)
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline() == "locked\n"
    waiting = threading.Event()
    acquired = threading.Event()

    def wait_for_lock() -> None:
        waiting.set()
        with site_lock(tmp_path, timeout=30):
            acquired.set()

    waiter = threading.Thread(target=wait_for_lock)
    waiter.start()
    wait_for(waiting.is_set, "the second build to start waiting")
    with pytest.raises(UsageError), site_lock(tmp_path, timeout=0):  # the holder still has it
        pass
    assert not acquired.is_set()
    holder.stdin.close()  # the holder finishes
    holder.wait()
    waiter.join(timeout=30)
    assert acquired.is_set()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    holder = _lock_holder(tmp_path)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    with pytest.raises(UsageError), site_lock(tmp_path, timeout=0):
        pass
    holder.kill()
    holder.wait()
    with site_lock(tmp_path, timeout=5):
        pass


def test_without_fcntl_the_lock_does_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "fcntl", None)
    with site_lock(tmp_path), site_lock(tmp_path, timeout=0):
        pass
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_build_started_while_another_runs_is_refused(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    monkeypatch.setattr(lock, "DEFAULT_TIMEOUT", 0.05)
    with site_lock(tmp_path) as path:
        result = cli("build", tmp_path)
    assert (result.code, result.err) == (2, f"quizsite: error: {LOCKED.format(path)}\n")
    assert not (tmp_path / "site").exists()


# ------------------------------------------------------------------------------------------------
# Output folders (tests/test_output.py has the site root, content/, a parent, a file, and a
# non-empty folder that is not ours).


def test_links_to_the_site_root_or_content_are_refused(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text()})
    (tmp_path / "to-root").symlink_to(root, target_is_directory=True)
    (tmp_path / "to-content").symlink_to(root / "content", target_is_directory=True)
    with pytest.raises(UsageError, match="site root itself"):
        build(root, tmp_path / "to-root")
    with pytest.raises(UsageError, match="inside the content folder"):
        build(root, tmp_path / "to-content")
    with pytest.raises(UsageError, match="site root itself"):
        build(root, root / "content" / "..")
    assert sorted(p.name for p in root.iterdir()) == ["content"]


def test_an_output_outside_the_site_given_explicitly_is_fine(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text()})
    build(root, tmp_path / "elsewhere/deeper/out")
    assert (tmp_path / "elsewhere/deeper/out/posts/a/index.html").is_file()
    assert not (root / "site").exists()


@pytest.mark.parametrize("folder", ["static", "static/sub", "themes/mine"])
def test_an_output_inside_an_input_folder_is_refused(tmp_path: Path, folder: str) -> None:
    root = write_tree(tmp_path / "blog", {"content/posts/a.qmd": quiz_text()})
    (root / folder).mkdir(parents=True)
    with pytest.raises(UsageError):
        build(root, root / folder)
