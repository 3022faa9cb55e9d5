"""How a code block or code cell renders: options, `filename` header, `code-fold`, annotations
and the cell's outputs.

A plain fence with none of these renders exactly as `markdown.highlight_code` makes it. A
Quarto cell (```` ```{python} ````) takes its options (`cells.py`); the outputs of a notebook's
cell, of a cell run at build time, come from `env["cell_runs"]`, by the fence's first line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any, NamedTuple

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .cells import CellOptions, chunk_header, split_options
from .fenced_divs import parse_attributes
from .ui_words import WORDS_KEY

if TYPE_CHECKING:
    from .outputs import OutputContext

# `# <1>` at the end of a line (any of the usual comment starts): an annotation marker
# (code_annotations.py marks the fences holding one).
_MARKER = re.compile(r"[ \t]*(?:#|//|--|%|;|<!--)[ \t]*<(\d+)>(?:[ \t]*-->)?[ \t]*$")


@dataclass
class CellRun:
    """A code cell's stored or computed outputs (nbformat output dicts), in order."""

    outputs: Sequence[Mapping[str, Any]]
    options: Mapping[str, Any] = field(default_factory=dict)  # options known beforehand
    number: int | None = None  # a notebook cell's number (1-based), for messages and file names
    stem: str | None = None  # where its figures go, when not beside the page (an embedded cell's)


def cell_run(token: Token, env: EnvType) -> CellRun | None:
    """The outputs of a fence: its own (an embedded notebook cell's), else the document's."""
    own = token.meta.get("cell_run")
    if isinstance(own, CellRun):
        return own
    run: CellRun | None = env.get("cell_runs", {}).get(token.map[0]) if token.map else None
    return run


# The document's options that reach a cell's code in frozen output (``` {.python .cell-code}):
# Quarto folds the code of every cell, executed now or frozen, as the document says.
_FOLDING = ("code-fold", "code-summary")


def fence_options(token: Token, env: EnvType, report: bool = True) -> tuple[str, CellOptions, bool]:
    """A fence's code without its `#|` lines, its options (the document's defaults, the chunk
    header, the `#|` lines, a run's own), and whether it is a Quarto cell or a cell with
    outputs; a problem reading the `#|` lines is noted for the post's warnings (`report`)."""
    from .markdown import code_language

    cell = code_language(token.info)[1]
    attrs = _fence_attributes(token.info, cell)
    run = cell_run(token, env)
    if not cell and run is None:
        if ".cell-code" in token.info:  # a cell's code in frozen output: the document's folding
            defaults = env.get("cell_defaults", {})
            attrs = {**{k: defaults[k] for k in _FOLDING if k in defaults}, **attrs}
        return token.content, CellOptions(attrs), False
    split = split_options(token.content)
    if split.problem and token.map and report:
        env.setdefault("cell_problems", []).append(
            (token.map[0], split.problem, "write each option as #| key: value")
        )
    header = chunk_header(token.info)[1] if cell else {}
    merged = {**attrs, **env.get("cell_defaults", {}), **header, **split.options}
    if run is not None:
        merged.update(run.options)
    return split.code, CellOptions(merged), True


def mark_shown_text(tokens: Sequence[Token], env: EnvType) -> None:
    """Each cell's words as its page shows them, in `meta["shown_text"]` (what search reads
    in place of the fence's source): nothing of a hidden cell, its code without the `#|`
    lines unless `echo: false`, and the text of the outputs it shows."""
    for token in tokens:
        if token.type != "fence":
            continue
        code, opts, cell = fence_options(token, env, report=False)
        if not cell:
            continue
        parts = []
        if opts.flag("include"):
            if opts.flag("echo"):
                parts.append(code)
            run = cell_run(token, env)
            if run is not None:
                from .outputs import outputs_text

                parts.append(outputs_text(run.outputs, opts))
                parts.extend(opts.text(key) for key in ("fig-cap", "tbl-cap"))
        token.meta["shown_text"] = "\n".join(part for part in parts if part)


