"""What building more real Quarto blogs showed (AtlasOfLivingAustralia/ala-labs,
ArunKoundinya/CanvassAndAnalyze, AdamDadeH/adamdadeh.github.io, Adafede/adafede.github.io,
TONGSUOregonState/Quarto-Blog, and the blogs tried after them): each site is written here, in
its own words, reproducing one thing such a blog does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CliResult, write_tree

SITE_YML = "project:\n  type: website\nwebsite:\n  title: Notes on models\n"
HOME = "---\ntitle: Home\nlisting:\n  contents: posts\n---\n"


def quarto_blog(root: Path, files: dict[str, str], site_yml: str = SITE_YML) -> Path:
    """A Quarto blog: `_quarto.yml`, a listing home page, and the files given."""
    return write_tree(root, {"_quarto.yml": site_yml, "index.qmd": HOME, **files})


def test_a_titled_folded_note_after_a_numbered_list_is_no_quiz(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """ala-labs' buffers post lists three scenarios, then folds a note titled "How
    generalisation snaps points to a grid": an article, not a quiz missing its key. A Quarto
    post filed as a quiz, or whose folded callout is titled as an answer, is still checked."""
    article = (
        "---\ntitle: Buffers\ndate: 2025-08-26\n---\n\nThree scenarios are possible:\n\n"
        "1.  A point falls inside\n2.  A point falls outside\n\n"
        '::: {.callout-note collapse="true"}\n##### How generalisation snaps points\n\n'
        "All points snap to the same corner.\n:::\n"
    )
    filed = (
        "---\ntitle: Activations\ndate: 2025-08-27\ncategories: [Quiz]\n---\n\nWhich?\n\n"
        '1. ReLU\n2. Tanh\n\n::: {.callout-note collapse="true" title="Why"}\nTanh saturates.\n:::\n'
    )
    titled = (
        "---\ntitle: Losses\ndate: 2025-08-28\n---\n\nWhich?\n\n"
        '1. MSE\n2. Hinge\n\n::: {.callout-tip collapse="true" title="Show the answer"}\n'
        "Hinge is a margin loss.\n:::\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/buffers/index.qmd": article,
            "posts/act/index.qmd": filed,
            "posts/loss/index.qmd": titled,
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "posts/buffers/index.qmd" not in result.err
    assert "posts/act/index.qmd:13: warning: answer callout has no answer key" in result.err
    assert "posts/loss/index.qmd:12: warning: answer callout has no answer key" in result.err


def test_a_website_title_of_raw_html_shows_as_html_in_the_navbar(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """CanvassAndAnalyze's website title is a logo and bold words (`<img …> <b>…</b>`);
    Quarto's navbrand.ejs writes the title unescaped (Pandoc keeps the raw HTML of Markdown
    metadata). The page's `<title>` and `og:site_name` stay plain text, and a script in the
    title stays text."""
    site_yml = (
        "project:\n  type: website\nwebsite:\n  title: \"<img src='/images/logo.png' "
        "style='width: 2.2em'> <b>Canvass And Analyze</b> <script>x()</script>\"\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: First\ndate: 2024-01-01\n---\n\nHi.\n"},
        site_yml,
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    page = (out / "posts/a/index.html").read_text(encoding="utf-8")
    brand = page.split('class="site-title', 1)[1].split("</a>", 1)[0]
    assert '<img src="/images/logo.png" style="width: 2.2em">' in brand.replace("'", '"')
    assert "<b>Canvass And Analyze</b>" in brand
    assert "<script>" not in brand and "&lt;script&gt;x()" in brand
    shown = "Canvass And Analyze &lt;script&gt;x()&lt;/script&gt;"  # what the navbar shows
    assert f"<title>First · {shown}</title>" in page
    assert f'<meta property="og:site_name" content="{shown}">' in page


def test_theme_none_leaves_the_theme_stylesheet_out_for_the_authors_css(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """adamdadeh.github.io sets `theme: none` with its own `styles.css` (adafede.github.io
    `theme: [none]`): Quarto adds no theme CSS then, so the author's stylesheet rules the page.
    quizsite warned that it did not know the theme and kept its own styles under the author's."""
    site_yml = SITE_YML + "format:\n  html:\n    theme: none\n    css: styles.css\n"
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: First\ndate: 2024-01-01\n---\n\nHi.\n",
            "styles.css": "body { font-family: serif; }\n",
        },
        site_yml,
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    assert "theme" not in result.err
    for page in ("posts/a/index.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "assets/style.css" not in html
        assert "styles.css" in html
        # quizsite's own helpers (screen-reader text, skip link) stay out of sight.
        assert "<style>.visually-hidden{position:absolute" in html
    # adafede.github.io has no stylesheet of its own: a navbar icon keeps an icon's size.
    listed = SITE_YML + (
        "  navbar:\n    right:\n      - icon: github\n        href: https://github.com/x\n"
        "format:\n  html:\n    theme:\n      - none\n"
    )
    (site / "_quarto.yml").write_text(listed, encoding="utf-8")
    result = cli("build", site, "-o", tmp_path / "out2")
    assert result.code == 0 and "theme" not in result.err, result.err
    html = (tmp_path / "out2/posts/a/index.html").read_text(encoding="utf-8")
    assert "assets/style.css" not in html
    assert '<svg class="menu-icon" width="1em" height="1em"' in html.replace(
        ' xmlns="http://www.w3.org/2000/svg" fill="currentColor" viewBox="0 0 16 16"', ""
    )


def test_a_nested_projects_documents_are_rendered_under_the_outer_project(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Quarto-Blog keeps a copy of itself in `myblog/` with its own `_quarto.yml`. Quarto's
    `projectInputFiles` walks every folder but `_`/`.` ones, so rendering the outer project
    renders the nested one's documents too, under the outer project's settings (its own
    `_quarto.yml` is no metadata layer; a parent leaves a subproject out with `render:`)."""
    inner = "project:\n  type: website\nwebsite:\n  title: Inner blog\n"
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: First\ndate: 2024-01-01\n---\n\nHi.\n",
            "myblog/_quarto.yml": inner,
            "myblog/index.qmd": "---\ntitle: Inner home\n---\n\nInner.\n",
            "myblog/notes/b.qmd": "---\ntitle: Inner note\n---\n\nNote.\n",
            "myblog/_site/old.html": "<p>old</p>",
        },
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    note = (out / "myblog/notes/b.html").read_text(encoding="utf-8")
    assert "Inner note" in note and "Notes on models" in note and "Inner blog" not in note
    assert (out / "myblog/index.html").is_file()
    assert not (out / "myblog/_site").exists()
    excluded = SITE_YML.replace("website\n", 'website\n  render: ["**/*.qmd", "!myblog/"]\n', 1)
    (site / "_quarto.yml").write_text(excluded, encoding="utf-8")
    result = cli("build", site, "-o", tmp_path / "out2")
    assert result.code == 0, result.out + result.err
    assert not (tmp_path / "out2/myblog/notes/b.html").exists()
    assert (tmp_path / "out2/posts/a/index.html").is_file()


def test_the_footers_markdown_links_to_documents_lead_to_their_pages(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """statistikas.lt's footer is Markdown, `[Apie](about.qmd) · [Straipsniai](straipsniai.qmd)`:
    Quarto resolves those links from the project's root on every page, the `.qmd` as its page's
    URL. quizsite left `about.qmd` as written: a broken link on every page."""
    site_yml = SITE_YML + (
        "  page-footer:\n    center: |\n"
        "      [Apie](about.qmd) · [CV](files/cv.pdf) · [Top](#top) · [Q](https://quarto.org)\n"
    )
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: First\ndate: 2024-01-01\n---\n\nHi.\n",
            "about.qmd": "---\ntitle: Apie\n---\n\nMe.\n",
        },
        site_yml,
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    for page in ("posts/a/index.html", "index.html", "about.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert '<a href="/about.html">Apie</a>' in html
        assert '<a href="/files/cv.pdf">CV</a>' in html
        assert '<a href="#top">Top</a>' in html and '<a href="https://quarto.org">Q</a>' in html
        assert "about.qmd" not in html


def test_a_zero_margin_leaves_no_room_for_the_table_of_contents_beside_the_text(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """statistikas.lt sets `grid: margin-width: 0px` with `toc: true` in its posts: Quarto's
    page shows no table of contents then (its margin column has no width). quizsite squeezed
    the table into a column of one letter a line. A table on the left still shows."""
    site_yml = SITE_YML + "format:\n  html:\n    grid:\n      margin-width: 0px\n"
    body = "\n\n## One\n\nText.\n\n## Two\n\nMore.\n"
    site = quarto_blog(
        tmp_path / "blog",
        {
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\ntoc: true\n---" + body,
            "posts/b/index.qmd": "---\ntitle: B\ndate: 2024-01-02\ntoc: true\n"
            "toc-location: left\n---" + body,
        },
        site_yml,
    )
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.code == 0, result.out + result.err
    right = (out / "posts/a/index.html").read_text(encoding="utf-8")
    assert 'class="toc"' not in right and 'id="one"' in right
    left = (out / "posts/b/index.html").read_text(encoding="utf-8")
    assert 'class="toc toc-left"' in left


def test_a_missing_theme_file_is_named_as_written_from_the_root(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """BehData/Quarto_blog names `theme: theme.scss`, a file not in the repository: the
    warning named it '/theme.scss' (the path from the root metadata.py gives it), a name the
    author never wrote."""
    site_yml = SITE_YML + "format:\n  html:\n    theme: theme.scss\n"
    site = quarto_blog(
        tmp_path / "blog",
        {"posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\nHi.\n"},
        site_yml,
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "_quarto.yml:7: warning: the theme file 'theme.scss' does not exist" in result.err
