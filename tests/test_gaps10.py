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
from quizsite.builtin_shortcodes import QUARTO_VERSION, lipsum_paragraphs, lipsum_texts
from quizsite.markdown import markdown_parser


def _render(source: str, title: str = "Post") -> tuple[str, dict[str, Any]]:
    env: dict[str, Any] = {"front_matter": {"title": title}}
    return markdown_parser().render(source, env), env


def _warnings(env: dict[str, Any]) -> list[str]:
    return [d.message for d in env.get("shortcode_diagnostics", [])]


LIPSUM = list(lipsum_texts())


# --- 1. lipsum, placeholder, version ---------------------------------------------------------


def test_lipsum_alone_is_five_paragraphs() -> None:
    html, env = _render("{{< lipsum >}}\n")
    paragraphs = re.findall(r"<p>(.*?)</p>", html)
    assert paragraphs == LIPSUM[:5]
    assert paragraphs[0].startswith("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    assert "{{<" not in html and not _warnings(env)


def test_lipsum_counts_and_ranges_as_quarto() -> None:
    html, _ = _render("{{< lipsum 2 >}}\n")
    assert re.findall(r"<p>(.*?)</p>", html) == LIPSUM[:2]
    assert lipsum_paragraphs(["2-4"], {}, "") == LIPSUM[1:4]
    # A range starting higher counts down; indices wrap over all paragraphs but the last.
    assert lipsum_paragraphs(["3-1"], {}, "") == [LIPSUM[i] for i in (2, 1, 0)]
    assert lipsum_paragraphs(["16-18"], {}, "") == [LIPSUM[i] for i in (15, 0, 1)]


def test_lipsum_random_starts_somewhere_yet_builds_the_same_page() -> None:
    first, _ = _render("{{< lipsum 3 random=true >}}\n", title="A post")
    again, _ = _render("{{< lipsum 3 random=true >}}\n", title="A post")
    paragraphs = re.findall(r"<p>(.*?)</p>", first)
    assert first == again and len(paragraphs) == 3
    start = LIPSUM.index(paragraphs[0])
    assert paragraphs == [LIPSUM[(start + i) % 16] for i in range(3)]
    starts = {
        LIPSUM.index(
            re.findall(
                r"<p>(.*?)</p>", _render("{{< lipsum 1 random=true >}}\n", title=f"T{n}")[0]
            )[0]
        )
        for n in range(12)
    }
    assert len(starts) > 1


def test_lipsum_inside_a_sentence_joins_its_paragraphs_with_spaces() -> None:
    html, _ = _render("Before {{< lipsum 2 >}} after.\n")
    assert html == f"<p>Before {LIPSUM[0]} {LIPSUM[1]} after.</p>\n"


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
    assert f"<p>{LIPSUM[0]}</p>" in body
    assert '<img src="data:image/svg+xml;base64,' in body and "{{<" not in body
    assert not [w for w in result.warnings if "shortcode" in w.format()]


# --- 2. embeds of a .qmd's frozen output ------------------------------------------------------

OTHER_QMD = (
    "---\ntitle: Analysis\ndate: 2025-01-01\n---\n\n"
    "```{python}\n#| label: fig-line\n#| fig-cap: A rising line\nplt.plot([1, 2])\n```\n\n"
    "```{python}\n#| label: cell-total\nprint(1 + 2)\n```\n"
)
# Quarto's frozen Markdown of those cells: the figure's caption as the cell div's attribute,
# the labelled plain cell with its label as the div's id; code in `.cell-code` blocks.
OTHER_FROZEN = """\
---
title: Analysis
---

::: {#fig-line .cell fig-cap='A rising line' execution_count=1}

``` {.python .cell-code}
plt.plot([1, 2])
```

::: {.cell-output .cell-output-display}
![](other_files/figure-html/fig-line-output-1.png)
:::
:::

::: {#cell-total .cell execution_count=2}

``` {.python .cell-code}
print(1 + 2)
```

::: {.cell-output .cell-output-stdout}
```
3
```
:::
:::
"""


def _frozen_blog(root: Path, post: str, frozen: str = OTHER_FROZEN, qmd: str = OTHER_QMD) -> Path:
    """A blog whose `posts/a/other.qmd` has frozen output (of OTHER_QMD: `qmd` may differ)."""
    import hashlib

    from notebook_fixtures import PNG

    digest = hashlib.md5(OTHER_QMD.encode()).hexdigest()
    result = {"hash": digest, "result": {"markdown": frozen}}
    folder = "_freeze/posts/a/other"
    return quarto_blog(
        root,
        {
            "posts/a/other.qmd": qmd,
            "posts/a/index.qmd": post,
            f"{folder}/execute-results/html.json": json.dumps(result),
            f"{folder}/figure-html/fig-line-output-1.png": PNG,
            f"{folder}/figure-html/unused.png": PNG,
        },
    )


def test_an_embedded_frozen_figure_shows_its_output_and_caption(tmp_path: Path) -> None:
    post = "---\ntitle: Emb\ndate: 2025-01-02\n---\n\nIntro.\n\n{{< embed other.qmd#fig-line >}}\n"
    blog = _frozen_blog(tmp_path / "blog", post)
    result = build(blog, blog / "site")
    body = post_body(blog / "site/posts/a/index.html")
    figure = re.search(r'<figure id="fig-line"[^>]*>(.*?)</figure>', body, re.DOTALL)
    assert figure, body
    assert 'src="index-embed-other_files/figure-html/fig-line-output-1.png"' in figure[1]
    assert "A rising line</figcaption>" in figure[1]
    assert "plt.plot" not in body and "{{<" not in body and "<p></p>" not in body
    published = blog / "site/posts/a/index-embed-other_files/figure-html"
    assert (published / "fig-line-output-1.png").is_file()
    assert not (published / "unused.png").exists()
    assert not [w.format() for w in result.warnings if "embed" in w.format()]


def test_an_embedded_frozen_cell_by_label_and_its_code_with_echo(tmp_path: Path) -> None:
    post = (
        "---\ntitle: Emb\ndate: 2025-01-02\n---\n\n{{< embed other.qmd#cell-total >}}\n\n"
        "Then with code:\n\n{{< embed other.qmd#cell-total echo=true >}}\n"
    )
    blog = _frozen_blog(tmp_path / "blog", post)
    build(blog, blog / "site")
    body = post_body(blog / "site/posts/a/index.html")
    first, second = body.split("Then with code:")
    assert "3" in first and "print(1 + 2)" not in first
    assert "print" in second and "3\n" in second


def test_a_knitr_frozen_figure_labelled_on_its_image_is_embedded(tmp_path: Path) -> None:
    frozen = (
        "---\ntitle: Analysis\n---\n\n::: {.cell}\n\n```{.r .cell-code}\nplot(1:2)\n```\n\n"
        "::: {.cell-output-display}\n"
        "![A rising line](other_files/figure-html/fig-line-output-1.png){#fig-line width=672}\n"
        ":::\n:::\n"
    )
    post = "---\ntitle: Emb\ndate: 2025-01-02\n---\n\n{{< embed other.qmd#fig-line >}}\n"
    blog = _frozen_blog(tmp_path / "blog", post, frozen)
    build(blog, blog / "site")
    body = post_body(blog / "site/posts/a/index.html")
    assert re.search(r'<figure id="fig-line"', body) and "A rising line</figcaption>" in body
    assert "plot(1:2)" not in body


def test_an_embed_of_a_missing_frozen_cell_or_a_changed_document_is_a_warning(
    tmp_path: Path,
) -> None:
    post = "---\ntitle: Emb\ndate: 2025-01-02\n---\n\n{{< embed other.qmd#fig-nope >}}\n"
    blog = _frozen_blog(tmp_path / "blog", post)
    warnings = [w.format() for w in build(blog, blog / "site").warnings]
    assert any(
        "posts/a/index.qmd:6" in w and "no cell 'fig-nope' in its frozen output" in w
        for w in warnings
    ), warnings
    post = "---\ntitle: Emb\ndate: 2025-01-02\n---\n\n{{< embed other.qmd#fig-line >}}\n"
    blog = _frozen_blog(tmp_path / "blog2", post, qmd=OTHER_QMD + "\nEdited.\n")
    result = build(blog, blog / "site")
    assert any("changed since its output was frozen" in w.format() for w in result.warnings)
    assert "A rising line" in post_body(blog / "site/posts/a/index.html")


# --- 3. a fenced div opener without its closer ------------------------------------------------


def _quarto_render(source: str) -> tuple[str, list[str]]:
    env: dict[str, Any] = {"quarto_document": True}
    html = markdown_parser().render(source, env)
    return html, [d.message for d in env.get("fenced_div_diagnostics", {}).values()]


def test_an_unclosed_opener_is_the_text_pandoc_shows_with_a_warning() -> None:
    """Pandoc takes no div without its closer (its `divFenced` backtracks): the opener's line
    is read as a paragraph's text, and the blocks after it as usual."""
    html, warnings = _quarto_render(":::Note]\n\nUse `--dry-run`.\n\n## Rollback\n")
    assert html.startswith("<p>:::Note]</p>\n<p>Use <code>")
    assert '<h2 id="rollback">Rollback</h2>' in html
    assert warnings == ["unclosed fenced div opened here: Pandoc shows its line as text"]


def test_an_unclosed_opener_joins_the_paragraph_around_it() -> None:
    html, warnings = _quarto_render("Before\n::: {.callout-note}\nafter\n")
    assert html == "<p>Before\n::: {.callout-note}\nafter</p>\n"
    assert len(warnings) == 1


def test_an_outer_opener_left_without_closer_by_an_inner_div_is_text() -> None:
    """The inner opener takes the one `:::`; the outer then has none, and is text."""
    html, warnings = _quarto_render("::: {.callout-note}\n:::Note]\ntext\n:::\n")
    assert html == '<p>::: {.callout-note}</p>\n<div class="Note]">\n<p>text</p>\n</div>\n'
    assert len(warnings) == 1


def test_an_unclosed_opener_on_a_built_page_is_text_and_a_warning_at_its_line(
    tmp_path: Path,
) -> None:
    blog = quarto_blog(
        tmp_path / "blog",
        {"posts/a.qmd": "---\ntitle: A\ndate: 2025-01-01\n---\n\nIntro.\n\n:::Note]\n\nBody.\n"},
    )
    result = build(blog, blog / "site")
    body = post_body(blog / "site/posts/a.html")
    assert "<p>:::Note]</p>" in body and "<p>Body.</p>" in body
    assert any(
        w.format().startswith("posts/a.qmd:8: warning: unclosed fenced div")
        for w in result.warnings
    )


def test_an_embedded_frozen_figure_is_numbered_with_the_pages_and_cross_referenced(
    tmp_path: Path,
) -> None:
    """As in Quarto, the embedded figure is one of the page's: numbered after the page's own
    figure, and `@fig-line` links to it."""
    post = (
        "---\ntitle: Emb\ndate: 2025-01-02\n---\n\nSee @fig-line.\n\n"
        "![Own plot](own.png){#fig-own}\n\n{{< embed other.qmd#fig-line >}}\n"
    )
    blog = _frozen_blog(tmp_path / "blog", post)
    (blog / "posts/a/own.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = build(blog, blog / "site")
    body = post_body(blog / "site/posts/a/index.html")
    assert '<a href="#fig-line" class="quarto-xref">Figure\u00a02</a>' in body
    assert "Figure\u00a02: A rising line</figcaption>" in body
    assert "Figure\u00a01: Own plot</figcaption>" in body
    assert not [w.format() for w in result.warnings if "posts/a/index.qmd" in w.format()]
