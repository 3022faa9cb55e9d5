"""Quarto's `_environment` files: `NAME=value` lines (dotenv's) giving a render environment
variables the environment it runs in has not set, the local file's (`_environment.local`)
over each active profile's (`_environment-NAME`, the first profile named first) over the
project's (`_environment`). Their `QUARTO_PROFILE` (the local file's, else the project's)
names the profiles when the environment does not. quizsite never sets them in its own
environment: the values are passed to what reads them (the profiles, `{{< env NAME >}}`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import Diagnostic, warning
from .quarto_names import ENVIRONMENT_NAME, LOCAL_NAMES, first_there, project_file
from .reads import read_env

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

PROFILE_ENV = "QUARTO_PROFILE"
LOCAL_ENVIRONMENT = f"{ENVIRONMENT_NAME}.local"
_LINE = re.compile(r"\s*(?:export\s+)?([^\s=#]+?)\s*=[ \t]*(.*)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# `${NAME}`, `${NAME:-fallback}`, `$NAME` or `$NAME:-fallback` in an unquoted value, read as
# Quarto's dotenv reader (Deno's std/dotenv) reads them: a fallback runs to the value's end
# (`$A:-/default/path`), or to the last `}` (`${A:-${B:-x}}` nests).
_EXPAND = re.compile(
    r"\$\{(?P<braced>.+?)(?::-(?P<braced_default>.+))?\}"
    r"|(?<!\\)\$(?P<bare>\w+)(?::-(?P<bare_default>.+))?"
)
_ESCAPES = {"\\n": "\n", "\\r": "\r", "\\t": "\t"}

Read = Callable[[Path], bytes]
Exists = Callable[[Path], bool]


class Dotenv(NamedTuple):
    """The variables the `_environment` files set, and what in them could not be read."""

    values: Mapping[str, str]
    problems: tuple[Diagnostic, ...]
    # The environment's variables their values were expanded from (`$HOME` in `D=$HOME/d`).
    environ: tuple[str, ...] = ()


def _read(path: Path) -> bytes:
    """A file's bytes, not noted as any parse's input."""
    return path.read_bytes()


def _is_file(path: Path) -> bool:
    """Whether a file is there."""
    return path.is_file()


def parse_dotenv(text: str, name: str) -> Dotenv:
    """The variables one file sets (a later line of a name over an earlier one), and a
    warning at `name:LINE` for each line that is no `NAME=value`. Its lines are read once;
    the values are expanded at each call, from the environment as it is then."""
    written, expand, problems = _read_lines(text, name)
    raw, values = dict(written), dict(written)
    environ: set[str] = set()
    for key in expand:  # each expanded from the values as written, as std/dotenv does
        values[key] = _expanded(values[key], raw, environ)
    return Dotenv(values, problems, tuple(sorted(environ)))


@lru_cache(maxsize=16)
def _read_lines(
    text: str, name: str
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[Diagnostic, ...]]:
    """A file's variables as written, the names of those to expand, and its bad lines."""
    lines = text.splitlines()
    values: dict[str, str] = {}
    expand: list[str] = []
    problems: list[Diagnostic] = []
    at = 0
    while at < len(lines):
        line, number = lines[at], at + 1
        at += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _LINE.fullmatch(line)
        if found is None or not _NAME.fullmatch(found[1]):
            problems.append(_malformed(name, number, found[1] if found else None))
            continue
        key, rest = found[1], found[2]
        if rest[:1] in ("'", '"'):
            quote, body, end = rest[0], rest[1:], at
            while quote not in body and end < len(lines):  # a quoted value may span lines
                body, end = body + "\n" + lines[end], end + 1
            if quote not in body:  # the lines after it are read as lines of their own
                why = f"{key}'s value has no closing {quote}; left out"
                problems.append(warning(name, number, why, f"end the value with {quote}"))
                continue
            at = end
            value = body[: body.index(quote)]
            if quote == '"':
                value = re.sub(r"\\[nrt]", lambda m: _ESCAPES[m[0]], value)
        else:
            value = rest.split("#", 1)[0].strip()
        if rest[:1] not in ("'", '"'):  # std/dotenv expands only unquoted values
            expand.append(key)
        values[key] = value
    return tuple(values.items()), tuple(dict.fromkeys(expand)), tuple(problems)


def _malformed(name: str, line: int, key: str | None) -> Diagnostic:
    """The warning for a line that sets no variable."""
    if key is None:
        return warning(name, line, "not a NAME=value line; left out", "write NAME=value")
    return warning(
        name,
        line,
        f"{key!r} is not a variable's name; left out",
        "a name is letters, digits and _, and does not start with a digit",
    )


def _expanded(value: str, values: Mapping[str, str], environ: set[str], depth: int = 0) -> str:
    """`value` with each `$NAME` replaced by the file's value of NAME, else the environment's
    (its name added to `environ`), else its fallback (itself expanded), else nothing; what a
    value brings in is expanded in turn, as std/dotenv does (a few levels deep: `A=$A` does
    not loop)."""
    if depth > 8 or "$" not in value or _EXPAND.search(value) is None:
        return value

    def one(found: re.Match[str]) -> str:
        name = found["braced"] or found["bare"]
        known = values.get(name)
        if known is None:
            environ.add(name)
            known = os.environ.get(name)
        if known is not None:
            return known
        fallback = found["braced_default"] or found["bare_default"] or ""
        return _expanded(fallback, values, environ, depth + 1)

    return _expanded(_EXPAND.sub(one, value), values, environ, depth + 1)


