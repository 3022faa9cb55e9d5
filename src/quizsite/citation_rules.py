"""Pandoc citations read and formatted, for a document with a bibliography (citations.py's
rules load this at its first `[` or `@`, or once it is parsed): each citation's items, and the
core rule's work, every citation formatted with citeproc-py and the References placed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .citations import CITATIONS_KEY, DIAGNOSTICS_KEY, is_crossref
from .errors import warning

if TYPE_CHECKING:
    from .bibliography import Library

# Pandoc's keys: a letter, digit or _, then those and internal punctuation; or anything in {}.
# Pandoc's key: word characters and internal punctuation, and `://` as in a DOI's URL.
_KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*))"
_IN_TEXT = re.compile("@" + _KEY)
_ITEM = re.compile(r"(?P<prefix>(?:.*?[\s(\[])?)(?P<minus>-)?@" + _KEY + r"(?P<suffix>.*)", re.S)


@dataclass(frozen=True)
class CiteItem:
    """One cited work: its key, the text around it and whether the author is left out."""

    key: str
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass
class CitationContext:
    """What a document's citations are formatted with (kept in `env`)."""

    library: Library
    style: Any  # a citeproc CitationStylesStyle
    locale: str
    section_title: str = "References"
    nocite: tuple[str, ...] = ()
    found: list[tuple[Token, int | None]] = field(default_factory=list)


def bracketed(state: StateInline, silent: bool) -> bool:
    """`[see @a, p. 3; -@b]` at a `[` of a document with a bibliography (not a link)."""
    end = state.md.helpers.parseLinkLabel(state, state.pos, True)
    if end < 0 or "@" not in state.src[state.pos : end]:
        return False
    if end + 1 < state.posMax and state.src[end + 1] in "([":
        return False
    items = _items(state.src[state.pos + 1 : end])
    if items is None:
        return False
    if not silent:
        _push(state, items, in_text=False)
    state.pos = end + 1
    return True


def _items(text: str) -> list[CiteItem] | None:
    """The items of a bracketed citation, None when it is not one (or names a cross-reference)."""
    items = []
    for part in _split_items(text):
        match = _ITEM.fullmatch(part)
        if match is None:
            return None
        key = match["braced"] or match["key"]
        if is_crossref(key):
            return None
        items.append(CiteItem(key, match["prefix"], match["suffix"], bool(match["minus"])))
    return items


def _split_items(text: str) -> list[str]:
    """`text` cut at the semicolons outside nested brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += 1 if char == "[" else -1 if char == "]" else 0
        if char == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def in_text(state: StateInline, silent: bool) -> bool:
    """`@key` at an `@` of a document with a bibliography (not in an e-mail address),
    optionally `@key [p. 3]`."""
    src, pos = state.src, state.pos
    if pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in "_.+-@"):
        return False  # `name@example.com` and the like
    match = _IN_TEXT.match(src, pos, state.posMax)
    if match is None or is_crossref(match["braced"] or match["key"]):
        return False
    if (match["braced"] or match["key"]) in state.env.get("example_labels", ()):
        return False  # `(@good)`: a Pandoc example's number, not a citation
    end, suffix = match.end(), ""
    after = re.match(r" \[([^\[\]@]*)\](?![(\[])", src[end : state.posMax])
    if after:
        suffix, end = after.group(1), end + after.end()
    if not silent:
        _push(state, [CiteItem(match["braced"] or match["key"], suffix=suffix)], in_text=True)
    state.pos = end
    return True


def _push(state: StateInline, items: list[CiteItem], in_text: bool) -> None:
    """Add a citation token; the core rule formats it once every citation is known."""
    token = state.push("citation", "", 0)
    token.content = "; ".join(item.key for item in items)
    token.meta = {"items": items, "in_text": in_text, "offset": state.pos}


def format_citations(state: StateCore) -> None:
    """Format every citation of the document, then add the references."""
    context: CitationContext | None = state.env.get(CITATIONS_KEY)
    if context is None or state.inlineMode:
        return
    from .citeproc_glue import format_document  # here: only a document with a bibliography

    found: list[tuple[Token, int | None]] = []
    for inline in state.tokens:
        if inline.type == "inline":
            _collect(inline.children or (), inline, found)
    # Inline footnotes (`^[... @key]`) keep their tokens aside, in env.
    for note in state.env.get("footnotes", {}).get("list", {}).values():
        _collect(note.get("tokens") or (), None, found)
    try:
        entries, unknown = format_document(context, [c for c, _ in found], state.md, state.env)
    except Exception as exc:  # citeproc-py raises many kinds on data or styles it mishandles
        _unformatted(state, found, exc)
        return
    for token, line in found:
        for key in token.meta["items"]:
            if key.key.lower() in unknown:
                state.env.setdefault(DIAGNOSTICS_KEY, []).append(
                    warning(
                        "",
                        line,
                        f"citation key {key.key!r} is not in the bibliography",
                        "check the key against the bibliography file",
                    )
                )
    if entries:
        _place_references(state.tokens, entries, context)


def _collect(
    children: Sequence[Token], inline: Token | None, found: list[tuple[Token, int | None]]
) -> None:
    """Add the citations among `children` (of `inline`, when known, for their lines)."""
    depth = 0  # inside a link, a citation links nowhere itself: links do not nest
    for child in children:
        depth += child.type == "link_open"
        depth -= child.type == "link_close"
        if child.type == "citation":
            child.meta["in_link"] = depth > 0
            found.append((child, _line(inline, child) if inline is not None else None))


def _unformatted(state: StateCore, found: list[tuple[Token, int | None]], exc: Exception) -> None:
    """Citations citeproc-py failed on: their keys in brackets, and one warning."""
    for token, _ in found:
        keys = "; ".join(escape(item.key) for item in token.meta["items"])
        token.meta["html"] = f'<span class="citation">[{keys}]</span>'
    state.env.setdefault(DIAGNOSTICS_KEY, []).append(
        warning(
            "",
            found[0][1] if found else None,
            f"cannot format the citations: {exc}",
            "try another citation style (csl:)",
        )
    )


def _line(inline: Token, child: Token) -> int | None:
    """The 0-based body line of a token inside an inline token."""
    if not inline.map:
        return None
    return inline.map[0] + inline.content.count("\n", 0, child.meta.get("offset", 0))


def _place_references(tokens: list[Token], entries: list[str], context: CitationContext) -> None:
    """The reference list in the `::: {#refs}` div, or at the end under a heading."""
    body = "".join(entries)
    for i, token in enumerate(tokens):
        if token.type == "fenced_div_open" and getattr(token.meta["attrs"], "id", "") == "refs":
            depth = 0
            for j in range(i, len(tokens)):
                depth += tokens[j].nesting if tokens[j].type.startswith("fenced_div") else 0
                if depth == 0:
                    html = f'<div class="references csl-bib-body" role="list">\n{body}</div>\n'
                    tokens.insert(j, Token("html_block", "", 0, content=html, block=True))
                    return
    heading = escape(context.section_title)
    html = (
        f'<section id="refs" class="references" role="doc-bibliography">\n'
        f'<h2 class="references-heading">{heading}</h2>\n'
        f'<div class="csl-bib-body" role="list">\n{body}</div>\n</section>\n'
    )
    tokens.append(Token("html_block", "", 0, content=html, block=True))
