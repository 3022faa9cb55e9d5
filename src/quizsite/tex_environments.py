"""AMS environments latex2mathml misreads, rewritten as ones it lays out the same way.

latex2mathml reads `align*`, `split`, `cases`, `array` and the matrices as tables, but takes the
`&` and `\\\\` of `aligned`, `gathered`, `alignat`, `gather`, `multline`, `flalign`,
`eqnarray` and `dcases` for text: a formula showed its ampersands and ran its lines together.
Each is written here as the environment of the same layout it does read: `aligned` as `split`
(columns aligned right, left, right, …), `gather` as a centred one-column array, `eqnarray` as
an `rcl` array, `dcases`/`rcases` as cases with the brace on its side. And `align` as `align*`:
latex2mathml numbers its lines, which Quarto's MathJax does not.
"""

from __future__ import annotations

import re

_NAMES = r"(align|aligned|alignedat|gathered|alignat\*?|gather\*?|multline\*?|flalign\*?|eqnarray\*?|dcases|rcases|subarray)"
# Compiled through re's cache on first use: most formulas hold no environment. The optional
# groups: a vertical position (`aligned[t]`), and a braced group, which is the column count
# or alignment of those that take one (`alignedat{2}`, `subarray{c}`) and the formula's own
# start in the others.
_BEGIN = r"\\begin\s*\{" + _NAMES + r"\}(\s*\[[tbc]\])?(\s*\{[^{}]*\})?"
_END = r"\\end\s*\{" + _NAMES + r"\}"
_COUNTED = frozenset({"alignedat", "alignat", "alignat*", "subarray"})

# What each environment opens and closes as. None is numbered line by line: Quarto's MathJax
# numbers no environment's lines (its `tags` are `none`), where latex2mathml numbers `align`'s;
# a block's own `{#eq-…}` label numbers it whole.
_AS: dict[str, tuple[str, str]] = {
    "align": (r"\begin{align*}", r"\end{align*}"),
    "aligned": (r"\begin{split}", r"\end{split}"),
    "alignedat": (r"\begin{split}", r"\end{split}"),
    "alignat": (r"\begin{align*}", r"\end{align*}"),
    "alignat*": (r"\begin{align*}", r"\end{align*}"),
    "flalign": (r"\begin{align*}", r"\end{align*}"),
    "flalign*": (r"\begin{align*}", r"\end{align*}"),
    "gathered": (r"\begin{array}{c}", r"\end{array}"),
    "gather": (r"\begin{array}{c}", r"\end{array}"),
    "gather*": (r"\begin{array}{c}", r"\end{array}"),
    "multline": (r"\begin{array}{c}", r"\end{array}"),
    "multline*": (r"\begin{array}{c}", r"\end{array}"),
    "eqnarray": (r"\begin{array}{rcl}", r"\end{array}"),
    "eqnarray*": (r"\begin{array}{rcl}", r"\end{array}"),
    "dcases": (r"\begin{cases}", r"\end{cases}"),
    "rcases": (r"\left.\begin{array}{ll}", r"\end{array}\right\}"),
    "subarray": (r"\begin{array}{c}", r"\end{array}"),
}


def mend_environments(tex: str) -> str:
    """`tex` with each environment latex2mathml misreads written as one it reads."""
    if "\\begin" not in tex:
        return tex
    tex = re.sub(_BEGIN, _opening, tex)
    return re.sub(_END, lambda m: _AS[m.group(1)][1], tex)


def _opening(match: re.Match[str]) -> str:
    """The rewritten opening: a position or column count dropped, the formula's own group kept."""
    name = match.group(1)
    return _AS[name][0] + ("" if name in _COUNTED else (match.group(3) or ""))
