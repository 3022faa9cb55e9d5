"""What building real machine-learning Quarto blogs showed, each as a small blog of its own:
valid Quarto that must build, keep its URLs and show its content."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import CliResult, post_body, write_tree
from fixture_file import Case, fixture_params, render
from nbformat.v4 import new_code_cell, new_notebook, new_output, new_raw_cell
from notebook_fixtures import PNG, write_notebook

from quizsite.build import build
from quizsite.errors import BuildFailed

QUARTO_YML = 'project:\n  type: website\nwebsite:\n  title: "Notes"\n'
INDEX = '---\ntitle: "Notes"\nlisting:\n  contents: posts\n---\n'


@pytest.mark.parametrize("case", fixture_params("real_ml_blogs.md"))
def test_fixture(case: Case) -> None:
    """Markdown cases met in real blogs (tests/fixtures/real_ml_blogs.md)."""
    assert render(case.source) == case.expected


def quarto_blog(root: Path, files: dict[str, str]) -> Path:
    """A Quarto blog: `_quarto.yml`, the listing home page and the given files."""
    return write_tree(root, {"_quarto.yml": QUARTO_YML, "index.qmd": INDEX, **files})


def test_draft_written_as_quoted_text_is_read_as_true_or_false(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """`draft: 'true'` (a quoted value, as nbdev_migrate writes fastpages' `hide: true`) is a
    draft to listings; `draft: "false"` is not. Quarto does not refuse either, and its draft
    filter wants `true` itself: the quoted draft's page is published, unlisted (fastpages'
    hidden post, reachable at its URL)."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/hidden/index.md": "---\ntitle: Hidden\ndate: '2021-09-10'\n"
            "draft: 'true'\n---\n\nNot yet.\n",
            "posts/shown/index.md": '---\ntitle: Shown\ndate: 2021-09-11\ndraft: "False"\n---\n\n'
            "Out now.\n",
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    assert (out / "posts/shown/index.html").is_file()
    assert "Not yet." in (out / "posts/hidden/index.html").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Shown" in home and "Hidden" not in home


