"""Site configuration: `quizsite.toml` read into a frozen `SiteConfig`, every key checked."""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import BuildFailed, Diagnostic, error

CONFIG_NAME = "quizsite.toml"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything a build needs to know about the site; built once, never changed."""

    root: Path
    title: str = "Quiz blog"
    description: str = ""
    author: str = ""
    base_url: str = "/"
    language: str = "en"
    theme: str = "default"
    posts_per_page: int = 10
    date_format: str = "%B %-d, %Y"
    highlight_style: str = "friendly"
    highlight_style_dark: str = "monokai"
    feed_size: int = 20
    publish_answers: bool = False
    drafts: bool = False
    future: bool = False

    @property
    def content_dir(self) -> Path:
        """Where the posts live."""
        return self.root / "content"

    @property
    def origin(self) -> str:
        """`https://host` of the base URL, or "" when base_url is only a path."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, always starting and ending with `/`."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


# Keys an author may set in quizsite.toml, with the type each must have.
_KEY_TYPES: dict[str, type] = {
    "title": str,
    "description": str,
    "author": str,
    "base_url": str,
    "language": str,
    "theme": str,
    "posts_per_page": int,
    "date_format": str,
    "highlight_style": str,
    "highlight_style_dark": str,
    "feed_size": int,
    "publish_answers": bool,
}
_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false"}


def load_config(
    root: Path, *, base_url: str | None = None, drafts: bool = False, future: bool = False
) -> SiteConfig:
    """Read `quizsite.toml` under `root` (if any), apply command-line overrides, validate all keys."""
    path = root / CONFIG_NAME
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    if path.is_file():
        text = path.read_text(encoding="utf-8-sig")
        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"at line (\d+)", str(exc))
            reason = re.sub(r" \(at line.*", "", str(exc))
            raise BuildFailed(
                [
                    error(
                        CONFIG_NAME,
                        int(match.group(1)) if match else None,
                        f"invalid TOML: {reason}",
                        'check quoting: strings need double quotes, e.g. title = "My quizzes"',
                    )
                ]
            ) from None
        problems.extend(_check_keys(values, text))
    if base_url is not None:
        values["base_url"] = base_url
    if "base_url" in values and isinstance(values["base_url"], str):
        problem = _check_base_url(values["base_url"], text if path.is_file() else "")
        if problem:
            problems.append(problem)
        values["base_url"] = _normalise_base_url(values["base_url"])
    if problems:
        raise BuildFailed(problems)
    return SiteConfig(root=root, drafts=drafts, future=future, **values)


def _check_keys(values: dict[str, Any], text: str) -> list[Diagnostic]:
    """Report unknown keys and values of the wrong type, naming each key."""
    problems = []
    for key, value in values.items():
        line = key_line(text, key)
        expected = _KEY_TYPES.get(key)
        if expected is None:
            close = difflib.get_close_matches(key, _KEY_TYPES, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "known keys: " + ", ".join(sorted(_KEY_TYPES))
            )
            problems.append(error(CONFIG_NAME, line, f"unknown key '{key}'", hint))
        elif type(value) is not expected:
            problems.append(
                error(
                    CONFIG_NAME,
                    line,
                    f"'{key}' must be {_TYPE_NAMES[expected]}, not {_describe(value)}",
                    f"for example: {key} = {_example(key)}",
                )
            )
        elif key == "posts_per_page" and isinstance(value, int) and value < 1:
            problems.append(
                error(
                    CONFIG_NAME, line, "'posts_per_page' must be at least 1", "posts_per_page = 10"
                )
            )
    return problems


def _check_base_url(url: str, text: str) -> Diagnostic | None:
    """A base URL is either a path (`/blog/`) or a full http(s) URL."""
    parts = urlsplit(url)
    if url.startswith("/") and not parts.netloc:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return None
    return error(
        CONFIG_NAME,
        key_line(text, "base_url"),
        f"'base_url' must be a full URL or a path starting with '/', not {url!r}",
        'for example: base_url = "https://user.github.io/quiz-blog/"',
    )


def _normalise_base_url(url: str) -> str:
    """End the base URL with exactly one slash so paths join cleanly."""
    return url if url.endswith("/") else url + "/"


def key_line(text: str, key: str) -> int | None:
    """The 1-based line where `key` is assigned, so messages can point at it."""
    match = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _describe(value: object) -> str:
    """A short human description of a TOML value's type."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    return names.get(type(value), "a list" if isinstance(value, list) else "a table")


def _example(key: str) -> str:
    """An example value for a key, in TOML syntax, for hints."""
    default = next(f.default for f in dataclasses.fields(SiteConfig) if f.name == key)
    return str(default) if isinstance(default, int) else f'"{default}"'
