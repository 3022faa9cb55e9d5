"""What building more real Quarto blogs showed (leandro-costa/quarto-blog, a course blog whose
posts are `{{< include _content.qmd >}}`; project-delphi/ml-blog; tjmahr/quarto-blog): each
site is written here, in its own words, reproducing one thing such a blog does."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree
from fixture_file import render

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


def test_filters_are_warned_of_where_they_are_named(tmp_path: Path) -> None:
    """A Lua filter (the diagram extension drawing PlantUML) is not run: a warning at
    `_quarto.yml`'s line, and at a document's own `filters:`; Quarto's own place-holder and
    the lightbox filter (whose `lightbox:` quizsite applies) are not named."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML + "filters:\n  - quarto\n  - diagram\n  - lightbox\n",
            "index.qmd": HOME,
            "posts/uml/index.qmd": (
                "---\ntitle: UML\ndate: 2026-01-02\nfilters:\n  - path: shout.lua\n---\n\nText.\n"
            ),
            "posts/plain/index.qmd": "---\ntitle: Plain\ndate: 2026-01-03\n---\n\nText.\n",
        },
    )
    result = build(root, tmp_path / "out")
    found = sorted(
        (w.location.path, w.location.line, w.message)
        for w in result.warnings
        if "filters" in w.message
    )
    assert found == [
        ("_quarto.yml", 6, "'filters' are not run: diagram; the document is rendered without them"),
        (
            "posts/uml/index.qmd",
            4,
            "'filters' are not run: shout.lua; the document is rendered without them",
        ),
    ]


def test_template_partials_are_warned_of(tmp_path: Path) -> None:
    """`template-partials` (tjmahr's own title block) replace Quarto's Pandoc templates, which
    quizsite does not have: a warning at the line naming them, not silence."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML
            + "format:\n  html:\n    template-partials:\n      - partials/title-block.html\n",
            "index.qmd": HOME,
            "partials/title-block.html": "<header>$title$</header>\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2026-01-02\n---\n\nText.\n",
        },
    )
    result = build(root, tmp_path / "out")
    [partials] = [w for w in result.warnings if "template-partials" in w.message]
    assert (partials.location.path, partials.location.line) == ("_quarto.yml", 7)


def test_menu_items_naming_missing_documents_are_warned_of(tmp_path: Path) -> None:
    """A course site's sidebar (dnth/satellite-image-deep-learning-course) lists chapters
    not written yet: each is a warning at its line of `_quarto.yml` rather than a silent link
    to nothing; the written ones, outside links and anchors of written ones say nothing."""
    quarto = (
        "project:\n  type: website\nwebsite:\n  title: Course\n  navbar:\n    left:\n"
        "      - href: about.qmd\n      - text: More\n        menu:\n          - href: gone.qmd\n"
        "  sidebar:\n    style: docked\n    logo: images/logo.png\n    tools:\n"
        "      - icon: github\n        href: https://github.com/x/y\n    contents:\n"
        "      - classification.qmd\n      - welcome.qmd\n      - section: Advanced\n"
        "        contents:\n          - href: sar.qmd#intro\n"
        "          - classification.qmd#data\n          - https://example.org/x.md\n"
    )
    root = write_tree(
        tmp_path / "course",
        {
            "_quarto.yml": quarto,
            "index.qmd": "---\ntitle: Course\n---\n\nWelcome.\n",
            "about.qmd": "---\ntitle: About\n---\n\nMe.\n",
            "classification.qmd": "---\ntitle: Classification\n---\n\nLabels.\n",
        },
    )
    result = build(root, tmp_path / "out")
    found = sorted(
        (w.location.line, w.message) for w in result.warnings if w.location.path == "_quarto.yml"
    )
    assert found == [
        (10, "the menu names gone.qmd, which is not in the site: its link leads nowhere"),
        (13, "the sidebar's 'logo' is not shown: its contents are"),
        (15, "the sidebar's 'tools' is not shown: its contents are"),
        (19, "the menu names welcome.qmd, which is not in the site: its link leads nowhere"),
        (22, "the menu names sar.qmd#intro, which is not in the site: its link leads nowhere"),
    ]


def test_a_link_whose_text_is_a_bracketed_span_is_a_link() -> None:
    """`[[URW Classico]{.sans}](url)` (ddimmery's website notes) is a link holding a span in
    Pandoc; markdown-it's link rule took the span for a nested link and showed the brackets
    and the address as text. A text holding a link of its own stays no link."""
    html = render("Headers in [[URW Classico]{.sans}](https://e.org/optima#clones).\n")
    assert html == (
        '<p>Headers in <a href="https://e.org/optima#clones">'
        '<span class="sans">URW Classico</span></a>.</p>\n'
    )
    titled = render('See [the [book]{.smallcaps} itself](https://e.org/b "Book").\n')
    assert titled == (
        '<p>See <a href="https://e.org/b" title="Book">the '
        '<span class="smallcaps">book</span> itself</a>.</p>\n'
    )
    nested = render("See [[a]{.b} [c](https://e.org/d)](https://e.org/u).\n")
    assert nested == (
        '<p>See [<span class="b">a</span> <a href="https://e.org/d">c</a>](https://e.org/u).</p>\n'
    )


def test_a_posts_description_shows_its_markdown_rendered(tmp_path: Path) -> None:
    """A description holding a link (ddimmery's SoftBlock demo) shows as a link in the title
    block, as Quarto renders it and as the listing already showed it, not as `[...](...)`."""
    description = "Methods from our [recent paper](https://arxiv.org/abs/2010.11332) on *design*."
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/softblock/index.qmd": (
                f'---\ntitle: SoftBlock\ndate: 2026-01-02\ndescription: "{description}"\n---\n\n'
                "Text.\n"
            ),
        },
    )
    out = tmp_path / "out"
    build(root, out)
    page = (out / "posts/softblock/index.html").read_text()
    assert (
        '<div class="post-description description">Methods from our '
        '<a href="https://arxiv.org/abs/2010.11332">recent paper</a> on <em>design</em>.</div>'
    ) in page


def test_project_scripts_are_warned_of(tmp_path: Path) -> None:
    """A pre-render script (sfanzon's builds its pages from data; leandro-costa's its book)
    is not run: a warning at its line says so, before the warnings for the pages it would
    have written."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": (
                "project:\n  type: website\n  pre-render: python3 scripts/build-content.py\n"
                "  post-render:\n    - scripts/a.py\n    - scripts/b.ts\n"
                "website:\n  title: Notes\n"
            ),
            "index.qmd": HOME,
        },
    )
    result = build(root, tmp_path / "out")
    found = sorted(
        (w.location.line, w.message) for w in result.warnings if "is not run" in w.message
    )
    assert found == [
        (3, "'project.pre-render' is not run: python3 scripts/build-content.py"),
        (5, "'project.post-render' is not run: scripts/a.py, scripts/b.ts"),
    ]


