"""Diagnostics: every problem points at `path:line`, carries a hint, and is reported all at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class SourceLocation(NamedTuple):
    """A place in an input file; `path` is relative to the site root, `line` is 1-based."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


class Diagnostic(NamedTuple):
    """One problem found in the input, with a hint on how to fix it."""

    location: SourceLocation
    message: str
    hint: str = ""
    severity: Severity = "error"
    code: str = ""  # names a family of diagnostics a setting treats alike (quiz_lint.py)

    def format(self) -> str:
        """Render as `path:line: severity: message`, with the hint on an indented second line."""
        head = f"{self.location}: {self.severity}: {self.message}"
        return f"{head}\n  hint: {self.hint}" if self.hint else head


def error(path: str, line: int | None, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(SourceLocation(path, line), message, hint, "error")


def warning(path: str, line: int | None, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(SourceLocation(path, line), message, hint, "warning")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error rather than a warning."""
    return any(d.severity == "error" for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Order by file then line, so the report reads top to bottom."""
    return tuple(sorted(diagnostics, key=lambda d: (d.location.path, d.location.line or 0)))


class BuildFailed(Exception):
    """The input has errors; carries every diagnostic found (errors and warnings)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(Exception):
    """The command was asked to do something it must refuse (exit status 2)."""
