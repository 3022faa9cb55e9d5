"""A code cell's outputs (nbformat 4 output dicts) as HTML, in the richest form Quarto would show.

Images are never inlined: their bytes go into `OutputContext.files` under a name beside the
page (`<stem>_files/figure-html/cell-3-output-1.png`, as Quarto names them), and the page
refers to that file.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .ansi import ansi_to_html, plain_text
from .cells import CellOptions
from .crossref_words import numeral
from .output_scripts import shows_without_scripts, without_scripts

# In the order Quarto prefers them for HTML; widgets and scripts are left for a static form.
_IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}
_RICH_ORDER = (
    "text/html",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/markdown",
    "text/latex",
    "text/plain",
)
# Outputs that need a script from elsewhere to show anything.
_SCRIPTED = ("application/vnd.jupyter.widget-view+json", "application/javascript")
_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
_MATH_DELIMITERS = re.compile(r"^\s*(\$\$?)(.*?)\1\s*$", re.DOTALL)


@dataclass
class OutputContext:
    """What rendering one cell's outputs needs, and where it leaves files and problems."""

    stem: str  # the page's file stem: figures go to `<stem>_files/figure-html/`
    cell: int  # the cell's number in the document, 1-based, for figure names
    options: CellOptions
    markdown: Callable[[str], str]  # Markdown (text/markdown, captions) to HTML
    math: Callable[[str], str | None]  # TeX to MathML, None when it cannot be typeset
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (message, hint) warnings
    figures: int = 0
    # The cell is one numbered figure (`label: fig-x` with `fig-cap`): the cell captions its
    # images as a whole, each image only by its `fig-subcap`.
    figure_cell: bool = False
    subref: str = "alpha a"  # how subfigures are lettered (`crossref: subref-labels`)


def render_outputs(outputs: Sequence[Mapping[str, Any]], ctx: OutputContext) -> list[str]:
    """Every output of a cell as HTML, in order (an empty one for what the options hide);
    none at all when the options hide the outputs."""
    if not ctx.options.flag("output") or not ctx.options.flag("eval"):
        return []
    parts = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            parts.append(_stream(output, ctx))
        elif kind in ("display_data", "execute_result"):
            parts.append(_display(output, ctx))
        elif kind == "error":
            parts.append(_error(output))
    return [part for part in parts if part]


def outputs_text(outputs: Sequence[Mapping[str, Any]], options: CellOptions) -> str:
    """The words a cell's outputs show, for search: streams (stderr only with warnings),
    results' text, errors' last line; none when the options hide the outputs."""
    if not options.flag("output") or not options.flag("eval"):
        return ""
    parts = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream" and (output.get("name") != "stderr" or options.flag("warning")):
            parts.append(_text(output.get("text")))
        elif kind == "error":
            parts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
        elif kind in ("display_data", "execute_result"):
            data = output.get("data")
            if isinstance(data, Mapping) and _richest(data, _scripted(data)) not in _IMAGES:
                parts.append(_text(data.get("text/markdown") or data.get("text/plain")))
    return plain_text("\n".join(part.strip("\n") for part in parts if part))


def _text(value: object) -> str:
    """nbformat keeps multi-line text as a list of lines or one string."""
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return "" if value is None else str(value)


def _pre(kind: str, html: str) -> str:
    return f'<div class="cell-output cell-output-{kind}"><pre><code>{html}</code></pre></div>\n'


def _stream(output: Mapping[str, Any], ctx: OutputContext) -> str:
    """stdout and stderr, told apart; stderr (where warnings go) hidden by `warning: false`."""
    name = "stderr" if output.get("name") == "stderr" else "stdout"
    if name == "stderr" and not ctx.options.flag("warning"):
        return ""
    text = _text(output.get("text"))
    if ctx.options.asis and name == "stdout":
        return ctx.markdown(text)
    return _pre(name, ansi_to_html(text.rstrip("\n")))


def _error(output: Mapping[str, Any]) -> str:
    """A traceback, its ANSI colours as styled spans."""
    traceback = output.get("traceback")
    lines = [str(line) for line in traceback] if isinstance(traceback, list) else []
    if not lines:
        lines = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
    return _pre("error", ansi_to_html("\n".join(lines)))


def _display(output: Mapping[str, Any], ctx: OutputContext) -> str:
    """A rich result: the richest representation that shows without a remote script."""
    data = output.get("data")
    if not isinstance(data, Mapping):
        return ""
    metadata = output.get("metadata")
    meta = metadata if isinstance(metadata, Mapping) else {}
    scripted = _scripted(data)
    mime = _richest(data, scripted)
    if mime is None:
        # Never left out without a word: a plot saved only as its library's JSON (Plotly's,
        # Vega-Lite's) needs that library's script, as a widget does.
        needs = scripted or [str(m) for m in data if m not in _RICH_ORDER]
        if needs:
            ctx.problems.append(
                (
                    f"cell {ctx.cell}: output needs a script ({', '.join(needs)}) and has no "
                    "static form; left out",
                    "save the notebook with a static version of the output (an image or text)",
                )
            )
        return ""
    if scripted:
        ctx.problems.append(
            (
                f"cell {ctx.cell}: output needs a script ({', '.join(scripted)}); "
                f"showing its {mime} form",
                "outputs that load scripts (widgets, interactive plots) are shown in their "
                "static form",
            )
        )
    if mime == "text/html" and mime not in scripted and _SCRIPT.search(_text(data[mime])):
        return _html_without_scripts(_text(data[mime]), ctx)
    return _display_as(mime, data[mime], meta, ctx)


