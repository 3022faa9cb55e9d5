"""Markup inside sub- and superscripts, as Pandoc reads it: `^[®]{.mark}^`, `~*i*~`.

mdit_py_plugins' `sub` and `sup` rules keep what lies between the markers as plain text; Pandoc
parses it as inline Markdown. Each rule is wrapped: when its content holds a character that can
start markup, the text token is replaced by the content tokenized in place.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from .patterns import compile_later

InlineRule = Callable[[StateInline, bool], bool]
# What can start inline markup (entities, spans, emphasis, code, math); an escaped space is
# left to the plugins, which read it as a space.
_MARKUP = compile_later(r"[&\[*_`$<]")


def nested_scripts_plugin(md: MarkdownIt) -> None:
    """Wrap the `sub` and `sup` inline rules so their content is parsed as Markdown."""
    for rule in md.inline.ruler.__rules__:
        if rule.name in ("sub", "sup"):
            md.inline.ruler.at(rule.name, _nested(rule.fn), {"alt": list(rule.alt)})


def _nested(rule: InlineRule) -> InlineRule:
    """`rule`, its plain content re-read as inline Markdown when it holds markup."""

    def script(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        end = state.pos - 1  # the closing marker
        content = state.src[start + 1 : end]
        if silent or not _MARKUP.search(content) or "\\ " in content:
            return True
        closing = state.tokens.pop()
        state.tokens.pop()  # the plain text token
        limit = state.posMax
        state.pos, state.posMax = start + 1, end
        state.level += 1  # inside the opening tag, as the popped text token was
        state.md.inline.tokenize(state)
        if state.pending:
            state.pushPending()
        state.level -= 1
        state.tokens.append(closing)
        state.pos, state.posMax = end + 1, limit
        return True

    return script
