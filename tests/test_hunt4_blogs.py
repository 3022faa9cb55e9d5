"""What building more real Quarto blogs showed (jessesadler/quarto-blog,
AtlasOfLivingAustralia/ala-labs, TONGSUOregonState/Quarto-Blog, FTWynn/quarto-blog-ftwynn,
1jamesthompson1/1jamesthompson1.github.io, AnGabrio/agabriosite2): each site is written here,
in its own words, reproducing one thing such a blog does."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree
from fixture_file import render

from quizsite.build import build

SITE_YML = "project:\n  type: website\nwebsite:\n  title: Notes on models\n"
HOME = "---\ntitle: Home\nlisting:\n  contents: posts\n---\n"


def test_files_raw_html_names_are_published_beside_the_page(tmp_path: Path) -> None:
    """jessesadler's geocoding post shows a leaflet map saved beside it through
    `<iframe src="img/locations-mapview.html">`; Quarto's resource discovery publishes what an
    `<iframe>`, `<embed>`, `<script>` or `<a>` names as well as images, and reads a tag
    written over lines with space around `=`. quizsite published only images' files."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "post/geocoding/index.qmd": (
                "---\ntitle: Geocoding\ndate: 2026-03-01\n---\n\nThe map.\n\n"
                '<iframe width="750" height="350" src="img/map.html"></iframe>\n\n'
                '<a href = "data/points.csv">the points</a> and\n'
                '<script src="js/extra.js"></script>\n\n'
                '<img\n  src = "img/logo.png"\n  alt="logo">\n\n'
                '<a href="../other/">another post</a>\n'
            ),
            "post/geocoding/img/map.html": "<html><body>map</body></html>",
            "post/geocoding/img/logo.png": "png",
            "post/geocoding/data/points.csv": "x,y\n",
            "post/geocoding/js/extra.js": "1;",
            "post/geocoding/unused.csv": "a\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    page = out / "post" / "geocoding"
    assert (page / "img" / "map.html").read_text() == "<html><body>map</body></html>"
    assert (page / "data" / "points.csv").is_file()
    assert (page / "js" / "extra.js").is_file()
    assert (page / "img" / "logo.png").is_file()
    assert not (page / "unused.csv").exists()  # Quarto publishes only what is named


def test_files_an_included_html_names_are_published(tmp_path: Path) -> None:
    """ala-labs' home page and posts listing add a footer with `include-after-body:
    _footer.html`, whose `<img src = "images/logos/CSIRO_logo.png">` Quarto publishes with
    the page; quizsite inserted the footer and left its logos behind."""
    footer = (
        '<footer>\n  <a href="https://csiro.au/">\n    <img\n'
        '      src = "images/logos/csiro.png"\n      alt="CSIRO logo">\n  </a>\n</footer>\n'
    )
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": (
                "---\ntitle: Home\nformat:\n  html:\n    include-after-body: _footer.html\n"
                "listing:\n  contents: posts\n---\n"
            ),
            "_footer.html": footer,
            "images/logos/csiro.png": "png",
            "images/logos/unused.png": "png",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2026-01-02\n---\n\nText.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    assert 'src = "images/logos/csiro.png"' in (out / "index.html").read_text()
    assert (out / "images" / "logos" / "csiro.png").read_text() == "png"
    assert not (out / "images" / "logos" / "unused.png").exists()