def render_fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A fence: highlighted code with its header, fold, annotations and outputs."""
    from .markdown import code_language

    token = tokens[idx]
    code, opts, cell = fence_options(token, env)
    if not opts.flag("include"):
        return ""
    language = code_language(token.info)[0]
    html = _shown_code(code, language, opts, token.meta.get("annotations"), _Block(token.info, env))
    run = cell_run(token, env) if cell else None
    if run is not None:
        return _cell(html, run, opts, token, env)
    target = _xref_target(token, opts)
    if cell and target:  # a labelled cell with no output: a reference still lands on it
        return f'<div class="cell" id="{escape(target)}">\n{html}</div>\n'
    return html


class _Block(NamedTuple):
    """What a fence's look reads besides its options: its info string (classes such as
    `.numberLines`, `.code-overflow-wrap`) and the document's env (`code-line-numbers`)."""

    info: str
    env: EnvType

    def classes(self) -> tuple[str, ...]:
        """The fence's classes (`{.python .numberLines}`); none for a bare language."""
        info = self.info.strip()
        if not info.startswith("{"):
            return ()
        return tuple(parse_attributes(info[1:].split("}", 1)[0]).classes)


def _shown_code(code: str, language: str, opts: CellOptions, marked: object, block: _Block) -> str:
    """The code as shown (none when `echo: false`): highlighted, its lines numbered, its
    annotation markers as links, under its `filename`, folded by `code-fold`."""
    from .markdown import highlight_code

    if not opts.flag("echo"):
        return ""
    lines: dict[int, int] = {}
    if marked is not None:
        code, lines = _take_markers(code)
    html = highlight_code(code, language)
    if lines and marked is not None:
        html = _place_markers(html, lines, int(str(marked)))
    html = _block_look(html, opts, block)
    block.env["code_shown"] = True  # the page loads the code blocks' script (code_look.py)
    return _framed(html, opts, block.env)


def _block_look(html: str, opts: CellOptions, block: _Block) -> str:
    """Line numbers (`code-line-numbers`, `.numberLines`) and `code-overflow` of one block:
    the block's own, else the document's; a block asking for none pays one lookup."""
    from .code_lines import line_numbers, number_lines  # here: a page without code never asks

    classes = block.classes() if "." in block.info else ()
    front = block.env.get("front_matter") or {}
    numbers = line_numbers(opts.values, classes, front.get("code-line-numbers"))
    if numbers is not None:
        html = number_lines(html, numbers)
    overflow = opts.text("code-overflow") or (
        "wrap"
        if "code-overflow-wrap" in classes
        else "scroll"
        if "code-overflow-scroll" in classes
        else ""
    )
    if overflow in ("wrap", "scroll"):
        html = html.replace('class="highlight', f'class="highlight code-overflow-{overflow}', 1)
    return html


def _framed(html: str, opts: CellOptions, env: EnvType) -> str:
    """Shown code under its `filename` header, folded by `code-fold`."""
    from .markdown import markdown_parser

    if opts.text("filename"):
        html = (
            '<div class="code-with-filename"><div class="code-with-filename-file">'
            f"<pre><strong>{escape(opts.text('filename'))}</strong></pre></div>\n{html}</div>\n"
        )
    if html and opts.fold:
        # Quarto reads the summary as Markdown (`` Source of `f()` `` shows code).
        words = env.get(WORDS_KEY)
        said = opts.text("code-summary") or (words["code-summary"] if words else "Code")
        summary = markdown_parser().renderInline(said, {})
        html = (
            f'<details class="code-fold"{" open" if opts.fold == "show" else ""}>'
            f"<summary>{summary}</summary>\n{html}</details>\n"
        )
    return html


def _xref_target(token: Token, opts: CellOptions) -> str:
    """The label of a cell the cross-reference pass numbered (`#| label: fig-x` with its
    caption), or empty."""
    if not token.meta.get("xref_caption_prefix"):
        return ""
    return opts.text("label")


def _fence_attributes(info: str, cell: bool) -> dict[str, Any]:
    """`{.python filename="train.py" code-fold="true"}`: a plain block's attributes."""
    info = info.strip()
    if cell or not info.startswith("{"):
        return {}
    return dict(parse_attributes(info[1:].split("}", 1)[0]).attributes)


