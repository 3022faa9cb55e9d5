"""The keyed inline tokenizer: each rule is skipped only where it could not start, and the
output is markdown-it's own, character for character."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline

from quizsite.citeproc_glue import CITATIONS_KEY
from quizsite.inline_keys import TRIGGERS, KeyedInline
from quizsite.markdown import markdown_parser

FIXTURES = Path(__file__).parent / "fixtures"
# Every trigger character and more, in and around the syntax each rule reads.
SAMPLE = (
    "Text - with: hyphens = signs + plus % and #. [link](u) ![img](i.png){width=50%} "
    "[span]{.smallcaps} `code`{=html} $x^2$ $$y$$ ~sub~ ^sup^ ~~del~~ *em* _em_ **b** "
    "<b>html</b> <https://a.b> &amp; &#35; \\* footnote^[inline] [^1] @fig-a [@fig-a; @tbl-b] "
    "@doe [see @doe, p. 3] {{< kbd Ctrl >}} {{{< x >}}} a@b.c\nnext line  \nhard"
)


def _outside_triggers_never_match(name: str, text: str, env: dict[str, Any]) -> None:
    """Call the rule at every position whose character is not one of its triggers."""
    md = markdown_parser()
    rule = next(r.fn for r in md.inline.ruler.__rules__ if r.name == name)
    for pos, char in enumerate(text):
        if char in TRIGGERS[name]:
            continue
        state = StateInline(text, md, dict(env), [])
        state.pos = pos
        assert not rule(state, False), (name, pos, text[pos : pos + 20])
        assert state.pos == pos


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_a_rule_is_skipped_only_where_it_cannot_start(name: str) -> None:
    md = markdown_parser()
    assert name in {r.name for r in md.inline.ruler.__rules__}, "a trigger for no rule"
    env = {CITATIONS_KEY: object(), "footnotes": {"refs": {":1": 0}, "list": {}}}
    _outside_triggers_never_match(name, SAMPLE, env)


def _render_with(cls: type[ParserInline], text: str) -> str:
    md = markdown_parser()
    md.inline.__class__ = cls
    try:
        return md.render(text, {})
    finally:
        md.inline.__class__ = KeyedInline


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.name)
def test_the_keyed_tokenizer_renders_as_markdown_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _render_with(KeyedInline, text) == _render_with(ParserInline, text)


def test_the_keyed_tokenizer_renders_the_sample_as_markdown_it() -> None:
    keyed = _render_with(KeyedInline, SAMPLE)
    assert "<sub>sub</sub>" in keyed and "<sup>sup</sup>" in keyed
    assert keyed == _render_with(ParserInline, SAMPLE)


def test_the_parser_uses_the_keyed_tokenizer() -> None:
    assert isinstance(markdown_parser().inline, KeyedInline)
