"""Browser assets quizsite does not carry (Mermaid, Bootstrap Icons), taken once from the npm
registry with npm's own client, which checks the package's integrity, into the user's cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

# Takes what it needs out of the package's archive into the scratch folder; returns its path.
Unpack = Callable[[tarfile.TarFile, Path], Path]


def cache_dir() -> Path:
    """quizsite's folder in the user's cache (XDG's, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "quizsite"


def fetch_package(package: str, version: str, target: Path, unpack: Unpack) -> Path | None:
    """`target`, made from `package@version` with `npm pack` and `unpack`; None without npm or
    when the package cannot be had."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
            command = [
                npm,
                "pack",
                f"{package}@{version}",
                "--silent",
                "--pack-destination",
                scratch,
            ]
            subprocess.run(command, capture_output=True, timeout=300, check=True)
            (packed,) = Path(scratch).glob(f"{package}-*.tgz")
            with tarfile.open(packed) as archive:
                made = unpack(archive, Path(scratch))
            # Renamed into place whole, so a build killed midway leaves no half an asset.
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            made.replace(target)
    except (OSError, ValueError, KeyError, tarfile.TarError, subprocess.SubprocessError):
        return None
    return target