def _cell(html: str, run: CellRun, opts: CellOptions, token: Token, env: EnvType) -> str:
    """A cell with outputs: its code, then each output, in one `.cell` block; the outputs of a
    cell labelled `fig-x`/`tbl-x` with a caption, or numbered without one, in one numbered
    figure or table."""
    from .outputs import caption_html

    env["cell_count"] = count = env.get("cell_count", 0) + 1
    label = opts.text("label")
    kind = label.split("-", 1)[0] if label.startswith(("fig-", "tbl-")) else ""
    caption, prefix = _caption(kind, opts, token)
    floated = bool(caption or prefix)
    ctx = _output_context(env, opts, run.number if run.number is not None else count, run.stem)
    outputs = _cell_outputs(run, ctx, kind, floated, env)
    line = token.map[0] if token.map else 0
    for message, hint in ctx.problems:
        env.setdefault("cell_problems", []).append((line, message, hint))
    if opts.asis:
        return html + outputs
    if floated:
        text = caption_html(caption, ctx) if caption else ""
        front = env.get("front_matter", {})
        place = _Place(kind, opts, front if isinstance(front, Mapping) else {})
        outputs = _float(place, label, prefix + text, outputs)
        label = ""  # the figure or table holds the id
    ident = f' id="{escape(label)}"' if label and not label.startswith("fig-") else ""
    return f'<div class="cell"{ident}>\n{html}{outputs}</div>\n'


def _caption(kind: str, opts: CellOptions, token: Token) -> tuple[str, str]:
    """A `fig-x`/`tbl-x` cell's caption option and what the cross-reference pass put before
    it ("Figure 1: "), or alone for a cell numbered without a caption ("Figure 1", as
    Quarto titles an uncaptioned float); both empty for any other cell."""
    if not kind:
        return "", ""
    caption = opts.values.get(f"{kind}-cap")
    prefix = str(token.meta.get("xref_caption_prefix", ""))
    if caption is not None and not isinstance(caption, str):
        return "", ""  # not a caption Quarto can show: the cell stays as it was
    return caption or "", prefix


def _cell_outputs(
    run: CellRun, ctx: OutputContext, kind: str, captioned: bool, env: EnvType
) -> str:
    """A cell's outputs as HTML (its files noted for publishing): in a captioned figure or
    table cell, its subfigures or subtables lettered and laid out in `layout-ncol` rows."""
    from .outputs import render_outputs

    ctx.figure_cell = kind == "fig" and captioned
    if kind and ctx.options.values.get(f"{kind}-subcap") is not None:
        from .crossref_words import document_words  # here: only subcaptioned cells

        ctx.subref = document_words(env).subref
    parts = render_outputs(run.outputs, ctx)
    if kind == "tbl" and captioned:
        parts = _subtables(parts, ctx.options.text("label"), ctx)
    env.setdefault("cell_files", {}).update(ctx.files)
    columns = _columns(ctx.options) if kind and captioned else 0
    return _layout(parts, columns) if columns > 1 else "".join(parts)


def _subtables(parts: Sequence[str], label: str, ctx: OutputContext) -> list[str]:
    """With `tbl-subcap` (a list, or `true` for letters alone), each output of a table cell
    is a subtable `tbl-x-1`, `tbl-x-2`, … lettered (a), (b) above it, as Quarto shows them."""
    subcaps = ctx.options.values.get("tbl-subcap")
    if not (isinstance(subcaps, list) or subcaps is True):
        return list(parts)
    from .crossref_words import numeral
    from .outputs import caption_html

    texts = subcaps if isinstance(subcaps, list) else []
    scheme = ctx.subref
    out = []
    for k, part in enumerate(parts, 1):
        text = str(texts[k - 1]) if k <= len(texts) else ""
        words = caption_html(text, ctx) if text else ""
        caption = f"({numeral(k, scheme)})" + (f" {words}" if words else "")
        out.append(
            f'<figure id="{escape(label)}-{k}" class="quarto-subfigure quarto-caption-top">'
            f"<figcaption>{caption}</figcaption>\n{part}</figure>\n"
        )
    return out


def _columns(opts: CellOptions) -> int:
    """A figure cell's `layout-ncol`: how many of its images go side by side (0: unset)."""
    value = opts.values.get("layout-ncol")
    text = str(value).strip().strip("\"'") if value is not None else ""
    return int(text) if text.isdigit() else 0