def test_an_empty_document_is_an_empty_page(tmp_path: Path) -> None:
    """TONGSUOregonState's blog holds `c-programming/code editor.qmd`, an empty file: Quarto
    renders it as an empty page; quizsite failed the whole build with "the file is empty"."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME,
            "c-programming/code editor.qmd": "",
            "notes/blank.md": "\n\n",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2026-01-02\n---\n\nText.\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "empty" in w.message], result.warnings
    assert (out / "c-programming" / "code editor.html").is_file()
    assert (out / "notes" / "blank.html").is_file()
    assert "Text." in (out / "posts" / "a" / "index.html").read_text()


def test_a_headerless_grid_tables_top_border_may_align_its_columns() -> None:
    """FTWynn's speaker page lists companies in a headerless grid table whose top border
    carries the alignments (`+:------:+`), as Pandoc allows for a table with no header: the
    table was refused and its bottom border warned of as a table of its own."""
    html = render(
        "#### Companies\n\n"
        "+:------:+:---------:+-------:+\n"
        "| Google | SumoLogic | Intapp |\n"
        "+--------+-----------+--------+\n"
    )
    assert "<thead>" not in html and "+--" not in html
    assert '<td style="text-align:center">Google</td>' in html
    assert '<td style="text-align:right">Intapp</td>' in html


def test_a_listing_may_leave_out_a_yaml_file(tmp_path: Path) -> None:
    """1jamesthompson1's home lists `shorts/*.qmd` and leaves out `!shorts/_metadata.yml`:
    an entry starting with `!` is a pattern left out, not a data file of items to read, so
    it was warned of as "no such file" while the listing was right."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": (
                "---\ntitle: Home\nlisting:\n  - id: recent-shorts\n    contents:\n"
                '      - "shorts/*.qmd"\n      - "!shorts/_metadata.yml"\n    type: table\n---\n\n'
                "::: {#recent-shorts}\n:::\n"
            ),
            "shorts/_metadata.yml": "categories: [short]\n",
            "shorts/first.qmd": "---\ntitle: A first short\ndate: 2026-02-03\n---\n\nShort.\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "listing" in w.message], result.warnings
    assert "A first short" in (out / "index.html").read_text()


def test_rgba_of_three_numbers_compiles_as_with_dart_sass(tmp_path: Path) -> None:
    """agabriosite2's theme sets `$navbar-color-light: rgba(34, 44, 117);`: Dart Sass,
    Quarto's, reads `rgba()` of three numbers as `rgb()` (and `rgb()` of four as `rgba()`);
    libsass refused it and every rule of the theme was left out with a warning."""
    theme = (
        "/*-- scss:defaults --*/\n$body-color: black !default;\n"
        "$navbar-color-light: rgba(34, 44, 117);\n/*-- scss:rules --*/\n"
        ".callout .callout-body { background-color: rgb(229, 237, 250, 0.5); }\n"
        ".note { color: rgba($navbar-color-light, 0.8); }\n"
    )
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML + "format:\n  html:\n    theme: [cosmo, custom.scss]\n",
            "custom.scss": theme,
            "index.qmd": HOME,
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "compile" in w.message], result.warnings
    css = "".join(p.read_text() for p in (out / "assets").rglob("*.css"))
    assert ".callout .callout-body" in css and "rgba(229, 237, 250, 0.5)" in css
    assert "rgba(34, 44, 117, 0.8)" in css


def test_an_equals_line_inside_a_tex_environment_is_part_of_the_formula() -> None:
    """adamdadeh's state-space post writes a tridiagonal system as `\\begin{equation}` … with
    `=` on a line of its own: Pandoc reads the environment whole (display math in Quarto's
    HTML); the `=` line underlined the lines above as a heading, and the environment's ends
    were left out as raw TeX with a warning."""
    html = render(
        "Where we have defined\n\n"
        "\\begin{equation}\n  \\begin{bmatrix}\n    1 & 0 \\\\\n  \\end{bmatrix}\n"
        "  \\cdot\n  x\n  =\n  y\n\\end{equation}\n\nThere is a simple algorithm.\n"
    )
    assert "<h1" not in html and "left out" not in html, html
    assert html.count('display="block"') == 1
    assert "<mi>x</mi><mo>&#x0003D;</mo><mi>y</mi>" in html


