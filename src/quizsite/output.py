"""Write the rendered site: into a staging folder first, swapped in only when complete."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import UsageError

# Present in every folder quizsite writes; without it we never delete or overwrite a folder.
MARKER = ".quizsite-output"


def check_output_dir(output: Path, root: Path, content_dir: Path) -> None:
    """Refuse output folders where writing could destroy the author's files."""
    out, site_root, content = output.resolve(), root.resolve(), content_dir.resolve()
    if out == site_root:
        raise UsageError(f"refusing to write the site into the site root itself ({output})")
    if out in site_root.parents:
        raise UsageError(f"refusing to write the site into {output}: it contains the site root")
    if out == content or content in out.parents:
        raise UsageError(f"refusing to write the site inside content/ ({output})")
    if out.exists() and not out.is_dir():
        raise UsageError(f"the output path {output} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"refusing to overwrite {output}: it is not empty and was not written by quizsite "
            f"(no {MARKER} file). Choose another folder with -o, or empty this one."
        )


def _scratch(output: Path, what: str) -> Path:
    """A sibling folder of the output, so the final rename stays on one file system."""
    return output.parent / f".{output.name}.{what}"


def write_site(output: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> int:
    """Write `files` (path -> bytes) and `copies` (path -> source file); return the file count."""
    staging = _scratch(output, "staging")
    _remove_own(staging)
    staging.mkdir(parents=True)
    try:
        made: set[Path] = set()
        for rel, data in files.items():
            target = staging / rel
            _ensure_parent(target, made)
            target.write_bytes(data)
        for rel, source in copies.items():
            target = staging / rel
            _ensure_parent(target, made)
            shutil.copyfile(source, target)
        (staging / MARKER).write_text(
            "This folder is written by quizsite; it is replaced on each build.\n"
        )
        _swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files) + len(copies)


def update_site(
    output: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    removed: Iterable[str],
) -> None:
    """Apply a small change in place: each file replaced atomically, stale files deleted.

    Watch mode uses this between full builds; the dev server holds requests meanwhile, so a
    reader never sees a mix of old and new pages.
    """
    made: set[Path] = set()
    contents: list[tuple[str, bytes | Path]] = [*files.items(), *copies.items()]
    for rel, content in contents:
        _replace_file(output / rel, made, content)
    for rel in removed:
        target = output / rel
        target.unlink(missing_ok=True)
        _prune_empty_parents(target.parent, output)


def _replace_file(target: Path, made: set[Path], content: bytes | Path) -> None:
    """Write (bytes) or copy (a path) through a temporary sibling and rename, never half-seen."""
    _ensure_parent(target, made)
    tmp = target.with_name(f".{target.name}.quizsite-tmp")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            shutil.copyfile(content, tmp)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _prune_empty_parents(folder: Path, output: Path) -> None:
    """Remove folders left empty by a deleted page (posts/<old-slug>/), up to the output."""
    while folder != output and output in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _ensure_parent(target: Path, made: set[Path]) -> None:
    parent = target.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made.add(parent)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with `staging`; if the second rename fails, put the old site back."""
    old = _scratch(output, "old")
    _remove_own(old)
    had_output = output.exists()
    if had_output:
        output.replace(old)
    try:
        staging.replace(output)
    except BaseException:
        if had_output:
            old.replace(output)
        raise
    if had_output:
        shutil.rmtree(old, ignore_errors=True)


def _remove_own(folder: Path) -> None:
    """Delete a scratch folder left by an interrupted build (its dotted name is quizsite's)."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
