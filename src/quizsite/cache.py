"""The build cache: the last build's state on disk, so the next `quizsite build` is incremental.

Two files: the whole state (parsed posts, each page's view, digests of the output) and a small
manifest of what the inputs looked like, which answers "did anything change?" without loading
the state or importing the Markdown and template machinery.

The cache lives in `.quizsite-cache/` under the site root and can be deleted at any time. It is
keyed by a fingerprint of quizsite's own code, so a new version (or any edit to it) never reads
an old cache; an unreadable or mismatched file is ignored, never trusted. The file is a pickle
written by quizsite into the author's own site folder, so it is as trusted as the site itself.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

from . import __version__
from .config import SiteConfig
from .output import build_id_of
from .sources import scan_files
from .themes import template_stamp, theme_static

T = TypeVar("T")
CACHE_DIR = ".quizsite-cache"


@cache
def code_fingerprint() -> str:
    """Hash of quizsite's version, its source files and the Python version."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{__version__} {sys.version}".encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# What identifies a file's version without reading it: an editor's save changes at least one.
Stamp = tuple[int, int, int]


def stamp(path: Path | str) -> Stamp:
    """Modification time, size and inode of a file (of the link itself, when it is broken)."""
    try:  # os.stat takes the scan's text paths as they are: no Path made per file
        info = os.stat(path)  # noqa: PTH116
    except FileNotFoundError:
        info = os.lstat(path)  # a broken link: reading it will say so, at its path
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def source_stamp(path: Path | str, assets: Iterable[Path | str]) -> tuple[object, ...]:
    """A post's stamp covers its folder's files too, since assets are part of the post."""
    return (stamp(path), *((str(a), stamp(a)) for a in assets))


def asset_stamps(source: tuple[object, ...]) -> tuple[tuple[str, Stamp], ...]:
    """The (path as text, stamp) of each asset in a post's `source_stamp`, in order."""
    return cast(tuple[tuple[str, Stamp], ...], source[1:])


@dataclass(frozen=True)
class Manifest:
    """The inputs of the last build, as stamps, and the output it wrote."""

    output: Path
    build_id: str
    config: SiteConfig
    templates: tuple[tuple[str, int, int], ...]
    # By path as text: ten thousand Path objects take a tenth of a second to unpickle, which
    # would be most of a "nothing changed" answer on a big site.
    sources: Mapping[str, tuple[object, ...]]
    statics: Mapping[str, tuple[Path, Stamp]]
    next_due: datetime | None  # the first future post's date: from then on, rebuild


def changes_since(config: SiteConfig, output: Path, now: datetime) -> set[Path] | None:
    """The post files changed (edited, added or deleted) since the last cached build into
    `output`: empty when nothing that shapes the site changed, None when the cache cannot tell
    (no cache, another config, a template or static file changed)."""
    manifest = _load(_file(config.root / CACHE_DIR, "manifest"), Manifest)
    if manifest is None or manifest.output != output or manifest.config != config:
        return None
    if manifest.next_due is not None and now >= manifest.next_due:
        return None
    if not manifest.build_id or build_id_of(output) != manifest.build_id:
        return None
    try:
        if template_stamp(config) != manifest.templates:
            return None
        statics = {r: (p, stamp(p)) for r, p in theme_static(config).items()}
        if statics != manifest.statics:
            return None
        found = scan_files(config.content_dir, config.root)
        sources = {path: source_stamp(path, assets) for path, assets in found}
    except Exception:  # a file vanished mid-check, a theme went missing: let the build say
        return None
    before = manifest.sources
    return {Path(p) for p in sources.keys() | before.keys() if sources.get(p) != before.get(p)}


def save_manifest(cache_dir: Path, manifest: Manifest) -> None:
    """Save the manifest beside the state."""
    _save(_file(cache_dir, "manifest"), manifest)


def _file(cache_dir: Path, kind: str) -> Path:
    return cache_dir / f"{kind}-{code_fingerprint()}.pickle"


def load_state(cache_dir: Path, kind: type[T]) -> T | None:
    """The saved state of the last build, or None if there is no usable one."""
    return _load(_file(cache_dir, "state"), kind)


def save_state(cache_dir: Path, state: object) -> None:
    """Save the state for the next build."""
    _save(_file(cache_dir, "state"), state)


def _load(path: Path, kind: type[T]) -> T | None:
    # The cycle collector would otherwise run again and again over the objects being made
    # (two thirds of the load time); what is loaded is kept for the whole build, so it is
    # then frozen out of the collector's passes.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as file:
            value = pickle.load(file)
    except Exception:  # missing, truncated, corrupt or from other code: start afresh
        return None
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return value if isinstance(value, kind) else None


def _save(target: Path, value: object) -> None:
    """Write atomically; a cache that cannot be written is simply skipped."""
    cache_dir = target.parent
    try:
        cache_dir.mkdir(exist_ok=True)
        (cache_dir / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n# quizsite's build cache; safe to delete.\n"
        )
        temporary = target.with_suffix(".tmp")
        with temporary.open("wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(target)
        kind = target.name.split("-")[0]
        for old in cache_dir.glob(f"{kind}-*.pickle"):
            if old != target:  # left by another version of quizsite
                old.unlink(missing_ok=True)
    except OSError:
        pass
