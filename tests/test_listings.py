"""Quarto listing pages as Quarto writes them: tests/quarto-listings/ is a small Quarto site
whose four listing pages use every listing option quizsite reads (see docs/authoring.md)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import TESTS, write_tree

from quizsite.build import BuildResult, build
from quizsite.errors import BuildFailed
from quizsite.listing_views import truncate

SITE = TESTS / "quarto-listings"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The listings site, built once."""
    root = tmp_path_factory.mktemp("listings") / "site"
    shutil.copytree(SITE, root)
    return build(root)


def _main(built: BuildResult, page: str) -> str:
    """The main region of a built page."""
    html = (built.output / page).read_text()
    return html.split('id="main"')[1].split("</main>")[0]


def _items(main: str) -> list[str]:
    """The listed items' titles, in page order."""
    return re.findall(r'class="post-card-title listing-title"><a href="[^"]*">([^<]*)</a>', main)


def test_the_listings_build_without_warnings(built: BuildResult) -> None:
    assert [w.message for w in built.warnings] == []


def test_every_item_is_in_the_html_and_the_page_size_is_left_to_the_script(
    built: BuildResult,
) -> None:
    main = _main(built, "index.html")
    # page-size: 4, but all nine posts are on the page (listing.js shows four at a time).
    assert 'data-page-size="4"' in main
    assert len(_items(main)) == 9
    assert _items(main)[:2] == ["Adam, step by step", "Bayes&#39; rule in one picture"]
    # Quarto's page sizes by type when none is given: grid 18, table 30, default 25.
    assert 'data-page-size="18"' in _main(built, "grid.html")
    assert 'data-page-size="30"' in _main(built, "table.html")
    several = _main(built, "several.html")
    assert 'id="listing-listing-1"' in several and 'data-page-size="25"' in several


def test_reader_tools_are_hidden_until_the_script_shows_them(built: BuildResult) -> None:
    main = _main(built, "index.html")
    tools = main.split('<div class="listing-tools" hidden>')[1].split("</div>\n</div>")[0]
    # sort-ui: [title, date]: the default order, the title, and the date both ways.
    assert re.findall(r"<option [^>]*>([^<]*)</option>", tools) == [
        "Default",
        "Title",
        "Date - Oldest",
        "Date - Newest",
    ]
    assert '<label for="listing-listing-sort">Order by</label>' in tools
    assert '<label for="listing-listing-filter">Filter</label>' in tools
    assert '<input id="listing-listing-filter" type="search"' in tools
    # A table has both tools unless told otherwise; filter-ui: [title] searches titles only.
    table = _main(built, "table.html")
    assert 'data-filter-fields="title"' in table and "listing-tools" in table
    # sort-ui: false and filter-ui: false: no tools; a grid or a default listing has none
    # unless asked.
    assert "listing-tools" not in _main(built, "several.html")
    assert "listing-tools" not in _main(built, "grid.html")


def test_dates_in_the_listing_s_format_or_quarto_s_medium(built: BuildResult) -> None:
    assert '<time datetime="2024-03-09">Mar 9, 2024</time>' in _main(built, "index.html")
    grid = _main(built, "grid.html")  # date-format: "D MMMM YYYY"
    assert '<time datetime="2024-03-01">1 March 2024</time>' in grid
    several = _main(built, "several.html")  # date-format: iso
    assert '<time datetime="2024-01-15">2024-01-15</time>' in several


def test_grid_options(built: BuildResult) -> None:
    grid = _main(built, "grid.html")
    assert (
        '<ol class="post-list post-grid" style="--listing-columns: 2" data-align="center"'
        " data-borderless>" in grid
    )
    # image-height and image-lazy-loading: false on every image.
    image = re.search(r'<img class="post-card-image" [^>]*>', grid)
    assert image is not None
    assert 'style="height: 120px"' in image.group(0) and "loading=" not in image.group(0)
    # The items without an image keep its room, so the cards line up.
    assert '<div class="listing-image-placeholder" style="height: 120px"></div>' in grid
    # sort: date asc; exclude: {author: "Bob*"} leaves Bob's two posts out.
    assert _items(grid)[0] == "Importance sampling" and _items(grid)[-1] == "Adam, step by step"
    assert "Dropout" not in grid and "Gradient clipping" not in grid and len(_items(grid)) == 7
    # Grids cut descriptions at 175 characters, at a word, as Quarto does.
    assert "Why dropping units" not in grid
    assert "<p>Posts by everyone but Bob, oldest first.</p>" in grid


