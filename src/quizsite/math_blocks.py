"""Display math closed by a `$$` with text after it on the same line, as Pandoc reads it:

    $$
    G = U + pV - TS.
    $$ The differential of $G$ is given by:

(RStudio's visual editor writes display math so.) Pandoc's display math is inline: the formula
sits in the paragraph and the words after its `$$` go on. dollarmath's block rule looks only
for a line that ends in `$$`, so it ran past that line (and past blank lines) to the next
formula's opening `$$`, swallowing the text between as TeX. Here the block rule is not asked
when the first line holding a `$$` after the opening has words after it: the paragraph takes
the lines, and the inline rule reads the formula.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from .patterns import compile_later

Rule = Callable[[StateBlock, int, int, bool], bool]
# What may follow a closing `$$` and leave the formula a block: nothing, or its label.
_BLOCK_END = compile_later(r"\s*(?:\{#[^}]*\}\s*)?$")


def math_blocks_plugin(md: MarkdownIt) -> None:
    """Wrap dollarmath's block rule so a `$$` followed by words leaves the formula inline."""
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "math_block")
    md.block.ruler.at("math_block", _closed_on_its_line(rule.fn), {"alt": list(rule.alt)})


def _closed_on_its_line(block: Rule) -> Rule:
    """`block`, refused when the formula's closing `$$` has words after it."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """dollarmath's display math block, unless Pandoc would read the formula inline."""
        begin = state.bMarks[start] + state.tShift[start]
        if not state.src.startswith("$$", begin):
            return False
        if "$$" not in state.src[begin + 2 : state.eMarks[start]] and _closed_in_text(
            state, start + 1, end
        ):
            return False
        return block(state, start, end, silent)

    return rule


def _closed_in_text(state: StateBlock, start: int, end: int) -> bool:
    """Whether the first line from `start` holding a `$$` has words after its first `$$`,
    the one that closes the formula (`$$ and we find: $$` closes one and opens another);
    a blank line first ends the paragraph in Pandoc."""
    for line in range(start, end):
        text = state.src[state.bMarks[line] : state.eMarks[line]]
        at = text.find("$$")
        if at >= 0:
            return _BLOCK_END.match(text, at + 2) is None
        if not text.strip():
            return False
    return False
