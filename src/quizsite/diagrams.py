"""Quarto diagrams: ```` ```{mermaid} ```` drawn in the reader's browser, ```` ```{dot} ```` at build.

Mermaid is drawn by Mermaid's own browser bundle, served from the site itself and loaded only
by pages that hold a diagram. quizsite does not carry that third-party file: it takes the
version pinned here from the npm registry with npm's own client (which checks the package's
integrity) once, into the user's cache folder, or uses the file `QUIZSITE_MERMAID_JS` names.
Graphviz's `dot` draws `{dot}` diagrams to SVG when it is on PATH. A diagram that cannot be
drawn is shown as its labelled source, with a warning at its line. Cell options (`%%| label:`,
`//| fig-cap:`) make a diagram a figure, numbered like any other.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Sequence
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .errors import warning
from .marks import holds
from .model import Html, Post
from .npm_assets import cache_dir, fetch_package
from .patterns import compile_later

if TYPE_CHECKING:
    import tarfile

MERMAID_VERSION = "11.12.0"
MERMAID_ASSET = "assets/mermaid.min.js"
_FENCE = compile_later(r"^\{(mermaid|dot)(?=[\s,}])")
# `%%| key: value` (Mermaid comments) and `//| key: value` (Graphviz comments).
_OPTION = compile_later(r"^(?:%%|//)\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_NAMES = {"mermaid": "Mermaid", "dot": "Graphviz"}
_SVG_ID = compile_later(r'\b(id|xlink:href)="(#?)')
_ANONYMOUS_TITLE = compile_later(r"<title>%\d+</title>\n?")
_MERMAID_MARK = b'<pre class="mermaid">'


def diagrams(state: StateCore) -> None:
    """Core rule: mark `{mermaid}` and `{dot}` fences, take out their cell options, and wrap
    a labelled or captioned one in a figure."""
    if not holds(state.src, "{mermaid") and not holds(state.src, "{dot"):
        return
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        match = _FENCE.match(token.info.strip()) if token.type == "fence" else None
        if match is None:
            i += 1
            continue
        language = match[1]
        options, code = _cell_options(token.content)
        token.type = "diagram"
        token.meta = {"language": language, "options": options, "code": code}
        label, caption = options.get("label", ""), options.get("fig-cap", "")
        if not (label or caption):
            i += 1
            continue
        figure = Token("figure_open", "figure", 1, block=True, map=token.map)
        if label:
            figure.attrSet("id", label)
        figure.attrSet("class", "quarto-figure quarto-figure-center")
        inline = None
        wrapped = [figure, token]
        if caption:
            inline = Token("inline", "", 0, content=caption, map=token.map)
            inline.children = state.md.parseInline(caption, state.env)[0].children
            wrapped += [
                Token("figcaption_open", "figcaption", 1, block=True),
                inline,
                Token("figcaption_close", "figcaption", -1, block=True),
            ]
        figure.meta = {"caption": inline}
        wrapped.append(Token("figure_close", "figure", -1, block=True))
        tokens[i : i + 1] = wrapped
        i += len(wrapped)


def _cell_options(content: str) -> tuple[dict[str, str], str]:
    """The cell options at the top of a diagram's source, and the source without them."""
    options: dict[str, str] = {}
    lines = content.splitlines(keepends=True)
    k = 0
    while k < len(lines) and (match := _OPTION.match(lines[k])):
        options[match[1]] = match[2].strip("\"'")
        k += 1
    return options, "".join(lines[k:]).lstrip("\n")


