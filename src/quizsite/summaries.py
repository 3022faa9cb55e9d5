"""Math and code where only text or a line of HTML fits: listings, search excerpts, page
descriptions. Never raw TeX: a formula becomes MathML in HTML, and a faithful text form
(`3 \N{MULTIPLICATION SIGN} 10⁻⁴`, `ln 32000`, `λ/2`) where only text goes; code keeps its monospace.

The text form is read off the MathML that latex2mathml makes (and markdown.py keeps, one per
formula), so TeX is parsed by one library only; this module just writes its tree out flat.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from markdown_it.token import Token
from markupsafe import Markup, escape

from .fenced_divs import Callout
from .markdown import tex_to_mathml
from .patterns import compile_later
from .typography import code_html

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

_NS = "{http://www.w3.org/1998/Math/MathML}"
_WORD = re.compile(r"\S+")
_TAG = compile_later(r"<[^>]*>")
_SUPERSCRIPTS = str.maketrans("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPTS = str.maketrans("0123456789+-−=()aeijoruvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑᵢⱼₒᵣᵤᵥₓ")
_SUPERSCRIPTABLE = frozenset("0123456789+-−=()ni")
_SUBSCRIPTABLE = frozenset("0123456789+-−=()aeijoruvx")
# Operators written with a space either side (relations, binary operators); others, such as
# brackets, a unary minus and punctuation, sit close.
_SPACED = frozenset("=≠≈≡<>≤≥≪≫∼≃∝×·÷±∓+−→←↦⇒⇔∈∉⊂⊆∪∩∧∨∣")
_BIG = frozenset("∑∏∫∮⋃⋂")  # operators with limits, followed by a space
# Accents latex2mathml puts over a letter (`\hat v`): written as combining marks.
_ACCENTS = {
    "^": "\u0302",
    "~": "\u0303",
    "¯": "\u0304",
    "˙": "\u0307",
    "→": "\u20d7",
    "ˉ": "\u0304",
}


@cache
def math_text(tex: str, display: bool = False) -> str:
    """A formula as plain text (`3 \\times 10^{-4}` -> `3 × 10⁻⁴`); its TeX when unreadable."""  # noqa: RUF002
    mathml = tex_to_mathml(tex.strip(), display)
    return tex.strip() if mathml is None else (mathml_text(mathml) or tex.strip())


def mathml_text(mathml: str) -> str:
    """A MathML element (as markup) as plain text; "" when it cannot be read."""
    import xml.etree.ElementTree as ET  # here: only a formula needs it

    try:
        root = ET.fromstring(mathml)
    except ET.ParseError:
        return ""
    return re.sub(r"\s+", " ", _flat(root)).strip()


def _flat(node: ET.Element) -> str:
    """The text of a MathML element and its children, laid out on one line."""
    tag = node.tag.removeprefix(_NS)
    kids = list(node)
    if tag in ("mi", "mn", "mtext", "ms"):
        return node.text or ""
    if tag == "mo":
        op = (node.text or "").strip()
        return f" {op} " if op in _SPACED else op
    if tag == "mspace":
        return " "
    return _layout(tag, kids)


def _layout(tag: str, kids: list[ET.Element]) -> str:
    """An element laying out others: scripts, a fraction, a root, limits, or a row."""
    if tag in ("msup", "msub", "msubsup") and kids:
        return _scripts(tag, kids)
    if tag == "mfrac" and len(kids) == 2:
        return f"{_grouped(kids[0])}/{_grouped(kids[1])}"
    if tag == "msqrt":
        return f"√{_grouped_all(kids)}"
    if tag == "mroot" and len(kids) == 2:
        return f"{_flat(kids[1])}√{_grouped(kids[0])}"
    if tag in ("mover", "munder", "munderover") and kids:
        return _over(tag, kids)
    return _row(kids)


def _row(kids: Sequence[ET.Element]) -> str:
    """Children in a row: a named function (`ln`, `log`) is kept apart from what follows."""
    out = []
    for n, kid in enumerate(kids):
        text = _flat(kid)
        out.append(text)
        is_name = _is_name(kid)
        if is_name and n + 1 < len(kids) and kids[n + 1].tag != _NS + "mo":
            out.append(" ")
    row = "".join(out)
    # A leading operator is unary (`-x`): no space after it.
    return re.sub(r"^ ([−+±]) ", r"\1", row)


def _is_name(node: ET.Element) -> bool:
    """A named function (`ln`, `log`, `\\operatorname{softmax}`), alone or with scripts."""
    if node.tag in (_NS + "msub", _NS + "msup", _NS + "msubsup") and len(node):
        node = node[0]
    return node.tag == _NS + "mi" and len(node.text or "") > 1


def _scripts(tag: str, kids: Sequence[ET.Element]) -> str:
    """A base with its subscript and superscript, as Unicode scripts when each has one."""
    base = _flat(kids[0]).strip()
    sub = _flat(kids[1]).replace(" ", "") if tag in ("msub", "msubsup") and len(kids) > 1 else ""
    sup_at = 2 if tag == "msubsup" else 1
    sup = _flat(kids[sup_at]).replace(" ", "") if tag != "msub" and len(kids) > sup_at else ""
    after = " " if base in _BIG else ""
    return (
        base
        + _script(sub, _SUBSCRIPTABLE, _SUBSCRIPTS, "_")
        + _script(sup, _SUPERSCRIPTABLE, _SUPERSCRIPTS, "^")
        + after
    )


def _script(text: str, able: frozenset[str], table: dict[int, int], mark: str) -> str:
    """One script: in script characters when each has one, else `^(…)` / `_(…)`."""
    if not text:
        return ""
    if all(c in able for c in text):
        return text.translate(table)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _over(tag: str, kids: Sequence[ET.Element]) -> str:
    """An accent over a letter, or limits under and over an operator (`∑` with `i=1`, `n`)."""
    base = _flat(kids[0]).strip()
    mark = _flat(kids[1]).strip() if len(kids) > 1 else ""
    if tag == "mover" and mark in _ACCENTS and len(base) == 1:
        return base + _ACCENTS[mark]
    under = mark if tag != "mover" else ""
    over = _flat(kids[2]).strip() if tag == "munderover" and len(kids) > 2 else ""
    over = mark if tag == "mover" else over
    return base + (f"_({under})" if under else "") + (f"^({over})" if over else "") + " "


def _grouped(node: ET.Element) -> str:
    """A part of a fraction or root, in brackets when it is more than one symbol."""
    return _grouped_all([node])


def _grouped_all(nodes: Sequence[ET.Element]) -> str:
    text = "".join(_flat(n) for n in nodes).strip()
    bare = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return text if len(bare) <= 1 or bare.isalnum() else f"({text})"


def summary_html(tokens: Sequence[Token], limit: int = 40) -> Markup:
    """The opening words of `tokens` as a line of HTML, from the runs `quiz.summary_text` reads
    (never inside a collapsible callout or a figure caption): formulas as MathML, code in
    `<code>`, other markup dropped; cut after `limit` words with "…"."""
    parts: list[str] = []
    words = 0
    hidden = 0  # depth inside a collapsible callout, where answers live
    previous = ""
    for token in tokens:
        if hidden:
            hidden += token.nesting
            continue
        callout = token.meta.get("callout") if token.type == "fenced_div_open" else None
        if isinstance(callout, Callout) and callout.collapse is not None:
            hidden = 1
        elif token.type == "inline" and previous != "figcaption_open":
            parts.append(" ")
            for child in token.children or ():
                piece, count = _inline_piece(child, limit - words)
                parts.append(piece)
                words += count
                if words >= limit:
                    return Markup(_squeeze("".join(parts)) + "…")
        previous = token.type
    return Markup(_squeeze("".join(parts)))


def _squeeze(html: str) -> str:
    """Runs of white space as one space, none at the ends (never inside MathML or code, which
    hold no runs of it)."""
    return re.sub(r"\s+", " ", html).strip()


def _inline_piece(child: Token, room: int) -> tuple[str, int]:
    """One inline token's HTML in a summary, and how many words it counts for (at most
    `room`: text is cut there)."""
    if child.type == "text":
        # Up to the word after the last that fits (only the opening words are wanted: a
        # paragraph is not split whole).
        text, count, end = child.content, 0, len(child.content)
        for word in _WORD.finditer(text):
            if count == room:
                end = word.start()
                break
            count += 1
        return str(escape(text[:end])), count
    if child.type == "code_inline":
        return code_html(child.content), 1
    if child.type in ("math_inline", "math_inline_double"):
        mathml = tex_to_mathml(child.content.strip(), False)
        return (mathml or str(escape(child.content))), 1
    if child.type in ("softbreak", "hardbreak"):
        return " ", 0
    if child.type == "citation":  # as the page shows it, "(Vaswani et al. 2017)", unlinked
        text = citation_text(child)
        return str(escape(text)), min(len(_WORD.findall(text)), room)
    return "", 0


def citation_text(token: Token) -> str:
    """A formatted citation's words (its HTML, which the citations core rule made, unmarked)."""
    import html

    return html.unescape(_TAG.sub("", token.meta.get("html") or token.content))
