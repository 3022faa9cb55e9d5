"""What building more real Quarto blogs showed (leandro-costa/quarto-blog, a course blog whose
posts are `{{< include _content.qmd >}}`; project-delphi/ml-blog; tjmahr/quarto-blog): each
site is written here, in its own words, reproducing one thing such a blog does."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from quizsite.build import build
from quizsite.check import check_site
from quizsite.look_scss import css_math

SITE_YML = "project:\n  type: website\nwebsite:\n  title: Notes on models\n"
HOME = "---\ntitle: Home\nlisting:\n  contents: posts\n---\n"
INCLUDER = "---\ntitle: Objects\ndate: 2026-04-28\n---\n{{< include _content.qmd >}}\n"
CONTENT = "# Objects\n\nA class.\n\n## Exercises\n\n- [Data as objects](exercicios/data.md)\n"


def _course_blog(tmp_path: Path) -> Path:
    """A blog whose post is all in an included file that links to a missing exercise."""
    return write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/objects/index.qmd": INCLUDER,
            "posts/objects/_content.qmd": CONTENT,
        },
    )


def test_a_missing_link_in_an_included_file_is_warned_of_at_that_files_line(
    tmp_path: Path,
) -> None:
    """The build's warning names the included file and its line, not the includer's line
    counted through the pasted text (which lies past the includer's end)."""
    result = build(_course_blog(tmp_path), tmp_path / "out")
    [link] = [w for w in result.warnings if "not in the site" in w.message]
    assert (link.location.path, link.location.line) == ("posts/objects/_content.qmd", 7)


def test_check_places_a_broken_link_of_an_included_file_at_its_line(tmp_path: Path) -> None:
    """`quizsite check` finds the broken link's line in the included file too, rather than
    line 1 of the post."""
    report = check_site(_course_blog(tmp_path))
    [broken] = [d for d in report.diagnostics if d.message.startswith("broken link")]
    assert (broken.location.path, broken.location.line) == ("posts/objects/_content.qmd", 7)


def test_a_link_in_the_posts_own_text_keeps_its_line(tmp_path: Path) -> None:
    """Without includes, a broken link is still at the post's own line."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/objects/index.qmd": INCLUDER.replace("{{< include _content.qmd >}}", CONTENT),
        },
    )
    report = check_site(root)
    [broken] = [d for d in report.diagnostics if d.message.startswith("broken link")]
    assert (broken.location.path, broken.location.line) == ("posts/objects/index.qmd", 11)


def test_css_min_with_mixed_units_compiles_as_with_dart_sass(tmp_path: Path) -> None:
    """`minmax(min(19rem, 100%), 1fr)` in a theme's rules is CSS's own `min()` (Dart Sass,
    Quarto's, leaves it to the browser); libsass stopped at its units and left every rule of
    the theme out with a warning."""
    theme = (
        "/*-- scss:defaults --*/\n$primary: #1D5C6E;\n/*-- scss:rules --*/\n"
        ".widget { grid-template-columns: repeat(auto-fit, minmax(min(19rem, 100%), 1fr)); }\n"
        ".wide { width: clamp(1rem, 50vw, 40rem); }\n"
    )
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/volcano/index.qmd": (
                "---\ntitle: Volcano\ndate: 2026-08-19\nformat:\n  html:\n"
                "    theme: [zephyr, theme.scss]\n---\n\nPlots.\n"
            ),
            "posts/volcano/theme.scss": theme,
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "do not compile" in w.message], result.warnings
    css = "".join(p.read_text() for p in (out / "assets").rglob("*.css"))
    assert "minmax(min(19rem, 100%), 1fr)" in css
    assert "clamp(1rem, 50vw, 40rem)" in css


def test_sass_min_of_variables_is_left_to_sass() -> None:
    """Only plain CSS calls are quoted: Sass's `min($a, 1px)`, names ending in `min(` and a
    media query's `min-width` stay as written."""
    for text in (
        "x { width: max($a, 1px); }",
        "@media (min-width: 3px) {}",
        "@function min($a) {}",
    ):
        assert css_math(text) == text
    assert css_math("a { b: minmax(min(1rem, 5%), 1fr) }") == (
        'a { b: minmax(unquote("min(1rem, 5%)"), 1fr) }'
    )
