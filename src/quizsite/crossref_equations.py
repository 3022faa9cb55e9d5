"""Quarto's labelled display equations, `$$ … $$ {#eq-x}`: the block rule that reads one
whose label follows its closing `$$` (dollarmath's rule does not), and the renderer that gives a
numbered equation its id and "(1)". The numbering itself is crossref.py's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .patterns import compile_later

# The last line of a labelled display equation: `… $$ {#eq-x}`.
_EQ_CLOSE = compile_later(r"^(?P<tex>.*?)\$\$[ \t]*\{#(?P<id>eq-[^\s}]+)\}[ \t]*$")


def labelled_equation(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: display math whose closing `$$` carries a label, `$$ … $$ {#eq-x}`, which
    dollarmath's block rule does not take; up to a blank line, as in Pandoc."""
    begin = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("$$", begin) or state.is_code_block(start):
        return False
    first = state.src[begin + 2 : state.eMarks[start]]
    tex: list[str] = []
    for line in range(start, end):
        text = first if line == start else state.src[state.bMarks[line] : state.eMarks[line]]
        if line > start and not text.strip():
            return False  # a blank line ends the paragraph: no label found
        match = _EQ_CLOSE.match(text)
        if match is None:
            if "$$" in text:
                return False  # closed without a label: dollarmath's, or inline math
            tex.append(text)
            continue
        if silent:
            return True
        tex.append(match["tex"])
        token = state.push("math_block", "math", 0)
        token.block = True
        token.content = "\n".join(tex).strip("\n")
        token.markup = "$$"
        token.map = [start, line + 1]
        token.meta = {"eq_label": match["id"]}
        state.line = line + 1
        return True
    return False


def numbered_math(
    original: Callable[..., str],
) -> Callable[[RendererHTML, Sequence[Token], int, OptionsDict, EnvType], str]:
    """Display math as before; a labelled equation gets its id and "(1)" at the right."""

    def render(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        html = original(tokens, idx, options, env)
        eq = (tokens[idx].meta or {}).get("eq")
        if eq is None:
            return html
        ident, number = eq
        tag = "div" if tokens[idx].type == "math_block" else "span"  # a <div> cannot be in a <p>
        return (
            f'<{tag} id="{escape(ident)}" class="quarto-equation">{html.rstrip()}'
            f'<span class="equation-number">({number})</span></{tag}>'
        ) + ("\n" if tag == "div" else "")

    return render
