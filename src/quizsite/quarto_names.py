"""The names quizsite.toml's reader (config.py) shares with `_quarto.yml`'s (quarto_project.py):
the project's files and folders (and the check that its file has the name quizsite reads),
and the shapes of its settings. Apart from quarto_project.py, so that reading a site without
`_quarto.yml` loads no YAML reader."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BuildFailed, error

QUARTO_NAME = "_quarto.yml"
# Where a Quarto blog keeps its posts; the rest of its root (index.qmd, about.qmd) is not posts.
QUARTO_POSTS = "posts"
FLATTEN = "settings are simple keys and values; remove the deeply nested value"
# Half of a UTF-16 pair alone is no character: it cannot be written out as UTF-8.
SURROGATE = re.compile("[\ud800-\udfff]")

# Files' names and texts: `_quarto.yml`'s, then each active profile's in the order merged.
Sources = tuple[tuple[str, str], ...]
# Where a value came from, so a bad value is reported at its file and line.
Origin = tuple[str, int | None]
# A dropdown's entry: (text, href, icon, side); a heading has no href, a separator is "---".
MenuLeaf = tuple[str, str, str, str]
# A navbar item: (text, href, icon, side, entries), `entries` a dropdown's (Quarto's `menu:`).
MenuItem = tuple[str, str, str, str, tuple[MenuLeaf, ...]]


# The other name Quarto gives a project's file.
QUARTO_ALSO = "_quarto.yaml"


def refuse_quarto_yaml(root: Path) -> None:
    """Stop at a project file named `_quarto.yaml`, which Quarto reads as `_quarto.yml`: the
    rest of quizsite reads only the one name, and would otherwise ask for a `content/` folder."""
    if (root / QUARTO_ALSO).is_file() and not (root / QUARTO_NAME).exists():
        why = f"quizsite reads a Quarto project's settings from {QUARTO_NAME} only"
        hint = f"rename {QUARTO_ALSO} to {QUARTO_NAME} (Quarto reads either name)"
        raise BuildFailed([error(QUARTO_ALSO, None, why, hint)])
