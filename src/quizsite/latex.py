"""LaTeX in Markdown as Quarto's HTML shows it (Pandoc's `raw_tex` and `latex_macros`, MathJax).

- A math environment at the start of a block (`\\begin{align*}` ... `\\end{align*}`, Pandoc's
  list) is display math, as Pandoc's HTML writer makes it; so is a ```` ```{=latex} ```` block
  holding one. Any other environment is raw LaTeX, which HTML leaves out: a warning says so.
- Macro definitions (`\\newcommand`, `\\renewcommand`, `\\def`, `\\DeclareMathOperator`,
  `\\let`), in a block of their own or inside a formula, apply to every later formula of the
  document, as MathJax keeps them; a formula of definitions alone shows nothing. KaTeX macros
  from the front matter (`format: revealjs: katex: macros:`) apply from the start.
- Quarto's MathJax numbers no equation (`tags: none`): `\\label` and `\\nonumber` show nothing,
  `align` is unnumbered like `align*` (tex_environments.py), and `\\eqref`/`\\ref` show
  MathJax's `(???)`, with a warning pointing to Quarto's own `{#eq-x}` and `@eq-x`; only a label
  on a row the author tagged (`\\tag{*}`) is known, and references to it show its tag, `(*)`.

The formulas are rewritten in place, before the math renderer typesets them (latex2mathml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .errors import warning
from .patterns import compile_later
from .shortcodes import META_KEY

if TYPE_CHECKING:
    from .tex_macros import Macro

# Pandoc's math environments (Text.Pandoc.Writers.HTML `isMathEnvironment`).
MATH_ENVIRONMENTS = frozenset(
    [
        "align",
        "align*",
        "alignat",
        "alignat*",
        "aligned",
        "alignedat",
        "array",
        "Bmatrix",
        "bmatrix",
        "cases",
        "CD",
        "eqnarray",
        "eqnarray*",
        "equation",
        "equation*",
        "gather",
        "gather*",
        "gathered",
        "matrix",
        "multline",
        "multline*",
        "pmatrix",
        "prooftree",
        "smallmatrix",
        "split",
        "subarray",
        "Vmatrix",
        "vmatrix",
    ]
)
_MATH_TYPES = frozenset(("math_block", "math_block_label", "math_inline", "math_inline_double"))
_BEGIN = compile_later(r"\\begin\{([A-Za-z]+\*?)\}")
# What a document needs before the formulas are looked at.
_HINT = re.compile(
    r"\\(?:begin\{|(?:re|provide)?newcommand|def|DeclareMathOperator|let|label|eqref|ref"
    r"|nonumber|notag|require)(?![A-Za-z])|\\\n"
)
# A control word in text with its options and arguments (and the spaces TeX skips after it).
_COMMAND = compile_later(
    r"\\([A-Za-z]+)\*?(?:[ \t]*(?:\[[^\]\n]*\]|\{(?:[^{}\n]|\{[^{}\n]*\})*\}))*[ \t]*"
)
# What shows nothing in MathJax: no numbers, labels, extensions it loads (`\\require{physics}`).
_INVISIBLE = compile_later(r"\\(?:nonumber|notag)(?![A-Za-z])|\\(?:label|require)\s*\{[^{}]*\}")
# A backslash ending a line is a control space (`\\ `); `\\\\` before it is a row break.
_CONTROL_SPACE = compile_later(r"(?<!\\)((?:\\\\)*)\\\n")
_REFERENCE = compile_later(r"\\(eqref|ref)\s*\{([^{}]*)\}")
# MathJax numbers nothing itself, but an explicit `\tag{t}` names its row, and a `\label` in
# that row makes `\eqref` show `(t)`.
_LABEL = compile_later(r"\\label\s*\{([^{}]*)\}")
_TAG = compile_later(r"\\tag\*?\s*\{([^{}]*)\}")
_ROW = compile_later(r"(?<!\\)\\\\")


def is_math_environment(tex: str) -> bool:
    """Whether raw LaTeX is a math environment (Pandoc's test: how it begins)."""
    begin = _BEGIN.match(tex.lstrip())
    return begin is not None and begin[1] in MATH_ENVIRONMENTS


def latex_plugin(md: MarkdownIt) -> None:
    """Register LaTeX environments and macro definitions as blocks, and the formula rewrite."""
    # As in Pandoc, raw LaTeX does not interrupt a paragraph: inside one it is inline.
    md.block.ruler.before("paragraph", "tex_block", _tex_block, {"alt": []})
    md.inline.ruler.before("escape", "tex_inline", _tex_inline)
    md.core.ruler.after("inline", "tex_math", _tex_math)
    md.add_render_rule("tex_macros", _nothing)
    md.add_render_rule("tex_raw", _nothing)
    md.add_render_rule("tex_inline", _render_inline)


def _nothing(*args: Any) -> str:
    """What a block of definitions or of raw LaTeX shows in HTML."""
    return ""


# --- Blocks ----------------------------------------------------------------------------------


def _tex_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`\\begin{env}` ... `\\end{env}`, or lines of macro definitions, at a block's start."""
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("\\", pos) or state.is_code_block(start):
        return False
    from .tex_macros import DEFINE

    line = state.src[pos : state.eMarks[start]]
    begin = _BEGIN.match(line)
    if begin:
        last = _environment_end(state, start, end, begin[1])
        kind = "math_block" if begin[1] in MATH_ENVIRONMENTS else "tex_raw"
    elif DEFINE.match(line):
        last = _definitions_end(state, start, end)
        kind = "tex_macros"
    else:
        return False
    if last is None:
        return False
    if silent:
        return True
    token = state.push(kind, "", 0)
    token.content = state.getLines(start, last + 1, state.blkIndent, False).strip()
    token.map = [start, last + 1]
    token.block = True
    if kind == "tex_raw":  # HTML has no place for it: left out, as Quarto does, and said so
        _warn(
            state.env,
            start,
            f"raw LaTeX environment '{begin[1] if begin else ''}' left out of the HTML",
            "Quarto's HTML drops raw LaTeX too; put it in ```{=latex} to keep it for PDF only",
        )
    state.line = last + 1
    return True


def _environment_end(state: StateBlock, start: int, end: int, name: str) -> int | None:
    """The line holding the `\\end{name}` that closes the environment opened on `start`."""
    opening, closing = f"\\begin{{{name}}}", f"\\end{{{name}}}"
    depth = 0
    for line in range(start, end):
        first = state.bMarks[line] + state.tShift[line]
        if line > start and first < state.eMarks[line] and state.sCount[line] < state.blkIndent:
            return None  # the container (a list item, a quote) ended first
        text = state.src[first : state.eMarks[line]]
        depth += text.count(opening) - text.count(closing)
        if depth <= 0:
            tail = text[text.rfind(closing) + len(closing) :]
            return line if not tail.strip() else None
    return None


def _definitions_end(state: StateBlock, start: int, end: int) -> int | None:
    """The last line of a block of macro definitions, or None when it holds anything else."""
    last = start
    while last + 1 < end and not state.isEmpty(last + 1):
        last += 1
    text = state.getLines(start, last + 1, state.blkIndent, False)
    from .tex_macros import parse_definitions

    try:
        rest = parse_definitions(text, {})
    except ValueError:
        return None
    return last if not rest.strip() else None


def _tex_inline(state: StateInline, silent: bool) -> bool:
    """`\\hfill`, `\\textbf{x}` in text: raw LaTeX, which Quarto's HTML leaves out."""
    if state.src[state.pos] != "\\":
        return False
    match = _COMMAND.match(state.src, state.pos)
    if match is None:
        return False
    if match[1] == "begin" and _inline_environment(state, silent):
        return True
    if not silent:
        token = state.push("tex_inline", "", 0)
        token.content = match[0].rstrip()
        token.info = match[1]
        if match[1] in ("eqref", "ref"):  # shown as text: the space after it stays
            token.meta["after"] = match[0][len(token.content) :]
        state.env["tex_inline"] = True
    state.pos = match.end()
    return True


def _inline_environment(state: StateInline, silent: bool) -> bool:
    """`\\begin{env}` … `\\end{env}` inside a paragraph: display math for a math environment,
    as Pandoc's HTML writer shows it; any other is raw LaTeX, left out."""
    begin = _BEGIN.match(state.src, state.pos)
    if begin is None:
        return False
    closing = f"\\end{{{begin[1]}}}"
    end = state.src.find(closing, begin.end(), state.posMax)
    if end < 0:
        return False
    if not silent:
        text = state.src[state.pos : end + len(closing)]
        if begin[1] in MATH_ENVIRONMENTS:
            token = state.push("math_inline_double", "math", 0)
            token.content = text
            token.markup = "$$"
        else:
            token = state.push("tex_inline", "", 0)
            token.content = f"\\begin{{{begin[1]}}}…\\end{{{begin[1]}}}"
            token.info = "begin"
            state.env["tex_inline"] = True
    state.pos = end + len(closing)
    return True


def _render_inline(self: Any, tokens: Sequence[Token], idx: int, *args: Any) -> str:
    """What raw LaTeX in text shows: nothing, or what MathJax shows for an equation reference
    (a tagged equation's tag, else `(???)`)."""
    token = tokens[idx]
    shown = token.meta.get("shows") or {"eqref": "(???)", "ref": "???"}.get(token.info, "")
    return escapeHtml(shown + token.meta.get("after", "")) if shown else ""


# --- Formulas ----------------------------------------------------------------------------------


def _tex_math(state: StateCore) -> None:
    """Rewrite each formula: macros expanded, labels and numbers as Quarto's MathJax shows them."""
    if (
        _HINT.search(state.src) is None
        and not state.env.get("tex_inline")
        and not _front_matter_macros(state.env)
    ):
        return
    from .tex_macros import TooDeep, expand, parse_definitions

    macros = dict(_front_matter_macros(state.env))
    drop: set[int] = set()
    raw: dict[int, list[str]] = {}
    tags = _tagged_labels(state.tokens)
    for token, line in _formulas(state.tokens):
        if token.type == "tex_macros":
            parse_definitions(token.content, macros)
            continue
        if token.type == "tex_inline":
            if (known := _REFERENCE.fullmatch(token.content)) and known[2] in tags:
                token.meta["shows"] = _shown_reference(known[1], tags[known[2]])
            else:
                raw.setdefault(line, []).append(token.content)
            continue
        try:
            tex = parse_definitions(token.content, macros)
            tex = expand(tex, macros)
        except (ValueError, TooDeep) as problem:
            _warn(state.env, line, f"cannot read TeX macros: {problem}", "check the definitions")
            continue
        tex = _numbering(state.env, tex, line, tags)
        if not tex.strip() and token.content.strip():
            drop.add(id(token))  # definitions only: MathJax shows nothing for them
        token.content = tex
    for line, commands in raw.items():
        _warn(
            state.env,
            line,
            f"raw LaTeX left out of the HTML, as Quarto does: {', '.join(commands)}",
            "for math, write $...$ with no space inside the dollars; for a backslash, \\\\",
        )
    if drop:
        _remove(state.tokens, drop)


def _formulas(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    """Every formula and block of definitions, in document order, with its 0-based line."""
    line = 0
    for token in tokens:
        if token.map:
            line = token.map[0]
        if token.type in _MATH_TYPES or token.type == "tex_macros":
            yield token, line
        elif token.children:
            for child in token.children:
                if child.type in _MATH_TYPES or child.type == "tex_inline":
                    yield child, line


def _tagged_labels(tokens: list[Token]) -> dict[str, str]:
    """Each `\\label` on a row its author tagged (`\\tag{t}`), with the tag, document-wide."""
    found: dict[str, str] = {}
    for token, _ in _formulas(tokens):
        if token.type in _MATH_TYPES and "\\tag" in token.content:
            # `\\` separates tagged rows only inside an environment (`align`); outside one the
            # display is one equation, whatever its line breaks.
            rows = _ROW.split(token.content) if "\\begin" in token.content else [token.content]
            for row in rows:
                tag = _TAG.search(row)
                if tag:
                    found.update((label, tag[1]) for label in _LABEL.findall(row))
    return found


def _shown_reference(kind: str, tag: str) -> str:
    """What MathJax shows for `\\eqref` (`(t)`) or `\\ref` (`t`) to a tagged equation."""
    return f"({tag})" if kind == "eqref" else tag


def _numbering(env: Any, tex: str, line: int, tags: Mapping[str, str]) -> str:
    """No numbers, as Quarto's MathJax (`tags: none`): labels dropped, references `(???)`
    unless they name a tagged equation."""
    if "\\" not in tex:
        return tex
    tex = _INVISIBLE.sub("", tex)  # `align` is made `align*` with the other environments
    if "\\\n" in tex:
        tex = _CONTROL_SPACE.sub(r"\1\\ \n", tex)
    tex = _REFERENCE.sub(
        lambda m: f"\\text{{{_shown_reference(m[1], tags[m[2]])}}}" if m[2] in tags else m[0], tex
    )
    for match in _REFERENCE.finditer(tex):
        _warn(
            env,
            line,
            f"\\{match[1]}{{{match[2]}}} shows (???): Quarto's HTML does not number equations",
            "give the equation an id, $$ ... $$ {#eq-name}, and refer to it as @eq-name",
        )
    return _REFERENCE.sub(lambda m: r"\text{(???)}" if m[1] == "eqref" else r"\text{???}", tex)


def _remove(tokens: list[Token], drop: set[int]) -> None:
    """Take the given tokens out of the stream and out of inline tokens' children."""
    tokens[:] = [t for t in tokens if id(t) not in drop]
    for token in tokens:
        if token.children:
            token.children = [c for c in token.children if id(c) not in drop]


def _front_matter_macros(env: Any) -> Mapping[str, Macro]:
    """KaTeX macros the front matter gives (`katex: macros:` under a format, or at the top)."""
    meta = env.get(META_KEY)
    if not isinstance(meta, Mapping):
        return {}
    found: dict[str, Macro] = {}
    formats = meta.get("format")
    places = [meta, *(formats.values() if isinstance(formats, Mapping) else ())]
    for place in places:
        katex = place.get("katex") if isinstance(place, Mapping) else None
        table = katex.get("macros") if isinstance(katex, Mapping) else None
        if isinstance(table, Mapping):
            from .tex_macros import Macro

            for name, body in table.items():
                if isinstance(name, str) and isinstance(body, str) and name.startswith("\\"):
                    args = max((int(n) for n in re.findall(r"#([1-9])", body)), default=0)
                    found[name[1:]] = Macro(args, body)
    return found


def _warn(env: Any, line: int, message: str, hint: str) -> None:
    """Record a warning at a 0-based body line (the parser adds the file and offset)."""
    env.setdefault("quarto_diagnostics", []).append(warning("", line, message, hint))
