"""The `{% cache %}` tag: a block's output reused for the same values, never for others."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import jinja2
import pytest
from conftest import quiz_text, write_tree
from markupsafe import Markup

from quizsite import fragments, templates
from quizsite.build import build
from quizsite.fragments import FragmentCache


@dataclass(frozen=True)
class Card:
    title: str
    tags: tuple[str, ...] = ()


def environment(templates: dict[str, str]) -> tuple[jinja2.Environment, list[object]]:
    """An environment like the site's (strict, autoescaping) with a `seen` global that
    records each time a block's body really runs."""
    env = jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        extensions=[FragmentCache],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    runs: list[object] = []

    def seen(value: object) -> str:
        runs.append(value)
        return ""

    env.globals["seen"] = seen
    return env, runs


MACROS = """{% macro card(c, heading) %}{% cache %}{{ seen(c.title) }}<{{ heading }}>{{ c.title }}\
</{{ heading }}>{% for t in c.tags %}[{{ t }}]{% endfor %}{% endcache %}{% endmacro %}"""
PAGE = "{% from 'macros.html' import card %}{% for c in cards %}{{ card(c, heading) }}{% endfor %}"


def test_a_block_runs_once_per_set_of_values_across_pages() -> None:
    env, runs = environment({"macros.html": MACROS, "page.html": PAGE})
    page = env.get_template("page.html")
    cards = [Card("A <b>", ("x", "y")), Card("B"), Card("A <b>", ("x", "y"))]
    expected = "<h2>A &lt;b&gt;</h2>[x][y]<h2>B</h2><h2>A &lt;b&gt;</h2>[x][y]"
    assert page.render(cards=cards, heading="h2") == expected
    assert runs == ["A <b>", "B"]  # the third card has the first one's values
    assert page.render(cards=[Card("B"), Card("A <b>", ("x", "y"))], heading="h2") == (
        "<h2>B</h2><h2>A &lt;b&gt;</h2>[x][y]"
    )
    assert runs == ["A <b>", "B"]  # another page, the same cards: nothing rendered again
    # Any value the block uses is part of its key: another heading, another tag.
    assert page.render(cards=[Card("B")], heading="h3") == "<h3>B</h3>"
    assert page.render(cards=[Card("A <b>", ("x",))], heading="h2") == "<h2>A &lt;b&gt;</h2>[x]"
    assert runs == ["A <b>", "B", "B", "A <b>"]


def test_a_block_using_the_loop_or_unhashable_values_runs_every_time() -> None:
    env, runs = environment(
        {
            "loop.html": "{% for c in cards %}{% cache %}{{ seen(1) }}{{ loop.index }}"
            "{{ c.title }}{% endcache %}{% endfor %}",
            "dict.html": "{% cache %}{{ seen(2) }}{{ d.k }}{% endcache %}",
        }
    )
    cards = [Card("a"), Card("a")]
    assert env.get_template("loop.html").render(cards=cards) == "1a2a"
    assert env.get_template("dict.html").render(d={"k": "v"}) == "v"
    assert env.get_template("dict.html").render(d={"k": "w"}) == "w"
    assert runs == [1, 1, 2, 2]


def test_equal_values_of_types_that_print_differently_are_told_apart() -> None:
    env, _ = environment({"page.html": "{% cache %}{{ value }}{% endcache %}"})
    page = env.get_template("page.html")
    outputs = [page.render(value=v) for v in (1, True, 1.0, "<b>", Markup("<b>"))]
    assert outputs == ["1", "True", "1.0", "&lt;b&gt;", "<b>"]


def test_a_missing_value_fails_as_it_would_outside_the_cache() -> None:
    env, _ = environment({"page.html": "{% cache %}{{ missing.title }}{% endcache %}"})
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        env.get_template("page.html").render()


def test_a_block_may_not_include_another_template() -> None:
    """What an included template shows is not named in the block: it cannot be keyed."""
    env, _ = environment({"page.html": "{% cache %}\n{% include 'x.html' %}{% endcache %}"})
    with pytest.raises(jinja2.TemplateSyntaxError, match="cannot hold") as raised:
        env.get_template("page.html")
    assert raised.value.lineno == 2


def test_the_default_theme_caches_cards_readings_and_feed_entries(tmp_path: Path) -> None:
    """A card shown on the home page and on its tag's page is rendered once."""
    root = write_tree(
        tmp_path,
        {f"content/posts/q{n}.qmd": quiz_text(f"Quiz {n}", slug=f"q{n}") for n in range(3)},
    )
    result = build(root)
    home = (result.output / "index.html").read_text()
    tag = (result.output / "tags/testing/index.html").read_text()
    card = home.split('<li><article class="post-card" data-slug="q1">')[1].split("</li>")[0]
    assert card in tag and "Quiz 1" in card


def test_a_build_with_the_cache_lets_its_fragments_go(tmp_path: Path) -> None:
    """A command-line build saves its state and ends: the fragments (and the views their keys
    hold) are let go before the state is pickled, the peak of a big build's memory."""
    root = write_tree(tmp_path, {"content/posts/q.qmd": quiz_text()})
    watched = build(root, tmp_path / "watched")  # as watch mode builds: fragments kept
    env = templates.environment(watched.state.config, watched.state.templates)
    kept = env.extensions["quizsite.fragments.FragmentCache"]
    assert isinstance(kept, FragmentCache) and kept.fragments
    build(root, cache=True)
    env = templates.environment(watched.state.config, watched.state.templates)
    assert env.extensions["quizsite.fragments.FragmentCache"].fragments == {}  # type: ignore[attr-defined]


