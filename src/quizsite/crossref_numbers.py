"""Quarto cross-references read and numbered (crossref.py's rules, loaded at a document's
first label or reference): the references an `@` or a bracketed group holds, the pass
numbering every labelled thing in order and prefixing captions and titles, the check of
every reference, and the references rendered as links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .cells import chunk_header, split_options
from .crossref import _KEY, CALLOUT_PREFIXES, LABELS, THEOREM_PREFIXES
from .errors import Diagnostic, warning
from .fenced_divs import DivAttributes

if TYPE_CHECKING:
    from .crossref_words import Words

_NBSP = "\u00a0"


_BARE = re.compile("@" + _KEY)


_BRACKET = re.compile(r"\[(?P<body>[^\[\]\n]*@[^\[\]\n]*)\]")


_ITEM = re.compile(r"\s*(?P<custom>[^@;]*?)\s*(?P<minus>-?)@" + _KEY + r"\s*")


_EQ_LABEL = re.compile(r"^\s*\{#(eq-[^\s}]+)\}")
# pandoc-crossref's label (`{#eq:x}`), which Quarto does not read: it stays text.
_COLON_LABEL = re.compile(r"^\s*\{#eq:[^\s}]*\}")


_LONE_EQ_LABEL = re.compile(r"\s*\{#eq-[^\s}]+\}\s*")


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference inside an `xref` token."""

    ident: str
    minus: bool  # `[-@fig-x]`: the number alone
    custom: str  # `[Fig @fig-x]`: "Fig" in place of "Figure"
    capital: bool  # `@Fig-x`


@dataclass(frozen=True, slots=True)
class Target:
    """What a reference to an id prints: its label and number, or a section's title."""

    label: str
    number: str
    title: str = ""


def _parse_items(body: str) -> list[Ref] | None:
    """The references of a bracketed group, or None when any part is not one (a citation)."""
    refs = []
    for part in body.split(";"):
        match = _ITEM.fullmatch(part)
        if match is None or match["prefix"].lower() not in LABELS:
            return None
        refs.append(_ref(match, match["custom"], bool(match["minus"])))
    return refs


def _ref(match: re.Match[str], custom: str, minus: bool) -> Ref:
    """A reference from a matched key."""
    prefix = match["prefix"]
    return Ref(f"{prefix.lower()}-{match['rest']}", minus, custom, prefix[0].isupper())


def reference(state: StateInline, silent: bool) -> bool:
    """The references at `@` or in a bracketed group at `[` (not a citation's: each item must be
    a cross-reference), after crossref.py's cheap look at the character."""
    src, pos = state.src, state.pos
    if src[pos] == "@":
        match = _BARE.match(src, pos)
        if match is None or match["prefix"].lower() not in LABELS:
            return False
        refs = [_ref(match, "", False)]
    else:
        match = _BRACKET.match(src, pos)
        if match is None or src.startswith(("(", "["), match.end()):
            return False  # a link's text that happens to hold a reference
        found = _parse_items(match["body"])
        if found is None:
            return False
        refs = found
    if not silent:
        token = state.push("xref", "", 0)
        token.meta = {"refs": refs, "offset": pos}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _inline_text(inline: Token) -> str:
    """The plain text of an inline token's children."""
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def _prefix_inline(inline: Token | None, text: str) -> None:
    """Put `text` before the content of an inline token (a caption or title)."""
    if inline is not None:
        inline.children = [Token("text", "", 0, content=text), *(inline.children or [])]


def number(state: StateCore, numbered: bool) -> None:
    """Number every labelled thing in order, prefix captions, check references."""
    run = _Numbering(state.env, state.tokens, numbered)
    for i, token in enumerate(state.tokens):
        run.visit(i, token)
    _check_refs(state.tokens, run.targets, run.problems)
    _stray_equation_labels(state.tokens, run.problems)


