"""Document metadata as Quarto reads it: `_metadata.yml` merged under the front matter,
author objects, and the dates Quarto accepts (`today`, `last-modified`, numeric dates, dates
in words)."""

from __future__ import annotations

import json
import os
import posixpath
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .errors import Diagnostic, error
from .patterns import compile_later

# Where a merged key came from: (path as messages show it, 1-based line).
Origin = tuple[str, int]


def load_metadata(
    rel: str, text: str, root: Path | None = None
) -> tuple[dict[str, Any], dict[str, int]] | Diagnostic:
    """A `_metadata.yml` file's mapping and the line of each top-level key, or its error (the
    files it names looked for under the site's `root` when given, see `rooted_files`)."""
    from .sources import _FrontMatterLoader  # the guarded loader the front matter uses
    from .yaml_tabs import yaml_source  # here: only a site with `_metadata.yml` files

    try:
        text = yaml_source(text)  # a tab before a comment, as Quarto's reader allows
        node = yaml.compose(text, Loader=_FrontMatterLoader)
        data = yaml.load(text, Loader=_FrontMatterLoader) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return error(
            rel,
            mark.line + 1 if mark is not None else 1,
            f"invalid YAML: {problem}",
            'check the indentation, and quote values that contain a colon: title: "A: B"',
        )
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode | None):
        return error(
            rel,
            1,
            f"{posixpath.basename(rel)} must be a set of `key: value` lines",
            "for example: author: Ada Lovelace",
        )
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            lines.setdefault(str(key.value), key.start_mark.line + 1)
    return rooted_files(data, posixpath.dirname(rel), root), lines


# Options naming files whose lists and maps merge with other layers' (see `rooted_files`).
_FILE_KEYS = ("theme", "include-in-header", "include-before-body", "include-after-body")


def rooted_files(data: dict[str, Any], folder: str, root: Path | None = None) -> dict[str, Any]:
    """A metadata layer (`_quarto.yml`'s, or a `_metadata.yml` in `folder`) with the files its
    theme and includes name made paths from the site's root, as Quarto makes them when it
    loads the file: joined with another layer's lists, each keeps its own file's folder.

    With the site's `root`, a `_metadata.yml`'s file that is not there from its own folder is
    left as written, as Quarto's `toInputRelativePaths` leaves it: each document then reads it
    from its own folder (`../../_includes/x.html` written for the posts one level down)."""
    html = with_html_format(data)
    if not any(key in html for key in _FILE_KEYS):
        return data
    base = root if folder else None

    def rooted_value(value: Any) -> Any:
        """One option's value with its files rooted."""
        return _rooted(value, folder, base)

    rooted = dict(data)
    for key in _FILE_KEYS:
        if key in data:
            rooted[key] = rooted_value(data[key])
    fmt = data.get("format")
    if isinstance(fmt, dict) and isinstance(fmt.get("html"), dict):
        inner = {k: rooted_value(v) if k in _FILE_KEYS else v for k, v in fmt["html"].items()}
        rooted["format"] = {**fmt, "html": inner}
    return rooted


def _rooted(value: Any, folder: str, root: Path | None = None) -> Any:
    """A value with each file path in it (a name with a suffix or a folder: not a URL, a
    theme's name, or `text:`) made a path from the site's root (`/...`); with `root`, one not
    there from `folder` is left as written."""
    if isinstance(value, list):
        return [_rooted(item, folder, root) for item in value]
    if isinstance(value, dict):
        return {k: v if k == "text" else _rooted(v, folder, root) for k, v in value.items()}
    if isinstance(value, str) and "//" not in value and ("." in value or "/" in value):
        text = value.strip()
        if text.startswith("/"):
            return text
        rel = posixpath.normpath(posixpath.join(folder, text))
        if root is not None and (rel.startswith("../") or not (root / rel).exists()):
            return text
        return "/" + rel
    return value


def merge(base: Any, override: Any) -> Any:
    """Quarto's merge of metadata: maps merged key by key, the later (`override`) winning for
    plain values; where either side is a list, both are joined without repeats, earlier first."""
    if isinstance(base, list) or isinstance(override, list):
        if base is None:
            return override
        if override is None:
            return base
        joined = (base if isinstance(base, list) else [base]) + (
            override if isinstance(override, list) else [override]
        )
        seen: set[str] = set()
        kept = []
        for value in joined:
            key = json.dumps(value, sort_keys=True, default=str)
            if key not in seen:
                seen.add(key)
                kept.append(value)
        return kept
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    return base if override is None else override


# ------------------------------------------------------------------------------------------------
# The layers: `_quarto.yml` < each `_metadata.yml`, outermost first < the document

