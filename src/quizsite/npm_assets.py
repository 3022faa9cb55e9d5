"""Browser assets quizsite does not carry (Mermaid, Bootstrap Icons), taken once from the npm
registry with npm's own client, which checks the package's integrity, into the user's cache."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tarfile

# Takes what it needs out of the package's archive into the scratch folder; returns its path.
Unpack = Callable[["tarfile.TarFile", Path], Path]

# Offline, npm would retry for minutes on every build; one short try, then a pause before the
# next, keeps a build without the registry quick (the page says what is missing meanwhile).
_NPM_TIMEOUT = 60  # seconds for the whole `npm pack`
_RETRY_AFTER = 600  # seconds before a failed package is asked for again


def cache_dir() -> Path:
    """quizsite's folder in the user's cache (XDG's, else ~/.cache): these assets, and the
    compiled templates (`cache.compiled_templates`)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "quizsite"


def fetch_package(package: str, version: str, target: Path, unpack: Unpack) -> Path | None:
    """`target`, made from `package@version` with `npm pack` and `unpack`; None without npm or
    when the package cannot be had."""
    import subprocess
    import tarfile
    import tempfile

    npm = shutil.which("npm")
    failed = target.parent / f".{package}-{version}.failed"
    if npm is None or _failed_lately(failed):
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
            command = [
                npm,
                "pack",
                f"{package}@{version}",
                "--silent",
                "--fetch-retries=0",
                f"--fetch-timeout={_NPM_TIMEOUT * 1000}",
                "--pack-destination",
                scratch,
            ]
            subprocess.run(command, capture_output=True, timeout=_NPM_TIMEOUT, check=True)
            (packed,) = Path(scratch).glob(f"{package}-*.tgz")
            with tarfile.open(packed) as archive:
                made = unpack(archive, Path(scratch))
            # Renamed into place whole, so a build killed midway leaves no half an asset.
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            made.replace(target)
    except (OSError, ValueError, KeyError, tarfile.TarError, subprocess.SubprocessError):
        with contextlib.suppress(OSError):
            failed.touch()
        return None
    return target


def _failed_lately(marker: Path) -> bool:
    """Whether a fetch of this package failed within the last `_RETRY_AFTER` seconds."""
    try:
        return time.time() - marker.stat().st_mtime < _RETRY_AFTER
    except OSError:
        return False