def test_project_resources_may_start_with_dot_slash(tmp_path: Path) -> None:
    """C-Monaghan's `_quarto.yml` names `resources: ["./files/**"]` and links the navbar to
    `./files/CV.pdf`: Quarto publishes every file under `files/` (the talks' slides linked
    from nowhere too); the `./` kept the pattern from matching anything, and the CV link led
    nowhere."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": (
                'project:\n  type: website\n  resources:\n    - "./files/**"\n'
                "website:\n  title: Notes\n  navbar:\n    right:\n      - text: CV\n"
                "        href: ./files/CV.pdf\n"
            ),
            "index.qmd": HOME,
            "files/CV.pdf": "%PDF cv",
            "files/ALZ_2025.pdf": "%PDF slides",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    assert (out / "files" / "CV.pdf").read_text() == "%PDF cv"
    assert (out / "files" / "ALZ_2025.pdf").read_text() == "%PDF slides"


def test_files_the_menus_and_footer_link_are_published(tmp_path: Path) -> None:
    """Quarto's resource discovery reads a whole page, its navbar and footer too: a navbar item
    `href: ./files/CV.pdf` and a footer link to `files/talk.pdf` publish those files, which
    quizsite left behind (only the footer's images were published)."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": (
                "project:\n  type: website\nwebsite:\n  title: Notes\n  navbar:\n    right:\n"
                "      - text: CV\n        href: ./files/CV.pdf\n"
                '  page-footer:\n    left: "[Slides](files/talk.pdf)"\n'
            ),
            "index.qmd": HOME,
            "files/CV.pdf": "%PDF cv",
            "files/talk.pdf": "%PDF talk",
            "files/unlinked.pdf": "%PDF",
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    assert (out / "files" / "CV.pdf").read_text() == "%PDF cv"
    assert (out / "files" / "talk.pdf").read_text() == "%PDF talk"
    assert not (out / "files" / "unlinked.pdf").exists()


