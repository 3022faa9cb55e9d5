"""Valid Quarto blogs that did not come out as Quarto renders them: each test writes the
smallest blog showing one such gap, checked against what Quarto (or Pandoc under it) does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import CliResult, post_body, quarto_blog
from nbformat.v4 import new_code_cell, new_notebook, new_output
from notebook_fixtures import write_notebook

from quizsite.metadata import words_date


def test_a_date_with_its_month_in_words_and_hyphens_is_read(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """`date: November-19-2023`: Quarto reads a date none of its fixed formats read through
    JavaScript's `Date`, which takes a month name with the day and year around it, joined by
    hyphens, slashes, dots, spaces or commas. The post is dated, with no warning."""
    post = "---\ntitle: Hyphens\ndate: November-19-2023\n---\n\nHello.\n"
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "cannot read the date" not in result.err
    page = (tmp_path / "out/posts/a/index.html").read_text(encoding="utf-8")
    assert "2023-11-19" in page
    assert "November 19, 2023" in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November-19-2023", datetime(2023, 11, 19)),
        ("Nov-19-2023", datetime(2023, 11, 19)),
        ("19-Nov-2023", datetime(2023, 11, 19)),
        ("2023-November-19", datetime(2023, 11, 19)),
        ("November.19.2023", datetime(2023, 11, 19)),
        ("November/19/2023", datetime(2023, 11, 19)),
        ("Sunday, November 19, 2023", datetime(2023, 11, 19)),
        ("Sept 19 2023", datetime(2023, 9, 19)),
        ("November-19-23", datetime(2023, 11, 19)),
        ("november 19 2023 10:30", datetime(2023, 11, 19, 10, 30)),
        ("Nov-2023", datetime(2023, 11, 1)),
    ],
)
def test_dates_in_words_read_as_javascript_reads_them(text: str, expected: datetime) -> None:
    """The shapes `new Date(...)` reads (checked with V8, which Quarto's Deno runs)."""
    reading = words_date(text)
    assert reading is not None
    assert reading.value == expected
    assert reading.has_time == (expected.hour != 0 or expected.minute != 0)


@pytest.mark.parametrize("text", ["19th November 2023", "November", "Someday 19 2023", "2023"])
def test_words_that_javascript_reads_as_no_date_are_none(text: str) -> None:
    """V8 reads no date from these: no month, a month with no number, an ordinal suffix."""
    assert words_date(text) is None


def test_documents_with_upper_case_suffixes_are_rendered_as_quarto_renders_them(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Quarto finds a document's engine by its suffix in lower case, so `index.Qmd`,
    `notes.QMD`, `index.RMD` and `talk.IPYNB` are documents like any other, published at the
    name with `.html` (`posts/notes.html`) or as their folder's index: built, listed, no
    warning."""
    notebook = (
        '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": '
        '["---\\n", "title: Talk\\n", "date: 2023-01-04\\n", "---\\n", "\\n", "Spoken."]}], '
        '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    files = {
        "posts/a/index.Qmd": "---\ntitle: Mixed\ndate: 2023-01-01\n---\n\nHello *a*.\n",
        "posts/notes.QMD": "---\ntitle: Notes\ndate: 2023-01-02\n---\n\nHello *b*.\n",
        "posts/c/index.RMD": "---\ntitle: Knitted\ndate: 2023-01-03\n---\n\nHello *c*.\n",
        "posts/d/talk.IPYNB": notebook,
        "about.QMD": "---\ntitle: About me\n---\n\nAbout *me*.\n",
    }
    site = quarto_blog(tmp_path / "blog", files)
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "warning" not in result.err, result.err
    out = tmp_path / "out"
    assert "Hello <em>a</em>." in post_body(out / "posts/a/index.html")
    assert "Hello <em>b</em>." in post_body(out / "posts/notes.html")
    assert "Hello <em>c</em>." in post_body(out / "posts/c/index.html")
    assert "Spoken." in post_body(out / "posts/d/talk.html")
    assert "About <em>me</em>." in (out / "about.html").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert all(title in home for title in ("Mixed", "Notes", "Knitted", "Talk"))


def test_a_div_opener_over_two_lines_inside_another_div_opens_a_div(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Pandoc reads a div's attributes across line breaks (no blank line), nested or not:
    `::: {.callout-note` then `collapse="true"}` inside `:::: {.columns}` opens a callout
    that its own `:::` closes, and the `::::` closes the columns; no colons on the page."""
    post = (
        "---\ntitle: Cols\ndate: 2023-01-01\n---\n\n:::: {.columns}\n\n"
        '::: {.column width="50%"}\nLeft.\n:::\n\n'
        '::: {.callout-note\ncollapse="true"}\n## Details\n\nHidden text.\n:::\n\n::::\n\nAfter.\n'
    )
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "warning" not in result.err, result.err
    body = post_body(tmp_path / "out/posts/a/index.html")
    assert ":::" not in body and "collapse=" not in body
    columns = body.split('<div class="columns">', 1)[1].split("<p>After.</p>", 1)[0]
    assert '<details class="callout callout-note' in columns
    assert "Hidden text." in columns.split("</details>", 1)[0]


def test_an_alias_naming_the_posts_own_address_writes_no_redirect_over_it(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Quarto writes no redirect page over a document's own output, and since 1.7 warns
    only of an alias written as the output's own file name relative to it (`index.html`);
    the same address written from the root (`/posts/a/`) or climbing back (`../c/`) is left
    out without a word. The post is published, its other aliases redirect to it."""
    files = {
        "posts/a/index.qmd": (
            "---\ntitle: A\ndate: 2023-01-01\naliases:\n  - /posts/a/\n  - /old-a/\n"
            "---\n\nHello A.\n"
        ),
        "posts/b/index.qmd": (
            "---\ntitle: B\ndate: 2023-01-01\naliases:\n  - index.html\n---\n\nHello B.\n"
        ),
        "posts/c/index.qmd": (
            "---\ntitle: C\ndate: 2023-01-01\naliases:\n  - ../c/\n  - /posts/c/index.html\n"
            "---\n\nHello C.\n"
        ),
    }
    site = quarto_blog(tmp_path / "blog", files)
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    for name in "abc":
        assert f"Hello {name.upper()}." in post_body(out / f"posts/{name}/index.html")
    assert "posts/a/" in (out / "old-a/index.html").read_text(encoding="utf-8")
    warnings = [line for line in result.err.splitlines() if "warning" in line]
    assert warnings == [
        "posts/b/index.qmd:4: warning: alias 'index.html' is this page's own address: left out"
    ]


def test_a_formula_opening_an_item_whose_line_ends_in_a_backslash_is_math(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """JihongZ's factor-score notes: a display formula in a list item, then items each
    opening with a formula and ending in `\\` (the hard break RStudio's editor writes).
    dollarmath asked whether the opening
    `$` was escaped by looking before the first place, at the text's last character: each
    such formula stayed TeX on the page. Pandoc reads them as math."""
    post = (
        "---\ntitle: Scores\ndate: 2023-01-01\n---\n\n"
        "-   **Regression scores**: $$\n      \\hat{F}_i^{(T)} = \\Phi \\Lambda' Y_i\n      $$\n"
        "    -   $\\hat{F}_i^{(T)}$ = estimated factor scores\n"
        "    -   $Y_i$ = vector of observed responses\\\n"
        "    -   $\\Lambda$ = factor loading matrix\\\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/a/index.html")
    assert "$" not in body and "Lambda" not in body
    assert body.count('display="inline"') == 3


def test_an_embed_names_a_notebook_cell_by_its_id_in_a_quarto_blog(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """`{{< embed notebook.ipynb#cell-id >}}`: Quarto looks a cell up by its id (then its
    label, then a tag) and shows its stored outputs, not its code; nothing is run."""
    cell = new_code_cell(
        "print('never shown')", outputs=[new_output("stream", name="stdout", text="42 rows\n")]
    )
    cell["id"] = "count-rows"
    notebook = new_notebook(cells=[new_code_cell("x = 1"), cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    post = "---\ntitle: Report\ndate: 2023-01-01\n---\n\n{{< embed data.ipynb#count-rows >}}\n"
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": post})
    write_notebook(site / "posts/a/data.ipynb", notebook)
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/a/index.html")
    assert "42 rows" in body
    assert "never shown" not in body and "{{<" not in body


def test_an_embed_of_a_qmd_cell_is_a_warning_at_its_line_and_leaves_nothing(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Quarto renders a `.qmd` named by an embed to take its cell's output; quizsite embeds
    notebooks' stored outputs only. The embed is a warning at its line naming the document
    and the cell, saying how to embed it, and leaves neither its text nor an empty
    paragraph on the page."""
    other = "---\ntitle: Other\ndate: 2023-01-01\n---\n\n```{python}\n#| label: fig-x\n1\n```\n"
    post = "---\ntitle: Emb\ndate: 2023-01-02\n---\n\nIntro.\n\n{{< embed other.qmd#fig-x >}}\n"
    site = quarto_blog(tmp_path / "blog", {"posts/a/other.qmd": other, "posts/a/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert (
        "posts/a/index.qmd:8: warning: cannot embed 'other.qmd#fig-x': quizsite embeds the "
        "stored outputs of Jupyter notebooks (.ipynb), and does not render other.qmd for it"
    ) in result.err
    assert "quarto convert other.qmd" in result.err
    body = post_body(tmp_path / "out/posts/a/index.html")
    assert "{{<" not in body and "embed" not in body
    assert "<p></p>" not in body and "<p>Intro.</p>" in body


def test_a_definition_whose_marker_line_is_empty_holds_the_indented_blocks_below(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """tecunningham's notes write each definition as `: ` alone on its line, the text
    indented below: a line of text with `$f(1) = \\beta(1-\\bar{a})$` and then a `$$…$$`
    display. Pandoc takes a marker followed by a space and nothing else as a definition
    whose blocks are the indented lines after it; markdown-it's definition lists refused
    it, so the indented lines were a code block and the formulas showed as TeX."""
    post = (
        "---\ntitle: Orchard\ndate: 2023-01-01\n---\n\n"
        "Getting to superhuman AI research.\n: \n"
        "    So $f(1) = \\alpha + \\beta(1-\\bar{a})$ if $1 \\ge \\bar{a}$. Takeoff **iff**\n"
        "    $$\\boxed{\\alpha + \\beta(1-\\bar{a}) > 1.}$$\n\n"
        "    Interpretation: the orchard is human-level.\n\n"
        "Start with the simplest model:\n: \n\n    1. A fixed mapping.\n    2. Spending grows.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/a/index.html")
    assert "<pre" not in body and "$" not in body and "boxed" not in body
    assert body.count("<dt>") == 2 and body.count("<dd>") == 2
    first = body.split("<dd>", 1)[1].split("</dd>", 1)[0]
    assert first.lstrip().startswith("<p>So <math")
    assert '<span class="math display">' in first
    assert "<p>Interpretation: the orchard is human-level.</p>" in first
    second = body.split("<dd>", 2)[2].split("</dd>", 1)[0]
    assert second.lstrip().startswith("<ol>") and "<li>Spending grows.</li>" in second
    assert "\ue000" not in body and "<p></p>" not in body


def test_a_formula_right_after_a_digit_is_math_as_pandoc_reads_it(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Pandoc asks only that the opening `$` have no space after it and the closing one no
    space before it and no digit after it: `500$\\mu$g/L` (sarahtanja's lab notes) and
    `2$\\upsilon$` (JihongZ's lectures) are math. dollarmath refused a digit before the
    opening `$`, so the formula stayed `$…$` with its TeX command left out. Prices keep
    Pandoc's reading: `$5 and $10` stays text."""
    post = (
        "---\ntitle: Units\ndate: 2023-01-01\n---\n\n"
        "Mix 500$\\mu$g/L in methanol; the variance is 2$\\upsilon$.\n\nIt costs $5 and $10.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "raw LaTeX" not in result.err
    body = post_body(tmp_path / "out/posts/a/index.html")
    assert body.count('display="inline"') == 2
    assert "500<math" in body and "</math>g/L" in body and "2<math" in body
    assert "<p>It costs $5 and $10.</p>" in body


def test_a_listed_date_field_in_words_is_a_date_as_the_posts_own(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Quarto reads every date field of a listed document the same way: a `date-modified:
    November-20-2023` shows as a date in the listing's format and sorts as one."""
    home = (
        "---\ntitle: Home\nlisting:\n  contents: posts\n  type: table\n"
        "  fields: [title, date, date-modified]\n---\n"
    )
    post = "---\ntitle: A\ndate: November-19-2023\ndate-modified: November-20-2023\n---\n\nHi.\n"
    site = quarto_blog(tmp_path / "blog", {"index.qmd": home, "posts/a/index.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2023-11-20">Nov 20, 2023</time>' in page
    assert 'data-sort-date-modified="2023-11-20T00:00:00"' in page
    assert "November-20-2023" not in page
