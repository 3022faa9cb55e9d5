"""More shapes of real data-science and R Quarto websites (found building public ones: R
package sites, personal blogs rendered with `keep-md`, themes split into Sass partials): each
fixture is written here, in its own words, reproducing one thing such a site does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import write_tree
from fixture_file import render

from quizsite.build import build
from quizsite.intermediates import intermediate_of, intermediates
from quizsite.skipped import content_documents, skipped_documents

SITE_YML = "project:\n  type: website\nwebsite:\n  title: Notes on models\n"
KEEP_MD_YML = SITE_YML + "execute:\n  keep-md: true\n"


def test_kept_markdown_beside_a_post_is_not_a_second_post(tmp_path: Path) -> None:
    """With `keep-md: true` Quarto leaves `index.html.md` beside `index.qmd` (and
    `about.html.md` beside `about.qmd`); its project crawl takes them as intermediates, not
    documents, so each post is published once, at its own address only."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": KEEP_MD_YML,
            "index.qmd": "---\ntitle: Home\nlisting:\n  contents: posts\n---\n",
            "about.qmd": "---\ntitle: About me\n---\n\nI fit models.\n",
            "about.html.md": "---\ntitle: About me\n---\n\nI fit models.\n",
            "posts/ridge/index.qmd": "---\ntitle: Ridge\ndate: 2024-01-02\n---\n\nShrink.\n",
            "posts/ridge/index.html.md": "---\ntitle: Ridge\ndate: 2024-01-02\n---\n\nShrink.\n",
            "posts/ridge/coefs.png": b"\x89PNG\r\n",
            # A document of its own whose name merely looks like one: no `notes.qmd` beside it.
            "posts/notes.html.md": "---\ntitle: Notes\ndate: 2024-01-01\n---\n\nKept.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    assert (out / "posts/ridge/index.html").is_file()
    assert (out / "posts/ridge/coefs.png").is_file()
    assert not (out / "posts/ridge/index.html.html").exists()
    assert not (out / "posts/ridge/index.html.md").exists()
    assert not (out / "about.html.html").exists()
    assert (out / "posts/notes.html.html").is_file()
    home = (out / "index.html").read_text()
    assert home.count(">Ridge<") == 1
    # `check` still lists them, saying why they were not taken.
    skipped = dict(skipped_documents(content_documents(root / "posts"), [], root))
    assert skipped["posts/ridge/index.html.md"].endswith("of index.qmd")


def test_which_names_are_intermediates() -> None:
    """Quarto's rule: `<stem>.<format>.md` or `<stem>-<format>.md` beside a document named
    `<stem>`, for any Pandoc output format, and a notebook beside a `.qmd` of its name."""
    names = ["index.qmd", "index.html.md", "index-gfm.md", "post.Rmd", "post.latex.md"]
    names += ["paper.qmd", "paper.ipynb", "lone.ipynb", "2024-01-01.md", "a.b.md", "x.html.md"]
    assert intermediates(names) == {
        "index.html.md",
        "index-gfm.md",
        "post.latex.md",
        "paper.ipynb",
    }
    assert intermediate_of("index.html.md", {"index.html.md"}) is None
    assert intermediates(["index.qmd", "data.csv"]) == frozenset()


def test_raw_html_over_div_lines_in_a_code_span_is_html() -> None:
    """knitr writes an htmltools widget as `` `<div …>`` … ``</div>`{=html} `` over lines
    that begin with `<div>`: the code span goes on to its closing backticks, as in Pandoc, so
    no `{=html}` nor backtick reaches the page; backticks never closed are text, and then a
    `<div>` line ends the paragraph."""
    source = (
        "## Stars\n\n"
        '`<div style="display: flex">\n<div class="stars">\n<svg></svg>\n</div>\n</div>`{=html}\n'
        "\nAfter.\n"
    )
    html = render(source)
    assert "{=html}" not in html and "`" not in html
    assert '<div class="stars">' in html and "<p>After.</p>" in html
    unclosed = render("Two ``ticks` here\n<div>\n*x*\n</div>\n")
    assert unclosed.startswith("<p>Two ``ticks` here</p>\n<div>")
    assert "<em>x</em>" in unclosed


