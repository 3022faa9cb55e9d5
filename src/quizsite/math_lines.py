"""Lines of a display formula that look like Markdown blocks, as Pandoc reads them:

    The year-over-year change is:
    $$
      L_t
      - L_{t - 3} = \\sum_{j = 0}^{2} \\ell_{t - j}
    $$

Pandoc's display math sits in its paragraph, and nothing interrupts a paragraph there: the
formula runs to its closing `$$`. CommonMark lets a list item (or a quote, a heading, a rule)
interrupt a paragraph, so the `- L_{t - 3}` line began a list and the formula's TeX showed as
text. Here those rules do not interrupt a paragraph whose lines so far open a `$$` they have
not closed. A document with no `$$` followed by such a line is parsed as before, with the
usual terminators.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

Rule = Callable[[StateBlock, int, int, bool], bool]
# Block rules that may interrupt a paragraph with a line a formula can hold.
_INTERRUPTERS = ("list", "blockquote", "hr", "heading")
# A `$$` followed, before any other `$` or a blank line, by a line those rules could take:
# only a document with one is parsed with the careful terminators.
_AT_RISK = re.compile(r"\$\$(?:[^$\n]|\n(?![ \t]*\n))*?\n[ \t]*(?:[-+*>#_]|\d{1,9}[.)])")


def math_lines_plugin(md: MarkdownIt) -> None:
    """Parse a document holding `$$` with paragraph terminators that keep out of an open
    formula; a document without one is parsed as before, at the cost of one search."""
    ruler = md.block.ruler
    core = next(r for r in md.core.ruler.__rules__ if r.name == "block")
    original = core.fn
    careful: dict[Rule, Rule] = {}  # made at first use, once every plugin has set its rules

    def block(state: StateCore) -> None:
        """markdown-it's block parse, its paragraphs' terminators careful when `$$` is used."""
        if not _has_double_dollar(state.src) or not _AT_RISK.search(state.src):
            original(state)
            return
        terminators = ruler.getRules("paragraph")
        if not careful:
            careful.update(
                (r.fn, _outside_formulas(r.fn)) for r in ruler.__rules__ if r.name in _INTERRUPTERS
            )
        cache = ruler.__cache__ or {}  # compiled by getRules
        cache["paragraph"] = [careful.get(fn, fn) for fn in terminators]
        try:
            original(state)
        finally:
            cache["paragraph"] = terminators

    md.core.ruler.at("block", block)


def _has_double_dollar(src: str) -> bool:
    """Whether `src` holds `$$`, found by its single `$`s: searching one character is a
    memchr, many times cheaper over a whole document than searching two."""
    at = src.find("$")
    while at >= 0:
        if src.startswith("$", at + 1):
            return True
        at = src.find("$", at + 2)
    return False


def _outside_formulas(block: Rule) -> Rule:
    """`block`, refused as a paragraph's terminator inside an open `$$`."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """The block rule, unless it would cut a paragraph's display formula."""
        if not block(state, start, end, silent):
            return False
        return not (silent and state.parentType == "paragraph" and _in_open_formula(state, start))

    return rule


def _in_open_formula(state: StateBlock, line: int) -> bool:
    """Whether the paragraph lines above `line` hold an odd count of `$$`: a formula opened
    and not yet closed. The paragraph ends upwards at a blank line or at a line of an outer
    block (a list's previous item)."""
    count = 0
    while line > 0:
        line -= 1
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if not text.strip() or state.sCount[line] < state.blkIndent:
            break
        count += text.count("$$")
    return count % 2 == 1
