"""Write the rendered site: into a staging folder first, swapped in only when complete."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import BinaryIO

from .errors import UsageError
from .lock import output_lock

# Present in every folder quizsite writes; without it we never delete or overwrite a folder.
MARKER = ".quizsite-output"
MARKER_TEXT = "This folder is written by quizsite; it is replaced on each build. Build: "
# In every scratch folder quizsite makes (a staging folder, before anything else goes in): a
# folder with neither marker is never deleted, whatever its name.
SCRATCH_MARKER = ".quizsite-scratch"
# Scratch folders made inside the output, when it cannot be renamed (a mount point) or its
# parent cannot be written: see `write_site`.
INSIDE_STAGING = ".quizsite-staging"
INSIDE_OLD = ".quizsite-old"
_INSIDE = (INSIDE_STAGING, INSIDE_OLD)


def check_output_dir(output: Path, root: Path, content_dir: Path) -> None:
    """Refuse output folders where writing could destroy the author's files."""
    out, site_root, content = output.resolve(), root.resolve(), content_dir.resolve()
    if out == site_root:
        raise UsageError(f"refusing to write the site into the site root itself ({output})")
    if out in site_root.parents:
        raise UsageError(f"refusing to write the site into {output}: it contains the site root")
    if out == content or content in out.parents:
        raise UsageError(
            f"refusing to write the site inside the content folder {content_dir.name}/ ({output})"
        )
    for name in ("static", "themes"):
        folder = site_root / name
        if out == folder or folder in out.parents:
            raise UsageError(
                f"refusing to write the site inside {name}/ ({output}): quizsite reads that "
                "folder, so each build would copy the last one into itself"
            )
    if out.exists() and not out.is_dir():
        raise UsageError(f"the output path {output} is a file, not a folder")
    cache = site_root / ".quizsite-cache"
    if out == cache or cache in out.parents:
        raise UsageError(
            f"refusing to write the site into the build cache ({output}): each build would "
            "publish the cache and then delete it"
        )
    if out.is_dir() and not _replaceable(out):
        raise UsageError(
            f"refusing to overwrite {output}: it is not empty and was not written by quizsite "
            f"(no {MARKER} file). Choose another folder with -o, or empty this one."
        )


def _replaceable(folder: Path) -> bool:
    """Whether a build may replace `folder`: empty, or written by quizsite or by Quarto."""
    return (
        not _has_foreign_files(folder) or (folder / MARKER).is_file() or _written_by_quarto(folder)
    )


# What Quarto writes at the top of a website's output folder (its search index, its listings'
# items, its libraries). A blog that publishes from its committed `docs/` holds Quarto's last
# render there, which `quarto render` replaces as a whole; so does a build.
_QUARTO_OUTPUT = ("search.json", "listings.json", "site_libs")


def _written_by_quarto(folder: Path) -> bool:
    """True when `folder` holds a Quarto website's output."""
    return any((folder / name).exists() for name in _QUARTO_OUTPUT)


def _has_foreign_files(folder: Path) -> bool:
    """True when `folder` holds anything but quizsite's own scratch folders."""
    return any(entry.name not in _INSIDE for entry in folder.iterdir())


def _scratch(output: Path, what: str) -> Path:
    """A sibling folder of the output, so the final rename stays on one file system; its name
    (`.site.quizsite-staging`) is one no person would give a folder of their own."""
    return output.parent / f".{output.name}.quizsite-{what}"


def _stages_inside(output: Path) -> bool:
    """True when the output folder cannot be swapped whole: it is a mount point (a Docker
    volume, a tmpfs: renaming it fails with EBUSY) or its parent is not writable."""
    return output.is_dir() and (
        os.path.ismount(output) or not os.access(output.parent, os.W_OK | os.X_OK)
    )


def write_site(
    output: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    *,
    keep: Iterable[str] = (),
    build_id: str = "",
    fill: Callable[[Path], None] | None = None,
) -> int:
    """Write a whole new site and swap it in (see `_write_site`), one writer at a time."""
    with output_lock(output):
        return _write_site(output, files, copies, keep=keep, build_id=build_id, fill=fill)


