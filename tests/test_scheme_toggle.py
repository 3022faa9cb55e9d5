"""Which pages show the light/dark toggle, and what it starts from (Quarto's dark mode): a
theme's light and dark pair starts from the variant named first, or the reader's scheme with
`respect-user-color-scheme`; a theme of one variant has none; quizsite's own sites have one
unless `scheme_toggle = false`; a Quarto site without a pair has none, as in Quarto."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import CliResult, write_tree
from test_look import QUARTO, _blog, _build, _links

PAIR = "theme:\n      light: flatly\n      dark: darkly"
QUIZ = """---
title: "A quiz"
date: 2024-01-02
---

Which is prime?

1. Four
2. Five

::: {.callout-note collapse="true"}
## Answer

**2**: five.
:::
"""


def _quarto_page(cli: Callable[..., CliResult], root: Path, theme: str, more: str = "") -> str:
    """A post of a Quarto blog whose `_quarto.yml` sets `theme` (and `more` HTML options)."""
    quarto = QUARTO.replace("theme: custom.scss", theme + more)
    out, _ = _build(cli, _blog(root, {"_quarto.yml": quarto}))
    return (out / "posts/first/index.html").read_text()


def _toggle(html: str) -> str | None:
    """The scheme the page's toggle starts from (None: the page has no toggle)."""
    found = re.search(r'<html [^>]*data-scheme-toggle="(\w+)"', html)
    has_button = '<button class="scheme-toggle' in html
    assert bool(found) == has_button == ("assets/scheme.css" in html)
    return found.group(1) if found else None


def test_pair_starts_from_the_variant_named_first(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    assert _toggle(_quarto_page(cli, tmp_path / "a", PAIR)) == "light"
    dark_first = "theme:\n      dark: darkly\n      light: flatly"
    html = _quarto_page(cli, tmp_path / "b", dark_first)
    assert _toggle(html) == "dark"
    # Either way, without the script each variant's sheet is the one for the reader's scheme.
    assert re.search(
        r'theme-\w+-light\.css" media="print, \(prefers-color-scheme: light\)" data-scheme="light"',
        html,
    )
    assert re.search(
        r'theme-\w+-dark\.css" media="screen and \(prefers-color-scheme: dark\)" '
        r'data-scheme="dark"',
        html,
    )
    # The script that applies the scheme comes after the sheets it switches, in <head>.
    head = html.split("</head>", 1)[0]
    assert head.rindex('data-scheme="dark"') < head.index("<script>(function(r)")


def test_respect_user_color_scheme_starts_from_the_readers(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    html = _quarto_page(cli, tmp_path / "a", PAIR, "\n    respect-user-color-scheme: true")
    assert _toggle(html) == "auto"


def test_one_variant_and_no_theme_have_no_toggle_in_a_quarto_site(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    html = _quarto_page(cli, tmp_path / "a", "theme: darkly")
    assert _toggle(html) is None and 'data-theme-scheme="dark"' in html
    quarto = QUARTO.replace("    theme: custom.scss\n", "")
    out, _ = _build(cli, _blog(tmp_path / "b", {"_quarto.yml": quarto}))
    html = (out / "posts/first/index.html").read_text()
    assert _toggle(html) is None
    assert not (out / "assets/scheme.css").exists()


def test_a_post_with_a_pair_has_the_toggle_in_a_site_without_one(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    quarto = QUARTO.replace("    theme: custom.scss\n", "")
    post = '---\ntitle: "Paired"\ntheme:\n  dark: darkly\n  light: cosmo\n---\n\nWords.\n'
    out, _ = _build(cli, _blog(tmp_path / "b", {"_quarto.yml": quarto, "posts/pair.qmd": post}))
    assert _toggle((out / "posts/pair.html").read_text()) == "dark"
    assert _toggle((out / "posts/first/index.html").read_text()) is None
    assert (out / "assets/scheme.css").is_file()


def _quizsite_site(root: Path, settings: str = "") -> Path:
    """A quizsite site (quizsite.toml, content/posts) with one quiz."""
    return write_tree(
        root,
        {
            "quizsite.toml": 'title = "Q"\nbase_url = "/"\n' + settings,
            "content/posts/quiz.md": QUIZ,
        },
    )


def test_quizsite_sites_have_the_toggle_from_the_readers_scheme(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    out, _ = _build(cli, _quizsite_site(tmp_path / "on"))
    for page in ("index.html", "posts/quiz/index.html", "tags/index.html", "404.html"):
        html = (out / page).read_text()
        assert _toggle(html) == "auto", page
        assert _links(html)[:3] == [
            "/assets/style.css",
            "/assets/highlight.css",
            "/assets/scheme.css",
        ]
    button = re.search(r"<button class=\"scheme-toggle[^>]*>.*?</button>", html)
    assert button is not None
    assert 'type="button"' in button.group(0) and 'aria-pressed="false"' in button.group(0)
    assert '<span class="visually-hidden">Dark mode</span>' in button.group(0)
    out, _ = _build(cli, _quizsite_site(tmp_path / "off", "scheme_toggle = false\n"))
    html = (out / "posts/quiz/index.html").read_text()
    assert _toggle(html) is None and not (out / "assets/scheme.css").exists()


def test_scheme_css_holds_both_palettes_for_the_readers_choice(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    out, _ = _build(cli, _quizsite_site(tmp_path / "on"))
    css = (out / "assets/scheme.css").read_text()
    style = (out / "assets/style.css").read_text()
    chosen_light, chosen_dark = css.split("@media screen and (prefers-color-scheme: light)")
    # Light chosen in a dark browser: the theme's own light palette, and light code colours.
    assert ':root:where([data-theme-scheme="light"])' in chosen_light
    assert "--bg: #ffffff;" in chosen_light and "--bg: #ffffff;" in style.split("@media", 1)[0]
    assert ':root:where([data-theme-scheme="light"]) .highlight' in chosen_light
    # Dark chosen in a light browser: the dark palette, on screen only.
    assert ':root:where([data-theme-scheme="dark"])' in chosen_dark
    assert "--bg: #14171c;" in chosen_dark and "--bg: #14171c;" in style
    assert ':root:where([data-theme-scheme="dark"]) .highlight' in chosen_dark


def test_comments_name_their_light_and_dark_themes_only_where_the_toggle_switches() -> None:
    from quizsite.look_parts import comments_html

    def warn(where: object, message: str, hint: str) -> None:
        raise AssertionError(message)

    giscus = {"giscus": {"repo": "a/b", "repo-id": "R", "category-id": "C"}}
    assert 'data-scheme-themes="light dark"' in comments_html(giscus, ("x", 1), warn, "")
    assert "data-scheme-themes" not in comments_html(giscus, ("x", 1), warn, "dark")
    fixed = {"giscus": {**giscus["giscus"], "theme": "cobalt"}}
    assert "data-scheme-themes" not in comments_html(fixed, ("x", 1), warn, "")
    utterances = {"utterances": {"repo": "a/b"}}
    assert 'data-scheme-themes="github-light github-dark"' in comments_html(
        utterances, ("x", 1), warn, ""
    )