def test_relative_aliases_are_read_from_the_documents_folder(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A Quarto alias not starting with `/` is relative to the document's folder on the site:
    `../../old.html` from `posts/release/` is `/old.html`, `older/` is `/posts/release/older/`.
    One climbing above the site's root is still refused."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/release/index.qmd": "---\ntitle: Release\ndate: 2021-06-23\naliases:\n"
            "  - ../../old.html\n  - older/\n  - /2021/06/release.html\n---\n\nNews.\n",
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    for alias in ("old.html", "posts/release/older/index.html", "2021/06/release.html"):
        assert "posts/release/" in (out / alias).read_text(encoding="utf-8"), alias
    post = site / "posts/release/index.qmd"
    post.write_text(post.read_text().replace("../../old.html", "../../../up.html"))
    result = cli("build", site, "-o", out)
    assert result.code == 1
    assert "posts/release/index.qmd:4: error: alias '../../../up.html'" in result.out + result.err


def test_alias_to_the_documents_own_address_is_left_out(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A post migrated from fastpages may name its own Quarto address among its aliases;
    Quarto skips that alias, and so does quizsite (the page itself stays). Written from the
    root, as here, Quarto (1.7 on) skips it without a word (test_gaps8 has the warned form)."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/2023-01-01-literacy.md": "---\ntitle: Literacy\ndate: 2023-01-01\naliases:\n"
            '  - "/posts/2023-01-01-literacy.html"\n  - /2023/01/01/literacy.html\n---\n\nText.\n',
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    assert "this page's own address" not in result.out + result.err
    assert "Text." in (out / "posts/2023-01-01-literacy.html").read_text(encoding="utf-8")
    assert "posts/2023-01-01-literacy.html" in (out / "2023/01/01/literacy.html").read_text()


def test_index_inside_posts_is_the_listing_page_not_a_post(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """`posts/index.qmd` with a `listing:` (the navbar's "Blog" at `/posts`) is the page
    listing the posts at `posts/`, as Quarto publishes it, not an empty post among them."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/index.qmd": '---\ntitle: "Blog"\nlisting:\n  contents: .\n  type: grid\n---\n',
            "posts/vanishing/index.qmd": "---\ntitle: Vanishing points\ndate: 2021-10-05\n---\n\n"
            "Canny, then Hough.\n",
            "posts/attention/index.qmd": "---\ntitle: Self-attention\ndate: 2022-03-01\n---\n\n"
            "Queries and keys.\n",
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    blog = (out / "posts/index.html").read_text(encoding="utf-8")
    assert "Vanishing points" in blog and "Self-attention" in blog
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Vanishing points" in home and ">Blog<" not in home.split("<main", 1)[-1]


def test_unclosed_div_in_a_quarto_blog_is_a_warning_and_its_line_is_text(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Quarto builds a document whose `:::` opener is never closed (Pandoc reads it as text),
    so a Quarto blog builds too: a warning at the opener, whose line shows as the text Pandoc
    makes of it; the rest of the document is read as usual."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/helm/index.md": "---\ntitle: Helm\ndate: 2022-01-01\n---\n\nUpgrade first.\n\n"
            ":::Note]\n> Use `--dry-run` to check.\n\n# Rollback\n\nThen roll back.\n",
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    assert "posts/helm/index.md:8: warning: unclosed fenced div opened here" in result.err
    page = (out / "posts/helm/index.html").read_text(encoding="utf-8")
    body = post_body(out / "posts/helm/index.html")
    assert "<p>:::Note]</p>" in body and body.count(":::") == 1
    assert "<blockquote>" in page and 'id="rollback"' in page


def test_a_documents_metadata_files_are_merged_under_its_front_matter(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Notes sections whose index pages all take their listing from one shared file
    (`metadata-files: ["../_listing.yml"]`, Quarto's document option) list their notes, with
    the document's own keys winning; a file that is not there is a warning at the key."""
    listing = (
        'listing:\n  contents: "*.qmd"\n  type: table\n  fields: [title, description]\n'
        "description: shared\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/welcome/index.qmd": "---\ntitle: Welcome\ndate: 2022-01-01\n---\n\nHi.\n",
            "notes/_listing.yml": listing,
            "notes/fastai/index.qmd": "---\ntitle: fastai\ndescription: fastai notes\n"
            'metadata-files: ["../_listing.yml"]\n---\n',
            "notes/fastai/01_fundamentals.qmd": "---\ntitle: Fundamentals\n---\n\nLearner.\n",
            "notes/fastai/02_vision.qmd": "---\ntitle: Vision\n---\n\nDataBlock.\n",
            "notes/docker/index.qmd": "---\ntitle: docker\nmetadata-files: [_gone.yml]\n---\n\n"
            "Soon.\n",
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    page = (out / "notes/fastai/index.html").read_text(encoding="utf-8")
    assert "Fundamentals" in page and "Vision" in page
    assert "fastai notes" in page and "shared" not in page
    assert (
        "notes/docker/index.qmd:3: warning: metadata file '_gone.yml' is not there: left out"
    ) in result.err


def test_a_folded_note_in_a_later_section_is_not_a_quiz_missing_its_key(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """An article's numbered steps, then under another heading a note folded open
    (`collapse="False"`), is not a quiz: no "answer callout has no answer key" warning. A
    numbered list right above a folded callout without a key still gets it."""
    article = (
        "---\ntitle: Old conda envs\ndate: 2023-06-12\n---\n\n## Step 1\n\n"
        "1. When was it run?\n2. Which packages?\n\n## Step 2\n\n"
        '::: {.callout-note collapse="False" title="Corroboration"}\nThe metadata says 3.6.\n'
        ":::\n"
    )
    quiz = (
        "---\ntitle: Which optimiser?\ndate: 2023-06-13\n---\n\nWhich one adapts its steps?\n\n"
        '1. SGD\n2. Adam\n\n::: {.callout-note collapse="true"}\nAdam scales each step.\n:::\n'
    )
    site = quarto_blog(
        tmp_path / "blog", {"posts/conda/index.md": article, "posts/optim/index.md": quiz}
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "posts/conda/index.md" not in result.err
    assert "posts/optim/index.md:12: warning: answer callout has no answer key" in result.err


def test_documents_beside_a_folder_posts_index_are_posts_of_their_own(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A series folder (`posts/series/agents/index.qmd` with `01-tools.qmd` and a notebook
    beside it): Quarto renders every document, at `…/01-tools.html`; none is copied as its
    source, and the index's links to them lead to their pages. Images stay the index's."""
    notebook = (
        '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["---\\n", '
        '"title: Matmul\\n", "date: 2024-02-02\\n", "---\\n", "\\n", "Broadcasting rules."]}], '
        '"metadata": {}, "nbformat": 4, "nbformat_minor": 4}'
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/series/agents/index.qmd": "---\ntitle: Agents series\ndate: 2024-01-01\n"
            "---\n\nStart with [tools](01-tools.qmd).\n\n![](diagram.png)\n",
            "posts/series/agents/diagram.png": PNG,
            "posts/series/agents/01-tools.qmd": "---\ntitle: Tool use\ndate: 2024-01-02\n---\n\n"
            "Call a function.\n",
            "posts/series/agents/00_matmul.ipynb": notebook,
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    folder = out / "posts/series/agents"
    assert "Call a function." in (folder / "01-tools.html").read_text(encoding="utf-8")
    assert "Broadcasting rules." in (folder / "00_matmul.html").read_text(encoding="utf-8")
    assert not (folder / "01-tools.qmd").exists() and (folder / "diagram.png").is_file()
    assert 'href="01-tools.html"' in (folder / "index.html").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Tool use" in home and "Matmul" in home


def test_a_plot_saved_only_as_its_librarys_json_is_a_warning_not_silently_dropped(
    tmp_path: Path,
) -> None:
    """A notebook saved from JupyterLab with Plotly's renderer keeps its figures only as
    `application/vnd.plotly.v1+json`: nothing static to show, so a warning at the cell says
    it is left out (it was dropped without a word)."""
    figure = {"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}], "layout": {}}
    notebook = new_notebook(
        cells=[
            new_raw_cell("---\ntitle: Interactive plots\ndate: 2025-01-05\n---"),
            new_code_cell(
                "fig = px.scatter(df, x='x', y='y')\nfig.show()",
                outputs=[new_output("display_data", {"application/vnd.plotly.v1+json": figure})],
            ),
        ]
    )
    root = quarto_blog(tmp_path / "blog", {})
    write_notebook(root / "posts/viz/index.ipynb", notebook)
    result = build(root, tmp_path / "out")
    [warned] = [w for w in result.warnings if "needs a script" in w.message]
    assert warned.location.path == "posts/viz/index.ipynb"
    assert "cell 2: output needs a script (application/vnd.plotly.v1+json)" in warned.message
    html = (tmp_path / "out/posts/viz/index.html").read_text(encoding="utf-8")
    assert "scatter" in html and "[1, 2]" not in html  # the code, not the JSON


def test_r_markdown_posts_are_published_as_quarto_renders_them(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A blog whose older posts are `.Rmd` (Quarto renders R Markdown with knitr): each is a
    post at Quarto's URL, its frozen output shown; one without frozen output shows its code
    with a warning, as a `.qmd` with R cells does. vgherard's blog published 8 of 62."""
    frozen = "---\ntitle: OLS\n---\n\n::: {.cell}\n\n```{.r .cell-code}\nmean(1:10)\n```\n\n"
    frozen += "::: {.cell-output .cell-output-stdout}\n```\n[1] 5.5\n```\n:::\n:::\n"
    ols = "---\ntitle: OLS\ndate: 2023-05-12\n---\n\n```{r}\nmean(1:10)\n```\n"
    result = {"hash": hashlib.md5(ols.encode()).hexdigest(), "result": {"markdown": frozen}}
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": QUARTO_YML,
            "index.qmd": '---\ntitle: "Notes"\nlisting:\n  contents: post\n---\n',
            "post/chips.qmd": "---\ntitle: Chips\ndate: 2023-01-01\n---\n\nFabs.\n",
            "post/2019-07-14-link-functions.Rmd": "---\ntitle: Link functions\n---\n\n"
            "```{r setup, include=FALSE}\nlibrary(stats)\n```\n\nThe logit.\n\n```{r}\nqlogis(0.5)\n```\n",
            "post/ols/index.Rmd": ols,
            "_freeze/post/ols/index/execute-results/html.json": json.dumps(result),
        },
    )
    built = cli("build", site, "-o", tmp_path / "out")
    assert built.code == 0, built.out + built.err
    assert "Published 4 documents" in built.out and "not taken" not in built.out
    out = tmp_path / "out"
    ols_page = (out / "post/ols/index.html").read_text()
    assert "[1] 5.5" in ols_page and "cell-output-stdout" in ols_page
    link = (out / "post/2019-07-14-link-functions.html").read_text()
    assert "The logit." in link and ">qlogis<" in link and "library" not in link
    assert "R cells are run by knitr" in built.out + built.err
    home = (out / "index.html").read_text()
    assert "Link functions" in home and "OLS" in home


def test_an_image_named_with_spaces_is_published_and_linked(tmp_path: Path) -> None:
    """`![](loss curve.png)` (Pandoc reads spaces in an address) shows the file beside the
    post, published under its own name, and a link with spaces reaches its page."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/Pattern Recognition/index.qmd": "---\ntitle: PR\n---\n\nCourse notes.\n",
            "posts/curves/index.qmd": "---\ntitle: Curves\n---\n\n![The loss](loss curve.png)\n\n"
            "See [the course](../Pattern Recognition/index.qmd).\n",
        },
    )
    (site / "posts/curves/loss curve.png").write_bytes(PNG)
    result = build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/curves/index.html").read_text()
    assert '<img src="loss%20curve.png"' in page
    assert (tmp_path / "out/posts/curves/loss curve.png").read_bytes() == PNG
    [href] = re.findall(r'<a href="([^"]*)">the course</a>', page)
    assert unquote(href) == "../Pattern Recognition/"  # the page's folder, spaces and all
    assert not [w for w in result.warnings if "curves" in w.location.path]


def test_a_quarto_posts_description_is_shown_under_its_title(tmp_path: Path) -> None:
    """Quarto's title block shows a post's `description` (unless `hide-description`)."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/lora/index.qmd": "---\ntitle: LoRA\ndescription: Low-rank adapters, tried on "
            "a 7B model & <compared>\n---\n\nBody.\n",
            "posts/quiet/index.qmd": "---\ntitle: Quiet\ndescription: Only for the listing\n"
            "hide-description: true\n---\n\nBody.\n",
        },
    )
    build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/lora/index.html").read_text()
    header = page.split('<header class="post-header')[1].split("</header>")[0]
    assert (
        '<div class="post-description description">Low-rank adapters, tried on a 7B model &amp; '
        "&lt;compared&gt;</div>"
    ) in header
    quiet = (tmp_path / "out/posts/quiet/index.html").read_text()
    assert 'class="post-description"' not in quiet
    assert "Only for the listing" in (tmp_path / "out/index.html").read_text()


def test_a_citation_key_that_is_a_doi_url_is_read_whole(tmp_path: Path) -> None:
    """Pandoc's keys may hold `://` (`[@https://doi.org/10.48550/arxiv.2112.11079]`, as
    Zotero's Better BibTeX writes for a DOI): the whole URL is the key, not `https`."""
    key = "https://doi.org/10.48550/arxiv.2112.11079"
    refs = [
        {
            "id": key,
            "type": "article",
            "title": "Data fission",
            "issued": {"date-parts": [[2021]]},
            "author": [{"family": "Leiner", "given": "James"}],
        }
    ]
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/posi/index.qmd": "---\ntitle: POSI\nbibliography: refs.json\n---\n\n"
            f"Data fission [@{key}] splits data.\n",
            "posts/posi/refs.json": json.dumps(refs),
        },
    )
    result = build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/posi/index.html").read_text()
    assert f'data-cites="{key}"' in page and "Leiner" in page
    assert not [w for w in result.warnings if "citation" in w.message]


def test_a_tab_before_a_comment_in_quarto_yml_is_read_as_quarto_reads_it(tmp_path: Path) -> None:
    """js-yaml (Quarto's reader) takes a tab before a comment; PyYAML stopped there and the
    whole blog failed to build (vgherard's `_quarto.yml`). Errors keep their own lines."""
    yml = QUARTO_YML + '  description: "Notes on statistics"\n\t#image-alt: a comment\n\t\n'
    site = quarto_blog(tmp_path / "blog", {"posts/a/index.qmd": "---\ntitle: A\n---\n\nText.\n"})
    (site / "_quarto.yml").write_text(yml)
    (site / "posts/_metadata.yml").write_text("author: Valerio\n\t# a note\n")
    build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/a/index.html").read_text()
    assert "Notes on statistics" in (tmp_path / "out/index.html").read_text()
    assert "Valerio" in page
    (site / "_quarto.yml").write_text(yml + "website: [\n")
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    # Line 8 opens a list the file never closes: PyYAML reports the end, line 9 (kept).
    assert failed.value.diagnostics[0].location.line == 9


def _fontawesome(site: Path) -> None:
    """A minimal quarto-ext/fontawesome extension in the site: its manifest, stylesheet, font."""
    folder = site / "_extensions/quarto-ext/fontawesome"
    (folder / "assets/css").mkdir(parents=True)
    (folder / "assets/webfonts").mkdir()
    (folder / "_extension.yml").write_text("title: Font Awesome support\n")
    (folder / "assets/css/all.css").write_text(".fa-github:before{content:'\\f09b'}\n")
    (folder / "assets/webfonts/fa-brands-400.woff2").write_bytes(b"wOF2")


def test_fa_icons_are_drawn_with_the_sites_fontawesome_extension(tmp_path: Path) -> None:
    """`{{< fa >}}` (in text and in raw HTML) is Font Awesome's `<i>`, and the extension's own
    stylesheet and fonts are published and linked by the pages that show an icon."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: A\n---\n\nCode on {{< fa brands github >}} and "
            '{{< fa envelope size=2x title="Mail" >}}.\n\n'
            '<a class="btn" href="https://z.example">Save {{< fa square-arrow-up-right >}}</a>\n',
            "posts/b/index.qmd": "---\ntitle: B\n---\n\nNo icon here.\n",
        },
    )
    _fontawesome(site)
    result = build(site, tmp_path / "out")
    out = tmp_path / "out"
    page = (out / "posts/a/index.html").read_text()
    assert '<i class="fa-brands fa-github" aria-label="github"></i>' in page
    assert '<i class="fa-solid fa-envelope fa-2x" title="Mail" aria-label="envelope"></i>' in page
    assert 'Save <i class="fa-solid fa-square-arrow-up-right"' in page
    assert 'href="/assets/fa-icons/css/all.css"' in page
    assert "fa-icons" not in (out / "posts/b/index.html").read_text()
    assert (out / "assets/fa-icons/webfonts/fa-brands-400.woff2").read_bytes() == b"wOF2"
    assert "{{<" not in page and not [w for w in result.warnings if "'fa'" in w.message]


def test_fa_without_the_extension_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """Without the extension Quarto cannot render `{{< fa >}}` either: left out, warned."""
    site = quarto_blog(
        tmp_path / "blog", {"posts/a/index.qmd": "---\ntitle: A\n---\n\nOn {{< fa github >}}.\n"}
    )
    result = build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/a/index.html").read_text()
    assert "<i class=" not in page and "{{<" not in page
    [warned] = [w for w in result.warnings if "'fa'" in w.message]
    assert str(warned.location) == "posts/a/index.qmd:5"
    assert "quarto add quarto-ext/fontawesome" in warned.hint
    # Installing the extension afterwards: the next build draws the icon (the post's parse
    # noted the extension's absence, so it is parsed again).
    _fontawesome(site)
    build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/a/index.html").read_text()
    assert '<i class="fa-solid fa-github" aria-label="github"></i>' in page
    assert 'href="/assets/fa-icons/css/all.css"' in page


def test_ai_icons_are_drawn_with_the_sites_academicons_extension(tmp_path: Path) -> None:
    """`{{< ai orcid >}}` (schochastics/academicons) is the extension's `<i>`, black unless
    coloured, and its stylesheets and font are published and linked where an icon shows."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: A\n---\n\nORCID {{< ai orcid size=lg >}}, "
            '{{< ai google-scholar color="#4285F4" >}}.\n'
        },
    )
    folder = site / "_extensions/schochastics/academicons"
    (folder / "assets/css").mkdir(parents=True)
    (folder / "assets/webfonts").mkdir()
    (folder / "_extension.yml").write_text("title: Support for academicons\n")
    (folder / "assets/css/all.css").write_text(".ai-orcid:before{content:'\\e9d9'}\n")
    (folder / "assets/css/size.css").write_text(".ai-lg{font-size:1.33em}\n")
    (folder / "assets/webfonts/academicons.ttf").write_bytes(b"ttf")
    build(site, tmp_path / "out")
    out = tmp_path / "out"
    page = (out / "posts/a/index.html").read_text()
    assert '<i class="ai ai-orcid ai-lg" style="color:black"></i>' in page
    assert '<i class="ai ai-google-scholar" style="color:#4285F4"></i>' in page
    assert 'href="/assets/ai-icons/css/all.css"' in page
    assert 'href="/assets/ai-icons/css/size.css"' in page
    assert (out / "assets/ai-icons/webfonts/academicons.ttf").read_bytes() == b"ttf"


