"""What building more real Quarto blogs showed (MaximeRivest/maximerivest-blog and the blogs
tried beside it): each site is written here, in its own words, reproducing one thing such a
blog does."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from conftest import QUARTO_HOME as HOME
from conftest import QUARTO_SITE_YML as SITE_YML
from conftest import CliResult, post_body, quarto_blog, write_tree

from quizsite.cells import opens_with_options, split_options


def test_option_lines_written_with_a_space_before_the_bar_are_options(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A code formatter (ruff, black) rewrites `#| eval: false` as `# | eval: false`. Quarto
    reads an option line as the comment, any spaces, then `|`, so the cell is still not run
    and the option lines are not shown; a space before the comment makes it code."""
    post = (
        "---\ntitle: Formatted\ndate: 2026-06-25\n---\n\nA sketch, not run:\n\n"
        '```{python}\n# | eval: false\n# | code-fold: true\nraise ValueError("boom")\n```\n\n'
        "```{python}\n#  | eval: false\n#| echo: false\nprint(1)\n```\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/sketch/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/sketch/index.html")
    assert "eval" not in body.replace("#| eval", "")
    assert "<details" in body and "boom" in body
    assert "print" not in body
    assert split_options(" #| eval: false\nlen([])").options == {}
    assert split_options("//  | label: x\ny").options == {"label": "x"}
    assert opens_with_options("//  | label: x\ny") and not opens_with_options(" #| x: 1\ny")


def test_a_project_file_named_quarto_yaml_is_read_as_quarto_reads_it(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """acederberg/quarto-maths names its project file `_quarto.yaml`, which Quarto reads as
    it reads `_quarto.yml`: the blog builds, its posts at Quarto's URLs, with no word of a
    `content/` folder it never had (tests/test_quarto_yaml.py has the rest)."""
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yaml": SITE_YML,
            "index.qmd": HOME,
            "posts/first/index.qmd": "---\ntitle: First\ndate: 2026-06-25\n---\n\nHello.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "content/" not in result.err and "rename" not in result.err
    assert "Hello." in post_body(tmp_path / "out/posts/first/index.html")
    assert "<title>Notes" in (tmp_path / "out/index.html").read_text()


def test_a_listing_image_height_written_as_css_with_its_semicolon_is_applied(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """acederberg/quarto-maths writes `image-height: 320px;`, as in a style sheet. Quarto puts
    the value into the image's style, where the semicolon does no harm, so the height holds;
    it is applied, with no warning."""
    home = (
        "---\ntitle: Home\nlisting:\n  contents: posts\n  type: grid\n  image-height: 320px;\n---\n"
    )
    post = "---\ntitle: First\ndate: 2026-06-25\nimage: cover.png\n---\n\nHello.\n"
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": home,
            "posts/first/index.qmd": post,
            "posts/first/cover.png": "png",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "image-height" not in result.err
    page = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert 'style="height: 320px"' in page


def _frozen(source: str, markdown: str) -> str:
    """Quarto's frozen output of `source`: its Markdown under the hash of its text."""
    digest = hashlib.md5(source.encode()).hexdigest()
    return json.dumps({"hash": digest, "result": {"markdown": markdown}})


def test_a_frozen_cell_whose_caption_runs_onto_the_next_line_is_one_captioned_table(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """knitr freezes an R cell captioned `tbl-cap: |` as
    `::: {#tbl-x .cell tbl-cap='…Company\\'s Missing Values` then `'}` on the next line
    (paulrjohnson.net). Pandoc lets a quoted attribute value run onto the next line (read as a
    space) and reads `\\'` as a quote, so this is one div, captioned: no `:::` or `?@tbl-x` on
    the page. A hand-written div's quoted value may escape its quote too."""
    post = (
        "---\ntitle: Missing\ndate: 2026-06-25\n---\n\nSee @tbl-x.\n\n"
        "```{r}\n#| label: tbl-x\n#| tbl-cap: |\n#|   Years at Company's Missing Values\n"
        "knitr::kable(data.frame(a = 1, b = 2))\n```\n\n"
        '::: {.note title="A \\"quoted\\" word"}\nInside.\n:::\n'
    )
    frozen = (
        "See @tbl-x.\n\n"
        "::: {#tbl-x .cell tbl-cap='Years at Company\\'s Missing Values\n'}\n\n"
        "::: {.cell-output-display}\n| a | b |\n|---|---|\n| 1 | 2 |\n:::\n:::\n\n"
        '::: {.note title="A \\"quoted\\" word"}\nInside.\n:::\n'
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/missing/index.qmd": post,
            "_freeze/posts/missing/index/execute-results/html.json": _frozen(post, frozen),
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/missing/index.html")
    assert ":::" not in body and "?@" not in body and "'}" not in body
    assert 'id="tbl-x"' in body
    assert "<figcaption>Table\xa01: Years at Company’s Missing Values</figcaption>" in body
    assert body.count("Missing Values") == 1
    assert '<div class="note" title="A &quot;quoted&quot; word">' in body


def test_meta_shortcodes_in_an_included_html_file_are_resolved(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """XarwinM/jens-dot-io puts each post's image in the margin with an included HTML file,
    `<img src="{{< meta image >}}">`. Quarto resolves `meta` and `var` shortcodes in include
    files; a shortcode naming nothing is left out with a warning, never shown as written."""
    include = (
        '<div class="column-margin"><img src="{{< meta image >}}" alt="{{< meta nope >}}"></div>\n'
    )
    post = (
        "---\ntitle: Sampling\ndate: 2026-06-25\nimage: cover.png\nformat:\n  html:\n"
        "    include-before-body: ../../html/margin.html\n---\n\nHello.\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "html/margin.html": include,
            "posts/sampling/index.qmd": post,
            "posts/sampling/cover.png": "png",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = (tmp_path / "out/posts/sampling/index.html").read_text(encoding="utf-8")
    assert '<div class="column-margin"><img src="cover.png" alt=""></div>' in page
    assert "{{<" not in page
    # The include names the post's own image: published once, with no clash.
    assert "not copied" not in result.err
    assert (tmp_path / "out/posts/sampling/cover.png").read_text() == "png"
    assert "posts/sampling/index.qmd:7: warning: {{< meta nope >}} names no value" in result.err


def test_the_navbar_logo_is_shown_before_the_title_and_published(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """HazmanNaim.github.io (and jens-dot-io, aadam-dev) set `website: navbar: logo:`. Quarto
    shows the image at the navbar's start, before the title, linking home, and publishes it;
    quizsite left it out with a warning."""
    site_yml = (
        "project:\n  type: website\nwebsite:\n  title: Notes\n  navbar:\n"
        "    logo: /img/logo.jpeg\n    left:\n      - text: Home\n        href: index.qmd\n"
    )
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": site_yml,
            "index.qmd": HOME,
            "img/logo.jpeg": "jpeg",
            "posts/first/index.qmd": "---\ntitle: First\ndate: 2026-06-25\n---\n\nHello.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "logo" not in result.err
    page = (tmp_path / "out/posts/first/index.html").read_text(encoding="utf-8")
    logo = (
        '<a class="site-logo navbar-brand" href="/"><img class="navbar-logo" src="/img/logo.jpeg"'
    )
    assert logo in page
    assert page.index(logo) < page.index('class="site-title')
    assert (tmp_path / "out/img/logo.jpeg").read_text() == "jpeg"
