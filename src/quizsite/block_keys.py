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

A rule named in GATES can match only in a source holding its mark (each rule's own first
tests, read off the rule): for a source without it the rule is tried at no line, nor asked
whether a line ends a paragraph, a list or a quote (the ruler's chains, less the rule, while
that source is read), so a post pays nothing for the syntax it does not use. A wrapper named in
GIVE_WAY (a Pandoc reading of a markdown-it rule, which keeps the rule it wraps as
`__wrapped__`) gives way to the rule it wraps in a source without its mark.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock

from .inline_keys import keyed_table
from .math_lines import INTERRUPTERS, formula_at_risk

Rule = Callable[[StateBlock, int, int, bool], bool]
Gate = Callable[[str], object]  # a source -> whether it may hold a rule's syntax

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


def _holds(mark: str, then: str = "") -> Gate:
    """A gate: the source holds `mark` (and `then`: a lone character is found by `memchr`,
    a longer mark costs a scan of the text, so the rarer character is looked for first)."""
    if then:
        return lambda src: mark in src and then in src
    return lambda src: mark in src


_DEFINITION = re.compile(r"\n[ \t>]*[:~][ \t]")  # the literal first: a fast scan to each line
_FIRST_DEFINITION = re.compile(r"[ \t>]*[:~][ \t]")
# Gates cost a scan of the text or less each: only rules worth more than that to a post without
# their syntax have one (fenced divs and fences are tried only at a line starting with their
# mark and found at once where they are; a gate would scan a whole post without them).
GATES: dict[str, Gate] = {
    "grid_table": _holds("+", "+-"),  # its top border
    "table": _holds("|"),  # a pipe table's header holds a pipe (a test markdown-it makes)
    "line_block": _holds("|"),
    "dashed_table": re.compile(r"-(?:--|[ \t]+-)").search,  # a rule: a line or two groups
    "footnote_def": _holds("^", "[^"),
    "html_block": _holds("<"),
    # A definition's marker starts a line (after its indentation or quote marks): `: `, `~ `.
    "deflist": lambda src: _DEFINITION.search(src) or _FIRST_DEFINITION.match(src),
}
GIVE_WAY: dict[str, Gate] = {
    # markdown.py's: a heading whose text leaves a formula (or a TeX environment) open
    "lheading": lambda src: ("$" in src and "$$" in src) or "\\begin{" in src,
    # math_lines.py's: a paragraph's open `$$` not cut by a line these rules could take
    **dict.fromkeys(INTERRUPTERS, formula_at_risk),
}


class _Chains(dict[str, list[Rule]]):
    """The ruler's chains for one kind of source, in the ruler's cache while it is read."""


# For each trigger character its rules, the rules for any other, and the ruler's chains.
_Tables = tuple[dict[str, list[Rule]], list[Rule], _Chains]


class KeyedBlock(ParserBlock):
    """markdown-it's block parser, dispatching on the first character of each line, with the
    rules that the source being read cannot use left out. The chains for that source stand
    in the ruler while it is read, so a parser reads one document at a time (as builds do:
    in one thread, or in forked workers each with its own parser)."""

    _keyed_from: dict[str, list[Rule]] | None = None
    _tables: dict[frozenset[str], _Tables]
    _src: str | None = None
    _current: _Tables | None = None

    def _tables_for(self, src: str) -> _Tables:
        """The tables for a source (less the rules its text rules out), in the ruler's order;
        made again whenever the active rules change (the ruler drops its cache)."""
        cache = self.ruler.__cache__
        if cache is None or (cache is not self._keyed_from and not isinstance(cache, _Chains)):
            self.ruler.getRules("")  # compiled as markdown-it compiles it on first use
            self._keyed_from, self._tables = self.ruler.__cache__, {}
        verdicts: dict[Gate, object] = {}  # a gate several rules share is asked once
        for _, gate in _ALL_GATES:
            if gate not in verdicts:
                verdicts[gate] = gate(src)
        absent = frozenset(name for name, gate in _ALL_GATES if not verdicts[gate])
        if absent not in self._tables:
            self._tables[absent] = self._gated(absent)
        return self._tables[absent]

    def _gated(self, absent: frozenset[str]) -> _Tables:
        """The tables without the rules `absent` names (a wrapper given way to its rule)."""
        names = {rule.fn: rule.name for rule in self.ruler.__rules__ if rule.enabled}

        def kept(rules: list[Rule]) -> list[tuple[str, Rule]]:
            named = [(names.get(fn, ""), fn) for fn in rules]
            return [
                (name, getattr(fn, "__wrapped__", fn) if name in absent else fn)
                for name, fn in named
                if name not in absent or name in GIVE_WAY
            ]

        full = self._keyed_from or {}
        chains = _Chains({chain: [fn for _, fn in kept(rules)] for chain, rules in full.items()})
        return (*keyed_table(kept(full.get("", [])), TRIGGERS), chains)

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        """Generate tokens for the lines from `startLine` (markdown-it's loop, keyed rules);
        a source other than the one being read (a table cell's, HTML's inner Markdown) is
        read with its own rules, and the outer source's are back once it is read."""
        current = self._current
        if state.src is self._src and current is not None and self.ruler.__cache__ is current[2]:
            self._lines(state, startLine, endLine, current)
            return
        tables = self._tables_for(state.src)  # the ruler's chains compiled first, if need be
        saved = (self._src, current, self.ruler.__cache__)
        self._current, self._src, self.ruler.__cache__ = tables, state.src, tables[2]
        try:
            self._lines(state, startLine, endLine, tables)
        finally:
            self._src, self._current, self.ruler.__cache__ = saved

    def _lines(self, state: StateBlock, startLine: int, endLine: int, tables: _Tables) -> None:
        """markdown-it's loop over the lines, trying the rules keyed to each line's start."""
        by_char, anywhere, _ = tables
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


_ALL_GATES = tuple((GATES | GIVE_WAY).items())
