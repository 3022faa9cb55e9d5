"""What building more real Quarto blogs showed (tidymodels.org, mickael.canouil.fr,
robjhyndman.com, andytimm.github.io, the tidy-intelligence blog, restateinsight): each
fixture is written here, in its own words, reproducing one thing such a site does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, write_tree
from fixture_file import Case, fixture_params, render

from quizsite.build import build

SITE_YML = "project:\n  type: website\nwebsite:\n  title: Notes on models\n"
HOME = "---\ntitle: Home\nlisting:\n  contents: posts\n---\n"


@pytest.mark.parametrize("case", fixture_params("hunt_new_blogs.md"))
def test_fixture(case: Case) -> None:
    """Markdown cases met in real blogs (tests/fixtures/hunt_new_blogs.md)."""
    assert render(case.source) == case.expected


def test_a_committed_quarto_output_folder_is_replaced(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A blog that publishes from a committed `docs/` (`output-dir: docs`) holds Quarto's last
    render there; `quizsite build` replaces it, as `quarto render` does, instead of refusing.
    A folder of other files is still refused."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML.replace("website\n", "website\n  output-dir: docs\n", 1),
            "index.qmd": HOME,
            "posts/ridge/index.qmd": "---\ntitle: Ridge\ndate: 2024-01-02\n---\n\nShrink.\n",
            "docs/listings.json": "[]",
            "docs/posts/old/index.html": "<p>Quarto's</p>",
        },
    )
    result = cli("build", root)
    assert result.code == 0, result.out + result.err
    assert (root / "docs/posts/ridge/index.html").is_file()
    assert not (root / "docs/posts/old/index.html").exists()
    mine = write_tree(tmp_path / "mine", {"thesis.tex": "mine", "search.md": "notes"})
    result = cli("build", root, "-o", mine)
    assert result.code == 2 and "was not written by quizsite" in result.err
    assert (mine / "thesis.tex").read_text() == "mine"


def test_the_projects_cname_is_published_as_quarto_copies_it(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """GitHub Pages' custom domain: the replaced `docs/` gets the project's CNAME, so the
    site keeps its domain (a CNAME only in the old output is gone, as with Quarto)."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML.replace("website\n", "website\n  output-dir: docs\n", 1),
            "index.qmd": HOME,
            "posts/ridge/index.qmd": "---\ntitle: Ridge\ndate: 2024-01-02\n---\n\nShrink.\n",
            "CNAME": "notes.example.org\n",
            "docs/search.json": "[]",
        },
    )
    result = cli("build", root)
    assert result.code == 0, result.out + result.err
    assert (root / "docs/CNAME").read_text() == "notes.example.org\n"


def test_an_empty_title_is_untitled_not_an_error(tmp_path: Path) -> None:
    """`title: ""` (restateinsight's Typst carousel) is valid Quarto: the post builds, titled
    by its first heading or its name, with the untitled warning."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/metro/carousel.qmd": '---\ntitle: ""\ndate: 2026-01-05\n---\n\nSlides.\n',
            "posts/metro/index.qmd": '---\ntitle: "  "\ndate: 2026-01-04\n---\n\n# Line 4\n',
        },
    )
    result = build(root, tmp_path / "out")
    assert (tmp_path / "out/posts/metro/carousel.html").is_file()
    assert "<title>Line 4" in (tmp_path / "out/posts/metro/index.html").read_text()
    [untitled] = [w for w in result.warnings if "no title" in w.message]
    assert str(untitled.location).startswith("posts/metro/carousel.qmd")


def test_url_and_file_are_aliases_of_href_in_navigation(tmp_path: Path) -> None:
    """Quarto's navigation items take `url:` and `file:` for `href:` (the tidy-intelligence
    blog's navbar): the items are shown, linked, and not warned of."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML
            + "  navbar:\n    left:\n      - text: Home\n        url: https://example.org/\n"
            "      - text: Blog\n        file: index.qmd\n"
            "  sidebar:\n    contents:\n      - text: Elsewhere\n        url: https://example.org/x\n"
            "  page-footer:\n    left:\n      - text: Source\n        url: https://example.org/src\n",
            "index.qmd": HOME,
            "posts/ridge/index.qmd": "---\ntitle: Ridge\ndate: 2024-01-02\n---\n\nShrink.\n",
        },
    )
    result = build(root, tmp_path / "out")
    assert not [w for w in result.warnings if "href" in w.message]
    page = (tmp_path / "out/posts/ridge/index.html").read_text()
    for href in ("https://example.org/", "https://example.org/x", "https://example.org/src"):
        assert f'href="{href}"' in page, href


TYPST_POST = """---
title: Why Quarto stuck
date: 2026-06-10
---

The figure below (@fig-activity) is drawn by an extension.

```{typst}
//| label: fig-activity
//| fig-cap: "Monthly contributions."
//| echo: false
#let data = (1, 2, 3)
```

```{json}
{"a": 1}
```
"""