def _stray_equation_labels(tokens: Sequence[Token], problems: list[Diagnostic]) -> None:
    """A warning at an equation label on the line under display math: Quarto labels a
    formula only from the line of its closing `$$`, so this label stays text on the page."""
    for k, inline in enumerate(tokens):
        if inline.type != "inline":
            continue
        if (
            k >= 2
            and tokens[k - 2].type.startswith("math_block")
            and _LONE_EQ_LABEL.fullmatch(inline.content)
        ):
            problems.append(_stray_label(inline.content.strip(), inline.map))
            continue
        children = inline.children or []
        for j in range(2, len(children)):
            if (
                children[j - 2].type == "math_inline_double"
                and children[j - 1].type == "softbreak"
                and children[j].type == "text"
                and (match := _EQ_LABEL.match(children[j].content))
            ):
                line = inline.map[0] + _breaks_before(children, j) if inline.map else None
                problems.append(_stray_label(match[0].strip(), line))


def _breaks_before(children: Sequence[Token], end: int) -> int:
    """How many line breaks the children before `end` hold."""
    return sum(c.type in ("softbreak", "hardbreak") for c in children[:end])


def _stray_label(label: str, where: list[int] | int | None) -> Diagnostic:
    """The warning for an equation label left as text, at its line."""
    line = where[0] if isinstance(where, list) else where
    return warning(
        "",
        line,
        f"equation label {label} is on the line under its formula: Quarto attaches it only "
        "after the closing $$ on the same line, so it shows as text",
        "move it up to the end of the closing $$ line",
    )


