"""Checks a build makes on what it is about to write, so bad input fails with `path: error`
instead of an OSError halfway through writing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import BuildFailed, Diagnostic, error
from .paths import shown


def check_collisions(
    pages: Iterable[str], copies: Mapping[str, tuple[Path, object]], root: Path
) -> None:
    """BuildFailed when a copied file (a static file, a post's file) would be published where
    the site needs a folder of pages (`static/posts`), or inside a page (`static/feed.xml/x`):
    writing either would fail midway on the file system."""
    files = set(pages)
    folders: set[str] = set()
    for path in files:
        place = path.rpartition("/")[0]
        while place and place not in folders:
            folders.add(place)
            place = place.rpartition("/")[0]
    problems: list[Diagnostic] = []
    for rel, (source, _) in copies.items():
        if rel in folders:
            clash = f"the site has pages under {rel}/"
        elif page := next((p for p in _parents(rel) if p in files), None):
            clash = f"{page} is one of the site's pages, not a folder"
        else:
            continue
        problems.append(
            error(
                shown(source, root),
                None,
                f"this file would be published at {rel}, but {clash}",
                "rename or move the file",
            )
        )
    if problems:
        raise BuildFailed(problems)


def _parents(rel: str) -> Iterable[str]:
    """`a/b/c` -> `a/b`, `a`."""
    while "/" in rel:
        rel = rel.rpartition("/")[0]
        yield rel