def test_default_listing_image_options_and_descriptions(built: BuildResult) -> None:
    main = _main(built, "index.html")
    assert 'data-image-align="left"' in main
    adam = main.split('data-index="0"')[1].split("</li>")[0]
    assert 'src="/posts/adam-optimizer/cover.svg" alt="A yellow disc on blue' in adam
    assert 'loading="lazy"' in adam
    # max-description-length: 60, cut at a word with an ellipsis.
    assert ">How Adam keeps a running mean and variance of the…</p>" in adam
    # image-placeholder for a post without an image, published beside the page.
    bayes = main.split('data-index="1"')[1].split("</li>")[0]
    assert 'src="/placeholder.svg"' in bayes
    assert (built.output / "placeholder.svg").is_file()
    # A post without a description shows its opening text, cut the same way.
    assert "The opening paragraph of Bayes’ rule in one picture, which…" in bayes
    # A post without `image` shows an image of its own, as Quarto picks it: a file named
    # thumbnail*, feature* or cover* before the first image.
    scaling = main.split('data-index="5"')[1].split("</li>")[0]
    assert '<img class="post-card-image" src="/posts/feature-scaling/thumbnail.svg"' in scaling
    # A description is Markdown, as Quarto renders it.
    assert "Bits, nats and the <em>surprise</em> of an <code>" in main
    # subtitle, author and categories, each where the card shows it.
    assert '<p class="post-card-subtitle listing-subtitle">Keep the test set unseen</p>' in main
    assert '<span class="listing-author">Ada Lovelace</span>' in adam
    assert '<a class="tag listing-category" data-category="ml" href="/tags/ml/">ml</a>' in adam


def test_table_fields_names_types_links_and_styles(built: BuildResult) -> None:
    table = _main(built, "table.html")
    assert '<table class="listing-table table-striped table-hover">' in table
    headings = re.findall(r'<th scope="col" data-field="([^"]+)"[^>]*>([^<]*)</th>', table)
    assert headings == [
        ("date", "Date"),
        ("title", "Report"),
        ("author", "Author"),
        ("reading-time", "Minutes"),
        ("word-count", "Word Count"),
        ("order", "order"),
    ]
    # include: categories probability or optim*: four posts; sort: order (the one with an
    # order first, the rest after it in their order).
    rows = re.findall(r'<tr class="listing-item".*?</tr>', table)
    assert len(rows) == 4
    assert ">Importance sampling</a>" in rows[0] and "<td>3</td>" in rows[0]
    # field-links: title and author link to the post; minutes and words counted.
    assert '<td><a href="/posts/importance-sampling/">Ada Lovelace</a></td>' in rows[0]
    assert "<td>1 min</td>" in rows[0] and re.search(r"<td>\d+ words</td>", rows[0])
    # field-types: order is a number, so the script sorts it as one.
    assert 'data-sort-kind="number">order</th>' in table
    assert 'data-sort-order="3"' in rows[0]


def test_category_styles(built: BuildResult) -> None:
    home = _main(built, "index.html")  # categories: true is numbered, with All
    entries = re.findall(r'data-category="([^"]*)"[^>]*>([^<]*)<span class="tag-count">(\d+)', home)
    assert entries[0] == ("", "All ", "9")
    names = [name for name, _, _ in entries[1:]]
    assert names == sorted(names, key=str.casefold)  # alphabetical, as Quarto
    assert ("ml", "ml ", "5") in entries
    table = _main(built, "table.html")  # unnumbered: names only (the count for screen readers)
    assert "listing-categories-unnumbered" in table and "category-all" not in table
    assert '>ml<span class="visually-hidden"> (2 listed)</span></a>' in table
    grid = _main(built, "grid.html")  # cloud: sized by share of the items
    assert 'class="tag category-cloud-5" data-category="ml"' in grid  # 3 of 7: ceil(4.3)
    assert 'class="tag category-cloud-6" data-category="stats"' in grid


