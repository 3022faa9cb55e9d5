"""Gaps closed as Quarto behaves: links from the site's root in `body-header`, `body-footer`
and `page-footer` under a sub-path, `.markdown` documents, the watcher's rules for root files
as the build's, `grid: content-mode`, `{{< env >}}` in metadata values (and a change of the
environment between command-line builds), and the `_environment` files' expansion forms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import QUARTO_SITE_YML, CliResult, post_body, quarto_blog, wait_for, write_tree
from test_watch import Recorder

from quizsite.build import build
from quizsite.quarto_env import parse_dotenv
from quizsite.watch import Watcher, is_input


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No variable the tests read comes from the environment they run in."""
    for name in ("QUARTO_PROFILE", "GAPS9_SET", "GAPS9_UNSET", "GAPS9_TITLE", "HOST_NAME"):
        monkeypatch.delenv(name, raising=False)


# ------------------------------------------------------------------------------------------------
# 6. The `_environment` files' expansion, as Quarto's dotenv reader (Deno's std/dotenv) has it


def test_a_bare_variable_with_a_fallback_takes_the_rest_of_the_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`$NAME:-fallback` without braces: the fallback is the rest of the value (a path with
    slashes whole), itself expanded; a set variable's value wins over it."""
    monkeypatch.setenv("GAPS9_SET", "from-the-shell")
    found = parse_dotenv(
        "ANSWER=42\n"
        "PATHS=$GAPS9_UNSET:-/default/path\n"
        "CHAINED=$GAPS9_UNSET:-$ANSWER:-never\n"
        "LAST=$GAPS9_UNSET:-$ALSO_UNSET:-last resort\n"
        "SET=$GAPS9_SET:-unused\n",
        "_environment",
    )
    assert found.values["PATHS"] == "/default/path"
    assert found.values["CHAINED"] == "42"
    assert found.values["LAST"] == "last resort"
    assert found.values["SET"] == "from-the-shell"
    assert found.problems == ()


def test_braced_fallbacks_nest_and_values_are_expanded_in_turn() -> None:
    """`${A:-${B:-x}}` nests (the fallback runs to the last brace); a variable whose value
    names others is expanded through them, wherever in the file they are set."""
    found = parse_dotenv(
        "NESTED=${GAPS9_UNSET:-${ANSWER:-default}}\n"
        "DEEPER=${GAPS9_UNSET:-${ALSO_UNSET:-default}}\n"
        "BOTH=$FIRST!==${SECOND}\n"
        "ANSWER=42\n"
        "FIRST='one $ANSWER'\n"
        "SECOND=two\n",
        "_environment",
    )
    assert found.values["NESTED"] == "42"
    assert found.values["DEEPER"] == "default"
    assert found.values["BOTH"] == "one 42!==two"
    assert found.values["FIRST"] == "one $ANSWER"  # single quotes: as written


def test_quoted_values_are_not_expanded_and_a_loop_ends() -> None:
    """std/dotenv expands only unquoted values: a double-quoted one keeps its `$` (its `\\n`
    is a line break); a variable naming itself does not loop; an escaped `\\$` stays."""
    found = parse_dotenv(
        'QUOTED="costs $5 and ${ANSWER}\\nthen"\nANSWER=42\nSELF=$SELF\nESCAPED=\\$ANSWER\n',
        "_environment",
    )
    assert found.values["QUOTED"] == "costs $5 and ${ANSWER}\nthen"
    assert found.values["SELF"] == "$SELF"
    assert found.values["ESCAPED"] == "\\$ANSWER"


# ------------------------------------------------------------------------------------------------
# 4. `grid: content-mode`, a Quarto option the default theme's layout does not follow


def _warnings(blog: Path) -> list[str]:
    """The warnings of a build of `blog` into its `site/`, as the CLI prints them."""
    return [d.format() for d in build(blog, blog / "site").warnings]