def _cell(kind: str, text: str) -> dict[str, object]:
    """A notebook cell holding `text`."""
    return {"cell_type": kind, "id": f"c{len(text)}", "metadata": {}, "source": text}


def test_a_notebooks_front_matter_after_an_empty_cell_is_its_front_matter(
    tmp_path: Path,
) -> None:
    """project-delphi's notebooks open with an empty raw cell, then the YAML cell: Quarto's
    Markdown of the notebook holds the YAML block after a blank, which Pandoc reads as the
    front matter. It was shown as a heading of `title: ... date: ...` text, the post titled
    by its first heading and undated."""
    import json

    notebook = {
        "cells": [
            _cell("raw", ""),
            _cell(
                "raw",
                '---\ntitle: "Train Dev Test Data Splits"\ndate: "2024-09-20"\n'
                "categories: [data]\n---",
            ),
            _cell("markdown", "# Data Splitting: Some Thoughts\n\nSplit the data."),
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/splits/index.ipynb": json.dumps(notebook, indent=1),
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if w.location.path.endswith(".ipynb")]
    page = (out / "posts/splits/index.html").read_text()
    assert '<h1 class="post-title title">Train Dev Test Data Splits</h1>' in page
    assert "title:" not in page.split("<main", 1)[1]
    assert '<h1 id="data-splitting-some-thoughts">' in page
    assert (out / "tags/data/index.html").is_file()


def _frozen(source: str, markdown: str) -> str:
    """Quarto's frozen output of `source`: its Markdown under the hash of its text."""
    import hashlib
    import json

    digest = hashlib.md5(source.encode()).hexdigest()
    return json.dumps({"hash": digest, "result": {"markdown": markdown}})


FROZEN_CELL = (
    "Text.\n\n::: {#cell-fig-x .cell execution_count=2}\n``` {.python .cell-code}\nx = 1\n"
    "print(x)\n```\n\n::: {.cell-output .cell-output-stdout}\n```\n1\n```\n:::\n:::\n"
)


def test_frozen_cells_code_is_folded_as_the_document_says(tmp_path: Path) -> None:
    """project-delphi's volcano post sets `format: html: code-fold: show` and is frozen: its
    cells' code (``` {.python .cell-code} in the frozen Markdown) is folded open under
    "Code", as Quarto folds it; it was shown unfolded. A `_metadata.yml` folding a folder's
    posts reaches frozen cells too, and a plain code block is never folded."""
    shown = (
        "---\ntitle: Volcano\ndate: 2026-08-19\nformat:\n  html:\n    code-fold: show\n"
        '    code-summary: "Show the code"\n---\n\nText.\n\n```{python}\nx = 1\nprint(x)\n```\n'
    )
    hidden = "---\ntitle: Hidden\ndate: 2026-08-20\n---\n\nText.\n\n```{python}\nx = 1\n```\n"
    plain = "\n\n```python\ny = 2\n```\n"
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/volcano/index.qmd": shown,
            "_freeze/posts/volcano/index/execute-results/html.json": _frozen(
                shown, FROZEN_CELL + plain
            ),
            "more/_metadata.yml": "code-fold: true\n",
            "more/hidden/index.qmd": hidden,
            "_freeze/more/hidden/index/execute-results/html.json": _frozen(hidden, FROZEN_CELL),
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "frozen" in w.message], result.warnings
    volcano = (out / "posts/volcano/index.html").read_text()
    assert volcano.count('<details class="code-fold" open><summary>Show the code</summary>') == 1
    assert volcano.count("<details") == 1  # the plain block stays as it is
    more = (out / "more/hidden/index.html").read_text()
    assert more.count('<details class="code-fold"><summary>Code</summary>') == 1


