"""Markdown between HTML block tags, as Pandoc reads it (its `markdown_in_html_blocks`).

CommonMark takes an HTML block (`<p align="right">`, `<figure>`, `<div>`) and every line after
it up to a blank line as raw HTML, so `*emphasis*`, `$x$` or a `$$` formula written there
reaches the page as text. Pandoc keeps the tags raw and reads what lies between them as
Markdown; so does this core rule: a line holding only tags stays raw, text between a line's
leading and trailing tags is read as inline Markdown, and lines of text as blocks. A block
whose text holds no Markdown is left exactly as it was.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .html_indent import indented_tags
from .patterns import compile_later

# HTML blocks whose content is never Markdown: comments, code, scripts, declarations.
_RAW = compile_later(r"\s*<(?:!|\?|(?:script|pre|style|textarea|svg|math|code)\b)", re.I)
_LINE = compile_later(r"^(?P<lead>\s*(?:<[^<>]*>\s*)*)(?P<text>.*?)(?P<trail>(?:\s*<[^<>]*>)*\s*)$")
# What makes text Markdown rather than plain words: math, emphasis, code, links, escapes.
_MARKDOWN = compile_later(r"[$*_`\\]|\]\(")


# A line opening a fenced div or a code fence: Pandoc reads it as Markdown even right under
# a tag line (`<details><summary>Code</summary>` then `::: {.cell}`, as knitr writes).
_OPENER = compile_later(r" {0,3}(?::{3,}|`{3,}|~{3,})")
# The HTML that ends a paragraph in Pandoc; any other tag (`<center>`) carries it on, so a
# code span can hold raw HTML over lines: `` `<aside>`` ... ``</aside>`{=html} ``.
_DIV_TAG = compile_later(r"</?div\b", re.I)


def html_markdown_plugin(md: MarkdownIt) -> None:
    """Register the rule reading Markdown inside HTML blocks."""
    md.core.ruler.after("block", "html_markdown", _html_markdown)
    md.core.ruler.after("normalize", "indented_tags", indented_tags)  # before block parsing
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "html_block")
    md.block.ruler.at("html_block", _ending_before_fences(rule.fn), {"alt": list(rule.alt)})
    md.inline.ruler.before("html_inline", "html_comment", _html_comment)


def _html_comment(state: StateInline, silent: bool) -> bool:
    """An inline HTML comment as Pandoc reads one: `<!--` to the first `-->`, whatever lies
    between (markdown-it's rule refuses text ending in `-`, so `<!--- note --->` was shown
    as text, its links live)."""
    pos = state.pos
    if not state.src.startswith("<!--", pos) or not state.md.options.get("html"):
        return False
    end = state.src.find("-->", pos + 4)
    if end < 0:
        return False
    if not silent:
        state.push("html_inline", "", 0).content = state.src[pos : end + 3]
    state.pos = end + 3
    return True


def _ending_before_fences(rule: Any) -> Any:
    """markdown-it's HTML block rule, the block ended before a line opening a fence or a
    fenced div: what it opens spans blank lines an HTML block would swallow part of."""

    def html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent:  # ending a paragraph: in Pandoc only a `<div>` tag does
            begin = state.bMarks[start] + state.tShift[start]
            return bool(
                _DIV_TAG.match(state.src, begin)
                and not _in_code_span(state.src, state.bMarks[state.line], begin)
                and rule(state, start, end, True)
            )
        if not rule(state, start, end, False):
            return False
        token = state.tokens[-1]
        if _RAW.match(token.content):
            return True
        for line in range(start + 1, state.line):
            begin = state.bMarks[line]
            if _OPENER.match(state.src, begin, state.eMarks[line]):
                token.content = state.src[state.bMarks[start] : begin]
                token.map = [start, line]
                state.line = line
                break
        return True

    return html_block


_TICKS = compile_later(r"`+")
_BLANK_LINE = compile_later(r"\n[ \t]*(?:\n|$)")


def _in_code_span(src: str, start: int, here: int) -> bool:
    """Whether the paragraph begun at `start` is inside a code span at `here`: Pandoc reads a
    span on to its closing backticks, over a `<div>` line too (knitr's `` `<div>`` …
    ``</div>`{=html} ``); backticks never closed in the paragraph are text."""
    if "`" not in src[start:here]:
        return False
    blank = _BLANK_LINE.search(src, here)
    end = blank.start() if blank else len(src)
    pos = start
    while (run := _TICKS.search(src, pos, here)) is not None:
        closing = re.compile(rf"(?<!`){run.group()}(?!`)").search(src, run.end(), end)
        if closing is None:
            pos = run.end()  # never closed: literal backticks
        elif closing.start() >= here:
            return True
        else:
            pos = closing.end()
    return False


def _html_markdown(state: StateCore) -> None:
    """Split each HTML block holding Markdown into its raw tags and its parsed text."""
    if "<" not in state.src:
        return
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "html_block" and _holds_markdown(token.content):
            parts = _split(state, token)
            tokens[i : i + 1] = parts
            i += len(parts)
        else:
            i += 1


def _holds_markdown(html: str) -> bool:
    """Whether an HTML block's text (outside its tags) has Markdown syntax in it."""
    if _RAW.match(html):
        return False
    return _MARKDOWN.search(re.sub(r"<[^<>]*>", "", html)) is not None


def _split(state: StateCore, block: Token) -> list[Token]:
    """The block's lines: runs of tags raw, text lines parsed as Markdown blocks, the text
    between a line's tags as inline Markdown."""
    out: list[Token] = []
    first = (block.map or [0, 0])[0]
    text: list[str] = []
    start = 0
    for n, line in enumerate(block.content.rstrip("\n").split("\n")):
        match = _LINE.match(line)
        if match is None or (not match["lead"].strip() and match["text"].strip()):
            if not text:
                start = n
            text.append(line)  # a line of text: Markdown blocks, with the lines around it
            continue
        if text:
            out += _blocks(state, "\n".join(text), block, first + start)
            text = []
        out += _tagged_line(match["lead"], match["text"], match["trail"], block, first + n)
    if text:
        out += _blocks(state, "\n".join(text), block, first + start)
    return out


def _tagged_line(lead: str, text: str, trail: str, block: Token, line: int) -> list[Token]:
    """A line of tags, perhaps with text between them: the tags raw, the text inline."""
    if not text.strip():
        return [_raw(lead + text + trail, block, line)]
    inline = Token("inline", "", 0, content=text.strip(), map=[line, line + 1], children=[])
    inline.level = block.level + 1
    opening = Token("paragraph_open", "p", 1, map=[line, line + 1], level=block.level, hidden=True)
    closing = Token("paragraph_close", "p", -1, level=block.level, hidden=True)
    around = [_raw(lead, block, line), opening, inline, closing, _raw(trail, block, line)]
    return [t for t in around if t.type != "html_block" or t.content]


def _blocks(state: StateCore, text: str, block: Token, line: int) -> list[Token]:
    """Lines of text inside an HTML block, parsed as Markdown blocks at their place."""
    tokens: list[Token] = []
    state.md.block.parse(text, state.md, state.env, tokens)
    for token in tokens:
        token.level += block.level
        if token.map:
            token.map = [token.map[0] + line, token.map[1] + line]
    return tokens


def _raw(html: str, block: Token, line: int) -> Token:
    """Raw HTML kept as written, on its own line."""
    token = Token("html_block", "", 0, content=html + "\n" if html.strip() else "", block=True)
    token.map = [line, line + 1]
    token.level = block.level
    return token