THEME = """\
/*-- scss:defaults --*/
$primary: #2a6f4e;

/*-- scss:rules --*/
@import "scss/home";
@import 'scss/cards.scss';
"""


def test_a_theme_importing_sass_partials_compiles(tmp_path: Path) -> None:
    """A theme file's rules may `@import "scss/home"`, Sass finding `scss/_home.scss` beside
    it; the partials (and theirs, relative to them) are read and compiled in, no warning."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML + "format:\n  html:\n    theme: styles.scss\n",
            "styles.scss": THEME,
            "scss/_home.scss": '@import "parts/hero";\n.home-intro { color: $primary; }\n',
            "scss/parts/_hero.scss": ".hero-banner { margin: 3px; }\n",
            "scss/_cards.scss": ".card-deck { padding: 2px; }\n",
            "index.qmd": "---\ntitle: Home\n---\n\nHello.\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "theme" in w.message], result.warnings
    css = "".join(p.read_text() for p in out.rglob("*.css"))
    assert ".home-intro" in css and ".hero-banner" in css and ".card-deck" in css
    assert "#2a6f4e" in css


def test_a_missing_partial_is_still_a_warning_at_the_theme(tmp_path: Path) -> None:
    """A partial found nowhere is left to libsass, which names it: a warning at the file."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML + "format:\n  html:\n    theme: styles.scss\n",
            "styles.scss": "/*-- scss:rules --*/\n@import 'scss/gone';\n",
            "index.qmd": "---\ntitle: Home\n---\n\nHello.\n",
        },
    )
    result = build(root, tmp_path / "out")
    [warned] = [w for w in result.warnings if "theme" in w.message]
    assert "scss/gone" in warned.message and str(warned.location).startswith("styles.scss")


