"""The block tokenizer trying, at each line start, only the rules that can start there.

markdown-it tries every block rule, in order, at the start of each block until one takes it;
with a rule for each piece of Pandoc and Quarto block syntax (divs, grid tables, line blocks,
labelled equations, LaTeX environments), an ordinary paragraph paid for all of them. Each rule
named in TRIGGERS returns False, with nothing else done, unless the first character of the
line after its indentation is one of its characters (each rule's own first test, or a test
it makes before anything it could change), so leaving it out there changes nothing. A rule not
named here (indented code, tables and definition lists, whose first line may start with
anything, paragraphs, a plugin's new rule) is tried at every line, in its place. Rules asked
by another rule whether a line ends its paragraph are asked as markdown-it asks them.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock

from .inline_keys import keyed_rules

Rule = Callable[[StateBlock, int, int, bool], bool]

TRIGGERS: dict[str, str] = {
    "grid_table": "+",
    "line_block": "|",
    "fenced_div": ":",
    "fenced_div_orphan": ":",
    "quarto_equation": "$",
    "math_block": "$",
    "attribute_fence": "`",
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "footnote_def": "[",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
    "tex_block": "\\",
}


class KeyedBlock(ParserBlock):
    """markdown-it's block parser, dispatching on the first character of each line."""

    _keyed_from: dict[str, list[Rule]] | None = None
    _by_char: dict[str, list[Rule]]
    _anywhere: list[Rule]

    def _table(self) -> tuple[dict[str, list[Rule]], list[Rule]]:
        """The rules for each trigger character and those for any other, in the ruler's
        order; made again whenever the active rules change (the ruler drops its cache)."""
        cache = self.ruler.__cache__
        if cache is None or cache is not self._keyed_from:
            self._by_char, self._anywhere = keyed_rules(self.ruler, TRIGGERS)
            self._keyed_from = self.ruler.__cache__
        return self._by_char, self._anywhere

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        """Generate tokens for the lines from `startLine` (markdown-it's loop, keyed rules)."""
        by_char, anywhere = self._table()
        starts, shifts = state.bMarks, state.tShift
        line = startLine
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine or state.sCount[line] < state.blkIndent:
                break  # the end of a nested block (a list item's, a quote's)
            if state.level >= max_nesting:
                state.line = endLine  # past the nesting limit: the rest is not read
                break
            for rule in by_char.get(state.src[starts[line] + shifts[line]], anywhere):
                if rule(state, line, endLine, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            # A block after an empty line is not tight (the last one's does not count).
            state.tight = not has_empty_lines
            line = state.line
            if line - 1 < endLine and state.isEmpty(line - 1):
                has_empty_lines = True  # a paragraph may take one empty line in a list
            if line < endLine and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line
