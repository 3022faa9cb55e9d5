"""Documents whose formats quizsite cannot make (issue 20): a reveal.js deck is published at
its URL as a readable page, a PDF-only document as a page too; each with a warning, never
dropped, and links to them keep working."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from quizsite.build import build
from quizsite.check import check_site
from quizsite.errors import Diagnostic
from quizsite.formats import formats, slides_as_page

QUARTO_YML = (
    "project:\n  type: website\nwebsite:\n  title: Formats\nformat:\n  html:\n    toc: true\n"
)
DECK = """\
---
title: Deck
date: 2024-01-02
format: revealjs
---

## First slide

- one

. . .

- two

## Second slide {background-color="black"}

::: {.notes}
Say this aloud.
:::

```python
. . .
```
"""


def _site(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": QUARTO_YML,
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\n"
            "See [the slides](../slides/index.qmd), [the paper](../paper/index.qmd) "
            "and [its PDF](../paper/index.pdf).\n",
            "posts/slides/index.qmd": DECK,
            "posts/paper/index.qmd": "---\ntitle: Paper\ndate: 2024-01-03\nformat:\n  pdf:\n"
            "    toc: true\n---\n\nThe body.\n",
            "posts/both/index.qmd": "---\ntitle: Both\ndate: 2024-01-04\nformat:\n  html: default\n"
            "  pdf: default\n---\n\nBoth.\n",
            "talks/_metadata.yml": "author: Ada\nformat: revealjs\n",
            "talks/t1.qmd": "---\ntitle: Talk\n---\n\n## Hello\n",
        },
    )


def test_a_deck_and_a_pdf_only_document_are_published_as_pages_with_warnings(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    result = build(root, tmp_path / "out")
    warned = sorted(
        (str(w.location), w.message) for w in result.warnings if w.message.startswith("format:")
    )
    assert [(where, message.split(":")[1].strip()) for where, message in warned] == [
        ("posts/paper/index.qmd:4", "pdf"),
        ("posts/slides/index.qmd:4", "revealjs"),
        ("talks/_metadata.yml:2", "revealjs"),
    ]
    assert "quizsite cannot make index.pdf" in warned[0][1]
    deck = (tmp_path / "out/posts/slides/index.html").read_text()
    body = deck[deck.index('class="post-body"') :]
    assert '<h2 id="first-slide">First slide</h2>' in body
    assert "<p>. . .</p>" not in body and "<li>one</li>" in body and "<li>two</li>" in body
    assert '<details class="callout callout-note' in body and "Speaker notes" in body
    assert "Say this aloud." in body
    assert "The body." in (tmp_path / "out/posts/paper/index.html").read_text()
    assert (tmp_path / "out/talks/t1.html").is_file()
    # Links to the documents' sources lead to their pages.
    a = (tmp_path / "out/posts/a/index.html").read_text()
    assert 'href="../slides/"' in a and 'href="../paper/"' in a


def test_a_link_to_the_pdf_quizsite_cannot_make_is_listed_by_check(tmp_path: Path) -> None:
    root = _site(tmp_path)
    report = check_site(root)
    broken = [
        str(p.location) + " " + p.message for p in report.diagnostics if "broken link" in p.message
    ]
    assert broken == ["posts/a/index.qmd:6 broken link: ../paper/index.pdf"]
    # With the PDF Quarto made beside the document, it is published and the link works.
    (root / "posts/paper/index.pdf").write_bytes(b"%PDF-1.4\n")
    report = check_site(root)
    assert not [p for p in report.diagnostics if "broken link" in p.message]


def test_formats_read_as_quarto_names_them() -> None:
    assert formats({"format": "pdf"}, {"format": {"html": {}}}) == ("pdf",)  # the document's own
    assert formats({}, {"format": {"html": {"toc": True}}}) == ("html",)
    assert formats({"format": ["pdf", "docx"]}, {}) == ("pdf", "docx")
    assert formats({}, {}) == ()


def test_slides_as_page_keeps_lines_and_code() -> None:
    text = "## A\n\n. . .\n\n::: {.notes}\nn\n:::\n\n```\n. . .\n::: {.notes}\n```\n"
    page = slides_as_page(text)
    assert page.count("\n") == text.count("\n")
    assert page.split("\n")[2] == "<!-- pause -->"
    assert page.split("\n")[4] == '::: {.callout-note collapse="true" title="Speaker notes"}'
    assert page.split("\n")[9:11] == [". . .", "::: {.notes}"]


def test_the_warning_names_the_file_each_format_would_make() -> None:
    from quizsite.formats import as_page
    from quizsite.sources import FrontMatter

    problems: list[Diagnostic] = []
    front = FrontMatter({"format": {"gfm": {}, "docx": {}}}, "Body.\n", 5)
    kept = as_page(
        "notes/readme.qmd", front.data, front, {"format": ("notes/readme.qmd", 3)}, problems
    )
    assert kept is front  # the body is published as it is
    [problem] = problems
    assert (problem.location.path, problem.location.line) == ("notes/readme.qmd", 3)
    assert problem.message.startswith(
        "format: gfm, docx: quizsite cannot make readme.md, readme.docx;"
    )
    html_too = FrontMatter({"format": {"html": {}, "pdf": {}}}, "Body.\n", 5)
    problems.clear()
    assert as_page("a.qmd", html_too.data, html_too, {}, problems) is html_too and not problems