def _layout(parts: Sequence[str], columns: int) -> str:
    """A figure cell's outputs in rows of `columns` cells, as Quarto lays out `layout-ncol`."""
    rows = []
    for start in range(0, len(parts), columns):
        cells = list(parts[start : start + columns])
        cells += [""] * (columns - len(cells))  # the last row keeps the others' widths
        inner = "".join(
            f'<div class="quarto-layout-cell" style="flex: 1 1 0">{part}</div>' for part in cells
        )
        rows.append(f'<div class="quarto-layout-row">{inner}</div>\n')
    return "".join(rows)


def _output_context(
    env: EnvType, opts: CellOptions, number: int, stem: str | None = None
) -> OutputContext:
    """Where a cell's outputs render: Markdown and math with the page's own parser and env."""
    from .markdown import markdown_parser, tex_to_mathml
    from .outputs import OutputContext

    nested = {k: v for k, v in env.items() if k not in ("cell_runs", "cell_count")}

    def markdown(text: str) -> str:
        return str(markdown_parser().render(text, nested))

    return OutputContext(
        stem=stem or env.get("page_stem", "index"),
        cell=number,
        options=opts,
        markdown=markdown,
        math=lambda tex: tex_to_mathml(tex, True),
    )


class _Place(NamedTuple):
    """Where a labelled cell's float goes: its kind (`fig`, `tbl`), its options and the
    document's front matter, which give its alignment and caption location."""

    kind: str
    opts: CellOptions
    front: Mapping[str, Any]

    def alignment(self) -> str:
        """`fig-align` (left, center, right, default) of the cell, else of the document."""
        value = str(self.opts.values.get("fig-align") or self.front.get("fig-align") or "")
        value = value.strip().lower()
        return value if value in ("left", "right") else "center"

    def caption(self) -> str:
        """`fig-cap-location`/`tbl-cap-location`, then `cap-location`, of the cell, else of
        the document: top, bottom or margin; a table's caption on top by default."""
        kind, values, front = self.kind, self.opts.values, self.front
        for where in (values, front):  # the cell's own keys first, as Quarto reads a float's
            for key in (f"{kind}-cap-location", "cap-location"):
                if where.get(key) in ("top", "bottom", "margin"):
                    return str(where[key])
        return "top" if kind == "tbl" else "bottom"


def _float(place: _Place, label: str, caption: str, outputs: str) -> str:
    """A cell's outputs as one captioned float, as Quarto shows a labelled cell: aligned by
    `fig-align`, captioned where the cap-location options say (a figure below, a table above
    by default)."""
    where = place.caption()
    classes = f"quarto-figure quarto-figure-{place.alignment()}"
    if where != "bottom":
        classes += f" quarto-caption-{where}"
    figcaption = f"<figcaption>{caption}</figcaption>\n"
    inner = figcaption + outputs if where == "top" else outputs + figcaption
    return f'<figure id="{escape(label)}" class="{classes}">\n{inner}</figure>\n'


def _take_markers(code: str) -> tuple[str, dict[int, int]]:
    """The code without its `# <n>` markers, and the marker of each 0-based line."""
    lines = code.split("\n")
    found: dict[int, int] = {}
    for i, line in enumerate(lines):
        match = _MARKER.search(line)
        if match:
            found[i] = int(match.group(1))
            lines[i] = line[: match.start()]
    return "\n".join(lines), found


def _place_markers(html: str, lines: Mapping[int, int], cell: int) -> str:
    """Each annotated line of the highlighted code gets a numbered link to its note."""
    head, sep, rest = html.partition("<code")
    start = rest.index(">") + 1
    body, tail = rest[start:].rsplit("</code>", 1)
    out = body.split("\n")
    for i, number in lines.items():
        if i < len(out):
            out[i] = (
                f'<span class="code-annotation-line">{out[i]}</span>'
                f'<a class="code-annotation-anchor" href="#annotation-{cell}-{number}" '
                f'aria-label="Note {number}">{number}</a>'
            )
    return f"{head}{sep}{rest[:start]}{chr(10).join(out)}</code>{tail}"
