"""Quarto figures: captioned images, `::: {#fig-x}` figure divs and `layout-*` grids.

Pandoc makes an image alone in a paragraph with a caption a figure; Quarto adds figure divs
(the div's last paragraph is its caption), subfigures lettered (a), (b) inside a figure div,
and layouts that put a div's blocks in rows of cells (`layout-ncol`, `layout-nrow`, `layout`).
Numbers ("Figure 1: ") are the cross-reference pass's job (crossref.py); this one builds the
structure it numbers, and marks each figure's caption in `meta["caption"]`."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .fenced_divs import PLACED_DIVS, DivAttributes
from .marks import holds
from .tokens import matching_close

LAYOUT_KEYS = ("layout-ncol", "layout-nrow", "layout")
FLOATS = ("fig-", "tbl-", "lst-")  # the ids that make a div a captioned, numbered float
ALIGNMENTS = ("left", "center", "right", "default")


def figures(state: StateCore) -> None:
    """Core rule: figure divs and layouts first (innermost first), then captioned images."""
    tokens = state.tokens
    if state.env.get(PLACED_DIVS):
        openers = [
            i
            for i, t in enumerate(tokens)
            if t.type == "fenced_div_open" and _is_figure_or_layout(t.meta["attrs"])
        ]
        if openers:  # the crossref words (subfigures' letters): only for figure divs
            from .crossref_words import document_words

            subref = document_words(state.env).subref
            for i in reversed(openers):  # later openers first: earlier indices stay valid
                _figure_div(tokens, i, state.env.get("front_matter", {}), subref)
    if holds(state.src, "!["):  # a lone image paragraph needs an image
        if "cap-location" in state.src or "fig-align" in state.src:
            _cell_placement(tokens)
        _image_figures(tokens, state.env.get("front_matter", {}))
    if "lst-" in state.src:
        _listings(tokens)
    if "cap-location" in state.src or _names_cap_location(state.env.get("front_matter", {})):
        _table_caption_sides(tokens, state.env.get("front_matter", {}))


def _names_cap_location(front: Mapping[str, Any]) -> bool:
    """Whether the document's metadata places tables' captions."""
    return "tbl-cap-location" in front or "cap-location" in front


def _table_caption_sides(tokens: Sequence[Token], front: Mapping[str, Any]) -> None:
    """A captioned table whose caption goes below (`tbl-cap-location: bottom`, on the table
    or the document) is marked so; Pandoc's `<caption>` is drawn on top otherwise. A
    margin caption stays on top: a table's caption has no margin place in the theme."""
    for i, token in enumerate(tokens[:-1]):
        if token.type != "table_open" or tokens[i + 1].type != "table_caption_open":
            continue
        own = DivAttributes(attributes=tuple((k, str(v)) for k, v in token.attrs.items()))
        if caption_location("tbl", own, front) == "bottom":
            token.attrJoin("class", "quarto-caption-bottom")
        for key in ("tbl-cap-location", "cap-location"):
            token.attrs.pop(key, None)


def _is_figure_or_layout(attrs: DivAttributes) -> bool:
    """Whether a div is a figure (`#fig-`) or lays out its blocks."""
    return attrs.id.startswith(FLOATS) or any(attrs.get(k) for k in LAYOUT_KEYS)


def child_blocks(tokens: Sequence[Token], start: int, end: int) -> list[tuple[int, int]]:
    """The top-level blocks between `start` and `end`, as (first, past-last) index pairs."""
    blocks, depth, begin = [], 0, start
    for k in range(start, end):
        depth += tokens[k].nesting
        if depth == 0:
            blocks.append((begin, k + 1))
            begin = k + 1
    return blocks


def _lone_image(tokens: Sequence[Token], i: int) -> Token | None:
    """The image of a paragraph holding nothing else (Pandoc's figure candidate), if any."""
    if i + 2 >= len(tokens) or tokens[i].type != "paragraph_open" or tokens[i].hidden:
        return None  # a tight list item's text is not a paragraph to Pandoc
    children = tokens[i + 1].children or []
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


