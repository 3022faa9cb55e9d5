"""File stamps: what tells a file's version without reading it (an editor's save changes one);
and digests, what tells it from its bytes.

The build keeps a parse while its post's stamp holds; the build cache's manifest compares the
stamps of every source to tell the command line what changed since the last build.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import cast

# Modification time (ns), size and inode.
Stamp = tuple[int, int, int]


def stamp(path: Path | str) -> Stamp:
    """Modification time, size and inode of a file (of the link itself, when it is broken)."""
    try:  # os.stat takes the scan's text paths as they are: no Path made per file
        info = os.stat(path)  # noqa: PTH116
    except FileNotFoundError:
        info = os.lstat(path)  # a broken link: reading it will say so, at its path
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def stamp_if_there(path: Path | str) -> Stamp | None:
    """The file's stamp, or None when it is gone."""
    try:
        return stamp(path)
    except OSError:
        return None


def source_stamp(path: Path | str, assets: Iterable[Path | str]) -> tuple[object, ...]:
    """A post's stamp covers its folder's files too, since assets are part of the post."""
    return (stamp(path), *((str(a), stamp(a)) for a in assets))


def asset_stamps(source: tuple[object, ...]) -> tuple[tuple[str, Stamp], ...]:
    """The (path as text, stamp) of each asset in a post's `source_stamp`, in order."""
    return cast(tuple[tuple[str, Stamp], ...], source[1:])


def file_stamps(path: str, stamps: tuple[object, ...] | None) -> dict[str, object]:
    """Each file of a post (the post's own first) with its stamp, from its `source_stamp`."""
    return {path: stamps[0], **dict(asset_stamps(stamps))} if stamps is not None else {}


def digest(data: bytes) -> bytes:
    """A short fingerprint of a file's bytes: enough to tell whether it changed. SHA-1 through
    OpenSSL, not for its strength: it is the quickest of hashlib's digests on current CPUs
    (twice BLAKE2's speed, which hashlib has in portable C), and a build digests every page it
    renders and, after a checkout, every source."""
    return hashlib.sha1(data, usedforsecurity=False).digest()[:16]