class _Numbering:
    """One document's numbering pass: what it found so far, its counts by kind, its words."""

    def __init__(self, env: EnvType, tokens: Sequence[Token], numbered: bool) -> None:
        from .crossref_words import document_words  # here: only a document with labels

        self.tokens = tokens
        self.words: Words = document_words(env)
        env["xref_words"] = self.words  # references print them when rendered
        self.targets: dict[str, Target] = env.setdefault("xref_targets", {})
        self.problems: list[Diagnostic] = env.setdefault("quarto_diagnostics", [])
        self.counts: dict[str, int] = {}
        self.sections = _SectionNumbers(tokens) if numbered else None
        # `crossref: chapters: true` counts within each `#` heading, as Quarto does when the
        # document's headings start at level 1.
        self.chapter = 0
        self.chapters = self.words.chapters and any(
            t.type == "heading_open" and t.tag == "h1" for t in tokens
        )

    def next(self, kind: str) -> str:
        """The next number of a kind, in its scheme (after its chapter's: "2.1")."""
        from .crossref_words import numeral  # here: only a document with labels

        self.counts[kind] = self.counts.get(kind, 0) + 1
        number = self.words.number(kind, self.counts[kind])
        if not self.chapter:
            return number
        chapter = numeral(self.chapter, "alpha A") if self.words.chapters_alpha else self.chapter
        return f"{chapter}.{number}"

    def visit(self, i: int, token: Token) -> None:
        """Number what `token` labels, if anything."""
        if self.chapters and token.type == "heading_open" and token.tag == "h1":
            self._next_chapter(token)
        if token.type == "inline":
            _equations(token, self)
        elif token.type == "fence":
            self._cell(token)
        elif token.type == "math_block":
            self._equation(token)
        else:
            if token.type == "heading_open" and self.sections is not None:
                self.sections.heading(token, self.tokens[i + 1])
            ident = _ident(token)
            if ident is not None:
                self._labelled(i, token, ident)

    def _next_chapter(self, token: Token) -> None:
        """A numbered top-level heading starts a chapter: every kind counts from 1 again."""
        if token.level == 0 and "unnumbered" not in str(token.attrGet("class") or "").split():
            self.chapter += 1
            self.counts.clear()

    def duplicate(self, ident: str, line: int | None) -> None:
        """A second use of a cross-reference id, warned about (the first keeps it)."""
        self.problems.append(
            warning("", line, f"duplicate cross-reference id #{ident}", "give each id once")
        )

    def _labelled(self, i: int, token: Token, ident: str) -> None:
        """A block with a cross-reference id: numbered once, a second use warned about."""
        if ident in self.targets:
            self.duplicate(ident, token.map[0] if token.map else None)
            return
        target = self._label(i, token, ident.split("-", 1)[0])
        if target is not None:
            self.targets[ident] = target

    def _equation(self, token: Token) -> None:
        """`$$ … $$ {#eq-x}` read by the equation block rule."""
        ident = token.meta.get("eq_label") if token.meta else None
        if ident and ident in self.targets:
            self.duplicate(ident, token.map[-1] - 1 if token.map else None)
        elif ident:
            number = self.next("eq")
            token.meta["eq"] = (ident, number)
            self.targets[ident] = Target(self.words.prefixes["eq"], number)

    def _cell(self, token: Token) -> None:
        """A code cell whose output is a figure or table, labelled by a `#| label:` option or an
        R chunk header (`{r fig-x, fig.cap="…"}`), numbered with the rest; the cell's renderer
        finds its caption's prefix (or, uncaptioned, its caption) in
        `meta["xref_caption_prefix"]`."""
        if not token.info.lstrip().startswith("{"):
            return
        options = chunk_header(token.info)[1]
        if "|" in token.content:
            options.update(split_options(token.content).options)
        label = str(options.get("label") or "")
        prefix = label.split("-", 1)[0]
        if prefix not in ("fig", "tbl") or label in self.targets:
            return
        # A label alone makes a float too, titled "Figure 1" (Quarto's parsefiguredivs.lua).
        number = self.next(prefix)
        self.targets[label] = Target(self.words.prefixes[prefix], number)
        captioned = bool(options.get(f"{prefix}-cap"))
        token.meta["xref_caption_prefix"] = self.words.caption(prefix, number, captioned)
        # `fig-subcap: [...]` (or `true`, letters alone): the renderer letters the cell's
        # images or tables `fig-x-1`, `fig-x-2`, …
        subcaps = options.get(f"{prefix}-subcap")
        count = len(subcaps) if isinstance(subcaps, list) else 26 if subcaps is True else 0
        from .crossref_words import numeral  # here: only a document with labels

        for k in range(1, min(count, 26) + 1):
            letter = numeral(k, self.words.subref)
            sub = Target(self.words.prefixes[prefix], f"{number} ({letter})")
            self.targets.setdefault(f"{label}-{k}", sub)

    def _label(self, i: int, token: Token, prefix: str) -> Target | None:
        """Number one labelled block and prefix its caption or title; its target, or None."""
        words, label = self.words, self.words.prefixes[prefix]
        if prefix == "sec" and token.type == "heading_open":
            sections = self.sections
            number = sections.numbers.get(i, "") if sections is not None else ""
            return Target(label, number, _inline_text(self.tokens[i + 1]))
        if token.type == "figure_open" and prefix in ("fig", "tbl", "lst"):
            return self._figure(token, prefix)
        if token.type == "table_open" and prefix == "tbl":
            if token.meta.get("subfigure") is not None:  # lettered by the figure pass
                return self._figure(token, prefix)
            number = self.next(prefix)
            if i + 1 < len(self.tokens) and self.tokens[i + 1].type == "table_caption_open":
                _prefix_inline(self.tokens[i + 2], words.caption(prefix, number))
            return Target(label, number)
        if token.type == "fenced_div_open":
            return self._div(i, token, prefix)
        return None

    def _figure(self, token: Token, prefix: str) -> Target:
        """A figure (or a table or listing in a figure): numbered, or lettered under its
        parent when it is a subfigure."""
        label = self.words.prefixes[prefix]
        sub = token.meta.get("subfigure")
        if sub is not None:
            parent = self.targets.get(sub[0])
            return Target(label, f"{parent.number} ({sub[1]})" if parent else f"({sub[1]})")
        number = self.next(prefix)
        _prefix_inline(token.meta.get("caption"), self.words.caption(prefix, number))
        return Target(label, number)

    def _div(self, i: int, token: Token, prefix: str) -> Target | None:
        """A labelled callout ("Tip 1: …") or theorem-like div ("Theorem 1 (name)")."""
        callout = token.meta.get("callout")
        title = self.words.titles[prefix]
        if callout is not None and prefix in CALLOUT_PREFIXES:
            number = self.next(prefix)
            _title_callout(callout, f"{title}{_NBSP}{number}", self.words.delim)
            return Target(self.words.prefixes[prefix], number)
        if callout is None and prefix in THEOREM_PREFIXES:
            number = self.next(prefix)
            _title_theorem(token, self.tokens, i, f"{title}{_NBSP}{number}")
            return Target(self.words.prefixes[prefix], number)
        return None


