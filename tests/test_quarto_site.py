"""A trimmed copy of a real Quarto blog's structure (tests/quarto-mini-blog/) builds unchanged:
every page at Quarto's URL, every internal link and image resolving, the navbar as the menu,
`_metadata.yml` applied, and edits to `_metadata.yml` and `_quarto.yml` rebuilding what they
affect."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import TESTS, CliResult

BLOG = TESTS / "quarto-mini-blog"
BASE = "/mini/"
# Every page Quarto would write for the blog, by its URL under the base path.
QUARTO_PAGES = [
    "about.html",
    "posts/2021-07-08_generative-art-in-r/index.html",
    "posts/2022-01-02_Second_Post/index.html",
    "posts/flat-post.html",
    "posts/undated-notes/index.html",
]


class _Links(HTMLParser):
    """The href and src of every element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(v for k, v in attrs if k in ("href", "src") and v)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    shutil.copytree(BLOG, root)
    return root


def _page_url(out: Path, file: Path) -> str:
    rel = file.relative_to(out).as_posix()
    return BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _broken_links(out: Path) -> list[str]:
    """Every internal link or image of the built site that names no file."""
    broken = []
    for file in out.rglob("*.html"):
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        page = _page_url(out, file)
        for url in parser.urls:
            parts = urlsplit(urljoin(page, url))
            if parts.scheme or parts.netloc or not parts.path.startswith(BASE):
                continue
            target = out / unquote(parts.path[len(BASE) :])
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{file.relative_to(out)}: {url}")
    return broken


def test_builds_unchanged_at_quarto_urls(blog: Path, cli: Callable[..., CliResult]) -> None:
    result = cli("build", blog)
    assert result.code == 0, result.err
    out = blog / "docs"  # project.output-dir
    for page in QUARTO_PAGES:
        assert (out / page).is_file(), page
    # Files a document refers to are published beside it, as Quarto does.
    for resource in ("profile.png", "favicon.png", "posts/data/points.csv", "posts/figs/plot.png"):
        assert (out / resource).is_file(), resource
    assert (out / "posts/2021-07-08_generative-art-in-r/art.png").is_file()
    # Not documents: the listing, READMEs, _-prefixed files, the blog's own styles.
    for absent in ("posts/README.html", "README.html", "posts/_draft-ideas.html"):
        assert not (out / absent).exists()
    assert _broken_links(out) == []
    assert (
        "Published 6 documents; 3 files named like documents not taken as documents" in result.out
    )
    assert (
        "posts/flat-post.qmd:3: warning: ambiguous date '03/04/2022' read as March 4, 2022"
        in result.err
    )


def test_links_between_documents_point_at_their_pages(
    blog: Path, cli: Callable[..., CliResult]
) -> None:
    assert cli("build", blog).code == 0
    out = blog / "docs"
    art = (out / "posts/2021-07-08_generative-art-in-r/index.html").read_text()
    assert 'href="../2022-01-02_Second_Post/#results"' in art
    assert 'href="../flat-post.html"' in art
    assert 'href="../undated-notes/"' in art
    flat = (out / "posts/flat-post.html").read_text()
    assert 'href="../about.html"' in flat and 'href="2021-07-08_generative-art-in-r/"' in flat
    assert ".qmd" not in re.sub(r'href="https?://[^"]*"', "", art + flat)


