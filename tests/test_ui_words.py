"""Quarto's `lang` and `language:` for the words a page prints around its content."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from conftest import write_tree

from quizsite.build import build
from quizsite.ui_words import ENGLISH_WORDS, overrides_of, words
from quizsite.urls import format_date

POST = """\
---
title: "Premier billet"
author: "Ada"
date: 2024-02-05
categories: [python]
toc: true
code-fold: true
code-tools: true
citation: true
license: "CC BY"
---

## Une partie

::: {.callout-tip}
Un conseil.
:::

```{python}
print(1)
```

Du texte.
"""
INDEX = """\
---
title: "Mon blog"
listing:
  contents: posts
  sort-ui: true
  filter-ui: true
  categories: true
  fields: [date, title, reading-time, categories]
---
"""


def _site(root: Path, quarto: str, extra: dict[str, str] | None = None) -> Path:
    """A small Quarto blog: one post, a listing page, search."""
    files = {
        "_quarto.yml": quarto,
        "index.qmd": INDEX,
        "posts/first/index.qmd": POST,
        **(extra or {}),
    }
    return write_tree(root, files)


def _page(root: Path, rel: str) -> str:
    """A built page's HTML."""
    return (build(root).output / rel).read_text(encoding="utf-8")


FRENCH = """\
project:
  type: website
lang: fr
website:
  title: "Mon blog"
  site-url: https://example.org
  back-to-top-navigation: true
"""


