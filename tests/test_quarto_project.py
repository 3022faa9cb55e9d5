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


PROJECT_METADATA = """\
project:
  type: website
website:
  title: "T"
author: "Ada Lovelace"
lang: en
format:
  html:
    toc: true
    date-format: "YYYY/MM/DD"
bibliography: refs/project.bib
"""
BIB = """@book{knuth, author = {Knuth, Donald}, title = {The Art of Computer Programming},
  publisher = {Addison-Wesley}, year = {1968}}
"""
POST = """---
title: "A post"
date: 2024-01-02
---

## First part

As @knuth wrote.

## Second part

More.
"""


def test_project_metadata_under_every_document(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": PROJECT_METADATA,
            "refs/project.bib": BIB,
            "posts/p/index.qmd": POST,
            "posts/q/index.qmd": POST.replace("A post", "Another").replace("@knuth", "@lamport"),
            "posts/q/_metadata.yml": "bibliography: ../own.bib\ntoc: false\n",
            "posts/own.bib": BIB.replace("knuth", "lamport"),
            "about.qmd": '---\ntitle: "About"\nauthor: "Grace Hopper"\n---\nHi.\n',
        },
    )
    result = build(tmp_path)
    out = result.output
    post = (out / "posts/p/index.html").read_text()
    assert "Ada Lovelace" in post  # the project's author
    assert 'id="toc-title"' in post  # `format: html: toc: true`
    assert "2024/01/02" in post  # the project's date-format
    # The project's bibliography, named relative to _quarto.yml, not to the post.
    assert "Art of Computer Programming" in post
    other = (out / "posts/q/index.html").read_text()
    assert 'id="toc-title"' not in other  # the folder's _metadata.yml wins over the project
    assert "Art of Computer Programming" in other  # its bibliography, beside _metadata.yml
    assert "Grace Hopper" in (out / "about.html").read_text()  # the document wins
    assert "Ada Lovelace" not in (out / "about.html").read_text()
    assert not any("bibliography" in w.message for w in result.warnings)
    # An edit to _quarto.yml's metadata parses again the documents it reaches.
    quarto = tmp_path / "_quarto.yml"
    quarto.write_text(quarto.read_text().replace("Ada Lovelace", "Ada King"))
    again = build(tmp_path, previous=result.state)
    assert "Ada King" in (again.output / "posts/p/index.html").read_text()
