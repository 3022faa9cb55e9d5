"""Quarto's cross-reference wording options and labelled R chunks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write_tree

from quizsite.build import build
from quizsite.crossref_words import PROJECT_KEY, numeral
from quizsite.markdown import markdown_parser
from quizsite.shortcodes import META_KEY

DOC = """\
![A cat](cat.png){#fig-cat}

| a |
|---|
| 1 |

: Numbers {#tbl-n}

$$ x = 1 $$ {#eq-x}

See @fig-cat, @Fig-cat, [-@fig-cat], @tbl-n and @eq-x.
"""


def _render(meta: dict[str, Any], project: dict[str, Any] | None = None) -> str:
    env: dict[str, Any] = {META_KEY: meta}
    if project is not None:
        env[PROJECT_KEY] = lambda: project
    return str(markdown_parser().render(DOC, env))


def test_english_words_without_options() -> None:
    html = _render({})
    assert "<figcaption>Figure\u00a01: A cat</figcaption>" in html
    assert "<caption>Table\u00a01: Numbers</caption>" in html
    assert '<a href="#eq-x" class="quarto-xref">Equation\u00a01</a>' in html


def test_titles_prefixes_and_delimiter_from_crossref_options() -> None:
    html = _render(
        {
            "crossref": {
                "fig-title": "Fig",
                "tbl-title": "Tbl",
                "title-delim": "—",
                "fig-prefix": "figure",
                "eq-prefix": "Eq.",
            }
        }
    )
    assert "<figcaption>Fig\u00a01— A cat</figcaption>" in html
    assert "<caption>Tbl\u00a01— Numbers</caption>" in html
    assert '<a href="#fig-cat" class="quarto-xref">figure\u00a01</a>' in html
    # `@Fig-x` capitalises the prefix; a table's prefix follows its title unless given.
    assert '<a href="#fig-cat" class="quarto-xref">Figure\u00a01</a>' in html
    assert '<a href="#tbl-n" class="quarto-xref">Tbl\u00a01</a>' in html
    assert '<a href="#eq-x" class="quarto-xref">Eq.\u00a01</a>' in html


def test_numbering_schemes_and_unlinked_references() -> None:
    html = _render(
        {"crossref": {"labels": "roman i", "tbl-labels": "alpha A", "ref-hyperlink": False}}
    )
    assert "<figcaption>Figure\u00a0i: A cat</figcaption>" in html
    assert "<caption>Table\u00a0A: Numbers</caption>" in html
    assert "See Figure\u00a0i, Figure\u00a0i, i, Table\u00a0A and Equation\u00a0i." in html
    assert 'class="quarto-xref"' not in html


def test_lang_gives_quarto_s_translations_and_language_keys_override() -> None:
    html = _render({"lang": "de"})
    assert "<figcaption>Schaubild\u00a01: A cat</figcaption>" in html
    assert '<a href="#eq-x" class="quarto-xref">Gleichung\u00a01</a>' in html
    html = _render({"lang": "es", "language": {"crossref-fig-title": "Imagen"}})
    assert "<figcaption>Imagen\u00a01: A cat</figcaption>" in html
    assert "<caption>Tabla\u00a01: Numbers</caption>" in html


def test_project_options_apply_under_the_document_s() -> None:
    project = {"crossref": {"fig-title": "Plate", "tbl-title": "Chart"}, "lang": "fr"}
    html = _render({"crossref": {"tbl-title": "Tableau"}}, project)
    assert "<figcaption>Plate\u00a01: A cat</figcaption>" in html
    assert "<caption>Tableau\u00a01: Numbers</caption>" in html
    assert '<a href="#eq-x" class="quarto-xref">Équation\u00a01</a>' in html


def test_numerals() -> None:
    assert [numeral(n, "roman") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert [numeral(n, "alpha a") for n in (1, 2, 26, 27)] == ["a", "b", "z", "27"]
    assert numeral(3, "alpha x") == "z"
    assert numeral(3, "arabic") == "3"


def test_subfigures_follow_subref_labels() -> None:
    text = "::: {#fig-both layout-ncol=2}\n![Left](a.png){#fig-a}\n\n![Right](b.png){#fig-b}\n\nBoth\n:::\n\nSee @fig-b.\n"
    env: dict[str, Any] = {META_KEY: {"crossref": {"subref-labels": "roman i"}}}
    html = str(markdown_parser().render(text, env))
    assert "(ii) Right" in html
    assert '<a href="#fig-b" class="quarto-xref">Figure\u00a01 (ii)</a>' in html


def test_r_chunk_labels_make_cross_referenceable_figures() -> None:
    text = (
        '```{r fig-scatter, fig.cap="A scatter plot"}\nplot(x)\n```\n\n'
        '```{r}\n#| label: fig-hist\n#| fig-cap: "A histogram"\nhist(x)\n```\n\n'
        "See @fig-scatter and @fig-hist.\n"
    )
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(text, env)
    html = markdown_parser().renderer.render(tokens, markdown_parser().options, env)
    assert '<a href="#fig-scatter" class="quarto-xref">Figure\u00a01</a>' in html
    assert '<a href="#fig-hist" class="quarto-xref">Figure\u00a02</a>' in html
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.meta["xref_caption_prefix"] for t in fences] == ["Figure\u00a01: ", "Figure\u00a02: "]
    assert not env.get("quarto_diagnostics")


def test_a_quarto_blog_s_crossref_options_reach_its_posts(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: B\ncrossref:\n  fig-title: Plate\n",
            "index.qmd": "---\ntitle: B\nlisting:\n  contents: posts\n---\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\n![Cat](cat.png){#fig-c}\n\nSee @fig-c.\n",
            "posts/a/cat.png": "png",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    page = next(out.rglob("a/index.html")).read_text()
    assert "Plate\u00a01: Cat" in page


CHAPTERS = """\
![Before any chapter](a.png){#fig-a}

# One

![First](b.png){#fig-b}

$$ x $$ {#eq-x}

# Aside {.unnumbered}

![Still one](c.png){#fig-c}

# Two

![Third](d.png){#fig-d}

| x |
|---|
| 1 |

: Numbers {#tbl-n}

See @fig-a, @fig-c, @fig-d, @tbl-n and @eq-x.
"""


def test_chapters_number_within_each_top_level_section() -> None:
    """`crossref: chapters: true`: Figure 2.1 in the second `#` section, counted again from 1
    in each; an unnumbered heading starts none; before the first, plain numbers."""
    env: dict[str, Any] = {META_KEY: {"crossref": {"chapters": True}}}
    html = str(markdown_parser().render(CHAPTERS, env))
    for caption in ("Figure\u00a01: Before", "Figure\u00a01.1: First", "Figure\u00a01.2: Still"):
        assert f"<figcaption>{caption}" in html
    assert "<figcaption>Figure\u00a02.1: Third</figcaption>" in html
    assert "<caption>Table\u00a02.1: Numbers</caption>" in html
    assert '<span class="equation-number">(1.1)</span>' in html
    assert (
        "See Figure\u00a01, Figure\u00a01.2, Figure\u00a02.1, Table\u00a02.1 and Equation\u00a01.1."
        in (_text(html))
    )
    env = {META_KEY: {"crossref": {"chapters": True, "chapters-alpha": True, "labels": "roman i"}}}
    html = str(markdown_parser().render(CHAPTERS, env))
    assert "<figcaption>Figure\u00a0B.i: Third</figcaption>" in html


def test_chapters_need_level_one_headings() -> None:
    """Quarto numbers by chapter only when the document's headings start at `#`."""
    text = CHAPTERS.replace("# ", "## ")
    html = str(markdown_parser().render(text, {META_KEY: {"crossref": {"chapters": True}}}))
    assert "<figcaption>Figure\u00a04: Third</figcaption>" in html


def _text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html)
