"""One build at a time per site: an advisory lock on `<root>/.quizsite.lock`.

The lock is `flock`, which the system releases when its holder exits, however it exits, so a
killed build never leaves a lock behind that blocks the next one. The file itself stays: deleting
it while a build holds it would let a second build lock a new file beside the first one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import UsageError

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not serialised (see site_lock)
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".quizsite.lock"
DEFAULT_TIMEOUT = 30.0  # seconds; longer than a large site's build, so a queued build still runs
# Writing a built site takes a fraction of its build: a writer waits this long for another.
OUTPUT_TIMEOUT = 120.0
_POLL = 0.02  # seconds between attempts: flock has no timeout of its own


@contextmanager
def site_lock(root: Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the site's build lock while the block runs; yields the lock file's path.

    Waits up to `timeout` seconds (DEFAULT_TIMEOUT when None) for another holder (another
    process, or another thread of this one) to finish, then raises UsageError. Where `fcntl` is
    missing (Windows) this does nothing: two builds at once there can still collide, as they
    could before the lock existed.
    """
    path = root / LOCK_NAME
    if fcntl is None:
        yield path
        return
    # Each call opens its own descriptor: flock locks belong to the open file, so two threads
    # of one process exclude each other just as two processes do.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    message = (
        f"another quizsite build is running on this site (lock: {path}); "
        "wait for it or remove the lock file"
    )
    try:
        with _flocked(fd, DEFAULT_TIMEOUT if timeout is None else timeout, message):
            yield path
    finally:
        os.close(fd)


@contextmanager
def output_lock(output: Path, timeout: float = OUTPUT_TIMEOUT) -> Iterator[None]:
    """Hold a lock on the folder holding `output` while the block writes the output, so two
    builds (of two sites, whose site locks differ) never swap the same output at once.

    The lock is on the parent folder itself (flock works on a folder's descriptor), which
    leaves no file beside the output; a parent that cannot be opened is not locked.
    """
    try:
        fd = os.open(output.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        fd = -1
    if fcntl is None or fd < 0:
        yield
        return
    try:
        with _flocked(fd, timeout, f"another quizsite build is writing into {output}"):
            yield
    finally:
        os.close(fd)


@contextmanager
def _flocked(fd: int, timeout: float, message: str) -> Iterator[None]:
    """Hold an exclusive flock on `fd`, waiting up to `timeout` s (then UsageError: message)."""
    assert fcntl is not None
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise UsageError(message) from None
            time.sleep(_POLL)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