def _figure_div(tokens: list[Token], opener: int, front: Mapping[str, Any], subref: str) -> None:
    """Turn the div opened at `opener` into a figure and/or a layout, in place."""
    attrs: DivAttributes = tokens[opener].meta["attrs"]
    is_figure = attrs.id.startswith(FLOATS)
    if is_figure:  # may give subtables captions: the blocks are found again after
        closer = matching_close(tokens, opener)
        _mark_subfigures(tokens, child_blocks(tokens, opener + 1, closer), attrs, subref)
    closer = matching_close(tokens, opener)
    blocks = child_blocks(tokens, opener + 1, closer)
    caption = _div_caption(tokens, blocks) if is_figure else []
    body = _layout(tokens, blocks, attrs) if any(attrs.get(k) for k in LAYOUT_KEYS) else None
    if body is None:
        body = tokens[opener + 1 : blocks[-1][1]] if blocks else []
    new_open, where = _div_opening(tokens[opener], attrs, front, is_figure)
    new_open.meta = {"attrs": attrs, "caption": caption[1] if caption else None}
    new_close = Token(f"{new_open.type[:-5]}_close", new_open.tag, -1, block=True)
    if where == "top":
        body, caption = caption, body
    tokens[opener : closer + 1] = [new_open, *body, *caption, new_close]


def _div_caption(tokens: list[Token], blocks: list[tuple[int, int]]) -> list[Token]:
    """A figure div's caption: its last block when that is a paragraph other than an image
    (taken off `blocks`), as figcaption tokens."""
    if not blocks:
        return []
    first = blocks[-1][0]
    if tokens[first].type != "paragraph_open" or _lone_image(tokens, first) is not None:
        return []
    blocks.pop()
    return _caption_tokens(tokens[first + 1], tokens[first].map)


def _mark_subfigures(
    tokens: list[Token], blocks: list[tuple[int, int]], attrs: DivAttributes, scheme: str
) -> None:
    """Letter the images of a figure div, or the tables of a table div, (a), (b), …
    (`subref-labels` may say otherwise)."""
    from .crossref_words import numeral  # here: only a document with figure divs

    if attrs.id.startswith("tbl-"):
        _mark_subtables(tokens, blocks, attrs, scheme)
        return
    count = 0
    for first, _last in blocks:
        image = _lone_image(tokens, first)
        if image is not None and (image.children or _image_id(image).startswith("fig-")):
            count += 1
            tokens[first].meta["subfigure"] = (attrs.id, numeral(count, scheme))


def _mark_subtables(
    tokens: list[Token], blocks: list[tuple[int, int]], attrs: DivAttributes, scheme: str
) -> None:
    """A table div's subtables: its captioned (or `#tbl-` labelled) tables, and in a frozen
    cell with `tbl-subcap` the table of each output (a Markdown table, or an HTML one such as
    pandas writes); each lettered before its caption, the cell's given the id Quarto gives
    them (`tbl-x-1`) and their subcaption."""
    from .crossref_words import numeral  # here: only a document with table divs

    subcaps = _subcaps(attrs.get("tbl-subcap"))
    found = _subtable_blocks(tokens, blocks, subcaps is not None)
    # Tokens go in from the last subtable back: the earlier ones' indices stay right.
    for count, (first, last, at) in reversed(list(enumerate(found, 1))):
        letter = numeral(count, scheme)
        text = subcaps[count - 1] if subcaps and count <= len(subcaps) else ""
        if at is None:
            _wrap_subtable(tokens, (first, last), f"{attrs.id}-{count}", (attrs.id, letter), text)
            continue
        table = tokens[at]
        table.meta["subfigure"] = (attrs.id, letter)
        if not _image_id(table) and subcaps is not None:
            table.attrSet("id", f"{attrs.id}-{count}")
        if tokens[at + 1].type != "table_caption_open":
            _add_table_caption(tokens, at, text)
        _prefix_text(tokens[at + 2], f"({letter})" + (" " if tokens[at + 2].content else ""))


def _subtable_blocks(
    tokens: Sequence[Token], blocks: list[tuple[int, int]], cell: bool
) -> list[tuple[int, int, int | None]]:
    """The blocks of a table div that are subtables, each with its `table_open` (None for an
    HTML table): a captioned or `#tbl-` labelled table, or (in a cell with subcaptions,
    `cell`) any table."""
    found: list[tuple[int, int, int | None]] = []
    for first, last in blocks:
        at = next((k for k in range(first, last) if tokens[k].type == "table_open"), None)
        if at is not None:
            captioned = tokens[at + 1].type == "table_caption_open"
            if captioned or _image_id(tokens[at]).startswith("tbl-") or cell:
                found.append((first, last, at))
        elif cell and _holds_html_table(tokens, first, last):
            found.append((first, last, None))
    return found


