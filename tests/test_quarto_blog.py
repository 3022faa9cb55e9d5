"""A realistic Quarto blog (tests/quarto-blog/) built unchanged: Quarto's URLs, no Quarto syntax
left on any page, every internal link and image resolving, numbered figures, tables and
equations, references, bylines, the menu, and the interactive parts in a real browser."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from conftest import TESTS, serve_folder

from quizsite.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

BLOG = TESTS / "quarto-blog"
BASE = "/blog/"  # the path of the blog's site-url
# What Quarto's Markdown leaves behind when a tool does not understand it.
LEFTOVERS = re.compile(
    r"\{[#.][\w-]|\{[a-z][\w-]*=|\]\{|\{\{\{?<|^:::|\+-{3,}\+|\{=\w+\}|(?<![\w?])@(fig|tbl|eq|sec|tip|wrn)-|#\|"
)
_RAW_TEXT = {"code", "pre", "script", "style", "kbd", "textarea", "template"}


class Page(HTMLParser):
    """The text outside code, every link and image address, and every id of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.code_depth = 0
        self.text: list[str] = []
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _RAW_TEXT:
            self.code_depth += 1
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.urls.append(str(values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag in _RAW_TEXT and self.code_depth:
            self.code_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.code_depth:
            self.text.append(data)


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The blog copied and built once with the command line, as an author would."""
    root = tmp_path_factory.mktemp("qb") / "quarto-blog"
    shutil.copytree(BLOG, root)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", str(root)])
    assert code == 0, out.getvalue() + err.getvalue()
    return root / "docs", out.getvalue() + err.getvalue()


def test_builds_without_errors_or_warnings(built: tuple[Path, str]) -> None:
    _, messages = built
    assert "error:" not in messages
    # The blog's `citation: true` (once a warning, issue 20) is applied now: nothing to say.
    warnings = [line for line in messages.splitlines() if "warning:" in line]
    assert warnings == [], messages


def test_citation_true_puts_a_citation_block_under_each_post(built: tuple[Path, str]) -> None:
    site, _ = built
    html = next((site / "posts").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<h2 class="appendix-heading">Citation</h2>' in html
    assert "author = {Haddad, Noor}" in html
    assert "url = {https://gradient-notes.github.io/blog/posts/" in html


def test_every_document_is_at_its_quarto_url(built: tuple[Path, str]) -> None:
    site, _ = built
    posts = BLOG / "posts"
    for folder in sorted(p for p in posts.iterdir() if p.is_dir()):
        page = site / "posts" / folder.name / "index.html"
        if "draft: true" in next(folder.glob("index.*")).read_text(encoding="utf-8"):
            assert not page.exists(), f"draft {folder.name} published"
        else:
            assert page.is_file(), f"{folder.name} not at posts/{folder.name}/"
    for rel in (
        "index.html",
        "about.html",
        "glossary.html",
        "posts/loose-post.html",
        "posts/loose-post-data.csv",
        "posts/loose-post-figure.svg",
        "posts/2023-01-15_attention-basics/attention-map.svg",
        "old/markdown-post.html",
    ):
        assert (site / rel).is_file(), rel


def test_no_quarto_syntax_in_text(built: tuple[Path, str]) -> None:
    site, _ = built
    found = {}
    for path in sorted(site.rglob("*.html")):
        text = "".join(read(path).text)
        hits = [line.strip() for line in text.splitlines() if LEFTOVERS.search(line.strip())]
        if hits:
            found[path.relative_to(site).as_posix()] = hits[:3]
    assert not found, found


def test_internal_links_and_images_resolve(built: tuple[Path, str]) -> None:
    site, _ = built
    broken = []
    for path in sorted(site.rglob("*.html")):
        for url in read(path).urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:", "#")):
                continue
            target_path = unquote(parts.path)
            if target_path.startswith("/"):
                assert target_path.startswith(BASE), f"{path}: {url} outside the site's path"
                target = site / target_path[len(BASE) :]
            else:
                target = path.parent / target_path
            if target.is_dir() or target_path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {url}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in read(target).ids
            ):
                broken.append(f"{path.relative_to(site)}: {url} (no such anchor)")
    assert not broken, broken


def page_text(site: Path, rel: str) -> str:
    return " ".join("".join(read(site / rel).text).split())


def test_figures_tables_equations_and_callouts_are_numbered(built: tuple[Path, str]) -> None:
    site, _ = built
    attention = page_text(site, "posts/2023-01-15_attention-basics/index.html")
    assert "Figure 1: Attention weights" in attention
    assert "Figure 1 shows one head" in attention
    assert "Equation 1" in attention
    assert "(1)" in attention
    tables = page_text(site, "posts/2023-01-22_tables-of-results/index.html")
    assert "Table 1: Top-1 accuracy" in tables
    assert "Table 2: Two regularisers compared" in tables
    assert "Table 2 sums it up" in tables
    callouts = page_text(site, "posts/2023-02-03_callouts-with-ids/index.html")
    assert "Tip 1" in callouts and "Warning 1" in callouts
    subfigures = page_text(site, "posts/2023-06-20_subfigures/index.html")
    assert "Figure 1" in subfigures and "(a)" in subfigures and "(b)" in subfigures


def test_citations_and_references(built: tuple[Path, str]) -> None:
    site, _ = built
    citing = page_text(site, "posts/2023-02-10_citing-papers/index.html")
    for name in ("Kingma", "Goodfellow", "Ioffe"):
        assert name in citing
    assert "notes@example.org" in citing
    attention = page_text(site, "posts/2023-01-15_attention-basics/index.html")
    assert "Attention Is All You Need" in attention


def test_bylines_menu_and_variables(built: tuple[Path, str]) -> None:
    site, _ = built
    html = (site / "posts/2023-05-14_author-objects/index.html").read_text(encoding="utf-8")
    assert "Ada Okafor" in html and "Bo Lindqvist" in html
    assert 'href="https://example.org/ada"' in html
    inherited = page_text(site, "posts/2023-04-25_numbered-quiz/index.html")
    assert "Noor Haddad" in inherited  # from posts/_metadata.yml
    for rel in ("index.html", "about.html", "posts/loose-post.html"):
        urls = read(site / rel).urls
        assert f"{BASE}about.html" in urls or any(u.endswith("about.html") for u in urls), rel
        assert any(u.endswith("glossary.html") for u in urls), rel
    about = page_text(site, "about.html")
    assert "Deep Learning Foundations course (2023)" in about


def test_quizzes_of_every_shape_are_quizzes(built: tuple[Path, str]) -> None:
    site, _ = built
    lettered = (site / "posts/2023-04-18_lettered-quiz/index.html").read_text(encoding="utf-8")
    assert 'data-key="2"' in lettered or 'data-key="B"' in lettered
    notebook = (site / "posts/2023-09-01_stored-outputs/index.html").read_text(encoding="utf-8")
    assert re.search(r'cell-output-stdout"><pre><code>14\s*</code>', notebook)
    assert "{&#x27;mean&#x27;: 2.0}" in notebook
    assert 'class="quiz-options"' in notebook


def test_pandoc_extras_render_as_quarto_renders_them(built: tuple[Path, str]) -> None:
    """Grid cells spanning rows and columns, example lists, LaTeX environments and macros,
    one author's works collapsed in a citation, crossref words from the front matter, a
    code-fold summary with code in it."""
    site, _ = built
    html = (site / "posts/2023-10-20_pandoc-extras/index.html").read_text(encoding="utf-8")
    assert '<th rowspan="2">Model</th>' in html and '<th colspan="2">Accuracy</th>' in html
    assert '<td colspan="3">Baseline, not reported for top-5</td>' in html
    assert "<caption>Results\u00a01. Accuracy on the validation set</caption>" in html
    assert '<ol class="example" type="1">' in html and "Example (2) is" in html
    assert "Goodfellow et al. 2014</a>, <a " in html and ">2016, chap. 20</a>)" in html
    assert html.count("<math") == 1 and "mtable" in html  # macros shown nowhere, align as math
    assert "<summary>The <code>step()</code> function</summary>" in html


@pytest.fixture(scope="module")
def served(built: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built blog served at its site-url's path, /blog/."""
    top = tmp_path_factory.mktemp("served")
    (top / BASE.strip("/")).symlink_to(built[0])
    with serve_folder(top) as url:
        yield url + BASE


@pytest.mark.browser
def test_tabset_is_keyboard_operable(browser: Browser, served: str) -> None:
    page = browser.new_page()
    page.goto(f"{served}posts/2023-03-09_framework-tabs/index.html")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 3
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert page.get_by_role("tabpanel").filter(has_text="flax").is_visible()
    page.keyboard.press("End")
    assert tabs.nth(2).get_attribute("aria-selected") == "true"
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "beside"), [(1280, True), (375, False)])
def test_margin_notes(browser: Browser, served: str, width: int, beside: bool) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{served}posts/2023-03-01_margin-notes/index.html")
    note = page.locator(".column-margin").first.bounding_box()
    text = page.get_by_text("The rest of the text flows").bounding_box()
    assert note and text
    right_of_text = note["x"] >= text["x"] + text["width"] - 1
    assert right_of_text is beside
    page.close()