def _html_without_scripts(html: str, ctx: OutputContext) -> str:
    """An HTML result that shows without its scripts, shown so; a warning when a script that
    would have run on the page (not one of Colab's) is left out."""
    shown, lost = without_scripts(html)
    if lost:
        ctx.problems.append(
            (
                f"cell {ctx.cell}: the output's scripts are left out; its HTML is shown "
                "without them",
                "what its scripts did (toggles, interactive parts) does not work on the page",
            )
        )
    return f'<div class="cell-output cell-output-display">{shown}</div>\n'


def _scripted(data: Mapping[str, Any]) -> list[str]:
    """The representations in a bundle that need a script to show anything."""
    scripted = [mime for mime in _SCRIPTED if mime in data]
    html = _text(data.get("text/html"))
    # HTML whose scripts only add to what it shows is shown without them (output_scripts).
    if _SCRIPT.search(html) and (scripted or not shows_without_scripts(html)):
        scripted.append("text/html")
    return scripted


def _richest(data: Mapping[str, Any], scripted: Sequence[str]) -> str | None:
    """The representation Quarto would show: the first of `_RICH_ORDER` present, passing over
    scripted ones (HTML with a script only when no static form exists)."""
    static = any(m in data for m in _RICH_ORDER[1:])
    for mime in _RICH_ORDER:
        if mime not in data or (mime in scripted and mime != "text/html"):
            continue
        if mime == "text/html" and scripted and static:
            continue  # a static form exists: prefer it to a page that needs a script
        return mime
    return None


def _display_as(mime: str, value: object, meta: Mapping[str, Any], ctx: OutputContext) -> str:
    """One representation of a rich result as HTML."""
    if mime in _IMAGES:
        return _image(mime, value, meta, ctx)
    text = _text(value)
    if mime == "text/html":
        return f'<div class="cell-output cell-output-display">{text}</div>\n'
    if mime == "text/markdown" or (mime == "text/plain" and ctx.options.asis):
        return f'<div class="cell-output cell-output-display">{ctx.markdown(text)}</div>\n'
    if mime == "text/latex":
        return _latex(text, ctx)
    return _pre("display", ansi_to_html(text.rstrip("\n")))


def _latex(text: str, ctx: OutputContext) -> str:
    """LaTeX results (sympy, IPython.display.Math) typeset as MathML."""
    match = _MATH_DELIMITERS.match(text)
    tex = match.group(2) if match else text
    mathml = ctx.math(tex.strip())
    if mathml is None:
        ctx.problems.append(
            (f"cell {ctx.cell}: cannot typeset the LaTeX output", "check the TeX it prints")
        )
        return _pre("display", escape(text))
    return f'<div class="cell-output cell-output-display"><div class="math display">{mathml}</div></div>\n'


def _image(mime: str, value: object, meta: Mapping[str, Any], ctx: OutputContext) -> str:
    """An image written as a file beside the page, in a figure with its caption and alt text."""
    if mime == "image/svg+xml":
        data = _text(value).encode()
    else:
        try:
            data = base64.b64decode(_text(value), validate=False)
        except (binascii.Error, ValueError):
            ctx.problems.append(
                (
                    f"cell {ctx.cell}: an {mime} output is not valid base64",
                    "save the notebook again",
                )
            )
            return ""
    ctx.figures += 1
    name = f"{ctx.stem}_files/figure-html/cell-{ctx.cell}-output-{ctx.figures}.{_IMAGES[mime]}"
    ctx.files[name] = data
    found = meta.get(mime)
    size: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    dims = "".join(
        f' {key}="{int(size[key])}"'
        for key in ("width", "height")
        if isinstance(size.get(key), int | float)
    )
    caption, ident = _image_caption(ctx)
    alt = ctx.options.text("fig-alt") or _nth(ctx.options.values.get("fig-cap"), ctx.figures)
    img = f'<img src="{escape(name)}" alt="{escape(alt)}"{dims} class="img-fluid" loading="lazy">'
    # `fig-align: left`/`right` on a cell (or its document) moves each image it draws.
    align = ctx.options.text("fig-align").strip().lower()
    placed = f" quarto-figure quarto-figure-{align}" if align in ("left", "right") else ""
    if not caption:
        return f'<div class="cell-output cell-output-display{placed}">{img}</div>\n'
    return (
        f'<div class="cell-output cell-output-display{placed}"><figure{ident}>{img}'
        f"<figcaption>{caption}</figcaption></figure></div>\n"
    )


def _nth(value: object, number: int) -> str:
    """A caption option for the `number`th image: one text for all, or a list's item."""
    if isinstance(value, list):
        return str(value[number - 1]) if number <= len(value) else ""
    return "" if value is None or isinstance(value, bool) else str(value)


def _image_caption(ctx: OutputContext) -> tuple[str, str]:
    """The caption of the cell's latest image, as HTML, and its id attribute: in a numbered
    figure cell a lettered `fig-subcap` (the subfigure `fig-x-1`), else the `fig-cap`."""
    if not ctx.figure_cell:
        text = _nth(ctx.options.values.get("fig-cap"), ctx.figures)
        return (caption_html(text, ctx), "") if text else ("", "")
    subcaps = ctx.options.values.get("fig-subcap")
    text = _nth(subcaps, ctx.figures) if isinstance(subcaps, list) else ""
    if not text and subcaps is not True:
        return "", ""
    letter = f"({numeral(ctx.figures, ctx.subref)})"
    ident = f"{ctx.options.text('label')}-{ctx.figures}"
    return (
        f"{letter} {caption_html(text, ctx)}" if text else letter,
        f' id="{escape(ident)}" class="quarto-subfigure"',
    )


def caption_html(text: str, ctx: OutputContext) -> str:
    """A caption's Markdown as inline HTML."""
    return ctx.markdown(text).strip().removeprefix("<p>").removesuffix("</p>")