def render_diagram(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A diagram as drawn, or, when it cannot be, its source under a label, with a warning."""
    token = tokens[idx]
    language: str = token.meta["language"]
    code: str = token.meta["code"]
    if language == "mermaid" and mermaid_bundle() is not None:
        return f'<div class="quarto-diagram quarto-diagram-mermaid"><pre class="mermaid">{escape(code)}</pre></div>\n'
    if language == "dot":
        svg, problem = dot_svg(code)
        if svg is not None:
            # One picture to assistive technology, named by its alt text or caption.
            name = token.meta["options"].get("fig-alt") or token.meta["options"].get("fig-cap")
            label = f'role="img" aria-label="{escape(name or "Graphviz diagram")}" '
            svg = svg.replace("<svg ", f"<svg {label}", 1)
            return f'<div class="quarto-diagram quarto-diagram-dot">{svg}</div>\n'
    else:
        problem = (
            f"Mermaid {MERMAID_VERSION} could not be had from the npm registry "
            "(npm is missing, or the registry did not answer)"
        )
    line = token.map[0] if token.map else None
    env.setdefault("quarto_diagnostics", []).append(
        warning(
            "",
            line,
            f"{_NAMES[language]} diagram not drawn: {problem}; its source is shown instead",
            _HINTS[language],
        )
    )
    return (
        f'<div class="quarto-diagram-source"><p class="quarto-diagram-label">'
        f"{_NAMES[language]} diagram (source)</p>"
        f'<pre class="highlight"><code class="language-{language}">{escape(code)}</code></pre></div>\n'
    )


_HINTS = {
    "mermaid": "install Node.js's npm (or set QUIZSITE_MERMAID_JS to a copy of mermaid.min.js)",
    "dot": "install Graphviz so that `dot` is on PATH (Debian: apt install graphviz)",
}


@cache
def dot_svg(code: str) -> tuple[str | None, str]:
    """Graphviz's SVG for a `dot` source, or None and why not."""
    import subprocess

    dot = shutil.which("dot")
    if dot is None:
        return None, "Graphviz's `dot` is not on PATH"
    try:
        done = subprocess.run(
            [dot, "-Tsvg"], input=code, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"`dot` failed ({exc})"
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        return None, f"`dot` rejected it: {first}"
    svg = done.stdout
    # The XML prologue and doctype cannot stand inside an HTML page; the <svg> element can.
    svg = svg[svg.find("<svg") :]
    # Graphviz numbers its ids from 1 in every graph (graph0, node1, ...): made unique per
    # graph, so that two diagrams on a page do not share ids; an anonymous graph's title
    # ("%3") would show as a tooltip.
    prefix = "dot-" + hashlib.sha1(code.encode()).hexdigest()[:8] + "-"
    svg = _SVG_ID.sub(lambda m: f'{m[1]}="{m[2]}{prefix}', svg)
    return _ANONYMOUS_TITLE.sub("", svg), ""


@cache
def mermaid_bundle() -> Path | None:
    """Mermaid's browser bundle: `QUIZSITE_MERMAID_JS`, else the cached copy of the pinned
    version, fetched once with npm when missing; None when it cannot be had."""
    named = os.environ.get("QUIZSITE_MERMAID_JS")
    if named:
        return Path(named) if Path(named).is_file() else None
    target = cache_dir() / f"mermaid-{MERMAID_VERSION}" / "mermaid.min.js"
    if target.is_file():
        return target
    return fetch_package("mermaid", MERMAID_VERSION, target, _take_bundle)


def _take_bundle(archive: tarfile.TarFile, scratch: Path) -> Path:
    """The package's browser bundle, out of its archive into `scratch`."""
    archive.extract("package/dist/mermaid.min.js", scratch, filter="data")
    return scratch / "package" / "dist" / "mermaid.min.js"


def uses_mermaid(post: Post) -> bool:
    """Whether a post's page draws a Mermaid diagram (and so needs the bundle)."""
    parts = [post.prose_html]
    if post.quiz is not None:
        parts += [v for v in post.quiz if isinstance(v, Html)]
    return any(_MERMAID_MARK in part.utf8 for part in parts)


def mermaid_copy(posts: Iterable[Post]) -> Path | None:
    """The bundle to publish at `MERMAID_ASSET` when any of `posts` draws a diagram."""
    if any(uses_mermaid(post) for post in posts):
        return mermaid_bundle()
    return None
