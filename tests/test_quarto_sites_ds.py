"""Shapes of real data-science and academic Quarto websites (found building public ones):
each fixture is written here, in its own words, reproducing one thing such a site does."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import write_tree
from notebook_fixtures import PNG

from quizsite.build import build

WEBSITE_YML = "project:\n  type: website\nwebsite:\n  title: Course notes\n"
CHAPTER = """\
---
title: "Chapter 3: priors"
---

We draw a curve.

```{r}
#| label: prior-curve
curve(dbeta(x, 2, 5))
```
"""
FROZEN_CHAPTER = """
We draw a curve.

::: {.cell}

```{.r .cell-code}
curve(dbeta(x, 2, 5))
```

::: {.cell-output-display}
![](ch03_files/figure-html/prior-curve-1.png){width=672}
:::
:::
"""


def test_a_quarto_website_without_posts_folder_builds_every_document_as_a_page(
    tmp_path: Path,
) -> None:
    """A notebook or personal site (`_quarto.yml`, documents in topic folders, no `posts/`)
    is a Quarto project: each document at Quarto's URL, not "no content/ folder"."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": WEBSITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n\nWelcome.\n",
            "bayes/ch01.qmd": "---\ntitle: One\n---\n\nFirst chapter.\n",
            "blog/2023/first-note/index.qmd": "---\ntitle: A note\ndate: 2023-05-01\n---\n\nHi.\n",
        },
    )
    build(root, tmp_path / "out")
    assert "First chapter." in (tmp_path / "out/bayes/ch01.html").read_text()
    assert "Hi." in (tmp_path / "out/blog/2023/first-note/index.html").read_text()
    assert "Welcome." in (tmp_path / "out/index.html").read_text()


def test_frozen_figures_of_a_page_outside_posts_are_published_beside_it(tmp_path: Path) -> None:
    """A page's frozen output refers to `<stem>_files/figure-html/...`, kept under `_freeze/`:
    the figures are published beside the page, as they are for a post."""
    result = {
        "hash": hashlib.md5(CHAPTER.encode()).hexdigest(),
        "result": {"markdown": "---\ntitle: x\n---\n" + FROZEN_CHAPTER},
    }
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": WEBSITE_YML,
            "posts/hello/index.qmd": "---\ntitle: Hello\ndate: 2024-01-01\n---\n\nHi.\n",
            "notes/ch03.qmd": CHAPTER,
            "_freeze/notes/ch03/execute-results/html.json": json.dumps(result),
            "_freeze/notes/ch03/figure-html/prior-curve-1.png": PNG,
        },
    )
    build(root, tmp_path / "out")
    html = (tmp_path / "out/notes/ch03.html").read_text()
    assert 'src="ch03_files/figure-html/prior-curve-1.png"' in html
    assert (tmp_path / "out/notes/ch03_files/figure-html/prior-curve-1.png").read_bytes() == PNG


KNITR_POST = """\
---
title: "Colours"
date: 2021-02-01
---

Some setup.

<details><summary>Show the code</summary>

```{r show palette}
scales::show_col(1:4)
```

</details>
"""
KNITR_FROZEN = """
Some setup.

<details><summary>Show the code</summary>
::: {.cell fig.dim='[8,6]'}

```{.r .cell-code}
scales::show_col(1:4)
```

::: {.cell-output-display}
![](index_files/figure-html/show palette-1.png){width=672}
:::
:::

</details>
"""


def knitr_blog(root: Path) -> Path:
    """A Quarto blog with one knitr post frozen as Quarto writes it: a cell under a
    `<details>` line, an attribute key with a dot, a figure named after a label with spaces."""
    result = {
        "hash": hashlib.md5(KNITR_POST.encode()).hexdigest(),
        "result": {"markdown": "---\ntitle: x\n---\n" + KNITR_FROZEN},
    }
    folder = "_freeze/posts/colours/index"
    return write_tree(
        root,
        {
            "_quarto.yml": WEBSITE_YML,
            "posts/colours/index.qmd": KNITR_POST,
            f"{folder}/execute-results/html.json": json.dumps(result),
            f"{folder}/figure-html/show palette-1.png": PNG,
        },
    )


def test_a_knitr_cell_right_under_a_details_line_is_a_cell_not_text(tmp_path: Path) -> None:
    """Pandoc reads the line after `<details><summary>…</summary>` as Markdown: the fenced
    div it opens spans blank lines, which a CommonMark HTML block would cut it at."""
    build(knitr_blog(tmp_path / "blog"), tmp_path / "out")
    html = (tmp_path / "out/posts/colours/index.html").read_text()
    body = html[html.index("Some setup.") :]
    assert ":::" not in body and "fig.dim='" not in body
    assert '<div class="cell" data-fig.dim="[8,6]">' in body
    assert body.index("<details>") < body.index('class="cell"') < body.index("</details>")


def test_a_frozen_figure_named_with_spaces_is_an_image(tmp_path: Path) -> None:
    """knitr names a figure after its chunk label, spaces and all; Pandoc reads such a path."""
    build(knitr_blog(tmp_path / "blog"), tmp_path / "out")
    html = (tmp_path / "out/posts/colours/index.html").read_text()
    assert '<img src="index_files/figure-html/show%20palette-1.png"' in html
    assert "{width=672}" not in html
    figure = tmp_path / "out/posts/colours/index_files/figure-html/show palette-1.png"
    assert figure.read_bytes() == PNG


def test_a_quarto_website_with_a_content_folder_of_its_own_is_still_quarto(
    tmp_path: Path,
) -> None:
    """`content/` in a Quarto site is the author's (files it links to), not quizsite's
    layout: without `quizsite.toml` its documents are published, none lost."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": WEBSITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n\nWelcome.\n",
            "content/slides.pdf": b"%PDF-1.4",
            "blog/2022-06-28-a-tool/index.qmd": "---\ntitle: A tool\n---\n\nIt renders.\n",
        },
    )
    result = build(root, tmp_path / "out")
    assert "It renders." in (tmp_path / "out/blog/2022-06-28-a-tool/index.html").read_text()
    assert result.pages >= 2


def test_raw_html_in_a_code_span_over_lines_is_html_not_text() -> None:
    """knitr writes `` `<aside>`` … ``</aside>`{=html} `` over several lines; a block tag on
    one of them (`<center>`) does not end the paragraph in Pandoc (only `<div>` does)."""
    from fixture_file import render

    html = render("Intro.\n\n`<aside>\n<center>\n<b>Key</b>\n</center>\n</aside>`{=html}\n\nEnd.\n")
    assert "{=html}" not in html and "`" not in html
    assert "<aside>" in html and "<b>Key</b>" in html
    # A <div> line still ends a paragraph, as in Pandoc.
    assert render("Text\n<div>\n*x*\n</div>\n").startswith("<p>Text</p>\n<div>")