def test_navbar_metadata_authors_and_dates(blog: Path, cli: Callable[..., CliResult]) -> None:
    assert cli("build", blog).code == 0
    out = blog / "docs"
    about = (out / "about.html").read_text()
    nav = about.split('class="site-nav"')[1].split("</nav>")[0]
    # Quarto's class names too, for the author's stylesheet (`.nav-link`, `.active`).
    assert '<a href="/mini/" class="nav-link">Home</a>' in nav
    assert '<a href="/mini/about.html" aria-current="page" class="nav-link active">About</a>' in nav
    # Icons alone (Bootstrap Icons' glyphs), named for screen readers by their text.
    github = nav.split('<a href="https://github.com/ada" rel="external" data-icon="github"')[1]
    github = github.split("</a>")[0]
    assert 'class="nav-link menu-icon-only" title="GitHub">' in github
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in github and 'aria-hidden="true"' in github
    assert github.endswith('<span class="visually-hidden">GitHub</span>')
    assert '<span class="visually-hidden">RSS</span></a>' in nav
    assert '<link rel="icon" href="/mini/favicon.png">' in about
    assert 'By <a href="https://ada.example/">Ada Lovelace</a>' in about
    assert '<meta property="og:image" content="https://ada.github.io/mini/profile.png">' in about
    art = (out / "posts/2021-07-08_generative-art-in-r/index.html").read_text()
    # From posts/_metadata.yml: the author, a table of contents to level 2, a category.
    assert 'By <a href="https://ada.example/">Ada Lovelace</a>' in art
    assert '<a href="#making-the-first-piece">Making the first piece</a>' in art
    assert 'href="/mini/tags/blog/"' in art
    assert '<time datetime="2021-07-08">8 July 2021</time>' in art  # its date-format
    second = (out / "posts/2022-01-02_Second_Post/index.html").read_text()
    # Lists are joined as Quarto merges them: the folder's author, then the document's.
    assert "Ada Lovelace</a>, Grace Hopper, Alan Turing</p>" in second
    home = (out / "index.html").read_text()
    order = [home.index(t) for t in ("Second post", "Generative art in R", "Undated notes")]
    assert order == sorted(order)
    assert "About" not in home.split('id="main"')[1]  # a page is never listed
    # A post's `image` is on its card and its social card.
    card_image = (
        '<img class="post-card-image" src="/mini/posts/2021-07-08_generative-art-in-r/art.png"'
    )
    assert card_image in home
    og = '<meta property="og:image" content="https://ada.github.io/mini/posts/2021-07-08_generative-art-in-r/art.png">'
    assert og in art


def test_check_lists_skipped_files_and_same_host_links_are_external(
    blog: Path, cli: Callable[..., CliResult]
) -> None:
    result = cli("check", blog)
    assert result.code == 0, result.out + result.err
    assert "broken link" not in result.out + result.err
    assert "posts/README.md: not taken as a document: Quarto renders no README.md" in result.out
    assert "posts/_draft-ideas.qmd: not taken as a document" in result.out
    assert "index.qmd: not taken" not in result.out  # the home page, a listing


def test_edits_to_metadata_and_quarto_yml_rebuild(
    blog: Path, cli: Callable[..., CliResult]
) -> None:
    assert cli("build", blog).code == 0
    out = blog / "docs"
    meta = blog / "posts/_metadata.yml"
    meta.write_text(meta.read_text().replace("name: Ada Lovelace", "name: Ada King"))
    assert cli("build", blog).code == 0
    for page in QUARTO_PAGES[1:]:
        text = (out / page).read_text()
        assert "Ada King" in text or "Grace Hopper" in text, page
    assert "Ada King" in (out / "posts/flat-post.html").read_text()
    quarto = blog / "_quarto.yml"
    quarto.write_text(quarto.read_text().replace("text: Home", "text: Start"))
    assert cli("build", blog).code == 0
    assert (
        '<a href="/mini/" class="nav-link">Start</a>' in (out / "posts/flat-post.html").read_text()
    )
    about = blog / "about.qmd"
    about.write_text(about.read_text().replace('title: "About"', 'title: "About me"'))
    assert cli("build", blog).code == 0
    assert ">About me</a>" in (out / "posts/flat-post.html").read_text()  # its menu item


def test_home_is_the_index_listing(blog: Path, cli: Callable[..., CliResult]) -> None:
    # index.qmd lists posts/ (sort date desc, categories: true): it is the home page, at
    # index.html, with the categories of the listed posts and the listing's own title.
    assert cli("build", blog).code == 0
    out = blog / "docs"
    main = (out / "index.html").read_text().split('id="main"')[1]
    assert (
        '<section class="listing-section listing-default quarto-listing quarto-listing-container-default" id="listing-listing"'
        in main
    )
    assert 'href="/mini/tags/blog/">blog <span class="tag-count">4<' in main
    assert "Undated notes" in main.split("</ol>")[0]  # undated posts are listed, last
    assert not (out / "page/2").exists()  # no paginated listing beside Quarto's home
    assert (out / "index.xml").is_file()  # the feed subscribers know
