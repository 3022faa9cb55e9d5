"""Standalone pages and the menu in quizsite's own layout, and the `_quarto.yml` settings
beyond title and site-url: navbar forms, site-path, output-dir, favicon."""

from __future__ import annotations

from pathlib import Path

from conftest import quiz_text, write_tree

from quizsite.build import build
from quizsite.config import default_output, load_config
from quizsite.quarto_urls import document_url, own_layout_url, relative_url


def test_quarto_and_own_layout_urls() -> None:
    assert document_url("posts/2021-07-08_Art_in_R/index.qmd") == "posts/2021-07-08_Art_in_R/"
    assert document_url("posts/foo.qmd") == "posts/foo.html"
    assert document_url("about.qmd") == "about.html"
    assert document_url("index.qmd") == "./"
    assert own_layout_url("posts/Ünïcode Tricks.qmd") == "posts/unicode-tricks/"
    assert own_layout_url("posts/deep/x/index.qmd") == "posts/x/"
    assert own_layout_url("about.qmd") == "about/"
    assert own_layout_url("index.qmd") == ""
    assert relative_url("posts/b/", "posts/a") == "../b/"
    assert relative_url("about.html", "posts") == "../about.html"


def test_own_layout_pages_and_menu(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "quizsite.toml": 'menu = [{href = "about.qmd"}, '
            '{text = "Code", href = "https://github.com/ada", side = "right"}]\n',
            "content/posts/q.qmd": quiz_text().replace(
                "Which option", "See [about](../about.qmd#who). Which option"
            ),
            "content/about.qmd": '---\ntitle: "About us"\n---\n\n## Who {#who}\n\nWe.\n',
            "content/index.qmd": '---\ntitle: "Home"\n---\n\nNot a page: the home lists posts.\n',
        },
    )
    result = build(tmp_path)
    out = result.output
    about = (out / "about/index.html").read_text()
    assert '<h1 class="post-title">About us</h1>' in about
    assert '<a href="/about/" aria-current="page">About us</a>' in about
    assert '<a href="https://github.com/ada" rel="external">Code</a>' in about
    assert [p.title for p in result.state.site.posts] == ["A quiz"]  # pages are never posts
    assert 'href="../../about/#who"' in (out / "posts/q/index.html").read_text()
    assert "Not a page" not in (out / "index.html").read_text()
    assert "/about/" in (out / "sitemap.xml").read_text()


def test_without_a_posts_folder_every_document_is_a_post(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/one.qmd": quiz_text(title="One")})
    assert [p.title for p in build(tmp_path).state.site.posts] == ["One"]


QUARTO = """\
project:
  type: website
  output-dir: _out
website:
  title: "T"
  site-url: https://ada.github.io
  site-path: /blog
  favicon: images/icon.png
  navbar:
    left:
      - text: Posts
        href: index.qmd
      - menu:
          - about.qmd
    right:
      - about.qmd
"""


def test_quarto_settings(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": QUARTO,
            "posts/p/index.qmd": quiz_text(),
            "about.qmd": '---\ntitle: "About"\n---\nHi.\n',
            "images/icon.png": "not really a png",
        },
    )
    config = load_config(tmp_path)
    assert config.base_url == "https://ada.github.io/blog/"
    assert config.menu == (
        ("Posts", "index.qmd", "", "left", ()),
        ("", "about.qmd", "", "right", ()),
    )
    assert default_output(tmp_path) == tmp_path / "_out"
    result = build(tmp_path)
    assert result.output == (tmp_path / "_out").resolve()
    assert any("navbar item has no href" in w.message for w in result.warnings)
    page = (result.output / "posts/p/index.html").read_text()
    assert '<link rel="icon" href="/blog/images/icon.png">' in page
    assert (result.output / "images/icon.png").is_file()
    assert '<a href="/blog/" class="nav-link">Posts</a>' in page
    assert '<a href="/blog/about.html" class="nav-link">About</a>' in page


DROPDOWN = """\
project:
  type: website
website:
  title: "T"
  navbar:
    right:
      - text: Posts
        menu:
          - about.qmd
          - text: "---"
          - text: Elsewhere
          - text: Code
            href: https://github.com/ada
      - menu:
          - about.qmd
"""


def test_navbar_dropdown_menus(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": DROPDOWN,
            "posts/p/index.qmd": quiz_text(),
            "about.qmd": '---\ntitle: "About"\n---\nHi.\n',
        },
    )
    result = build(tmp_path, tmp_path / "_site")
    about = (result.output / "about.html").read_text()
    assert (
        '<li class="site-nav-right site-nav-dropdown nav-item"><details class="site-nav-menu">'
        '<summary class="site-nav-menu-current">Posts</summary>\n<ul>\n'
        '<li><a href="/about.html" aria-current="page" class="nav-link active">About</a></li>\n'
        '<li role="separator"></li>\n'
        '<li class="site-nav-menu-header">Elsewhere</li>\n'
        '<li><a href="https://github.com/ada" rel="external" class="nav-link">Code</a></li>\n'
        "</ul>\n</details></li>"
    ) in about
    post = (result.output / "posts/p/index.html").read_text()
    assert "<summary>Posts</summary>" in post  # the current page is not in the menu here
    assert '<li><a href="/about.html" class="nav-link">About</a></li>' in post
    # A menu with nothing to open it by is left out, with a warning at its line.
    assert post.count('<details class="site-nav-menu">') == 1
    [problem] = [w for w in result.warnings if "navbar item has no href" in w.message]
    assert problem.location.line == 14


def test_dropdown_entries_read_as_navbar_items(tmp_path: Path) -> None:
    """A dropdown's entries take icon shortcodes as icons and resolve `meta` as the navbar's
    own items do; an unknown shortcode in an entry is a warning at its line."""
    quarto = (
        'version: "2.1"\nwebsite:\n  title: T\n  navbar:\n    left:\n'
        '      - text: "{{< fa book >}} Docs"\n        menu:\n'
        '          - text: "Guide v{{< meta version >}}"\n            href: guide.qmd\n'
        '          - text: "{{< bi github >}} Code {{< sparkle >}}"\n'
        "            href: https://github.com/x\n"
    )
    write_tree(tmp_path, {"_quarto.yml": quarto})
    config = load_config(tmp_path)
    assert config.menu == (
        (
            "Docs",
            "",
            "book",
            "left",
            (
                ("Guide v2.1", "guide.qmd", "", "left"),
                ("Code", "https://github.com/x", "github", "left"),
            ),
        ),
    )
    [warned] = [w for w in config.warnings if "sparkle" in w.message]
    assert str(warned.location) == "_quarto.yml:10"


def test_an_author_s_tags_page_in_the_navbar_is_the_only_tags_item(tmp_path: Path) -> None:
    navbar = "website:\n  navbar:\n    left:\n      - href: tags.qmd\n        text: Tags\n"
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n" + navbar,
            "tags.qmd": '---\ntitle: "Tags"\n---\n\nEvery tag.\n',
            "posts/p/index.qmd": quiz_text(),
        },
    )
    home = (build(tmp_path).output / "index.html").read_text()
    nav = home.split('class="site-nav"')[1].split("</nav>")[0]
    assert nav.count(">Tags</a>") == 1 and '<a href="/tags.html" class="nav-link">Tags</a>' in nav
