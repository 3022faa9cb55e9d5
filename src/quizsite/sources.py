"""Find post files under `content/`, decode them, and split off the YAML front matter."""

from __future__ import annotations

import re
from collections.abc import Iterator
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


def find_post_paths(content_dir: Path) -> Iterator[Path]:
    """Every post file under `content_dir`, in a stable order."""
    for path in sorted(content_dir.rglob("*")):
        if path.suffix not in POST_SUFFIXES or not path.is_file():
            continue
        if any(is_ignored(part) for part in path.relative_to(content_dir).parts):
            continue
        # Markdown files inside a folder post belong to it; they are not posts of their own.
        if _is_folder_post(path, content_dir) or not _inside_folder_post(path.parent, content_dir):
            yield path


def _is_folder_post(path: Path, content_dir: Path) -> bool:
    """`posts/x/index.qmd` is a folder post; `content/index.qmd` is just a post named index."""
    return path.stem == "index" and path.parent != content_dir


def _inside_folder_post(folder: Path, content_dir: Path) -> bool:
    """True when `folder` or one of its parents below `content_dir` holds an index post."""
    while folder != content_dir and content_dir in folder.parents:
        if any((folder / f"index{suffix}").is_file() for suffix in POST_SUFFIXES):
            return True
        folder = folder.parent
    return False


def read_source(path: Path, root: Path, content_dir: Path) -> SourceFile | Diagnostic:
    """Read one post as UTF-8 text (BOM and CRLF tolerated), or say why it cannot be read."""
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
    is_folder = _is_folder_post(path, content_dir)
    assets: tuple[Path, ...] = ()
    if is_folder:
        assets = tuple(
            p
            for p in sorted(path.parent.rglob("*"))
            if p.is_file()
            and p != path
            and not any(is_ignored(part) for part in p.relative_to(path.parent).parts)
        )
    return SourceFile(path, rel, text, is_folder, assets)


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