def test_content_mode_full_or_slim_is_said_to_be_unsupported_not_unknown(tmp_path: Path) -> None:
    """`grid: content-mode: full` (in `_quarto.yml`'s `format: html:`) and `slim` (in a post)
    are Quarto's: the warning says quizsite does not support them, at each key's line,
    while the grid's widths beside them still apply."""
    blog = quarto_blog(
        tmp_path / "blog",
        {
            "_quarto.yml": QUARTO_SITE_YML
            + "format:\n  html:\n    grid:\n      content-mode: full\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2025-01-01\ngrid:\n  content-mode: slim\n"
            "  body-width: 900px\n---\n\nHello.\n",
        },
    )
    shown = _warnings(blog)
    assert any(
        s.startswith("_quarto.yml:7: warning: 'grid: content-mode: full' is not supported by")
        for s in shown
    ), shown
    assert any(
        s.startswith("posts/a/index.qmd:4: warning: 'grid: content-mode: slim' is not supported")
        for s in shown
    ), shown
    assert not [s for s in shown if "not one of Quarto's grid widths" in s]
    page = (blog / "site/posts/a/index.html").read_text(encoding="utf-8")
    assert 'class="post-layout" style="--measure: 900px;"' in page


def test_content_mode_standard_or_auto_is_the_theme_s_own_layout(tmp_path: Path) -> None:
    """`standard` (the body beside a margin column) is the default theme's layout and `auto`
    is Quarto's default: neither is warned of. A value Quarto does not know is, naming
    Quarto's four."""
    posts = {
        f"posts/{mode}/index.qmd": f"---\ntitle: {mode}\ndate: 2025-01-01\n"
        f"grid:\n  content-mode: {mode}\n---\n\nHello.\n"
        for mode in ("standard", "auto", "wide")
    }
    shown = _warnings(quarto_blog(tmp_path / "blog", posts))
    grid = [s for s in shown if "content-mode" in s]
    assert len(grid) == 1, grid
    assert grid[0].startswith(
        "posts/wide/index.qmd:4: warning: 'grid: content-mode' must be one of auto, standard, "
        "full, slim: 'wide' is left out"
    )


# ------------------------------------------------------------------------------------------------
# 2. `.markdown` documents, read as Quarto reads `.md`


def test_markdown_documents_are_pages_and_posts_linked_at_their_urls(tmp_path: Path) -> None:
    """Quarto's markdown engine takes `.markdown` as it takes `.md` (its `kMdExtensions`): a
    page at the root, a folder post's `index.markdown` and a flat post are published at
    Quarto's URLs, listed, searched; links to them (Markdown, reference and raw HTML, and a
    navbar item) lead to their pages."""
    blog = quarto_blog(
        tmp_path / "blog",
        {
            "_quarto.yml": QUARTO_SITE_YML + "  navbar:\n    left:\n      - about.markdown\n",
            "about.markdown": "---\ntitle: About\n---\n\nSee [a](posts/a/index.markdown), "
            '[b](posts/b.markdown#part) and <a href="posts/b.markdown">raw</a>.\n',
            "posts/a/index.markdown": "---\ntitle: Folder post\ndate: 2025-01-01\n---\n\n"
            "Back to [about](../../about.markdown).\n",
            "posts/b.markdown": "---\ntitle: Flat post\ndate: 2025-01-02\n---\n\n"
            "A [reference].\n\n[reference]: a/index.markdown\n",
        },
    )
    result = build(blog, blog / "site")
    site = blog / "site"
    about = (site / "about.html").read_text(encoding="utf-8")
    assert 'See <a href="posts/a/">a</a>, <a href="posts/b.html#part">b</a> and ' in about
    assert '<a href="posts/b.html">raw</a>' in about
    assert '<a href="../../about.html">about</a>' in post_body(site / "posts/a/index.html")
    assert '<a href="a/">reference</a>' in post_body(site / "posts/b.html")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Folder post" in home and "Flat post" in home
    assert '<a href="/about.html" class="nav-link">About</a>' in home
    assert not [d for d in result.warnings if ".markdown" in d.format()]


def test_a_markdown_post_in_quizsite_s_own_layout(tmp_path: Path) -> None:
    """quizsite's own layout takes `.markdown` posts and pages as it takes `.md` ones."""
    site = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "Quizzes"\n',
            "content/posts/notes.markdown": "---\ntitle: Notes\ndate: 2025-01-01\n---\n\nText.\n",
            "content/about.markdown": "---\ntitle: About us\n---\n\nWho.\n",
        },
    )
    build(site, site / "site")
    assert "Text." in post_body(site / "site/posts/notes/index.html")
    assert "Who." in (site / "site/about/index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# 3. The watcher's rules for the root's files, the build's own


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.QMD", True),  # Quarto reads a document's suffix in lower case, as the scan
        ("About.Qmd", True),
        ("notes.markdown", True),
        ("NOTES.MARKDOWN", True),
        ("_quarto.YML", True),  # served as `_quarto.yml` where case is ignored
        ("_QUARTO.yaml", True),
        ("_quarto-Prod.YML", True),
        ("_Environment.local", True),
        ("QUIZSITE.TOML", True),
        ("README.md", False),  # Quarto renders no README: neither does the build
        ("_draft.qmd", False),  # names starting with _ are not published
        ("notes.txt", False),
        ("content", True),  # an input folder itself, made anew or moved away
        ("themes", True),
    ],
)
def test_the_watcher_takes_the_root_files_the_build_reads(
    tmp_path: Path, name: str, expected: bool
) -> None:
    assert is_input(tmp_path / name, tmp_path) is expected


