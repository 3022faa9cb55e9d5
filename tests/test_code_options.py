"""Quarto's code options as a built page shows them: code-copy, code-overflow,
code-line-numbers, code-block-bg/-border-left, highlight-style, code-tools and the repository
links (repo-url/repo-actions)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, write_tree

from quizsite.code_lines import LineNumbers, line_numbers, number_lines
from quizsite.code_styles import highlight_css, style_pair
from quizsite.markdown import highlight_code

QUARTO = """project:
  type: website
website:
  title: "Code blog"
  repo-url: https://github.com/ada/blog/
  repo-actions: [edit, source, issue]
  repo-subdir: site
format:
  html:
    highlight-style: github
"""

CODE = "```python\ndef f(x):\n    return x + 1\n```\n"


def _site(root: Path, files: dict[str, str]) -> Path:
    """A Quarto blog with the given files over a home listing."""
    tree = {
        "_quarto.yml": QUARTO,
        "index.qmd": '---\ntitle: "Home"\nlisting:\n  contents: posts\n---\n',
        **files,
    }
    return write_tree(root, tree)


def _post(front: str, body: str = CODE) -> str:
    """A post with extra front matter lines."""
    return f"---\ntitle: A post\ndate: 2024-01-01\n{front}---\n\nSome words.\n\n{body}"


def _build(cli: Callable[..., CliResult], root: Path) -> tuple[Path, CliResult]:
    out = root / "_site"
    result = cli("build", root, "-o", out)
    assert result.code == 0, result.err
    return out, result


def _body_tag(html: str) -> str:
    return re.search(r"<body[^>]*>", html).group(0)  # type: ignore[union-attr]


def test_code_copy_is_on_by_default_and_its_script_loads_only_where_code_is(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = _site(
        tmp_path / "blog",
        {
            "posts/code/index.qmd": _post(""),
            "posts/prose/index.qmd": _post("", "Only words, and `inline code`.\n"),
            "posts/always/index.qmd": _post("code-copy: true\n"),
            "posts/off/index.qmd": _post("format:\n  html:\n    code-copy: false\n"),
        },
    )
    out, result = _build(cli, root)
    assert "code-copy" not in result.err
    code = (out / "posts/code/index.html").read_text()
    assert "code-copy-hover" in _body_tag(code)
    assert code.count("assets/code.js") == 1
    assert (out / "assets/code.js").is_file()
    prose = (out / "posts/prose/index.html").read_text()
    assert "code.js" not in prose and "code-copy" not in _body_tag(prose)
    assert "code-copy-always" in _body_tag((out / "posts/always/index.html").read_text())
    off = (out / "posts/off/index.html").read_text()
    assert "code.js" not in off and "code-copy" not in _body_tag(off)
    for page in ("index.html", "tags/index.html"):
        assert "code.js" not in (out / page).read_text()


def test_code_overflow_wrap_for_the_page_and_per_block(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    body = "```{.python .code-overflow-wrap}\nx = 1\n```\n\n```{.python .code-overflow-scroll}\ny = 2\n```\n"
    root = _site(
        tmp_path / "blog",
        {
            "posts/wrap/index.qmd": _post("code-overflow: wrap\n"),
            "posts/blocks/index.qmd": _post("", body),
            "posts/bad/index.qmd": _post("code-overflow: squash\n"),
        },
    )
    out, result = _build(cli, root)
    assert "code-overflow-wrap" in _body_tag((out / "posts/wrap/index.html").read_text())
    blocks = (out / "posts/blocks/index.html").read_text()
    assert '<pre class="highlight code-overflow-wrap">' in blocks
    assert '<pre class="highlight code-overflow-scroll">' in blocks
    assert "posts/bad/index.qmd:4: warning: 'code-overflow': unknown value 'squash'" in result.err
    css = (out / "assets/style.css").read_text()
    assert ".code-overflow-wrap .post-body pre.highlight:not(.code-overflow-scroll)" in css


def test_line_numbers_from_the_document_a_block_and_a_cell_with_highlighted_lines(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    spec = '```{.python code-line-numbers="1,3-4"}\na\nb\nc\nd\ne\n```\n'
    cell = "```{python}\n#| code-line-numbers: true\nprint(1)\n```\n"
    root = _site(
        tmp_path / "blog",
        {
            "posts/all/index.qmd": _post("format:\n  html:\n    code-line-numbers: true\n"),
            "posts/spec/index.qmd": _post("execute:\n  enabled: false\n", spec + "\n" + cell),
        },
    )
    out, _ = _build(cli, root)
    every = (out / "posts/all/index.html").read_text()
    assert '<pre class="highlight numbered">' in every
    assert '<span class="linenos" aria-hidden="true">2</span>' in every
    html = (out / "posts/spec/index.html").read_text()
    marked = re.findall(r'<span class="hll"><span class="linenos" aria-hidden="true">(\d)', html)
    assert marked == ["1", "3", "4"]
    assert '<span class="linenos" aria-hidden="true">5</span>' in html
    assert "#| code-line-numbers" not in html
    assert '<span class="linenos" aria-hidden="true">1</span><span class="nb">print' in html


@pytest.mark.parametrize(
    ("values", "classes", "document", "expected"),
    [
        ({}, (), None, None),
        ({}, (), True, LineNumbers()),
        ({"code-line-numbers": False}, (), True, None),
        ({}, ("numberLines",), None, LineNumbers()),
        ({"startFrom": "10"}, ("numberLines",), None, LineNumbers(10)),
        ({"code-line-numbers": "2,4-5|7"}, (), None, LineNumbers(1, frozenset({2, 4, 5, 7}))),
        ({"code-line-numbers": "5-3"}, (), None, LineNumbers(1, frozenset({3, 4, 5}))),
        ({"code-line-numbers": "yes please"}, (), None, None),
    ],
)
def test_line_number_specs_read_as_quarto_and_pandoc_write_them(
    values: dict[str, object], classes: tuple[str, ...], document: object, expected: object
) -> None:
    assert line_numbers(values, classes, document) == expected


def test_numbered_lines_are_aligned_and_count_from_start() -> None:
    html = number_lines(highlight_code("a\n" * 10, "text"), LineNumbers(95))
    assert '<span class="linenos" aria-hidden="true"> 95</span>a' in html
    assert '<span class="linenos" aria-hidden="true">104</span>a' in html
    assert html.count("linenos") == 10


def test_code_block_background_and_left_border(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = _site(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": _post('code-block-bg: "#f0f0f0"\ncode-block-border-left: true\n'),
            "posts/b/index.qmd": _post('code-block-bg: false\ncode-block-border-left: "#31BAE9"\n'),
            "posts/c/index.qmd": _post("code-block-bg: $gray-200\n"),
        },
    )
    out, result = _build(cli, root)
    a = _body_tag((out / "posts/a/index.html").read_text())
    assert "--code-block-bg: #f0f0f0" in a and "--code-block-border-left: var(--accent)" in a
    b = _body_tag((out / "posts/b/index.html").read_text())
    assert "--code-block-bg: transparent" in b and "--code-block-border-left: #31BAE9" in b
    assert "style=" not in _body_tag((out / "posts/c/index.html").read_text())
    assert "posts/c/index.qmd:4: warning: 'code-block-bg': '$gray-200' is not a CSS colour" in (
        result.err
    )


def test_highlight_style_of_the_site_and_of_one_page(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = _site(
        tmp_path / "blog",
        {
            "posts/site/index.qmd": _post(""),
            "posts/own/index.qmd": _post("highlight-style: monokai\n"),
            "posts/pair/index.qmd": _post("highlight-style:\n  light: tango\n  dark: dracula\n"),
            "posts/theme/index.qmd": _post("highlight-style: mine.theme\n"),
        },
    )
    out, result = _build(cli, root)
    site_css = (out / "assets/highlight.css").read_text()
    assert site_css == highlight_css(("github-light", "github-dark"))
    assert "/assets/highlight.css" in (out / "posts/site/index.html").read_text()
    own = (out / "posts/own/index.html").read_text()
    # Linked after the site's, its rules one class stronger.
    assert own.index("/assets/highlight.css") < own.index("/assets/highlight/monokai.css")
    page_css = (out / "assets/highlight/monokai.css").read_text()
    assert page_css == highlight_css(("monokai", "monokai"), page=True)
    assert 'html:not([data-theme-scheme="dark"]) pre.highlight.highlight .k' in page_css
    pair = (out / "posts/pair/index.html").read_text()
    assert "/assets/highlight/tango--dracula.css" in pair
    assert (out / "assets/highlight/tango--dracula.css").is_file()
    assert "/assets/highlight.css" in (out / "posts/theme/index.html").read_text()
    assert "posts/theme/index.qmd:4: warning: 'highlight-style': the theme file mine.theme" in (
        result.err
    )
    assert "is not applied" not in result.err


def test_quarto_style_names_map_to_pygments_pairs() -> None:
    assert style_pair("github") == ("github-light", "github-dark")
    assert style_pair("a11y") == ("a11y-light", "a11y-dark")
    assert style_pair("arrow") == ("a11y-light", "a11y-dark")
    assert style_pair("dracula") == ("dracula", "dracula")
    assert style_pair("Tango") == ("tango", "tango")
    assert style_pair({"light": "github", "dark": "nord"}) == ("github-light", "nord")
    assert style_pair("friendly") == ("friendly", "friendly")
    assert style_pair("nonesuch") == "unknown highlighting style 'nonesuch'"


def test_highlight_css_beats_the_themes_palette_and_follows_the_scheme() -> None:
    css = highlight_css(("tango", "monokai"))
    light, dark = css.split("@media screen and (prefers-color-scheme: dark)")
    # One more attribute test and element than the theme's `pre.highlight .k`.
    assert 'html:not([data-theme-scheme="dark"]) pre.highlight .k { color: #204A87' in light
    assert 'html:not([data-theme-scheme="light"]) pre.highlight { color: #f8f8f2; }' in dark
    # A pair of two styles keeps the page's code background; one style brings its own.
    assert 'html[data-theme-scheme="light"] pre.highlight .k' in css  # a light-only page
    # Plain text in a style that colours only its tokens reads on its background.
    assert (
        "pre.highlight { color: #f8f8f2; background-color: var(--code-block-bg, #282a36);"
        " --scroll-cover: var(--code-block-cover, #282a36); }"
    ) in highlight_css(("dracula", "dracula"))
    # No `background:` shorthand, which would drop the scroll shade's gradient.
    assert "pre.highlight { background:" not in css


def test_code_tools_menu_and_embedded_source(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    folded = "```{python}\n#| code-fold: true\nx = 1\n```\n"
    root = _site(
        tmp_path / "blog",
        {
            "posts/tools/index.qmd": _post(
                "code-tools: true\nexecute:\n  enabled: false\n", folded
            ),
            "posts/url/index.qmd": _post(
                "code-tools:\n  source: https://example.org/src.qmd\n  toggle: false\n"
                "  caption: none\n"
            ),
            "posts/repo/index.qmd": _post("code-tools:\n  source: repo\n"),
            "posts/toggle/index.qmd": _post("code-tools:\n  source: false\n"),
        },
    )
    out, _ = _build(cli, root)
    html = (out / "posts/tools/index.html").read_text()
    assert '<details class="code-tools">' in html
    assert (
        '<li hidden><button type="button" data-code-tools="show">Show All Code</button></li>'
        in (html)
    )
    assert '<a href="#code-source" data-code-tools="source">View Source</a>' in html
    dialog = html[html.index('<dialog id="code-source"') : html.index("</dialog>")]
    assert "code-tools: true" in dialog  # the document's own text, highlighted
    url = (out / "posts/url/index.html").read_text()
    assert '<a href="https://example.org/src.qmd" rel="external">View Source</a>' in url
    assert "Show All Code" not in url and "<dialog" not in url
    assert '<span class="visually-hidden">Code</span>' in url
    assert '<details class="code-tools">' in url  # it has a link: shown without JavaScript
    toggle = (out / "posts/toggle/index.html").read_text()
    assert '<details class="code-tools" hidden>' in toggle  # code.js shows it, with folds
    repo = (out / "posts/repo/index.html").read_text()
    assert (
        '<a href="https://github.com/ada/blog/blob/main/site/posts/repo/index.qmd" '
        'rel="external">View Source</a>'
    ) in repo


def test_repository_links_as_quarto_makes_them(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = _site(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": _post(""),
            "posts/none/index.qmd": _post("repo-actions: false\n"),
            "about.qmd": "---\ntitle: About\n---\n\nMe.\n",
        },
    )
    out, result = _build(cli, root)
    assert "repo-" not in result.err
    html = (out / "posts/a/index.html").read_text()
    nav = html[html.index('<nav class="repo-actions"') :]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav[: nav.index("</nav>")])
    assert links == [
        ("https://github.com/ada/blog/edit/main/site/posts/a/index.qmd", "Edit this page"),
        ("https://github.com/ada/blog/blob/main/site/posts/a/index.qmd", "View source"),
        ("https://github.com/ada/blog/issues/new", "Report an issue"),
    ]
    assert "repo-actions" not in (out / "posts/none/index.html").read_text()
    assert "/edit/main/site/about.qmd" in (out / "about.html").read_text()


def test_repository_links_options_and_unknown_actions(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace(
        "  repo-actions: [edit, source, issue]\n  repo-subdir: site\n",
        "  repo-actions: [issue, edit, tweet]\n  repo-branch: trunk\n"
        "  issue-url: https://example.org/report\n  repo-link-target: _blank\n",
    )
    root = _site(tmp_path / "blog", {"_quarto.yml": quarto, "posts/a/index.qmd": _post("")})
    out, result = _build(cli, root)
    html = (out / "posts/a/index.html").read_text()
    assert '<a href="https://example.org/report" target="_blank">Report an issue</a>' in html
    assert "https://github.com/ada/blog/edit/trunk/posts/a/index.qmd" in html
    assert "_quarto.yml:6: warning: 'repo-actions': unknown action 'tweet' is left out" in (
        result.err
    )


def test_quizsite_posts_without_a_quarto_project_get_copy_buttons_not_repo_links(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    root = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "Quiz"\nbase_url = "https://example.org/"\n',
            "content/posts/one.md": "---\ntitle: One\ndate: 2024-01-01\n---\n\n" + CODE,
        },
    )
    out = tmp_path / "out"
    result = cli("build", root, "-o", out)
    assert result.code == 0, result.err
    html = (out / "posts/one/index.html").read_text()
    assert "code-copy-hover" in _body_tag(html) and "repo-actions" not in html


# `unlinked` and `visible` are applied now: tests/test_quarto_gaps.py holds them.
@pytest.mark.parametrize(("mode", "warned"), [("gone", False)])
def test_draft_mode_gone_is_quizsites_own_way(
    tmp_path: Path, cli: Callable[..., CliResult], mode: str, warned: bool
) -> None:
    quarto = QUARTO.replace("  repo-subdir: site\n", f"  repo-subdir: site\n  draft-mode: {mode}\n")
    root = _site(
        tmp_path / "blog",
        {"_quarto.yml": quarto, "posts/d/index.qmd": _post("draft: true\n")},
    )
    out, result = _build(cli, root)
    assert not (out / "posts/d/index.html").exists()
    assert ("_quarto.yml:8: warning: 'website.draft-mode' is not applied" in result.err) is warned
