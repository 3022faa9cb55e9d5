"""The keyed block tokenizer: each rule is skipped only at lines where it could not start, and
the output is markdown-it's own, character for character."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock

from quizsite import block_keys
from quizsite.block_keys import TRIGGERS, KeyedBlock
from quizsite.markdown import markdown_parser

FIXTURES = Path(__file__).parent / "fixtures"
# A line starting with each trigger character and more, in the syntax each rule reads and
# around it (unclosed and stray divs, bad grid tables: rules that report before refusing).
SAMPLE = """\
Text with: a colon - and $x$ and [a link](u).

    indented code

- item
+ item
* item

1. item
2) item

> quote

# Heading {#h}

Setext
======

***

___

---

::: {.callout-note}
Inside.
:::

:::

```{python}
print(1)
```

~~~
tilde
~~~

```{.r code-summary="Source of `f()`"}
x
```

$$
x^2
$$

$$ y $$ {#eq-y}

| line block
|   indented

+---+---+
| a | b |
+===+===+
| c | d |
+---+---+

+---+
| bad grid
+-+

[^1]: A footnote.

[ref]: https://example.com "Title"

[not a ref

<div class="x">

<!-- comment -->

\\begin{align}
a &= b
\\end{align}

\\newcommand{\\R}{\\mathbb{R}}

Term
: Definition
~ Another

a | b
--|--
1 | 2

-------  ------
 Simple  Table
-------  ------

(a) fancy
(b) fancy

A. fancy

#. fancy

= equals

% percent

@ at

{ brace

! bang

::: {.unclosed}
"""


def _calls_outside_triggers(name: str, text: str, silent: bool) -> None:
    """Call the rule at every line whose first character is not one of its triggers."""
    md = markdown_parser()
    rule = next(r.fn for r in md.block.ruler.__rules__ if r.name == name)
    probe = StateBlock(text, md, {}, [])
    for line in range(probe.lineMax):
        at = probe.bMarks[line] + probe.tShift[line]
        if at >= probe.eMarks[line] or text[at] in TRIGGERS[name]:
            continue
        env: dict[str, object] = {}
        state = StateBlock(text, md, env, [])
        state.line = line
        assert not rule(state, line, state.lineMax, silent), (name, line, text[at : at + 20])
        assert (state.line, state.tokens, env) == (line, [], {}), (name, line)


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_a_rule_is_skipped_only_where_it_cannot_start(name: str) -> None:
    md = markdown_parser()
    assert name in {r.name for r in md.block.ruler.__rules__}, "a trigger for no rule"
    for silent in (False, True):
        _calls_outside_triggers(name, SAMPLE, silent)


def test_the_sample_starts_lines_with_every_trigger() -> None:
    starts = {line.lstrip()[:1] for line in SAMPLE.splitlines()}
    triggers = {"1" if char.isdigit() else char for char in "".join(TRIGGERS.values())}
    assert triggers <= starts


def _parse_with(cls: type[ParserBlock], text: str) -> tuple[str, list[object]]:
    """The HTML and the env of rendering `text` with the block tokenizer `cls`."""
    md = markdown_parser()
    md.block.__class__ = cls
    try:
        env: dict[str, object] = {}
        html = md.render(text, env)
        return html, sorted(map(repr, copy.deepcopy(env).items()))
    finally:
        md.block.__class__ = KeyedBlock


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.name)
def test_the_keyed_tokenizer_renders_as_markdown_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _parse_with(KeyedBlock, text) == _parse_with(ParserBlock, text)


def test_the_keyed_tokenizer_renders_the_sample_as_markdown_it() -> None:
    keyed = _parse_with(KeyedBlock, SAMPLE)
    assert '<div class="line-block">' in keyed[0] and "<dl>" in keyed[0]
    assert keyed == _parse_with(ParserBlock, SAMPLE)


def test_a_rule_added_later_is_tried_everywhere() -> None:
    md = MarkdownIt("commonmark")
    md.block.__class__ = KeyedBlock
    text = "plain\n\n:colon\n\n#hash, no heading\n\n# Heading\n"
    md.parse(text)  # the table of rules made before the rule is added
    seen: list[int] = []

    def spy(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        seen.append(start)
        return False

    md.block.ruler.before("paragraph", "spy", spy)
    md.parse(text)
    assert seen == [0, 2, 4]  # not at the heading: the heading rule takes it first


def test_the_parser_uses_the_keyed_tokenizer() -> None:
    assert isinstance(markdown_parser().block, KeyedBlock)


def _render_gated(text: str, gated: bool) -> tuple[str, list[object]]:
    """The HTML and the env of rendering `text`, with the rules its text rules out left out
    (`gated`) or with every rule tried as markdown-it tries them."""
    saved = block_keys._ALL_GATES
    block_keys._ALL_GATES = saved if gated else ()
    try:
        env: dict[str, object] = {}
        html = markdown_parser().render(text, env)
        return html, sorted(map(repr, copy.deepcopy(env).items()))
    finally:
        block_keys._ALL_GATES = saved


# Syntax the sample writes once only, in its longer forms.
_SHORT_FORMS = "a  b\n--  --\n1  2\n\nTerm\n\n~ Definition\n\n> Term\n> : Definition\n"


def _pieces(text: str) -> list[str]:
    """A text, and each of its blank-line-separated parts and pairs of parts: most of them
    lack the marks of most gated rules."""
    parts = text.split("\n\n")
    return [text, *parts, *("\n\n".join(parts[k : k + 2]) for k in range(len(parts)))]


@pytest.mark.parametrize(
    "path", [None, *sorted(FIXTURES.glob("*.md"))], ids=lambda p: p.name if p else "sample"
)
def test_rules_left_out_for_a_source_change_nothing(path: Path | None) -> None:
    text = SAMPLE if path is None else path.read_text(encoding="utf-8")
    for piece in _pieces(text) + _pieces(_SHORT_FORMS):
        assert _render_gated(piece, True) == _render_gated(piece, False), piece[:200]


def test_a_gated_rule_matches_only_where_its_source_holds_its_mark() -> None:
    md = markdown_parser()
    texts = [piece for path in FIXTURES.glob("*.md") for piece in path.read_text().split("\n\n")]
    for name, gate in block_keys.GATES.items():
        rule = next(r.fn for r in md.block.ruler.__rules__ if r.name == name)
        for text in texts + _pieces(SAMPLE) + _pieces(_SHORT_FORMS):
            if gate(text):
                continue
            for silent in (True, False):
                state = StateBlock(text, md, {}, [])
                for line in range(state.lineMax):
                    assert not rule(state, line, state.lineMax, silent), (name, text[:80])


def test_a_plain_post_tries_none_of_the_gated_rules() -> None:
    md = markdown_parser()
    names = {rule.fn: rule.name for rule in md.block.ruler.__rules__}
    by_char, anywhere, chains = md.block._tables_for("Plain text: a colon, a - hyphen.\n")
    tried = {*anywhere, *(fn for rules in by_char.values() for fn in rules)}
    tried |= {fn for rules in chains.values() for fn in rules}
    assert not {names.get(fn) for fn in tried} & set(block_keys.GATES)
    lheading = next(r.fn for r in md.block.ruler.__rules__ if r.name == "lheading")
    assert lheading not in tried and lheading.__wrapped__ in anywhere  # type: ignore[attr-defined]
    # With the marks, every rule is tried (and the wrapper, not the rule it wraps).
    by_char, anywhere, chains = md.block._tables_for(SAMPLE)
    assert lheading in anywhere and "deflist" in {names.get(fn) for fn in anywhere}


def test_the_ruler_keeps_its_own_chains_once_a_source_is_read() -> None:
    md = markdown_parser()
    md.render("+---+\n| a |\n+---+\n\n<div>\n\n*x*\n\n</div>\n\nText\n")
    cache = md.block.ruler.__cache__
    assert cache is not None and type(cache) is dict  # not a source's chains


def test_the_tables_for_a_kind_of_source_are_made_once() -> None:
    md = markdown_parser()
    md.block.ruler.__cache__ = None  # as after a rule is added: compiled on the next parse
    md.parse("A first post.\n")
    assert type(md.block.ruler.__cache__) is dict
    tables = md.block._tables
    md.parse("Another post, of the same kind.\n")
    assert md.block._tables is tables and len(tables) == 1
