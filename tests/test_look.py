"""A Quarto blog's look as its author set it (issue 20): `theme` (Bootswatch names, `.scss`
files, light/dark pairs), `css` site-wide, per folder and per document, the colour and font
options, includes, comments, the title banner, the page footer; and a warning at its line for
each option that changes the page and is not applied."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, write_tree

QUARTO = """project:
  type: website
website:
  title: "Look blog"
  site-url: https://example.org/
  page-footer:
    left: "© 2024 Ada · built with [Quarto](https://quarto.org/)"
    right:
      - text: Feed
        href: index.xml
      - text: Source
        href: https://github.com/ada/blog
format:
  html:
    theme: custom.scss
    css: styles.css
    smooth-scroll: true
"""

SCSS = """/*-- scss:defaults --*/
$body-bg: #fdf6e3;
$body-color: #333333;
$link-color: #b58900;
$font-family-sans-serif: "Fira Sans", sans-serif;
$headings-font-family: "Nova Square";
$navbar-bg: #073642;

/*-- scss:rules --*/
@font-face {
  font-family: "Nova Square";
  src: url("fonts/nova.woff2") format("woff2");
}
.post-title { letter-spacing: .02em; color: darken($link-color, 10%); }
"""

POST = """---
title: "{title}"
date: 2024-01-0{n}
---

