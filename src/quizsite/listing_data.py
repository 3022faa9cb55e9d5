"""A listing page's inputs, read with its parse: items from data files (`contents: talks.yml`,
a list of mappings with title, path, date, image, ...) and items written in `contents`
itself, their text as Markdown; the files the listing shows (`image-placeholder`, the items'
images), published with the page; and warnings at the line of each option quizsite cannot
use."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from .errors import Diagnostic, error, warning
from .model import Post
from .sources import SourceFile, input_exists, read_input

_DATA_SUFFIXES = (".yml", ".yaml")
# Fields that hold addresses or values, not text to read as Markdown.
_NOT_TEXT = frozenset({"path", "image", "image-alt", "date", "href", "url", "order"})


@dataclass(frozen=True)
class DataItem:
    """An item a listing takes from data (a `.yml` file, or a mapping in `contents`)."""

    fields: tuple[tuple[str, Any], ...]  # the mapping, lists as tuples
    html: tuple[tuple[str, Markup], ...]  # its text fields rendered as inline Markdown
    base: str  # the folder its relative document paths start from (from the site root)
    origin: tuple[str, int]  # where it is written, for messages
    document: Post | None = None  # the document its `path` names, lending it its fields

    def value(self, field: str) -> Any:
        """A field as the listing reads it (None when absent): dates as dates, authors and
        categories as lists."""
        value = dict(self.fields).get(field)
        if field == "date" and value is not None:
            return _as_date(value)
        if field in ("author", "categories") and value is not None:
            return list(value) if isinstance(value, tuple) else [value]
        return list(value) if isinstance(value, tuple) else value

    def get(self, field: str) -> Any:
        """A field as written."""
        return dict(self.fields).get(field)

    def html_of(self, field: str) -> Markup | None:
        """A text field's HTML (its Markdown rendered), or None."""
        return dict(self.html).get(field)


def _as_date(value: object) -> datetime | None:
    """A data item's date (YAML dates, or text: ISO, numeric or in words)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    from .metadata import text_date  # here: only a listing of data items reads its dates

    return text_date(str(value))


def _frozen(value: Any) -> Any:
    """A YAML value as frozen data (lists as tuples, mappings as tuples of pairs)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple((str(k), _frozen(v)) for k, v in value.items())
    return value


def _data_item(mapping: Mapping[Any, Any], base: str, origin: tuple[str, int]) -> DataItem:
    """An item from a mapping, its text fields rendered."""
    from .markdown import markdown_parser

    md = markdown_parser()
    fields = tuple((str(k), _frozen(v)) for k, v in mapping.items())
    html = []
    for key, value in fields:
        texts = value if isinstance(value, tuple) else (value,)
        if key in _NOT_TEXT or not all(isinstance(t, str | int | float) for t in texts):
            continue
        rendered = [Markup(md.renderInline(str(t), {}).strip()) for t in texts]
        html.append((key, Markup(", ").join(rendered)))
    return DataItem(fields, tuple(html), base, origin)


# ------------------------------------------------------------------------------------------------
# The parse's hook: the listing's data read, its problems found


