"""Table captions (`: Caption {#tbl-x}` or `Table: Caption`, before or after a table) and
`tbl-colwidths`, for every kind of table (pipe, grid, simple, multiline).

A caption becomes `table_caption_open` / inline / `table_caption_close` right after
`table_open`, its id and classes going on `table_open`; column widths a `<colgroup>`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .attributes import apply, parse_braces
from .patterns import compile_later
from .tokens import matching_close

_CAPTION_LINE = compile_later(r"^[ \t]*(?::|[Tt]able:)[ \t]", re.MULTILINE)
# `: caption` (a colon followed by punctuation is not one) or `Table: caption`.
_CAPTION = compile_later(r"^(?::(?![\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])|[Tt]able:)[ \t]*")


def captions(state: StateCore) -> None:
    """Move a `: Caption` paragraph next to a table into the table, with its attributes."""
    tokens = state.tokens
    # Most documents have no table: a walk of the tokens costs less than the regex over the text.
    if not any(t.type == "table_open" for t in tokens) or not _CAPTION_LINE.search(state.src):
        return
    i = 0
    while i < len(tokens):
        if tokens[i].type == "table_open":
            close = matching_close(tokens, i)
            caption = _caption_after(state, tokens, close) or _caption_before(tokens, i)
            if caption is not None:
                i = _attach(tokens, i, caption)
        i += 1


def _is_caption(tokens: Sequence[Token], at: int, level: int) -> bool:
    """Whether a paragraph at `at` (on `level`) starts as a table caption."""
    return (
        at >= 0
        and at + 2 < len(tokens)
        and tokens[at].type == "paragraph_open"
        and tokens[at].level == level
        and _CAPTION.match(tokens[at + 1].content) is not None
    )


def _caption_after(state: StateCore, tokens: list[Token], close: int) -> Token | None:
    """The caption paragraph after a table (taken out of the stream), or a last pipe-table row
    that is really a caption written right under the table."""
    level = tokens[close].level
    if _is_caption(tokens, close + 1, level):
        inline = tokens[close + 2]
        del tokens[close + 1 : close + 4]
        return inline
    return _caption_row(state, tokens, close)


def _caption_before(tokens: list[Token], start: int) -> Token | None:
    """The caption paragraph right before a table (taken out of the stream)."""
    if start >= 3 and _is_caption(tokens, start - 3, tokens[start].level):
        inline = tokens[start - 2]
        del tokens[start - 3 : start]
        return inline
    return None


def _caption_row(state: StateCore, tokens: list[Token], close: int) -> Token | None:
    """markdown-it reads `: Caption` right under a pipe table as a row without pipes."""
    row_close = close - 2
    if row_close < 0 or tokens[row_close].type != "tr_close":
        return None
    row_open = row_close
    while row_open > 0 and tokens[row_open].type != "tr_open":
        row_open -= 1
    line = (tokens[row_open].map or [-1])[0]
    lines = state.src.split("\n")
    if not 0 <= line < len(lines):
        return None
    text = lines[line].strip()
    if "|" in text or not _CAPTION.match(text):
        return None
    inline = Token("inline", "", 0, content=text, children=[], map=[line, line + 1])
    del tokens[row_open : row_close + 1]
    if tokens[row_open - 1].type == "tbody_open" and tokens[row_open].type == "tbody_close":
        del tokens[row_open - 1 : row_open + 1]
    return inline


def _attach(tokens: list[Token], start: int, inline: Token) -> int:
    """Put the caption right after `table_open` (found again at or before `start`)."""
    while tokens[start].type != "table_open":
        start -= 1
    table = tokens[start]
    text = _CAPTION.sub("", inline.content, count=1).rstrip()
    brace = text.rfind("{")
    while brace >= 0:
        parsed = parse_braces(text, brace)
        if parsed is not None and parsed[1] == len(text):
            apply(table, parsed[0])
            text = text[:brace].rstrip()
            break
        brace = text.rfind("{", 0, brace)
    if not text and not str(table.attrGet("id") or "").startswith("tbl-"):
        # `: {tbl-colwidths="[75,25]"}`: attributes alone, no caption (as Pandoc writes it)
        _colwidths(tokens, start, start + 1)
        return start
    inline.content = text
    inline.level = table.level + 2
    opening = Token("table_caption_open", "caption", 1, block=True, level=table.level + 1)
    closing = Token("table_caption_close", "caption", -1, block=True, level=table.level + 1)
    tokens[start + 1 : start + 1] = [opening, inline, closing]
    _colwidths(tokens, start, start + 4)  # after table_open and the caption's three
    return start + 3


def _colwidths(tokens: list[Token], start: int, after: int) -> None:
    """`tbl-colwidths="[60,40]"` on the table (at `start`): its columns' widths, as
    percentages, in a colgroup at `after`."""
    value = tokens[start].attrGet("tbl-colwidths")
    if value is None:
        return
    try:
        widths = [float(w) for w in json.loads(str(value))]
    except (ValueError, TypeError):
        return
    total = sum(widths)
    if not widths or total <= 0:
        return
    colgroup = Token("table_colgroup", "colgroup", 0, block=True)
    colgroup.meta["widths"] = [w / total for w in widths]
    if after < len(tokens) and tokens[after].type == "table_colgroup":
        tokens[after] = colgroup
    else:
        tokens.insert(after, colgroup)


def render_caption(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """`<caption>`, as the table's first child."""
    return "<caption>" if tokens[idx].nesting == 1 else "</caption>\n"


def render_colgroup(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Column widths as Pandoc writes them."""
    cols = "".join(
        f'<col style="width: {round(w * 100)}%" />\n' for w in tokens[idx].meta["widths"]
    )
    return f"<colgroup>\n{cols}</colgroup>\n"