# Metadata naming a file: resolved from the file that names it, as Quarto does.
PATH_KEYS = ("bibliography", "csl", "image")
# A layer: its keys, the line of each, the path messages show, and its folder from the root.
Layer = tuple[dict[str, Any], dict[str, int], str, str]


def layered(
    layers: list[Layer],
    document: dict[str, Any],
    doc_rel: str,
    doc_lines: dict[str, int],
    root: Path | None = None,
) -> tuple[dict[str, Any], dict[str, tuple[str, int]]]:
    """The document's metadata with the outer layers merged under it, in Quarto's order (the
    inner one wins), and where each top-level key was written. Each layer's `format: html:`
    keys count as its own (they win over its top-level ones), and the files an outer layer
    names (`bibliography`, `csl`, `image`) are made relative to the document's folder."""
    own = with_html_format(document)
    origins = {key: (doc_rel, doc_lines.get(key, 1)) for key in own}
    if not layers:
        return own, origins
    merged: dict[str, Any] = {}
    outer: dict[str, tuple[str, int]] = {}
    doc_folder = posixpath.dirname(doc_rel)
    for data, lines, rel, folder in layers:
        data = _relocated(with_html_format(data), folder, doc_folder, root)
        merged = merge(merged, data)
        outer.update({key: (rel, lines.get(key, 1)) for key in data})
    return merge(merged, own), outer | origins


def with_html_format(data: dict[str, Any]) -> dict[str, Any]:
    """A layer with its `format: html:` options as top-level keys (where they win)."""
    fmt = data.get("format")
    html = fmt.get("html") if isinstance(fmt, dict) else None
    if not isinstance(html, dict) or not html:
        return data
    return {**data, **{k: v for k, v in html.items() if isinstance(k, str)}}


def _relocated(
    data: dict[str, Any], folder: str, doc_folder: str, root: Path | None = None
) -> dict[str, Any]:
    """A layer's file names (`PATH_KEYS`) as paths from the document's folder: written in a
    file of `folder`, they name files beside it (or, starting with `/`, from the root). As
    Quarto does, a name is moved only when that file exists (with `root` to look in): else
    it stays as written, a path from the document (`../library.bib` in `blog/_metadata.yml`
    for posts at `blog/x/index.qmd`)."""
    if folder == doc_folder or not any(key in data for key in PATH_KEYS):
        return data

    def moved(value: object) -> object:
        if isinstance(value, list):
            return [moved(v) for v in value]
        if not isinstance(value, str) or not value.strip() or "://" in value:
            return value
        text = value.strip()
        target = posixpath.normpath(
            text[1:] if text.startswith("/") else posixpath.join(folder, text) or "."
        )
        if root is not None and not text.startswith("/") and not (root / target).exists():
            return value
        return posixpath.relpath(target, doc_folder or ".")

    return {key: moved(v) if key in PATH_KEYS else v for key, v in data.items()}


# ------------------------------------------------------------------------------------------------
# Authors


class Author(NamedTuple):
    """One author as the byline shows them: a name, and a link when Quarto's `url` is set."""

    name: str
    url: str = ""


def read_authors(value: object) -> tuple[Author, ...] | None:
    """Quarto's `author`: a name, a list of names, or author objects; None when unreadable."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    authors = []
    for item in items:
        if isinstance(item, str | int | float):
            if str(item).strip():
                authors.append(Author(str(item).strip()))
        elif isinstance(item, dict):
            name = _author_name(item.get("name") or _name_parts(item))
            if name is None:
                return None
            url = item.get("url", "")
            authors.append(Author(name, str(url).strip() if isinstance(url, str) else ""))
        else:
            return None
    return tuple(authors)


def _name_parts(item: dict[str, Any]) -> dict[str, Any] | None:
    """The name parts (`given`, `family`, particles) written directly under an author entry,
    which Quarto gathers into the author's name."""
    parts = {k: item[k] for k in _NAME_PARTS if k in item}
    return parts or None


_NAME_PARTS = ("given", "family", "dropping-particle", "non-dropping-particle")


def _author_name(value: object) -> str | None:
    """An author object's `name`: text, or `{given, family}` (or `literal`) as Quarto reads it."""
    if isinstance(value, str | int | float) and str(value).strip():
        return str(value).strip()
    if isinstance(value, dict):
        if isinstance(value.get("literal"), str) and value["literal"].strip():
            return str(value["literal"]).strip()
        parts = [value.get(k) for k in ("given", "dropping-particle", "non-dropping-particle")]
        parts.append(value.get("family"))
        words = [str(p).strip() for p in parts if isinstance(p, str | int) and str(p).strip()]
        return " ".join(words) or None
    return None


