"""Figures and tables from code cells as Quarto numbers them (issue 21): a notebook's stored
plot, a cell run at build time and an R chunk labelled in its header become "Figure N", and
`@fig-x` links to them."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from conftest import write_tree
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_fixtures import PNG, TABLE, write_notebook

from quizsite.build import build


def _png_output() -> object:
    return new_output(
        "display_data",
        data={"image/png": base64.b64encode(PNG).decode(), "text/plain": "<Figure>"},
    )


def _body(html: str) -> str:
    return html[html.index('class="post-body"') :]


def test_a_notebook_figure_is_numbered_and_referenced(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Curves\ndate: 2024-04-01\n---"),
            new_markdown_cell("@fig-loss shows the loss; @fig-acc the accuracy."),
            new_code_cell(
                "#| label: fig-loss\n#| fig-cap: Training *loss*\nplot(loss)",
                outputs=[_png_output()],
            ),
            new_code_cell(
                "#| label: fig-acc\n#| fig-cap: Accuracy\n#| fig-alt: A rising line\nplot(acc)",
                outputs=[_png_output()],
            ),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/curves.ipynb", notebook)
    result = build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/curves/index.html").read_text())
    assert not [w for w in result.warnings if "cross-reference" in w.message]
    assert '<a href="#fig-loss" class="quarto-xref">Figure\u00a01</a>' in html
    assert '<a href="#fig-acc" class="quarto-xref">Figure\u00a02</a>' in html
    loss = re.search(r'<figure id="fig-loss"[^>]*>(.*?)</figure>', html, re.DOTALL)
    assert loss is not None
    assert 'src="curves_files/figure-html/cell-3-output-1.png"' in loss.group(1)
    assert "<figcaption>Figure\u00a01: Training <em>loss</em></figcaption>" in loss.group(1)
    acc = re.search(r'<figure id="fig-acc"[^>]*>(.*?)</figure>', html, re.DOTALL)
    assert acc is not None and "Figure\u00a02: Accuracy" in acc.group(1)
    assert 'alt="A rising line"' in acc.group(1)
    assert html.count('id="fig-loss"') == 1  # the figure holds the id, not the cell too


def test_a_labelled_table_cell_is_captioned_above(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Tables\ndate: 2024-04-01\n---"),
            new_code_cell(
                "#| label: tbl-loss\n#| tbl-cap: Loss by epoch\ndf",
                outputs=[
                    new_output("execute_result", data={"text/html": TABLE}, execution_count=1)
                ],
            ),
            new_markdown_cell("As @tbl-loss shows."),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/tables.ipynb", notebook)
    build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/tables/index.html").read_text())
    table = re.search(r'<figure id="tbl-loss"[^>]*>(.*?)</figure>', html, re.DOTALL)
    assert table is not None
    inner = table.group(1)
    assert inner.index("<figcaption>Table\u00a01: Loss by epoch</figcaption>") < inner.index(
        'class="dataframe"'
    )
    assert '<a href="#tbl-loss" class="quarto-xref">Table\u00a01</a>' in html


def test_subcaptions_letter_each_image_of_a_figure_cell(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Two\ndate: 2024-04-01\n---"),
            new_code_cell(
                '#| label: fig-pair\n#| fig-cap: Both curves\n#| fig-subcap: ["Train", "Test"]\n'
                "#| layout-ncol: 2\nplot(); plot()",
                outputs=[_png_output(), _png_output()],
            ),
            new_markdown_cell("The test loss is @fig-pair-2."),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/two.ipynb", notebook)
    build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/two/index.html").read_text())
    assert '<figure id="fig-pair-1" class="quarto-subfigure">' in html
    assert "<figcaption>(a) Train</figcaption>" in html
    assert "<figcaption>(b) Test</figcaption>" in html
    assert "<figcaption>Figure\u00a01: Both curves</figcaption>" in html
    assert '<a href="#fig-pair-2" class="quarto-xref">Figure\u00a01 (b)</a>' in html
    # layout-ncol: 2 puts both images in one row of two cells.
    row = html[html.index('<div class="quarto-layout-row">') : html.index("Figure\u00a01: Both")]
    assert row.count('class="quarto-layout-row"') == 1
    assert row.count('class="quarto-layout-cell"') == 2 and row.count("<img") == 2


def test_an_unlabelled_caption_stays_unnumbered(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Plain\ndate: 2024-04-01\n---"),
            new_code_cell("#| fig-cap: Just a plot\nplot()", outputs=[_png_output()]),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/plain.ipynb", notebook)
    build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/plain/index.html").read_text())
    assert "<figcaption>Just a plot</figcaption>" in html
    assert "Figure\u00a0" not in html


R_POST = """\
---
title: "Knitr labels"
date: 2024-03-01
---

See @fig-scatter.

