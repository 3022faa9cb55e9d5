"""The inline tokenizer trying, at each place of a paragraph, only the rules that can start there.

markdown-it tries every inline rule, in order, at each character that stops plain text (`-`,
`:`, `[`, `@`, ...) until one takes it; with a rule for each piece of Pandoc and Quarto syntax,
ordinary prose paid for all of them at every hyphen and colon. Each rule named in TRIGGERS
returns False at once unless the character at the position is one of its characters (read off
each rule's first test, and nothing else comes before that test), so leaving it out there
changes nothing. A rule not named here (plain text, a plugin's new rule) is tried everywhere,
in its place. (mdit_py_plugins' footnote reference notes an empty footnote list in the env
before its first test, wherever it is asked; only where a `[` stands it may find one.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from markdown_it.parser_inline import ParserInline
from markdown_it.ruler import Ruler
from markdown_it.rules_inline import StateInline

Rule = Callable[[StateInline, bool], bool]
F = TypeVar("F")


def keyed_rules(ruler: Ruler[F], triggers: Mapping[str, str]) -> tuple[dict[str, list[F]], list[F]]:
    """A ruler's active rules for each trigger character (those keyed to it and those tried
    anywhere, in the ruler's order) and the rules tried anywhere; for the inline and the
    block tokenizer alike."""
    names = {rule.fn: rule.name for rule in ruler.__rules__ if rule.enabled}
    return keyed_table([(names.get(fn, ""), fn) for fn in ruler.getRules("")], triggers)


def keyed_table(
    rules: list[tuple[str, F]], triggers: Mapping[str, str]
) -> tuple[dict[str, list[F]], list[F]]:
    """Named rules, in order, for each trigger character (those keyed to it and those tried
    anywhere) and the rules tried anywhere."""
    chars = [(fn, triggers.get(name)) for name, fn in rules]
    anywhere = [fn for fn, keys in chars if keys is None]
    by_char = {
        char: [fn for fn, keys in chars if keys is None or char in keys]
        for char in "".join(triggers.values())
    }
    return by_char, anywhere


TRIGGERS: dict[str, str] = {
    "newline": "\n",
    "math_inline": "$",
    "escape": "\\",
    "tex_inline": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "sup": "^",
    "sub": "~",
    "pandoc_span": "[",
    "quarto_xref": "@[",
    "link": "[",
    "pandoc_spaced_link": "[",
    "pandoc_span_link": "[",
    "image": "!",
    "pandoc_spaced_image": "!",
    "footnote_inline": "^",
    "footnote_ref": "[",
    "autolink": "<",
    "html_comment": "<",
    "html_inline": "<",
    "entity": "&",
    "shortcode": "{",
    "citation_bracket": "[",
    "citation_in_text": "@",
    "pandoc_attrs": "{",
}


class KeyedInline(ParserInline):
    """markdown-it's inline parser, dispatching on the character at each position."""

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

    def tokenize(self, state: StateInline) -> None:
        """Generate tokens for the input range (markdown-it's loop, with keyed rules)."""
        by_char, anywhere = self._table()
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                for rule in by_char.get(state.src[pos], anywhere):
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(state.src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()
