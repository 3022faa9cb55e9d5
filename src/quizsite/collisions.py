"""A file copied as it is (a static file, a post's own file) never takes the place of a file the
build makes (a page, `.nojekyll`, the highlighting CSS).

Decided once, before anything is written, so that every way of writing the site agrees: a whole
site written afresh (pages after copies) and a change applied in place (copies first, pages
left alone when their view is unchanged) would otherwise let a different file win. The usual
case is the `index.html` that `quarto render` leaves beside a post's `index.qmd`: Quarto's
page, not an asset to publish over ours.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from pathlib import Path
from typing import TypeVar

from .errors import Diagnostic, warning

S = TypeVar("S")


def without_shadowed(
    copies: dict[str, tuple[Path, S]], root: Path, *made: Container[str]
) -> tuple[dict[str, tuple[Path, S]], list[Diagnostic]]:
    """`copies` without those whose output path is in one of `made`, and a warning for each of
    those at its source file."""
    shadowed = [rel for rel in copies if any(rel in paths for paths in made)]
    if not shadowed:  # the usual case: a few lookups per copied file, nothing made anew
        return copies, []
    kept = {rel: copy for rel, copy in copies.items() if rel not in shadowed}
    clashes = [rel for rel in shadowed if not _same_file(rel, copies[rel][0], made)]
    return kept, [_warning(rel, copies[rel][0], root) for rel in clashes]


def _same_file(rel: str, source: Path, made: tuple[Container[str], ...]) -> bool:
    """Whether the file made at `rel` is the copied file's own bytes (a post's image that its
    included HTML names, published as the include's resource): one file, no clash."""
    for paths in made:
        if isinstance(paths, Mapping) and rel in paths:
            try:
                return bool(source.read_bytes() == paths[rel])
            except OSError:
                return False
    return False


def _warning(rel: str, source: Path, root: Path) -> Diagnostic:
    """Say which copied file was left out, and why."""
    try:
        shown = source.relative_to(root).as_posix()
    except ValueError:  # a shipped theme's static file
        shown = str(source)
    return warning(
        shown,
        None,
        f"not copied to {rel}: the site writes its own file there",
        "rename or delete this file (an index.html that `quarto render` left beside a post's "
        "index.qmd can go: quizsite makes the post's page itself)",
    )