def test_two_documents_naming_one_alias_build_with_a_warning(tmp_path: Path) -> None:
    """David-Salazar's blog (moved from blogdown) copied an alias into a second post: Quarto
    builds it, the redirect of the document last in path order written last and kept. The
    build failed on it; now it warns at the other document and redirects to the alias's
    owner. An alias over a real page is warned of and left out, as Quarto does."""
    post = "---\ntitle: {title}\ndate: {date}\naliases:\n  - /2020/08/26/mediation/\n---\n\nX.\n"
    files = {
        "_quarto.yml": SITE_YML,
        "index.qmd": HOME,
        "posts/causality/2020-08-20-causation.qmd": post.format(
            title="Causation", date="2020-08-20"
        ),
        "posts/causality/2020-08-26-mediation.qmd": post.format(
            title="Mediation", date="2020-08-26"
        ),
    }
    root = write_tree(tmp_path / "blog", files)
    out = tmp_path / "out"
    result = build(root, out)
    [twice] = [w for w in result.warnings if "alias" in w.message]
    assert twice.location.path == "posts/causality/2020-08-20-causation.qmd"
    assert twice.message == (
        "alias '/2020/08/26/mediation/' is also posts/causality/2020-08-26-mediation.qmd's: "
        "it redirects there"
    )
    redirect = (out / "2020/08/26/mediation/index.html").read_text()
    assert "posts/causality/2020-08-26-mediation.html" in redirect
    assert "2020-08-20-causation" not in redirect
    files["posts/causality/2020-08-20-causation.qmd"] = post.format(
        title="Causation", date="2020-08-20"
    ).replace("/2020/08/26/mediation/", "/posts/causality/2020-08-26-mediation.html")
    root = write_tree(tmp_path / "blog2", files)
    # Quarto writes no redirect over a document's page, with a warning (website-aliases.ts).
    result = build(root, tmp_path / "out2")
    [over] = [w for w in result.warnings if "alias" in w.message]
    assert over.location.path == "posts/causality/2020-08-20-causation.qmd"
    assert "is the address of another document's page" in over.message
    page = (tmp_path / "out2/posts/causality/2020-08-26-mediation.html").read_text()
    assert "<h1" in page and 'http-equiv="refresh"' not in page


