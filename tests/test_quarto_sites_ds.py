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


def test_icon_shortcodes_in_navbar_text_become_the_items_icons(tmp_path: Path) -> None:
    """Extensions' icon shortcodes in a navbar item's `text:` (iconify, fontawesome) are
    never shown as `{{< … >}}`: their icon is the item's; another shortcode is a warning."""
    from quizsite.config import load_config

    navbar = (
        "website:\n  title: T\n  navbar:\n    right:\n"
        "      - text: \"{{< iconify bi rss size=1.1em title='RSS' >}}\"\n        href: feed.xml\n"
        '      - text: "{{< fa brands github >}}"\n        href: https://github.com/x\n'
        '      - text: "Talks {{< sparkle big >}}"\n        href: talks.qmd\n'
    )
    write_tree(tmp_path, {"_quarto.yml": navbar, "talks.qmd": "---\ntitle: Talks\n---\n"})
    config = load_config(tmp_path)
    assert [item[:3] for item in config.menu] == [
        ("", "feed.xml", "rss"),
        ("", "https://github.com/x", "github"),
        ("Talks", "talks.qmd", ""),
    ]
    [warned] = [w for w in config.warnings if "sparkle" in w.message]
    assert str(warned.location) == "_quarto.yml:9"


def test_option_lines_of_a_notebook_markdown_cell_are_not_text(tmp_path: Path) -> None:
    """A markdown cell may carry `#| label:` (for `{{< embed >}}` to name it): Quarto leaves
    the option lines out of the page."""
    import nbformat
    from notebook_fixtures import write_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: Analysis\ndate: 2024-02-02\n---"),
        nbformat.v4.new_markdown_cell("#| label: txt-thoughts\n\nMy conclusions, *briefly*."),
        nbformat.v4.new_markdown_cell("#| label: only-options"),
    ]
    root = write_tree(tmp_path / "blog", {"_quarto.yml": WEBSITE_YML})
    write_notebook(root / "posts/analysis/index.ipynb", notebook)
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/analysis/index.html").read_text()
    assert "My conclusions, <em>briefly</em>." in html
    assert "#|" not in html and "txt-thoughts" not in html and "only-options" not in html


def test_a_quarto_sites_static_and_docs_folders_keep_their_pages_and_urls(
    tmp_path: Path,
) -> None:
    """`static/` and `docs/` mean nothing special to Quarto: their documents are pages and
    their files are published at `static/...`, where the site's links point."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": WEBSITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n\n[Slides](static/slides/intro.html)\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\nA.\n",
            "static/resources/cookbook.qmd": "---\ntitle: Cookbook\n---\n\nRecipes.\n",
            "static/slides/intro.html": "<html><body>Slides</body></html>",
            "docs/guide/start.qmd": "---\ntitle: Start\n---\n\nBegin here.\n",
        },
    )
    build(root, tmp_path / "out")
    out = tmp_path / "out"
    assert "Recipes." in (out / "static/resources/cookbook.html").read_text()
    assert (out / "static/slides/intro.html").read_text().startswith("<html>")
    assert not (out / "slides").exists() and not (out / "static/resources/cookbook.qmd").exists()
    assert "Begin here." in (out / "docs/guide/start.html").read_text()


def test_a_quarto_sites_rendered_docs_folder_is_not_read_as_sources(tmp_path: Path) -> None:
    """A `docs/` holding `site_libs/` is the site Quarto rendered: its documents (notebook
    copies) are not published again."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": WEBSITE_YML,
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\nA.\n",
            "docs/site_libs/quarto.js": "",
            "docs/posts/a/notes.md": "# Old copy\n",
        },
    )
    build(root, tmp_path / "out")
    assert not (tmp_path / "out/docs/posts/a/notes.html").exists()


def test_markup_inside_sub_and_superscripts_is_read_as_pandoc_reads_it() -> None:
    """quarto.org's home page: `Quarto^&ZeroWidthSpace;[®]{.trademark}^`; plain scripts and
    escaped spaces stay as they were."""
    from fixture_file import render

    html = render("Quarto^&ZeroWidthSpace;[®]{.trademark}^, H~*2*~O, 2^10^, x^a\\ b^\n")
    assert '<sup>\u200b<span class="trademark">®</span></sup>' in html
    assert "<sub><em>2</em></sub>" in html
    assert "2<sup>10</sup>" in html and "x<sup>a b</sup>" in html


