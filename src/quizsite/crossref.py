"""Quarto cross-references within a document: numbered ids and `@fig-x` references.

Ids name what they label by prefix (`#fig-`, `#tbl-`, `#eq-`, `#sec-`, callouts' `#nte-`...,
theorems' `#thm-`...). A core rule numbers them in document order, prefixes captions and
titles as Quarto does ("Figure 1: ", "Tip 1: ", "Theorem 1"), and checks every reference; the
inline rule reads references in Quarto's forms (`@fig-x`, `@Fig-x`, `[-@fig-x]`,
`[Figure @fig-x]`, `[@fig-a; @fig-b]`), rendered as links once everything is numbered.

This module is the rules' cheap half, which every document meets: whether a document may hold
a label or a reference at all. crossref_numbers.py reads and numbers them, loaded when one does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .crossref_equations import labelled_equation, numbered_math
from .patterns import compile_later

# The prefixes Quarto gives meaning to, with the English word for each (crossref_words.py
# gives a document's own words).
LABELS = {
    "fig": "Figure",
    "tbl": "Table",
    "eq": "Equation",
    "sec": "Section",
    "lst": "Listing",
    "nte": "Note",
    "tip": "Tip",
    "wrn": "Warning",
    "imp": "Important",
    "cau": "Caution",
    "thm": "Theorem",
    "lem": "Lemma",
    "cor": "Corollary",
    "prp": "Proposition",
    "cnj": "Conjecture",
    "def": "Definition",
    "exm": "Example",
    "exr": "Exercise",
}


CALLOUT_PREFIXES = {
    "nte": "note",
    "tip": "tip",
    "wrn": "warning",
    "imp": "important",
    "cau": "caution",
}


THEOREM_PREFIXES = ("thm", "lem", "cor", "prp", "cnj", "def", "exm", "exr")


# A Pandoc citation key after the prefix: inner punctuation allowed, none at the end.
_KEY = r"(?P<prefix>[A-Za-z]{2,3})-(?P<rest>\w(?:[\w:.#$%&+?<>~/-]*\w)?)"


# Whether a document may hold anything for this module to do: a label's prefix after `@` or
# `#` (looked for at each `@` and `#`: one regex search over the text costs far more), or after
# a cell's `label:` (looked for at each colon), or first in an R chunk's header
# (`{r fig-x, fig.cap="…"}`, as knitr reads it; looked for at each brace).
_LABEL = re.compile(r"(?:" + "|".join(LABELS) + ")-", re.IGNORECASE)


_CELL_LABEL = compile_later(r"label:\s*(?:" + "|".join(LABELS) + ")-", re.IGNORECASE)


_R_LABEL = re.compile(r"\{r[ ,]+(?:" + "|".join(LABELS) + ")-", re.IGNORECASE)


def crossref_plugin(md: MarkdownIt) -> None:
    """Register the reference rule, the numbering rule and their renderers."""
    md.inline.ruler.before("link", "quarto_xref", _xref_rule)
    md.block.ruler.before("math_block", "quarto_equation", labelled_equation)
    md.core.ruler.push("quarto_crossref", _number)
    md.add_render_rule("xref", _render_xref)
    for kind in ("math_inline_double", "math_block"):
        md.add_render_rule(kind, numbered_math(cast(RendererHTML, md.renderer).rules[kind]))


def _xref_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule at `@` (not inside a word: emails stay text) and at `[` (a bracketed
    group whose every item is a cross-reference; citations are another rule's)."""
    src, pos = state.src, state.pos
    char = src[pos]
    if char == "@":
        if pos and (src[pos - 1].isalnum() or src[pos - 1] in "_@"):
            return False
        if not _LABEL.match(src, pos + 1):
            return False
    elif char != "[" or src.find("@", pos, pos + 200) < 0:
        return False
    from .crossref_numbers import reference  # here: only text with an `@` to read

    return reference(state, silent)


def _may_refer(src: str) -> bool:
    """Whether `src` may hold a label or a reference (`@fig-`, `#tbl-`, `label: fig-`)."""
    for mark, pattern, back in (
        ("@", _LABEL, -1),
        ("#", _LABEL, -1),
        (":", _CELL_LABEL, 5),
        ("{", _R_LABEL, 0),
    ):
        at = src.find(mark)
        while at >= 0:
            # A colon ends a cell's `label:` only after an `l` (most colons end prose).
            if (mark != ":" or src[at - 1 : at] in "lL") and pattern.match(src, max(at - back, 0)):
                return True
            at = src.find(mark, at + 1)
    return False


def _number(state: StateCore) -> None:
    """Core rule: number every labelled thing in order, prefix captions, check references."""
    numbered = state.env.get("front_matter", {}).get("number-sections") is True
    # (`{#eq:` too: pandoc-crossref's label, warned of there.)
    if not numbered and not _may_refer(state.src) and "{#eq:" not in state.src:
        return
    from .crossref_numbers import number  # here: only a document with labels or references

    number(state, numbered)


def _render_xref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Each reference as a link to what it names (crossref_numbers.py)."""
    from .crossref_numbers import render_xref

    return render_xref(self, tokens, idx, options, env)
