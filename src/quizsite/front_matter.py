"""A post's front matter: the `---` YAML (or `+++` TOML) header split from the body, read
through python-frontmatter's handlers (the format told by its fence) with libyaml under guards
(depth, size, lone surrogates), and where each top-level key was written."""

from __future__ import annotations

import re
import tomllib
from typing import TYPE_CHECKING, Any, NamedTuple

import frontmatter
import yaml

from .errors import Diagnostic, error
from .patterns import compile_later

if TYPE_CHECKING:
    from .sources import SourceFile


class FrontMatter(NamedTuple):
    """The parsed YAML header and the Markdown body below it."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts


# libyaml's loader when PyYAML was built with it: the pure-Python one is far slower.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_KEY = re.compile(r"([\w-]+)\s*[:=]")  # a top-level key: at the start of its line
# libyaml's composer recurses in C: tens of thousands of `[` crash the interpreter outright.
MAX_YAML_DEPTH = 50
# Anchors and aliases can describe a value far larger than its text (the "billion laughs").
MAX_YAML_NODES = 10_000
# The value errors PyYAML's constructors let escape, instead of a YAMLError, on bad scalars:
# `2024-02-30`, `!!int abc`, `!!bool maybe`, an integer of more than 4300 digits, ...
_CONSTRUCTOR_FAILURES = (ValueError, TypeError, KeyError, AttributeError, OverflowError)
_BAD_VALUE = "cannot read the value"


class _FrontMatterLoader(_YAML_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader, with bad values reported as YAML errors at their line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct as usual; a value the constructor cannot convert becomes a YAMLError."""
        try:
            return super().construct_object(node, deep)
        except _CONSTRUCTOR_FAILURES as exc:
            shown = str(node.value)
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            raise yaml.constructor.ConstructorError(
                None, None, f"{_BAD_VALUE} {shown!r} ({exc})", node.start_mark
            ) from None


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """A date YAML cannot build (`2024-02-30`) stays text, for the date check to name."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except _CONSTRUCTOR_FAILURES:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


class _PlainLoader(_YAML_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader with lenient dates: what `_FrontMatterLoader` reads, when all is well."""


_PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def nesting_problem(header: str) -> int | None:
    """The 0-based header line where nesting passes MAX_YAML_DEPTH, if it does."""
    # Deep nesting takes one of these per level (indentation alone would need huge lines),
    # so ordinary front matter is let through without a second parse.
    if sum(map(header.count, ("[", "{", "- ", "? "))) <= MAX_YAML_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(header, Loader=_YAML_LOADER):  # libyaml's parser does not recurse
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark.line if event.start_mark is not None else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        # Newer PyYAML releases stop deep nesting themselves; it is the same problem.
        if "nesting depth" not in str(exc):
            raise
        mark = getattr(exc, "problem_mark", None)
        return int(mark.line) if mark is not None else 0
    return None


def _too_large(data: object) -> bool:
    """True when the value, with every alias expanded, has more than MAX_YAML_NODES parts."""
    pending, count = [data], 0
    while pending:
        value = pending.pop()
        count += 1
        if count > MAX_YAML_NODES:
            return True  # also where an alias refers to its own container: that never ends
        if isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list | tuple | set):
            pending.extend(value)
    return False


_SURROGATE = compile_later("[\ud800-\udfff]")


def _mend_surrogates(data: Any, key: str = "") -> tuple[Any, str | None]:
    """`data` with UTF-16 pairs written as two escapes (`\\ud83d\\ude00`, as JSON writes
    them) joined into their character; and the top-level key of a lone half, if one is left
    (it could never be written out as UTF-8)."""
    if isinstance(data, str):
        if not _SURROGATE.search(data):
            return data, None
        joined = data.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return joined, (key or "?") if "\ufffd" in joined and "\ufffd" not in data else None
    if isinstance(data, list):
        mended = [_mend_surrogates(item, key) for item in data]
        bad = next((b for _, b in mended if b is not None), None)
        return [item for item, _ in mended], bad
    if isinstance(data, dict):
        return _mend_mapping(data, key)
    return data, None


def _mend_mapping(data: dict[Any, Any], key: str) -> tuple[dict[Any, Any], str | None]:
    """A mapping with its keys and values mended; stops at the first lone half."""
    result: dict[Any, Any] = {}
    for name, value in data.items():
        below = key or str(name)
        name, bad_name = _mend_surrogates(name, below)
        result[name], bad = _mend_surrogates(value, below)
        if bad or bad_name:
            return result, bad or bad_name
    return result, None


