"""Quarto's page-level options as quizsite applies them: where the table of contents sits,
and the switches the page script reads (anchor links, hover previews, outside links,
lightbox), each read from the document's metadata with a warning at the line of a bad value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write_tree

from quizsite.build import build
from quizsite.model import Post
from quizsite.parse import parse_post
from quizsite.sources import SourceFile

SECTIONS = "## One\n\nText.\n\n### One a\n\nMore.\n\n## Two\n\nText.\n"


def _parsed(tmp_path: Path, front: str, body: str = SECTIONS) -> tuple[Post, list[str]]:
    """The post of a document with `front` and `body`, and its problems as `line: message`."""
    text = f"---\ntitle: T\ndate: 2024-01-01\n{front}---\n\n{body}"
    name = "content/posts/p.qmd"
    post, problems = parse_post(SourceFile(tmp_path / name, name, text, False, ()))
    assert post is not None, problems
    return post, [f"{p.location.line}: {p.message}" for p in problems]


def _navs(html: str) -> list[str]:
    """The opening tags of the tables of contents in `html`."""
    return re.findall(r'<nav class="toc[^"]*" aria-labelledby="[^"]+"[^>]*>', html)


@pytest.mark.parametrize(
    ("location", "navs"),
    [
        ("right", ['<nav class="toc" aria-labelledby="toc-title">']),
        ("left", ['<nav class="toc toc-left" aria-labelledby="toc-title">']),
        ("body", ['<nav class="toc toc-body" aria-labelledby="toc-title">']),
        (
            "left-body",
            [
                '<nav class="toc toc-side toc-left" aria-labelledby="toc-title">',
                '<nav class="toc toc-body" aria-labelledby="toc-body-title">',
            ],
        ),
        (
            "right-body",
            [
                '<nav class="toc toc-side" aria-labelledby="toc-title">',
                '<nav class="toc toc-body" aria-labelledby="toc-body-title">',
            ],
        ),
    ],
)
def test_toc_location_places_the_table_as_quarto_names_it(
    tmp_path: Path, location: str, navs: list[str]
) -> None:
    post, problems = _parsed(tmp_path, f"toc: true\ntoc-location: {location}\n")
    html = str(post.toc_html)
    assert _navs(html) == navs
    assert not problems
    # Every copy lists the same headings, nested, and titles itself with an id of its own.
    for nav in html.split("</nav>")[:-1]:
        assert re.findall(r'href="#([^"]+)"', nav) == ["one", "one-a", "two"]
        assert '<ul><li><a href="#one">One</a><ul><li>' in nav
    assert len(set(re.findall(r'id="([^"]+)"', html))) == len(navs)


def test_a_toc_location_quarto_does_not_know_is_a_warning_and_the_table_stays_right(
    tmp_path: Path,
) -> None:
    post, problems = _parsed(tmp_path, "toc: true\ntoc-location: top\n")
    assert _navs(str(post.toc_html)) == ['<nav class="toc" aria-labelledby="toc-title">']
    assert problems == [
        "5: 'toc-location' must be one of right, left, body, left-body, right-body: the table "
        "of contents stays on the right"
    ]


def test_toc_location_is_never_reported_as_not_applied(tmp_path: Path) -> None:
    _, problems = _parsed(tmp_path, "toc: true\ntoc-location: left\n")
    assert problems == []


def test_a_post_that_sets_no_page_option_carries_none(tmp_path: Path) -> None:
    post, _ = _parsed(tmp_path, "toc: true\n")
    assert post.options is None


def test_toc_location_from_the_site_config_reaches_every_post(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: S\n"
            "format:\n  html:\n    toc: true\n    toc-location: left\n",
            "posts/a/index.qmd": f"---\ntitle: A\ndate: 2024-01-01\n---\n\n{SECTIONS}",
        },
    )
    build(tmp_path)
    html = (tmp_path / "site/posts/a/index.html").read_text()
    assert _navs(html) == ['<nav class="toc toc-left" aria-labelledby="toc-title">']


NOTES = """A paragraph with a note.[^a] And more.

- An item^[An inline note.]
- Another

A table:

| x | y |
|---|---|
| 1[^b] | 2 |

[^a]: The *first* note.

    Its second paragraph.

