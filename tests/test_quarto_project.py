"""A Quarto project's `_quarto.yml` beyond the site settings: the documents `project.render`
names, pages without front matter, project metadata under every document, listing pages and
the home page from `index.qmd`."""

from __future__ import annotations

from pathlib import Path

import pytest
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


SITE = """\
project:
  type: website
website:
  title: "Ada's site"
  navbar:
    left:
      - text: Blog
        href: blog.qmd
      - talks.qmd
"""
BLOG = """---
title: "Blog"
listing:
  contents: posts
  sort: "title asc"
  max-items: 2
  categories: numbered
  fields: [title, date, author]
  type: grid
  feed: true
  filter-ui: true
  template: custom.ejs
---

Everything I wrote.
"""
TALKS = """---
title: "Talks"
listing:
  - id: all-talks
    contents: "talks/*.qmd"
    type: table
    sort: date desc
    categories: true
    fields: [date, title, categories]
  - contents: talks.yml
---
"""


def _post(title: str, day: int, tag: str) -> str:
    """A dated post with one category."""
    return (
        f'---\ntitle: "{title}"\ndate: 2024-01-{day:02d}\nauthor: Ada\n'
        f"categories: [{tag}]\ndescription: About {title}.\n---\n\nBody of {title}.\n"
    )


def test_home_page_and_listing_pages(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": SITE,
            "index.qmd": '---\ntitle: "Hello"\n---\n\nI am Ada; this is my home page.\n',
            "blog.qmd": BLOG,
            "talks.qmd": TALKS,
            # A listed page's categories: linked where posts carry them too.
            "talks/one.qmd": '---\ntitle: "First talk"\ndate: 2023-05-01\n'
            "categories: [ml, conferences]\n---\nSlides.\n",
            "talks/two.qmd": '---\ntitle: "Second talk"\ndate: 2023-06-01\n---\nSlides.\n',
            "posts/b/index.qmd": _post("Bravo", 2, "ml"),
            "posts/a/index.qmd": _post("Alpha", 1, "ml"),
            "posts/c/index.qmd": _post("Charlie", 3, "stats"),
        },
    )
    result = build(tmp_path)
    out = result.output
    home = (out / "index.html").read_text()
    assert "this is my home page" in home  # index.qmd, not a listing, is the home page
    assert "<title>Ada&#39;s site</title>" in home or "<title>Ada's site</title>" in home
    assert not (out / "page/2").exists()
    blog = (out / "blog.html").read_text()
    main = blog.split('id="main"')[1]
    assert "Everything I wrote." in main
    # sort title asc, max-items 2: Alpha, Bravo; not Charlie.
    assert main.index(">Alpha</a>") < main.index(">Bravo</a>") and "Charlie" not in main
    assert 'class="post-list post-grid"' in main
    assert (
        'ml <span class="tag-count">2<span class="visually-hidden"> listed' in main
    )  # categories of the listed posts
    assert "About Alpha." not in main  # `fields` leaves out the description
    assert '<a href="/blog.html" aria-current="page" class="nav-link active">Blog</a>' in blog
    feed = (out / "blog.xml").read_text()  # `feed: true`: beside the page, as Quarto writes it
    assert "<title>Alpha</title>" in feed and "<title>Bravo</title>" in feed
    assert "Charlie" not in feed
    talks = (out / "talks.html").read_text().split('id="main"')[1]
    # The listing's element is `listing-<id>`, as Quarto names it (the id's own div goes).
    assert '<table class="listing-table">' in talks and 'id="listing-all-talks"' in talks
    assert talks.index("Second talk") < talks.index("First talk")  # date desc
    assert "Alpha" not in talks
    assert "<td>ml, conferences</td>" in talks
    assert 'href="/tags/ml/">ml <span class="tag-count">1<' in talks
    assert "tags/conferences" not in talks  # no post carries it: no tag page to link
    assert (out / "talks/one.html").is_file()  # the listed pages are pages of their own
    messages = {(w.location.path, w.location.line, w.message) for w in result.warnings}
    # `filter-ui` is read now; a custom template cannot be run: a warning at its own line.
    assert not any("filter-ui" in m for _, _, m in messages)
    assert (
        "blog.qmd",
        12,
        "custom listing templates cannot be run (template: custom.ejs): listed as the 'grid' type",
    ) in messages
    assert "custom.ejs" not in blog  # the grid instead, never the template's text
    assert ("talks.qmd", 10, "listing contents 'talks.yml': no such file") in messages
    # An edit to a listed post reaches the listing page, in an incremental build too.
    post = tmp_path / "posts/a/index.qmd"
    post.write_text(post.read_text().replace('title: "Alpha"', 'title: "Aardvark"'))
    again = build(tmp_path, previous=result.state, changed=[post])
    assert ">Aardvark</a>" in (again.output / "blog.html").read_text()


def test_own_layout_keeps_its_home_page(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/q.qmd": quiz_text(),
            "content/index.qmd": '---\ntitle: "Home"\n---\n\nNot the home page.\n',
        },
    )
    home = (build(tmp_path).output / "index.html").read_text()
    assert "Not the home page" not in home and "A quiz" in home