```{r fig-scatter, fig.cap="Weight against height"}
plot(height, weight)
```
"""


def test_an_r_chunk_label_in_its_header_is_a_figure_label(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: R\n",
            "posts/knitr/index.qmd": R_POST,
        },
    )
    result = build(root, tmp_path / "out")
    assert not [w for w in result.warnings if "cross-reference" in w.message]
    html = _body((tmp_path / "out/posts/knitr/index.html").read_text())
    assert '<a href="#fig-scatter" class="quarto-xref">Figure\u00a01</a>' in html
    # knitr cannot run here: the code is shown, and the reference lands on it.
    assert '<div class="cell" id="fig-scatter">' in html


EXECUTED = """\
---
title: "A plotted run"
date: 2024-03-02
---

As @fig-pixel shows, one pixel.

```{{python}}
#| label: fig-pixel
#| fig-cap: "One pixel"
{code}
```
"""


def test_an_executed_cell_figure_is_numbered(tmp_path: Path) -> None:
    code = (
        "from IPython.display import Image, display\nimport base64\n"
        f"display(Image(data=base64.b64decode({base64.b64encode(PNG).decode()!r})))"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": "execute_timeout = 30\n",
            "content/posts/run.qmd": EXECUTED.format(code=code),
        },
    )
    build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/run/index.html").read_text())
    assert '<a href="#fig-pixel" class="quarto-xref">Figure\u00a01</a>' in html
    figure = re.search(r'<figure id="fig-pixel"[^>]*>(.*?)</figure>', html, re.DOTALL)
    assert figure is not None
    assert 'src="run_files/figure-html/cell-1-output-1.png"' in figure.group(1)
    assert "<figcaption>Figure\u00a01: One pixel</figcaption>" in figure.group(1)


FROZEN_POST = """\
---
title: "Frozen floats"
date: 2024-03-05
---

Text.
"""
# Quarto's frozen Markdown of labelled cells: the table's caption as the div's attribute, each
# plot of a two-plot figure in its own output div, and a code block showing such a div.
FROZEN_MARKDOWN = """\
---
title: Frozen floats
---

See @tbl-scores, @fig-pair-1 and @fig-pair-2.