def test_several_listings_placed_by_id_with_data_items(built: BuildResult) -> None:
    several = _main(built, "several.html")
    # The talks listing sits where `::: {#talks}` is: after its heading, before the notes.
    assert (
        several.index('<h2 id="talks">Talks</h2>')
        < several.index('id="listing-talks"')
        < several.index("Notes I keep")
        < several.index('id="listing-listing-1"')
    )
    talks = several.split('id="listing-talks"')[1].split("</section>")[0]
    rows = re.findall(r"<tr class=\"listing-item\".*?</tr>", talks)
    # sort: date desc; the item naming a post takes its date and description.
    assert [re.search(r">([^<>]+)</a></td>", r).group(1) for r in rows] == [  # type: ignore[union-attr]
        "The Adam talk",
        "Optimisers compared",
        "Uncertainty for engineers",
    ]
    assert '<a href="/posts/adam-optimizer/">The Adam talk</a>' in rows[0]
    assert "How Adam keeps a running mean" in rows[0]
    # An external link, and a page path from the listing's folder.
    assert '<a href="https://example.org/talks/optimisers">Optimisers compared</a>' in rows[1]
    assert '<a href="/slides/uncertainty.html">Uncertainty for engineers</a>' in rows[2]
    # The data's text is Markdown; field-display-names names the custom column.
    assert '<td><a href="https://pydata.org/">PyData</a> Berlin</td>' in rows[1]
    assert "Adam, <em>SGD</em> and friends" in rows[1]
    assert '<th scope="col" data-field="venue">Where</th>' in talks
    # Globs and a data file in one listing, sorted by title.
    notes = several.split('id="listing-listing-1"')[1]
    assert _items(notes) == ["A page elsewhere", "Attention, briefly", "Kernel tricks"]


def test_the_listing_feed(built: BuildResult) -> None:
    feed = (built.output / "index.xml").read_text()
    assert "<title>Adam, step by step</title>" in feed


def test_quarto_s_cut_of_descriptions() -> None:
    assert truncate("short", 60) == "short"
    assert truncate("one two three four", 12) == "one two…"
    assert truncate("alpha, beta", 8) == "alpha…"  # a dangling comma goes


LISTING = """---
title: "Posts"
listing:
  contents: posts
  type: grid
  field-required: [image]
  nonsense-option: 3
  page-size: lots
  template: fancy.ejs
  feed:
    xml-stylesheet: feed.xsl
---
"""


def test_problems_are_reported_at_their_lines(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "index.qmd": LISTING,
            "posts/a/index.qmd": '---\ntitle: "A"\ndate: 2024-01-01\nimage: a.png\n---\nA.\n',
            "posts/a/a.png": b"",
            "posts/b/index.qmd": '---\ntitle: "B"\ndate: 2024-01-02\n---\nB.\n',
        },
    )
    with pytest.raises(BuildFailed) as failed:
        build(tmp_path)
    (problem,) = [d for d in failed.value.diagnostics if d.severity == "error"]
    # field-required: Quarto stops at the item without the field; so does quizsite.
    assert (problem.location.path, problem.location.line) == ("posts/b/index.qmd", 1)
    assert "no 'image', which the listing 'listing' in index.qmd requires" in problem.message
    found = {(d.location.line, d.message) for d in failed.value.diagnostics}
    assert (7, "the listing option 'nonsense-option' is not supported and is left out") in found
    assert (8, "cannot read the listing option page-size: 'lots'") in found
    assert (11, "the feed option 'xml-stylesheet' is not supported and is left out") in found
    assert (
        9,
        "custom listing templates cannot be run (template: fancy.ejs): listed as the 'grid' type",
    ) in found


