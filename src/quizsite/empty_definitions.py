"""A definition whose marker line holds nothing else, its blocks indented below, as Pandoc
reads it:

    Getting to superhuman AI research.
    :␣
        So $f(1) = \\beta(1-\\bar{a})$ and takeoff **iff**
        $$\\boxed{\\beta > 1}$$

Pandoc takes a `:` (or `~`) followed by a space and nothing else as a definition's marker, the
indented lines after it its blocks. mdit_py_plugins' definition lists refuse a marker with
nothing after it, so the indented lines became a code block and their formulas showed as
TeX. Where the definition list rule refuses a term whose marker line is empty, it is asked
again with a placeholder character standing in for the line break of each such marker line
below (the text keeps its length, so every line stays where it was, and its end takes the
placeholder in); the placeholders are taken out of the blocks it made. The rule is the
definition list's, so a document with no line starting with a marker never asks it.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

Rule = Callable[[StateBlock, int, int, bool], bool]
# A private-use character: no text holds it, and it is never left on a page.
PLACEHOLDER = "\ue000"
# Pandoc's marker sits within a tab stop with its space: indented at most two spaces.
_MAX_MARKER_INDENT = 2


def empty_definitions_plugin(md: MarkdownIt) -> None:
    """Wrap the definition list rule so a marker with nothing after it opens a definition."""
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "deflist")
    md.block.ruler.at("deflist", _with_empty_markers(rule.fn), {"alt": list(rule.alt)})


def _with_empty_markers(deflist: Rule) -> Rule:
    """`deflist`, asked again with placeholders when it refused a term above an empty marker."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """The definition list rule, reading an empty marker as Pandoc does."""
        if silent:
            return deflist(state, start, end, True)
        if deflist(state, start, end, False):
            return True
        marker = start + 2 if start + 1 < end and state.isEmpty(start + 1) else start + 1
        if marker >= end or not _empty_marker(state, marker):
            return False
        return _with_placeholders(state, start, end, deflist)

    return rule


def _empty_marker(state: StateBlock, line: int) -> bool:
    """Whether `line` is a definition marker followed by spaces and nothing else, the line
    after it blank or indented (an unindented line after it is left to markdown-it: a line
    read with the marker's would start with that line's first character)."""
    src, begin, end = state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]
    text = src[begin:end]
    return (
        text[:1] in (":", "~")
        and text[1:2] in (" ", "\t")
        and not text[2:].strip()
        and state.sCount[line] - state.blkIndent <= _MAX_MARKER_INDENT
        and src[end + 1 : end + 2] in (" ", "\t", "\n")
    )


def _with_placeholders(state: StateBlock, start: int, end: int, deflist: Rule) -> bool:
    """`deflist` at `start` over the text with a placeholder ending each empty marker line
    below it, the placeholders then taken out of the tokens it made."""
    src, ends = state.src, state.eMarks
    lines = [n for n in range(start + 1, end) if ends[n] < len(src) and _empty_marker(state, n)]
    pieces, at = [], 0
    for line in lines:
        pieces += [src[at : ends[line]], PLACEHOLDER]
        at = ends[line] + 1  # the line break, which the placeholder stands in for
        ends[line] += 1
    state.src = "".join(pieces) + src[at:]
    first = len(state.tokens)
    try:
        found = deflist(state, start, end, False)
    finally:
        state.src = src
        for line in lines:
            ends[line] -= 1
    _take_out(state.tokens, first)
    return found


def _take_out(tokens: list[Token], first: int) -> None:
    """The placeholders out of the tokens from `first`, a paragraph left empty dropped (a
    definition whose first block follows a blank line)."""
    for index in range(len(tokens) - 1, first - 1, -1):
        token = tokens[index]
        if PLACEHOLDER not in token.content:
            continue
        content = token.content
        if token.type == "inline" and content.startswith(PLACEHOLDER):
            content = content[1:].lstrip()  # the marker's line, read with the next line's
        token.content = content.replace(PLACEHOLDER, "")
        empty = token.type == "inline" and not token.content
        if empty and tokens[index - 1].type == "paragraph_open":
            del tokens[index - 1 : index + 2]
