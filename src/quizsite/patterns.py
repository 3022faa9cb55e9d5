"""Regexes compiled at their first use (`compile_later`): a pattern of a syntax few documents
hold, or of a step a small rebuild skips, costs nothing to a build that never reaches it."""

from __future__ import annotations

import re
from typing import Any, cast


class _Later:
    """A pattern's source, compiled when one of its methods is first looked up; each one found
    is then kept on the instance, so that later lookups are a plain attribute's."""

    def __init__(self, source: str, flags: int) -> None:
        self._source = (source, flags)

    def __getattr__(self, name: str) -> Any:
        found = getattr(re.compile(*self._source), name)
        setattr(self, name, found)
        return found


def compile_later(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, done at the pattern's first use."""
    return cast("re.Pattern[str]", _Later(source, flags))