[^b]: A note from a table.
"""


def test_reference_location_margin_puts_each_note_after_its_paragraph(tmp_path: Path) -> None:
    post, problems = _parsed(tmp_path, "reference-location: margin\n", NOTES)
    html = str(post.body_html)
    assert not problems
    assert 'class="footnotes"' not in html and "footnote-backref" not in html
    # A paragraph of the body and its notes together, the notes after it.
    first = (
        '<div class="margin-row">\n<p>A paragraph with a note.<sup class="footnote-ref">'
        '<a href="#fn1" id="fnref1" role="doc-noteref">1</a></sup> And more.</p>\n<div class="margin-notes">\n'
        '<div id="fn1" class="column-margin footnote-margin" role="note">\n'
        '<p><sup class="footnote-mark">1</sup> The <em>first</em> note.</p>\n'
        "<p>Its second paragraph.</p>\n</div>\n</div>\n</div>\n"
    )
    assert first in html
    # In a list, after the item's text; in a table, after the table.
    assert '2</a></sup><div id="fn2" class="column-margin footnote-margin"' in html
    assert html.index('<div id="fn3"') > html.index("</table>")
    assert html.count('<div class="margin-row">') == 1
    assert html.count("footnote-margin") == 3


def test_without_reference_location_notes_stay_at_the_end(tmp_path: Path) -> None:
    post, _ = _parsed(tmp_path, "", NOTES)
    html = str(post.body_html)
    assert (
        "footnote-margin" not in html and '<section class="footnotes" role="doc-endnotes">' in html
    )


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("reference-location: top\n", "'reference-location' must be one of document, section"),
        ("citation-location: end\n", "'citation-location' must be one of document, margin"),
    ],
)
def test_a_note_location_not_applied_is_a_warning_at_its_line(
    tmp_path: Path, front: str, message: str
) -> None:
    _, problems = _parsed(tmp_path, front, NOTES)
    assert len(problems) == 1 and problems[0].startswith("4: " + message)


BIB = """@article{smith2020,
  author = {Smith, John}, title = {Deep results}, journal = {J}, year = {2020}
}
@book{jones2021,
  author = {Jones, Sarah}, title = {A Book}, publisher = {Press}, year = {2021}
}
"""


def test_citation_location_margin_shows_each_cited_entry_beside_its_paragraph(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path, {"content/posts/refs.bib": BIB})
    body = "As @smith2020 shows [@jones2021; @smith2020].\n\nAgain @smith2020.\n\nNone here.\n"
    post, problems = _parsed(tmp_path, "bibliography: refs.bib\ncitation-location: margin\n", body)
    html = str(post.body_html)
    assert not problems
    margins = re.findall(
        r'<div class="column-margin citation-margin" role="note">\n(.*?)</div>\n</div>', html, re.S
    )
    assert len(margins) == 2
    assert margins[0].index("Smith") < margins[0].index("Jones")  # in the order cited
    assert "Jones" not in margins[1] and "Smith" in margins[1]
    # The copies carry no id: the list at the end keeps the ones the citations link to.
    assert html.count('id="ref-smith2020"') == 1 and '<section id="refs"' in html
    assert html.index(margins[1]) < html.index("None here.")


@pytest.mark.parametrize(
    ("front", "attrs"),
    [
        ("anchor-sections: false\n", " data-no-anchors"),
        ("anchor-sections: true\n", None),  # Quarto's default for a website: nothing to say
        (
            "footnotes-hover: false\ncrossrefs-hover: false\n",
            ' data-no-hover="footnotes crossrefs"',
        ),
        ("citations-hover: true\n", None),
        ("link-external-icon: true\n", " data-external-icon"),
        ("link-external-newwindow: true\n", " data-external-newwindow"),
        (
            "link-external-filter: '^https://a\\.org/'\n",
            ' data-external-filter="^https://a\\.org/"',
        ),
        ("lightbox: true\n", ' data-lightbox="auto"'),
        ("lightbox: auto\n", ' data-lightbox="auto"'),
        ("lightbox: false\n", ' data-lightbox="none"'),
        ("lightbox:\n  match: auto\n  effect: fade\n", ' data-lightbox="auto"'),
        ("lightbox:\n  effect: fade\n", None),  # only images with the lightbox class
    ],
)
def test_the_script_options_become_the_articles_data_attributes(
    tmp_path: Path, front: str, attrs: str | None
) -> None:
    post, problems = _parsed(tmp_path, front)
    assert not problems
    assert (post.options.attrs if post.options else None) == attrs


def test_the_data_attributes_reach_the_article_and_the_page_loads_its_script(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nlightbox: true\n"
            "link-external-filter: '\"<x>'\n---\n\nText.\n",
            "content/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\n\nText.\n",
        },
    )
    build(tmp_path)
    a = (tmp_path / "site/posts/a/index.html").read_text()
    assert '<article class="post" data-slug="a" data-external-filter="&#34;&lt;x&gt;" ' in a
    b = (tmp_path / "site/posts/b/index.html").read_text()
    assert '<article class="post" data-slug="b">' in b
    for html in (a, b):
        assert html.count('<script src="/assets/page.js" defer></script>') == 1
    assert (tmp_path / "site/assets/page.js").is_file()


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("anchor-sections: yes please\n", "'anchor-sections' must be true or false"),
        ("footnotes-hover: 3\n", "'footnotes-hover' must be true or false"),
        ("lightbox: always\n", "'lightbox' must be true, false or auto"),
        ("link-external-filter: 3\n", "'link-external-filter' must be a regular expression"),
    ],
)
def test_a_bad_script_option_is_a_warning_at_its_line(
    tmp_path: Path, front: str, message: str
) -> None:
    post, problems = _parsed(tmp_path, front)
    assert len(problems) == 1 and problems[0].startswith("4: " + message)
    assert post.options is None


def _appendix(tmp_path: Path, front: str, site_url: str = "https://example.org/") -> str:
    """The appendix of a built post with `front` ("" when it has none)."""
    write_tree(
        tmp_path,
        {
            "quizsite.toml": f'title = "S"\nbase_url = "{site_url}"\n',
            "content/posts/a.md": f"---\ntitle: Learning rates\ndate: 2024-03-21\n{front}---\n\nText.\n",
        },
    )
    build(tmp_path)
    html = (tmp_path / "site/posts/a/index.html").read_text()
    match = re.search(r'<section class="post-appendix[^"]*".*?</section>', html, re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize(
    ("license", "html"),
    [
        (
            '"CC BY"',
            '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>',
        ),
        (
            "cc by-nc-sa",
            '<a rel="license" href="https://creativecommons.org/licenses/by-nc-sa/4.0/">'
            "CC BY-NC-SA 4.0</a>",
        ),
        (
            '"CC BY 3.0"',
            '<a rel="license" href="https://creativecommons.org/licenses/by/3.0/">CC BY 3.0</a>',
        ),
        (
            "CC0",
            '<a rel="license" href="https://creativecommons.org/publicdomain/zero/1.0/">CC0 1.0</a>',
        ),
        ('"This work is in the <public> domain"', "This work is in the &lt;public&gt; domain"),
        (
            "\n  text: GNU FDL\n  url: https://www.gnu.org/licenses/fdl-1.3.html",
            '<a rel="license" href="https://www.gnu.org/licenses/fdl-1.3.html">GNU FDL</a>',
        ),
    ],
)
def test_license_is_a_reuse_block_under_the_post(tmp_path: Path, license: str, html: str) -> None:
    appendix = _appendix(tmp_path, f"license: {license}\n")
    assert '<h2 class="appendix-heading">Reuse</h2>' in appendix
    assert f'<p class="appendix-license">{html}</p>' in appendix
    assert "Copyright" not in appendix and "Citation" not in appendix


@pytest.mark.parametrize(
    ("copyright", "text"),
    [
        ('"Copyright Acme, Inc. 2021"', "Copyright Acme, Inc. 2021"),
        ("\n  statement: All rights reserved", "All rights reserved"),
        ("\n  holder: Acme, Inc\n  year: 2021", "© 2021 Acme, Inc"),
        ("\n  holder: Acme\n  year: [2021, 2022]", "© 2021, 2022 Acme"),
    ],
)
def test_copyright_is_a_block_under_the_post(tmp_path: Path, copyright: str, text: str) -> None:
    appendix = _appendix(tmp_path, f"copyright: {copyright}\n")
    assert (
        f'<h2 class="appendix-heading">Copyright</h2>\n<p class="appendix-copyright">{text}</p>'
        in (appendix)
    )


def test_citation_gives_bibtex_and_words_to_cite_the_page_by(tmp_path: Path) -> None:
    appendix = _appendix(tmp_path, "author:\n  - Ada Lovelace\n  - Alan Turing\ncitation: true\n")
    assert (
        '<pre class="appendix-bibtex"><code>@online{lovelace2024,\n'
        "  author = {Lovelace, Ada and Turing, Alan},\n"
        "  title = {Learning rates},\n"
        "  date = {2024-03-21},\n"
        "  url = {https://example.org/posts/a/},\n"
        "  langid = {en}\n}</code></pre>"
    ) in appendix
    assert (
        '<p class="appendix-attribution">Lovelace, Ada, and Alan Turing. 2024. “Learning rates.” '
        'March 21, 2024. <a href="https://example.org/posts/a/">https://example.org/posts/a/</a>.'
        "</p>"
    ) in appendix


def test_a_citations_own_fields_win_and_a_site_without_an_address_gives_no_url(
    tmp_path: Path,
) -> None:
    appendix = _appendix(
        tmp_path,
        "citation:\n  type: article-journal\n  doi: 10.1234/x\n",
        site_url="/",
    )
    assert "@article{learning2024," in appendix
    assert "url = " not in appendix and "doi = {10.1234/x}" in appendix
    assert '<a href="https://doi.org/10.1234/x">https://doi.org/10.1234/x</a>.' in appendix


def test_no_appendix_options_no_appendix_and_no_warning(tmp_path: Path) -> None:
    post, problems = _parsed(tmp_path, "citation: false\nlicense: false\n")
    assert post.options is None and not problems


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("license: [1, 2]\n", "'license' must be text, or text and a url"),
        ("copyright: {}\n", "'copyright' must be a statement, or a holder and year"),
        ("citation: maybe\n", "'citation' must be true or the citation's fields"),
    ],
)
def test_a_bad_appendix_option_is_a_warning_at_its_line(
    tmp_path: Path, front: str, message: str
) -> None:
    _, problems = _parsed(tmp_path, front)
    assert len(problems) == 1 and problems[0].startswith("4: " + message)


def test_a_standalone_page_has_its_appendix_and_its_script(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: S\n"
            "  site-url: https://example.org\n",
            "about.qmd": "---\ntitle: About\nauthor: Ada Lovelace\ndate: 2024-01-02\n"
            "license: CC BY-SA\ncitation: true\n---\n\n## Me\n\nText.\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\nText.\n",
        },
    )
    build(tmp_path)
    html = (tmp_path / "site/about.html").read_text()
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in html
    assert "Lovelace, Ada. 2024. “About.” January 2, 2024." in html
    assert "url = {https://example.org/about.html}" in html
    assert html.count('<script src="/assets/page.js" defer></script>') == 1


def test_grid_widths_become_the_layouts_css_variables(tmp_path: Path) -> None:
    front = "grid:\n  body-width: 800px\n  margin-width: 250px\n  sidebar-width: 15rem\n"
    post, problems = _parsed(tmp_path, front)
    assert not problems and post.options is not None
    assert post.options.grid_style == "--measure: 800px; --sidebar: 250px; --toc-side: 15rem;"
    write_tree(
        tmp_path, {"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n{front}---\n\nT.\n"}
    )
    build(tmp_path)
    html = (tmp_path / "site/posts/a/index.html").read_text()
    assert (
        '<div class="post-layout" style="--measure: 800px; --sidebar: 250px; --toc-side: 15rem;">'
        in html
    )


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ("\n  gutter-width: 1.5rem", "'grid: gutter-width' is not applied"),
        ("\n  body-width: wide", "'grid: body-width' must be a length in px, rem or em"),
        ("\n  body-width: '1px; color: red'", "'grid: body-width' must be a length"),
        ("\n  page-width: 90rem", "'grid: page-width' is not one of Quarto's grid widths"),
        (" 800px", "'grid' must set body-width, margin-width or sidebar-width"),
    ],
)
def test_a_grid_width_not_applied_is_a_warning_and_never_reaches_the_page(
    tmp_path: Path, grid: str, message: str
) -> None:
    post, problems = _parsed(tmp_path, f"grid:{grid}\n")
    assert len(problems) == 1 and problems[0].startswith("4: " + message)
    assert post.options is None


@pytest.mark.parametrize(
    ("value", "attr"),
    [("2", ' data-expand="2"'), ("true", ' data-expand="all"'), ("false", ' data-expand="1"')],
)
def test_toc_expand_tells_the_page_script_how_many_levels_to_show(
    tmp_path: Path, value: str, attr: str
) -> None:
    post, problems = _parsed(tmp_path, f"toc: true\ntoc-expand: {value}\n")
    assert not problems
    assert _navs(str(post.toc_html)) == [f'<nav class="toc" aria-labelledby="toc-title"{attr}>']


def test_a_bad_toc_expand_is_a_warning_at_its_line(tmp_path: Path) -> None:
    post, problems = _parsed(tmp_path, "toc: true\ntoc-expand: deep\n")
    assert problems == [
        "5: 'toc-expand' must be true, false or a level from 1 to 6: it is left out"
    ]
    assert post.options is None


PLACED = """Intro.[^a]

