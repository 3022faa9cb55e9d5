"""Code cells as Quarto reads them: `#|` options and R chunk headers (a document's defaults for
all its cells are cell_defaults.py's: every document reads those, only one with cells these).

A cell's options come from three places, later ones winning: the document's `execute:` (and
`format: html:` code-display keys), the chunk header of an R Markdown cell
(```` ```{r setup, include=FALSE} ````), and the `#|` lines at the top of the code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml

# The comment that starts an option line, by how the cell's language writes comments; Quarto
# allows spaces before the bar, as code formatters write it (`# | eval: false`).
_OPTION_LINE = re.compile(r"^(?:#|//|--|%%)[ \t]*\|(.*)$")
_OPTION_START = re.compile(r"(?:#|//|--|%%)[ \t]*\|")
_LEADING_BLANK_LINES = re.compile(r"^(?:[ \t]*\n)+")
# One `key=value` (or bare label) of an R chunk header; values may be quoted or a call `c(...)`.
_CHUNK_PART = re.compile(
    r"""\s*([\w.-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\w+\([^)]*\)|[^,]*))?\s*(?:,|$)"""
)
# knitr's chunk options under the names Quarto gives them.
_KNITR_NAMES = {"fig.cap": "fig-cap", "fig.alt": "fig-alt", "fig.width": "fig-width"}


class CellOptions(NamedTuple):
    """The options of one code cell, merged from the document, the header and `#|` lines."""

    values: Mapping[str, Any]

    def flag(self, key: str, default: bool = True) -> bool:
        """A yes/no option; any value other than false (`fenced`, a list of lines) is yes."""
        value = self.values.get(key, default)
        return value is not False and value is not None and str(value).lower() != "false"

    def text(self, key: str) -> str:
        """A text option, or empty."""
        value = self.values.get(key)
        return "" if value is None or isinstance(value, bool) else str(value)

    @property
    def asis(self) -> bool:
        """`output: asis`: markdown and text results are taken as Markdown, not shown as output."""
        return self.values.get("output") == "asis"

    @property
    def fold(self) -> str | None:
        """`code-fold`: None (not folded), "hide" (folded) or "show" (folded, open)."""
        value = self.values.get("code-fold")
        if value is True or str(value).lower() == "true":
            return "hide"
        if str(value).lower() == "show":
            return "show"
        return None


class SplitCell(NamedTuple):
    """A cell's code without its option lines, its options, and a problem reading them."""

    code: str
    options: dict[str, Any]
    problem: str | None = None


def opens_with_options(code: str) -> bool:
    """Whether a cell's code starts with an option line (`#| x`, `# | x`, `//| x`)."""
    return _OPTION_START.match(code) is not None


def split_options(code: str) -> SplitCell:
    """Take the `#|` option lines off the top of a cell's code and read them as YAML."""
    lines = code.split("\n")
    taken: list[str] = []
    for line in lines:
        match = _OPTION_LINE.match(line)
        if match is None:
            break
        taken.append(match.group(1)[1:] if match.group(1).startswith(" ") else match.group(1))
    if not taken:
        return SplitCell(code, {})
    rest = _LEADING_BLANK_LINES.sub("", "\n".join(lines[len(taken) :]))
    options, problem = _read_options("\n".join(taken))
    return SplitCell(rest, dict(options), problem)


@functools.lru_cache(maxsize=512)
def _read_options(text: str) -> tuple[Mapping[str, Any], str | None]:
    """The options of a cell's `#|` lines, and a problem reading them; kept by text, since
    the same few options (`echo: false`) recur across cells and posts (callers copy them)."""
    try:
        options = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (option line {mark.line + 1})" if mark is not None else ""
        return {}, f"cannot read the cell's #| options{where}: {_problem(exc)}"
    if options is None:
        return {}, None
    if not isinstance(options, dict):
        return {}, "the cell's #| lines must be `key: value` options"
    return MappingProxyType({str(k): v for k, v in options.items()}), None


def _problem(exc: yaml.YAMLError) -> str:
    """The short reason PyYAML gives."""
    return str(getattr(exc, "problem", None) or exc).strip()


def chunk_header(info: str) -> tuple[str, dict[str, Any]]:
    """The language and options of an executable cell's header: `{python}`, `{r setup,
    include=FALSE}`, `{r, echo=FALSE, fig.cap="A plot"}`; the label is the option `label`."""
    inner = info.strip()[1:].split("}", 1)[0].strip()
    language, _, rest = inner.partition(" ") if " " in inner.split(",")[0] else inner.partition(",")
    options: dict[str, Any] = {}
    position = 0
    rest = rest.strip().lstrip(",")
    while position < len(rest):
        match = _CHUNK_PART.match(rest, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        key, value = match.group(1), match.group(2)
        if value is None:
            options.setdefault("label", key)
        else:
            _set_knitr_option(options, key, value.strip())
    return language.strip().rstrip(","), options


def _set_knitr_option(options: dict[str, Any], key: str, value: str) -> None:
    """One `key=value` of an R chunk header, as Quarto reads it."""
    parsed = _r_value(value)
    if key == "results":
        if parsed == "asis":
            options["output"] = "asis"
        elif parsed == "hide":
            options["output"] = False
        return
    if key == "message":
        key = "warning" if parsed is False else key  # messages go to stderr, as warnings do
    options[_KNITR_NAMES.get(key, key)] = parsed


def _r_value(value: str) -> Any:
    """An R literal as a Python value: TRUE/FALSE/T/F, NULL, numbers, quoted text."""
    if value in ("TRUE", "T"):
        return True
    if value in ("FALSE", "F"):
        return False
    if value == "NULL":
        return None
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value
