"""Smart quotes in linear time: markdown-it's `smartquotes` rule, with the same results.

The library's rule rebuilds a token's whole text for every quote it replaces, and scans its
stack of open quotes from the top for every closing one: a line of alternating quotes cost
the square of its length (figures: docs/performance.md). Here replacements are gathered and
applied once per token, and each kind of open quote is found through a link to the one
below it, so every quote costs about the same however many came before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core.smartquotes import smartquotes as library_smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

_QUOTE = re.compile("['\"]")
APOSTROPHE = "\u2019"
_SPACE = 0x20
_BREAKS = ("softbreak", "hardbreak")


@dataclass(slots=True)
class _Open:
    """A quote that may open a pair: where it is, its kind, and the one of its kind below."""

    token: int
    pos: int
    single: bool
    level: int
    below: int  # stack index of the nearest open quote of the same kind beneath, or -1


class _Stack:
    """Open quotes, their levels never decreasing upwards, with the top one of each kind."""

    def __init__(self) -> None:
        self.items: list[_Open] = []
        self.top = {True: -1, False: -1}

    def push(self, token: int, pos: int, single: bool, level: int) -> None:
        """Add an open quote."""
        self.items.append(_Open(token, pos, single, level, self.top[single]))
        self.top[single] = len(self.items) - 1

    def drop_above(self, level: int) -> None:
        """Forget the open quotes of deeper levels (their inline markup has ended)."""
        while self.items and self.items[-1].level > level:
            gone = self.items.pop()
            self.top[gone.single] = gone.below

    def take(self, single: bool, level: int) -> _Open | None:
        """The top open quote of this kind at `level`, removed with everything above it."""
        index = self.top[single]
        if index < 0 or self.items[index].level != level:
            return None  # none, or below a quote of a shallower level: no pair
        found = self.items[index]
        other = self.top[not single]
        while other > index:  # the other kind's quotes above it go too
            other = self.items[other].below
        self.top[single], self.top[not single] = found.below, other
        del self.items[index:]
        return found


def smartquotes(state: StateCore) -> None:
    """Core rule in place of markdown-it's `smartquotes` (one-character quotes only)."""
    if not state.md.options.typographer:
        return
    quotes = state.md.options.quotes
    if any(len(quote) != 1 for quote in quotes):  # the library's rule handles longer ones
        library_smartquotes(state)
        return
    for token in state.tokens:
        if token.type == "inline" and token.children and _QUOTE.search(token.content):
            _process(token.children, quotes)


def _neighbour(tokens: list[Token], i: int, step: int) -> int:
    """The character beside token `i` in the direction `step` (a space at a line break)."""
    j = i + step
    while 0 <= j < len(tokens):
        if tokens[j].type in _BREAKS:
            break
        content = tokens[j].content
        if content:
            return ord(content[-1] if step < 0 else content[0])
        j += step
    return _SPACE


def _is_punct(code: int) -> bool:
    """ASCII or Unicode punctuation (or a symbol), as markdown-it's rule judges it."""
    return isMdAsciiPunct(code) or isPunctChar(chr(code))


def _process(tokens: list[Token], quotes: str | list[str]) -> None:
    """Replace the straight quotes of one inline's tokens."""
    quoting = _Quoting(tokens, quotes)
    for i, token in enumerate(tokens):
        quoting.stack.drop_above(token.level)
        if token.type == "text":
            for match in _QUOTE.finditer(token.content):
                quoting.place(i, match.start(), match.group() == "'")
    quoting.apply()


class _Quoting:
    """The quotes of one inline's tokens: the open ones waiting for their closer, and the
    replacements decided (token index -> position -> character), made at the end."""

    def __init__(self, tokens: list[Token], quotes: str | list[str]) -> None:
        self.tokens = tokens
        self.quotes = quotes
        self.stack = _Stack()
        self.edits: dict[int, dict[int, str]] = {}

    def place(self, i: int, at: int, single: bool) -> None:
        """Decide the quote at position `at` of token `i`: an opener waits on the stack, a
        closer ends the last opener of its kind, anything else inside a word is an apostrophe."""
        tokens, text = self.tokens, self.tokens[i].content
        last = ord(text[at - 1]) if at > 0 else _neighbour(tokens, i, -1)
        after = ord(text[at + 1]) if at + 1 < len(text) else _neighbour(tokens, i, 1)
        can_open, can_close = _roles(last, after, single)
        level = tokens[i].level
        if can_close and (found := self.stack.take(single, level)) is not None:
            quotes = self.quotes
            pair = (quotes[2], quotes[3]) if single else (quotes[0], quotes[1])
            self.edits.setdefault(i, {})[at] = pair[1]
            self.edits.setdefault(found.token, {})[found.pos] = pair[0]
        elif can_open:
            self.stack.push(i, at, single, level)
        elif single:  # inside a word, or closing nothing: an apostrophe
            self.edits.setdefault(i, {})[at] = APOSTROPHE

    def apply(self) -> None:
        """Write the replacements into the tokens."""
        for i, changes in self.edits.items():
            chars = list(self.tokens[i].content)
            for at, replacement in changes.items():
                chars[at] = replacement
            self.tokens[i].content = "".join(chars)


def _roles(last: int, after: int, single: bool) -> tuple[bool, bool]:
    """Whether a quote between the characters `last` and `after` may open, and may close."""
    last_punct, after_punct = _is_punct(last), _is_punct(after)
    last_space, after_space = isWhiteSpace(last), isWhiteSpace(after)
    can_open = not after_space and (not after_punct or last_space or last_punct)
    can_close = not last_space and (not last_punct or after_space or after_punct)
    if not single and after == 0x22 and 0x30 <= last <= 0x39:
        return False, False  # 1"" : the first one is an inch mark
    if can_open and can_close:
        # Between two words neither; amid punctuation (foo-"-bar) by what is beside it.
        return last_punct, after_punct
    return can_open, can_close
