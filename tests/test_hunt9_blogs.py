"""What building more real Quarto blogs showed (hamelsmu/hamel-site, quarto-dev/quarto-web
and the blogs tried beside them): each site is written here, in its own words, reproducing
one thing such a blog does."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import QUARTO_SITE_YML as SITE_YML
from conftest import CliResult, post_body, quarto_blog, serve_folder, write_tree
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_fixtures import PNG, write_notebook

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PNG_B64 = base64.b64encode(PNG).decode()


def test_two_spellings_of_one_alias_make_one_redirect(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """hamelsmu/hamel-site and parlance-labs/website give a page `aliases: ["hire/",
    "hire"]`. Quarto writes both to `hire/index.html`, once; the build stopped, calling the
    second the address of another page."""
    site = quarto_blog(
        tmp_path / "blog",
        {"services.qmd": '---\ntitle: Services\naliases: ["work/", "work"]\n---\n\nHi.\n'},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "alias" not in result.out + result.err
    redirect = (tmp_path / "out/work/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect and "services.html" in redirect


def test_an_alias_at_another_documents_page_is_a_warning(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """quarto-dev/quarto-web's AST page names as aliases the addresses of pages the site
    still renders (`/docs/prerelease/1.3/ast.html`). Quarto writes no redirect over a
    document's page and says so; the build stopped with an error."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "guide/tree.qmd": "---\ntitle: Tree\naliases: [/old/tree.html]\n---\n\nNew.\n",
            "old/tree.qmd": "---\ntitle: Old tree\n---\n\nStill here.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert (
        "guide/tree.qmd:1: warning: alias '/old/tree.html' is the address of another "
        "document's page (old/tree.html): no redirect is written there, as Quarto does"
    ) in result.out + result.err
    assert "Still here." in (tmp_path / "out/old/tree.html").read_text(encoding="utf-8")