## One

Text[^b] and more.

Again.[^b]

### Deeper

Deep.[^c]

## Two

Last.[^d]

[^a]: A.
[^b]: B, with its own note.[^e]
[^c]: C.
[^d]: D.
[^e]: E.
"""


def _lists(html: str) -> list[tuple[str, str, list[str]]]:
    """Each list of notes: its place, its first number and its notes' ids."""
    return [
        (where, start, re.findall(r'<li id="(fn\d+)"', items))
        for where, start, items in re.findall(
            r'<section class="footnotes footnotes-end-of-(\w+)" role="doc-endnotes">\n'
            r'<ol class="footnotes-list" start="(\d+)">\n(.*?)</ol>',
            html,
            re.S,
        )
    ]


def test_reference_location_section_lists_notes_at_the_end_of_each_top_section(
    tmp_path: Path,
) -> None:
    post, problems = _parsed(tmp_path, "reference-location: section\n", PLACED)
    html = str(post.body_html)
    assert not problems and '<section class="footnotes" role="doc-endnotes">' not in html
    assert _lists(html) == [
        ("section", "1", ["fn1"]),
        ("section", "2", ["fn2", "fn3"]),  # ### Deeper is inside ## One
        ("section", "4", ["fn4"]),
        ("document", "5", ["fn5"]),  # referred to only from another note
    ]
    assert html.index('start="2"') < html.index('<h2 id="two">')
    assert html.index('start="2"') > html.index("Deep.")


