"""A Quarto blog (`_quarto.yml` beside `posts/`) builds as it is, its settings read from Quarto's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TESTS, CliResult, quiz_text, write_tree

from quizsite.build import build
from quizsite.config import load_config
from quizsite.errors import BuildFailed

REFERENCE_SHAPED = TESTS / "fixtures" / "posts" / "warm-restarts.qmd"
# The smallest valid GIF, standing in for a post's thumbnail.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

QUARTO_YML = """\
project:
  type: website

website:
  title: "Morning quizzes"
  description: "Machine learning, one question at a time"
  site-url: https://ada.github.io/morning-quizzes
  navbar:
    right:
      - about.qmd
      - icon: github
        href: https://github.com/ada

format:
  html:
    theme: cosmo
    css: styles.css
"""

# What `quarto create project blog` writes, with a quiz in place of one sample post.
QUARTO_BLOG = {
    "_quarto.yml": QUARTO_YML,
    "index.qmd": """\
---
title: "Morning quizzes"
listing:
  contents: posts
  sort: "date desc"
  type: default
  categories: true
---
""",
    "about.qmd": """\
---
title: "About"
image: profile.jpg
about:
  template: jolla
---

About this blog.
""",
    "styles.css": "/* css styles */\n",
    "posts/_metadata.yml": "# options for every post in this folder\nfreeze: true\n"
    "title-block-banner: true\n",
    "posts/welcome/index.qmd": """\
---
title: "Welcome To My Blog"
author: "Ada Lovelace"
date: "2024-05-01"
categories: [news]
image: "thumbnail.gif"
---

This is the first post in a Quarto blog. Welcome!

![](thumbnail.gif)