def test_a_root_alias_without_an_index_document_redirects_home(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """charleneleong-ai/ai-intuition has no root `index.qmd`: its blog listing names `/` as
    an alias, so Quarto's `index.html` redirects to `blog/`. The build stopped on the alias,
    the home listing quizsite makes standing there."""
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "blog/index.qmd": "---\ntitle: Blog\nlisting:\n  contents: posts\naliases: [/]\n---\n",
            "blog/posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nOne.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in home and "/blog/" in home
    assert "A" in (tmp_path / "out/blog/index.html").read_text(encoding="utf-8")


def test_a_bibliography_at_a_web_address_is_a_warning(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """pat-alt/pat-alt.github.io names its BibTeX file by its raw GitHub URL, which Pandoc
    downloads. The build stopped: "cannot read the bibliography 'refs.bib': no such file".
    quizsite fetches nothing, so it says where the URL is and builds the page."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/_metadata.yml": "bibliography: https://example.org/lib/refs.bib\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nAs shown [@smith].\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert (
        "posts/_metadata.yml:1: warning: the bibliography 'https://example.org/lib/refs.bib' "
        "is on the web, which quizsite does not fetch: its references are not read"
    ) in result.out + result.err
    assert "As shown" in post_body(tmp_path / "out/posts/a/index.html")


def test_a_fence_inside_an_html_comment_does_not_hide_a_divs_closer(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """pat-alt's talks comment out a cell inside a column: `<!-- ```{julia}` … ``` -->`.
    The closing line starts with a fence, which the div's search for its closer took for a
    code block running to the end: the columns were unclosed and their `:::` shown."""
    body = (
        "::::{.columns}::::\n:::{.column width='50%'}\n\n<!-- ```{julia}\nx = 1\n``` -->\n\n"
        "::: {.fragment}\nLeft.\n:::\n\n:::\n:::{.column width='50%'}\nRight.\n:::\n::::\n\n"
        "After.\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\n" + body},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "fenced div" not in result.out + result.err
    html = post_body(tmp_path / "out/posts/a/index.html")
    assert ":::" not in html.replace("<!-- ```{julia}\nx = 1\n``` -->", "")
    assert html.count('<div class="column" style="width:50%;">') == 2


def test_a_divs_html_attributes_are_written_as_pandoc_writes_them(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Blogs centre a block with `::: {style="text-align: center"}` and lay out `.columns`
    with `width` (pat-alt, quarto-web). Every div attribute was written as `data-…`, so the
    style did nothing and columns stacked. Pandoc keeps the attributes HTML knows, writes a
    `.column`'s width as its style and leaves `width` off other divs."""
    body = (
        '::: {.note style="text-align: center" lang=fr width="30%" k=v}\n'
        "Centred.\n:::\n\n"
        ':::: {.columns}\n::: {.column width="40%"}\nLeft.\n:::\n'
        '::: {.column width="60%"}\nRight.\n:::\n::::\n'
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\n" + body},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    html = post_body(tmp_path / "out/posts/a/index.html")
    assert '<div class="note" style="text-align: center" lang="fr" data-k="v">' in html
    assert '<div class="column" style="width:40%;">' in html
    assert '<div class="column" style="width:60%;">' in html
    css = (tmp_path / "out/assets/style.css").read_text(encoding="utf-8")
    assert ".post-body div.columns { display: flex;" in css


def test_a_link_to_an_underscored_source_stays_a_link_to_the_file(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """quarto-dev/quarto-web offers `[Download computations.qmd](_computations.qmd)`. Quarto
    renders no page of a name starting with `_`, so the link stays and the file is
    published; the link pointed at `_computations.html`, which no build makes."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\n"
            '[Get the starter](_starter.qmd){download="starter.qmd"}\n',
            "posts/a/_starter.qmd": "---\ntitle: Starter\n---\n\nFill me in.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    html = post_body(tmp_path / "out/posts/a/index.html")
    assert '<a href="_starter.qmd" download="starter.qmd">Get the starter</a>' in html
    assert "Fill me in." in (tmp_path / "out/posts/a/_starter.qmd").read_text(encoding="utf-8")


def test_an_inline_comment_with_three_dashes_is_hidden(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Openscapes/website-new comments out a sentence mid-paragraph with `<!--- … --->`.
    CommonMark's inline comment may not end in `-`, so the page showed "<!—" and the
    sentence, its link live; Pandoc reads `<!--` to the first `-->` as a comment."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\n"
            "Shown. <!--- Not [shown](old/index.Rmd) yet. ---> Shown too.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    html = post_body(tmp_path / "out/posts/a/index.html")
    assert "<p>Shown. <!--- Not [shown](old/index.Rmd) yet. ---> Shown too.</p>" in html


def test_a_footer_link_to_a_document_from_the_root_is_its_page(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Openscapes/website-new's footer ends "See our [Privacy Policy](/privacy-policy.qmd)".
    Quarto points it at the page; a link from the root was left as written, so every page
    linked to a `.qmd` file the site does not publish."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML + "  page-footer:\n    left: See our [terms](/terms.qmd).\n",
            "terms.qmd": "---\ntitle: Terms\n---\n\nBe kind.\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nHi.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = (tmp_path / "out/posts/a/index.html").read_text(encoding="utf-8")
    assert 'See our <a href="/terms.html">terms</a>.' in page


def test_a_citation_style_at_a_web_address_is_the_style_of_that_name(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """kimfinale/myblog gives each post `csl: https://www.zotero.org/styles/vancouver`, which
    Pandoc downloads; every post was an error, "cannot read the citation style". The
    address's last segment is the style's id in the CSL repository: a style of that name
    quizsite holds is used; for another, the default style, with a warning at the line."""
    bib = "@book{ada,\n  author = {Ada Lovelace},\n  title = {Notes},\n  year = {1843}\n}\n"
    post = (
        "---\ntitle: {t}\ndate: 2024-05-01\nbibliography: refs.bib\ncsl: {url}\n---\n\nSo [@ada].\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": post.format(t="A", url="https://www.zotero.org/styles/ieee"),
            "posts/a/refs.bib": bib,
            "posts/b/index.qmd": post.format(t="B", url="https://example.org/house-style.csl"),
            "posts/b/refs.bib": bib,
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert 'role="doc-biblioref">[1]</a>' in post_body(tmp_path / "out/posts/a/index.html")
    assert "posts/a/index.qmd" not in result.out + result.err
    assert (
        "posts/b/index.qmd:5: warning: the citation style 'https://example.org/house-style.csl' "
        "is on the web, which quizsite does not fetch, and it holds no style named "
        "'house-style': the default style is used"
    ) in result.out + result.err
    assert 'role="doc-biblioref">Lovelace 1843</a>)' in post_body(
        tmp_path / "out/posts/b/index.html"
    )


def test_an_html_tables_data_qmd_markdown_fills_its_cell(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """quarto-dev/quarto-web writes raw HTML tables whose cells are empty spans carrying
    Markdown in `data-qmd` (or `data-qmd-base64`), which Quarto renders into them. The cells
    and caption were empty, their words dropped without a word. In a raw `{=html}` block (as
    quarto-web writes its example) the Markdown is rendered in place; the same markup shown
    as code stays as written."""
    body = (
        "<table>\n"
        '  <caption><span data-qmd="Sizes *by* group."></span></caption>\n'
        "  <tr>\n"
        '    <th><span data-qmd="_Group_"></span></th>\n'
        '    <td><span data-qmd-base64="KipsYXJnZSoq"></span></td>\n'
        "  </tr>\n"
        "</table>\n\n"
        '```html\n<span data-qmd="_as written_"></span>\n```\n\n'
        '```{=html}\n<table><tr><td><span data-qmd="In *raw* HTML."></span></td></tr></table>\n```\n'
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\n" + body},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    html = post_body(tmp_path / "out/posts/a/index.html")
    assert "Sizes <em>by</em> group.</span></caption>" in html
    assert "<em>Group</em></span></th>" in html
    assert "<strong>large</strong></span></td>" in html
    assert "_as written_" in html and "data-qmd" in html.split("<pre", 1)[1]
    assert "data-qmd" not in html.split("<pre", 1)[0]
    assert "<td><span>In <em>raw</em> HTML.</span></td>" in html


@pytest.mark.browser
def test_columns_and_grid_cells_sit_side_by_side(
    tmp_path: Path, cli: Callable[..., CliResult], browser: Browser
) -> None:
    """petzi53/quarto-blog teaches column layouts with `:::: {.columns}` and with Quarto's
    CSS grid (`::: {.grid}` of `::: {.g-col-4}`), and Openscapes/website-new and a score of
    the blogs tried lay out cards with `g-col-12 g-col-md-6`: every one stacked, no rule
    placing them. Columns take their widths; grid cells follow Bootstrap's breakpoints."""
    body = (
        ':::: {.columns}\n::: {.column width="30%"}\nLeft.\n:::\n'
        '::: {.column width="70%"}\nRight.\n:::\n::::\n\n'
        "::: {.grid}\n::: {.g-col-4}\nOne.\n:::\n::: {.g-col-8}\nTwo.\n:::\n:::\n\n"
        "::: grid\n::: {.g-col-12 .g-col-md-6}\nA.\n:::\n"
        "::: {.g-col-12 .g-col-md-6}\nB.\n:::\n:::\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\n" + body},
    )
    assert cli("build", site, "-o", tmp_path / "out").code == 0
    boxes = (
        "[...document.querySelectorAll('.post-body .column, .post-body [class*=g-col]')]"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width]; })"
    )
    with serve_folder(tmp_path / "out") as url:
        for width, stacked in ((1280, False), (375, True)):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            page.goto(f"{url}/posts/a/")
            left, right, one, two, a, b = page.evaluate(boxes)
            assert left[1] == right[1] and left[0] < right[0]
            assert 2 < right[2] / left[2] < 2.5  # 70% against 30%, less the gap
            assert one[1] == two[1] and one[0] < two[0] and two[2] > one[2]
            assert (a[1] < b[1]) if stacked else (a[1] == b[1] and a[0] < b[0])
            context.close()