Some words.
"""


def _blog(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """A small Quarto blog with a site-wide theme, stylesheet and footer."""
    files: dict[str, str | bytes] = {
        "_quarto.yml": QUARTO,
        "custom.scss": SCSS,
        "styles.css": ".post-body p { hyphens: auto; }\n",
        "fonts/nova.woff2": b"wOF2 not really",
        "index.qmd": '---\ntitle: "Home"\nlisting:\n  contents: posts\n---\n',
        "posts/first/index.qmd": POST.format(title="First", n=1),
        "posts/second/index.qmd": POST.format(title="Second", n=2),
    }
    return write_tree(root, {**files, **(extra or {})})


def _links(html: str) -> list[str]:
    """The stylesheets a page links, in order."""
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def _build(cli: Callable[..., CliResult], root: Path) -> tuple[Path, CliResult]:
    out = root / "_site"
    result = cli("build", root, "-o", out)
    assert result.code == 0, result.err
    return out, result


def test_theme_scss_and_css_follow_the_default_theme_on_every_page(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = _blog(tmp_path / "blog")
    out, result = _build(cli, root)
    for page in ("posts/first/index.html", "index.html", "tags/index.html", "404.html"):
        html = (out / page).read_text()
        links = _links(html)
        theme = next(u for u in links if "/assets/look/theme-" in u)
        # The theme's CSS, then the author's compiled theme, then their stylesheet: theirs win.
        assert links.index("/assets/style.css") < links.index(theme)
        assert links.index(theme) < links.index("/assets/look/styles.css"), page
        assert 'data-theme-scheme="light"' in html  # one theme: kept light, as in Quarto
        assert '<meta name="color-scheme" content="light">' in html
    css = (out / theme.lstrip("/")).read_text()
    # Bootstrap's variables as the default theme's custom properties.
    assert "--bg: #fdf6e3;" in css and "--text: #333333;" in css
    assert "--accent: #b58900;" in css and '--font: "Fira Sans", sans-serif;' in css
    assert ".site-header { background: #073642;" in css  # $navbar-bg
    assert 'h1, h2, h3, h4, h5, h6 { font-family: "Nova Square"; }' in css
    # The author's rules, compiled (darken() and all), after the properties.
    assert re.search(r"\.post-title \{\s*letter-spacing: \.02em;\s*color: #8\w{5};", css)
    assert css.index("--bg: #fdf6e3") < css.index(".post-title")
    # The files its url()s name are published where they lead.
    assert (out / "assets/look/fonts/nova.woff2").read_bytes() == b"wOF2 not really"
    assert (out / "assets/look/styles.css").read_text() == ".post-body p { hyphens: auto; }\n"
    assert "warning" not in result.err  # smooth-scroll is accepted: nothing to say


def test_site_without_a_look_links_nothing_more(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace("    theme: custom.scss\n    css: styles.css\n", "")
    root = _blog(tmp_path / "blog", {"_quarto.yml": quarto})
    out, _ = _build(cli, root)
    html = (out / "posts/first/index.html").read_text()
    assert _links(html) == ["/assets/style.css", "/assets/highlight.css"]
    assert "data-theme-scheme" not in html
    assert '<meta name="color-scheme" content="light dark">' in html
    assert not (out / "assets/look").exists()


def test_css_per_folder_and_per_document_only_where_it_applies(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = _blog(
        tmp_path / "blog",
        {
            "posts/_metadata.yml": "css: posts.css\n",
            "posts/posts.css": "h2 { color: teal; }\n",
            "posts/second/index.qmd": "---\ntitle: Second\ndate: 2024-01-02\nformat:\n  html:\n    css: own.css\n---\n\nWords.\n",
            "posts/second/own.css": ".own { color: red; }\n",
        },
    )
    out, _ = _build(cli, root)
    first = _links((out / "posts/first/index.html").read_text())
    second = _links((out / "posts/second/index.html").read_text())
    home = _links((out / "index.html").read_text())
    assert "/assets/look/posts/posts.css" in first and "/assets/look/posts/posts.css" in second
    assert "/assets/look/posts/second/own.css" in second
    assert "/assets/look/posts/second/own.css" not in first
    assert "/assets/look/posts/posts.css" not in home and "/assets/look/styles.css" in home
    assert (out / "assets/look/posts/second/own.css").read_text() == ".own { color: red; }\n"


def test_missing_files_and_broken_sass_are_warnings_at_their_lines(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace("css: styles.css", "css: [styles.css, gone.css]")
    scss = SCSS.replace(".post-title {", ".post-title { color: $no-such-variable;")
    root = _blog(
        tmp_path / "blog",
        {
            "_quarto.yml": quarto,
            "custom.scss": scss,
            "posts/first/index.qmd": "---\ntitle: First\ndate: 2024-01-01\ntheme: solarized-ish\ninclude-in-header: missing.html\n---\n\nWords.\n",
        },
    )
    out, result = _build(cli, root)
    assert "_quarto.yml:16: warning: the stylesheet 'gone.css' does not exist" in result.err
    assert (
        "custom.scss:14: warning: the theme's rules do not compile and are left out: "
        'Undefined variable: "$no-such-variable".'
    ) in result.err
    assert (
        "posts/first/index.qmd:4: warning: the theme 'solarized-ish' is not one quizsite knows"
        in result.err
    )
    assert (
        "posts/first/index.qmd:5: warning: the file 'missing.html' to include does not exist"
        in result.err
    )
    # Each said once, however many documents the file reaches.
    assert result.err.count("'gone.css' does not exist") == 1
    # The defaults still apply when the rules cannot.
    theme = next(u for u in _links((out / "index.html").read_text()) if "theme-" in u)
    assert "--bg: #fdf6e3;" in (out / theme.lstrip("/")).read_text()


def test_bootswatch_names_and_light_dark_pairs(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace(
        "theme: custom.scss", "theme:\n      light: cosmo\n      dark: [darkly, dark.scss]"
    )
    root = _blog(
        tmp_path / "blog",
        {"_quarto.yml": quarto, "dark.scss": "/*-- scss:defaults --*/\n$link-color: #75aadb;\n"},
    )
    out, _ = _build(cli, root)
    html = (out / "posts/first/index.html").read_text()
    # A pair: a toggle starting from the scheme named first; each variant is a stylesheet of
    # its own, linked for the reader's scheme until the toggle's script applies the chosen one.
    assert ' data-theme-scheme="' not in html and 'data-scheme-toggle="light"' in html
    assert (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Source+Sans+Pro'
        in html
    )
    sheets = dict(
        re.findall(
            r'<link rel="stylesheet" href="([^"]+)" media="[^"]+" data-scheme="(\w+)">', html
        )
    )
    assert sorted(sheets.values()) == ["dark", "light"]
    light, dark = (
        (out / next(u for u, s in sheets.items() if s == scheme).lstrip("/")).read_text()
        for scheme in ("light", "dark")
    )
    assert "--accent: #2780e3;" in light and '"Source Sans Pro"' in light  # cosmo
    assert "--bg: #222222;" in dark and "--accent: #75aadb;" in dark  # darkly, the author's link
    assert "#222222" not in light and "#2780e3" not in dark


def test_colour_and_font_options_map_onto_the_theme(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace(
        "    theme: custom.scss\n",
        "    mainfont: Lato\n    monofont: Fira Code, monospace\n    fontsize: 1.1em\n"
        "    linkcolor: '#aa3300'\n    max-width: 50rem\n",
    )
    root = _blog(tmp_path / "blog", {"_quarto.yml": quarto})
    out, _ = _build(cli, root)
    html = (out / "index.html").read_text()
    assert 'data-theme-scheme="light"' in html  # a colour set: kept light
    css = (out / next(u for u in _links(html) if "theme-" in u).lstrip("/")).read_text()
    for expected in (
        '--font: "Lato";',
        '--mono: "Fira Code", monospace;',
        "--accent: #aa3300;",
        "--measure: 50rem;",
        "body { font-size: 1.1em; }",
    ):
        assert expected in css


def test_includes_are_inserted_raw_where_quarto_puts_them(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace(
        "    smooth-scroll: true\n",
        '    include-in-header:\n      - text: |\n          <meta name="look-test" content="1">\n'
        "      - analytics.html\n    include-before-body: before.html\n"
        "    include-after-body:\n      text: <script>window.after = 1 && 2;</script>\n",
    )
    root = _blog(
        tmp_path / "blog",
        {
            "_quarto.yml": quarto,
            "analytics.html": '<script defer data-domain="ada.org" src="https://x.io/s.js"></script>\n',
            "before.html": '<div id="before">Hello</div>\n',
        },
    )
    out, _ = _build(cli, root)
    html = (out / "posts/first/index.html").read_text()
    head, body = html.split("</head>", 1)
    assert '<meta name="look-test" content="1">' in head
    assert '<script defer data-domain="ada.org" src="https://x.io/s.js"></script>' in head
    assert body.index('<div id="before">Hello</div>') < body.index('class="site-header')
    assert body.index("<script>window.after = 1 && 2;</script>") > body.index("<footer")


def test_comments_only_on_documents_that_have_them(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace(
        "    smooth-scroll: true\n",
        "    comments:\n      utterances:\n        repo: ada/blog\n",
    )
    root = _blog(
        tmp_path / "blog",
        {
            "_quarto.yml": quarto,
            "posts/second/index.qmd": "---\ntitle: Second\ndate: 2024-01-02\ncomments: false\n---\n\nNo comments.\n",
            "about.qmd": "---\ntitle: About\ncomments:\n  giscus:\n    repo: ada/blog\n---\n\nMe.\n",
        },
    )
    out, result = _build(cli, root)
    first = (out / "posts/first/index.html").read_text()
    assert (
        '<script src="https://utteranc.es/client.js" repo="ada/blog" issue-term="pathname"' in first
    )
    assert 'theme="github-light"' in first  # the page is kept light: so is the widget
    assert "utteranc.es" not in (out / "posts/second/index.html").read_text()
    assert "utteranc.es" not in (out / "tags/index.html").read_text()
    about = (out / "about.html").read_text()
    assert 'src="https://giscus.app/client.js" data-repo="ada/blog"' in about
    assert "about.qmd:3: warning: giscus needs repo-id and category-id" in result.err


def test_title_block_banner_colour_image_and_text_colour(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = _blog(
        tmp_path / "blog",
        {
            "posts/_metadata.yml": "title-block-banner: true\n",
            "posts/second/index.qmd": "---\ntitle: Second\ndate: 2024-01-02\ntitle-block-banner: '#222233'\n---\n\nW.\n",
            "about.qmd": "---\ntitle: About\ntitle-block-banner: banner.png\ntitle-block-banner-color: '#ffeeaa'\n---\n\nMe.\n",
            "banner.png": b"\x89PNG fake",
        },
    )
    out, _ = _build(cli, root)
    first = (out / "posts/first/index.html").read_text()
    # The navbar's colours (no style of its own); Quarto's class names for the author's CSS.
    assert (
        '<header class="post-header title-banner quarto-title-block quarto-title-banner" '
        'id="title-block-header">' in first
    )
    second = (out / "posts/second/index.html").read_text()
    assert 'style="--banner-bg: #222233; --banner-fg: #ffffff;"' in second
    about = (out / "about.html").read_text()
    assert (
        "--banner-bg: url('/assets/look/banner.png') center / cover; --banner-fg: #ffeeaa;" in about
    )
    assert (out / "assets/look/banner.png").read_bytes() == b"\x89PNG fake"
    assert "title-banner" not in (out / "index.html").read_text()


def test_page_footer_regions_and_links(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    root = _blog(tmp_path / "blog")
    out, _ = _build(cli, root)
    html = (out / "tags/index.html").read_text()
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert (
        '<div class="page-footer-left nav-footer-left">© 2024 Ada · built with <a href="https://quarto.org/">Quarto</a></div>'
        in footer
    )
    assert '<a href="/index.xml" class="nav-link">Feed</a>' in footer
    assert (
        '<a href="https://github.com/ada/blog" rel="external" class="nav-link">Source</a>' in footer
    )
    assert "built with quizsite" not in footer  # the author's footer, in place of quizsite's


def test_shortcodes_in_footer_links_are_icons_or_left_out(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    links = (
        '      - text: "{{< fa brands github >}} Code"\n'
        "        href: https://github.com/ada\n"
        '      - text: "{{< ai researchgate >}}"\n'
        "        href: https://researchgate.net/ada\n"
        "        aria-label: ResearchGate\n"
    )
    quarto = QUARTO.replace("    right:\n", "    right:\n" + links, 1)
    root = _blog(tmp_path / "blog", {"_quarto.yml": quarto})
    out, result = _build(cli, root)
    html = (out / "tags/index.html").read_text()
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert "{{" not in footer
    assert 'data-icon="github"' in footer and "Code" in footer
    assert ">ResearchGate</a>" in footer
    assert "_quarto.yml:11: warning: the 'ai' shortcode in this footer link is left out" in (
        result.err
    )


@pytest.mark.parametrize(
    ("where", "text", "line"),
    [
        (
            "_quarto.yml",
            QUARTO.replace("smooth-scroll: true", "code-link: true\n    anchor-sections: true"),
            17,
        ),
        (
            "posts/first/index.qmd",
            "---\ntitle: First\ndate: 2024-01-01\nformat:\n  html:\n    code-link: true\n---\n\nW.\n",
            6,
        ),
    ],
)
def test_options_not_applied_are_one_warning_at_their_line(
    tmp_path: Path, cli: Callable[..., CliResult], where: str, text: str, line: int
) -> None:
    root = _blog(tmp_path / "blog", {where: text})
    _, result = _build(cli, root)
    key = "code-link"
    assert f"{where}:{line}: warning: '{key}' is not applied" in result.err
    assert result.err.count(f"'{key}' is not applied") == 1


def test_website_options_not_applied_are_warned_of(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace(
        "  page-footer:", "  reader-mode: true\n  back-to-top-navigation: false\n  page-footer:"
    )
    root = _blog(tmp_path / "blog", {"_quarto.yml": quarto})
    _, result = _build(cli, root)
    assert "_quarto.yml:6: warning: 'website.reader-mode' is not applied" in result.err
    assert "back-to-top" not in result.err  # turned off: nothing is missing


DOCS_QUARTO = """project:
  type: website
