"""Formatting a document's citations and references with citeproc-py.

Each cited work is rendered on its own (citeproc-py gives a whole citation as one string), so
that each can link to its entry in the references; the style's own affixes and delimiter then
join them, as the style would. Pandoc's forms that CSL leaves to the processor are made here
from the rendered text: an in-text citation (`@doe`: "Doe (2020)") and one without its author
(`[-@doe]`: "(2020)") split the work's text where its year starts.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from .citations import CITATIONS_KEY

if TYPE_CHECKING:
    from .citation_rules import CitationContext, CiteItem

_LOCATOR_TERMS = {
    "bk": "book", "bks": "book", "book": "book", "chap": "chapter", "chaps": "chapter",
    "chapter": "chapter", "col": "column", "cols": "column", "column": "column",
    "fig": "figure", "figs": "figure", "figure": "figure", "fol": "folio", "fols": "folio",
    "no": "issue", "nos": "issue", "l": "line", "ll": "line", "line": "line", "n": "note",
    "nn": "note", "note": "note", "op": "opus", "opp": "opus", "p": "page", "pp": "page",
    "page": "page", "pages": "page", "para": "paragraph", "paras": "paragraph", "¶": "paragraph",
    "¶¶": "paragraph", "pt": "part", "pts": "part", "part": "part", "sec": "section",
    "secs": "section", "section": "section", "§": "section", "§§": "section",
    "s.v": "sub-verbo", "s.vv": "sub-verbo", "v": "verse", "vv": "verse", "verse": "verse",
    "vol": "volume", "vols": "volume", "volume": "volume",
}  # fmt: skip
_LOCATOR = re.compile(
    r"^\s*,?\s*(?:(?P<term>[¶§]{1,2}(?=\s*\d)|[a-z¶§.]+?)\.?\s*(?<=[\s¶§.]))?"
    r"(?P<value>[0-9ivxlcdmIVXLCDM]+(?:\s*[-–—,&]\s*[0-9ivxlcdmIVXLCDM]+)*)(?P<rest>.*)$",
    re.S,
)


def format_document(
    context: CitationContext, tokens: list[Token], md: MarkdownIt, env: EnvType
) -> tuple[list[str], set[str]]:
    """Set each citation token's HTML; returns the reference entries and the unknown keys."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter

    bibliography = CitationStylesBibliography(context.style, context.library.source, formatter.html)
    unknown: set[str] = set()
    # The bibliography keeps the first item registered for each work: a plain one, so that no
    # citation's locator ("p. 3") is printed in place of the work's own pages.
    for token in tokens:
        for item in token.meta["items"]:
            bibliography.register(Citation([CitationItem(item.key)]), lambda c: unknown.add(c.key))
    rendered: dict[int, list[Any]] = {}
    for token in tokens:
        citations = [
            Citation([CitationItem(item.key, **_locator(item.suffix))])
            for item in token.meta["items"]
        ]
        for citation in citations:
            bibliography.register(citation)
        rendered[id(token)] = citations
    source = context.library.source
    wanted = source.keys() if "*" in context.nocite else context.nocite
    for key in wanted:
        if key.lower() in source:
            bibliography.register(Citation([CitationItem(key)]))
    bibliography.sort()
    plain_env = {k: v for k, v in env.items() if k != CITATIONS_KEY}

    def inline(text: str) -> str:
        """A prefix or suffix, as inline Markdown."""
        return md.renderInline(text, plain_env) if text.strip() else text

    for token in tokens:
        parts = [
            _item_html(
                context,
                bibliography,
                citation,
                item,
                inline,
                token.meta["in_text"],
                token.meta.get("in_link", False),
            )
            for citation, item in zip(rendered[id(token)], token.meta["items"], strict=True)
        ]
        token.meta["html"] = _cluster(context, parts, token)
    return _entries(context, bibliography), unknown


def _locator(suffix: str) -> dict[str, Any]:
    """citeproc-py's locator for a suffix that starts with one (`, p. 3`, `, 33`)."""
    from citeproc import Locator

    match = _LOCATOR.match(suffix)
    if match is None:
        return {}
    term = (match["term"] or "").rstrip(".").lower()
    label = _LOCATOR_TERMS.get(term) if term else "page"
    if label is None:
        return {}
    return {"locator": Locator(label, re.sub(r"\s+", "", match["value"]).replace("-", "–"))}


def _suffix_rest(suffix: str) -> str:
    """The suffix without its locator (which the style prints)."""
    match = _LOCATOR.match(suffix)
    if match is None:
        return suffix
    term = (match["term"] or "").rstrip(".").lower()
    return match["rest"] if not term or term in _LOCATOR_TERMS else suffix