def _ident(token: Token) -> str | None:
    """The cross-reference id a token carries (`#fig-x` on it, or on its div), if any."""
    ident = token.attrGet("id")
    if not isinstance(ident, str) or "-" not in ident:
        attrs = token.meta.get("attrs") if token.type == "fenced_div_open" else None
        ident = attrs.id if isinstance(attrs, DivAttributes) else None
    if not ident or "-" not in ident or ident.split("-", 1)[0] not in LABELS:
        return None
    return ident


def _title_callout(callout: Any, numbered: str, delim: str) -> None:
    """Quarto titles a labelled callout "Tip 1: its title", or "Tip 1" without one."""
    if callout.title is not None:
        _prefix_inline(callout.title, f"{numbered}{delim} ")
    elif callout.title_text:
        callout.title_text = f"{numbered}{delim} {callout.title_text}"
    else:
        callout.title_text = numbered


def _title_theorem(token: Token, tokens: Sequence[Token], i: int, numbered: str) -> None:
    """A theorem-like div opens with its bold title, "Theorem 1 (name)", as Quarto writes it;
    the name is a `name=` attribute or a heading first in the div (taken out)."""
    attrs: DivAttributes = token.meta["attrs"]
    name = attrs.get("name")
    if i + 3 < len(tokens) and tokens[i + 1].type == "heading_open":
        name = name or _inline_text(tokens[i + 2])
        for k in (i + 1, i + 2, i + 3):  # hide the heading: its text is in the title
            tokens[k].hidden = True
            if tokens[k].type == "inline":
                tokens[k].children = []
    token.meta["theorem_title"] = f"{numbered} ({name})" if name else numbered
    token.meta["attrs"] = DivAttributes(attrs.id, ("theorem", *attrs.classes), attrs.attributes)
    for k in range(i + 1, len(tokens)):
        if tokens[k].type == "inline" and tokens[k].children:
            strong = [
                Token("html_inline", "", 0, content='<span class="theorem-title"><strong>'),
                Token("text", "", 0, content=token.meta["theorem_title"]),
                Token("html_inline", "", 0, content="</strong></span> "),
            ]
            tokens[k].children = [*strong, *(tokens[k].children or [])]
            break