def test_the_kept_fragments_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fragments of values that are gone (an edited post's old card) are never asked for
    again; past a bound the cache starts afresh rather than growing for ever."""
    monkeypatch.setattr(fragments, "FRAGMENT_LIMIT", 3)
    env, runs = environment({"page.html": "{% cache %}{{ seen(v) }}{{ v }}{% endcache %}"})
    page = env.get_template("page.html")
    kept = env.extensions["quizsite.fragments.FragmentCache"]
    assert isinstance(kept, FragmentCache)
    for value in range(7):
        assert page.render(v=value) == str(value)
        assert len(kept.fragments) <= 3
    assert page.render(v=6) == "6" and runs == list(range(7))  # the newest is still kept


@dataclass(frozen=True)
class Link:
    title: str
    number: object = 0
    inner: object = ()


@pytest.mark.parametrize(
    "value",
    [
        {"quizzes": (Link("a <b> & 'c'"), Link("é ☃", 1.5), Link("x", True, (Link("y"),)))},
        [Link("a"), {"b": [Link("c", None)], "a": 1}, "text", 2, None, [], {}],
        {"z": 1, "a": {"m": (1, 2), "b": Link("n", 1)}},
        {2: Link("number keys"), 1: None},  # keys not text: as json.dumps writes them
        Link("alone", inner=[1, 2]),  # a record holding a list cannot be a key
        "plain",
    ],
)
@pytest.mark.parametrize("indent", [None, 2])
def test_tojson_writes_what_json_dumps_writes(value: object, indent: int | None) -> None:
    env = jinja2.Environment(extensions=[FragmentCache], autoescape=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": vars}
    env.policies["json.dumps_function"] = env.extensions[FragmentCache.identifier].dumps  # type: ignore[attr-defined]
    plain = jinja2.Environment(autoescape=True)
    plain.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": vars}
    for _ in range(2):  # the second time from the kept records
        assert env.from_string("{{ v | tojson(indent) }}").render(v=value, indent=indent) == (
            plain.from_string("{{ v | tojson(indent) }}").render(v=value, indent=indent)
        )


def test_tojson_encodes_a_view_record_once_while_it_is_unchanged() -> None:
    """quizzes.json lists every quiz: after an edit, only the edited one's record is new."""
    env = jinja2.Environment(extensions=[FragmentCache])
    kept = env.extensions[FragmentCache.identifier]
    assert isinstance(kept, FragmentCache)
    encoded: list[object] = []

    def fields(record: object) -> dict[str, object]:
        encoded.append(record)
        return vars(record)

    records = [Link(f"quiz {n}") for n in range(5)]
    first = kept.dumps({"quizzes": records}, sort_keys=True, default=fields)
    assert encoded == records
    records[2] = Link("quiz 2, edited")
    second = kept.dumps({"quizzes": records}, sort_keys=True, default=fields)
    assert encoded[5:] == [records[2]]
    assert first.replace("quiz 2", "quiz 2, edited") == second


def test_tojson_gives_a_quiz_view_with_its_html_as_text(tmp_path: Path) -> None:
    """A theme may hand a whole view to a script: the blocks (kept as UTF-8) come out as the
    HTML they print, like every other `*_html` field."""
    root = write_tree(
        tmp_path / "site",
        {
            "content/posts/a-quiz.qmd": quiz_text(),
            "themes/default/templates/post.html": "{{ view.quiz | tojson }}\n",
        },
    )
    result = build(root)
    page = json.loads((result.output / "posts/a-quiz/index.html").read_text())
    assert page["answer_html"].startswith('<details id="answer"')
    assert page["question_html"] == "<p>Which option is right?</p>\n"
    assert page["between_html"] == ""
    assert [option["number"] for option in page["options"]] == [1, 2, 3]


class Teaser(NamedTuple):
    title: str
    link: object = None


def test_tojson_writes_a_named_tuple_record_as_an_object_of_its_fields() -> None:
    """Views are named tuples: a theme handing one to `tojson`, alone, in a list or inside a
    dataclass record, gets an object of its fields, never an array."""
    env = jinja2.Environment(extensions=[FragmentCache], autoescape=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": vars}
    env.policies["json.dumps_function"] = env.extensions[FragmentCache.identifier].dumps  # type: ignore[attr-defined]
    value = {"cards": [Teaser("a", Teaser("b")), Link("c", inner=Teaser("d"))], "pair": (1, 2)}
    expected = {
        "cards": [
            {"title": "a", "link": {"title": "b", "link": None}},
            {"title": "c", "number": 0, "inner": {"title": "d", "link": None}},
        ],
        "pair": [1, 2],
    }
    for indent in (None, 2, None):  # the last from the kept records
        text = env.from_string("{{ v | tojson(indent) }}").render(v=value, indent=indent)
        assert json.loads(text) == expected
