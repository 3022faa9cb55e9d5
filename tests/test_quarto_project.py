"""A Quarto project's `_quarto.yml` beyond the site settings: the documents `project.render`
names, pages without front matter, project metadata under every document, listing pages and
the home page from `index.qmd`."""

from __future__ import annotations

from pathlib import Path

from conftest import quiz_text, write_tree

from quizsite.build import build
from quizsite.check import check_site
from quizsite.quarto_project import render_filter

RENDER = """\
project:
  type: website
  render:
    - "*.qmd"
    - "posts/**/*.qmd"
    - "!drafts/"
website:
  title: "T"
"""


def test_render_patterns_read_as_quarto_reads_them(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "notes").mkdir()
    renders = render_filter(("*.qmd", "!drafts/", "notes", "/top.md"), tmp_path)
    assert renders is not None
    assert renders("about.qmd") and renders("posts/a/index.qmd")  # `*.qmd` at any depth
    assert not renders("drafts/x.qmd") and not renders("drafts/deep/y.qmd")  # `!dir/`: all in it
    assert renders("notes/n.md")  # a folder named without wildcards: everything in it
    assert renders("top.md") and not renders("sub/top.md")  # `/`: from the root only
    assert not renders("readme.md")
    assert render_filter((), tmp_path) is None


def test_project_render_and_pages_without_front_matter(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": RENDER,
            "posts/p/index.qmd": quiz_text(),
            "about.qmd": "# About me\n\nNo front matter, as Quarto allows.\n",
            "notes/n.md": "# A note\n\nNot rendered: render names .qmd files only.\n",
            "drafts/d.qmd": "---\ntitle: Draft\n---\nLeft out by `!drafts/`.\n",
        },
    )
    result = build(tmp_path)
    out = result.output
    about = (out / "about.html").read_text()
    assert "No front matter, as Quarto allows." in about
    assert not (out / "notes/n.html").exists()
    assert not (out / "drafts/d.html").exists()
    assert (out / "posts/p/index.html").is_file()
    skipped = dict(check_site(tmp_path).skipped)
    assert skipped["notes/n.md"] == "not named by project.render in _quarto.yml"
    assert skipped["drafts/d.qmd"] == "not named by project.render in _quarto.yml"