def test_a_list_of_listings_and_quarto_s_default_order(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            # No sort: Quarto orders documents by `order`, then by title.
            "index.qmd": "---\ntitle: Home\nlisting:\n  - contents: a\n  - contents: b\n"
            "    sort: false\n  - grid\n---\n",
            "a/zeta.qmd": "---\ntitle: Zeta\nauthor: \"<a href='https://example.org/z'>Zed</a>\"\n"
            "---\nZ.\n",
            "a/alpha.qmd": "---\ntitle: Alpha\n---\nA.\n",
            "a/first.qmd": "---\ntitle: Omega\norder: 1\n---\nO.\n",
            "b/one.qmd": "---\ntitle: One\n---\n1.\n",
            "posts/p/index.qmd": "---\ntitle: A post\ndate: 2024-01-01\n---\nP.\n",
        },
    )
    result = build(tmp_path)
    main = (result.output / "index.html").read_text().split('id="main"')[1]
    first = main.split('id="listing-listing-1"')[1].split("</section>")[0]
    assert _items(first) == ["Omega", "Alpha", "Zeta"]
    # An author written as HTML is a link, as Quarto renders it.
    assert "<span class=\"listing-author\"><a href='https://example.org/z'>Zed</a></span>" in first
    assert 'id="listing-listing-2"' in main and "listing-listing-3" not in main
    # A type named in a list is no listing (Quarto leaves it out): a warning says so.
    assert [(w.location.line, w.message) for w in result.warnings] == [
        (3, "the listing 'grid' is left out: a listing is a mapping of options")
    ]


def test_listing_options_from_metadata_files_and_paths_from_the_root(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            # The look in a metadata file (as quarto-web keeps it), the contents in the page;
            # `/notes/...` is from the project's root, not from the page's folder.
            "sub/index.qmd": "---\ntitle: Sub\nmetadata-files: [_look.yml]\n"
            'listing:\n  contents: "/notes/*.qmd"\n---\n',
            "sub/_look.yml": "listing:\n  type: table\n  fields: [title]\n",
            "notes/one.qmd": "---\ntitle: One\n---\n1.\n",
            "sub/notes/two.qmd": "---\ntitle: Two\n---\n2.\n",
            "posts/p/index.qmd": "---\ntitle: A post\ndate: 2024-01-01\n---\nP.\n",
        },
    )
    result = build(tmp_path)
    main = (result.output / "sub/index.html").read_text().split('id="main"')[1]
    assert 'data-field="title" data-sort-kind="string">Title</th></tr>' in main
    assert '<td><a href="/notes/one.html">One</a></td>' in main and "Two" not in main
    assert result.warnings == ()
    # An edit to the metadata file reaches the page.
    (tmp_path / "sub/_look.yml").write_text("listing:\n  type: grid\n")
    again = build(tmp_path, previous=result.state)
    assert 'class="post-list post-grid"' in (again.output / "sub/index.html").read_text()


def test_feed_options(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "index.qmd": "---\ntitle: Home\nlisting:\n  contents: posts\n  sort: date desc\n"
            "  feed:\n    categories: [stats]\n---\n",
            "blog.qmd": "---\ntitle: Blog\nlisting:\n  contents: posts\n  sort: date desc\n"
            "  feed:\n    items: 2\n    title: Ada's notes\n---\n",
            **{
                f"posts/p{n}/index.qmd": f"---\ntitle: Post {n}\ndate: 2024-01-0{n}\n"
                f"categories: [{'stats' if n % 2 else 'ml'}]\n---\nText {n}.\n"
                for n in range(1, 6)
            },
        },
    )
    out = build(tmp_path).output
    # A feed for each category asked for, beside the page's (`index-stats.xml`, as Quarto).
    stats = (out / "index-stats.xml").read_text()
    assert re.findall(r"<title>(Post \d)</title>", stats) == ["Post 5", "Post 3", "Post 1"]
    # `items` and `title`.
    blog = (out / "blog.xml").read_text()
    assert re.findall(r"<title>(Post \d)</title>", blog) == ["Post 5", "Post 4"]
    assert "<title>Ada&#39;s notes</title>" in blog or "<title>Ada's notes</title>" in blog


