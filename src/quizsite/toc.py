"""A document's table of contents (`toc: true`), as Quarto makes it: the headings down to
`toc-depth`, titled by `toc-title`, placed by `toc-location` (beside the text on the right,
which is Quarto's default, or on the left; in the body; or both, `left-body`/`right-body`)."""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token
from markupsafe import escape

from .metadata import heading_id
from .page_options import PageOptions
from .quiz import plain_text

_CODE_MARK = "\x00"  # around code in a heading's plain text; no Markdown text holds it

# The nav's classes by place: the side copy of `left-body`/`right-body` shows only beside the
# text (on a phone, the body copy is the one table shown).
_SIDE = {"right": "toc", "left": "toc toc-left", "body": "toc toc-body"}


def table_of_contents(
    tokens: list[Token], depth: int, extra: dict[str, Any], options: PageOptions | None = None
) -> str:
    """A nested list linking to the headings down to level `depth` (`##` is level 2; the
    title is the page's `h1`), giving each an id (Pandoc's) if the author did not; titled by
    the document's `toc-title`, as Quarto's is. Depth 0: no table, and no ids given."""
    if not depth:
        return ""
    items = _headings(tokens, depth)
    if not items:
        return ""
    words = options.words if options else None
    title, links = (
        escape(_toc_title(extra, words["toc-title-website"] if words else "")),
        _nested(items),
    )
    location = options.toc_location if options else "right"
    if location == "right" and options is not None and options.no_margin:
        return ""  # the margin it would stand in has no width (the headings keep their ids)
    # How many levels the table beside the text shows (page.js); Quarto's 1 needs no word.
    expand = f' data-expand="{options.toc_expand}"' if options and options.toc_expand else ""
    if location in _SIDE:
        return _nav(_SIDE[location], "toc-title", title, links, expand)
    side = "toc toc-side" + (" toc-left" if location == "left-body" else "")
    return _nav(side, "toc-title", title, links, expand) + _nav(
        "toc toc-body", "toc-body-title", title, links
    )


def _headings(tokens: list[Token], depth: int) -> list[tuple[int, str, str]]:
    """Each listed heading's (level, id, label), giving every heading an id on the way."""
    taken = {str(t.attrs["id"]) for t in tokens if t.type == "heading_open" and "id" in t.attrs}
    items: list[tuple[int, str, str]] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0:
            continue
        level = int(token.tag[1])
        inline = tokens[index + 1]
        text = plain_text([inline]).strip()
        if "id" not in token.attrs:
            token.attrSet("id", heading_id(text, taken))
        if level <= depth and "unlisted" not in str(token.attrs.get("class", "")).split():
            items.append((level, str(token.attrs["id"]), _toc_label(inline)))
    return items


def _nested(items: list[tuple[int, str, str]]) -> str:
    """The headings as nested lists, the shallowest listed level at the top."""
    parts, current = [], 0
    top = min(level for level, _, _ in items)
    for level, ident, text in items:
        level = max(level - top + 1, 1)
        if level > current:
            parts.append("<ul><li>" * (level - current))
        else:
            parts.append("</li></ul>" * (current - level) + "</li><li>")
        parts.append(f'<a href="#{escape(ident)}">{text}</a>')
        current = level
    parts.append("</li></ul>" * current)
    return "".join(parts)


def _nav(classes: str, title_id: str, title: str, links: str, attrs: str = "") -> str:
    """One table of contents: a navigation landmark named by its title."""
    return (
        f'<nav class="{classes}" aria-labelledby="{title_id}"{attrs}>'
        f'<h2 id="{title_id}" class="toc-title">{title}</h2>{links}</nav>'
    )


def _toc_title(extra: dict[str, Any], translated: str) -> str:
    """The table of contents' title: the document's `toc-title`, else its language's words
    (`translated`), else quizsite's."""
    title = extra.get("toc-title")
    title = str(title).strip() if isinstance(title, str | int | float) else ""
    return title or translated or "On this page"


def _toc_label(inline: Token) -> str:
    """A heading's text for the table of contents, as HTML: its code kept as code (a heading
    naming `{{< video >}}` must not show the shortcode as text), other markup left out."""
    pieces = plain_text([inline], _CODE_MARK).strip().split(_CODE_MARK)
    return "".join(
        f"<code>{escape(piece)}</code>" if k % 2 else str(escape(piece))
        for k, piece in enumerate(pieces)
    )
