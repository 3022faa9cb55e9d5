"""`project.resources` of a Quarto project: the files `_quarto.yml` names to publish as they
are (`files/**`, `.htaccess`), at their place in the site, whether or not a page links them."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import yaml

from .quarto_profiles import project_tree
from .quarto_project import lookup, render_filter
from .quarto_urls import DOCUMENT_LINK_SUFFIXES

# Folders never searched for resources: tools' and package managers' own, and outputs.
_NEVER = frozenset({".git", ".quarto", "_site", "_freeze", "renv", "node_modules", "venv", ".venv"})


def resource_globs(root: Path) -> tuple[str, ...]:
    """The patterns of `project.resources` (a text or a list of texts); () when none."""
    document = project_tree(root)
    node = lookup(document, ("project", "resources")) if document is not None else None
    items = node.value if isinstance(node, yaml.SequenceNode) else [node] if node else []
    return tuple(
        str(item.value).strip()
        for item in items
        if isinstance(item, yaml.ScalarNode) and str(item.value).strip()
    )


def resource_files(root: Path, output_dir: str) -> dict[str, Path]:
    """Each file `project.resources` names, by its path from the root (where it is published),
    read with Quarto's patterns (a folder means all it holds; `!` leaves out)."""
    globs = resource_globs(root)
    matches = render_filter(globs, root) if globs else None
    if matches is None:
        return {}
    skip = _NEVER | ({output_dir.strip("/")} if output_dir else set())
    found: dict[str, Path] = {}
    real = root.resolve()
    for folder, folders, files in os.walk(root):
        here = os.path.relpath(folder, root)
        folders[:] = sorted(f for f in folders if not (here == "." and f in skip) and f != ".git")
        for name in sorted(files):
            rel = name if here == "." else f"{here}/{name}".replace(os.sep, "/")
            path = Path(folder) / name
            # A link leading out of the site is never published.
            if matches(rel) and (not path.is_symlink() or path.resolve().is_relative_to(real)):
                found[rel] = path
    return found


def menu_files(root: Path) -> dict[str, Path]:
    """The site's files (not documents) the navbar's and sidebars' items link (`href:
    files/CV.pdf`), by their path from the root: Quarto publishes what a page's links name,
    its menus' too."""
    document = project_tree(root)
    website = lookup(document, ("website",)) if document is not None else None
    if website is None:
        return {}
    from .site_chrome import menu_targets

    found: dict[str, Path] = {}
    real = root.resolve()
    for node in menu_targets(website):
        href = str(node.value).strip().split("#", 1)[0].split("?", 1)[0]
        rel = posixpath.normpath(href.lstrip("/")) if href else ""
        if not rel or "://" in href or rel.startswith("..") or rel.endswith(DOCUMENT_LINK_SUFFIXES):
            continue
        target = (root / rel).resolve()
        if target.is_file() and target.is_relative_to(real):
            found[rel] = target
    return found