ICONS = """\
project:
  type: website
website:
  title: "T"
  navbar:
    right:
      - icon: github
        href: https://github.com/ada
      - icon: mastodon
        text: Toots
        href: https://mastodon.social/@ada
      - icon: no-such-icon-anywhere
        href: https://example.org/
"""


def test_navbar_icons_with_accessible_names(tmp_path: Path) -> None:
    write_tree(tmp_path, {"_quarto.yml": ICONS, "posts/p/index.qmd": quiz_text()})
    result = build(tmp_path)
    nav = (result.output / "index.html").read_text().split('class="site-nav"')[1]
    nav = nav.split("</nav>")[0]
    github = nav.split('data-icon="github"')[1].split("</a>")[0]
    assert "<svg" in github and 'aria-hidden="true"' in github and 'focusable="false"' in github
    assert github.endswith('<span class="visually-hidden">GitHub</span>')  # the icon alone
    toots = nav.split('data-icon="mastodon"')[1].split("</a>")[0]
    assert "<svg" in toots and toots.endswith("</svg>Toots")  # icon and text
    unknown = nav.split('data-icon="no-such-icon-anywhere"')[1].split("</a>")[0]
    assert "<svg" not in unknown and unknown.endswith(">No Such Icon Anywhere")  # text instead
    warned = [w for w in result.warnings if "no-such-icon-anywhere" in w.message]
    assert [(w.location.path, w.location.line) for w in warned] == [("_quarto.yml", 12)]


def test_navbar_icons_fall_back_to_text_without_the_icon_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizsite import icons

    monkeypatch.setenv("QUIZSITE_BOOTSTRAP_ICONS", str(tmp_path / "nowhere"))
    icons.icons_folder.cache_clear()
    try:
        write_tree(tmp_path, {"_quarto.yml": ICONS, "posts/p/index.qmd": quiz_text()})
        result = build(tmp_path)
    finally:
        icons.icons_folder.cache_clear()
    nav = (result.output / "index.html").read_text().split('class="site-nav"')[1]
    assert "<svg" not in nav.split("</nav>")[0]
    assert 'data-icon="github" class="nav-link">GitHub</a>' in nav
    assert any(
        w.location.path == "_quarto.yml" and "could not be had" in w.message
        for w in result.warnings
    )


def test_untitled_quarto_post_takes_its_first_heading(tmp_path: Path) -> None:
    body = "```python\n# not a heading\n```\n\n# Warming stripes in `Julia`\n\nText.\n"
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "posts/w/index.qmd": "---\ndate: 2023-02-06\ncategories: [julia]\n---\n\n" + body,
            "posts/none/index.qmd": "---\ndate: 2023-02-07\n---\n\nNo heading at all.\n",
        },
    )
    result = build(tmp_path)
    # Neither title nor heading: listed by its folder's name, with a warning at the post.
    assert [
        (w.location.path, w.location.line) for w in result.warnings if "no title" in w.message
    ] == [("posts/none/index.qmd", 1)]
    none = (result.output / "posts/none/index.html").read_text()
    assert '<h1 class="post-title title">none</h1>' in none
    page = (result.output / "posts/w/index.html").read_text()
    assert '<h1 class="post-title title">Warming stripes in Julia</h1>' in page
    assert '<h1 id="warming' not in page  # the heading became the title: shown once
    assert "# not a heading" in page  # a comment in code is no heading


def test_quarto_posts_quarto_builds_are_built_with_warnings_not_errors(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            # No front matter at all: Quarto renders it, titled by its name.
            "posts/2024-10-27-note.md": "Just a line of text.\n",
            # An empty `#` (a slide break) is no title; the first named heading is.
            "posts/deck.qmd": "---\ndate: 2024-11-11\n---\n\n#\n\nIntro.\n\n# Findings\n\nMore.\n",
            # A date Quarto cannot read either: built, undated. (`Sept 24 2025` it reads,
            # through JavaScript's Date: test_gaps8 has it.)
            "posts/odd.qmd": '---\ntitle: Odd\ndate: "Sept twenty-fourth"\n---\n\nText.\n',
        },
    )
    result = build(tmp_path)
    found = {(w.location.path, w.location.line, w.message.split(":")[0]) for w in result.warnings}
    assert ("posts/odd.qmd", 3, "cannot read the date 'Sept twenty-fourth'") in found
    assert any(path == "posts/2024-10-27-note.md" and "no title" in m for path, _, m in found)
    note = (result.output / "posts/2024-10-27-note.html").read_text()
    assert "Just a line of text." in note
    deck = (result.output / "posts/deck.html").read_text()
    assert '<h1 class="post-title title">Findings</h1>' in deck
    assert "Odd" in (result.output / "posts/odd.html").read_text()


def test_a_listing_page_may_have_an_empty_title(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: CS Explorations\n",
            "index.qmd": '---\ntitle: ""\nlisting:\n  contents: posts\n---\n\nWelcome.\n',
            "posts/p/index.qmd": quiz_text(),
        },
    )
    home = (build(tmp_path).output / "index.html").read_text()
    assert "<title>CS Explorations</title>" in home
    assert "Welcome." in home


