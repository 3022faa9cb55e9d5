"""What building real machine-learning Quarto blogs showed, each as a small blog of its own:
valid Quarto that must build, keep its URLs and show its content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, write_tree
from fixture_file import Case, fixture_params, render

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
    """`draft: 'true'` (a quoted value, as some fastpages converters write it) is a draft;
    `draft: "false"` is not. Quarto does not refuse either."""
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
    assert not (out / "posts/hidden/index.html").exists()


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


def test_alias_to_the_documents_own_address_is_left_out_with_a_warning(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """A post migrated from fastpages may name its own Quarto address among its aliases;
    Quarto skips that alias with a warning, and so does quizsite (the page itself stays)."""
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
    assert (
        "posts/2023-01-01-literacy.md:4: warning: alias '/posts/2023-01-01-literacy.html' is "
        "this page's own address: left out"
    ) in result.out + result.err
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
