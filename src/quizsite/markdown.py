"""The one configured Markdown parser: CommonMark + tables, fenced divs, math and highlighting."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from html import escape

from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .fenced_divs import fenced_divs_plugin

# Quarto cell options (`#| echo: false`) configure execution; readers never see them.
_CELL_OPTION = re.compile(r"^#\|.*\n?")
_FORMATTER = HtmlFormatter(nowrap=True)


@cache
def markdown_parser() -> MarkdownIt:
    """Build the parser once; it holds no per-document state (that lives in `env`)."""
    md = MarkdownIt("commonmark", {"typographer": True, "maxNesting": 200})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(fenced_divs_plugin)
    md.use(footnote_plugin)
    # Pandoc's rules for `$`: no space inside the delimiters and no digit after the closer,
    # so prices such as "$5 and $10" stay text.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("math_inline", _render_math)
    md.add_render_rule("math_inline_double", _render_math)
    md.add_render_rule("math_block", _render_math)
    md.add_render_rule("math_block_label", _render_math)
    return md


@cache
def _lexer(name: str) -> Lexer | None:
    """Pygments lexer for a fence's language, cached because lookups are slow."""
    try:
        return get_lexer_by_name(name)
    except ClassNotFound:
        return None


def code_language(info: str) -> tuple[str, bool]:
    """The language of a fence's info string and whether it is a Quarto cell (`{python}`)."""
    info = info.strip()
    cell = info.startswith("{") and not info.startswith("{.")
    first = info.strip("{}").split()[0] if info.strip("{}").strip() else ""
    return first.lstrip(".").rstrip(","), cell


def highlight_code(code: str, language: str) -> str:
    """Pygments HTML for `code`, or the escaped text when the language is unknown."""
    lexer = _lexer(language.lower()) if language else None
    body = highlight(code, lexer, _FORMATTER) if lexer else escape(code)
    lang_class = f' class="language-{escape(language)}"' if language else ""
    return f'<pre class="highlight"><code{lang_class}>{body}</code></pre>\n'


def _render_fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Fenced code: highlighted, with Quarto's `#|` cell options removed from `{lang}` cells."""
    token = tokens[idx]
    language, cell = code_language(token.info)
    code = token.content
    if cell:
        while _CELL_OPTION.match(code):
            code = _CELL_OPTION.sub("", code, count=1)
    return highlight_code(code, language)


def _render_math(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """TeX to MathML at build time, so pages show math with no script and no network."""
    token = tokens[idx]
    display = token.type.startswith("math_block") or token.type == "math_inline_double"
    mathml = tex_to_mathml(token.content.strip(), display)
    if mathml is None:
        env.setdefault("math_errors", []).append(token.content.strip())
        return f'<code class="math-error">{escape(token.content)}</code>'
    return f'<div class="math display">{mathml}</div>\n' if display else mathml


@cache
def tex_to_mathml(tex: str, display: bool) -> str | None:
    """MathML for a TeX formula, or None when the formula cannot be converted."""
    try:
        return str(latex_to_mathml(tex, display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many exception types on bad TeX
        return None


def pygments_css(light: str, dark: str) -> str:
    """Stylesheet for highlighted code: `light` style by default, `dark` in dark mode."""
    light_css = HtmlFormatter(style=light).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    dark_css = HtmlFormatter(style=dark).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    return (
        f"{light_css}\n"
        f"@media (prefers-color-scheme: dark) {{\n{dark_css}\n}}\n"
        f':root[data-theme="dark"] {{}}\n'
    )