def test_toc_depth_zero_is_valid_and_shows_no_contents(tmp_path: Path) -> None:
    """`toc-depth: 0` (tidymodels.org's pages) is valid Quarto: the page builds, with no
    table of contents."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n\nHello.\n",
            "about/index.qmd": "---\ntitle: Team\ntoc: true\ntoc-depth: 0\n---\n\n## Who\n\nUs.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    page = (out / "about/index.html").read_text()
    assert "Us." in page and 'class="toc"' not in page and 'id="toc-title"' not in page


def test_includes_and_themes_joined_from_layers_keep_each_files_folder(tmp_path: Path) -> None:
    """`_quarto.yml` includes `includes/footer.html` and a folder's `_metadata.yml` adds
    `../includes/notes.html` (and a theme file `../styles/notes.scss`): Quarto joins the
    lists, each path read from its own file's folder, so a page below gets all of them."""
    quarto = SITE_YML + (
        "format:\n  html:\n    theme:\n      - cosmo\n      - styles/main.scss\n"
        "    include-after-body:\n      - includes/footer.html\n"
    )
    notes_meta = (
        "format:\n  html:\n    theme:\n      - cosmo\n      - ../styles/notes.scss\n"
        "    include-after-body:\n      - ../includes/notes.html\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "styles/main.scss": "/*-- scss:rules --*/\n.site-wide-rule { color: red; }\n",
            "styles/notes.scss": "/*-- scss:rules --*/\n.notes-only-rule { color: blue; }\n",
            "includes/footer.html": '<footer class="site-footer-mark">F</footer>\n',
            "includes/notes.html": '<aside class="notes-mark">N</aside>\n',
            "index.qmd": "---\ntitle: Home\n---\n\nHello.\n",
            "notes/_metadata.yml": notes_meta,
            "notes/first.qmd": "---\ntitle: First note\n---\n\nA note.\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "exist" in w.message], result.warnings
    page = (out / "notes/first.html").read_text()
    assert "site-footer-mark" in page and "notes-mark" in page
    css = "".join(p.read_text() for p in out.rglob("*.css"))
    assert ".site-wide-rule" in css and ".notes-only-rule" in css
    home = (out / "index.html").read_text()
    assert "site-footer-mark" in home and "notes-mark" not in home


BARE_BIB = """\
@string{mon = {Monash University}}

@report{fanhyndman,
  title       = {Electricity demand forecasting},
  author      = {Shu Fan and Rob Hyndman},
  institution = unitedstats,
  year        = {2015}
}

@inproceedings{tukey75,
  title     = {Mathematics and the picturing of data},
  author    = {J W Tukey},
  year      = 1975,
  booktitle = {Proceedings of the International Congress of Mathematicians},
  pages     = 523-531
}

@report{mefm,
  title       = {Electricity forecasting model},
  author      = {Rob Hyndman},
  institution = mon,
  year        = {2016}
}
"""


def test_bare_bibtex_values_are_read_as_pandoc_reads_them(tmp_path: Path) -> None:
    """`pages = 523-531` (a bare word) and `institution = unitedstats` (a macro defined
    nowhere) are text to Pandoc, not an unreadable file: the post builds and cites both."""
    post = (
        "---\ntitle: Anomalies\ndate: 2023-09-29\nbibliography: [weird.bib]\n---\n\n"
        "As @tukey75 drew, and @fanhyndman and @mefm forecast.\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n",
            "posts/ozone/index.qmd": post,
            "posts/ozone/weird.bib": BARE_BIB,
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "bibliography" in w.message], result.warnings
    page = (out / "posts/ozone/index.html").read_text()
    assert "523–31" in page  # Chicago's page range of `523-531`
    assert "Unitedstats" in page and "Monash University" in page


def test_multibib_sections_are_listed_together_with_a_warning(tmp_path: Path) -> None:
    """`bibliography: {book: a.bib, papers: b.bib}` (the multibib filter's sections) is read,
    every file's references cited, with one warning that the sections are not kept apart."""
    post = (
        "---\ntitle: Weird ones\nbibliography:\n  book: a.bib\n  papers: b.bib\n---\n\n"
        "See @tukey75 and @fanhyndman.\n"
    )
    halves = BARE_BIB.split("@inproceedings")
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n",
            "seminars/weird.md": post,
            "seminars/a.bib": halves[0],
            "seminars/b.bib": "@inproceedings" + halves[1],
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    [warned] = [w for w in result.warnings if "multibib" in w.message]
    assert str(warned.location) == "seminars/weird.md:3"
    page = (out / "seminars/weird.html").read_text()
    assert "Mathematics and the Picturing of Data" in page
    assert "Electricity Demand Forecasting" in page


def test_a_sidebar_section_whose_contents_is_a_pattern_lists_its_documents(
    tmp_path: Path,
) -> None:
    """`contents: docs/cli/*.qmd` under a section (quarto.org's reference) is a pattern, as
    Quarto reads it: the section lists each page it matches, never a link to `*.html`."""
    quarto = SITE_YML + (
        "  sidebar:\n    contents:\n      - docs/intro.qmd\n"
        "      - section: CLI\n        contents: docs/cli/*.qmd\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "index.qmd": "---\ntitle: Home\n---\n",
            "docs/intro.qmd": "---\ntitle: Intro\n---\n\nStart here.\n",
            "docs/cli/render.qmd": "---\ntitle: quarto render\n---\n\nRenders.\n",
            "docs/cli/preview.qmd": "---\ntitle: quarto preview\n---\n\nPreviews.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    page = (out / "docs/intro.html").read_text()
    assert "*.html" not in page and "*.qmd" not in page
    assert 'href="/docs/cli/render.html"' in page and 'href="/docs/cli/preview.html"' in page


def test_images_in_the_page_footer_are_published(tmp_path: Path) -> None:
    """`page-footer: left: "[![](/images/sponsor.svg)](…)"` (quarto.org's sponsor logo): the
    footer shows a file of the site, which is published where the footer points."""
    quarto = SITE_YML + (
        "  page-footer:\n    left: |\n"
        "      Supported by [![](/images/sponsor.svg){width=65px}](https://example.org)\n"
        "    right: '![](images/badge.png)'\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "index.qmd": "---\ntitle: Home\n---\n",
            "images/sponsor.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "images/badge.png": b"\x89PNG\r\n",
            "images/unused.png": b"\x89PNG\r\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    assert 'src="/images/sponsor.svg"' in (out / "index.html").read_text()
    assert (out / "images/sponsor.svg").is_file() and (out / "images/badge.png").is_file()
    assert not (out / "images/unused.png").exists()


def test_a_folder_post_publishes_files_it_names_from_the_sites_root(tmp_path: Path) -> None:
    """A folder post's raw `<img src="/genealogy/x.jpg">` and Markdown `![](/img/y.png)` name
    files of the site outside its folder: Quarto publishes them where they are."""
    post = (
        "---\ntitle: Genealogy\ndate: 2024-02-01\n---\n\n"
        '<span class="gen-fig"><img src="/genealogy/thomasius.jpg" alt="J T"></span>\n\n'
        "![A plot](/img/plot.png)\n\n![Here](here.png)\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n",
            "hyndsight/genealogy/index.md": post,
            "hyndsight/genealogy/here.png": b"\x89PNG\r\n",
            "genealogy/thomasius.jpg": b"\xff\xd8\xff",
            "genealogy/unused.jpg": b"\xff\xd8\xff",
            "img/plot.png": b"\x89PNG\r\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    assert (out / "genealogy/thomasius.jpg").is_file()
    assert (out / "img/plot.png").is_file()
    assert (out / "hyndsight/genealogy/here.png").is_file()
    assert not (out / "genealogy/unused.jpg").exists()


def test_a_quarto_site_without_a_title_shows_none(tmp_path: Path) -> None:
    """emilhvitfeldt.com's `_quarto.yml` names no `website.title` (its navbar's first item is
    the author's name): Quarto shows no site title, so quizsite's own placeholder never
    appears, in the header or the window title; a site with a title keeps it."""
    quarto = (
        "project:\n  type: website\nwebsite:\n  navbar:\n    left:\n"
        "      - text: Emil\n        href: index.qmd\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "index.qmd": "---\ntitle: Home\n---\n\nHello.\n",
            "about.qmd": "---\ntitle: About me\n---\n\nMe.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    page = (out / "about.html").read_text()
    assert 'class="site-title"' not in page and ">Quiz blog<" not in page
    assert "<title>About me</title>" in page
    (root / "_quarto.yml").write_text(SITE_YML)
    build(root, tmp_path / "out2")
    titled = (tmp_path / "out2/about.html").read_text()
    assert "<title>About me · Notes on models</title>" in titled
    assert re.search(r'<a class="site-title[^"]*" href="/">Notes on models</a>', titled)


def test_a_document_theme_beside_layered_ones_keeps_its_own_folder(tmp_path: Path) -> None:
    """A document's own `theme: [style.scss]` (tidymodels.org's pages) joins `_quarto.yml`'s
    `styles.scss`: each file is read from its own file's folder, no warning."""
    quarto = SITE_YML + "format:\n  html:\n    theme:\n      - cosmo\n      - styles.scss\n"
    page = "---\ntitle: Predictions\nformat:\n  html:\n    theme: [style.scss]\n---\n\nFit.\n"
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "styles.scss": "/*-- scss:rules --*/\n.site-rule { color: red; }\n",
            "index.qmd": "---\ntitle: Home\n---\n",
            "learn/predictions/index.qmd": page,
            "learn/predictions/style.scss": "/*-- scss:rules --*/\n.page-rule { color: blue; }\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "exist" in w.message], result.warnings
    css = "".join(p.read_text() for p in out.rglob("*.css"))
    assert ".site-rule" in css and ".page-rule" in css


def test_html_in_a_navbar_items_text_is_html(tmp_path: Path) -> None:
    """tidymodels.org's navbar item `text:` is an inline `<svg>` (its GitHub icon): Quarto
    renders it as HTML, so it is never shown as escaped tags."""
    svg = '<svg class="icon-inline" viewBox="0 0 16 16"><path d="M8 0z"/></svg>'
    quarto = SITE_YML + (
        "  navbar:\n    right:\n      - text: About\n        href: about.qmd\n"
        f"      - text: |\n          {svg}\n        href: https://github.com/x\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "index.qmd": "---\ntitle: Home\n---\n",
            "about.qmd": "---\ntitle: About <b>us</b>\n---\n\nUs.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    page = (out / "about.html").read_text()
    assert re.search(r'<a href="https://github\.com/x"[^>]*>' + re.escape(svg) + "</a>", page)
    assert "&lt;svg" not in page


GITHUB_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" '
    'class="bi bi-github" viewBox="0 0 16 16"><path d="M8 0C3.58 0 0 3.58 0 8"/></svg>'
)


def _icon_set(tmp_path: Path, monkeypatch: Any, *names: str) -> None:
    """A folder of Bootstrap Icons' SVG files holding `names`, as the icon set."""
    from quizsite import icons

    folder = tmp_path / "bootstrap-icons"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.svg").write_text(GITHUB_SVG.replace("M8 0", f"M8 0 {name}"))
    monkeypatch.setenv("QUIZSITE_BOOTSTRAP_ICONS", str(folder))
    icons.icons_folder.cache_clear()


def test_extension_icon_shortcodes_show_their_glyph(tmp_path: Path, monkeypatch: Any) -> None:
    """`{{< fa brands github >}}`, `{{< iconify fa6-brands:x-twitter title="X" >}}` (Font
    Awesome's and Iconify's names) show Bootstrap Icons' glyph inline, sized as asked; an
    icon the set lacks is left out with a warning at its line, never shown as written."""
    from quizsite import icons

    _icon_set(tmp_path, monkeypatch, "github", "twitter-x")
    post = (
        "---\ntitle: Links\ndate: 2024-03-01\n---\n\n"
        "Code on {{< fa brands github size=2xl >}} and news on "
        '{{< iconify fa6-brands:x-twitter title="X" >}}.\n\n'
        "Made with {{< fa brands r-project >}}.\n\n"
        '<p class="text-center"><a class="btn" href="x.zip">{{< fa github >}}&ensp;Get it'
        '</a> <a title="{{< fa github >}}" href="y">Y</a></p>\n'
    )
    root = write_tree(
        tmp_path / "site",
        {"_quarto.yml": SITE_YML, "index.qmd": "---\ntitle: Home\n---\n", "posts/a.qmd": post},
    )
    try:
        result = build(root, tmp_path / "out")
    finally:
        icons.icons_folder.cache_clear()
    page = (tmp_path / "out/posts/a.html").read_text()
    assert 'class="inline-icon" width="2em" height="2em"' in page
    assert '<span role="img" aria-label="X" title="X"><svg' in page and "M8 0 twitter-x" in page
    assert "{{<" not in page and "r-project" not in page
    # In raw HTML's text (andrewheiss's buttons) too, but never inside a tag's attribute.
    assert '<a class="btn" href="x.zip"><svg' in page and '<a title="" href="y">Y</a>' in page
    [warned] = [w for w in result.warnings if "r-project" in w.message]
    assert str(warned.location) == "posts/a.qmd:8"


def test_footer_links_built_from_variables_and_icons(tmp_path: Path, monkeypatch: Any) -> None:
    """kazuyanagimoto's footer: `[{{< fa brands github >}}]({{< var github-url >}})` and
    `[{{< var orcid >}}](https://orcid.org/{{< var orcid >}})`: the variables are read
    before the Markdown, so each is a link (with its icon), never `[](…)` as text."""
    from quizsite import icons

    _icon_set(tmp_path, monkeypatch, "github")
    quarto = SITE_YML + (
        "  page-footer:\n    left: |\n"
        "      <span>ORCID [{{< var orcid >}}](https://orcid.org/{{< var orcid >}})</span>\n"
        "    center: |\n"
        "      <span>[{{< fa brands github >}}]({{< var github-url >}}) {{< var nothing >}}</span>\n"
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": quarto,
            "_variables.yml": "orcid: 0009-0007\ngithub-url: https://github.com/kaz\n",
            "index.qmd": "---\ntitle: Home\n---\n",
        },
    )
    try:
        result = build(root, tmp_path / "out")
    finally:
        icons.icons_folder.cache_clear()
    footer = (tmp_path / "out/index.html").read_text().split("<footer")[1]
    assert '<a href="https://orcid.org/0009-0007">0009-0007</a>' in footer
    assert '<a href="https://github.com/kaz"><svg' in footer
    assert "[](" not in footer and "{{<" not in footer
    [warned] = [w for w in result.warnings if "nothing" in w.message]
    assert str(warned.location) == "_quarto.yml:9"