def _holds_html_table(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Whether a block holds a table written as HTML (a frozen pandas output)."""
    return any(t.type == "html_block" and "<table" in t.content.lower() for t in tokens[first:last])


def _wrap_subtable(
    tokens: list[Token], block: tuple[int, int], ident: str, sub: tuple[str, str], text: str
) -> None:
    """Put the block holding an HTML table in a subtable figure, captioned "(b) text"."""
    figure = Token("figure_open", "figure", 1, block=True, map=tokens[block[0]].map)
    figure.attrSet("id", ident)
    figure.attrSet("class", "quarto-subfigure quarto-caption-top")
    figure.meta = {"subfigure": sub, "caption": None}
    words = f"({sub[1]})" + (f" {text}" if text else "")
    inline = Token("inline", "", 0, content=words, children=[Token("text", "", 0, content=words)])
    tokens.insert(block[1], Token("figure_close", "figure", -1, block=True))
    tokens[block[0] : block[0]] = _caption_tokens(inline, None)
    tokens.insert(block[0], figure)


def _subcaps(value: str) -> list[str] | None:
    """A `tbl-subcap` attribute as Quarto writes it into frozen Markdown: a JSON list of
    subcaptions, or `true` for letters alone; None when there is none."""
    value = value.strip()
    if not value or value.lower() in ("false", "null"):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return [value]  # one subcaption, written bare
    if isinstance(parsed, list):
        return [str(item) for item in parsed]
    return [] if parsed is True else [str(parsed)]


def _add_table_caption(tokens: list[Token], at: int, text: str) -> None:
    """Give the table at `at` a caption holding `text`."""
    level = tokens[at].level
    inline = Token("inline", "", 0, content=text, level=level + 2)
    inline.children = [Token("text", "", 0, content=text)] if text else []
    tokens[at + 1 : at + 1] = [
        Token("table_caption_open", "caption", 1, block=True, level=level + 1),
        inline,
        Token("table_caption_close", "caption", -1, block=True, level=level + 1),
    ]


def _prefix_text(inline: Token, text: str) -> None:
    """Put `text` first in an inline token."""
    inline.content = text + inline.content
    inline.children = [Token("text", "", 0, content=text), *(inline.children or [])]


def _div_opening(
    old: Token, attrs: DivAttributes, front: Mapping[str, Any], is_figure: bool
) -> tuple[Token, str]:
    """The opening token of a figure (classes for its alignment and caption place) or of a
    layout panel, and where the figure's caption goes."""
    classes = list(attrs.classes)
    where = "bottom"
    if is_figure:
        align = attrs.get("fig-align") or str(front.get("fig-align") or "center")
        listing = attrs.id.startswith("lst-")  # a code listing: left as code is, no alignment
        classes[:0] = ["quarto-listing"] if listing else ["quarto-figure"]
        classes[1:1] = [] if listing else [f"quarto-figure-{_alignment(align)}"]
        where = caption_location(attrs.id[:3], attrs, front)
        if where != "bottom":
            classes.append(f"quarto-caption-{where}")
        opening = Token("figure_open", "figure", 1, block=True, map=old.map)
    else:
        classes.insert(0, "quarto-layout-panel")
        opening = Token("layout_open", "div", 1, block=True, map=old.map)
    if attrs.id:
        opening.attrSet("id", attrs.id)
    opening.attrSet("class", " ".join(classes))
    return opening, where


def caption_location(kind: str, attrs: DivAttributes, front: Mapping[str, Any]) -> str:
    """Where a float's caption goes, as Quarto decides: the float's own `fig-cap-location`
    (or `tbl-`), else the document's, else its `cap-location`; tables and listings at the top
    by default."""
    for value in (
        attrs.get(f"{kind}-cap-location"),
        attrs.get("cap-location"),
        front.get(f"{kind}-cap-location"),
        front.get("cap-location"),
    ):
        if value in ("top", "bottom", "margin"):
            return str(value)
    return "top" if kind in ("tbl", "lst") else "bottom"


def _caption_tokens(inline: Token, where: list[int] | None) -> list[Token]:
    """A figcaption around the inline content of a paragraph."""
    inline.map = where
    return [
        Token("figcaption_open", "figcaption", 1, block=True),
        inline,
        Token("figcaption_close", "figcaption", -1, block=True),
    ]


def _alignment(value: str) -> str:
    """Quarto's figure alignments; figures are centred unless told otherwise."""
    value = value.strip().lower()
    return value if value in ALIGNMENTS and value != "default" else "center"


def layout_rows(attrs: DivAttributes, count: int) -> list[list[float]]:
    """Column weights of each row for `count` cells (a negative weight is a gap), as Quarto
    reads `layout-ncol`, `layout-nrow` and `layout="[[1,1],[1]]"`."""
    rows = _explicit_rows(attrs.get("layout").strip())
    if not rows:
        ncol = _positive(attrs.get("layout-ncol"))
        nrow = _positive(attrs.get("layout-nrow"))
        if not ncol:
            ncol = math.ceil(count / nrow) if nrow else 1
        rows = [[1.0] * ncol]
    # More cells than the layout names: go on in rows like the last one.
    while sum(1 for row in rows for w in row if w > 0) < count:
        rows.append(list(rows[-1]))
    return rows


def _explicit_rows(spec: str) -> list[list[float]]:
    """`layout="[[1,1],[1]]"` (or one row, `[15,-2,10]`) as rows of weights; [] otherwise."""
    if not spec:
        return []
    try:
        parsed = json.loads(spec)
    except ValueError:
        return []
    if isinstance(parsed, list) and parsed and all(isinstance(x, (int, float)) for x in parsed):
        parsed = [parsed]
    if not isinstance(parsed, list) or not all(_weights(row) for row in parsed):
        return []
    return [[float(x) for x in row] for row in parsed]


def _weights(row: Any) -> bool:
    """Whether a layout row is a non-empty list of numbers."""
    return isinstance(row, list) and bool(row) and all(isinstance(x, (int, float)) for x in row)


def _positive(value: str) -> int:
    """A positive integer attribute value, or 0."""
    value = value.strip().strip('"')
    return int(value) if value.isdigit() and int(value) > 0 else 0


def _layout(
    tokens: list[Token], blocks: list[tuple[int, int]], attrs: DivAttributes
) -> list[Token]:
    """The div's blocks as rows of cells; a heading starts a new cell when the div has any."""
    cells: list[list[Token]] = []
    has_headings = any(tokens[a].type == "heading_open" for a, _ in blocks)
    for first, last in blocks:
        if not cells or not has_headings or tokens[first].type == "heading_open":
            cells.append([])
        cells[-1].extend(tokens[first:last])
    out: list[Token] = []
    pending = iter(cells)
    valign = attrs.get("layout-valign").strip().lower()
    for weights in layout_rows(attrs, len(cells)):
        row = Token("layout_row_open", "div", 1, block=True)
        aligned = valign in ("top", "center", "bottom")
        row.attrSet(
            "class",
            f"quarto-layout-row quarto-layout-valign-{valign}" if aligned else "quarto-layout-row",
        )
        out.append(row)
        for weight in weights:
            cell = Token("layout_cell_open", "div", 1, block=True)
            cell.attrSet("class", "quarto-layout-cell" if weight > 0 else "quarto-layout-spacer")
            cell.attrSet("style", f"flex: {abs(weight):g} 1 0")
            out.append(cell)
            if weight > 0:
                out.extend(next(pending, []))
            out.append(Token("layout_cell_close", "div", -1, block=True))
        out.append(Token("layout_row_close", "div", -1, block=True))
    return out


def _image_id(image: Token) -> str:
    """The id attribute Pandoc syntax put on an image, or ''."""
    value = image.attrGet("id")
    return value if isinstance(value, str) else ""


_PLACEMENT = ("fig-cap-location", "cap-location", "fig-align")


def _cell_placement(tokens: Sequence[Token]) -> None:
    """A frozen cell's `fig-cap-location`, `cap-location` and `fig-align` (written on its
    `::: {.cell}` div) apply to the images it drew, unless an image says otherwise."""
    for i, token in enumerate(tokens):
        attrs = token.meta.get("attrs") if token.type == "fenced_div_open" else None
        if not isinstance(attrs, DivAttributes) or "cell" not in attrs.classes:
            continue
        given = [(key, attrs.get(key)) for key in _PLACEMENT if attrs.get(key)]
        for inline in tokens[i + 1 : matching_close(tokens, i)] if given else ():
            for child in inline.children or [] if inline.type == "inline" else []:
                if child.type != "image":
                    continue
                for key, value in given:
                    if child.attrGet(key) is None:
                        child.attrSet(key, value)


def _image_figures(tokens: list[Token], front: Mapping[str, Any]) -> None:
    """Each paragraph holding a lone image with a caption, a `#fig-` id or an alignment
    becomes a figure captioned by the image's text."""
    i = 0
    while i + 2 < len(tokens):
        image = _lone_image(tokens, i)
        if image is None or not (
            image.children or _image_id(image).startswith("fig-") or image.attrGet("fig-align")
        ):
            i += 1
            continue
        i += _image_figure(tokens, i, image, front)


def _image_figure(tokens: list[Token], i: int, image: Token, front: Mapping[str, Any]) -> int:
    """Make the paragraph at `i` (a lone image) a figure; how many tokens it now takes."""
    opening, inline, _closing = tokens[i : i + 3]
    subfigure = opening.meta.get("subfigure")
    figure = Token("figure_open", "figure", 1, block=True, map=opening.map)
    ident = _image_id(image)
    if ident:
        figure.attrSet("id", ident)
        del image.attrs["id"]
    where = _image_figure_classes(figure, image, ident, subfigure, front)
    caption: list[Token] = []
    if image.children:
        caption_inline = Token("inline", "", 0, content=image.content, children=image.children)
        caption = _caption_tokens(caption_inline, inline.map)
        if subfigure:
            letter = Token("text", "", 0, content=f"({subfigure[1]}) ")
            caption_inline.children = [letter, *(caption_inline.children or [])]
    figure.meta = {"caption": caption[1] if caption else None, "subfigure": subfigure}
    image.children = []  # the caption says it; the image's alt is `fig-alt`, or none
    content = [*caption, inline] if where == "top" else [inline, *caption]
    tokens[i : i + 3] = [figure, *content, Token("figure_close", "figure", -1, block=True)]
    return 3 + len(caption)


def _image_figure_classes(
    figure: Token, image: Token, ident: str, subfigure: Any, front: Mapping[str, Any]
) -> str:
    """Give an image's figure its classes (alignment, subfigure, caption place); returns where
    the caption goes."""
    align = str(image.attrGet("fig-align") or front.get("fig-align") or "")
    classes = ["quarto-subfigure"] if subfigure else []
    own = DivAttributes(attributes=tuple((k, str(v)) for k, v in image.attrs.items()))
    where = "bottom" if subfigure else caption_location("fig", own, front)
    image.attrs.pop("fig-cap-location", None)
    if align or ident.startswith("fig-") or where != "bottom":
        classes[:0] = ["quarto-figure", f"quarto-figure-{_alignment(align)}"]
    if where != "bottom":
        classes.append(f"quarto-caption-{where}")
    if classes:
        figure.attrSet("class", " ".join(classes))
    return where


def _listings(tokens: list[Token]) -> None:
    """A code block with a `#lst-` id and a `lst-cap` is a listing, captioned on top (Quarto
    numbers a listing only when it has both)."""
    i = 0
    while i < len(tokens):
        fence = tokens[i]
        ident, text = _listing(fence) if fence.type == "fence" else ("", "")
        if not (ident.startswith("lst-") and text):
            i += 1
            continue
        listing = Token("figure_open", "figure", 1, block=True, map=fence.map)
        listing.attrSet("id", ident)
        listing.attrSet("class", "quarto-listing")
        # The id is the listing's now: off the code block, and out of the info string that
        # the code renderer also reads ids from.
        fence.attrs.pop("id", None)
        fence.attrs.pop("lst-cap", None)
        fence.info = re.sub(rf"#{re.escape(ident)}(?=[\s}}])", "", fence.info, count=1)
        inline = Token("inline", "", 0, content=text, map=fence.map)
        inline.children = [Token("text", "", 0, content=text)]
        caption = _caption_tokens(inline, fence.map)
        listing.meta = {"caption": inline}
        wrapped = [listing, *caption, fence, Token("figure_close", "figure", -1, block=True)]
        tokens[i : i + 1] = wrapped
        i += len(wrapped)


def _listing(fence: Token) -> tuple[str, str]:
    """A code block's listing id and caption: `{#lst-x lst-cap="…"}` attributes, or a cell's
    `#| lst-label:` and `#| lst-cap:` options."""
    ident, caption = fence.attrGet("id"), fence.attrGet("lst-cap")
    if isinstance(ident, str) and caption:
        return ident, str(caption)
    if "|" in fence.content and fence.info.lstrip().startswith("{"):
        from .cells import split_options  # here: only a cell that may have options

        options = split_options(fence.content).options
        return str(options.get("lst-label") or ""), str(options.get("lst-cap") or "")
    return "", ""