def _write_site(
    output: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    *,
    keep: Iterable[str] = (),
    build_id: str = "",
    fill: Callable[[Path], None] | None = None,
) -> int:
    """Write a whole new site and swap it in; returns the number of files in it.

    `files` are written (path -> bytes), `copies` copied (path -> source file), and `keep` names
    files of the current output that did not change: they are hard-linked into the new tree, so
    their modification time (and inode) stay as they were. `fill` writes more files into the
    staging folder (the rendered pages); if it fails, the old site stays.
    """
    inside = _stages_inside(output)
    staging = output / INSIDE_STAGING if inside else _scratch(output, "staging")
    _remove_own(staging)
    staging.mkdir(parents=True)
    try:
        (staging / SCRATCH_MARKER).write_bytes(b"")
        made: set[Path] = set()
        kept = list(keep)
        for rel in kept:
            target = staging / rel
            _ensure_parent(target, made)
            try:
                os.link(output / rel, target)
            except OSError:  # a file system without hard links: copy instead
                shutil.copy2(output / rel, target)
        write_files(staging, files, made)
        for rel, source in copies.items():
            target = staging / rel
            _ensure_parent(target, made)
            shutil.copyfile(source, target)
        if fill is not None:
            fill(staging)
        (staging / MARKER).write_text(f"{MARKER_TEXT}{build_id}\n")
        if inside:
            _swap_contents(staging, output)
        else:
            _swap_in(staging, output)
    except BaseException:
        _remove_tree(staging)
        raise
    return len(files) + len(copies) + len(kept)


def build_id_of(output: Path) -> str:
    """The id of the build that wrote `output` (from its marker), or "" if unknown."""
    try:
        text = (output / MARKER).read_text()
    except OSError:
        return ""
    return text[len(MARKER_TEXT) :].strip() if text.startswith(MARKER_TEXT) else ""


def update_site(
    output: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    removed: Iterable[str],
    *,
    build_id: str,
) -> None:
    """Apply a small change in place (see `_update_site`), one writer at a time."""
    with output_lock(output):
        _update_site(output, files, copies, removed, build_id=build_id)


