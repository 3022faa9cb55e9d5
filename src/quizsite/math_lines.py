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
not closed.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

Rule = Callable[[StateBlock, int, int, bool], bool]
# Block rules that may interrupt a paragraph with a line a formula can hold.
_INTERRUPTERS = ("list", "blockquote", "hr", "heading")


def math_lines_plugin(md: MarkdownIt) -> None:
    """Keep the interrupting block rules out of a paragraph's open `$$` formula."""
    for rule in md.block.ruler.__rules__:
        if rule.name in _INTERRUPTERS:
            md.block.ruler.at(rule.name, _outside_formulas(rule.fn), {"alt": list(rule.alt)})


def _outside_formulas(block: Rule) -> Rule:
    """`block`, refused as a paragraph's terminator inside an open `$$`."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """The block rule, unless it would cut a paragraph's display formula."""
        if silent and state.parentType == "paragraph" and _in_open_formula(state, start):
            return False
        return block(state, start, end, silent)

    return rule


def _in_open_formula(state: StateBlock, line: int) -> bool:
    """Whether the paragraph lines above `line` (back to a blank line) hold an odd count of
    `$$`: a formula opened and not yet closed."""
    count = 0
    while line > 0:
        line -= 1
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if not text.strip():
            break
        count += text.count("$$")
    return count % 2 == 1