def test_a_bibliography_named_in_metadata_is_reported_where_it_is_named(tmp_path: Path) -> None:
    from quizsite.errors import BuildFailed

    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "posts/_metadata.yml": "author: Ada\nbibliography: missing.bib\n",
            "posts/p/index.qmd": POST,
        },
    )
    with pytest.raises(BuildFailed) as failed:
        build(tmp_path)
    (problem,) = failed.value.diagnostics
    assert (problem.location.path, problem.location.line) == ("posts/_metadata.yml", 2)
    assert "missing.bib" in problem.message


SHORTCODE_SETTINGS = """\
project:
  type: website
version: '1.10'
website:
  title: "Docs v{{< meta version >}}"
  description: "{{< var tagline >}}"
  navbar:
    left:
      - text: "Download v{{< meta version >}}"
        href: about.qmd
      - text: "Site: {{< meta website.title >}}"
        href: https://example.org/
      - text: "Old {{< meta nope >}}"
        href: https://example.org/old
      - text: "{{< fa star >}} {{< kbd K >}} Stars"
        href: https://example.org/stars
"""


def test_meta_and_var_shortcodes_in_quarto_yml_settings(tmp_path: Path) -> None:
    """Quarto resolves `{{< meta >}}` and `{{< var >}}` in navbar text; quizsite does so in
    every setting it shows, and leaves out (with a warning) what it cannot resolve."""
    write_tree(
        tmp_path,
        {
            "_quarto.yml": SHORTCODE_SETTINGS,
            "_variables.yml": "tagline: Answers to everything\n",
            "about.qmd": "---\ntitle: About\n---\n\nHello.\n",
            "posts/p/index.qmd": quiz_text(),
        },
    )
    result = build(tmp_path)
    home = (result.output / "index.html").read_text()
    assert "{{&lt;" not in home and "{{<" not in home
    assert "<title>Docs v1.10" in home
    assert 'content="Answers to everything"' in home
    nav = home.split('class="site-nav"')[1].split("</nav>")[0]
    assert ">Download v1.10</a>" in nav
    assert ">Site: Docs v{{< meta version >}}" not in nav and ">Site: Docs v1.10" in nav
    assert ">Old</a>" in nav and ">Stars</a>" in nav
    # An icon shortcode (`{{< fa star >}}`) is the item's icon (quarto_project.icon_shortcodes).
    assert 'data-icon="star"' in nav
    warned = sorted((w.location.line, w.message) for w in result.warnings if "{{<" in w.message)
    assert warned == [
        (13, "{{< meta nope >}} names no value in _quarto.yml; left out"),
        (15, "{{< kbd K >}} in a metadata value cannot be shown; left out"),
    ]


def test_meta_and_var_shortcodes_in_a_document_s_metadata_values(tmp_path: Path) -> None:
    """`{{< meta >}}`/`{{< var >}}` in a title, subtitle, description or author (the post's own,
    or given by `_quarto.yml`) are resolved as Quarto resolves them in the document; never
    shown as written."""
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: T\n"
            'author: "{{< var me >}}"\ndescription: "About {{< meta title >}}"\n',
            "_variables.yml": "me: Ada\nrelease: '2.0'\n",
            "posts/p/index.qmd": "---\ntitle: Release {{< var release >}}\ndate: 2024-01-01\n"
            'subtitle: "For {{< meta author >}} {{< kbd Ctrl >}}"\n---\n\nBody.\n',
        },
    )
    result = build(tmp_path)
    page = (result.output / "posts/p/index.html").read_text()
    assert "{{&lt;" not in page and "{{<" not in page
    assert '<h1 class="post-title title">Release 2.0</h1>' in page
    assert '<p class="post-subtitle subtitle">For Ada</p>' in page
    assert '<meta name="description" content="About Release 2.0">' in page
    assert '<p class="post-authors">By Ada</p>' in page
    [kbd] = [w for w in result.warnings if "kbd" in w.message]
    assert kbd.message == "{{< kbd Ctrl >}} in a metadata value cannot be shown; left out"
    assert (kbd.location.path, kbd.location.line) == ("posts/p/index.qmd", 4)


def test_quarto_titles_are_read_as_markdown_never_shown_with_their_marks(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": 'project:\n  type: website\nwebsite:\n  title: "`bayesf22` Notebook"\n',
            "posts/p/index.qmd": '---\ntitle: "Using `dplyr` *well*"\ndate: 2024-01-01\n---\n\nT.\n',
            "posts/q/index.qmd": '---\ntitle: "snake_case names"\ndate: 2024-01-02\n---\n\nT.\n',
        },
    )
    out = build(tmp_path).output
    page = (out / "posts/p/index.html").read_text()
    assert '<h1 class="post-title title">Using dplyr well</h1>' in page
    assert "<title>Using dplyr well · bayesf22 Notebook</title>" in page
    assert "snake_case names</h1>" in (out / "posts/q/index.html").read_text()