def test_a_tweet_is_shown_as_a_link_to_the_post_with_a_warning(tmp_path: Path) -> None:
    """`{{< tweet user id >}}` (sellorm/social-embeds fetches the post while Quarto renders):
    quizsite fetches nothing, so the post is a quotation linking to it, and a warning says so."""
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: A\n---\n\nSee:\n\n{{< tweet waydegilliam 1641228571611123712 >}}\n\n"
            "and {{< tweet 1325474361407660034 >}}.\n",
            "_extensions/sellorm/social-embeds/_extension.yml": "title: social-embeds\n",
        },
    )
    result = build(site, tmp_path / "out")
    page = (tmp_path / "out/posts/a/index.html").read_text()
    assert (
        '<blockquote class="tweet-link"><p><a href="https://twitter.com/waydegilliam/status/'
        '1641228571611123712">See a post by @waydegilliam on X (Twitter)</a></p></blockquote>'
    ) in page
    assert '<p>and <a href="https://twitter.com/i/status/1325474361407660034">' in page
    assert "{{<" not in page
    warned = [w for w in result.warnings if "tweet" in w.message]
    assert [str(w.location) for w in warned] == ["posts/a/index.qmd:7", "posts/a/index.qmd:9"]
    assert all("shown as a link" in w.message for w in warned)
