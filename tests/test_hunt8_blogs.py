"""What building more real Quarto blogs showed (JavOrraca/quarto-blog and the blogs tried
beside it): each site is written here, in its own words, reproducing one thing such a blog
does."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

from conftest import QUARTO_SITE_YML as SITE_YML
from conftest import CliResult, post_body, quarto_blog
from nbformat.v4 import new_code_cell, new_notebook, new_raw_cell
from notebook_fixtures import write_notebook


def test_a_draft_whose_category_no_published_post_carries_builds(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """JavOrraca/quarto-blog publishes its drafts unlinked, and one draft's categories
    (`brickster`) are on no other post. Drafts are in no tag, so that category has no page:
    the draft's page shows it as its name, linked nowhere, where the build used to stop on
    a missing tag. A category it shares with a published post links to that tag's page."""
    draft = (
        "---\ntitle: Databricks\ndate: 2025-01-19\ncategories: [brickster, mlflow]\n"
        "draft: true\n---\n\nNot yet.\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML + "  draft-mode: unlinked\n",
            "posts/databricks/index.qmd": draft,
            "posts/first/index.qmd": "---\ntitle: First\ndate: 2025-01-02\n"
            "categories: [mlflow]\n---\n\nHello.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = (tmp_path / "out/posts/databricks/index.html").read_text(encoding="utf-8")
    assert '<span class="tag quarto-category">brickster</span>' in page
    assert 'class="tag quarto-category" href="/tags/mlflow/">mlflow</a>' in page
    assert not (tmp_path / "out/tags/brickster").exists()
    assert "Not yet." in post_body(tmp_path / "out/posts/databricks/index.html")


def test_untitled_pages_are_not_duplicate_titles(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """DavisVaughan/blog's home page and its blogroll are listings with no title. `check`
    said the home page's title "" was already used by the blogroll: two untitled pages share
    no title a reader could mix up."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "index.qmd": "---\nlisting:\n  contents: posts\n---\n",
            "blogroll.qmd": "---\nlisting:\n  contents: posts\n  type: grid\n---\n",
            "posts/a/index.qmd": "---\ntitle: Same\ndate: 2025-01-01\n---\n\nOne.\n",
            "posts/b/index.qmd": "---\ntitle: Same\ndate: 2025-01-02\n---\n\nTwo.\n",
        },
    )
    result = cli("check", site)
    assert 'title ""' not in result.out + result.err
    assert 'posts/b/index.qmd:2: warning: title "Same" is already used by posts/a/index.qmd' in (
        result.out + result.err
    )


def test_a_markdown_copy_beside_its_source_is_not_a_second_page(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """JosiahParry/quarto-site keeps an `index.md` (the executed Markdown an older keep-md
    wrote) beside `index.qmd` in two post folders. Both would publish `index.html`: the post
    was listed twice, once at `posts/sky/` and once at `posts/sky/index.html`, each writing
    the other's file. The copy is not taken as a document (`check` says whose it is), so the
    post is listed once; a flat `notes.md` beside `notes.qmd` no longer stops the build on a
    shared URL."""
    post = "---\ntitle: Where am I in the sky?\ndate: 2023-10-28\nkeep-md: true\n---\n\nHi.\n"
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/sky/index.qmd": post,
            "posts/sky/index.md": post.replace("Hi.", "\n\nHi (executed)."),
            "posts/notes.qmd": "---\ntitle: Notes\ndate: 2023-10-29\n---\n\nSource.\n",
            "posts/notes.md": "---\ntitle: Notes\ndate: 2023-10-29\n---\n\nCopy.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    out = tmp_path / "out"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count("Where am I in the sky?") == 1
    assert "posts/sky/index.html" not in home
    assert "Hi." in post_body(out / "posts/sky/index.html")
    assert "Source." in post_body(out / "posts/notes.html")
    checked = cli("check", site)
    said = checked.out + checked.err
    assert "posts/sky/index.md: not taken as a document" in said and "of index.qmd" in said
    assert "posts/notes.md: not taken as a document" in said


def test_a_bibliography_named_bibtex_is_read_as_bibtex(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """aechoi/blog names its bibliographies `ref.bibtex`, the extension Pandoc reads as BibTeX
    (`.bib` being BibLaTeX). The build stopped: "its format is not known"."""
    post = (
        "---\ntitle: HRTFs\ndate: 2023-10-23\nbibliography: hrtf/ref.bibtex\n---\n\n"
        "A method found in @Gamper2013.\n"
    )
    bib = (
        "@article{Gamper2013,\n  author = {Gamper, Hannes},\n"
        "  title = {Head-related transfer function interpolation},\n"
        "  journal = {J. Acoust. Soc. Am.},\n  year = {2013}\n}\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/hrtf.qmd": post, "posts/hrtf/ref.bibtex": bib})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/hrtf.html")
    assert "Gamper" in body and "2013" in body and "@Gamper2013" not in body
    assert "head-related transfer function interpolation" in body.lower()


def test_an_ojs_fence_in_a_notebooks_raw_cell_is_not_run_in_its_kernel(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """aechoi/blog's `phasors.ipynb` (run: `execute: enabled: true`) writes its Observable
    cells as raw cells holding ```` ```{ojs} ```` fences, which Quarto reads as Markdown:
    the browser runs them. quizsite ran each one in the notebook's Python kernel, and the
    build stopped on a SyntaxError. Now only the notebook's code cells run; the `{ojs}` fences
    are shown as code with the warning a `.qmd`'s get."""
    notebook = new_notebook(
        cells=[
            new_raw_cell("---\ntitle: Phasors\ndate: 2025-08-15\nexecute:\n  enabled: true\n---"),
            new_raw_cell('```{ojs}\nviewof angle = Inputs.range([0, 6], {label: "angle"})\n```'),
            new_code_cell("print(6 * 7)"),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    site = quarto_blog(tmp_path / "blog", {})
    write_notebook(site / "posts/phasors.ipynb", notebook)
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "posts/phasors.ipynb:" in result.err and "a {ojs} cell shown as code" in result.err
    body = post_body(tmp_path / "out/posts/phasors.html")
    assert "viewof angle" in body
    assert "<code>42</code>" in body


def test_a_shortcode_in_an_html_comment_is_no_warning(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """aechoi/blog comments out a block of share buttons, `{{< fa brands twitter >}}` links
    inside `<!-- ... -->`. The build warned that each icon was left out, though no reader
    would see it: inside a comment it is dropped silently, outside it is drawn."""
    post = (
        "---\ntitle: HRTFs\ndate: 2023-10-23\n---\n\nShare {{< fa brands twitter >}}\n\n"
        "<!-- ::: {.share-buttons}\n### Share\n[{{< fa brands reddit >}}](https://x.com)\n"
        ":::\n-->\n\nAfter.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/hrtf.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "unknown shortcode" not in result.err
    body = post_body(tmp_path / "out/posts/hrtf.html")
    assert "<svg" in body and "{{<" not in body and "After." in body


def test_a_formula_opening_a_list_item_that_ends_in_a_backslash_is_math(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """JihongZ/website-jihong's slides list symbols as `-   $\\Lambda$ = factor loading
    matrix\\`, each item ending in a backslash (a line break the visual editor wrote). The
    formula opening the item was read as escaped by that last backslash: the page showed
    `$$ = factor loading matrix`, the `\\Lambda` gone."""
    post = (
        "---\ntitle: Factor scores\ndate: 2025-04-24\n---\n\n"
        "-   $Y_i$ = vector of observed responses\\\n"
        "-   $\\Lambda$ = factor loading matrix\\\n"
        "-   $\\Sigma$ = model-implied covariance\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/scores.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/scores.html")
    assert "$" not in body
    assert body.count("<math") == 3 and "&#x0039B;" in body
    assert "factor loading matrix\\</li>" in body


def test_a_formula_right_after_a_digit_is_math(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """JihongZ/website-jihong's lecture says `the variance is equal to 2$\\upsilon$`. Pandoc
    keeps dollars from being math only by a digit right after the closing `$` (`$20,000 and
    $30,000`); markdown-it's dollarmath refused a digit before the opening one too, so the
    page showed `2$$`, its `\\upsilon` left out as raw LaTeX."""
    post = (
        "---\ntitle: Chi-square\ndate: 2024-07-21\n---\n\n"
        "The mean is equal to $\\upsilon$; the variance is equal to 2$\\upsilon$.\n\n"
        "It costs $20,000 and $30,000.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/chi.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "raw LaTeX" not in result.err
    body = post_body(tmp_path / "out/posts/chi.html")
    assert body.count("<math") == 2 and "2<math" in body
    assert "$20,000 and $30,000" in body


def test_a_draft_setting_its_own_draft_mode_is_published_unlinked(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """JihongZ/website-jihong's syllabi are drafts that say `draft-mode: unlinked` in their
    own front matter. Quarto's draft filter reads the mode from the document's metadata, so
    their pages are rendered (under the Draft banner) at their URLs, though listings and
    links go by the project's mode (`gone`); quizsite left them out altogether."""
    syllabus = (
        "---\ntitle: Syllabus\ndate: 2025-01-13\ndraft: true\ndraft-mode: unlinked\n---\n\n"
        "Office hours on Monday.\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/syllabus/index.qmd": syllabus,
            "posts/hidden/index.qmd": "---\ntitle: Hidden\ndate: 2025-01-14\ndraft: true\n"
            "---\n\nNot yet.\n",
            "posts/first/index.qmd": "---\ntitle: First\ndate: 2025-01-02\n---\n\nHello.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    out = tmp_path / "out"
    page = (out / "posts/syllabus/index.html").read_text(encoding="utf-8")
    assert "Office hours on Monday." in page and "Draft" in page
    assert not (out / "posts/hidden/index.html").exists()
    assert "Syllabus" not in (out / "index.html").read_text(encoding="utf-8")


def test_an_author_entry_with_no_name_is_a_warning_not_an_error(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """TimWeaving/TimWeaving.github.io gives its post's author as `- id: Tim Weaving` with
    an ORCID and email but no `name`. Quarto renders the page (its author normaliser needs no
    name); quizsite stopped the build. The nameless entry is left out of the byline, with a
    warning at `author:`, and the other authors stay."""
    post = (
        "---\ntitle: Quarto Test\ndate: 2025-09-02\nauthor:\n  - id: Tim Weaving\n"
        "    orcid: 0000-0003-3362-7275\n  - name: Ada Lovelace\n---\n\nNotes.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/first.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "posts/first.qmd:4: warning: an author entry has no name" in result.err
    page = (tmp_path / "out/posts/first.html").read_text(encoding="utf-8")
    assert "Ada Lovelace" in page and "Notes." in page


def test_a_second_equation_with_the_same_label_shows_no_label(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """vgherard/vgherard.github.io copies an equation's label, `$$ … $$ {#eq-decomposition-ce}`,
    onto a second formula opened inside a paragraph. That second `{#eq-…}` reached the page
    as text, without a word; now it is taken out (the formula shown unnumbered, as a second
    labelled block already was), with a warning at its line for either kind."""
    post = (
        "---\ntitle: Cost\ndate: 2023-11-15\n---\n\n"
        "$$\na = b\n$$ {#eq-decomposition-ce}\n\n"
        "The general decomposition becomes: $$\nc = d\n$$ {#eq-decomposition-ce}\n\n"
        "$$\ne = f\n$$ {#eq-decomposition-ce}\n\nSee @eq-decomposition-ce.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/cost.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/cost.html")
    assert "{#" not in body and body.count("<math") == 3
    assert body.count('id="eq-decomposition-ce"') == 1
    said = "duplicate cross-reference id #eq-decomposition-ce"
    assert f"posts/cost.qmd:12: warning: {said}" in result.err
    assert f"posts/cost.qmd:16: warning: {said}" in result.err


def test_a_quoted_bibtex_value_with_an_escaped_quote_is_read(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """BaileyAndrew/Blog's bibliography writes `author = "... Thomas Br\\"{u}ls"`: inside
    quotes, Pandoc's BibTeX parser takes a backslash as escaping the next character, so the
    `\\"` (an umlaut) closes nothing. citeproc-py's parser ended the value there and failed
    on the rest: every post citing the file stopped the build."""
    bib = (
        "@article{ZiLN,\n"
        '    author = "Vincent Prost and St\\\'{e}phane Gazut and Thomas Br\\"{u}ls",\n'
        '    title = "A zero inflated log-normal model",\n    year = "2021",\n}\n'
        "@misc{Other,\n  title = {Braced \\{ brace},\n  year = {2020}\n}\n"
    )
    post = (
        "---\ntitle: ZiLN\ndate: 2023-01-05\nbibliography: refs.bib\n---\n\nSee @ZiLN and @Other.\n"
    )
    site = quarto_blog(
        tmp_path / "blog", {"posts/ziln/index.qmd": post, "posts/ziln/refs.bib": bib}
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    body = post_body(tmp_path / "out/posts/ziln/index.html")
    assert "Brüls" in body and "Stéphane" in body and "zero inflated" in body.lower()
    assert "@ZiLN" not in body and "@Other" not in body


def test_body_header_and_footer_are_shown_on_every_page(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """DOSull/dosull.github.io puts its logo below every page's body with `website:
    body-footer:` (Markdown, here raw HTML). quizsite left it out with a warning; now it is
    shown below the body of posts, pages and listings (and `body-header` above it), and the
    image it names is published."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML
            + "  body-header: Read the **notes**.\n"
            + "  body-footer: |\n"
            + '    <a href="/"><img src="/images/logo.png" alt="Geospatial Stuff"></a>\n',
            "images/logo.png": b"\x89PNG\r\n\x1a\n",
            "about.qmd": "---\ntitle: About\n---\n\nMe.\n",
            "posts/first/index.qmd": "---\ntitle: First\ndate: 2025-01-02\n---\n\nHello.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "body-footer" not in result.err and "body-header" not in result.err
    out = tmp_path / "out"
    for page in ("posts/first/index.html", "about.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert 'alt="Geospatial Stuff"' in html, page
        assert "Read the <strong>notes</strong>." in html, page
        assert html.index("Read the") < html.index('alt="Geospatial Stuff"')
    post = (out / "posts/first/index.html").read_text(encoding="utf-8")
    assert post.index("Read the") < post.index("<p>Hello.</p>") < post.index("Geospatial Stuff")
    assert (out / "images/logo.png").is_file()


def test_a_notebook_whose_cells_have_no_id_builds_without_a_stray_warning(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """amandaherbst/amandaherbst.github.io has a notebook marked nbformat 4.5 whose cells
    carry no `id`. Jupyter and Quarto read it; the build printed nbformat's
    MissingIDFieldWarning, twice, with no path or line, among its own warnings."""
    cells = [
        {"cell_type": "raw", "metadata": {}, "source": "---\ntitle: STAC\ndate: 2024-03-12\n---"},
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": "print(1)",
        },
    ]
    kernel = {"name": "python3", "language": "python", "display_name": "P"}
    notebook = {"cells": cells, "metadata": {"kernelspec": kernel}, "nbformat": 4}
    site = quarto_blog(
        tmp_path / "blog", {"posts/stac.ipynb": json.dumps({**notebook, "nbformat_minor": 5})}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert not [w for w in caught if "missing an id" in str(w.message)]
    assert "print" in post_body(tmp_path / "out/posts/stac.html")


def test_a_pandoc_crossref_equation_label_is_warned_of(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """vgherard/vgherard.github.io labels an equation `$$ … $$ {#eq:simultaneous}`, the
    syntax of pandoc-crossref, not Quarto's. Quarto leaves it as text, and so does quizsite,
    but no longer without a word: a warning at its line says how Quarto labels one."""
    post = (
        "---\ntitle: PoSI\ndate: 2022-11-07\n---\n\nwhich implies that:\n$$\na = b\n"
        "$$ {#eq:simultaneous}\nthat is simultaneous.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/posi.qmd": post})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "posts/posi.qmd:9: warning: {#eq:…} is pandoc-crossref's label" in result.err
    assert "<math" in post_body(tmp_path / "out/posts/posi.html")
