"""Footnotes as Pandoc writes them: a reference is the note's number alone (markdown-it's own
is `[1]`, and `[1:1]` for a second reference to the same note), marked with the roles screen
readers announce. And Pandoc's `reference-location: block` and `section`, as Quarto passes them
on: each footnote listed at the end of the top-level block, or of the top-level section, that
first refers to it, rather than at the end of the page (`margin` is margin_notes.py's)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token


def footnote_look_plugin(md: MarkdownIt) -> None:
    """Render footnote references and the notes' list as Pandoc does (after footnote_plugin)."""
    md.add_render_rule("footnote_caption", _caption)
    md.add_render_rule("footnote_ref", _reference)
    md.add_render_rule("footnote_block_open", _list_open)
    md.add_render_rule("footnote_anchor", _back_link)


def _caption(_renderer: object, tokens: list[Token], idx: int, *_: object) -> str:
    """A reference's text: its note's number, the same for each reference to the note."""
    return str(tokens[idx].meta["id"] + 1)


def _reference(_renderer: object, tokens: list[Token], idx: int, *_: object) -> str:
    """A reference: the note's number, linking to the note (each one's own id to come back to)."""
    meta = tokens[idx].meta
    number = meta["id"] + 1
    back = f"{number}:{meta['subId']}" if meta.get("subId", -1) > 0 else str(number)
    return (
        f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{back}" role="doc-noteref">'
        f"{number}</a></sup>"
    )


def _list_open(*_: object) -> str:
    """The notes' list at the end of the page."""
    return (
        '<hr class="footnotes-sep" />\n<section class="footnotes" role="doc-endnotes">\n'
        '<ol class="footnotes-list">\n'
    )


def _back_link(_renderer: object, tokens: list[Token], idx: int, *_: object) -> str:
    """A note's link back to a reference to it (one for each)."""
    meta = tokens[idx].meta
    back = f"{meta['id'] + 1}" + (f":{meta['subId']}" if meta["subId"] > 0 else "")
    # The arrow with the text variation selector: iOS would draw the emoji.
    return f' <a href="#fnref{back}" class="footnote-backref" role="doc-backlink">\u21a9\ufe0e</a>'


def footnotes_at_ends(tokens: list[Token], where: str) -> None:
    """Move each footnote from the list at the end to the end of its block or section
    (`where`); a note referred to only from another note stays in a list at the end."""
    listed = cut_note_list(tokens)
    if listed is None:
        return
    notes = dict(_notes(listed))
    boundary = _block_end if where == "block" else _section_end(tokens)
    places: dict[int, list[int]] = {}
    for index, number in _first_references(tokens, notes):
        places.setdefault(boundary(tokens, index), []).append(number)
    for at in sorted(places, reverse=True):
        tokens[at:at] = _list(places[at], notes, where)
    left = [n for n in notes if all(n not in numbers for numbers in places.values())]
    if left:
        tokens.extend(_list(left, notes, "document"))


def cut_note_list(tokens: list[Token]) -> list[Token] | None:
    """The tokens inside the footnotes' list at the end, taken out of `tokens` with the list;
    None when there is none."""
    start = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
    if start is None:
        return None
    end = next(i for i in range(start, len(tokens)) if tokens[i].type == "footnote_block_close")
    listed = tokens[start + 1 : end]
    del tokens[start : end + 1]
    return listed


def _notes(tokens: list[Token]) -> Iterator[tuple[int, list[Token]]]:
    """Each footnote's number and its tokens, from its `footnote_open` to its close."""
    body: list[Token] = []
    for token in tokens:
        body.append(token)
        if token.type == "footnote_close":
            yield body[0].meta["id"], body
            body = []


def _first_references(
    tokens: list[Token], notes: dict[int, list[Token]]
) -> Iterator[tuple[int, int]]:
    """(index of the inline token, note number) of each note's first reference in the text."""
    seen: set[int] = set()
    for index, token in enumerate(tokens):
        for child in token.children or () if token.type == "inline" else ():
            number = child.meta.get("id") if child.type == "footnote_ref" else None
            if number in notes and number not in seen:
                seen.add(number)
                yield index, number


def _block_end(tokens: list[Token], index: int) -> int:
    """Just after the top-level block holding the token at `index`."""
    return next(
        (
            j + 1
            for j in range(index, len(tokens))
            if tokens[j].level == 0 and tokens[j].nesting <= 0
        ),
        len(tokens),
    )


def _section_end(tokens: list[Token]) -> Callable[[list[Token], int], int]:
    """Where the top-level section holding a token ends: at the next heading of the
    document's top level (its shallowest heading), else at the end."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open" and t.level == 0]
    top = min(levels, default=1)
    starts = [
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.level == 0 and int(t.tag[1]) <= top
    ]

    def end(tokens: list[Token], index: int) -> int:
        """The first top-level heading after `index`, or the end of the document."""
        return next((s for s in starts if s > index), len(tokens))

    return end


def _list(numbers: list[int], notes: dict[int, list[Token]], where: str) -> list[Token]:
    """The notes `numbers` as a numbered list, marked as the end of a block or section."""
    opening = (
        f'<section class="footnotes footnotes-end-of-{where}" role="doc-endnotes">\n'
        f'<ol class="footnotes-list" start="{numbers[0] + 1}">\n'
    )
    body = [token for number in numbers for token in notes[number]]
    return [_html(opening), *body, _html("</ol>\n</section>\n")]


def _html(content: str) -> Token:
    """A block of HTML as a token."""
    return Token("html_block", "", 0, content=content, block=True)