website:
  title: "Docs"
  sidebar:
    contents:
      - index.qmd
      - section: "Guide"
        contents:
          - guide/start.qmd
          - guide/deeper.qmd
      - text: "---"
      - section: "Reference"
        contents: ref
      - href: https://quarto.org
        text: Quarto
"""


def docs_site(root: Path) -> Path:
    """A small docs site with a sidebar: listed documents, a section from a folder, a
    separator, an outside link, and a page that turns the sidebar off."""
    page = "---\ntitle: {}\n---\n\nText.\n"
    return write_tree(
        root,
        {
            "_quarto.yml": DOCS_QUARTO,
            "posts/.keep": "",
            "index.qmd": page.format("Welcome"),
            "guide/start.qmd": page.format("Getting started"),
            "guide/deeper.qmd": page.format("Going deeper"),
            "ref/api.qmd": page.format("API"),
            "ref/cli.qmd": "---\ntitle: CLI\nsidebar: false\n---\n\nText.\n",
        },
    )


def test_sidebar_lists_documents_sections_and_folders(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = docs_site(tmp_path / "docs")
    out, _ = _build(cli, root)
    html = (out / "guide/start.html").read_text()
    nav = html[
        html.index('<nav class="site-sidebar"') : html.index(
            "</nav>", html.index('<nav class="site-sidebar"')
        )
    ]
    # Documents by their titles, at their pages; the current one marked.
    assert '<li><a href="/">Welcome</a></li>' in nav
    assert '<a href="/guide/start.html" aria-current="page">Getting started</a>' in nav
    assert '<a href="/guide/deeper.html">Going deeper</a>' in nav
    # A section made from a folder's documents; a separator; an outside link.
    assert "<summary>Reference</summary>" in nav
    assert '<a href="/ref/api.html">API</a>' in nav and '<a href="/ref/cli.html">CLI</a>' in nav
    assert '<li class="sidebar-separator" role="separator"></li>' in nav
    assert '<a href="https://quarto.org">Quarto</a>' in nav
    # One sidebar for the whole site: on every page but the one that turns it off.
    assert 'class="site-sidebar"' in (out / "tags/index.html").read_text()
    assert 'class="site-sidebar"' not in (out / "ref/cli.html").read_text()


def test_sidebars_by_id_cover_the_pages_they_list(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = """project:
  type: website