def listing_inputs(
    source: SourceFile, data: dict[str, Any], origins: Mapping[str, tuple[str, int]]
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The front matter with each listing's data files read into items (`contents`), and
    what the listing asks that quizsite cannot do, as warnings at its lines."""
    where = origins.get("listing", (source.rel, 1))
    problems: list[Diagnostic] = []
    if "metadata-files" in data:
        data = _with_metadata_files(source, data, origins, problems)
    value = data.get("listing")
    if not value:
        return data, problems
    from .listing_options import TYPES, option_problems

    if value is True or isinstance(value, str):  # `listing: grid`: one listing of that type
        if value is not True and value not in TYPES:
            problems.append(
                warning(
                    *where,
                    f"the listing type {value!r} is not one of {', '.join(TYPES)}: "
                    "listed as default",
                    "listing: default",
                )
            )
        return data, problems
    lines = _OptionLines(source, where)
    listed = isinstance(value, list)
    read = []
    for n, item in enumerate(value if listed else [value]):
        if not isinstance(item, dict):
            problems.append(_unreadable(where, item, listed))
            continue
        line_of = lines.finder(n if listed else None)
        problems.extend(option_problems(item, line_of))
        contents, found = _contents(source, item.get("contents"), line_of("contents"))
        problems.extend(found)
        read.append({**item, "contents": contents} if contents is not None else item)
    listing = read if listed else read[0] if read else value
    return {**data, "listing": listing}, problems


def _with_metadata_files(
    source: SourceFile,
    data: dict[str, Any],
    origins: Mapping[str, tuple[str, int]],
    problems: list[Diagnostic],
) -> dict[str, Any]:
    """The front matter with the `listing` options of its `metadata-files` merged under its
    own, as Quarto merges those files (the listing's look is often kept in one)."""
    from .metadata import load_metadata, merge

    names = data["metadata-files"]
    where = origins.get("metadata-files", (source.rel, 1))
    listing: Any = None
    for name in names if isinstance(names, list) else [names]:
        rel = _site_path(source, str(name))
        if rel is None or not input_exists(source.root / rel):
            problems.append(
                warning(*where, f"metadata file {name!r}: no such file", "fix the path")
            )
            continue
        text = read_input(source.root / rel).decode("utf-8-sig")
        loaded = load_metadata(rel, text, source.root)
        if isinstance(loaded, Diagnostic):
            problems.append(loaded)
        elif "listing" in loaded[0]:
            listing = merge(listing, loaded[0]["listing"])
    if listing is None:
        return data
    return {**data, "listing": merge(listing, data.get("listing"))}


def _unreadable(where: tuple[str, int], item: object, listed: bool) -> Diagnostic:
    """The warning for a listing quizsite cannot read."""
    what = f"the listing {item!r} is left out: " if listed else "this listing cannot be read: "
    return warning(
        *where,
        what + "a listing is a mapping of options",
        "listing: {contents: posts, sort: date desc}",
    )


class _OptionLines:
    """The line of each option of a listing written in the document itself (the listing's
    own line for one from `_metadata.yml` or `_quarto.yml`)."""

    _KEY = re.compile(r"^(\s*)(-\s+)?([\w-]+)\s*:")

    def __init__(self, source: SourceFile, where: tuple[str, int]) -> None:
        self.where = where
        self.block: list[tuple[int, str]] = []
        if where[0] != source.rel:
            return
        lines = source.text.splitlines()
        for number in range(where[1], len(lines)):  # the lines after `listing:`
            text = lines[number]
            if text.strip() in ("---", "+++") or (text[:1].strip() and text[:1] != "-"):
                break
            self.block.append((number + 1, text))

    def _named(self, text: str, key: str) -> bool:
        """Whether a line writes the option `key`."""
        match = self._KEY.match(text)
        return match is not None and match.group(3) == key

    def finder(self, n: int | None) -> Callable[[str], tuple[str, int]]:
        """The lines of the options of the `n`th listing of a list (or of the one listing)."""
        block = self.block
        if n is not None:
            starts = [i for i, (_, text) in enumerate(block) if text.lstrip().startswith("- ")]
            indent = min((len(block[i][1]) - len(block[i][1].lstrip()) for i in starts), default=0)
            starts = [i for i in starts if len(block[i][1]) - len(block[i][1].lstrip()) == indent]
            if n >= len(starts):
                return lambda key: self.where
            end = starts[n + 1] if n + 1 < len(starts) else len(block)
            block = block[starts[n] : end]

        def line_of(key: str) -> tuple[str, int]:
            """The line of an option, `feed.type` for one under another (the listing's line
            when it is not found)."""
            found, lines = self.where, block
            for part in key.split("."):
                at = next((i for i, (_, text) in enumerate(lines) if self._named(text, part)), None)
                if at is None:
                    return found
                found, lines = (self.where[0], lines[at][0]), lines[at + 1 :]
            return found

        return line_of


def _contents(
    source: SourceFile, contents: object, where: tuple[str, int]
) -> tuple[list[Any] | None, list[Diagnostic]]:
    """`contents` with each data file read into its items and each mapping made an item;
    warnings for entries that name nothing."""
    if contents is None:
        return None, []
    entries = contents if isinstance(contents, list) else [contents]
    folder = posixpath.dirname(source.rel)
    out: list[Any] = []
    problems: list[Diagnostic] = []
    for entry in entries:
        if isinstance(entry, dict):
            out.append(_data_item(entry, folder, where))
        elif (
            isinstance(entry, str)
            and entry.strip().lower().endswith(_DATA_SUFFIXES)
            and not entry.strip().startswith("!")  # a file left out is no data to read
        ):
            found, trouble = _data_file(source, entry.strip(), where)
            out.extend(found or [entry])  # a file without items lists nothing
            problems.extend(trouble)
        elif isinstance(entry, str):
            out.append(entry)
            if not _names_something(source, entry):
                problems.append(
                    warning(*where, f"listing contents {entry!r} names no document", _HINT)
                )
        else:
            problems.append(warning(*where, f"cannot read the listing contents {entry!r}", _HINT))
    return out, problems


_HINT = "contents are paths or patterns from the listing's folder, or data files: contents: posts"


def _names_something(source: SourceFile, entry: str) -> bool:
    """Whether a path of `contents` is there (a pattern may match later documents)."""
    from wcmatch import glob

    entry = entry.removeprefix("!")  # what is left out need not be there
    if glob.is_magic(entry, flags=glob.BRACE | glob.EXTGLOB):
        return True
    root = source.root
    path = _site_path(source, entry)
    return (root / path).exists() if path is not None else False


def _site_path(source: SourceFile, entry: str) -> str | None:
    """A path of the listing (from its folder, or from the site's root with `/`) from the
    site's root; None for one outside the site."""
    folder = posixpath.dirname(source.rel)
    rel = posixpath.normpath(
        entry.lstrip("/") if entry.startswith("/") else posixpath.join(folder, entry)
    )
    return None if rel == ".." or rel.startswith("../") else ("" if rel == "." else rel)


def _data_file(
    source: SourceFile, entry: str, where: tuple[str, int]
) -> tuple[list[DataItem], list[Diagnostic]]:
    """The items of a data file (a list of mappings, or one mapping), or why it has none."""
    from .sources import _FrontMatterLoader

    rel = _site_path(source, entry)
    path = source.root / rel if rel else None
    if path is None or not input_exists(path):
        return [], [warning(*where, f"listing contents {entry!r}: no such file", _HINT)]
    try:
        text = read_input(path).decode("utf-8-sig")
        node = yaml.compose(text, Loader=_FrontMatterLoader)
        value = yaml.load(text, Loader=_FrontMatterLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return [], [error(str(rel), line, f"cannot read this listing data: {exc}", _DATA_HINT)]
    assert rel is not None
    base = posixpath.dirname(rel)
    if isinstance(value, dict):
        return [_data_item(value, base, (rel, 1))], []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return [], [error(rel, 1, "listing data must be a list of items", _DATA_HINT)]
    starts = (
        [n.start_mark.line + 1 for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    )
    return [
        _data_item(v, base, (rel, starts[i] if i < len(starts) else 1)) for i, v in enumerate(value)
    ], []


_DATA_HINT = (
    "write one item per entry: - title: My talk\\n  path: talks/one.qmd\\n  date: 2024-01-02"
)


def listing_files(source: SourceFile, data: Mapping[str, Any]) -> tuple[tuple[str, Path], ...]:
    """The local files a listing page shows besides its documents' own (`image-placeholder`,
    the data items' images), each with where it is published: as Quarto's listing links
    them, from the page's folder."""
    wanted = _shown_files(data.get("listing"))
    if not wanted:
        return ()
    from .doclinks import page_dir

    beside, here = page_dir(source), posixpath.dirname(source.rel)
    files = {}
    for name in wanted:
        rel = _site_path(source, name)
        if rel and input_exists(source.root / rel):
            published = posixpath.normpath(
                posixpath.join(beside, posixpath.relpath(rel, here or "."))
            )
            if not published.startswith("../"):
                files[published] = source.root / rel
    return tuple(files.items())


def _shown_files(value: object) -> list[str]:
    """The local paths a `listing:` shows as images (no addresses)."""
    wanted = []
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, dict):
            continue
        wanted.append(item.get("image-placeholder"))
        for entry in item.get("contents") or ():
            if isinstance(entry, DataItem) and entry.document is None:
                wanted.append(entry.get("image"))
    return [name for name in wanted if isinstance(name, str) and name and "://" not in name]