class _SectionNumbers:
    """Quarto's `number-sections`: 1, 1.1, ... counted from the document's highest heading
    level, skipping `.unnumbered` headings; the number is shown before the heading text."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open" and t.level == 0]
        self.top = min(levels, default=1)
        self.counters: list[int] = []
        self.numbers: dict[int, str] = {}
        self.index = {id(t): k for k, t in enumerate(tokens) if t.type == "heading_open"}

    def heading(self, token: Token, inline: Token) -> None:
        """Number a top-level heading and show its number."""
        classes = str(token.attrGet("class") or "").split()
        if token.level != 0 or "unnumbered" in classes:
            return
        depth = int(token.tag[1]) - self.top + 1
        self.counters = (self.counters + [0] * depth)[:depth]
        self.counters[-1] += 1
        number = ".".join(str(n) for n in self.counters)
        self.numbers[self.index[id(token)]] = number
        span = Token(
            "html_inline", "", 0, content=f'<span class="header-section-number">{number}</span> '
        )
        inline.children = [span, *(inline.children or [])]


def _equations(inline: Token, run: _Numbering) -> None:
    """`$$ … $$ {#eq-x}`: the label after display math numbers it."""
    children = inline.children or []
    for k, child in enumerate(children[:-1]):
        if child.type != "math_inline_double":
            continue
        after = children[k + 1]
        match = _EQ_LABEL.match(after.content) if after.type == "text" else None
        if match is None:
            if after.type == "text" and _COLON_LABEL.match(after.content):
                run.problems.append(_colon_label(_line_of(inline, children[: k + 1])))
            continue
        if match[1] in run.targets:  # a second use: its label taken out, the formula unnumbered
            after.content = after.content[match.end() :]
            run.duplicate(match[1], _line_of(inline, children[: k + 1]))
            continue
        number = run.next("eq")
        child.meta = {**(child.meta or {}), "eq": (match[1], number)}
        after.content = after.content[match.end() :]
        run.targets[match[1]] = Target(run.words.prefixes["eq"], number)


def _colon_label(line: int | None) -> Diagnostic:
    """A warning at a pandoc-crossref equation label, which Quarto shows as text."""
    return warning(
        "",
        line,
        "{#eq:…} is pandoc-crossref's label, not Quarto's: shown as text, as Quarto shows it",
        "label the equation {#eq-…} (with a hyphen), and refer to it as @eq-…",
    )


def _line_of(inline: Token, before: Sequence[Token]) -> int | None:
    """The body line where the last of an inline token's children `before` ends."""
    if not inline.map:
        return None
    breaks = sum(1 for c in before if c.type in ("softbreak", "hardbreak"))
    return inline.map[0] + breaks + sum(c.content.count("\n") for c in before)


def _check_refs(
    tokens: Sequence[Token], targets: dict[str, Target], problems: list[Diagnostic]
) -> None:
    """A warning at its line for each reference to an id the document does not have."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type != "xref":
                continue
            # Its words, for the summary and search, which read tokens' text.
            child.content = ", ".join(
                _ref_text(r, targets.get(r.ident)) for r in child.meta["refs"]
            )
            for ref in child.meta["refs"]:
                if ref.ident in targets:
                    continue
                line = None
                if token.map:
                    line = token.map[0] + token.content.count("\n", 0, child.meta["offset"])
                problems.append(
                    warning(
                        "",
                        line,
                        f"cross-reference @{ref.ident} points to nothing in this document",
                        f"label a figure, table, equation, section or callout {{#{ref.ident}}}",
                    )
                )


def render_xref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Each reference as a link to what it names ("Figure 1"), or `?@id` in bold as Quarto
    shows one that points to nothing."""
    targets: dict[str, Target] = env.get("xref_targets", {})
    words: Words | None = env.get("xref_words")
    parts = []
    for ref in tokens[idx].meta["refs"]:
        target = targets.get(ref.ident)
        if target is None:
            parts.append(f'<strong class="quarto-unresolved-ref">?@{escape(ref.ident)}</strong>')
        elif words is not None and not words.hyperlink:
            parts.append(escape(_ref_text(ref, target)))
        else:
            text = escape(_ref_text(ref, target))
            parts.append(f'<a href="#{escape(ref.ident)}" class="quarto-xref">{text}</a>')
    return ", ".join(parts)


def _ref_text(ref: Ref, target: Target | None) -> str:
    """What a reference reads as: "Figure 1", "Fig. 1", "1", a section's title, or `?@id`."""
    if target is None:
        return f"?@{ref.ident}"
    if not target.number:  # an unnumbered section is referred to by its title
        return target.title
    label = ref.custom or target.label
    if ref.capital:  # `@Fig-x`: the prefix capitalised, whatever its case
        label = label[:1].upper() + label[1:]
    return target.number if ref.minus else f"{label}{_NBSP}{target.number}"
