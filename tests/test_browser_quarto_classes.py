"""An author's stylesheet written for Quarto's page takes effect on quizsite's (issue 20): the
navbar, its links and the current one, the title block and its banner, the post's title,
categories and meta, the listing's items, the page footer and the main column carry Quarto's
class names and ids in a Quarto project, and Bootstrap's custom properties are defined. A
quizsite site's pages carry none of them (checked byte for byte by tests/golden)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

QUARTO = """project:
  type: website
website:
  title: "Classy"
  navbar:
    left:
      - href: about.qmd
        text: About
  page-footer:
    left: "Made with care"
format:
  html:
    css: styles.css
"""

# Rules as real blogs write them (each a colour quizsite never uses, to tell them apart).
STYLES = """
.navbar { background-color: rgb(1, 2, 3); }
.navbar .navbar-brand { color: rgb(4, 5, 6); }
.navbar-nav .nav-link { color: rgb(7, 8, 9); }
.nav-link.active { color: rgb(10, 11, 12); }
#title-block-header { border-top: 5px solid rgb(13, 14, 15); }
h1.title { color: rgb(16, 17, 18); }
.quarto-title .quarto-categories .quarto-category { color: rgb(19, 20, 21); }
.quarto-title-meta { color: rgb(22, 23, 24); }
.quarto-title-banner { background: rgb(25, 26, 27); }
main.content { border-left: 3px solid rgb(28, 29, 30); }
.nav-footer { color: rgb(31, 32, 33); }
.quarto-post .listing-title a { color: rgb(34, 35, 36); }
.subtitle { color: var(--bs-purple); }
"""


def _site(root: Path) -> Path:
    """A Quarto blog whose stylesheet aims at Quarto's class names; returns its output."""
    write_tree(
        root,
        {
            "_quarto.yml": QUARTO,
            "styles.css": STYLES,
            "index.qmd": '---\ntitle: "Home"\nlisting:\n  contents: posts\n---\n',
            "about.qmd": '---\ntitle: "About"\ntitle-block-banner: true\n---\n\nMe.\n',
            "posts/first/index.qmd": (
                '---\ntitle: "First"\nsubtitle: "A start"\ndate: 2024-01-01\n'
                "categories: [ml]\n---\n\nWords.\n"
            ),
        },
    )
    build(root, root / "_site")
    return root / "_site"


def _colour(page: object, selector: str, prop: str = "color") -> str:
    """The computed `prop` of the first element matching `selector`."""
    return str(
        page.evaluate(  # type: ignore[attr-defined]
            f"getComputedStyle(document.querySelector({selector!r})).getPropertyValue({prop!r})"
        )
    )


def test_authors_quarto_rules_take_effect(tmp_path: Path, browser: Browser) -> None:
    out = _site(tmp_path / "blog")
    with serve_folder(out) as url:
        for width in (1280, 375):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            page.goto(f"{url}/posts/first/")
            assert _colour(page, "header.site-header", "background-color") == "rgb(1, 2, 3)"
            assert _colour(page, ".site-title") == "rgb(4, 5, 6)"
            assert _colour(page, '.site-nav a[href$="about.html"]') == "rgb(7, 8, 9)"
            assert _colour(page, ".post-header", "border-top-color") == "rgb(13, 14, 15)"
            assert _colour(page, ".post-title") == "rgb(16, 17, 18)"
            assert _colour(page, ".post-header .tag") == "rgb(19, 20, 21)"
            assert _colour(page, ".post-header .post-meta") == "rgb(22, 23, 24)"
            assert _colour(page, ".post-subtitle") == "rgb(111, 66, 193)"  # --bs-purple
            assert _colour(page, "main", "border-left-color") == "rgb(28, 29, 30)"
            assert _colour(page, "footer") == "rgb(31, 32, 33)"
            page.screenshot(path=str(ARTIFACTS / f"quarto-classes-post-{width}.png"))
            page.goto(f"{url}/about.html")
            assert _colour(page, '.site-nav a[aria-current="page"]') == "rgb(10, 11, 12)"
            assert _colour(page, ".post-header", "background-color") == "rgb(25, 26, 27)"
            page.goto(f"{url}/")
            assert _colour(page, ".listing-title a") == "rgb(34, 35, 36)"
            page.screenshot(path=str(ARTIFACTS / f"quarto-classes-home-{width}.png"))
            context.close()


def test_quizsite_sites_carry_no_quarto_names(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "site",
        {
            "quizsite.toml": 'title = "Q"\nbase_url = "/"\n',
            "content/posts/essay.md": '---\ntitle: "Essay"\ndate: 2024-01-01\n---\n\nWords.\n',
        },
    )
    build(root, root / "_site")
    html = (root / "_site/posts/essay/index.html").read_text()
    for name in ("navbar", "nav-link", "quarto-title", "title-block-header", "main content"):
        assert name not in html, name