def _update_site(
    output: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    removed: Iterable[str],
    *,
    build_id: str,
) -> None:
    """Apply a small change in place: files written over, copied and deleted.

    A failure on the way (a full disk, Ctrl-C) puts back each file changed so far, so that a
    failed build leaves the site as it was. Meanwhile the marker names no build, and the new
    build's id is written last: a build killed outright leaves a folder no saved state
    matches, which the next build writes whole. Watch mode holds the dev server's lock
    meanwhile, so no reader sees a mix.
    """
    marker = output / MARKER
    before = marker.read_bytes()
    _overwrite(marker, f"{MARKER_TEXT}\n".encode())
    made: set[Path] = set()
    changed: list[tuple[Path, bytes | None]] = []  # each file touched, and its old bytes

    def change(rel: str, write: Callable[[Path], object]) -> None:
        target = output / rel
        _ensure_parent(target, made)
        changed.append((target, _old_bytes(target)))
        write(target)

    try:
        # Copies first: a source that cannot be read fails the build before a page changes.
        for rel, source in copies.items():
            change(rel, partial(shutil.copyfile, source))
        for rel, data in files.items():
            change(rel, partial(_overwrite, data=data))
        for rel in sorted(removed):
            target = output / rel
            changed.append((target, _old_bytes(target)))
            target.unlink(missing_ok=True)
            _prune_empty_parents(target.parent, output)
    except BaseException:
        with suppress(OSError):  # else the marker naming no build has the next build redo all
            for target, old in reversed(changed):
                if old is None:
                    target.unlink(missing_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _overwrite(target, old)
            _overwrite(marker, before)
        raise
    _overwrite(marker, f"{MARKER_TEXT}{build_id}\n".encode())


def _old_bytes(path: Path) -> bytes | None:
    """A file's bytes before an update changes it (None: it is new)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def recover(output: Path) -> None:
    """Put back a site a killed build had swapped away (between the two renames of a swap)."""
    old = _scratch(output, "old")
    if not output.exists() and (old / MARKER).is_file():
        old.replace(output)


def _overwrite(path: Path, data: bytes) -> None:
    """Write `data` over a file's old bytes (or into a new file). On ext4, writing a new file
    and renaming it over the old one cost several times as much: freeing the old file's blocks
    is the dearest part, and an overwrite of about the same length frees none."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        left = memoryview(data)
        while left:
            left = left[os.write(fd, left) :]
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def write_new(path: str | Path, data: bytes) -> None:
    """Write `data` as the file at `path` (made, or emptied first), by the system's own calls:
    a build writes thousands of files, and Python's buffered file adds a status and a terminal
    query to each one's open, write and close."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        left = memoryview(data)
        while left:
            left = left[os.write(fd, left) :]
    finally:
        os.close(fd)


def _prune_empty_parents(folder: Path, output: Path) -> None:
    """Remove folders left empty by a deleted page (posts/<old-slug>/), up to the output."""
    # A folder may be gone already: an earlier removal of this update (or of the build being
    # recovered) emptied and pruned it.
    while folder != output and output in folder.parents:
        try:
            folder.rmdir()  # only an empty folder goes
        except FileNotFoundError:
            pass
        except OSError:
            return
        folder = folder.parent


def write_files(folder: Path, files: Mapping[str, bytes], made: set[Path] | None = None) -> None:
    """Write each file (path relative to `folder` -> bytes), making folders as needed (`made`:
    those known to exist already)."""
    made = made if made is not None else set()
    for rel, data in files.items():
        target = folder / rel
        _ensure_parent(target, made)
        write_new(target, data)


def _ensure_parent(target: Path, made: set[Path]) -> None:
    parent = target.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made.add(parent)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with `staging`; if the second rename fails, put the old site back."""
    old = _scratch(output, "old")
    _remove_own(old)
    (staging / SCRATCH_MARKER).unlink()  # the folder becomes the output, marked as such
    had_output = output.exists()
    if had_output:
        try:
            output.replace(old)
        except OSError as exc:
            if exc.errno != errno.EBUSY:  # a mount point `_stages_inside` did not see
                raise
            (staging / SCRATCH_MARKER).write_bytes(b"")
            _swap_contents(staging, output)
            return
    try:
        staging.replace(output)
    except BaseException:
        if had_output:
            old.replace(output)
        raise
    if had_output:
        _remove_tree(old)


def _swap_contents(staging: Path, output: Path) -> None:
    """Replace what `output` holds with what `staging` holds, for an output folder that
    cannot be renamed; if a move fails, everything moved so far goes back.

    Meanwhile the marker names no build: a build killed midway leaves a folder no saved state
    matches, which the next build writes whole.
    """
    old = output / INSIDE_OLD
    _remove_own(old)
    old.mkdir()
    (old / SCRATCH_MARKER).write_bytes(b"")
    before = _old_bytes(output / MARKER)
    _overwrite(output / MARKER, f"{MARKER_TEXT}\n".encode())
    moved: list[tuple[Path, Path]] = []  # (from, to) of each move made
    try:
        for entry in sorted(output.iterdir()):
            if entry.name not in (*_INSIDE, MARKER):
                entry.rename(old / entry.name)
                moved.append((entry, old / entry.name))
        for entry in sorted(staging.iterdir()):
            if entry.name not in (SCRATCH_MARKER, MARKER):
                shutil.move(entry, output / entry.name)  # a copy when on another file system
                moved.append((entry, output / entry.name))
        (staging / MARKER).replace(output / MARKER)
    except BaseException:
        with suppress(OSError):
            for source, target in reversed(moved):
                shutil.move(target, source)
            if before is None:
                (output / MARKER).unlink()
            else:
                _overwrite(output / MARKER, before)
            _remove_tree(old)
        raise
    _remove_tree(old)
    _remove_tree(staging)


def _remove_own(folder: Path) -> None:
    """Delete a scratch folder left by an interrupted build, only if quizsite's marker says
    it is quizsite's: a person's folder of the same name is refused, never deleted."""
    try:
        mode = folder.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        if (folder / SCRATCH_MARKER).is_file() or (folder / MARKER).is_file():
            _remove_tree(folder)
            return
        with suppress(OSError):
            folder.rmdir()  # an empty folder (a build killed as it made it) holds nothing
            return
    raise UsageError(
        f"{folder} is in the way of the build's scratch folder and was not made by quizsite "
        f"(no {SCRATCH_MARKER} or {MARKER} file in it); move or rename it"
    )


def _remove_tree(folder: Path) -> None:
    """Delete one of quizsite's own folders, read-only parts included (an output made
    read-only, then swapped away): nothing of a finished build is left behind."""
    shutil.rmtree(folder, ignore_errors=True)
    if not os.path.lexists(folder) or folder.is_symlink():
        return
    with suppress(OSError):
        folder.chmod(0o700)
    for place, folders, _ in os.walk(folder):
        for name in folders:
            with suppress(OSError):
                Path(place, name).chmod(0o700, follow_symlinks=False)
    shutil.rmtree(folder, ignore_errors=True)


def write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a file atomically: a temporary, renamed; a failed write leaves no temporary."""
    temporary = target.with_suffix(".tmp")
    try:
        with temporary.open("wb") as file:
            write(file)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