def test_a_watch_builds_a_root_page_whose_suffix_is_in_capitals(tmp_path: Path) -> None:
    """A Quarto blog's page added at its root as `Notes.QMD` (or `.markdown`) while watching
    is published, as the build publishes it: the watcher no longer ignores it."""
    blog = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: A\ndate: 2025-01-01\n---\n\nHello.\n"},
    )
    watcher = Watcher(blog, None, listener=Recorder())
    assert watcher.start().result is not None
    try:
        (blog / "Notes.QMD").write_text("---\ntitle: Notes\n---\n\nIn capitals.\n")
        page = blog / "site/Notes.html"
        wait_for(lambda: page.is_file() and "In capitals." in page.read_text(), "Notes.html")
        (blog / "more.markdown").write_text("---\ntitle: More\n---\n\nA markdown page.\n")
        page = blog / "site/more.html"
        wait_for(lambda: page.is_file() and "A markdown page." in page.read_text(), "more.html")
    finally:
        watcher.stop()


# ------------------------------------------------------------------------------------------------
# 1. Addresses from the site's root in body-header, body-footer and page-footer, under a sub-path

CHROME = (
    "  body-header: 'See [about](/about.qmd), ![logo](/img/logo.png) and "
    '<a class="raw" href="/files/a.pdf">a PDF</a>\'\n'
    "  body-footer: '[home](/index.qmd) [top](#top) [elsewhere](https://example.org/x) "
    "[cdn](//cdn.example.org/x.js)'\n"
    "  page-footer:\n"
    "    left: '[About](/about.qmd) and [data](/files/a.pdf?v=2#p)'\n"
    "    right:\n"
    "      - text: Files\n"
    "        href: /files/a.pdf\n"
)


def _chrome_blog(root: Path, where: str) -> Path:
    """A blog with body chrome and a page footer naming addresses from the site's root,
    published under `/blog/` (`where`: a site-url with a path, or site-path)."""
    return quarto_blog(
        root,
        {
            "_quarto.yml": QUARTO_SITE_YML + where + CHROME,
            "about.qmd": "---\ntitle: About\n---\n\nAbout us.\n",
            "img/logo.png": b"\x89PNG\r\n\x1a\n",
            "files/a.pdf": b"%PDF-1.4\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2025-01-01\n---\n\nHello.\n",
        },
    )


@pytest.mark.parametrize(
    "where",
    ["  site-url: https://example.org/blog/\n", "  site-path: /blog\n"],
    ids=["site-url", "site-path"],
)
def test_root_addresses_in_body_chrome_and_footer_resolve_under_the_sub_path(
    tmp_path: Path, where: str
) -> None:
    """Quarto makes an address from the site's root (`/about.qmd`, `/img/logo.png`) its
    page's way to the root: on the published site it leads into the site, not the host's
    root. Every page, at every depth, shows the body chrome and footer with those addresses
    under the sub-path, a document's at its page; anchors, other sites' and protocol-relative
    addresses are kept as written."""
    blog = _chrome_blog(tmp_path / "blog", where)
    build(blog, blog / "site")
    for rel in ("posts/a/index.html", "about.html", "index.html"):
        page = (blog / "site" / rel).read_text(encoding="utf-8")
        assert '<a href="/blog/about.html">about</a>' in page
        assert '<img src="/blog/img/logo.png" alt="logo" />' in page
        assert '<a class="raw" href="/blog/files/a.pdf">a PDF</a>' in page
        assert '<a href="/blog/">home</a> <a href="#top">top</a>' in page
        assert '<a href="https://example.org/x">elsewhere</a>' in page
        assert '<a href="//cdn.example.org/x.js">cdn</a>' in page
        assert '<a href="/blog/about.html">About</a>' in page
        assert '<a href="/blog/files/a.pdf?v=2#p">data</a>' in page
        assert '<a href="/blog/files/a.pdf" class="nav-link">Files</a>' in page
    for published in ("img/logo.png", "files/a.pdf"):  # where the addresses lead
        assert (blog / "site" / published).is_file()


