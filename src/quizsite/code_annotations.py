"""Code annotations (Quarto's `code-annotations`): a fence whose lines end in a marker (`# <1>`)
is marked annotated, and the ordered list after it becomes its notes; the fence's markers are
codeblocks.py's to render, which only a document with fences loads."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .patterns import compile_later

# An annotation marker at the end of a line, whatever comment it is written in.
_ANY_MARKER = compile_later(r"<\d+>[ \t]*(?:-->)?[ \t]*$", re.MULTILINE)


def code_annotations_plugin(md: MarkdownIt) -> None:
    """Code annotations: the ordered list after an annotated block becomes its notes."""
    md.core.ruler.push("code_annotations", _annotations)


def _annotations(state: StateCore) -> None:
    """Mark annotated fences and turn the ordered list after each into its notes."""
    if "<" not in state.src:  # an annotation marker is `<1>`: most posts have no `<` at all
        return
    tokens = state.tokens
    style = str(state.env.get("code_annotations", "below")).lower()
    if style == "false":
        return
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.type != "fence" or not _ANY_MARKER.search(token.content):
            continue
        state.env["annotated_blocks"] = count = state.env.get("annotated_blocks", 0) + 1
        token.meta["annotations"] = count
        if i < len(tokens) and tokens[i].type == "ordered_list_open":
            end = _mark_notes(tokens, i, count)
            if style == "none":  # markers and notes both left out
                del tokens[i:end]


def _mark_notes(tokens: list[Token], start: int, cell: int) -> int:
    """Give the list at `start` its notes' ids, under types the quiz shape does not read as
    options; returns the index after the list."""
    number = int(tokens[start].attrGet("start") or 1)
    depth = 0
    for k in range(start, len(tokens)):
        token = tokens[k]
        if token.type.endswith("_list_open"):
            if depth == 0:
                token.type = "code_annotations_open"
                token.attrJoin("class", "code-annotations")
            depth += 1
        elif token.type.endswith("_list_close"):
            depth -= 1
            if depth == 0:
                token.type = "code_annotations_close"
                return k + 1
        elif token.type == "list_item_open" and depth == 1:
            token.attrSet("id", f"annotation-{cell}-{number}")
            number += 1
    return len(tokens)
