"""The files under the content folder named like documents that a build does not take as
documents (what `build` counts and `check` lists), from a walk of the folder that the next
build keeps while no file came or went: a walk costs twice a one-edit build's parse.

A folder's modification time moves whenever an entry is added to it, removed or renamed, so
while every folder walked keeps its time the files found are still there, and no other (a new
folder moves its parent's time).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .intermediates import intermediate_path
from .scan import DOCUMENT_SUFFIXES, INTERMEDIATE_OF, NOT_DOCUMENTS, POST_SUFFIXES

# A folder's time is kept only once it is this old: a file added within the file system's tick
# of the walk may leave the time as it was (as with git's racily clean index).
_SETTLED_NS = 2_000_000_000


class Documents(NamedTuple):
    """The files under a content folder named like documents, each with whether a folder
    named with `_` holds it, and each folder walked with its time (-1: not kept)."""

    files: tuple[tuple[str, bool], ...]
    folders: tuple[tuple[str, int], ...]


def content_documents(content_dir: Path) -> Documents:
    """The files under `content_dir` named like documents, and the times of its folders."""
    files: list[tuple[str, bool]] = []
    folders: list[tuple[str, int]] = []
    settled = time.time_ns() - _SETTLED_NS
    # Plain strings and scandir: the tree may hold thousands of folders.
    pending = [(str(content_dir), False)]
    while pending:
        folder, hidden = pending.pop()
        stamp = _time(folder)  # before the listing: an entry added meanwhile moves it
        folders.append((folder, stamp if stamp < settled else -1))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            name = entry.name
            if entry.is_dir():
                if not name.startswith(".") and not entry.is_symlink():
                    below.append((entry.path, hidden or name.startswith("_")))
            elif name.endswith(DOCUMENT_SUFFIXES):
                files.append((entry.path, hidden))
        pending.extend(reversed(below))
    return Documents(tuple(files), tuple(folders))


def still_found(documents: Documents) -> bool:
    """Whether a walk now would find the very same files: every folder keeps its time."""
    return all(stamp != -1 and _time(folder) == stamp for folder, stamp in documents.folders)


def _time(folder: str) -> int:
    """A folder's modification time, or -1 when it cannot be read."""
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def skipped_documents(
    documents: Documents, published: Iterable[Path], root: Path
) -> list[tuple[str, str]]:
    """The `documents` that were not taken as documents (Quarto skips them too), each with
    the reason, relative to `root`: what `check` lists."""
    taken = {str(p) for p in published}
    found: list[tuple[str, str]] = []
    for path, hidden in documents.files:
        if path not in taken:
            reason = _skipped_reason(os.path.basename(path), path, hidden)
            if reason:
                found.append((Path(path).relative_to(root).as_posix(), reason))
    return found


def _skipped_reason(name: str, path: str, hidden: bool) -> str:
    """Why a file named like a document is not one; empty for a hidden file, not listed."""
    if name in NOT_DOCUMENTS:
        return f"Quarto renders no {name}"
    if (owner := intermediate_path(Path(path))) is not None:
        return f"{INTERMEDIATE_OF} {owner}"
    if hidden or name.startswith("_"):
        return "names starting with _ are not published (Quarto's rule)"
    if name.startswith("."):
        return ""
    if not name.endswith(POST_SUFFIXES):
        return f"{Path(name).suffix} documents are not read"
    return "a file of a folder post, published as it is"