def test_root_addresses_without_a_sub_path_lead_to_pages(tmp_path: Path) -> None:
    """At the host's root, `/about.qmd` in the footer's Markdown is still the page, not the
    source (it used to be left as written)."""
    blog = _chrome_blog(tmp_path / "blog", "")
    build(blog, blog / "site")
    page = (blog / "site/posts/a/index.html").read_text(encoding="utf-8")
    assert '<a href="/about.html">About</a>' in page
    assert '<a href="/about.html">about</a>' in page
    assert "/about.qmd" not in page


# ------------------------------------------------------------------------------------------------
# 5. `{{< env >}}` in metadata values, and the environment as part of what a page depends on

ENV_POST = (
    "---\ntitle: 'Notes for {{< env GAPS9_TITLE >}}'\n"
    "description: '{{< env GAPS9_UNSET \"no value\" >}}, then {{< env DATA >}}'\n"
    "date: 2025-01-01\n---\n\nHello {{< env GAPS9_TITLE >}}.\n"
)
ENV_SITE = (
    "project:\n  type: website\nwebsite:\n  title: \"{{< env GAPS9_SET 'Field notes' >}}\"\n"
    "  page-footer: 'Served from {{< env HOST_NAME >}}'\n"
)


def _env_blog(root: Path) -> Path:
    """A blog whose settings, post title, description and body read environment variables,
    some of them set by its `_environment` file (one expanded from the environment)."""
    return quarto_blog(
        root,
        {
            "_quarto.yml": ENV_SITE,
            "_environment": "HOST_NAME=files.example\nDATA=$GAPS9_SET:-nowhere/data\n",
            "posts/a/index.qmd": ENV_POST,
        },
    )


def test_env_shortcodes_in_metadata_values_are_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quarto expands shortcodes in the metadata it renders: a post's title and description
    and the site's title and footer show the variable (the environment's, else the
    `_environment` files'), else the shortcode's fallback; none is a warning."""
    monkeypatch.setenv("GAPS9_TITLE", "spring")
    blog = _env_blog(tmp_path / "blog")
    result = build(blog, blog / "site")
    page = (blog / "site/posts/a/index.html").read_text(encoding="utf-8")
    assert "<title>Notes for spring · Field notes</title>" in page
    assert '<h1 class="post-title title">Notes for spring</h1>' in page
    assert '<meta name="description" content="no value, then nowhere/data">' in page
    assert "Served from files.example" in page
    assert "Hello spring." in post_body(blog / "site/posts/a/index.html")
    assert not [d for d in result.warnings if "env" in d.message], result.warnings


def test_an_unset_variable_in_a_title_is_a_warning_at_its_key(tmp_path: Path) -> None:
    """With no value and no fallback, the shortcode is left out of the title with a warning
    at the title's line, saying what to set."""
    blog = _env_blog(tmp_path / "blog")
    result = build(blog, blog / "site")
    page = (blog / "site/posts/a/index.html").read_text(encoding="utf-8")
    assert '<h1 class="post-title title">Notes for</h1>' in page
    shown = [d.format() for d in result.warnings]
    assert any(
        s.startswith(
            "posts/a/index.qmd:2: warning: {{< env GAPS9_TITLE >}} names an environment "
            "variable that is not set; left out"
        )
        for s in shown
    ), shown