def test_an_extension_cell_is_warned_of_at_its_line(tmp_path: Path) -> None:
    """A `{typst}` cell with `//|` options is run by an extension's filter (mickael.canouil.fr's
    typst-render makes it a figure): quizsite cannot, so it says so at the cell, and says the
    cell is left out when it asks `echo: false`. A `{json}` cell without options is code."""
    root = write_tree(
        tmp_path / "site",
        {"_quarto.yml": SITE_YML, "index.qmd": HOME, "posts/why/index.qmd": TYPST_POST},
    )
    result = build(root, tmp_path / "out")
    [cell] = [w for w in result.warnings if "{typst}" in w.message]
    assert str(cell.location) == "posts/why/index.qmd:8"
    assert "left out (echo: false)" in cell.message
    assert not [w for w in result.warnings if "{json}" in w.message]
    page = (tmp_path / "out/posts/why/index.html").read_text()
    assert "//|" not in page and "#let data" not in page
    assert "language-json" in page


REFS_YML = """references:
- id: hinnant2021date
  author:
    - family: Hinnant
      given: Howard
  title: >
    [<code>chrono</code>]{.nocase}-Compatible
    Low-Level Date Algorithms
  issued:
    literal: 2021+185
- id: jukic2013
  author:
    - family: Jukic
      given: A.M.
  title: Length of human pregnancy
  container-title: Human Reproduction
  issued: 2013-08-06
- id: doe2020
  author:
    - family: Doe
      given: Jane
  title: '[Ridge]{.smallcaps} regression'
  issued: "2020-03"
"""


def test_a_csl_yaml_bibliography_is_read(tmp_path: Path) -> None:
    """A bibliography in CSL YAML (`references:`, maptv.github.io's ref.yml) is read as Pandoc
    reads it: dates written as YAML dates, ISO text or a literal, and Markdown spans in its
    text shown as their words; it stopped the build as a format not known."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML + "bibliography: ref.yml\n",
            "ref.yml": REFS_YML,
            "index.qmd": HOME,
            "posts/dates/index.qmd": "---\ntitle: Dates\ndate: 2024-01-02\n---\n\n"
            "As [@hinnant2021date], [@jukic2013] and @doe2020 show.\n",
        },
    )
    result = build(root, tmp_path / "out")
    assert not [w for w in result.warnings if "citation" in w.message], result.warnings
    page = (tmp_path / "out/posts/dates/index.html").read_text()
    assert "Hinnant 2021+185" in page and "Jukic 2013" in page and "Doe (2020)" in page
    assert "<code>chrono</code>-Compatible" in page and "{.nocase}" not in page
    assert 'small-caps;">Ridge</span> Regression' in page


def test_a_quoted_shortcode_argument_is_one_word_in_a_navbar_icon(tmp_path: Path) -> None:
    """`{{< iconify simple-icons kofi title='Support Me' >}}` (jadey_website's navbar) names
    the icon `kofi`; the quoted title was split, and "Me'" taken as the icon's name."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML
            + "  navbar:\n    right:\n      - text: \"{{< iconify bi github title='My code' >}}\"\n"
            "        href: https://github.com/me\n",
            "index.qmd": HOME,
        },
    )
    result = build(root, tmp_path / "out")
    assert not [w for w in result.warnings if "icon" in w.message], result.warnings
    assert 'data-icon="github"' in (tmp_path / "out/index.html").read_text()


def test_an_empty_date_in_a_quarto_post_is_no_date(tmp_path: Path) -> None:
    """`date: ""` (mlr-org's and maptv's pages, a template's placeholder) is no date, as in
    Quarto: the post builds undated, with no warning about a date it cannot read."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/ridge/index.qmd": '---\ntitle: Ridge\ndate: ""\n---\n\nShrink.\n',
            "posts/lasso/index.qmd": "---\ntitle: Lasso\ndate: someday\n---\n\nShrink.\n",
        },
    )
    result = build(root, tmp_path / "out")
    assert (tmp_path / "out/posts/ridge/index.html").is_file()
    dates = [w for w in result.warnings if "cannot read the date" in w.message]
    assert [str(w.location).split(":")[0] for w in dates] == ["posts/lasso/index.qmd"]


def test_a_citation_without_a_bibliography_is_warned_of_at_its_line(tmp_path: Path) -> None:
    """`[@rectified_flow]` in a document that names no bibliography (drscotthawley's Colab
    notebook) stays as written, as Pandoc leaves it, with a warning at its line; a handle
    as a link's text (`[@karpathy](...)`), an e-mail and code are not citations."""
    post = (
        "---\ntitle: Flows\ndate: 2024-11-13\n---\n\n"
        "Thanks to [@karpathy](https://karpathy.github.io/) and [me@example.org].\n\n"
        "```python\nx = d[@a]\n```\n\nUse `[@b]` here.\n\n"
        "The paper [see @rectified_flow, p. 3] goes further.\n"
    )
    root = write_tree(
        tmp_path / "site",
        {"_quarto.yml": SITE_YML, "index.qmd": HOME, "posts/flows/index.qmd": post},
    )
    result = build(root, tmp_path / "out")
    [cited] = [w for w in result.warnings if "bibliography" in w.message]
    assert str(cited.location) == "posts/flows/index.qmd:14"
    assert "[@rectified_flow]" in cited.message