def test_reference_location_block_lists_notes_after_the_block_that_refers_to_them(
    tmp_path: Path,
) -> None:
    post, problems = _parsed(tmp_path, "reference-location: block\n", PLACED)
    html = str(post.body_html)
    assert not problems
    assert _lists(html) == [
        ("block", "1", ["fn1"]),
        ("block", "2", ["fn2"]),
        ("block", "3", ["fn3"]),
        ("block", "4", ["fn4"]),
        ("document", "5", ["fn5"]),
    ]
    assert html.index('start="2"') < html.index("Again.")  # after the first block citing it
    assert html.count('class="footnote-backref"') == 6  # every way back kept


@pytest.mark.parametrize(
    ("style", "opening"),
    [
        ("default", '<section class="post-appendix" aria-label="Appendix">'),
        ("plain", '<section class="post-appendix appendix-plain" aria-label="Appendix">'),
        ("none", ""),
    ],
)
def test_appendix_style_plain_keeps_the_text_style_and_none_leaves_the_appendix_out(
    tmp_path: Path, style: str, opening: str
) -> None:
    appendix = _appendix(tmp_path, f"license: CC BY\ncitation: true\nappendix-style: {style}\n")
    assert appendix.split("\n")[0] == opening


def test_an_unknown_appendix_style_is_a_warning_at_its_line(tmp_path: Path) -> None:
    post, problems = _parsed(tmp_path, "license: CC BY\nappendix-style: fancy\n")
    assert problems == ["5: 'appendix-style' must be default, plain or none: it is left out"]
    assert post.options is not None and post.options.appendix is not None
