"""AMS environments latex2mathml misreads (`aligned`, `gathered`, `alignat`, …) come out as
tables, never as their ampersands and run-together lines."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import write_tree

from quizsite.build import build
from quizsite.markdown import tex_to_mathml
from quizsite.tex_environments import mend_environments

ROWS = r" a &= b + c \\ d &= e "


def _cells(mathml: str) -> list[str]:
    """Each table cell's alignment and text (the element names left out)."""
    cells = re.findall(r'<mtd(?: columnalign="(\w+)")?>(.*?)</mtd>', mathml)
    return [f"{align}:{html.unescape(re.sub(r'<[^>]+>', '', body))}" for align, body in cells]


@pytest.mark.parametrize(
    "opening, closing",
    [
        (r"\begin{aligned}", r"\end{aligned}"),
        (r"\begin{align}", r"\end{align}"),
        (r"\begin{aligned}[t]", r"\end{aligned}"),
        (r"\begin{alignedat}{2}", r"\end{alignedat}"),
        (r"\begin{alignat*}{2}", r"\end{alignat*}"),
        (r"\begin{flalign*}", r"\end{flalign*}"),
    ],
)
def test_aligned_rows_are_a_table_aligned_at_the_ampersand(opening: str, closing: str) -> None:
    mathml = tex_to_mathml(opening + ROWS + closing, True)
    assert mathml is not None
    assert "&amp;" not in mathml and "linebreak" not in mathml
    assert "(1)" not in mathml  # Quarto's MathJax numbers no line of an environment
    cells = [c for c in _cells(mathml) if c.split(":", 1)[1]]
    assert cells[0] == "right:a" and cells[-1].endswith("e")
    assert any(c.startswith("left:") and "b+c" in c for c in cells)


@pytest.mark.parametrize("name", ["gathered", "gather", "gather*", "multline*", "subarray"])
def test_lines_of_gathered_formulas_are_rows_of_one_column(name: str) -> None:
    argument = "{c}" if name == "subarray" else ""
    tex = rf"\begin{{{name}}}{argument} x + y \\ z \end{{{name}}}"
    mathml = tex_to_mathml(tex, True)
    assert mathml is not None
    assert mathml.count("<mtr>") == 2 and "linebreak" not in mathml
    assert ">c<" not in mathml  # the alignment argument is not text


def test_eqnarray_is_three_columns_right_centre_left() -> None:
    mathml = tex_to_mathml(r"\begin{eqnarray} a &=& b + c \\ d &\le& e \end{eqnarray}", True)
    assert mathml is not None and "&amp;" not in mathml
    assert _cells(mathml)[:3] == ["right:a", "center:=", "left:b+c"]


def test_dcases_and_rcases_put_their_brace_on_their_side() -> None:
    left = tex_to_mathml(r"\begin{dcases} 1 & x > 0 \\ 0 & x \le 0 \end{dcases}", True)
    right = tex_to_mathml(r"\begin{rcases} 1 & x > 0 \\ 0 & x \le 0 \end{rcases}", True)
    assert left is not None and right is not None
    assert "&amp;" not in left + right
    assert left.index("&#x0007B;") < left.index("<mtable")  # {
    assert right.index("&#x0007D;") > right.index("</mtable>")  # }


def test_a_group_opening_the_formula_is_the_formulas_own() -> None:
    assert mend_environments(r"\begin{aligned}{x} &= 1\end{aligned}") == (
        r"\begin{split}{x} &= 1\end{split}"
    )
    assert mend_environments(r"\begin{alignedat}{2} x &= 1\end{alignedat}") == (
        r"\begin{split} x &= 1\end{split}"
    )
    assert mend_environments(r"\begin{matrix} a \end{matrix}") == r"\begin{matrix} a \end{matrix}"


def test_a_post_with_an_aligned_derivation_shows_a_table(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "T"\nbase_url = "https://example.org/"\n',
            "content/posts/loss.md": (
                "---\ntitle: Loss\ndate: 2024-01-01\n---\n\n"
                "$$\n\\begin{aligned}\nL &= \\sum_i (y_i - \\hat y_i)^2 \\\\\n"
                "&= \\lVert y - \\hat y \\rVert^2\n\\end{aligned}\n$$\n"
            ),
        },
    )
    build(root, tmp_path / "out")
    page = (tmp_path / "out/posts/loss/index.html").read_text()
    formula = page[page.index("<math") : page.index("</math>")]
    assert "<mtable" in formula and formula.count("<mtr>") == 2
    assert "&amp;" not in formula and "aligned" not in page