def test_a_figure_cell_labelled_without_a_caption_is_numbered(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """particle1331/watchtower labels a notebook's plot `#| label: fig-svd-scree` and writes
    its caption under `#| cap:`, which Quarto does not read. Quarto still makes the labelled
    cell a figure, titled "Figure 1" alone, and its references resolve; they showed
    `?@fig-svd-scree`, the cell being no figure without a `fig-cap`."""
    cells = [
        new_markdown_cell("---\ntitle: Spectrum\ndate: 2024-05-01\n---"),
        new_code_cell(
            "#| label: fig-scree\n#| cap: Not a Quarto option.\nplot()",
            outputs=[new_output("display_data", data={"image/png": PNG_B64})],
        ),
        new_markdown_cell("The decay of @fig-scree is gradual."),
    ]
    site = quarto_blog(tmp_path / "blog", {})
    write_notebook(site / "posts/a/index.ipynb", new_notebook(cells=cells))
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "fig-scree" not in result.out + result.err
    html = post_body(tmp_path / "out/posts/a/index.html")
    assert '<a href="#fig-scree" class="quarto-xref">Figure\xa01</a>' in html
    assert "<figcaption>Figure\xa01</figcaption>" in html and 'id="fig-scree"' in html


def test_a_theme_using_bootstraps_color_mode_mixin_compiles(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """dylanjcastillo/blog's theme file styles a form for Bootstrap's dark mode with
    `@include color-mode(dark) { … }` (Bootstrap 5.3, which Quarto ships). quizsite's stand-in
    for Bootstrap had no such mixin, so the whole file's rules were left out with a warning.
    The mixin writes its rules under `[data-bs-theme="dark"]`, as Bootstrap's default does."""
    scss = (
        "/*-- scss:defaults --*/\n$primary: #123456;\n\n/*-- scss:rules --*/\n"
        ".lede { letter-spacing: 0.02em; }\n"
        "@include color-mode(dark) {\n  .input-group-text { color: #eeeeee; }\n}\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML + "format:\n  html:\n    theme: [cosmo, custom.scss]\n",
            "custom.scss": scss,
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nHi.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "do not compile" not in result.out + result.err
    css = "".join(p.read_text() for p in (tmp_path / "out/assets/look").glob("*.css"))
    assert ".lede" in css and '[data-bs-theme="dark"] .input-group-text' in css


def test_a_key_right_after_a_closing_quote_is_read_as_quarto_reads_it(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """ImadDabbura's notebook front matter lost a line break: its banner's quoted value closes
    on the next line, where `categories:` follows the quote. js-yaml, Quarto's reader, takes
    the key there, and Quarto renders the post; the build stopped on invalid YAML. Other
    invalid YAML is still an error at its line."""
    front = (
        "---\ntitle: Init\ndate: 2024-05-01\nsubtitle: 'Weights\n'categories: [ml]\n---\n\nHi.\n"
    )
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": front})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    page = (tmp_path / "out/posts/a/index.html").read_text(encoding="utf-8")
    assert 'href="/tags/ml/">ml</a>' in page and "Weights" in page
    broken = "---\ntitle: Init\ndate: 2024-05-01\nsubtitle: 'Weights\nmore'x: [\n---\n\nHi.\n"
    site = quarto_blog(tmp_path / "blog2", {"posts/a/index.qmd": broken})
    result = cli("build", site, "-o", tmp_path / "out2")
    assert result.code == 1 and "invalid YAML in front matter" in result.out + result.err


def test_a_cross_reference_in_raw_html_data_qmd_is_warned_of_at_its_line(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """quarto-web's raw HTML table caption refers to a section in its `data-qmd`. Rendered
    apart from the document, the reference finds no target and shows `?@sec-…`; that is said
    at the line, never left on the page without a word."""
    body = (
        "## Tables {#sec-t}\n\n```{=html}\n"
        '<table><caption><span data-qmd="See [Section @sec-t]."></span></caption></table>\n```\n'
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\n" + body},
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert (
        "posts/a/index.qmd:9: warning: a cross-reference in data-qmd inside a raw HTML block "
        "is not resolved"
    ) in result.out + result.err
