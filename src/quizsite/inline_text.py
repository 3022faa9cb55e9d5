"""Short texts of a document's metadata (a title, subtitle, description, author) as Quarto
shows them: their Markdown rendered inline."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

# Characters that may start Markdown in a line of text; a description without them is text.
_MARKDOWN = re.compile(r"[*_`\[\]<&\\$~^]")


# HTML's own inline elements: raw HTML that Pandoc keeps in a title block's text (a subtitle's
# `<span style=…>`), where a made-up tag (`<compared>`) is kept as text.
_KNOWN_TAG = re.compile(
    r"</?(?:a|abbr|b|br|code|del|em|i|img|kbd|mark|q|s|small|span|strong|sub|sup|u)\b", re.I
)


def inline_markdown(text: str, raw_html: bool = True) -> Markup:
    """A description as Quarto shows it in a listing: its Markdown rendered (inline); without
    `raw_html`, a tag written in it shows as text unless HTML's own inline element (a post's
    title block keeps `<x>` seen and shows `<span>` as a span)."""
    if not _MARKDOWN.search(text):
        return escape(text)
    from .markdown import markdown_parser

    md = markdown_parser()
    if raw_html:
        return Markup(md.renderInline(text, {}).strip())
    tokens = md.parseInline(text, {})
    for token in tokens:
        for child in token.children or []:
            if child.type == "html_inline" and not _KNOWN_TAG.match(child.content):
                child.type = "text"
    return Markup(md.renderer.render(tokens, md.options, {}).strip())


@lru_cache(maxsize=16)
def title_html(text: str) -> Markup:
    """A Quarto website's title as its navbar shows it: Markdown, with the raw HTML Pandoc
    keeps (Quarto's `navbrand.ejs` writes it unescaped), HTML's own inline elements only."""
    return inline_markdown(text, raw_html=False)


@lru_cache(maxsize=16)
def title_text(text: str) -> str:
    """A Quarto website's title as plain text, for a page's `<title>` and its metadata."""
    return title_html(text).striptags() or text
