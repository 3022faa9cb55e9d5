"""Quarto's `reference-location: margin` and `citation-location: margin`: each footnote, and
the reference entry of each citation, shown in the margin beside the paragraph that refers to
it (the theme's margin column, `.column-margin`: beside the text on a wide screen, under the
paragraph on a phone).

A core rule, run once the footnotes and citations are in place (it also hands
`reference-location: block` and `section` to end_notes.py); a document that asks for none of
them costs two dictionary lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .end_notes import cut_note_list, footnotes_at_ends
from .patterns import compile_later
from .shortcodes import META_KEY

_ENTRY = compile_later(r'<div id="ref-([^"]+)" class="csl-entry" role="listitem">')


def margin_notes_plugin(md: MarkdownIt) -> None:
    """Add the rule moving footnotes and citations' references into the margin."""
    md.core.ruler.push("margin_notes", _margin_notes)


def _margin_notes(state: StateCore) -> None:
    """Footnotes and references beside their paragraphs, when the document asks for it."""
    meta = state.env.get(META_KEY)
    if not meta or state.inlineMode:
        return
    where = meta.get("reference-location")
    if where == "margin":
        _footnotes_in_margin(state.tokens)
    elif where in ("block", "section"):
        footnotes_at_ends(state.tokens, where)
    if meta.get("citation-location") == "margin":
        _references_in_margin(state.tokens)


def _footnotes_in_margin(tokens: list[Token]) -> None:
    """Each footnote moved from the list at the end to after the paragraph of its first
    reference, numbered as its reference is; the list at the end goes when emptied."""
    listed = cut_note_list(tokens)
    if listed is None:
        return
    notes = dict(_notes(listed))
    placed: set[int] = set()

    def notes_for(children: list[Token]) -> list[Token]:
        """The margin notes of a text's footnote references, each note at its first one."""
        found = []
        for child in children:
            number = child.meta.get("id") if child.type == "footnote_ref" else None
            if number is not None and number not in placed and number in notes:
                placed.add(number)
                found += _note_tokens(number, notes[number])
        return found

    _insert_after_blocks(tokens, notes_for)


def _notes(tokens: list[Token]) -> Iterator[tuple[int, list[Token]]]:
    """Each footnote's number and content (its blocks, without the link back)."""
    number, body = -1, list[Token]()
    for token in tokens:
        if token.type == "footnote_open":
            number, body = token.meta["id"], []
        elif token.type == "footnote_close":
            yield number, body
        elif token.type != "footnote_anchor":
            body.append(token)


def _note_tokens(number: int, body: list[Token]) -> list[Token]:
    """A footnote as a margin note: its number, then its content."""
    label = f'<sup class="footnote-mark">{number + 1}</sup> '
    first = next((t for t in body if t.type == "inline"), None)
    if first is not None and first.children is not None:
        first.children.insert(0, Token("html_inline", "", 0, content=label))
    opening = f'<div id="fn{number + 1}" class="column-margin footnote-margin" role="note">\n'
    if first is None:
        opening += label
    return [_html(opening), *body, _html("</div>\n")]


def _references_in_margin(tokens: list[Token]) -> None:
    """Each cited work's reference entry after the paragraph citing it (once a paragraph);
    the reference list stays where it was."""
    entries = _entries(tokens)
    if not entries:
        return

    def entries_for(children: list[Token]) -> list[Token]:
        """The entries a text cites, each once, in the order first cited."""
        keys = [
            item.key.lower()
            for child in children
            if child.type == "citation"
            for item in child.meta["items"]
        ]
        shown = "".join(entries[k] for k in dict.fromkeys(keys) if k in entries)
        if not shown:
            return []
        return [_html(f'<div class="column-margin citation-margin" role="note">\n{shown}</div>\n')]

    _insert_after_blocks(tokens, entries_for)


def _entries(tokens: list[Token]) -> dict[str, str]:
    """Each reference entry's HTML by its key (lowercase), without the id the list's has."""
    found: dict[str, str] = {}
    for token in tokens:
        if token.type != "html_block" or 'class="csl-entry"' not in token.content:
            continue
        pieces = _ENTRY.split(token.content)
        for key, html in zip(pieces[1::2], pieces[2::2], strict=True):
            # An entry is one line: what follows the last is the list's own end.
            found[key.lower()] = f'<div class="csl-entry">{html.split(chr(10), 1)[0]}\n'
    return found


def _insert_after_blocks(
    tokens: list[Token], notes_of: Callable[[list[Token]], list[Token]]
) -> None:
    """After each paragraph (else the outermost block holding the text), the tokens
    `notes_of` gives for the inline tokens of its text. A paragraph of the body and its notes
    are wrapped together (`margin-row`), so that on a wide screen the notes sit level with
    the paragraph's first line, and after it in reading order."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type != "inline" or not token.children:
            continue
        found = notes_of(token.children)
        if not found:
            continue
        at = _block_end(tokens, index - 1)
        opening = index - 2
        if token.level == 1 and tokens[opening].type == "paragraph_open":
            found = [_html('<div class="margin-notes">\n'), *found, _html("</div>\n</div>\n")]
            tokens[at:at] = found
            tokens.insert(opening, _html('<div class="margin-row">\n'))
            at += 1
        else:
            tokens[at:at] = found
        index = max(index, at + len(found))


def _block_end(tokens: list[Token], inline: int) -> int:
    """Where to put notes for the inline token at `inline`: after its paragraph, or after the
    outermost block holding it (a heading, a table)."""
    level = tokens[inline].level - 1
    close = next(
        i
        for i in range(inline + 1, len(tokens))
        if tokens[i].level == level and tokens[i].nesting == -1
    )
    if tokens[close].type == "paragraph_close" or level == 0:
        return close + 1
    return next(
        (
            i + 1
            for i in range(close, len(tokens))
            if tokens[i].level == 0 and tokens[i].nesting <= 0
        ),
        len(tokens),
    )


def _html(content: str) -> Token:
    """A block of HTML as a token."""
    return Token("html_block", "", 0, content=content, block=True)