def test_french_post_words(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", FRENCH)
    out = build(root).output
    post = (out / "posts/first/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in post
    assert 'class="toc-title">Sur cette page</h2>' in post
    assert '<span class="callout-title">Astuce</span>' in post
    assert "<summary>Code</summary>" in post  # French says "Code" too
    assert ">Afficher tout le code</button>" in post
    assert ">Voir la source</a>" in post
    assert '<h2 class="appendix-heading">Réutilisation</h2>' in post
    assert '<h2 class="appendix-heading">Citation</h2>' in post
    assert '<p class="appendix-label">Citation BibTeX :</p>' in post
    assert '<p class="appendix-label">Pour citer ce travail :</p>' in post
    assert "Premier billet.” 5 février 2024. " in post  # the attribution's date
    assert ">5 février 2024</time>" in post  # the long date style (the site's), as French writes it
    assert '<p class="post-authors">Par Ada</p>' in post
    assert "min de lecture" in post
    assert "↑ Haut de page" in post
    assert ">Aller au contenu</a>" in post
    for english in ("On this page", "Back to top", "Reuse", "Skip to content", "min read"):
        assert english not in post


def test_french_listing_and_search_words(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", FRENCH)
    out = build(root).output
    listing = (out / "index.html").read_text(encoding="utf-8")
    assert ">Trier par</label>" in listing
    assert ">Filtrer</label>" in listing
    assert ">Date - Plus ancien</option>" in listing
    assert ">Titre</option>" in listing
    assert 'quarto-listing-category-title" id="listing-categories-title">Catégories</h2>' in (
        listing
    )
    assert ">Tous <span" not in listing and ">Tout <span" in listing
    assert ">Aucun élément trouvé</p>" in listing
    assert ">5 févr. 2024</time>" in listing  # Quarto's medium date, as French writes it
    tag = (out / "tags/python/index.html").read_text(encoding="utf-8")
    assert "1 min de lecture" in tag and "min read" not in tag
    search = (out / "search/index.html").read_text(encoding="utf-8")
    assert "<h1>Rechercher</h1>" in search
    assert 'type="submit">Rechercher</button>' in search
    assert 'placeholder="Rechercher"' in search


def test_language_mapping_overrides_words(tmp_path: Path) -> None:
    quarto = FRENCH + "language:\n  toc-title-website: Sommaire\n  fr:\n    back-to-top: En haut\n"
    root = _site(tmp_path / "site", quarto)
    post = _page(root, "posts/first/index.html")
    assert 'class="toc-title">Sommaire</h2>' in post
    assert "↑ En haut" in post
    assert '<span class="callout-title">Astuce</span>' in post  # the rest stays French


def test_document_language_overrides_project(tmp_path: Path) -> None:
    post = POST.replace("toc: true", "toc: true\nlanguage:\n  callout-tip-title: Truc")
    root = _site(tmp_path / "site", FRENCH, {"posts/first/index.qmd": post})
    html = _page(root, "posts/first/index.html")
    assert '<span class="callout-title">Truc</span>' in html
    assert 'class="toc-title">Sur cette page</h2>' in html


def test_language_file_from_project_and_language_yml(tmp_path: Path) -> None:
    quarto = FRENCH + "language: words/custom.yml\n"
    extra = {
        "words/custom.yml": "listing-page-order-by: Classer par\nfr:\n  quizsite-by: De\n",
        "_language.yml": "listing-page-filter: Chercher\nlisting-page-order-by: Ignoré\n",
    }
    root = _site(tmp_path / "site", quarto, extra)
    out = build(root).output
    listing = (out / "index.html").read_text(encoding="utf-8")
    assert ">Classer par</label>" in listing  # the named file wins over _language.yml
    assert ">Chercher</label>" in listing
    post = (out / "posts/first/index.html").read_text(encoding="utf-8")
    assert '<p class="post-authors">De Ada</p>' in post


def test_english_site_keeps_english_words(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", FRENCH.replace("lang: fr\n", ""))
    out = build(root).output
    post = (out / "posts/first/index.html").read_text(encoding="utf-8")
    assert 'class="toc-title">On this page</h2>' in post
    assert '<span class="callout-title">Tip</span>' in post
    assert "<summary>Code</summary>" in post
    assert '<h2 class="appendix-heading">Reuse</h2>' in post
    assert "February 5, 2024" in post
    assert '<p class="post-authors">By Ada</p>' in post
    assert "↑ Back to top" in post
    listing = (out / "index.html").read_text(encoding="utf-8")
    assert ">Order by</label>" in listing and ">Date - Oldest</option>" in listing
    search = (out / "search/index.html").read_text(encoding="utf-8")
    assert "<h1>Search</h1>" in search


def test_words_resolve_language_tags_and_overrides() -> None:
    assert words("en") is ENGLISH_WORDS
    assert words("pt-BR")["search-label"] == "Pesquisar"
    assert words("xx")["back-to-top"] == "Back to top"  # a language quizsite lacks: English
    assert words("fr") is words("fr-CA")  # one object per language and overrides
    found = overrides_of(
        {"a": "1", "fr": {"b": "2"}, "fr-CA": {"b": "3"}, "de": {"c": "4"}}, "fr-CA"
    )
    assert found == {"a": "1", "b": "3"}


def test_dates_in_the_page_language() -> None:
    day = datetime(2024, 8, 3)
    assert format_date(day, "%A %-d %B %Y", "fr") == "samedi 3 août 2024"
    assert format_date(day, "%a %b %-d", "de") == "Sa. Aug. 3"
    assert format_date(day, "%B %-d, %Y", "en") == "August 3, 2024"
    assert format_date(day, "%B %%B", "es") == "agosto %B"
    # Quarto's named styles (`date-format: long`, ...) in each language's own order.
    assert format_date(day, "%B %-d, %Y", "fr") == "3 août 2024"
    assert format_date(day, "%b %-d, %Y", "de") == "03.08.2024"
    assert format_date(day, "%A, %B %-d, %Y", "es") == "sábado, 3 de agosto de 2024"
    assert format_date(day, "%-m/%-d/%y", "nl") == "03-08-2024"


def test_references_heading_in_the_page_language(tmp_path: Path) -> None:
    post = POST.replace("toc: true", "toc: true\nbibliography: refs.bib").replace(
        "Du texte.", "Du texte [@knuth]."
    )
    bib = "@book{knuth, author = {Knuth, Donald}, title = {TAOCP}, year = {1968}}\n"
    extra = {"posts/first/index.qmd": post, "posts/first/refs.bib": bib}
    root = _site(tmp_path / "site", FRENCH, extra)
    html = _page(root, "posts/first/index.html")
    assert "Références" in html and ">References<" not in html


def test_callout_cross_references_in_the_page_language(tmp_path: Path) -> None:
    post = POST.replace(
        "::: {.callout-tip}\nUn conseil.\n:::",
        "::: {#tip-start .callout-tip}\n## Commencer petit\nUn conseil.\n:::\n\nVoir @tip-start.",
    )
    root = _site(tmp_path / "site", FRENCH, {"posts/first/index.qmd": post})
    html = _page(root, "posts/first/index.html")
    assert '<span class="callout-title">Astuce\u00a01: Commencer petit</span>' in html
    assert 'class="quarto-xref">Astuce\u00a01</a>' in html
    assert "Tip" not in html


def test_the_themes_own_words_follow_the_language(tmp_path: Path) -> None:
    quarto = FRENCH + (
        "  sidebar:\n    contents:\n      - index.qmd\n      - about.qmd\n"
        "      - posts/first/index.qmd\n  page-navigation: true\n"
    )
    about = "---\ntitle: À propos\n---\n\nDu texte.\n"
    out = build(_site(tmp_path / "site", quarto, {"about.qmd": about})).output
    page = (out / "about.html").read_text(encoding="utf-8")
    assert '<nav class="site-sidebar" aria-label="Sommaire">' in page
    assert "<summary>Sommaire</summary>" in page
    assert '<span class="post-nav-label">← Précédent</span>' in page
    assert '<span class="post-nav-label">Suivant →</span>' in page
    assert ">Étiquettes</a></li>" in page  # quizsite's tags index in the navbar
    post = (out / "posts/first/index.html").read_text(encoding="utf-8")
    assert 'aria-label="Fermer la source"' in post
    assert '<ul class="tag-list quarto-categories" aria-label="Étiquettes">' in post
    tags = (out / "tags/index.html").read_text(encoding="utf-8")
    assert "<h1>Étiquettes</h1>" in tags
    assert '<p class="lead">1 étiquette pour 1 article.</p>' in tags
    assert '<span class="visually-hidden"> article</span>' in tags
    missing = (out / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page introuvable</h1>" in missing
    assert '<p><a href="/">Parcourir les articles</a> ou <a href="/tags/">choisir' in missing
    search = (out / "search/index.html").read_text(encoding="utf-8")
    assert "La recherche a besoin de JavaScript, désactivé dans ce navigateur. Vous pouvez " in (
        search
    )
    assert (
        'hidden>Vous pouvez aussi <a href="/tags/">parcourir les articles par étiquette</a>.'
        in (search)
    )
    assert ">Articles</a></li>" in page  # the navbar's link to the posts
    for english in (
        ">Tags<",
        "Contents",
        "Previous",
        "Next",
        ">Page not found<",
        "Close the source",
    ):
        assert english not in page + post + tags + missing


def test_a_page_not_in_english_hands_its_scripts_their_words(tmp_path: Path) -> None:
    out = build(_site(tmp_path / "site", FRENCH)).output
    post = (out / "posts/first/index.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="quizsite-words">{' in post
    assert '"copy-button-tooltip-success": "Copié"' in post
    assert '"quizsite-search-none": "Aucun article ne correspond à {1}.' in post
    english = build(_site(tmp_path / "en", FRENCH.replace("lang: fr\n", ""))).output
    assert "quizsite-words" not in (english / "posts/first/index.html").read_text("utf-8")


def test_every_theme_word_has_every_language_with_its_placeholders() -> None:
    import re

    from quizsite.ui_theme_words import ORDER, SCRIPT_KEYS, THEME
    from quizsite.ui_translations import LANGUAGES

    for key, texts in THEME.items():
        assert len(texts) == len(ORDER) and all(t.strip() for t in texts), key
        marks = sorted(re.findall(r"\{\d\}", texts[0]))
        assert all(sorted(re.findall(r"\{\d\}", t)) == marks for t in texts), key
    for lang in ORDER[1:]:
        assert set(SCRIPT_KEYS) <= set(LANGUAGES[lang])
    assert words("fr").fill("quizsite-page-of", 2, 3) == "Page 2 sur 3"
    assert words("de")["quizsite-reading-list"] == "Leseliste"


def test_the_titles_of_quizsites_own_pages_follow_the_language(tmp_path: Path) -> None:
    out = build(_site(tmp_path / "site", FRENCH)).output
    titles = {
        rel: re.search(r"<title>([^<]*)</title>", (out / rel).read_text(encoding="utf-8"))
        for rel in ("tags/index.html", "search/index.html", "404.html")
    }
    assert {rel: m[1] if m else "" for rel, m in titles.items()} == {
        "tags/index.html": "Étiquettes · Mon blog",
        "search/index.html": "Rechercher · Mon blog",
        "404.html": "Page introuvable · Mon blog",
    }
    tag = next((out / "tags").glob("*/index.html")).read_text(encoding="utf-8")
    assert "<title>Étiquette : " in tag or "<title>Étiquette: " in tag