# ------------------------------------------------------------------------------------------------
# Dates

_NUMERIC = compile_later(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$")
_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June")
_MONTHS += ("July", "August", "September", "October", "November", "December")


class DateReading(NamedTuple):
    """A date as read: the value, whether a time was given, and a note when it was ambiguous."""

    value: datetime
    has_time: bool
    ambiguous: str = ""  # how an ambiguous numeric date was read, for a warning


def special_date(value: object, path: str) -> DateReading | None:
    """Quarto's date keywords: `today`, `now`, `last-modified` (the file's modification time)."""
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    if word == "today":
        today = date.today()
        return DateReading(datetime(today.year, today.month, today.day), False)
    if word == "now":
        return DateReading(datetime.now().replace(microsecond=0), True)
    if word == "last-modified":
        try:
            moment = datetime.fromtimestamp(os.stat(path).st_mtime)  # noqa: PTH116
        except OSError:
            return None
        return DateReading(moment.replace(microsecond=0), True)
    return None


def numeric_date(text: str) -> DateReading | None:
    """`03/04/2022`: month first as Quarto reads it, day first only when the month cannot be;
    the reading is noted when both could be a month."""
    match = _NUMERIC.match(text.strip())
    if match is None:
        return None
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if len(match.group(4)) == 2:
        year += _century(match.group(0))
    month, day = (first, second) if first <= 12 else (second, first)
    try:
        value = datetime(year, month, day)
    except ValueError:
        return None
    note = ""
    if first <= 12 and second <= 12 and first != second:
        note = f"read as {_MONTHS[month - 1]} {day}, {year} (month first, as Quarto reads it)"
    return DateReading(value, False, note)


def _century(text: str) -> int:
    """The century of a two-digit year: Quarto's own `MM/dd/yy` and `MM-dd-yy` put it in the
    2000s; any other (`2/9/23`, `09.20.24`) falls to its guess (moment-guess, read by dayjs),
    which puts 69-99 in the 1900s and the rest in the 2000s."""
    if re.fullmatch(r"\d\d([/-])\d\d\1\d\d", text.strip()):
        return 2000
    return 1900 if int(text.strip()[-2:]) > 68 else 2000


# A date in words as JavaScript's `Date` reads it (Quarto's last resort, under Deno's V8):
# words and numbers between any of space, comma, hyphen, slash and dot, and a time at the end.
_WORDS_TIME = compile_later(r"^(.*?)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?$", re.IGNORECASE)
_WORDS_PARTS = compile_later(r"[\s,./-]+")
_MONTH_PREFIXES = tuple(month[:3].lower() for month in _MONTHS)


def words_date(text: str) -> DateReading | None:
    """`November-19-2023`, `19-Nov-2023`, `Sunday, November 19, 2023 10:30`: one month named
    (by its first three letters, as V8 reads it), words before the first number ignored, the
    day before a year unless the first number cannot be a day, a two-digit year in 1950-2049."""
    found = _WORDS_TIME.match(text.strip())
    clock = _clock(found.groups()[1:]) if found else (0, 0, 0)
    read = _month_day_year(found.group(1) if found else text.strip())
    if clock is None or read is None:
        return None
    try:
        value = datetime(read[2], read[0], read[1], *clock)
    except ValueError:  # `February 30`: JavaScript moves on to March; a warning says more
        return None
    return DateReading(value, found is not None)


def _month_day_year(text: str) -> tuple[int, int, int] | None:
    """The month, day and year of a date in words (its time taken off), or None."""
    read = _month_and_numbers(text)
    if read is None:
        return None
    month, numbers = read
    if len(numbers) == 1:  # `Nov-2023`: the first of the month
        if numbers[0] <= 31:
            return None
        numbers = [1, numbers[0]]
    day, year = numbers if 1 <= numbers[0] <= 31 else numbers[::-1]
    year += 2000 if year < 50 else 1900 if year < 100 else 0
    return month, day, year


def _month_and_numbers(text: str) -> tuple[int, list[int]] | None:
    """The one month a date in words names and its one or two numbers, or None when a word
    after the first number is no month or a part is neither a word nor a number (`19th`)."""
    parts = [p for p in _WORDS_PARTS.split(text) if p]
    months = [i for i, p in enumerate(parts) if p[:3].lower() in _MONTH_PREFIXES]
    numbers = [i for i, p in enumerate(parts) if p.isdigit()]
    # Words before the first number are ignored (a weekday); after it only the month may be.
    kept = set(range(numbers[0] if numbers else len(parts))) | set(months) | set(numbers)
    if len(kept) < len(parts) or len(months) != 1 or not 1 <= len(numbers) <= 2:
        return None
    if not all(parts[i].isalpha() for i in kept.difference(numbers)):
        return None
    return _MONTH_PREFIXES.index(parts[months[0]][:3].lower()) + 1, [int(parts[i]) for i in numbers]


def text_date(text: str) -> datetime | None:
    """A date written as text in a field other than a post's own `date` (a listing's
    `date-modified`, a data item's date), read as that date is: ISO, numeric or in words."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        reading = numeric_date(text) or words_date(text)
        return reading.value if reading else None


def _clock(groups: tuple[str | Any, ...]) -> tuple[int, int, int] | None:
    """Hours, minutes and seconds from a time's parts (`10`, `30`, `15`, `pm`), or None."""
    hour, minute, second = int(groups[0]), int(groups[1]), int(groups[2] or 0)
    if groups[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if groups[3].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


# Quarto's named date formats (dayjs patterns, English), and the dayjs tokens blogs use.
_NAMED_FORMATS = {
    "full": "dddd, MMMM D, YYYY",
    "long": "MMMM D, YYYY",
    "medium": "MMM D, YYYY",
    "short": "M/D/YY",
    "iso": "YYYY-MM-DD",
}
_TOKENS = {
    "YYYY": "%Y",
    "YY": "%y",
    "MMMM": "%B",
    "MMM": "%b",
    "MM": "%m",
    "M": "%-m",
    "DD": "%d",
    "D": "%-d",
    "Do": "%-d",
    "dddd": "%A",
    "ddd": "%a",
    "HH": "%H",
    "H": "%-H",
    "hh": "%I",
    "h": "%-I",
    "mm": "%M",
    "ss": "%S",
    "A": "%p",
    "a": "%p",
}
_TOKEN = compile_later(r"\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a")


def strftime_pattern(value: object) -> str | None:
    """A Quarto `date-format` (a named format or a dayjs pattern) as a strftime pattern."""
    if not isinstance(value, str) or not value.strip():
        return None
    pattern = _NAMED_FORMATS.get(value.strip(), value.strip())
    if "%" in pattern:  # already strftime (quizsite's own date_format)
        return pattern

    def token(match: re.Match[str]) -> str:
        if match.group(1) is not None:  # [literal text]
            return match.group(1).replace("%", "%%")
        return _TOKENS[match.group(0)]

    out = []
    last = 0
    for match in _TOKEN.finditer(pattern):
        out.append(pattern[last : match.start()].replace("%", "%%"))
        out.append(token(match))
        last = match.end()
    out.append(pattern[last:].replace("%", "%%"))
    return "".join(out)


# ------------------------------------------------------------------------------------------------
# Table of contents (`toc: true`)

_UNSAFE_ID = compile_later(r"[^\w\- .]")


def heading_id(text: str, taken: set[str]) -> str:
    """Pandoc's identifier for a heading's text: lowercase, punctuation dropped, spaces as
    hyphens, nothing before the first letter; `-1`, `-2`, … when already taken."""
    words = _UNSAFE_ID.sub("", text.lower()).strip()
    words = re.sub(r"\s+", "-", words)
    words = re.sub(r"^[^a-z]+", "", words) or "section"
    ident, n = words, 0
    while ident in taken:
        n += 1
        ident = f"{words}-{n}"
    taken.add(ident)
    return ident


def image_resource(source: Any, image: object) -> tuple[str, Path] | None:
    """A post's `image` as a file to publish, and where (as a link to it from the page
    expects it): one outside a folder post's own folder, such as a `_metadata.yml`'s shared
    banner (`../banner.png` by then), or beside a flat post. None for a URL, a folder post's
    own file (published with the folder) or a file that is not there."""
    if not isinstance(image, str) or not image.strip() or "://" in image:
        return None  # most posts: no image, or one on another site
    from .doclinks import page_dir

    path = image.strip().split("#")[0].split("?")[0]
    here = posixpath.dirname(source.rel)
    rel = posixpath.normpath(path.lstrip("/") if path.startswith("/") else f"{here}/{path}")
    if rel.startswith("../") or rel == "..":
        return None  # outside the site
    if source.is_folder_post and not posixpath.relpath(rel, here or ".").startswith("../"):
        return None
    if not (source.root / rel).is_file():
        return None
    published = posixpath.normpath(
        posixpath.join(page_dir(source), posixpath.relpath(rel, here or "."))
    )
    return None if published.startswith("../") else (published, source.root / rel)