def _item_html(
    context: CitationContext,
    bibliography: Any,
    citation: Any,
    item: CiteItem,
    inline: Any,
    in_text: bool,
    in_link: bool = False,
) -> tuple[str, str, str]:
    """One work's citation, linked to its reference: (HTML, its author part, its HTML without
    the author when that can be left out)."""
    from .bibliography import american_punctuation, layout_affixes

    key = citation.cites[0].key
    if key not in context.library.source:
        return f"<strong>{escape(item.key)}?</strong>", "", ""
    start, end, _ = layout_affixes(context.style)
    text = str(bibliography.cite(citation, lambda _: None))
    if start and text.startswith(escape(start)):
        text = text[len(escape(start)) :]
    if end and text.endswith(escape(end)):
        text = text[: -len(escape(end))]
    text = american_punctuation(text, context.locale)
    author, rest = _split_author(text, context.library.source[key])
    if item.suppress_author and rest:
        text = rest
    prefix = inline(item.prefix.strip()) + " " if item.prefix.strip() else ""
    suffix = inline(_suffix_rest(item.suffix).rstrip())
    link, close = f'<a href="#ref-{escape(key)}" role="doc-biblioref">', "</a>"
    if in_link:
        link = close = ""
    if in_text:
        names = author or _names(context.library.source[key])
        inner = f"{escape(start)}{rest if author else text}{suffix}{escape(end)}"
        return f"{link}{names} {inner}{close}", names, ""
    # Without its author, for a style that collapses a run of the same author's works.
    short = f"{link}{rest}{close}{suffix}" if author and not prefix else ""
    return f"{prefix}{link}{text}{close}{suffix}", author, short


def _split_author(text: str, reference: Any) -> tuple[str, str]:
    """A work's citation text cut where its year starts: ("Doe and Roe", "2020, 3")."""
    from citeproc.source import LiteralDate

    issued = reference.get("issued")
    # A date Pandoc keeps as written (`year = {2021, in press}`) starts with its text; a work
    # with no date shows English's "n.d." there.
    if isinstance(issued, LiteralDate):
        year = escape(issued.text)
    else:
        year = str(_year(issued) or _year(_year(issued, "begin")) or "n.d.")
    found = re.search(rf"(?<!\d){re.escape(year)}(?!\d)", text)
    if found is None or found.start() == 0:
        return "", text
    return text[: found.start()].rstrip(" ,"), text[found.start() :]


def _year(date: Any, part: str = "year") -> Any:
    """A date's year (or range's `begin`), None when it has none: a literal date
    (`issued: {literal: 2021+185}`) raises citeproc-py's VariableError, not AttributeError."""
    from citeproc.source import VariableError

    try:
        return getattr(date, part, None)
    except VariableError:
        return None


def _names(reference: Any) -> str:
    """The authors' family names as in running text, for styles whose citations omit them."""
    people = reference.get("author") or reference.get("editor") or []
    names = [escape(str(getattr(p, "family", "") or p)) for p in people]
    if not names:
        return escape(str(reference.get("title", "")))
    if len(names) >= 3:
        return f"{names[0]} et al."
    return " and ".join(names)


def _cluster(context: CitationContext, parts: list[tuple[str, str, str]], token: Token) -> str:
    """The citation's items joined as the style joins them, in a span naming its keys."""
    from .bibliography import layout_affixes

    start, end, delimiter = layout_affixes(context.style)
    keys = " ".join(item.key for item in token.meta["items"])
    if token.meta["in_text"]:
        inner = parts[0][0]
    else:
        groups = _collapsed(context.style, parts)
        inner = f"{escape(start)}{escape(delimiter).join(groups)}{escape(end)}"
    return f'<span class="citation" data-cites="{escape(keys)}">{inner}</span>'


def _collapsed(style: Any, parts: list[tuple[str, str, str]]) -> list[str]:
    """The items, with a style that collapses by year (`collapse="year"`, Chicago's and APA's)
    the works of one author together, the author named once: "Doe 2020, 2021; Roe 2019",
    as citeproc does. citeproc-py gives each work alone, so the grouping is done here."""
    from .bibliography import CSL_NAMESPACE

    citation = style.root.find(f"{CSL_NAMESPACE}citation")
    collapse = citation.get("collapse", "") if citation is not None else ""
    if not collapse.startswith("year"):
        return [html for html, _, _ in parts]
    group_delimiter = escape(citation.get("cite-group-delimiter", ", "))
    groups: dict[str, list[str]] = {}
    for i, (html, author, short) in enumerate(parts):
        if author and author in groups and short:
            groups[author].append(short)
        else:
            groups[author if author and author not in groups else f"\0{i}"] = [html]
    return [group_delimiter.join(group) for group in groups.values()]


def _entries(context: CitationContext, bibliography: Any) -> list[str]:
    """The references, in the style's order, each with the id its citations link to."""
    if not bibliography.keys or not context.style.has_bibliography():
        return []
    from .bibliography import american_punctuation

    return [
        f'<div id="ref-{escape(key)}" class="csl-entry" role="listitem">'
        f"{_link_urls(american_punctuation(str(entry), context.locale))}</div>\n"
        for key, entry in zip(bibliography.keys, bibliography.bibliography(), strict=True)
    ]


_URL = re.compile(r"(?<![\"'=])\bhttps?://[^\s<>\"]+?(?=[.,;]?(?:\s|<|$))")


def _link_urls(html: str) -> str:
    """An entry's URLs and DOIs (which citeproc-py prints as text) as links."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html)