def _mended(source: SourceFile, data: Any) -> Any:
    """Front matter with escaped UTF-16 pairs joined, or an error at a lone half's key."""
    data, bad = _mend_surrogates(data)
    if bad is None:
        return data
    return error(
        source.rel,
        front_matter_lines(source).get(bad, 2),
        f"the value of '{bad}' holds an escape that is no character (\\uD800-\\uDFFF)",
        "write the character itself, or a \\U escape of its code point",
    )


def _first_line(text: str) -> tuple[int, str, int]:
    """The first line that is not blank (Quarto skips blank lines): its 0-based number, its
    text and the offset after it; (0, first line, its end) when every line is blank."""
    number, pos = 0, 0
    while True:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.strip() or end < 0:
            if not line.strip():  # all blank
                end = text.find("\n")
                return (
                    0,
                    text[: end if end >= 0 else len(text)],
                    (end + 1 if end >= 0 else len(text)),
                )
            return number, line, (len(text) if end < 0 else end + 1)
        number, pos = number + 1, end + 1


def _header(text: str, pos: int, fence: re.Pattern[str]) -> tuple[list[str], int, int | None]:
    """The header lines from offset `pos` up to the closing `fence`, how many lines that is,
    and the offset where the body starts (None: the header is never closed). Only the header
    is read: the body can be long."""
    lines: list[str] = []
    while pos <= len(text):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if fence.match(line):
            return lines, len(lines), (len(text) if end < 0 else end + 1)
        lines.append(line)
        if end < 0:
            break
        pos = end + 1
    return lines, len(lines), None


def front_matter_lines(source: SourceFile) -> dict[str, int]:
    """The file line of each top-level front-matter key, for messages."""
    found: dict[str, int] = {}
    first, line, after = _first_line(source.text)
    fence = _TOML_FENCE if line.startswith("+") else _FENCE
    lines, _, _ = _header(source.text, after, fence)
    for number, text in enumerate(lines, start=first + 2):
        if match := _KEY.match(text):
            found.setdefault(match.group(1), number)
    return found


class _YamlFront(frontmatter.default_handlers.YAMLHandler):
    """python-frontmatter's YAML handler, loading with quizsite's guarded loader."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        """The header's data; a YAMLError (with its marks) for anything unreadable."""
        deep = nesting_problem(fm)
        if deep is not None:
            raise _TooDeep(deep)
        if not fm.strip():
            return {}
        try:  # the plain loader first: the guarded one's extra step per value costs
            return yaml.load(fm, Loader=_PlainLoader)
        except _CONSTRUCTOR_FAILURES:  # read again to say where the bad value is
            return yaml.load(fm, Loader=_FrontMatterLoader)


class _TomlFront(frontmatter.default_handlers.BaseHandler):
    """TOML front matter between `+++` lines (Hugo's), read with the standard library."""

    FM_BOUNDARY = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        """The header's table; tomllib.TOMLDecodeError when it is not TOML."""
        return tomllib.loads(fm)


class _TooDeep(Exception):
    """The header nests deeper than MAX_YAML_DEPTH, at this 0-based header line."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


_HANDLERS = (_YamlFront(), _TomlFront())
_TOML_FENCE = compile_later(r"^\+\+\+[ \t]*$")


def _handler(opening: str) -> frontmatter.default_handlers.BaseHandler | None:
    """The format whose fence the opening line is (YAML's `---`, TOML's `+++`), if any, as
    python-frontmatter detects it."""
    return frontmatter.detect_format(opening.rstrip() + "\n", _HANDLERS)


def split_front_matter(source: SourceFile) -> FrontMatter | Diagnostic:
    """Split the `---` YAML (or `+++` TOML) header from the body, keeping the body's line."""
    text = source.text
    if (not text or text.isspace()) and (source.page or source.quarto):
        return FrontMatter({}, text, 1)  # Quarto renders an empty document as an empty page
    if not text or text.isspace():
        return error(
            source.rel, 1, "the file is empty", 'start it with front matter: ---, title: "...", ---'
        )
    first, opening, after = _first_line(text)
    handler = _handler(opening)
    if handler is None and (source.page or source.quarto):  # Quarto renders it as it is
        return FrontMatter({}, source.text, 1)
    if handler is None:
        return error(
            source.rel,
            first + 1,
            "missing front matter",
            'the first line must be --- followed by at least title: "..." and a closing ---',
        )
    fence = _TOML_FENCE if isinstance(handler, _TomlFront) else _FENCE
    lines, count, body_at = _header(text, after, fence)
    if body_at is None:
        return error(
            source.rel,
            first + 1,
            "front matter opened here is never closed",
            f"add a line with {opening.strip()} after the last front-matter key",
        )
    header = "\n".join(lines)
    data = _load(source, handler, header, first)
    if isinstance(data, Diagnostic):
        return data
    return FrontMatter(data, text[body_at:], first + count + 3)


