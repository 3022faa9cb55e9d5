"""markdown-it plugin: Pandoc citations (`[@key]`, `@key`, `[see @a, p. 3; -@b]`).

The rules run only for a document with a bibliography (`env[CITATIONS_KEY]`, set by
`documents.py`); elsewhere `@` and `[` cost a dictionary lookup. Keys with a Quarto
cross-reference prefix (`@fig-x`) are not citations and stay for the cross-reference rules.
Once the document is parsed, a core rule formats every citation with citeproc-py (so that
numbering and disambiguation see them all) and puts the References where a `::: {#refs}` div
is, or at the end.

This module is the rules' cheap half, which every document meets; citation_rules.py reads and
formats citations, loaded by the first document with a bibliography.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .errors import Diagnostic

CITATIONS_KEY = "quizsite_citations"  # the document's CitationContext, when it has one
DIAGNOSTICS_KEY = "citation_diagnostics"
CROSSREF_PREFIXES = (
    "fig-", "tbl-", "eq-", "sec-", "lst-", "nte-", "tip-", "wrn-", "imp-", "cau-", "thm-",
    "lem-", "cor-", "prp-", "cnj-", "def-", "exm-", "exr-",
)  # fmt: skip


def citations_plugin(md: MarkdownIt) -> None:
    """Add the citation syntax and the core rule formatting citations and references."""
    # Last in the chain: they are tried only where no other rule took the character (a `[`
    # that opens no link, an `@`), so posts without citations hardly meet them.
    md.inline.ruler.push("citation_bracket", _bracketed)
    md.inline.ruler.push("citation_in_text", _in_text)
    md.core.ruler.after("shortcodes", "citations", _format_citations)
    md.add_render_rule("citation", _render_citation)


def citation_diagnostics(env: EnvType) -> list[Diagnostic]:
    """Problems found with citations, at 0-based body lines."""
    found: list[Diagnostic] = env.get(DIAGNOSTICS_KEY, [])
    return found


def is_crossref(key: str) -> bool:
    """Whether a key is a Quarto cross-reference (`fig-x`), not a citation."""
    return key.startswith(CROSSREF_PREFIXES)


def _bracketed(state: StateInline, silent: bool) -> bool:
    """`[see @a, p. 3; -@b]`: a citation in brackets (not a link: no `(` or `[` after it)."""
    if CITATIONS_KEY not in state.env or state.src[state.pos] != "[":
        return False
    from .citation_rules import bracketed

    return bracketed(state, silent)


def _in_text(state: StateInline, silent: bool) -> bool:
    """`@key` in running text (not in an e-mail address), optionally `@key [p. 3]`."""
    if CITATIONS_KEY not in state.env or state.src[state.pos] != "@":
        return False
    from .citation_rules import in_text

    return in_text(state, silent)


def _format_citations(state: StateCore) -> None:
    """Format every citation of the document, then add the references."""
    if CITATIONS_KEY not in state.env or state.inlineMode:
        return
    from .citation_rules import format_citations

    format_citations(state)


def _render_citation(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A formatted citation, as the core rule left it."""
    html: str = tokens[idx].meta.get("html") or escape(tokens[idx].content)
    return html