def test_the_cli_rebuilds_when_a_variable_a_page_read_changes(
    tmp_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value a page read from the environment is part of what it depends on: a command-
    line build run with another value (in a title, a body, or a variable the `_environment`
    file expands) is no longer "up to date", and shows the new value."""
    monkeypatch.setenv("GAPS9_TITLE", "spring")
    blog = _env_blog(tmp_path / "blog")
    page = blog / "site/posts/a/index.html"
    assert cli("build", blog).code == 0
    assert "up to date" in cli("build", blog).out
    monkeypatch.setenv("GAPS9_TITLE", "autumn")
    result = cli("build", blog)
    assert result.code == 0 and "up to date" not in result.out
    assert "<title>Notes for autumn · Field notes</title>" in page.read_text(encoding="utf-8")
    assert "up to date" in cli("build", blog).out
    monkeypatch.setenv("GAPS9_SET", "Almanac")  # the site's title and the file's DATA
    result = cli("build", blog)
    assert result.code == 0 and "up to date" not in result.out
    text = page.read_text(encoding="utf-8")
    assert "<title>Notes for autumn · Almanac</title>" in text
    assert '<meta name="description" content="no value, then Almanac">' in text


def test_the_cli_rebuilds_when_a_variable_a_body_read_changes(
    tmp_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for `{{< env >}}` in a post's text alone; a variable set to the same value
    again leaves the site up to date."""
    blog = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2025-01-01\n---\n\n"
            "Season: {{< env GAPS9_TITLE winter >}}.\n"
        },
    )
    assert cli("build", blog).code == 0
    assert "Season: winter." in post_body(blog / "site/posts/a/index.html")
    monkeypatch.setenv("GAPS9_TITLE", "summer")
    assert "up to date" not in cli("build", blog).out
    assert "Season: summer." in post_body(blog / "site/posts/a/index.html")
    monkeypatch.setenv("GAPS9_TITLE", "summer")
    assert "up to date" in cli("build", blog).out


def test_root_addresses_in_a_document_lead_into_the_site_under_a_sub_path(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """In a document's own text too, Quarto writes an address from the site's root as the
    page's way there (`../../img/logo.png` from `posts/a/`), in Markdown and raw HTML alike:
    under `site-path` every one leads into the site, and `check` finds none broken."""
    blog = _chrome_blog(tmp_path / "blog", "  site-path: /blog/\n")
    (blog / "posts/a/index.qmd").write_text(
        "---\ntitle: A\ndate: 2025-01-01\n---\n\n"
        "![logo](/img/logo.png) [pdf](/files/a.pdf?v=2#p) [about](/about.html) "
        '[home](/) <img src="/img/logo.png" alt="raw"> <a href=\'/files/a.pdf\'>raw pdf</a> '
        '<a href="//cdn.example.org/x.js">cdn</a>\n'
    )
    assert cli("build", blog).code == 0
    body = post_body(blog / "site/posts/a/index.html")
    assert '<img src="../../img/logo.png" alt="logo" />' in body
    assert '<a href="../../files/a.pdf?v=2#p">pdf</a>' in body
    assert '<a href="../../about.html">about</a> <a href="../../">home</a>' in body
    assert '<img src="../../img/logo.png" alt="raw">' in body
    assert "<a href='../../files/a.pdf'>raw pdf</a>" in body
    assert '<a href="//cdn.example.org/x.js">cdn</a>' in body
    checked = cli("check", blog)
    assert "broken" not in checked.out + checked.err, checked.out + checked.err


def test_a_broken_root_address_is_reported_at_the_line_writing_it(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """`check` places a broken address from the site's root at the line that writes it,
    though the page holds the way there from the page."""
    blog = _chrome_blog(tmp_path / "blog", "")
    (blog / "posts/a/index.qmd").write_text(
        "---\ntitle: A\ndate: 2025-01-01\n---\n\nFine.\n\nSee [gone](/nothing/here.png).\n"
    )
    checked = cli("check", blog)
    assert "posts/a/index.qmd:8: warning: broken link: ../../nothing/here.png" in checked.err


def test_an_address_in_the_website_title_s_html_resolves_under_the_sub_path(
    tmp_path: Path,
) -> None:
    """A website title holding a logo (`<img src='/images/logo.png'>`, as CanvassAndAnalyze
    writes it) shows the logo under the sub-path too, the image published where it leads;
    the page's `<title>` stays its text."""
    blog = quarto_blog(
        tmp_path / "blog",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  site-path: /blog/\n"
            "  title: \"<img src='/images/logo.png' style='width: 2em'> <b>Canvass</b>\"\n",
            "images/logo.png": b"\x89PNG\r\n\x1a\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2025-01-01\n---\n\nHello.\n",
        },
    )
    build(blog, blog / "site")
    page = (blog / "site/posts/a/index.html").read_text(encoding="utf-8")
    brand = page.split('class="site-title', 1)[1].split("</a>", 1)[0]
    assert "<img src='/blog/images/logo.png' style='width: 2em'> <b>Canvass</b>" in brand
    assert "<title>A · Canvass</title>" in page
    assert (blog / "site/images/logo.png").is_file()
