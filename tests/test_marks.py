"""`marks.holds` answers as `in` does, whichever of the mark's characters it looks for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizsite.marks import holds

_TEXT = st.text(alphabet="{<}=!-[]`ab \n", max_size=40)


@given(_TEXT, st.text(alphabet="{<}=!-[]`ab", min_size=1, max_size=5), st.data())
def test_holds_answers_as_in(text: str, mark: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(mark) - 1))
    assert holds(text, mark, at) == (mark in text)


def test_holds_finds_a_mark_at_either_end() -> None:
    assert holds("{{< x >}}", "{{<") and holds("a src=", "src=", 3)
    assert holds("src=b", "src=", 3) and not holds("rc=", "src=", 3)
    assert not holds("{ {<", "{{<") and not holds("", "![")
