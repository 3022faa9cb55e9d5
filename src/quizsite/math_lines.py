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
not closed. A document with no `$$` followed by such a line is read with markdown-it's own
rules (block_keys.GIVE_WAY).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from .marks import holds
from .patterns import compile_later

Rule = Callable[[StateBlock, int, int, bool], bool]
# Block rules that may interrupt a paragraph with a line a formula can hold.
INTERRUPTERS = ("list", "blockquote", "hr", "heading")
# A `$$` followed, before any other `$` or a blank line, by a line those rules could take:
# only a document with one is read with the careful rules.
_AT_RISK = compile_later(r"\$\$(?:[^$\n]|\n(?![ \t]*\n))*?\n[ \t]*(?:[-+*>#_]|\d{1,9}[.)])")
# Likewise an environment's `\begin{` (a paragraph's line after it may be one of the formula's),
# compiled on first use: few documents hold one.
_ENVIRONMENT_AT_RISK = r"\\begin\{(?:[^\n]|\n(?![ \t]*\n))*?\n[ \t]*(?:[-+*>#_]|\d{1,9}[.)])"


def math_lines_plugin(md: MarkdownIt) -> None:
    """Make the rules that may interrupt a paragraph keep out of an open formula. Each keeps
    the rule it wraps as `__wrapped__`, which stands in for it in a document without a formula
    at risk (block_keys.GIVE_WAY), so such a document pays nothing."""
    ruler = md.block.ruler
    for rule in list(ruler.__rules__):
        if rule.name in INTERRUPTERS:
            careful = _outside_formulas(rule.fn)
            careful.__wrapped__ = rule.fn  # type: ignore[attr-defined]
            ruler.at(rule.name, careful, {"alt": list(rule.alt)})


def formula_at_risk(src: str) -> bool:
    """Whether `src` has a `$$` or an environment followed by a line the interrupting rules
    could take (a gate of block_keys.GIVE_WAY)."""
    if _has_double_dollar(src) and _AT_RISK.search(src) is not None:
        return True
    # Through its `{`, rarer than `\\` in a document of formulas.
    return holds(src, "\\begin{", 6) and re.search(_ENVIRONMENT_AT_RISK, src) is not None


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
    """Whether the paragraph lines above `line` hold an odd count of `$$` (a formula opened
    and not yet closed) or more `\\begin{` than `\\end{` (an environment, which Pandoc reads
    whole: `\\begin{align*}` in a paragraph). The paragraph ends upwards at a blank line or at
    a line of an outer block (a list's previous item)."""
    count = environments = 0
    while line > 0:
        line -= 1
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if not text.strip() or state.sCount[line] < state.blkIndent:
            break
        count += text.count("$$")
        if "\\" in text:
            environments += text.count("\\begin{") - text.count("\\end{")
    return count % 2 == 1 or environments > 0
