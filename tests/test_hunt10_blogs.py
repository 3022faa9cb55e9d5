"""What building more real Quarto blogs showed (sangyu/portfolio, fredguth/ffc and the blogs
tried beside them, many written in Jupyter notebooks): each site is written here, in its own
words, reproducing one thing such a blog does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import QUARTO_HOME, CliResult, post_body, quarto_blog, write_tree
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
    new_raw_cell,
)
from notebook_fixtures import write_notebook


def test_a_sidebar_turned_off_is_no_sidebar_and_no_warning(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """sangyu/portfolio (an nbdev site) sets `website: sidebar: false`, which Quarto's schema
    takes: no sidebar. The build warned that a sidebar must be a set of options."""
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: Lab\n  sidebar: false\n",
            "index.qmd": QUARTO_HOME,
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nOne.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "warning" not in result.out + result.err
    assert "One." in (tmp_path / "out/posts/a/index.html").read_text(encoding="utf-8")


def test_a_date_with_a_two_digit_year_is_read_as_quarto_reads_it(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """garg-ankush/blog dates posts `09.20.24` and `2/9/23`. Quarto reads a two-digit year
    (its own `MM/dd/yy`, or its guess) in the 2000s; the build warned that it could not read
    either date and listed the posts as undated."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/mc/index.qmd": "---\ntitle: Monte Carlo\ndate: 09.20.24\n---\n\nDice.\n",
            "posts/old/index.qmd": "---\ntitle: Older\ndate: 2024-01-05\n---\n\nEarlier.\n",
            "posts/ml/index.md": "---\ntitle: Oldest\ndate: 2/19/23\n---\n\nFirst.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "warning" not in result.out + result.err
    page = (tmp_path / "out/posts/mc/index.html").read_text(encoding="utf-8")
    assert "2024-09-20" in page or "September 20, 2024" in page
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert home.index("Monte Carlo") < home.index("Older") < home.index("Oldest")


