"""The files a parse reads besides its post (a folder's `_metadata.yml`, a bibliography, an
included file, frozen output), noted with digests while a post is parsed (`recording_reads`),
and whether they still read the same. Apart from `sources.py` (which keeps these names
importable) so that a build asking only "did anything change?" loads no front matter reader."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .paths import OutsideSite, inside
from .stamps import digest

# A parse depends on its post file and on whatever other files it reads on the way (a folder's
# `_metadata.yml`, a bibliography, an included file, frozen output): each is noted here while
# a post is parsed, with a digest of what was read (None: looked for and absent), so that an
# edit to any of them, or a file appearing where one was looked for, parses the post again.
Reads = Mapping[str, bytes | None]
_reads: ContextVar[dict[str, bytes | None] | None] = ContextVar("reads", default=None)
# The real path of the site being read: `read_input` refuses any file outside it.
_site: ContextVar[str | None] = ContextVar("site", default=None)


@contextmanager
def recording_reads(
    root: Path | None = None, real_root: str | None = None
) -> Iterator[dict[str, bytes | None]]:
    """Note, in the dict yielded, every file `read_input` and `input_exists` see meanwhile;
    with `root`, `read_input` refuses files that lead outside that site (`real_root`: its
    real path, when the caller has it already)."""
    reads: dict[str, bytes | None] = {}
    token = _reads.set(reads)
    if real_root is None and root is not None:
        real_root = os.path.realpath(root)
    site = _site.set(real_root)
    try:
        yield reads
    finally:
        _site.reset(site)
        _reads.reset(token)


def read_input(path: Path) -> bytes:
    """The bytes of a file a post's parse depends on, noted as read (OSError as `read_bytes`;
    `paths.OutsideSite` for a file outside the site being read, whatever links lead there)."""
    site = _site.get()
    if site is not None and not inside(os.path.realpath(path), site):
        raise OutsideSite(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _note(path, None)
        raise
    _note(path, digest(data))
    return data


def input_exists(path: Path) -> bool:
    """Whether a file a parse would depend on is there; noted when it is not, so that the
    post is parsed again once it appears (`read_input` notes it when it is read)."""
    if path.is_file():
        return True
    _note(path, None)
    return False


# An environment variable a parse read (`{{< env NAME >}}`), noted among its files under a
# name no file has, so that a command-line build run with another value parses it again.
ENV_READ = "\0env:"


def read_env(name: str) -> str | None:
    """An environment variable's value (None when unset), noted as read."""
    value = os.environ.get(name)
    reads = _reads.get()
    if reads is not None:
        reads[ENV_READ + name] = _env_digest(value)
    return value


def _env_digest(value: str | None) -> bytes | None:
    """What a read of an environment variable is compared by."""
    return None if value is None else digest(value.encode("utf-8", "surrogateescape"))


def _note(path: Path, digest: bytes | None) -> None:
    reads = _reads.get()
    if reads is not None:
        reads[str(path)] = digest


def reads_unchanged(
    reads: Iterable[tuple[str, bytes | None]], seen: dict[str, bytes | None]
) -> bool:
    """True when every file noted by a parse still reads the same (or is still absent);
    `seen` keeps each file's current digest for the other posts that read it."""
    for path, before in reads:
        if path not in seen:
            seen[path] = _now_reads(path)
        if seen[path] != before:
            return False
    return True


def _now_reads(path: str) -> bytes | None:
    """What a file a parse read holds now (its digest, None when absent), or an environment
    variable it read."""
    if path.startswith(ENV_READ):
        return _env_digest(os.environ.get(path[len(ENV_READ) :]))
    try:
        with open(path, "rb") as file:  # noqa: PTH123
            return digest(file.read())
    except OSError:
        return None
