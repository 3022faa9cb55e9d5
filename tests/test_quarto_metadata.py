"""Front matter and metadata as Quarto reads it: blank lines, TOML, authors, dates, toc,
`_metadata.yml` merging, and the files Quarto does not take as documents."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import quiz_text, write_tree

from quizsite.build import build
from quizsite.metadata import (
    Author,
    merge,
    numeric_date,
    read_authors,
    strftime_pattern,
)
from quizsite.model import Post
from quizsite.parse import parse_post
from quizsite.sources import FrontMatter, PostPath, SourceFile, read_source, split_front_matter
from quizsite.urls import format_date


def source(text: str, metadata: tuple[tuple[str, str], ...] = ()) -> SourceFile:
    return SourceFile(Path("/s/content/p.qmd"), "content/p.qmd", text, False, (), metadata)


def parsed(text: str, metadata: tuple[tuple[str, str], ...] = ()) -> tuple[Post | None, list[str]]:
    post, problems = parse_post(source(text, metadata))
    return post, [p.format().splitlines()[0] for p in problems]


def post_of(text: str, metadata: tuple[tuple[str, str], ...] = ()) -> Post:
    post, problems = parsed(text, metadata)
    assert post is not None, problems
    return post


# -- front matter ---------------------------------------------------------------------------


def test_blank_lines_before_front_matter_are_skipped_and_lines_kept() -> None:
    front = split_front_matter(source('\n\n---\ntitle: "T"\n---\nBody\n'))
    assert isinstance(front, FrontMatter)
    assert front.data == {"title": "T"}
    assert front.body_line == 6
    _, problems = parsed("\n\n---\ntitle: [unclosed\n---\nBody\n")
    assert problems[0].startswith("content/p.qmd:4: error: invalid YAML")


def test_toml_front_matter() -> None:
    post = post_of('+++\ntitle = "From Hugo"\ndate = 2024-02-03\ntags = ["a", "b"]\n+++\nBody\n')
    assert (post.title, post.date, post.tags) == ("From Hugo", datetime(2024, 2, 3), ("a", "b"))
    _, problems = parsed('+++\ntitle = "T"\ndate = nope\n+++\nBody\n')
    assert problems[0].startswith("content/p.qmd:3: error: invalid TOML in front matter")


# -- authors ----------------------------------------------------------------------------------


def test_author_forms() -> None:
    assert read_authors("Ada") == (Author("Ada"),)
    assert read_authors(["Ada", "Alan"]) == (Author("Ada"), Author("Alan"))
    objects = [
        {"name": "Ada Lovelace", "url": "https://ada.example/", "orcid": "0000", "email": "a@b"},
        {"name": {"given": "Alan", "family": "Turing"}, "affiliations": [{"name": "NPL"}]},
    ]
    assert read_authors(objects) == (
        Author("Ada Lovelace", "https://ada.example/"),
        Author("Alan Turing"),
    )
    assert read_authors({"name": "Solo"}) == (Author("Solo"),)
    assert read_authors({"url": "https://x.example/"}) is None


def test_author_name_parts_directly_under_the_entry() -> None:
    # Quarto gathers `given`/`family` written beside `url` (not under `name`) into the name.
    entry = {"family": "Abraham", "given": "Tanishq Mathew", "url": "https://t.example/"}
    assert read_authors(entry) == (Author("Tanishq Mathew Abraham", "https://t.example/"),)
    assert read_authors([{"family": "Turing"}]) == (Author("Turing"),)
    assert read_authors([{"given": "  "}]) is None


def test_byline_links_authors_with_a_url(tmp_path: Path) -> None:
    text = quiz_text().replace(
        "\n---\n",
        "\nauthor:\n  - name: Ada Lovelace\n    url: https://ada.example/\n"
        "    orcid: 0000-0001\n  - name: {given: Alan, family: Turing}\n---\n",
        1,
    )
    write_tree(tmp_path, {"content/posts/q.qmd": text})
    page = (build(tmp_path).output / "posts/q/index.html").read_text()
    assert 'By <a href="https://ada.example/">Ada Lovelace</a>, Alan Turing</p>' in page


# -- dates ------------------------------------------------------------------------------------


def test_undated_posts_build_and_list_after_dated_ones(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/old.qmd": '---\ntitle: "Old"\ndate: 2020-01-01\n---\nText.\n',
            "content/posts/undated.qmd": '---\ntitle: "Undated"\n---\nText.\n',
        },
    )
    out = build(tmp_path).output
    home = (out / "index.html").read_text()
    assert home.index("Old") < home.index("Undated")
    page = (out / "posts/undated/index.html").read_text()
    assert "<time" not in page.split('class="post-meta"')[1].split("</p>")[0]
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>/posts/undated/</loc></url>" in sitemap  # no lastmod for it
    assert "<published>1970-01-01T00:00:00Z</published>" in (out / "feed.xml").read_text()


def test_special_dates(tmp_path: Path) -> None:
    assert post_of('---\ntitle: "T"\ndate: today\n---\nx\n').date.date() == date.today()
    post = post_of('---\ntitle: "T"\ndate: now\n---\nx\n')
    assert post.has_time and abs((datetime.now() - post.date).total_seconds()) < 60
    file = tmp_path / "p.qmd"
    file.write_text('---\ntitle: "T"\ndate: last-modified\n---\nx\n')
    os.utime(file, (1_600_000_000, 1_600_000_000))
    found = read_source(PostPath(file, (), False), tmp_path)
    assert isinstance(found, SourceFile)
    post, _ = parse_post(found)
    assert post is not None and post.date == datetime.fromtimestamp(1_600_000_000)


def test_ambiguous_numeric_date_is_month_first_with_a_warning() -> None:
    post, problems = parsed('---\ntitle: "T"\ndate: 03/04/2022\n---\nx\n')
    assert post is not None and post.date == datetime(2022, 3, 4)
    assert problems == [
        "content/p.qmd:3: warning: ambiguous date '03/04/2022' read as March 4, 2022 "
        "(month first, as Quarto reads it)"
    ]
    reading = numeric_date("25/12/2022")  # only one reading: no warning
    assert reading is not None and (reading.value, reading.ambiguous) == (
        datetime(2022, 12, 25),
        "",
    )
    reading = numeric_date("04/04/2022")
    assert reading is not None and reading.ambiguous == ""
    assert numeric_date("13/13/2022") is None


@pytest.mark.parametrize(
    ("pattern", "shown"),
    [
        ("long", "March 4, 2022"),
        ("medium", "Mar 4, 2022"),
        ("full", "Friday, March 4, 2022"),
        ("short", "3/4/22"),
        ("iso", "2022-03-04"),
        ("MMMM D, YYYY", "March 4, 2022"),
        ("DD MMM YYYY", "04 Mar 2022"),
        ("[Posted] YYYY/MM/DD", "Posted 2022/03/04"),
    ],
)
def test_date_format(pattern: str, shown: str) -> None:
    fmt = strftime_pattern(pattern)
    assert fmt is not None and format_date(datetime(2022, 3, 4), fmt) == shown


def test_date_format_is_used_on_the_page(tmp_path: Path) -> None:
    text = quiz_text().replace("\n---\n", "\ndate-format: DD MMM YYYY\n---\n", 1)
    write_tree(tmp_path, {"content/posts/q.qmd": text})
    page = (build(tmp_path).output / "posts/q/index.html").read_text()
    assert ">01 Jan 2024</time>" in page


# -- toc, lang, subtitle -------------------------------------------------------------------------


def test_toc_lists_headings_to_the_depth_asked() -> None:
    body = "## First part\n\nx\n\n### Inner {#own}\n\ny\n\n#### Too deep\n\n## First part\n"
    post = post_of(f'---\ntitle: "T"\ntoc: true\ntoc-depth: 3\n---\n{body}')
    toc = post.toc_html.utf8.decode()
    assert '<a href="#first-part">First part</a>' in toc
    assert '<a href="#first-part-1">First part</a>' in toc
    assert "Too deep" not in toc
    assert 'id="first-part"' in post.prose_html.utf8.decode()
    assert post_of(f'---\ntitle: "T"\n---\n{body}').toc_html.utf8 == b""
    _, problems = parsed('---\ntitle: "T"\ntoc-depth: 9\n---\nx\n')
    assert problems[0].startswith("content/p.qmd:3: error: 'toc-depth' must be")


def test_toc_title_and_code_in_headings() -> None:
    body = "\n## The `{{< video >}}` shortcode\n\nText.\n\n## Plain *words*\n\nMore.\n"
    toc = post_of(f'---\ntitle: "T"\ntoc: true\ntoc-title: Contents\n---\n{body}').toc_html
    html = toc.utf8.decode()
    assert '<h2 id="toc-title" class="toc-title">Contents</h2>' in html
    assert "The <code>{{&lt; video &gt;}}</code> shortcode</a>" in html
    assert ">Plain words</a>" in html
    untitled = post_of(f'---\ntitle: "T"\ntoc: true\n---\n{body}').toc_html.utf8.decode()
    assert ">On this page</h2>" in untitled


def test_lang_and_subtitle_on_the_page(tmp_path: Path) -> None:
    text = quiz_text().replace("\n---\n", "\nlang: fr\nsubtitle: Une question\n---\n", 1)
    write_tree(tmp_path, {"content/posts/q.qmd": text})
    page = (build(tmp_path).output / "posts/q/index.html").read_text()
    assert 'lang="fr"' in page
    assert '<p class="post-subtitle">Une question</p>' in page


# -- _metadata.yml ----------------------------------------------------------------------------


def test_merge_as_quarto_merges() -> None:
    assert merge({"a": 1, "m": {"x": 1, "y": 2}}, {"m": {"y": 3}}) == {
        "a": 1,
        "m": {"x": 1, "y": 3},
    }
    assert merge({"c": ["a", "b"]}, {"c": ["b", "c"]}) == {"c": ["a", "b", "c"]}
    assert merge({"c": "a"}, {"c": ["b"]}) == {"c": ["a", "b"]}
    assert merge({"t": "folder"}, {"t": "doc"}) == {"t": "doc"}
    assert merge({"t": "folder"}, {"t": None}) == {"t": "folder"}


def test_metadata_files_apply_below_their_folder(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/_metadata.yml": "author: Ada\ntoc: true\ncategories: [all]\n",
            "content/posts/deep/_metadata.yml": "categories: [deep]\nsubtitle: Deep\n",
            "content/posts/deep/q.qmd": quiz_text(tags="own"),
            "content/posts/top.qmd": quiz_text(title="Top").replace(
                "\n---\n", "\nauthor: Grace\n---\n", 1
            ),
        },
    )
    site = build(tmp_path).state.site
    by_title = {p.title: p for p in site.posts}
    deep = next(p for p in site.posts if p.title != "Top")
    assert deep.authors == ("Ada",)
    assert deep.tags == ("all", "deep", "own")
    assert deep.subtitle == "Deep"
    assert deep.toc_depth == 3
    assert by_title["Top"].authors == ("Grace",)  # the document wins


def test_invalid_metadata_file_is_an_error_at_its_line() -> None:
    _, problems = parsed(
        '---\ntitle: "T"\n---\nx\n', (("posts/_metadata.yml", "author: Ada\ntoc: [true\n"),)
    )
    assert problems[0].startswith("posts/_metadata.yml:2: error: invalid YAML")
    _, problems = parsed('---\ntitle: "T"\n---\nx\n', (("posts/_metadata.yml", "- a\n"),))
    assert problems[0].startswith("posts/_metadata.yml:1: error: _metadata.yml must be")
    _, problems = parsed('---\ntitle: "T"\n---\nx\n', (("posts/_metadata.yml", "draft: 3\n"),))
    assert problems == ["posts/_metadata.yml:1: error: 'draft' must be true or false"]


def test_editing_metadata_rebuilds_the_posts_below(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/_metadata.yml": "author: Ada\n",
            "content/posts/a.qmd": quiz_text(title="A"),
            "content/posts/b.qmd": quiz_text(title="B"),
        },
    )
    first = build(tmp_path)
    meta = tmp_path / "content/posts/_metadata.yml"
    meta.write_text("author: Grace Hopper\n")
    second = build(tmp_path, previous=first.state, changed={meta})
    for name in ("a", "b"):
        assert "Grace Hopper" in (second.output / f"posts/{name}/index.html").read_text()


def test_readme_and_underscored_files_are_not_posts(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/q.qmd": quiz_text(),
            "content/posts/README.md": "# About this folder\n",
            "content/posts/images/README.md": "no front matter\n",
            "content/posts/_notes.qmd": "draft notes\n",
        },
    )
    assert [p.title for p in build(tmp_path).state.site.posts] == ["A quiz"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("March 22nd, 2021", datetime(2021, 3, 22)),
        ("April 28 2024", datetime(2024, 4, 28)),
        ("1st May 2020", datetime(2020, 5, 1)),
        ("Sep 3, 2023", datetime(2023, 9, 3)),
        # Without the day, or the month: the first of the month, or of the year.
        ("1995-09", datetime(1995, 9, 1)),
        ("September 2021", datetime(2021, 9, 1)),
        ("Sep 2021", datetime(2021, 9, 1)),
        ("2019", datetime(2019, 1, 1)),
    ],
)
def test_dates_written_out_in_words_are_read(written: str, expected: datetime) -> None:
    post, problems = parsed(f'---\ntitle: "T"\ndate: "{written}"\n---\nx\n')
    assert post is not None and post.date == expected
    assert problems == []


def test_a_year_alone_unquoted_is_the_first_of_the_year() -> None:
    post, problems = parsed('---\ntitle: "T"\ndate: 2021\n---\nx\n')
    assert post is not None and post.date == datetime(2021, 1, 1) and problems == []
    _, problems = parsed('---\ntitle: "T"\ndate: 20210\n---\nx\n')
    assert any("cannot read the date 20210" in p.format() for p in problems)


def test_a_metadata_image_is_published_and_named_right_everywhere(tmp_path: Path) -> None:
    """`image:` in a `_metadata.yml` names a file beside it, for every post below: the file
    is published there, and every card, og:image and feed entry names its real URL."""
    from notebook_fixtures import PNG

    post = "---\ntitle: {t}\ndate: 2024-01-0{d}\n---\n\nBody.\n"
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: B\n"
            "  site-url: https://ex.org/blog/\n",
            "index.qmd": "---\ntitle: Home\nlisting:\n  contents: posts\n  type: grid\n---\n",
            "posts/_metadata.yml": "image: shared/banner.png\n",
            "posts/a/index.qmd": post.format(t="A", d=1),
            "posts/b/index.qmd": post.format(t="B", d=2),
            "posts/own/index.qmd": "---\ntitle: Own\ndate: 2024-01-03\nimage: me.png\n---\n\nB.\n",
            "posts/talks/_metadata.yml": "image: ../shared/talk.png\n",
            "posts/talks/t1.qmd": post.format(t="T", d=4),
        },
    )
    for name in ("posts/shared/banner.png", "posts/shared/talk.png", "posts/own/me.png"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(PNG)
    out = tmp_path / "out"
    build(root, out)
    assert (out / "posts/shared/banner.png").read_bytes() == PNG
    assert (out / "posts/shared/talk.png").read_bytes() == PNG
    assert (out / "posts/own/me.png").read_bytes() == PNG
    for page in ("posts/a/index.html", "posts/b/index.html"):
        html = (out / page).read_text()
        assert (
            '<meta property="og:image" content="https://ex.org/blog/posts/shared/banner.png"'
            in html
        )
    talk = (out / "posts/talks/t1.html").read_text()
    assert 'content="https://ex.org/blog/posts/shared/talk.png"' in talk
    home = (out / "index.html").read_text()
    cards = sorted(set(re.findall(r'class="post-card-image" src="([^"]+)"', home)))
    assert cards == [
        "/blog/posts/own/me.png",
        "/blog/posts/shared/banner.png",
        "/blog/posts/shared/talk.png",
    ]
    assert ".." not in "".join(cards)
