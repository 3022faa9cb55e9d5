"""A document's own `metadata-files:` (Quarto): YAML files whose keys the document takes under
its front matter, as if written there (its front matter wins), named from its folder."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from .errors import Diagnostic, warning
from .metadata import Layer, load_metadata
from .paths import OutsideSite
from .sources import SourceFile, input_exists, read_input

_HINT = "metadata-files: [_listing.yml], named from the document's folder"


def metadata_file_layers(
    source: SourceFile, data: Mapping[str, Any], line: int
) -> tuple[list[Layer], list[Diagnostic]]:
    """The layers the document's `metadata-files` name, in order (a later file wins), and a
    warning at `line` for each that cannot be read; nothing when the key is not there."""
    names = data.get("metadata-files")
    if names is None:
        return [], []
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return [], [warning(source.rel, line, "'metadata-files' must be a list of files", _HINT)]
    layers: list[Layer] = []
    problems: list[Diagnostic] = []
    for name in names:
        loaded = _layer(source, name)
        if isinstance(loaded, str):
            problems.append(warning(source.rel, line, f"metadata file {name!r} {loaded}", _HINT))
        elif isinstance(loaded, Diagnostic):
            problems.append(loaded)
        else:
            layers.append(loaded)
    return layers, problems


def _layer(source: SourceFile, name: str) -> Layer | Diagnostic | str:
    """One metadata file as a layer, its YAML error, or why it cannot be read."""
    start = "" if name.startswith("/") else posixpath.dirname(source.rel)
    rel = posixpath.normpath(posixpath.join(start, name.lstrip("/")))
    if rel == ".." or rel.startswith("../"):
        return "is outside the site: left out"
    path = source.root / rel
    if not input_exists(path):
        return "is not there: left out"
    try:
        text = read_input(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, OutsideSite):
        return "cannot be read: left out"
    loaded = load_metadata(rel, text, source.root)
    if isinstance(loaded, Diagnostic):
        return loaded
    return (*loaded, rel, posixpath.dirname(rel))
