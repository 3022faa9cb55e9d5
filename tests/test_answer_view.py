"""The answer callout's summary tells its state instead of a generic "Expand" title."""

from __future__ import annotations

import pytest

from quizsite.answer_view import with_state

HEAD = (
    '<details id="answer" class="callout callout-note">\n<summary class="callout-header">'
    '<span class="callout-title"><span class="visually-hidden callout-kind">Note: </span>'
)
TAIL = '</span></summary>\n<div class="callout-body"><p>2</p></div></details>'
BOTH = (
    '<span class="answer-when-closed">Show the answer</span>'
    '<span class="answer-when-open" hidden>Hide the answer</span>'
)


@pytest.mark.parametrize(
    "title",
    [
        "Expand to see the answer",
        "Answer",
        "Solution",
        "Click here to reveal the answer",
        "Note",
        "Answer &amp; explanation",
        "<em>Show answer</em>",
    ],
)
def test_generic_titles_become_the_two_states(title: str) -> None:
    assert with_state(HEAD + title + TAIL) == HEAD + BOTH + TAIL


def test_an_own_title_stays_and_gains_the_state() -> None:
    html = with_state(HEAD + "Why the loss diverged" + TAIL)
    assert html == (
        HEAD + 'Why the loss diverged<span class="answer-state"> (<span class="answer-when-closed">'
        'show</span><span class="answer-when-open" hidden>hide</span>)</span>' + TAIL
    )


def test_a_block_without_a_summary_is_left_alone() -> None:
    block = '<div class="callout"><p>2</p></div>'
    assert with_state(block) == block