```{r}
1 + 1
```
""",
    "posts/welcome/thumbnail.gif": PIXEL,
    "posts/scaling-quiz/index.qmd": quiz_text(
        title="Scaling before splitting", date="2024-05-08", tags="preprocessing"
    ),
    "posts/scaling-quiz/chart.gif": PIXEL,
}


def quarto_blog(root: Path) -> Path:
    """A small Quarto blog as `quarto create project blog` lays it out."""
    return write_tree(root, QUARTO_BLOG)


def test_settings_come_from_quarto_yml(tmp_path: Path) -> None:
    config = load_config(quarto_blog(tmp_path))
    assert config.title == "Morning quizzes"
    assert config.description == "Machine learning, one question at a time"
    assert config.base_url == "https://ada.github.io/morning-quizzes/"
    assert config.base_path == "/morning-quizzes/"
    assert config.content_dir == tmp_path / "posts"


def test_quarto_blog_builds_as_it_is(tmp_path: Path) -> None:
    result = build(quarto_blog(tmp_path))
    site = result.output
    assert site == tmp_path / "site"
    home = (site / "index.html").read_text()
    assert "<title>Morning quizzes</title>" in home
    assert "Machine learning, one question at a time" in home
    assert 'href="/morning-quizzes/posts/welcome/"' in home
    assert 'href="/morning-quizzes/posts/scaling-quiz/"' in home
    quiz = (site / "posts/scaling-quiz/index.html").read_text()
    assert 'class="quiz-options"' in quiz
    # Folder posts keep their images beside the page.
    assert (site / "posts/welcome/thumbnail.gif").read_bytes() == PIXEL
    assert (site / "posts/scaling-quiz/chart.gif").is_file()
    assert 'src="thumbnail.gif"' in (site / "posts/welcome/index.html").read_text()
    feed = (site / "feed.xml").read_text()
    assert "https://ada.github.io/morning-quizzes/posts/welcome/" in feed


def test_listing_and_about_pages_are_not_posts(tmp_path: Path) -> None:
    site = build(quarto_blog(tmp_path)).output
    posts = sorted(p.name for p in (site / "posts").iterdir())
    assert posts == ["scaling-quiz", "welcome"]
    assert not (site / "posts" / "about").exists()
    assert not (site / "posts" / "index").exists()
    assert "About this blog" not in (site / "index.html").read_text()
    assert "freeze" not in (site / "index.html").read_text()


def test_quizsite_toml_wins(tmp_path: Path) -> None:
    quarto_blog(tmp_path)
    (tmp_path / "quizsite.toml").write_text('title = "Own title"\nbase_url = "/"\n')
    config = load_config(tmp_path)
    assert config.title == "Own title"
    assert config.base_path == "/"
    # Keys quizsite.toml leaves out still come from _quarto.yml, and posts from posts/.
    assert config.description == "Machine learning, one question at a time"
    assert config.content_dir == tmp_path / "posts"
    home = (build(tmp_path).output / "index.html").read_text()
    assert "<title>Own title</title>" in home
    assert 'href="/posts/welcome/"' in home


def test_content_dir_in_quizsite_toml(tmp_path: Path) -> None:
    quarto_blog(tmp_path)
    write_tree(tmp_path, {"articles/only.qmd": quiz_text(title="Only one")})
    (tmp_path / "quizsite.toml").write_text('content_dir = "articles"\n')
    site = build(tmp_path).output
    assert sorted(p.name for p in (site / "posts").iterdir()) == ["only"]


def test_command_line_base_url_wins_over_site_url(tmp_path: Path) -> None:
    config = load_config(quarto_blog(tmp_path), base_url="http://127.0.0.1:8000/")
    assert config.base_path == "/"


def test_top_level_title_is_the_fallback(tmp_path: Path) -> None:
    write_tree(tmp_path, {"_quarto.yml": "title: Plain title\nlang: fr\n", "posts/x.qmd": ""})
    config = load_config(tmp_path)
    assert config.title == "Plain title"
    assert config.language == "fr"
    assert config.base_url == "/"


def test_quarto_tags_are_not_an_error(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "website:\n  title: Tagged\nexecute:\n  eval: !expr params$run\n",
            "posts/x.qmd": "",
        },
    )
    assert load_config(tmp_path).title == "Tagged"


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"_quarto.yml": 'website:\n  title: "Unclosed\n  description: x\n', "posts/x.qmd": ""},
    )
    with pytest.raises(BuildFailed) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.diagnostics
    assert problem.format().startswith("_quarto.yml:2: error: invalid YAML")


def test_bad_values_name_file_and_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "_quarto.yml": "website:\n  title: [a, b]\n  site-url: ftp://ada.github.io/blog\n",
            "posts/x.qmd": "",
        },
    )
    with pytest.raises(BuildFailed) as caught:
        load_config(tmp_path)
    assert [d.format().splitlines()[0] for d in caught.value.diagnostics] == [
        "_quarto.yml:2: error: 'website.title' must be text",
        "_quarto.yml:3: error: 'website.site-url' must be a full http(s) URL, not "
        "'ftp://ada.github.io/blog'",
    ]


def test_a_site_url_without_its_scheme_is_read_as_https_with_a_warning(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"_quarto.yml": "website:\n  title: Ada\n  site-url: ada.github.io/blog\n"}
    )
    config = load_config(tmp_path)
    assert config.base_url == "https://ada.github.io/blog/"
    assert [d.format().splitlines()[0] for d in config.warnings] == [
        "_quarto.yml:3: warning: 'website.site-url' has no scheme: read as "
        "https://ada.github.io/blog"
    ]


def test_bad_yaml_fails_the_build_cleanly(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    quarto_blog(tmp_path)
    (tmp_path / "_quarto.yml").write_text("website:\n  title: ok\n bad: indent\n")
    result = cli("build", tmp_path)
    assert result.code == 1
    assert result.err.startswith("_quarto.yml:3: error: invalid YAML")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("value", ["", ".", "..", "../elsewhere", "/abs/posts", "a/../.."])
def test_content_dir_must_be_inside_the_root(tmp_path: Path, value: str) -> None:
    (tmp_path / "quizsite.toml").write_text(f'title = "x"\ncontent_dir = "{value}"\n')
    with pytest.raises(BuildFailed) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.diagnostics
    assert str(problem.location) == "quizsite.toml:2"
    assert "'content_dir' must name a folder inside the site root" in problem.message


def test_content_dir_is_normalised(tmp_path: Path) -> None:
    (tmp_path / "quizsite.toml").write_text('content_dir = "./writing/posts/"\n')
    assert load_config(tmp_path).content_dir == tmp_path / "writing" / "posts"


def test_output_inside_the_posts_folder_is_refused(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    quarto_blog(tmp_path)
    result = cli("build", tmp_path, "-o", tmp_path / "posts" / "out")
    assert result.code == 2
    assert "refusing to write the site inside" in result.err


def test_without_posts_folder_the_default_stays(tmp_path: Path) -> None:
    # A _quarto.yml alone is a Quarto website without posts: its title, its documents pages.
    write_tree(tmp_path, {"_quarto.yml": "website:\n  title: Site\n"})
    config = load_config(tmp_path)
    assert config.title == "Site"
    assert config.quarto
    # quizsite's own layout beside a _quarto.yml stays quizsite's.
    write_tree(tmp_path, {"content/posts/a.qmd": "---\ntitle: A\n---\n"})
    assert load_config(tmp_path).content_dir == tmp_path / "content"


def test_reference_post_builds_in_a_quarto_blog(tmp_path: Path) -> None:
    quarto_blog(tmp_path)
    write_tree(tmp_path, {"posts/warm-restarts/index.qmd": REFERENCE_SHAPED.read_text()})
    site = build(tmp_path).output
    page = (site / "posts/warm-restarts/index.html").read_text()
    assert "What does restarting a cosine schedule" in page
    assert 'data-key="2"' in page
    reading = (site / "reading-list/index.html").read_text()
    assert "https://arxiv.org/abs/1608.03983" in reading


def test_check_works_on_a_quarto_blog(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    quarto_blog(tmp_path)
    result = cli("check", tmp_path)
    assert result.code == 0, result.err
    assert "Checked 2 posts" in result.out


# Checks on quizsite.toml added with content_dir (they share its validation code).


@pytest.mark.parametrize("value", ["0", "-3"])
def test_feed_size_must_be_positive(tmp_path: Path, value: str) -> None:
    # A negative size would slice posts off the end of the feed rather than limit it.
    (tmp_path / "quizsite.toml").write_text(f"feed_size = {value}\n")
    with pytest.raises(BuildFailed, match="'feed_size' must be at least 1"):
        load_config(tmp_path)


def test_boolean_hint_is_toml(tmp_path: Path) -> None:
    (tmp_path / "quizsite.toml").write_text('publish_answers = "yes"\n')
    with pytest.raises(BuildFailed) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.diagnostics
    assert problem.hint == "for example: publish_answers = false"