def environment_files(
    root: Path, profiles: tuple[str, ...], exists: Exists = _is_file
) -> list[Path]:
    """The `_environment` files there, the one whose values win first: the local file, each
    active profile's (the first named first), the project's."""
    names = (LOCAL_ENVIRONMENT, *(f"{ENVIRONMENT_NAME}-{p}" for p in profiles), ENVIRONMENT_NAME)
    return [root / name for name in names if exists(root / name)]


def file_environment(
    root: Path, profiles: tuple[str, ...], read: Read = _read, exists: Exists = _is_file
) -> Dotenv:
    """The variables the project's `_environment` files set for a render with `profiles`
    active (the environment's own values are not among them), and their problems."""
    values: dict[str, str] = {}
    problems: list[Diagnostic] = []
    environ: list[str] = []
    for path in environment_files(root, profiles, exists):
        found = _parsed(path, read)
        for key, value in found.values.items():
            values.setdefault(key, value)
        problems.extend(found.problems)
        environ.extend(found.environ)
    return Dotenv(values, tuple(problems), tuple(dict.fromkeys(environ)))


def _parsed(path: Path, read: Read) -> Dotenv:
    """One `_environment` file's variables, or a warning that it cannot be read."""
    try:
        return parse_dotenv(read(path).decode("utf-8-sig"), path.name)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not valid UTF-8"
        return Dotenv({}, (warning(path.name, None, f"cannot read this file: {reason}", ""),))


def dotenv_profile(root: Path, read: Read = _read, exists: Exists = _is_file) -> str:
    """The profiles the `_environment` files name (`QUARTO_PROFILE`: the local file's, else
    the project's), "" for none."""
    for name in (LOCAL_ENVIRONMENT, ENVIRONMENT_NAME):
        if exists(path := root / name) and (named := _parsed(path, read).values.get(PROFILE_ENV)):
            return named
    return ""


def active_profiles_at(
    root: Path, read: Read = _read, exists: Exists = _is_file
) -> tuple[str, ...]:
    """The active profiles of the project at `root` (for a folder that is no project, those
    `QUARTO_PROFILE` names; none when its files cannot be read: the configuration says so)."""
    from .quarto_profiles import active_profiles, profiles_of

    project = project_file(root, exists)
    if project is None:
        return tuple(active_profiles(None))
    local = first_there(root, LOCAL_NAMES, exists)
    try:
        return profiles_of(
            read(project).decode("utf-8-sig"),
            read(local).decode("utf-8-sig") if local is not None else "",
            dotenv_profile(root, read, exists),
        )
    except (OSError, UnicodeDecodeError):
        return ()


def render_environment(
    root: Path, read: Read = _read, exists: Exists = _is_file
) -> tuple[Dotenv, tuple[str, ...]]:
    """The variables the `_environment` files set for a render of the project at `root`,
    and the active profiles; nothing for a folder that is no Quarto project."""
    if project_file(root, exists) is None:
        return Dotenv({}, ()), ()
    profiles = active_profiles_at(root, read, exists)
    return file_environment(root, profiles, read, exists), profiles


def env_value(name: str, files: Dotenv, profiles: tuple[str, ...]) -> str | None:
    """An environment variable as a render sees it: the environment's own value, else the
    `_environment` files'; `QUARTO_PROFILE` names the active profiles, as Quarto sets it.
    Each variable of the environment it depends on is noted as read (`reads.read_env`), so a
    build run with another value reads it again."""
    if name == PROFILE_ENV and profiles:
        return ",".join(profiles)
    value = read_env(name)
    if value is None and name in files.values:
        for used in files.environ:  # the files' values were expanded from these
            read_env(used)
        value = files.values[name]
    return value


def env_lookup(
    root: Path | None, read: Read = _read, exists: Exists = _is_file
) -> Callable[[str], str | None]:
    """`env_value` for the project at `root`, its `_environment` files read at the first
    lookup (through `read`, so a parse notes them)."""
    found: list[tuple[Dotenv, tuple[str, ...]]] = []

    def lookup(name: str) -> str | None:
        if not found:
            found.append(render_environment(root, read, exists) if root else (Dotenv({}, ()), ()))
        return env_value(name, *found[0])

    return lookup


def env_shortcode(
    state: StateCore,
    args: list[str],
    options: dict[str, str],
    warn: Callable[[str, str], list[Token]],
) -> list[Token]:
    """`{{< env NAME fallback >}}`: an environment variable (the `_environment` files' when the
    environment has none), else the fallback, as text (its reads noted as the parse's)."""
    from markdown_it.token import Token

    from .embeds import ROOT_KEY
    from .reads import input_exists, read_input

    if not args:
        return warn("env shortcode names no variable", "write {{< env NAME >}}")
    value = env_lookup(state.env.get(ROOT_KEY), read_input, input_exists)(args[0])
    if value is None and len(args) < 2:
        return warn(f"environment variable {args[0]!r} is not set", "set it in _environment")
    return [Token("text", "", 0, content=args[1] if value is None else value)]
