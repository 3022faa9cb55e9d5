"""Limits on operators as TeX (and MathJax, Quarto's math) places them, for latex2mathml:

- `\\limits` puts an operator's scripts under and over it in inline math too
  (`\\sum\\limits_{i=1}^n`), `\\nolimits` beside it in display math too, `\\displaylimits`
  under and over in display math only. latex2mathml reads a control word right after a
  command (`\\sum\\limits_i`) but not after anything else (`\\mathbb{E}\\limits_x` failed, and
  the formula showed as TeX), nor one after the scripts (`\\sum_i^n\\limits`) or with no
  script (`\\sum\\limits x` wrote an empty element), nor `\\displaylimits` at all. Here each
  goes right after its operator, which is made an operator with `\\mathop` when it is not a
  plain command; one with no script is dropped, as it changes nothing.
- In display math, TeX puts the scripts of `\\lim`, `\\max`, `\\bigcup` and the like, of
  `\\mathop` and of starred operator names under and over them; latex2mathml put them beside
  (it does so only for `\\sum` and `\\prod`).
- `\\operatorname{arg\\,min}` (a name holding more than letters) read as an empty operator and
  italic letters: it is `\\mathop{\\mathrm{arg\\,min}}`, scripts beside unless starred.

After conversion, an operator made with `\\mathop` (latex2mathml writes an `<mo>` holding
elements, which MathML does not allow) is its content, and one given limits by `\\limits`
keeps them in text style, as TeX does (`movablelimits="false"`).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

# The patterns are compiled on first use (through re's cache), not on import: most builds
# hold no formula that needs them.
_CONTROL = r"\\(no|display)?limits(?![A-Za-z])"
# A name of letters is read by latex2mathml; any other is made an operator here.
_OPERATOR_NAME = r"\\operatorname(\*?)\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
# Operators whose scripts go under and over in display math and beside in text (TeX's
# `\displaylimits`), which latex2mathml sets beside; the words are made starred names so
# that latex2mathml marks them as moving to the side in text style.
_DISPLAY_LIMITS = (
    r"\\(?:(lim|max|min|sup|inf)|(limsup|liminf|det|Pr|gcd|coprod|injlim|projlim"
    r"|big(?:cup|cap|sqcup|vee|wedge|odot|otimes|oplus|uplus))|(mathop\s*\{(?:[^{}]|\{[^{}]*\})*\}"
    r"|operatorname\*\s*\{[A-Za-z ]*\}|operatornamewithlimits\s*\{[A-Za-z ]*\}))"
    r"(?![A-Za-z])(?=\s*[_^])"
)
# Commands whose one braced argument is part of the operator they make (`\mathbb{E}`).
_ONE_ARGUMENT = frozenset(
    [
        "mathbb",
        "mathrm",
        "mathcal",
        "mathbf",
        "mathit",
        "mathsf",
        "mathtt",
        "mathfrak",
        "mathscr",
        "boldsymbol",
        "bm",
        "text",
        "textrm",
        "textbf",
        "operatorname",
        "operatorname*",
        "mathop",
        "operatornamewithlimits",
    ]
)
# What latex2mathml reads as an operator a control may follow.
_READ_AS_OPERATOR = (
    r"\\[A-Za-z]+|\\mathop\s*\{[\s\S]*\}|\\operatorname(?:\*|withlimits)?\s*\{[A-Za-z ]*\}"
)
_UNDER_OVER = frozenset(("munder", "mover", "munderover"))
# What a formula holds when this module may change it: looked for before any pattern is
# compiled (most formulas hold none of them).
_MARKS = (
    "limits", "\\operatorname", "\\mathop", "\\lim", "\\max", "\\min", "\\sup", "\\inf",
    "\\det", "\\Pr", "\\gcd", "\\coprod", "\\big",
)  # fmt: skip


def may_place(tex: str) -> bool:
    """Whether `tex` may hold an operator or control `place_limits` changes."""
    return "\\" in tex and any(mark in tex for mark in _MARKS)


def place_limits(tex: str, display: bool) -> str:
    """`tex` with its limits controls and operators written as latex2mathml reads them."""
    tex = re.sub(_OPERATOR_NAME, _operator_name, tex)
    if display:
        tex = re.sub(_DISPLAY_LIMITS, _display_limits, tex)
    at = 0
    while (found := re.compile(_CONTROL).search(tex, at)) is not None:
        tex, at = _place(tex, found, display)
    return tex


def _operator_name(found: re.Match[str]) -> str:
    """`\\operatorname{…}` of more than letters as an operator latex2mathml reads."""
    if re.fullmatch(r"[A-Za-z ]+", found[2]):
        return found[0]
    return f"\\mathop{{\\mathrm{{{found[2]}}}}}" + ("\\displaylimits" if found[1] else "\\nolimits")


def _display_limits(found: re.Match[str]) -> str:
    """An operator with display limits followed by scripts, given `\\limits` unless it has
    a control of its own (the scripts come after it)."""
    if found[1]:
        return f"\\operatorname*{{{found[1]}}}\\displaylimits"
    return found[0] + "\\displaylimits"


def _place(tex: str, found: re.Match[str], display: bool) -> tuple[str, int]:
    """`tex` with the control `found` placed after its operator, or dropped; and where to
    look for the next."""
    after = _skip_space(tex, found.end())
    limits = found[1] != "no" and (found[1] != "display" or display)
    if re.compile(_CONTROL).match(tex, after) or (found[1] == "display" and not display):
        return tex[: found.start()] + tex[after:], found.start()  # the last control counts
    scripts = _scripts_start(tex, found.start())
    if scripts == found.start() and (after >= len(tex) or tex[after] not in "_^"):
        return tex[: found.start()] + " " + tex[found.end() :], found.start()  # no script
    base = _atom_start(tex, _skip_space_back(tex, scripts))
    operator = tex[base:scripts].rstrip()
    # An explicit `\limits` is marked by `\mathop` (mend_operators keeps its limits in text
    # style); any other control needs one only where latex2mathml reads no operator.
    wrap = found[1] is None or not re.fullmatch(_READ_AS_OPERATOR, operator)
    if wrap and not operator.startswith("\\mathop"):
        operator = f"\\mathop{{{operator}}}"
    control = "\\limits" if limits else "\\nolimits"
    placed = operator + control + tex[scripts : found.start()]
    return tex[:base] + placed + tex[found.end() :], base + len(placed)


def _scripts_start(tex: str, end: int) -> int:
    """Where the scripts (`_{i=1}^n`) right before `end` start (`end` when there are none)."""
    start = end
    while True:
        at = _skip_space_back(tex, start)
        if at == 0:
            return start
        atom = _atom_start(tex, at)
        mark = _skip_space_back(tex, atom)
        if mark == 0 or tex[mark - 1] not in "_^" or atom == at:
            return start
        start = mark - 1


def _atom_start(tex: str, end: int) -> int:
    """Where the atom ending at `end` starts: a braced group with the command taking it, a
    command, or one character (`end` when there is none)."""
    if end == 0:
        return end
    last = tex[end - 1]
    if last == "}":
        start = _group_start(tex, end - 1)
        command = re.search(r"\\([A-Za-z]+\*?)\s*$", tex[max(0, start - 40) : start])
        if command and command[1] in _ONE_ARGUMENT:
            return start - len(command[0])
        return start
    if last.isalpha():
        letters = re.search(r"\\?[A-Za-z]+$", tex[max(0, end - 40) : end])
        word = letters[0] if letters else last
        return end - (len(word) if word.startswith("\\") else 1)
    return end - 2 if end >= 2 and tex[end - 2] == "\\" else end - 1


def _group_start(tex: str, close: int) -> int:
    """The `{` matching the `}` at `close` (an escaped brace is not one)."""
    depth = 0
    for at in range(close, -1, -1):
        if at > 0 and tex[at - 1] == "\\":
            continue
        depth += {"}": 1, "{": -1}.get(tex[at], 0)
        if depth == 0:
            return at
    return close


def _skip_space(tex: str, at: int) -> int:
    """The first index at or after `at` that is not white space."""
    while at < len(tex) and tex[at].isspace():
        at += 1
    return at


def _skip_space_back(tex: str, at: int) -> int:
    """The index after the last character before `at` that is not white space."""
    while at > 0 and tex[at - 1].isspace():
        at -= 1
    return at


def mend_operators(root: Element) -> None:
    """Each `\\mathop` operator (an `<mo>` holding elements) replaced by its content; one
    given limits keeps them in text style."""
    for parent in root.iter():
        for index, child in enumerate(parent):
            if child.tag != "mo" or len(child) == 0:
                continue
            core = child[0] if len(child) == 1 else child
            while core.tag == "mrow" and len(core) == 1:
                core = core[0]
            if core is child:
                core = Element("mrow")
                core.extend(list(child))
            if parent.tag in _UNDER_OVER and index == 0 and core.tag == "mo":
                core.set("movablelimits", "false")
            parent[index] = core
