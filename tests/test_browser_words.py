"""The theme's scripts speak the page's language: a `lang: fr` site's copy button, search
status and listing pager in French, from the words the page hands them (no copy of the
scripts per language)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import Console, clipboard_page, serve_folder, write_tree

from quizsite.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

QUARTO = """\
project:
  type: website
lang: fr
website:
  title: "Mon blog"
"""
POST = """\
---
title: "Billet {n}"
date: 2024-02-{n:02d}
---

Un conseil sur les tenseurs.

```python
print({n})
```
"""
INDEX = """\
---
title: "Mon blog"
listing:
  contents: posts
  page-size: 2
---
"""


def expect(*args: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args)


def _site(tmp_path: Path) -> Path:
    posts = {f"posts/p{n}/index.qmd": POST.format(n=n) for n in range(1, 4)}
    root = write_tree(tmp_path / "site", {"_quarto.yml": QUARTO, "index.qmd": INDEX, **posts})
    return build(root, tmp_path / "out").output


def test_copy_button_speaks_french(browser: Browser, tmp_path: Path) -> None:
    out = _site(tmp_path)
    with serve_folder(out) as url, clipboard_page(browser) as (page, console):
        page.goto(url + "/posts/p1/")
        button = page.get_by_role("button", name="Copier le code")
        expect(button).to_have_count(1)
        expect(button).to_have_attribute("title", "Copier")
        button.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").last).to_have_text("Copié")
        expect(button).to_have_attribute("title", "Copié")
        assert console.errors == []


def test_search_status_and_listing_pager_speak_french(browser: Browser, tmp_path: Path) -> None:
    out = _site(tmp_path)
    with serve_folder(out) as url:
        page = browser.new_page()
        console = Console(page)
        page.goto(url + "/search/?q=tenseurs")
        status = page.locator("[data-search-status]")
        expect(status).to_have_text("3 articles correspondent à “tenseurs”.")
        page.goto(url + "/search/?q=zzzz")
        expect(status).to_have_text(
            "Aucun article ne correspond à “zzzz”. Essayez moins de mots, ou d'autres."
        )
        page.goto(url + "/")
        pager = page.locator(".listing-pagination")
        expect(pager.get_by_role("button", name="Page suivante")).to_have_text("Suivant")
        expect(pager.get_by_role("button", name="Page précédente")).to_have_text("Précédent")
        expect(pager.get_by_role("button", name="Page 2")).to_be_visible()
        assert console.errors == []
        page.close()
