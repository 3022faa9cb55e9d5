"""The names quizsite.toml's reader (config.py) shares with `_quarto.yml`'s (quarto_project.py):
the project's files (which one is read, `_quarto.yml` or `_quarto.yaml`, and the name messages
give it; so too a folder's `_metadata.yml` or `.yaml`, the `_variables.yml` or `.yaml`, and
the `_environment` files) and folders, and the shapes of its settings. Apart from quarto_project.py, so that
reading a site without a project file loads no YAML reader."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml

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


# The names of a project's file, in the order Quarto looks for them: the first there is read.
QUARTO_NAMES = (QUARTO_NAME, "_quarto.yaml")
# A file of the author's own machine's settings, merged over the project's and its profiles'.
LOCAL_NAMES = ("_quarto.yml.local", "_quarto.yaml.local")
# Every file whose settings reach the project's: its own, a profile's, the local one.
_PROJECT_FILE = re.compile(r"_quarto(?:-.+)?\.ya?ml(?:\.local)?")
# A folder's metadata, applied to every document below it: `.yml` wins when both are there.
METADATA_NAMES = ("_metadata.yml", "_metadata.yaml")
# The values `{{< var >}}` reads, at the project's root: `.yml` wins when both are there.
VARIABLES_NAMES = ("_variables.yml", "_variables.yaml")
# The environment variables a render sees: `_environment`, `_environment-PROFILE`, `.local`.
ENVIRONMENT_NAME = "_environment"
_ENVIRONMENT_FILE = re.compile(r"_environment(?:-.+|\.local)?")


def _there(path: Path) -> bool:
    """Whether a settings file is there to read (a link that leads nowhere too: reading it
    is then the error to report)."""
    return path.is_file() or path.is_symlink()


def first_there(
    root: Path, names: tuple[str, ...], exists: Callable[[Path], bool] = _there
) -> Path | None:
    """The first of the files `names` in `root` that `exists` finds; None when none is."""
    for path in _paths(root, names):
        if exists(path):
            return path
    return None


@lru_cache(maxsize=16)
def _paths(root: Path, names: tuple[str, ...]) -> tuple[Path, ...]:
    """The paths of `names` in `root`, made once: every parse of a Quarto project's
    documents looks for its files, several times."""
    return tuple(root / name for name in names)


def project_file(root: Path, exists: Callable[[Path], bool] = _there) -> Path | None:
    """The project's file Quarto reads: `_quarto.yml`, else `_quarto.yaml`; None for none."""
    return first_there(root, QUARTO_NAMES, exists)


def project_name(root: Path) -> str:
    """The name of the project's file, as messages show it (`_quarto.yml` when none)."""
    found = project_file(root)
    return found.name if found is not None else QUARTO_NAME


def metadata_file(folder: Path, exists: Callable[[Path], bool] = Path.is_file) -> Path | None:
    """A folder's metadata file Quarto reads: `_metadata.yml`, else `_metadata.yaml`."""
    for name in METADATA_NAMES:
        if exists(path := folder / name):
            return path
    return None


def is_metadata_name(name: str) -> bool:
    """Whether a file's name is one a folder's metadata file may have."""
    return name in METADATA_NAMES


def variables_file(root: Path, exists: Callable[[Path], bool] = _there) -> Path | None:
    """The project's variables Quarto reads: `_variables.yml`, else `_variables.yaml`."""
    return first_there(root, VARIABLES_NAMES, exists)


def variables_name(root: Path) -> str:
    """The name of the variables file, as messages show it (`_variables.yml` when none)."""
    found = variables_file(root)
    return found.name if found is not None else VARIABLES_NAMES[0]


def is_environment_file(name: str) -> bool:
    """Whether a file's name is one of the `_environment` files a render's variables come from."""
    return _ENVIRONMENT_FILE.fullmatch(name) is not None


def is_project_file(name: str) -> bool:
    """Whether a file's name is one of the project's settings files (its own, a profile's,
    the local one), which a value read from the project was written in."""
    return _PROJECT_FILE.fullmatch(name) is not None


def place(node: yaml.Node) -> tuple[str, int]:
    """The file and line of a node of the project's settings (each node notes the file it
    was composed from, so a value a profile's file gave is shown at its own line there)."""
    return node.start_mark.name, node.start_mark.line + 1