def test_a_tab_at_the_end_of_a_settings_line_is_blank_space(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """SJacoboZavaleta/SJacoboZavaleta.github.io ends `image: ...png` in its `_quarto.yml`
    with a tab. Quarto's YAML reader takes a tab as blank space there (and between a key and
    its value, or before a comment); the build stopped on invalid YAML."""
    yml = (
        "project:\n  type: website\nwebsite:\n  title:\tLab\t\n  image: card.png\t\n"
        "  navbar:\t# the top bar\n    left:\n      - about.qmd\n"
    )
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": yml,
            "index.qmd": QUARTO_HOME,
            "about.qmd": "---\ntitle: About me\n---\n\nHello.\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nOne.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "<title>Lab</title>" in home
    assert 'href="/about.html"' in home


def test_a_folders_include_not_beside_its_metadata_is_read_from_each_document(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """SJacoboZavaleta/SJacoboZavaleta.github.io's `talks/_metadata.yml` includes
    `../_includes/giscus.html` (there from the metadata's folder) and
    `../../_includes/icons.html` (there from each talk's folder). Quarto rebases a path only
    when the file is there from the metadata's folder and leaves the other as written, for
    each document to read from its own folder; the build warned and left the second out."""
    meta = "include-in-header:\n  - ../_includes/comments.html\n  - ../../_includes/icons.html\n"
    site = quarto_blog(
        tmp_path / "blog",
        {
            "_includes/comments.html": '<meta name="from-comments" content="1">\n',
            "_includes/icons.html": '<meta name="from-icons" content="1">\n',
            "talks/_metadata.yml": meta,
            "talks/t1/index.qmd": "---\ntitle: Talk one\ndate: 2024-05-01\n---\n\nSlides.\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nOne.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "warning" not in result.out + result.err
    page = (tmp_path / "out/talks/t1/index.html").read_text(encoding="utf-8")
    assert 'name="from-comments"' in page
    assert 'name="from-icons"' in page


def test_spaced_dashes_before_a_blank_line_are_a_rule_not_a_table(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """ctg123/ctg-website puts `- - -` under each heading, a blank line, then a list. Pandoc
    wants a table's first row right under its rule, so each is a horizontal rule; the build
    made one table of everything between two of them, the list's links cut in half."""
    body = (
        "### Tools\n\n- - -\n\n* [kOps](https://kops.example/) - manages clusters.\n"
        "* [Helm](https://helm.example/) - manages charts.\n\n### Prerequisites\n\n- - -\n\n"
        "An account.\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/k/index.qmd": f"---\ntitle: Kops\ndate: 2024-05-01\n---\n\n{body}"},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = post_body(tmp_path / "out/posts/k/index.html")
    assert "<table" not in page
    assert page.count("<hr") == 2
    assert '<a href="https://kops.example/">kOps</a> - manages clusters.' in page


def test_a_videos_src_option_wins_over_a_bare_word(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """BrighamEaquinto/brighameaquinto.github.io pastes YouTube's iframe attributes into a
    video shortcode: `src="..." ... allowfullscreen`. Quarto embeds `src` and takes the first
    bare word only when `src` is not given; the build embedded a video at `allowfullscreen`."""
    body = (
        '{{< video src="https://www.youtube.com/embed/abcDEF12345" width="560" height="315" '
        'title="Intro video" allowfullscreen >}}\n'
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/v/index.qmd": f"---\ntitle: Lesson\ndate: 2024-05-01\n---\n\n{body}"},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = post_body(tmp_path / "out/posts/v/index.html")
    assert "youtube.com/embed/abcDEF12345" in page
    assert '"allowfullscreen"' not in page


def test_a_notebook_post_hidden_by_nbdev_migrate_is_published_unlisted(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """ksasi/ai-notes and mldurga/Blog, migrated from fastpages with nbdev_migrate, mark hidden
    notebooks `draft: 'true'` (quoted). Quarto's draft filter wants `true` itself, so the page
    is rendered in full at its address, while listings leave it out: fastpages' hidden post.
    The build left the notebook out, its page missing."""
    notebook = new_notebook(
        cells=[
            new_raw_cell("---\ntitle: Hidden notes\ndate: '2020-02-20'\ndraft: 'true'\n---"),
            new_markdown_cell("Reached by its link only."),
            new_code_cell(
                "print(6 * 7)",
                execution_count=1,
                outputs=[new_output("stream", name="stdout", text="42\n")],
            ),
        ]
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/shown/index.qmd": "---\ntitle: Listed post\ndate: 2024-05-01\n---\n\n"
            "See [the notes](../2020-02-20-notes.ipynb).\n"
        },
    )
    write_notebook(site / "posts/2020-02-20-notes.ipynb", notebook)
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = (tmp_path / "out/posts/2020-02-20-notes.html").read_text(encoding="utf-8")
    assert "Reached by its link only." in page and "42" in page
    assert "quarto-draft-alert" not in page
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "Listed post" in home and "Hidden notes" not in home
    assert "warning" not in result.out + result.err
    shown = post_body(tmp_path / "out/posts/shown/index.html")
    assert '<a href="../2020-02-20-notes.html">the notes</a>' in shown


def test_stars_beside_punctuation_make_emphasis_as_pandoc_reads_them(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """pkuzzq/mblog writes `-**(i)**文章` and TheSecondStep's posts bold quoted words between
    Chinese ones. Pandoc opens emphasis at stars not followed by a space and closes it at stars
    not after one; CommonMark's flanking rules left these as stars on the page."""
    body = "目标-**(i)**文章试图回答问题\n\n中文**“引用”**文字\n\nKeep 2 * 3 * 4 as is.\n"
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/z/index.qmd": f"---\ntitle: 笔记\ndate: 2024-05-01\n---\n\n{body}"},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = post_body(tmp_path / "out/posts/z/index.html")
    assert "-<strong>(i)</strong>文章" in page
    assert "中文<strong>“引用”</strong>文字" in page
    assert "2 * 3 * 4" in page