def test_files_raw_html_loads_are_published_beside_the_page(tmp_path: Path) -> None:
    """`<img src="dog.png">` written as HTML in a page or a flat post: Quarto publishes the
    file, as it does for `![](dog.png)`."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": WEBSITE_YML,
            "about.qmd": '---\ntitle: About\n---\n\nOur dog,<img width="95" src="dog.png"> hi.\n',
            "dog.png": PNG,
            "posts/notes.qmd": (
                '---\ntitle: N\ndate: 2024-01-01\n---\n\n<p align="center">\n'
                '<img src="media/chart.png" alt="A chart">\n</p>\n'
            ),
            "posts/media/chart.png": PNG,
        },
    )
    result = build(root, tmp_path / "out")
    assert (tmp_path / "out/dog.png").read_bytes() == PNG
    assert (tmp_path / "out/posts/media/chart.png").read_bytes() == PNG
    assert not [w for w in result.warnings if "missing image" in w.message]


def test_a_bibtex_entry_of_a_type_bibtex_lacks_is_cited_as_misc(tmp_path: Path) -> None:
    """`@BLOG{...}` (no BibTeX or BibLaTeX type): Pandoc reads an unknown type as `misc`."""
    bib = (
        "@BLOG{Writer2024,\n  title = {Notes on Marginal Means},\n  author = {Ann Writer},\n"
        "  year = {2024},\n  url = {https://example.org/notes}\n}\n"
    )
    post = (
        "---\ntitle: Means\ndate: 2024-05-19\nbibliography: refs.bib\n---\n\n"
        "As shown before [@Writer2024].\n"
    )
    root = write_tree(
        tmp_path / "blog",
        {"_quarto.yml": WEBSITE_YML, "posts/means/index.qmd": post, "posts/means/refs.bib": bib},
    )
    result = build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/means/index.html").read_text()
    assert "“Notes on Marginal Means.”" in html and ">Writer 2024</a>)" in html
    assert "Preprint" not in html
    assert not [w for w in result.warnings if "bibliography" in w.message]


def test_raw_html_links_to_documents_point_at_their_pages(tmp_path: Path) -> None:
    """R code writing `<a href="../pt/index.qmd">` (a language switcher): Quarto points such
    links at the pages, as it does Markdown links."""
    switcher = '<p><a href="../pt/index.qmd#top"><button>Português</button></a></p>\n'
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": WEBSITE_YML,
            "posts/devday/en/index.qmd": "---\ntitle: Dev day\ndate: 2022-07-08\n---\n\n"
            + switcher,
            "posts/devday/pt/index.qmd": "---\ntitle: Dia\ndate: 2022-07-08\n---\n\nOi.\n",
        },
    )
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/devday/en/index.html").read_text()
    assert '<a href="../pt/#top">' in html and ".qmd" not in html


def test_meta_shortcodes_inside_raw_html_are_filled_in(tmp_path: Path) -> None:
    """andrewheiss.com's home page: `<img src="{{< meta main-photo >}}">` in a raw HTML
    block and inline; Quarto fills the values in (escaped), never shows the shortcode."""
    page = (
        '---\ntitle: Home\nmain-photo: /files/me.jpg\nalt-text: Me & "you"\n---\n\n'
        '```{=html}\n<img class="photo" src="{{< meta main-photo >}}" '
        'alt="{{< meta alt-text >}}">\n```\n\n'
        'Inline <img src="{{< meta main-photo >}}"> and <i data-x="{{< sparkle >}}">.\n'
    )
    root = write_tree(
        tmp_path / "site",
        {"_quarto.yml": WEBSITE_YML, "index.qmd": page, "files/me.jpg": PNG},
    )
    result = build(root, tmp_path / "out")
    html = (tmp_path / "out/index.html").read_text()
    # The address from the site's root, as Quarto writes it: the page's way there.
    assert '<img class="photo" src="files/me.jpg" alt="Me &amp; &quot;you&quot;">' in html
    assert 'Inline <img src="files/me.jpg">' in html
    assert "{{&lt;" not in html and "{{<" not in html
    [unknown] = [w for w in result.warnings if "'sparkle'" in w.message]
    assert str(unknown.location) == "index.qmd:11"


def test_project_resources_are_published_where_they_are(tmp_path: Path) -> None:
    """`project: resources:` names files to publish though no page links them (`files/**`,
    a root `.htaccess`); a `!` pattern leaves some out."""
    quarto = (
        'project:\n  type: website\n  resources:\n    - "files/**"\n    - ".htaccess"\n'
        '    - "!files/private/"\nwebsite:\n  title: T\n'
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "index.qmd": "---\ntitle: Home\n---\n\nHi.\n",
            "files/profiles/me.jpg": PNG,
            "files/bib/refs.bib": "@misc{a, title={A}}\n",
            "files/private/notes.txt": "secret",
            ".htaccess": "Redirect 301 /old /new\n",
            "other/unlisted.txt": "x",
        },
    )
    build(root, tmp_path / "out")
    out = tmp_path / "out"
    assert (out / "files/profiles/me.jpg").read_bytes() == PNG
    assert (out / "files/bib/refs.bib").is_file() and (out / ".htaccess").is_file()
    assert not (out / "files/private/notes.txt").exists()
    assert not (out / "other/unlisted.txt").exists()


def test_a_grid_row_whose_last_bar_is_off_by_spaces_still_reads() -> None:
    """quarto.org's article-layout options table: a row's closing `|` a column right of the
    border (or left of it); Pandoc cuts rows at the column starts and reads it."""
    from fixture_file import render

    table = (
        "+--------+-----------------+\n"
        "| Option | Description     |\n"
        "+========+=================+\n"
        "| `a`    | Where to go.     |\n"
        "| `b`    | Left or right |\n"
        "+--------+-----------------+\n"
    )
    html = render(table)
    assert "<table>" in html and "+--" not in html and "warning" not in html
    assert "<td>Where to go.\nLeft or right</td>" in html


def test_frozen_output_is_not_searched_for_includes_again(tmp_path: Path) -> None:
    """Quarto pastes includes in before running the code; knitr then unescapes a shown
    `{{{< include cv.qmd >}}}` to `{{< include cv.qmd >}}` in the frozen Markdown, which is
    text to show, not a file to include (its absence was a build error)."""
    post = (
        "---\ntitle: CV\ndate: 2023-01-01\n---\n\n```{r}\n1 + 1\n```\n\n"
        "``` markdown\n{{{< include cv.qmd >}}}\n```\n"
    )
    frozen = (
        "---\ntitle: CV\n---\n\n::: {.cell}\n\n```{.r .cell-code}\n1 + 1\n```\n:::\n\n"
        "```{markdown}\n{{< include cv.qmd >}}\n```\n"
    )
    result = {"hash": hashlib.md5(post.encode()).hexdigest(), "result": {"markdown": frozen}}
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": WEBSITE_YML,
            "posts/cv/index.qmd": post,
            "_freeze/posts/cv/index/execute-results/html.json": json.dumps(result),
        },
    )
    build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/cv/index.html").read_text()
    assert "{{&lt; include cv.qmd &gt;}}" in html


def test_a_metadata_path_that_names_no_file_from_its_folder_is_the_documents(
    tmp_path: Path,
) -> None:
    """Quarto moves a `_metadata.yml` path to the document only when the file exists from
    the metadata's folder; else it stays as written, a path from the document
    (`bibliography: ../library.bib` in `blog/_metadata.yml`, for `blog/x/index.qmd`)."""
    bib = "@book{knuth84, title = {The TeXbook}, author = {Knuth, Donald}, year = {1984}}\n"
    post = "---\ntitle: Books\ndate: 2022-10-10\n---\n\nSee [@knuth84].\n"
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": WEBSITE_YML,
            "blog/_metadata.yml": "bibliography: ../library.bib\n",
            "blog/library.bib": bib,
            "blog/2022-10-10-books/index.qmd": post,
            "notes/_metadata.yml": "bibliography: refs.bib\n",
            "notes/refs.bib": bib,
            "notes/deep/page.qmd": "---\ntitle: Deep\n---\n\nAs in [@knuth84].\n",
        },
    )
    build(root, tmp_path / "out")
    for page in ("blog/2022-10-10-books/index.html", "notes/deep/page.html"):
        assert "The TeXbook" in (tmp_path / "out" / page).read_text()


def test_bibtex_entries_citeproc_py_stumbled_on_are_cited(tmp_path: Path) -> None:
    """`month = {Fall}` (a season) and `volume = {2b}` (no number) made citeproc-py drop
    the entry or every citation of the post; Pandoc cites both."""
    bib = (
        "@misc{auroux2010, author = {Auroux, Denis}, title = {Multivariable Calculus},"
        " month = {Fall}, year = {2010}}\n"
        "@book{ohagan2004, author = {O'Hagan, Anthony}, title = {Bayesian Inference},"
        " volume = {2b}, publisher = {Arnold}, year = {2004}}\n"
    )
    post = (
        "---\ntitle: Books\ndate: 2022-10-10\nbibliography: refs.bib\n---\n\n"
        "See [@auroux2010] and [@ohagan2004].\n"
    )
    root = write_tree(
        tmp_path / "blog",
        {"_quarto.yml": WEBSITE_YML, "posts/b/index.qmd": post, "posts/b/refs.bib": bib},
    )
    result = build(root, tmp_path / "out")
    html = (tmp_path / "out/posts/b/index.html").read_text()
    assert "Multivariable Calculus" in html and "Bayesian Inference" in html
    assert not [
        w for w in result.warnings if "citation" in w.message or "bibliography" in w.message
    ]
