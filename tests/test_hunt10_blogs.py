"""What building more real Quarto blogs showed (sangyu/portfolio, fredguth/ffc and the blogs
tried beside them, many written in Jupyter notebooks): each site is written here, in its own
words, reproducing one thing such a blog does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import QUARTO_HOME, CliResult, write_tree


def test_a_sidebar_turned_off_is_no_sidebar_and_no_warning(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """sangyu/portfolio (an nbdev site) sets `website: sidebar: false`, which Quarto's schema
    takes: no sidebar. The build warned that a sidebar must be a set of options."""
    site = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: Lab\n  sidebar: false\n",
            "index.qmd": QUARTO_HOME,
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-05-01\n---\n\nOne.\n",
        },
    )
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert "warning" not in result.out + result.err
    assert "One." in (tmp_path / "out/posts/a/index.html").read_text(encoding="utf-8")