website:
  title: "Docs"
  sidebar:
    - id: guide
      title: Guide
      contents:
        - guide/start.qmd
        - guide/deeper.qmd
    - id: reference
      title: Reference
      contents:
        - index.qmd
        - ref
"""
    root = docs_site(tmp_path / "docs")
    write_tree(
        root, {"_quarto.yml": quarto, "ref/api.qmd": "---\ntitle: API\nsidebar: guide\n---\n\nT.\n"}
    )
    out, _ = _build(cli, root)
    assert 'aria-label="Guide"' in (out / "guide/deeper.html").read_text()
    assert 'aria-label="Reference"' in (out / "index.html").read_text()
    assert 'aria-label="Guide"' in (out / "ref/api.html").read_text()  # named by the page
    assert "site-sidebar" not in (out / "tags/index.html").read_text()  # no sidebar lists it


def test_page_navigation_and_back_to_top(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    quarto = DOCS_QUARTO.replace(
        "  sidebar:", "  page-navigation: true\n  back-to-top-navigation: true\n  sidebar:"
    )
    root = docs_site(tmp_path / "docs")
    write_tree(
        root,
        {
            "_quarto.yml": quarto,
            "guide/deeper.qmd": "---\ntitle: Going deeper\nback-to-top-navigation: false\n---\n\nT.\n",
        },
    )
    out, result = _build(cli, root)
    start = (out / "guide/start.html").read_text()
    assert '<a class="page-navigation-prev" href="/" rel="prev">' in start
    assert '<a class="page-navigation-next" href="/guide/deeper.html" rel="next">' in start
    assert '<p class="back-to-top"><a href="#">↑ Back to top</a></p>' in start
    deeper = (out / "guide/deeper.html").read_text()
    # The separator after "Going deeper" ends the run: no next page across it.
    assert 'rel="prev"' in deeper and 'rel="next"' not in deeper
    assert "back-to-top" not in deeper  # turned off by the page
    assert "not applied" not in result.err


def test_navbar_background_and_foreground(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    quarto = QUARTO.replace(
        "  page-footer:",
        "  navbar:\n    background: '#36494e'\n    logo: logo.png\n    left:\n      - about.qmd\n  page-footer:",
    )
    root = _blog(
        tmp_path / "blog", {"_quarto.yml": quarto, "about.qmd": "---\ntitle: About\n---\n\nMe.\n"}
    )
    out, result = _build(cli, root)
    html = (out / "tags/index.html").read_text()
    assert (
        '<header class="site-header navbar" id="quarto-header" style="--header-bg: #36494e; --header-fg: #ffffff">'
        in html
    )
    # The logo is shown before the title, as Quarto shows it; this one names no file.
    assert '<img class="navbar-logo" src="/logo.png" alt="">' in html
    assert "_quarto.yml:8: warning: the navbar's logo 'logo.png' is not in the site" in result.err
    quarto = QUARTO.replace("  page-footer:", "  navbar:\n    background: light\n  page-footer:")
    write_tree(root, {"_quarto.yml": quarto})
    out, _ = _build(cli, root)
    assert (
        'style="--header-bg: var(--surface); --header-fg: var(--text)"'
        in (out / "index.html").read_text()
    )


@pytest.mark.parametrize(
    ("theme", "expected"),
    [
        # Quarto's navbar for the theme: its primary colour, or Quarto's override.
        ("flatly", [".site-header { background: #2c3e50;", "--accent: #18bc9c;"]),
        ("litera", [".site-header { background: #ffffff; }", "font-weight: 700;"]),
        ("cyborg", [".site-header { background: #060606;"]),
        ("sandstone", [".site-header { background: #3e3f3a;", "font-weight: 400;"]),
        ("solar", [".site-header { background: #073642;", "--accent: #2aa198;"]),
        ("superhero", [".site-header { background: #3b4d5b;", "--accent: #df6919;"]),
        ("spacelab", [".site-header { background: #eeeeee;", "--accent: #3399f3;"]),
        ("minty", [".scheme-toggle { color: #ffffff; }", "--text: #5a5a5a;"]),
        ("cosmo", ["h1, h2, h3, h4, h5, h6 { font-weight: 400; }"]),
        ("lux", ["text-transform: uppercase; letter-spacing: 3px;"]),
        ("journal", ['"News Cycle"', "font-weight: 700;"]),
        ("zephyr", ["color: #212529;", "Inter"]),
    ],
)
def test_bootswatch_themes_as_quarto_shows_them(
    theme: str, expected: list[str], tmp_path: Path
) -> None:
    from quizsite.look_theme import theme_style

    problems: list[str] = []
    style = theme_style(
        theme, {}, "", lambda rel: None, ("_quarto.yml", 1), lambda w, m, h: problems.append(m)
    )
    assert style is not None and not problems
    for text in expected:
        assert text in style.css, (theme, text)
    if theme == "journal":  # its body keeps Bootstrap's sans-serif; only headings change
        assert "Georgia" not in style.css
