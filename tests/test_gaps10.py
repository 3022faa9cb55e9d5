"""Quarto features real blogs use that quizsite warned of and left out: the built-in
`lipsum`, `placeholder` and `version` shortcodes, embeds of a `.qmd`'s frozen cell outputs, and
a fenced div opener Pandoc does not read as one."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from conftest import post_body, quarto_blog

from quizsite.build import build
from quizsite.builtin_shortcodes import QUARTO_VERSION, lipsum_paragraphs
from quizsite.markdown import markdown_parser


def _render(source: str, title: str = "Post") -> tuple[str, dict[str, Any]]:
    env: dict[str, Any] = {"front_matter": {"title": title}}
    return markdown_parser().render(source, env), env


def _warnings(env: dict[str, Any]) -> list[str]:
    return [d.message for d in env.get("shortcode_diagnostics", [])]


QUARTO_LIPSUM = json.loads(
    (Path(__file__).parents[1] / "src/quizsite/lipsum.json").read_text(encoding="utf-8")
)


# --- 1. lipsum, placeholder, version ---------------------------------------------------------


def test_lipsum_alone_is_five_paragraphs_of_quartos_text() -> None:
    html, env = _render("{{< lipsum >}}\n")
    paragraphs = re.findall(r"<p>(.*?)</p>", html)
    assert paragraphs == QUARTO_LIPSUM[:5]
    assert paragraphs[0].startswith("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    assert "{{<" not in html and not _warnings(env)


def test_lipsum_counts_and_ranges_as_quarto() -> None:
    html, _ = _render("{{< lipsum 2 >}}\n")
    assert re.findall(r"<p>(.*?)</p>", html) == QUARTO_LIPSUM[:2]
    assert lipsum_paragraphs(["2-4"], {}, "") == QUARTO_LIPSUM[1:4]
    # A range starting higher counts down; indices wrap over all paragraphs but the last.
    assert lipsum_paragraphs(["3-1"], {}, "") == [QUARTO_LIPSUM[i] for i in (2, 1, 0)]
    assert lipsum_paragraphs(["16-18"], {}, "") == [QUARTO_LIPSUM[i] for i in (15, 0, 1)]


def test_lipsum_random_starts_somewhere_yet_builds_the_same_page() -> None:
    first, _ = _render("{{< lipsum 3 random=true >}}\n", title="A post")
    again, _ = _render("{{< lipsum 3 random=true >}}\n", title="A post")
    paragraphs = re.findall(r"<p>(.*?)</p>", first)
    assert first == again and len(paragraphs) == 3
    start = QUARTO_LIPSUM.index(paragraphs[0])
    assert paragraphs == [QUARTO_LIPSUM[(start + i) % 16] for i in range(3)]
    starts = {
        QUARTO_LIPSUM.index(
            re.findall(
                r"<p>(.*?)</p>", _render("{{< lipsum 1 random=true >}}\n", title=f"T{n}")[0]
            )[0]
        )
        for n in range(12)
    }
    assert len(starts) > 1


def test_lipsum_inside_a_sentence_joins_its_paragraphs_with_spaces() -> None:
    html, _ = _render("Before {{< lipsum 2 >}} after.\n")
    assert html == f"<p>Before {QUARTO_LIPSUM[0]} {QUARTO_LIPSUM[1]} after.</p>\n"


def test_placeholder_is_quartos_grey_box_of_that_size() -> None:
    html, env = _render("{{< placeholder 600 400 format=svg >}}\n")
    found = re.fullmatch(r'<p><img src="data:image/svg\+xml;base64,([^"]+)" alt="" /></p>\n', html)
    assert found, html
    svg = base64.b64decode(found[1]).decode()
    assert 'width = "600" height = "400"' in svg and 'viewBox = "0 0 600 400"' in svg
    assert 'fill = "#ddd"' in svg and 'font-size = "40"' in svg and ">600 x 400</text>" in svg
    assert not _warnings(env)


def test_placeholder_defaults_to_a_100_square_and_a_width_alone_is_square() -> None:
    for source, size in (
        ("{{< placeholder >}}", "100 x 100"),
        ("{{< placeholder 250 >}}", "250 x 250"),
    ):
        html, _ = _render(f"Inline {source} here.\n")
        data = re.search(r'base64,([^"]+)"', html)
        assert data and f">{size}</text>" in base64.b64decode(data[1]).decode()
        assert html.startswith("<p>Inline <img ")


def test_version_prints_the_quarto_version_quizsite_follows() -> None:
    html, env = _render("Made with Quarto {{< version >}}.\n")
    assert html == f"<p>Made with Quarto {QUARTO_VERSION}.</p>\n"
    assert re.fullmatch(r"1\.\d+\.\d+", QUARTO_VERSION) and not _warnings(env)


def test_built_in_shortcodes_on_a_built_page_without_warnings(tmp_path: Path) -> None:
    blog = quarto_blog(
        tmp_path / "blog",
        {
            "posts/demo/index.qmd": "---\ntitle: Demo\ndate: 2025-01-01\n---\n\n"
            "Quarto {{< version >}}.\n\n{{< lipsum 1 >}}\n\n{{< placeholder 300 200 format=svg >}}\n",
        },
    )
    result = build(blog, blog / "site")
    body = post_body(blog / "site/posts/demo/index.html")
    assert f"Quarto {QUARTO_VERSION}." in body
    assert f"<p>{QUARTO_LIPSUM[0]}</p>" in body
    assert '<img src="data:image/svg+xml;base64,' in body and "{{<" not in body
    assert not [w for w in result.warnings if "shortcode" in w.format()]
