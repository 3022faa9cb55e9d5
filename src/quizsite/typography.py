"""Typography of math and inline code that markup alone leaves wrong.

- Spacing latex2mathml leaves out: a named function (`\\ln`, `\\log_2`, `\\sin`) and its
  argument. TeX sets a thin space there; MathML Core, as browsers lay it out, adds none, so
  `\\ln 32000` showed as "ln32000". Also `\\arg`, which latex2mathml writes as its TeX.
- Inline code never broken inside a token: a browser breaks `lr=3e-4` after its hyphen. Each
  run of a code span between spaces that a browser could break (a hyphen, a slash) is put in a
  `<span class="code-word">` kept whole (CSS `white-space: nowrap`), so code wraps only at its
  spaces; a run too long for a phone's line is left free, rather than widen the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .patterns import compile_later

# A function name (several letters in one <mi>), alone or with a subscript or superscript, and
# what follows it when that is not an operator (a bracket or a sign brings its own spacing).
_NAMED = compile_later(
    r"(<mi>[A-Za-z]{2,}</mi>"
    r"|<(msub|msup)><mi>[A-Za-z]{2,}</mi>(?:<m[in]>[^<]*</m[in]>|<mrow>(?:(?!</?mrow>).)*</mrow>)</\2>)"
    r"(?=<m(?!o[ >]))"
)
_TEX_NAME = compile_later(r"<mi>\\([A-Za-z]{2,})</mi>")
THIN_SPACE = '<mspace width="0.1667em"></mspace>'


def space_functions(mathml: str) -> str:
    """`mathml` with a thin space between each named function and its argument."""
    if "<mi>" not in mathml:
        return mathml
    if "\\" in mathml:
        mathml = _TEX_NAME.sub(r"<mi>\1</mi>", mathml)
    return _NAMED.sub(lambda m: m.group(1) + THIN_SPACE, mathml)


# Characters a browser may break a line after inside a word (a hyphen, a slash, …): a run of
# code holding one is kept whole; runs of letters, digits and the like never break anyway.
_BREAKS = re.compile(r"[-/?!|\u2010-\u2014]")
# A run longer than this is left free to break: a phone's line holds about thirty characters
# of code, and a run kept whole past the edge would widen the page.
LONG_RUN = 30
_CODE = compile_later(r"(<code[^>]*>)(.*)(</code>)", re.S)


def unbroken_code_plugin(md: MarkdownIt) -> None:
    """Render inline code so that no token of it breaks across lines (wraps the rule in place,
    whichever renders the `<code>` itself)."""
    inner = cast(RendererHTML, md.renderer).rules["code_inline"]

    def render(
        self: RendererProtocol,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        html: str = inner(tokens, idx, options, env)
        if not _BREAKS.search(tokens[idx].content):
            return html  # nothing in it a browser would break at but its spaces
        return _CODE.sub(_words, html, count=1)

    md.add_render_rule("code_inline", render)


def _words(match: re.Match[str]) -> str:
    """A code span's runs between spaces, each that could break in a span kept whole."""
    opening, body, closing = match.groups()
    runs = re.split(r"( +)", body)
    return opening + "".join(map(_kept, runs)) + closing


def _kept(run: str) -> str:
    """A run of code (HTML), in a span kept whole when a browser could break it."""
    if not _BREAKS.search(run) or len(unescape(run)) > LONG_RUN:
        return run
    return f'<span class="code-word">{run}</span>'


def code_html(content: str) -> str:
    """Inline code as a summary shows it, kept whole between its spaces as in a post."""
    html = f"<code>{escape(content, quote=False)}</code>"
    return _CODE.sub(_words, html, count=1) if _BREAKS.search(content) else html