def test_check_places_a_mistyped_link_at_its_line(tmp_path: Path) -> None:
    """`[Github]((https://github.com/x/y))` (AnesBenmerzoug's post) links to
    `(https://github.com/x/y)`, and `[a url](Papilla Estelar: Remedios Varo)` (ddimmery's,
    text and address swapped) to `Papilla%20Estelar:...`: both broken, and `check` now names
    their lines, not line 1 of the post (the same address written well earlier is not the
    place)."""
    body = (
        "Code: [ball-and-beam](https://github.com/x/ball-and-beam).\n\n"
        "More text.\n\n"
        "Open-sourced on [Github]((https://github.com/x/ball-and-beam)).\n\n"
        "*Source*: [https://brooklynrail.org/x/](Papilla Estelar: Remedios Varo)\n"
    )
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "posts/beam/index.qmd": f"---\ntitle: Beam\ndate: 2026-01-02\n---\n\n{body}",
        },
    )
    report = check_site(root)
    found = sorted(
        (d.location.line, d.message)
        for d in report.diagnostics
        if d.message.startswith("broken link")
    )
    assert found == [
        (10, "broken link: (https://github.com/x/ball-and-beam)"),
        (12, "broken link: Papilla%20Estelar:%20Remedios%20Varo"),
    ]


def test_conditional_content_follows_the_html_format() -> None:
    """Quarto's `.content-visible` and `.content-hidden` (ratnanil's multi-language site,
    books with PDF-only parts): what an HTML page does not show is left out, divs and spans
    alike; both versions were shown, one after the other."""
    html = render(
        '::: {.content-visible when-format="html"}\nHTML only.\n:::\n\n'
        '::: {.content-visible when-format="pdf"}\nPDF only.\n:::\n\n'
        "::: {.content-hidden}\nNever.\n:::\n\n"
        '::: {.content-hidden unless-format="html"}\nKept.\n:::\n\n'
        'A [web]{.content-visible when-format="html"}[print]{.content-visible '
        'when-format="latex"} word.\n'
    )
    assert "PDF only" not in html and "Never" not in html and "print" not in html
    assert "<p>HTML only.</p>" in html and "<p>Kept.</p>" in html
    assert '<span class="content-visible" data-when-format="html">web</span> word.' in html


def test_conditional_content_follows_the_profile_and_metadata(tmp_path: Path) -> None:
    """`when-profile` follows the project's default profile (the first of `profile: group:`),
    and `when-meta` the document's metadata; the profile's own `_quarto-en.yml` is merged
    over `_quarto.yml`, as Quarto merges it, with no warning."""
    body = (
        '::: {.content-visible when-profile="en"}\n## English\n:::\n\n'
        '::: {.content-visible when-profile="de"}\n## Deutsch\n:::\n\n'
        '::: {.content-visible when-meta="show.extra"}\nExtra.\n:::\n\n'
        '::: {.content-hidden when-meta="draft-notes"}\nNotes.\n:::\n'
    )
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML + "profile:\n  group:\n    - [en, de]\n",
            "_quarto-en.yml": "lang: en-GB\n",
            "index.qmd": HOME,
            "posts/a/index.qmd": (
                f"---\ntitle: A\ndate: 2024-01-02\nshow:\n  extra: true\n---\n\n{body}"
            ),
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    page = (out / "posts/a/index.html").read_text()
    assert ">English</h2>" in page and "Deutsch" not in page
    assert "<p>Extra.</p>" in page and "<p>Notes.</p>" in page
    assert not [w for w in result.warnings if "profile" in w.message], result.warnings
    assert '<html lang="en-GB"' in page


def test_a_theme_files_text_before_its_first_section_is_defaults(tmp_path: Path) -> None:
    """Cidree's theme opens with `/*-- scss:variables --*/` (no section of Quarto's) and its
    colour variables, then `/*-- scss:defaults --*/` using them: Quarto reads text before the
    first real section as defaults, so they are defined; quizsite read it as rules, after the
    defaults, and the theme did not compile."""
    theme = (
        "/*-- scss:variables --*/\n$color-lightblue: #A3D1D5;\n$color-darkblue: #2D4156;\n\n"
        "/*-- scss:defaults --*/\n$code-bg: $color-lightblue;\n$primary: $color-darkblue;\n\n"
        "/*-- scss:rules --*/\n.banner { color: $color-darkblue; }\n"
    )
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML + "format:\n  html:\n    theme: [lux, theme.scss]\n",
            "theme.scss": theme,
            "index.qmd": HOME,
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "compile" in w.message], result.warnings
    css = "".join(p.read_text() for p in (out / "assets").rglob("*.css"))
    assert ".banner" in css and "#2D4156".lower() in css.lower()
