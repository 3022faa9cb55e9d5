"""Emphasis with `*` as Pandoc reads it: only blank space beside a run of stars decides whether
it opens or closes, where CommonMark's flanking rules also weigh punctuation. `**(i)**文章`,
`中文**“引用”**文字` and `5*(3+4)*2` are emphasis to Pandoc, left as stars by CommonMark; in CJK
text, with no spaces between words, these are the common case. `_` keeps CommonMark's rules,
which match Pandoc's intraword underscores closely enough."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.emphasis import tokenize as commonmark_emphasis
from markdown_it.rules_inline.state_inline import Delimiter


def pandoc_emphasis_plugin(md: MarkdownIt) -> None:
    """Replace markdown-it's emphasis tokenizer with one reading `*` runs as Pandoc does."""
    md.inline.ruler.at("emphasis", _emphasis)


def _emphasis(state: StateInline, silent: bool) -> bool:
    """A run of `*` as delimiters that open unless blank space follows them and close unless
    blank space comes before them (markdown-it's pairing does the rest); `_` as CommonMark."""
    start = state.pos
    if state.src[start] != "*":
        return commonmark_emphasis(state, silent)
    if silent:
        return False
    end = start
    while end < state.posMax and state.src[end] == "*":
        end += 1
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[end] if end < state.posMax else " "
    can_open = not isWhiteSpace(ord(after))
    can_close = not isWhiteSpace(ord(before))
    for _ in range(end - start):
        token = state.push("text", "", 0)
        token.content = "*"
        state.delimiters.append(
            Delimiter(ord("*"), end - start, len(state.tokens) - 1, -1, can_open, can_close)
        )
    state.pos = end
    return True
