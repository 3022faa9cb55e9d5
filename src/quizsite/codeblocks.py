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
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .cells import CellOptions, chunk_header, split_options
from .fenced_divs import parse_attributes
from .outputs import OutputContext, render_outputs

# `# <1>` at the end of a line (any of the usual comment starts): an annotation marker.
_MARKER = re.compile(r"[ \t]*(?:#|//|--|%|;|<!--)[ \t]*<(\d+)>(?:[ \t]*-->)?[ \t]*$")
_ANY_MARKER = re.compile(r"<\d+>[ \t]*(?:-->)?[ \t]*$", re.MULTILINE)


@dataclass
class CellRun:
    """A code cell's stored or computed outputs (nbformat output dicts), in order."""

    outputs: Sequence[Mapping[str, Any]]
    options: Mapping[str, Any] = field(default_factory=dict)  # options known beforehand
    number: int | None = None  # a notebook cell's number (1-based), for messages and file names


def code_blocks_plugin(md: MarkdownIt) -> None:
    """Code annotations: the ordered list after an annotated block becomes its notes."""
    md.core.ruler.push("code_annotations", _annotations)


def _annotations(state: StateCore) -> None:
    """Mark annotated fences and turn the ordered list after each into its notes."""
    tokens = state.tokens
    style = str(state.env.get("code_annotations", "below")).lower()
    if style == "false":
        return
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.type != "fence" or not _ANY_MARKER.search(token.content):
            continue
        state.env["annotated_blocks"] = count = state.env.get("annotated_blocks", 0) + 1
        token.meta["annotations"] = count
        if i < len(tokens) and tokens[i].type == "ordered_list_open":
            end = _mark_notes(tokens, i, count)
            if style == "none":  # markers and notes both left out
                del tokens[i:end]


def _mark_notes(tokens: list[Token], start: int, cell: int) -> int:
    """Give the list at `start` its notes' ids, under types the quiz shape does not read as
    options; returns the index after the list."""
    number = int(tokens[start].attrGet("start") or 1)
    depth = 0
    for k in range(start, len(tokens)):
        token = tokens[k]
        if token.type.endswith("_list_open"):
            if depth == 0:
                token.type = "code_annotations_open"
                token.attrJoin("class", "code-annotations")
            depth += 1
        elif token.type.endswith("_list_close"):
            depth -= 1
            if depth == 0:
                token.type = "code_annotations_close"
                return k + 1
        elif token.type == "list_item_open" and depth == 1:
            token.attrSet("id", f"annotation-{cell}-{number}")
            number += 1
    return len(tokens)


def render_fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A fence: highlighted code with its header, fold, annotations and outputs."""
    from .markdown import code_language, highlight_code, markdown_parser

    token = tokens[idx]
    language, cell = code_language(token.info)
    attrs = _fence_attributes(token.info, cell)
    code = token.content
    run = env.get("cell_runs", {}).get(token.map[0]) if token.map else None
    if cell or run is not None:
        split = split_options(code)
        code = split.code
        if split.problem and token.map:
            env.setdefault("cell_problems", []).append(
                (token.map[0], split.problem, "write each option as #| key: value")
            )
        header = chunk_header(token.info)[1] if cell else {}
        merged = {**env.get("cell_defaults", {}), **header, **split.options}
        if run is not None:
            merged.update(run.options)
        numbered = token.meta.get("xref_caption_prefix")  # "Figure 1: ", from crossref.py
        if numbered and merged.get("fig-cap"):
            merged["fig-cap"] = f"{numbered}{merged['fig-cap']}"
        attrs = {**attrs, **merged}
    opts = CellOptions(attrs)
    if not opts.flag("include"):
        return ""
    marked = token.meta.get("annotations")
    lines: dict[int, int] = {}
    if marked is not None:
        code, lines = _take_markers(code)
    html = highlight_code(code, language) if opts.flag("echo") else ""
    if html and lines and marked is not None:
        html = _place_markers(html, lines, int(marked))
    if html and opts.text("filename"):
        html = (
            '<div class="code-with-filename"><div class="code-with-filename-file">'
            f"<pre><strong>{escape(opts.text('filename'))}</strong></pre></div>\n{html}</div>\n"
        )
    if html and opts.fold:
        # Quarto reads the summary as Markdown (`` Source of `f()` `` shows code).
        summary = markdown_parser().renderInline(opts.text("code-summary") or "Code", {})
        html = (
            f'<details class="code-fold"{" open" if opts.fold == "show" else ""}>'
            f"<summary>{summary}</summary>\n{html}</details>\n"
        )
    if run is None:
        return html
    return _cell(html, run, opts, token, env)


def _fence_attributes(info: str, cell: bool) -> dict[str, Any]:
    """`{.python filename="train.py" code-fold="true"}`: a plain block's attributes."""
    info = info.strip()
    if cell or not info.startswith("{"):
        return {}
    return dict(parse_attributes(info[1:].split("}", 1)[0]).attributes)


def _cell(html: str, run: CellRun, opts: CellOptions, token: Token, env: EnvType) -> str:
    """A cell with outputs: its code, then each output, in one `.cell` block."""
    from .markdown import markdown_parser, tex_to_mathml

    env["cell_count"] = count = env.get("cell_count", 0) + 1
    number = run.number if run.number is not None else count
    nested = {k: v for k, v in env.items() if k not in ("cell_runs", "cell_count")}

    def markdown(text: str) -> str:
        return str(markdown_parser().render(text, nested))

    ctx = OutputContext(
        stem=env.get("page_stem", "index"),
        cell=number,
        options=opts,
        markdown=markdown,
        math=lambda tex: tex_to_mathml(tex, True),
    )
    outputs = render_outputs(run.outputs, ctx)
    env.setdefault("cell_files", {}).update(ctx.files)
    line = token.map[0] if token.map else 0
    for message, hint in ctx.problems:
        env.setdefault("cell_problems", []).append((line, message, hint))
    label = opts.text("label")
    ident = f' id="{escape(label)}"' if label and not label.startswith("fig-") else ""
    if opts.asis:
        return html + outputs
    return f'<div class="cell"{ident}>\n{html}{outputs}</div>\n'


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
