"""Where each line of a document's expanded body came from (`LineMap`): every pass that reports
a problem at a body line places it through one. Apart from includes.py, which pastes included
files in and only a document with an include shortcode loads."""

from __future__ import annotations

from typing import NamedTuple

from .errors import Diagnostic, SourceLocation


class LineMap(NamedTuple):
    """Where each line of a document's expanded body came from: `path:line` per 0-based line."""

    rel: str
    first_line: int  # the file line of the body's first line
    origins: tuple[tuple[str, int], ...] = ()  # empty when nothing was included

    def locate(self, line: int | None) -> SourceLocation:
        """The file and 1-based line of a 0-based body line (None: the body's first line)."""
        line = line or 0
        if self.origins and 0 <= line < len(self.origins):
            return SourceLocation(*self.origins[line])
        return SourceLocation(self.rel, line + self.first_line)

    def relocate(self, diagnostic: Diagnostic) -> Diagnostic:
        """A diagnostic recorded at a 0-based body line, placed at its file and line."""
        return Diagnostic(
            self.locate(diagnostic.location.line),
            diagnostic.message,
            diagnostic.hint,
            diagnostic.severity,
        )
