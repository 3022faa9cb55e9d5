"""The partials a theme file imports (`@import "scss/home";` finds `scss/_home.scss` beside
it, as Sass does), read through the site's reader before compiling so that the build knows
every file the theme depends on, and handed to libsass by an importer callback."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

# One `@import` rule's list of targets (`@import "a", "b";`).
_IMPORT = re.compile(r"@import\s+([^;{}]+);")
_TARGET = re.compile(r"""["']([^"']+)["']""")

# A partial read: its path from the site root, and its text.
Partial = tuple[str, str]


def _candidates(folder: str, target: str) -> list[str]:
    """The files Sass tries for `@import target` written in a file of `folder`."""
    head, name = posixpath.split(target)
    stems = [name] if name.startswith("_") else [name, "_" + name]
    suffixes = ("",) if name.endswith((".scss", ".sass")) else (".scss", ".sass")
    found = [posixpath.join(folder, head, stem + suffix) for stem in stems for suffix in suffixes]
    found.append(posixpath.join(folder, head, name, "_index.scss"))
    return [n for n in map(posixpath.normpath, found) if not n.startswith("../")]


def _targets(text: str) -> list[str]:
    """The local Sass files a file's `@import` rules name (not CSS, URLs or `url(...)`)."""
    found = []
    for rule in _IMPORT.finditer(text):
        for target in _TARGET.findall(rule.group(1)):
            if not (target.endswith(".css") or "://" in target or target.startswith("url(")):
                found.append(target)
    return found


def read_partials(
    files: list[tuple[str, int, str]], read: Callable[[str], str | None]
) -> tuple[Partial, ...]:
    """Every partial the theme files (path from the site root, first line, text) import, at
    any depth, read with `read`; a target found nowhere is left to libsass, which reports it."""
    if not any("@import" in text for _, _, text in files):
        return ()
    found: dict[str, str] = {}
    pending = [(rel, text) for rel, _, text in files]
    while pending:
        rel, text = pending.pop()
        for target in _targets(text):
            for candidate in _candidates(posixpath.dirname(rel), target):
                if candidate in found:
                    break
                partial = read(candidate)
                if partial is not None:
                    found[candidate] = partial
                    pending.append((candidate, partial))
                    break
    return tuple(sorted(found.items()))


def importer(
    partials: tuple[Partial, ...], folders: tuple[str, ...]
) -> Callable[[str, str], list[tuple[str, str]] | None]:
    """A libsass importer giving the partials read: a target is looked for beside the file
    importing it (`prev`), or beside any theme file for the combined theme source."""
    known = dict(partials)

    def find(path: str, prev: str) -> list[tuple[str, str]] | None:
        """The partial `@import path` names, written in `prev` (a partial, or the theme)."""
        where = (posixpath.dirname(prev),) if prev in known else folders
        for folder in where:
            for candidate in _candidates(folder, path):
                if candidate in known:
                    return [(candidate, known[candidate])]
        return None

    return find
