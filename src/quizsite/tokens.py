"""Walking markdown-it's flat token stream by its nesting."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token


def matching_close(tokens: Sequence[Token], start: int) -> int:
    """Index of the token that closes the one opened at `start`."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1
