"""A pipe table whose header has more cells than its delimiter row, read as Pandoc reads it.

Pandoc takes a pipe table's columns from its delimiter row (`|:--|:--|`) and drops the cells
of the header and of each row beyond them; markdown-it wants the header and the delimiter row
to agree, or reads no table at all (its pipes, and the caption under it, shown as text). When
markdown-it's rule finds no table there, the header's extra cells are blanked (the line keeps
its length, so every position in the source stays where it was) and the rule is asked again.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

Rule = Callable[[StateBlock, int, int, bool], bool]
_DELIMITER_CHARS = frozenset("|-: \t")


def pipe_table_width_plugin(md: MarkdownIt) -> None:
    """Wrap markdown-it's pipe table rule so a header wider than its delimiter row reads."""
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "table")
    md.block.ruler.at("table", _sized_by_delimiters(rule.fn), {"alt": list(rule.alt)})


def _sized_by_delimiters(table: Rule) -> Rule:
    """`table`, asked again with the header cut to the delimiter row's columns when the
    header is wider."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """markdown-it's pipe table, or one sized by its delimiter row, as in Pandoc."""
        if start + 2 > end:
            return False
        at = state.bMarks[start + 1] + state.tShift[start + 1]
        if at >= state.eMarks[start + 1] or state.src[at] not in "|-:":
            # No delimiter row under this line (the common case): markdown-it's rule would
            # refuse it too, on the same tests, before anything else.
            return False
        if table(state, start, end, silent):
            return True
        cut = _cut_header(state, start)
        if cut is None:
            return False
        source = state.src
        state.src = cut
        try:
            return table(state, start, end, silent)
        finally:
            state.src = source

    return rule


def _cut_header(state: StateBlock, start: int) -> str | None:
    """The source with the header line's cells past the delimiter row's count blanked, or
    None when the next line is no delimiter row or the header is not wider than it."""
    rule_line = state.src[
        state.bMarks[start + 1] + state.tShift[start + 1] : state.eMarks[start + 1]
    ]
    if not set(rule_line) <= _DELIMITER_CHARS or "-" not in rule_line:
        return None
    columns = len(rule_line.strip().strip("|").split("|"))
    begin, end = state.bMarks[start] + state.tShift[start], state.eMarks[start]
    pipes = _pipes(state.src[begin:end])
    leading = 1 if state.src[begin:end].startswith("|") else 0
    if len(pipes) <= leading + columns - 1:
        return None
    close = pipes[leading + columns - 1]  # the pipe that ends the last column kept
    rest = state.src[begin + close + 1 : end]
    if not rest.strip(" \t|"):
        return None  # nothing past it but its closing pipe: not wider
    return state.src[: begin + close + 1] + " " * len(rest) + state.src[end:]


def _pipes(line: str) -> list[int]:
    """Where the line's unescaped `|` stand (a `\\|` is text in a cell)."""
    found = []
    escaped = False
    for at, char in enumerate(line):
        if char == "|" and not escaped:
            found.append(at)
        escaped = char == "\\" and not escaped
    return found