````markdown
::: {#tbl-fake .cell tbl-cap='Not a table'}
:::
````

::: {#tbl-scores .cell tbl-cap='Scores by *epoch*'}

```{.python .cell-code}
show_scores()
```

::: {.cell-output-display}

| epoch | score |
|------:|------:|
|     1 |   0.5 |

:::
:::

::: {#fig-pair .cell layout-ncol="2"}

::: {.cell-output .cell-output-display}
![Train](index_files/figure-html/fig-pair-output-1.png){#fig-pair-1}
:::

::: {.cell-output .cell-output-display}
![Test](index_files/figure-html/fig-pair-output-2.png){#fig-pair-2}
:::

Both losses
:::
"""


def test_frozen_labelled_cells_are_numbered_floats(tmp_path: Path) -> None:
    import hashlib
    import json

    result = {
        "hash": hashlib.md5(FROZEN_POST.encode()).hexdigest(),
        "result": {"markdown": FROZEN_MARKDOWN},
    }
    folder = "_freeze/posts/floats/index"
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: F\n",
            "posts/floats/index.qmd": FROZEN_POST,
            f"{folder}/execute-results/html.json": json.dumps(result),
            f"{folder}/figure-html/fig-pair-output-1.png": PNG,
            f"{folder}/figure-html/fig-pair-output-2.png": PNG,
        },
    )
    built = build(root, tmp_path / "out")
    assert not [w for w in built.warnings if "cross-reference" in w.message]
    html = _body((tmp_path / "out/posts/floats/index.html").read_text())
    assert "<figcaption>Table\u00a01: Scores by <em>epoch</em></figcaption>" in html
    assert '<a href="#tbl-scores" class="quarto-xref">Table\u00a01</a>' in html
    assert "<figcaption>(a) Train</figcaption>" in html
    assert "<figcaption>(b) Test</figcaption>" in html
    assert "<figcaption>Figure\u00a01: Both losses</figcaption>" in html
    assert '<a href="#fig-pair-2" class="quarto-xref">Figure\u00a01 (b)</a>' in html
    # The div shown in a code block stays code: no caption, no number.
    assert "Not a table" in html and "Table\u00a02" not in html


def _markdown_table(text: str) -> object:
    return new_output("display_data", data={"text/markdown": text, "text/plain": text})


def test_table_subcaptions_letter_each_output_of_a_table_cell(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Two tables\ndate: 2024-04-01\n---"),
            new_code_cell(
                '#| label: tbl-example\n#| tbl-cap: Example\n#| tbl-subcap: ["MPG", "Taxis"]\n'
                "#| layout-ncol: 2\ndisplay(a); display(b)",
                outputs=[
                    _markdown_table("| mpg |\n|---|\n| 21 |"),
                    _markdown_table("| fare |\n|---|\n| 7 |"),
                ],
            ),
            new_code_cell(
                "#| label: tbl-bare\n#| tbl-cap: Letters alone\n#| tbl-subcap: true\nshow()",
                outputs=[
                    _markdown_table("| x |\n|---|\n| 1 |"),
                    _markdown_table("| y |\n|---|\n| 2 |"),
                ],
            ),
            new_markdown_cell("Taxis in @tbl-example-2; the second bare one is @tbl-bare-2."),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/two.ipynb", notebook)
    result = build(root, tmp_path / "out")
    assert not [w for w in result.warnings if "cross-reference" in w.message]
    html = _body((tmp_path / "out/posts/two/index.html").read_text())
    inner = html[html.index('<figure id="tbl-example"') : html.index('<figure id="tbl-bare"')]
    assert inner.index("<figcaption>Table\u00a01: Example</figcaption>") < inner.index("(a) MPG")
    sub = re.search(r'<figure id="tbl-example-2"[^>]*><figcaption>(.*?)</figcaption>', inner)
    assert sub is not None and sub.group(1) == "(b) Taxis"
    assert inner.index("(b) Taxis") < inner.index("<th>fare</th>")
    assert inner.count('class="quarto-layout-cell"') == 2  # side by side
    assert (
        '<figure id="tbl-bare-1" class="quarto-subfigure quarto-caption-top"><figcaption>(a)</figcaption>'
        in html
    )
    assert '<a href="#tbl-example-2" class="quarto-xref">Table\u00a01 (b)</a>' in html
    assert '<a href="#tbl-bare-2" class="quarto-xref">Table\u00a02 (b)</a>' in html


def test_subref_labels_letter_cell_subfigures_in_their_scheme(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell(
                "---\ntitle: Roman\ndate: 2024-04-01\ncrossref:\n  subref-labels: roman i\n---"
            ),
            new_code_cell(
                "#| label: fig-pair\n#| fig-cap: Both\n#| fig-subcap: true\nplot(); plot()",
                outputs=[_png_output(), _png_output()],
            ),
            new_markdown_cell("See @fig-pair-2."),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/roman.ipynb", notebook)
    build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/roman/index.html").read_text())
    assert "<figcaption>(i)</figcaption>" in html and "<figcaption>(ii)</figcaption>" in html
    assert '<a href="#fig-pair-2" class="quarto-xref">Figure\u00a01 (ii)</a>' in html


def test_cell_figures_take_fig_align_and_caption_locations(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell(
                "---\ntitle: Placed\ndate: 2024-04-01\nfig-cap-location: margin\n"
                "tbl-cap-location: bottom\n---"
            ),
            new_code_cell(
                "#| label: fig-left\n#| fig-cap: Left\n#| fig-align: left\n"
                "#| fig-cap-location: top\nplot()",
                outputs=[_png_output()],
            ),
            new_code_cell(
                "#| label: fig-doc\n#| fig-cap: By the document\n#| fig-align: right\nplot()",
                outputs=[_png_output()],
            ),
            new_code_cell(
                "#| label: tbl-below\n#| tbl-cap: Below\ndf",
                outputs=[
                    new_output("execute_result", data={"text/html": TABLE}, execution_count=1)
                ],
            ),
            new_code_cell(
                "#| label: fig-any\n#| fig-cap: Anywhere\n#| cap-location: bottom\n"
                "#| fig-align: default\nplot()",
                outputs=[_png_output()],
            ),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/placed.ipynb", notebook)
    build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/placed/index.html").read_text())

    def figure(ident: str) -> tuple[str, str]:
        found = re.search(rf'<figure id="{ident}" class="([^"]*)">(.*?)</figure>', html, re.DOTALL)
        assert found is not None, ident
        return found.group(1), found.group(2)

    classes, inner = figure("fig-left")
    assert classes == "quarto-figure quarto-figure-left quarto-caption-top"
    assert inner.index("<figcaption>") < inner.index("<img")
    classes, inner = figure("fig-doc")
    assert classes == "quarto-figure quarto-figure-right quarto-caption-margin"
    assert inner.index("<img") < inner.index("<figcaption>")
    classes, inner = figure("tbl-below")
    assert classes == "quarto-figure quarto-figure-center"
    assert inner.index('class="dataframe"') < inner.index("<figcaption>")
    classes, _inner = figure("fig-any")  # the cell's cap-location over the document's
    assert classes == "quarto-figure quarto-figure-center"


def test_fig_align_moves_the_images_of_an_unlabelled_cell(tmp_path: Path) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell("---\ntitle: Aligned\ndate: 2024-04-01\nfig-align: right\n---"),
            new_code_cell("#| fig-cap: A plot\nplot()", outputs=[_png_output()]),
            new_code_cell("#| fig-align: left\nplot()", outputs=[_png_output()]),
            new_code_cell("#| fig-align: center\nplot()", outputs=[_png_output()]),
        ]
    )
    root = tmp_path / "site"
    write_notebook(root / "content/posts/aligned.ipynb", notebook)
    build(root, tmp_path / "out")
    html = _body((tmp_path / "out/posts/aligned/index.html").read_text())
    displays = re.findall(r'<div class="cell-output cell-output-display([^"]*)">', html)
    assert displays == [
        " quarto-figure quarto-figure-right",  # the document's
        " quarto-figure quarto-figure-left",  # the cell's own
        "",  # centred, as by default
    ]