def test_fields_named_with_spaces_are_shown_but_not_scripted(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "index.qmd": "---\ntitle: Projects\nlisting:\n  contents: projects.yml\n"
            "  type: table\n---\n",
            "projects.yml": "- project: fastcore\n  Other References: '[docs](https://x.org)'\n",
            "posts/p/index.qmd": "---\ntitle: A post\ndate: 2024-01-01\n---\nP.\n",
        },
    )
    main = (build(tmp_path).output / "index.html").read_text().split('id="main"')[1]
    # Every field of the data is a column (Quarto's choice for items of data alone).
    assert '<th scope="col" data-field="Other References">Other References</th>' in main
    assert '<td><a href="https://x.org">docs</a></td>' in main
    # The script sorts and filters by names it can find: not one with a space.
    assert 'data-filter-fields="project"' in main and "data-sort-Other" not in main
    assert '<option value="project"' in main and 'value="Other References"' not in main


TABSET_HOME = """---
title: Welcome
listing:
  - id: recent
    contents: [post, "!post/*.qmd", "!*.ipynb"]
    sort: date desc
    fields: [image, title]
  - id: favourites
    contents: "post/b/index.qmd"
---

## Posts

::: {.panel-tabset}
### Recent

::: {#recent}
:::

### Favourites

::: {#favourites}
:::
:::

[All posts](post/index.qmd)
"""


def test_listings_placed_in_a_tabset_with_contents_left_out(tmp_path: Path) -> None:
    from html.parser import HTMLParser

    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "index.qmd": TABSET_HOME,
            # Pages under post/ (not posts/), each with its image beside it.
            "post/index.qmd": "---\ntitle: All posts\n---\nEverything.\n",
            "post/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\nimage: a.png\n---\nA.\n",
            "post/a/a.png": b"\x89PNG",
            "post/b/index.qmd": "---\ntitle: B\ndate: 2024-01-02\n---\nB.\n",
            "post/b/notes.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, '
            '"nbformat_minor": 5}',
            "posts/p/index.qmd": "---\ntitle: A post\ndate: 2024-01-01\n---\nP.\n",
        },
    )
    result = build(tmp_path)
    html = (result.output / "index.html").read_text()
    recent = html.split('id="listing-recent"')[1].split("</section>")[0]
    # `!post/*.qmd` leaves out post/index.qmd, `!*.ipynb` every notebook, at any depth.
    assert _items(recent) == ["B", "A"]
    assert '<img class="post-card-image" src="/post/a/a.png"' in recent
    # Each listing is inside its tab's panel, and the page's elements still nest.
    tabset = html.split('class="panel-tabset"')[1]
    assert tabset.index("Recent") < tabset.index('id="listing-recent"')
    assert tabset.index("Favourites") < tabset.index('id="listing-favourites"')
    assert tabset.index('id="listing-favourites"') < tabset.index("All posts")

    class Nesting(HTMLParser):
        """Every closing tag closes the element open last."""

        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []
            self.wrong: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in ("img", "meta", "link", "input", "br", "hr", "source"):
                self.open.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if self.open and self.open[-1] == tag:
                self.open.pop()
            else:
                self.wrong.append(tag)

    nesting = Nesting()
    nesting.feed(html)
    assert nesting.wrong == [] and nesting.open == []
    assert not any("names no document" in w.message for w in result.warnings)


def test_the_first_listing_that_says_decides_the_categories(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "project:\n  type: website\n",
            "index.qmd": "---\ntitle: Home\nlisting:\n  - contents: posts\n    categories: false\n"
            "  - contents: posts\n    categories: cloud\n---\n",
            "posts/p/index.qmd": "---\ntitle: P\ndate: 2024-01-01\ncategories: [ml]\n---\nP.\n",
        },
    )
    html = (build(tmp_path).output / "index.html").read_text()
    assert "listing-categories-title" not in html  # the first says false, as Quarto reads it