def _load(
    source: SourceFile, handler: Any, header: str, first: int, mends: int = 8
) -> dict[str, Any] | Diagnostic:
    """The header's data, or the error at the line of what is wrong with it (`first`: the
    0-based line of the opening fence)."""
    try:
        data = handler.load(header)
    except _TooDeep as exc:
        return error(
            source.rel,
            exc.line + first + 2,
            f"front matter is nested more than {MAX_YAML_DEPTH} levels deep",
            "front matter holds simple keys, lists and short mappings; flatten it",
        )
    except yaml.YAMLError as exc:
        mended = _key_after_closing_quote(header, exc) if mends else None
        if mended is not None:
            return _load(source, handler, mended, first, mends - 1)
        return _yaml_problem(source.rel, exc, first + 2)
    except tomllib.TOMLDecodeError as exc:
        return _toml_problem(source.rel, exc, first)
    return _checked(source, data, header, first)


def _key_after_closing_quote(header: str, exc: yaml.YAMLError) -> str | None:
    """The header with a line break after a quote that closes a value begun on an earlier
    line when the next key follows it on the same line (`'feature.png` then
    `'categories: [ml]`), as js-yaml, Quarto's reader, reads it; None for any other error."""
    mark = getattr(exc, "problem_mark", None)
    lines = header.split("\n")
    if mark is None or mark.line >= len(lines) or mark.column < 1:
        return None
    line = lines[mark.line]
    quote = line[: mark.column]
    if quote.strip() not in ("'", '"') or not line[mark.column :].strip():
        return None
    indent = quote[: len(quote) - len(quote.lstrip())]
    lines[mark.line] = f"{quote}\n{indent}{line[mark.column :].lstrip()}"
    return "\n".join(lines)


def _checked(source: SourceFile, data: Any, header: str, first: int) -> dict[str, Any] | Diagnostic:
    """The loaded header once it is a mapping of reasonable size with no lone surrogate."""
    if _too_large(data):
        return error(
            source.rel,
            first + 2,
            f"front matter is too large once its *aliases are expanded "
            f"(more than {MAX_YAML_NODES:,} values)",
            "write the values out instead of repeating &anchors",
        )
    if "\\u" in header or "\\U" in header:  # escapes are the only way to a lone surrogate
        data = _mended(source, data)
        if isinstance(data, Diagnostic):
            return data
    if not isinstance(data, dict):
        return error(
            source.rel,
            first + 2,
            "front matter must be a set of `key: value` lines",
            'for example: title: "My quiz"',
        )
    return data


def _toml_problem(rel: str, exc: tomllib.TOMLDecodeError, first: int) -> Diagnostic:
    """An invalid-TOML error at the file line tomllib names."""
    match = re.search(r"at line (\d+)", str(exc))
    reason = re.sub(r" \(at line.*", "", str(exc))
    line = int(match.group(1)) + first + 1 if match else first + 2
    return error(
        rel,
        line,
        f"invalid TOML in front matter: {reason}",
        'strings need double quotes: title = "My quiz"',
    )


def _yaml_problem(rel: str, exc: yaml.YAMLError, offset: int) -> Diagnostic:
    """An invalid-YAML error at the file line of the mistake (`offset`: the header's first)."""
    # Where a construct began (an unclosed quote) says more than where parsing gave up.
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    line = mark.line + offset if mark is not None else offset
    problem = getattr(exc, "problem", None) or str(exc)
    if context := getattr(exc, "context", None):
        problem = f"{problem} {context}"
    if "escape" in problem:
        hint = "write the character itself, or a \\U escape of its code point"
    elif "quoted scalar" in problem:
        hint = "close the quotes on that line"
    elif problem.startswith(_BAD_VALUE):
        hint = 'put the value in quotes to keep it as text: key: "..."'
    else:
        hint = 'quote values that contain a colon or start with a special character: title: "A: B"'
    return error(rel, line, f"invalid YAML in front matter: {problem}", hint)