def test_a_documents_stylesheets_add_to_the_projects_each_from_its_own_folder(
    tmp_path: Path,
) -> None:
    """ala-labs' `_quarto.yml` names `css: [theme.css, custom_theme.scss]` and its gallery page
    adds `css: [gallery.css, ../theme.css]`: the merged list held the project's names too,
    and they were read again from the gallery's folder, warned of as missing there."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML + "format:\n  html:\n    css: [theme.css, site.css]\n",
            "theme.css": ".a { color: red; }\n",
            "site.css": ".b { color: blue; }\n",
            "index.qmd": HOME,
            "gallery/index.qmd": (
                "---\ntitle: Gallery\nformat:\n  html:\n    css: [gallery.css, ../theme.css]\n"
                "---\n\nPictures.\n"
            ),
            "gallery/gallery.css": ".g { color: green; }\n",
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "stylesheet" in w.message], result.warnings
    page = (out / "gallery" / "index.html").read_text()
    sheets = ("look/theme.css", "look/site.css", "look/gallery/gallery.css")
    assert all(s in page for s in sheets), page
    assert page.index("look/site.css") < page.index("look/gallery/gallery.css")


def test_the_brand_theme_of_quartos_website_template_is_no_unknown_theme(
    tmp_path: Path,
) -> None:
    """ds334_blog keeps the theme Quarto's website template writes, `theme: [cosmo, brand]`:
    `brand` is the project's `_brand.yml`, which it does not have, so Quarto shows cosmo
    alone; quizsite warned that `brand` was a theme it did not know. With a `_brand.yml`,
    that it is not applied is said once."""
    files = {
        "_quarto.yml": SITE_YML + "format:\n  html:\n    theme:\n      - cosmo\n      - brand\n",
        "index.qmd": HOME,
        "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n",
    }
    root = write_tree(tmp_path / "blog", files)
    result = build(root, tmp_path / "out")
    assert not [w for w in result.warnings if "brand" in w.message], result.warnings
    css = "".join(p.read_text() for p in (tmp_path / "out" / "assets").rglob("*.css"))
    assert "#2780e3" in css.lower()  # cosmo's primary blue still applies

    root = write_tree(tmp_path / "branded", {**files, "_brand.yml": "color:\n  primary: red\n"})
    result = build(root, tmp_path / "out2")
    [brand] = [w for w in result.warnings if "brand" in w.message]
    assert brand.location.path == "_quarto.yml"


def test_a_navbar_with_items_only_on_the_right_shows_no_posts_link_on_the_left(
    tmp_path: Path,
) -> None:
    """ala-labs' navbar has `right:` items only (a home icon, About, Posts, ...): Quarto shows
    nothing on the left; quizsite added its own "Posts" link there, so the navbar read
    "Posts" twice."""
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": (
                "project:\n  type: website\nwebsite:\n  title: Labs\n  navbar:\n    right:\n"
                "      - href: index.qmd\n        icon: house-door-fill\n"
                "      - href: posts/index.qmd\n        text: Posts\n"
            ),
            "index.qmd": "---\ntitle: Home\n---\n\nWelcome.\n",
            "posts/index.qmd": HOME.replace("contents: posts", "contents: '*/index.qmd'"),
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n",
        },
    )
    out = tmp_path / "out"
    build(root, out)
    html = (out / "index.html").read_text()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert nav.count(">Posts</a>") == 1, nav


def test_a_subtitle_shows_its_markdown_and_html_as_quarto_renders_them(tmp_path: Path) -> None:
    """dosull.github.io's post has `subtitle: "This one was an absolute <span
    style='text-decoration:line-through;'>bas....</span> doozy"`: Quarto renders a subtitle's
    Markdown and its HTML, on the page and in a listing; quizsite showed the tags as text."""
    subtitle = "An *absolute* <span style='text-decoration:line-through;'>bas....</span> doozy"
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": HOME + "\n",
            "posts/a/index.qmd": (
                f'---\ntitle: Maps\nsubtitle: "{subtitle}"\ndate: 2026-03-18\n---\n\nText.\n'
            ),
            "about.qmd": f'---\ntitle: About\nsubtitle: "{subtitle}"\n---\n\nMe.\n',
        },
    )
    out = tmp_path / "out"
    build(root, out)
    shown = "An <em>absolute</em> <span style='text-decoration:line-through;'>bas….</span> doozy"
    assert shown in (out / "posts" / "a" / "index.html").read_text()
    assert shown in (out / "about.html").read_text()
    assert shown in (out / "index.html").read_text()
    assert "&lt;span" not in (out / "index.html").read_text()


def test_a_tag_line_indented_inside_an_html_element_is_no_code_block() -> None:
    """chandan1002's teaching page nests `<details>` cards in a `<div>`, indented, with a
    blank line inside a card: Pandoc reads an element's content under its own indentation,
    so the `</summary>` and `<div class="course-body">` lines after the blank stay tags;
    CommonMark read them as an indented code block and the page showed the tags as code."""
    html = render(
        '<div class="courses-container">\n\n'
        '  <details class="course-card">\n'
        '    <summary class="course-header">\n'
        "      AI 2010 – Introduction to Applied AI\n"
        "     \n"
        "    </summary>\n"
        '    <div class="course-body">\n'
        "      Broad introduction to AI.\n"
        "    </div>\n"
        "  </details>\n\n"
        "</div>\n\n"
        "An example of the markup:\n\n"
        "    <div>kept as code</div>\n"
    )
    assert "&lt;/summary&gt;" not in html and "&lt;div class" not in html, html
    assert '<div class="course-body">' in html
    assert html.count("<pre") == 1 and "&lt;div&gt;kept as code" in html


def test_meta_reads_an_included_files_front_matter(tmp_path: Path) -> None:
    """adafede.github.io's articles page includes `articles/profiles.qmd`, whose front matter
    sets `qid:` and `orcid:` that its links read with `{{< meta qid >}}`: Pandoc merges a
    YAML block anywhere in a document into its metadata, so Quarto fills them in; quizsite
    warned that the keys were not in the front matter and linked to `https://orcid.org/`."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": SITE_YML,
            "index.qmd": "---\ntitle: Home\n---\n\nHello.\n",
            "articles.qmd": (
                "---\ntitle: Articles\nqid: Q1\n---\n\n## Profiles\n\n"
                "{{< include articles/profiles.qmd >}}\n"
            ),
            "articles/profiles.qmd": (
                "---\ntitle: Publication profiles\nqid: Q97455964\norcid: 0000-0003-0443-9902\n"
                "---\n\n- **ORCID**: [https://orcid.org/{{< meta orcid >}}]"
                "(https://orcid.org/{{< meta orcid >}})\n- Scholia: {{< meta qid >}}\n"
            ),
        },
    )
    out = tmp_path / "out"
    result = build(root, out)
    assert not [w for w in result.warnings if "meta key" in w.message], result.warnings
    page = (out / "articles.html").read_text()
    assert '<a href="https://orcid.org/0000-0003-0443-9902">' in page
    assert "Scholia: Q1" in page  # the document's own key wins
