"""Find post files under `content/`, decode them, and split off the YAML front matter."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, error

POST_SUFFIXES = (".qmd", ".md")
# Editors and tools leave these next to real files; they are never content.
_IGNORED_PREFIXES = (".", "_", "#", "~")
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One post file, decoded, with where it lives and the files beside it (folder posts)."""

    path: Path
    rel: str  # relative to the site root, POSIX style, used in every message
    text: str
    is_folder_post: bool
    assets: tuple[Path, ...]  # co-located files of a folder post


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parsed YAML header and the Markdown body below it."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts


def is_ignored(name: str) -> bool:
    """Hidden files, Quarto's `_metadata.yml`-style files and editor leftovers are skipped."""
    return name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES)


@dataclass(frozen=True, slots=True)
class PostPath:
    """A post file found under content/, with the files beside it if it is a folder post."""

    path: Path
    assets: tuple[Path, ...]
    folder: bool


def scan_content(content_dir: Path) -> list[PostPath]:
    """Every post under `content_dir` in a stable order, in one walk of the tree.

    A folder holding `index.qmd` (or `index.md`) is a folder post: every other file below it,
    Markdown included, is one of its assets, not a post of its own.
    """
    posts: dict[str, tuple[str, list[str]]] = {}  # post path -> (its folder, its assets)
    owner_of: dict[str, str] = {}  # folder -> the folder post that owns it
    top = str(content_dir)
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not is_ignored(d)]
        files = [n for n in names if not is_ignored(n)]
        owner = owner_of.get(os.path.dirname(folder)) if folder != top else None
        if owner is None and folder != top:
            index = next((f"index{s}" for s in POST_SUFFIXES if f"index{s}" in files), None)
            if index is not None:
                owner = os.path.join(folder, index)
                posts[owner] = (folder, [])
        if owner is not None:
            owner_of[folder] = owner
            posts[owner][1].extend(os.path.join(folder, n) for n in files)
            continue
        for name in files:
            if name.endswith(POST_SUFFIXES):
                posts[os.path.join(folder, name)] = ("", [])
    return [
        PostPath(Path(path), tuple(Path(a) for a in sorted(assets) if a != path), bool(folder))
        for path, (folder, assets) in sorted(posts.items())
    ]


def read_source(found: PostPath, root: Path) -> SourceFile | Diagnostic:
    """Read one post as UTF-8 text (BOM and CRLF tolerated), or say why it cannot be read."""
    path = found.path
    rel = path.relative_to(root).as_posix()
    data = path.read_bytes()
    if b"\0" in data:
        return error(rel, 1, "this is a binary file, not a text post", "rename or remove it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return error(
            rel,
            line,
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file with UTF-8 encoding",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(path, rel, text, found.folder, found.assets)


# libyaml's loader when PyYAML was built with it: the pure-Python one is ten times slower.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(source: SourceFile) -> FrontMatter | Diagnostic:
    """Split the `---` YAML header from the body, keeping the body's line number."""
    lines = source.text.split("\n")
    if not source.text.strip():
        return error(
            source.rel, 1, "the file is empty", 'start it with front matter: ---, title: "...", ---'
        )
    if lines[0].rstrip() != "---":
        return error(
            source.rel,
            1,
            "missing front matter",
            'the first line must be --- followed by at least title: "..." and a closing ---',
        )
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return error(
            source.rel,
            1,
            "front matter opened here is never closed",
            "add a line with --- after the last front-matter key",
        )
    header = "\n".join(lines[1:end])
    try:
        data = yaml.load(header, Loader=_YAML_LOADER) if header.strip() else {}
    except yaml.YAMLError as exc:
        # Where a construct began (an unclosed quote) says more than where parsing gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc)
        if context := getattr(exc, "context", None):
            problem = f"{problem} {context}"
        hint = (
            "close the quotes on that line"
            if "quoted scalar" in problem
            else 'quote values that contain a colon or start with a special character: title: "A: B"'
        )
        return error(source.rel, line, f"invalid YAML in front matter: {problem}", hint)
    if not isinstance(data, dict):
        return error(
            source.rel,
            2,
            "front matter must be a set of `key: value` lines",
            'for example: title: "My quiz"',
        )
    return FrontMatter(data, "\n".join(lines[end + 1 :]), end + 2)
