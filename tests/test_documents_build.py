"""A post using shortcodes and citations builds: its page, its warnings, and rebuilds when a
file it includes or cites changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import write_tree

from quizsite.build import build
from quizsite.errors import BuildFailed

REFERENCES = [
    {
        "id": "lecun1998",
        "type": "article-journal",
        "title": "Gradient-based learning applied to document recognition",
        "author": [{"family": "LeCun", "given": "Yann"}, {"family": "Bottou", "given": "Léon"}],
        "issued": {"date-parts": [[1998]]},
        "container-title": "Proceedings of the IEEE",
        "volume": 86,
        "page": "2278-2324",
    }
]

POST = """\
---
title: "Convolutions"
date: 2024-03-01
author: Ada
bibliography: refs.json
---

Convolutional networks [@lecun1998, p. 2280] read digits; press {{< kbd Ctrl-S >}}.

{{< include _shared.qmd >}}

{{< video https://youtu.be/wo9vZccmqwc title="LeNet in action" >}}

{{< ext-thing >}}
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/posts/convolutions/index.qmd": POST,
            "content/posts/convolutions/refs.json": json.dumps(REFERENCES),
            "content/posts/convolutions/_shared.qmd": "Shared text, version {{< var version >}}.\n",
            "_variables.yml": "version: 3\n",
        },
    )


def page(site: Path) -> str:
    return (site / "site" / "posts" / "convolutions" / "index.html").read_text()


def test_a_post_with_shortcodes_and_citations_builds(site: Path) -> None:
    result = build(site)
    html = page(site)
    assert '(<a href="#ref-lecun1998" role="doc-biblioref">LeCun and Bottou 1998, 2280</a>)' in html
    assert '<div id="ref-lecun1998" class="csl-entry" role="listitem">LeCun, Yann, and Léon' in html
    assert "<kbd>Ctrl-S</kbd>" in html
    assert "Shared text, version 3." in html
    assert '<iframe src="https://www.youtube.com/embed/wo9vZccmqwc" title="LeNet in action"' in html
    assert "{{" not in re.sub(r"<[^>]+>", "", html.split('<div class="post-body">')[1])
    assert [w.format().splitlines()[0] for w in result.warnings] == [
        "content/posts/convolutions/index.qmd:14: warning: unknown shortcode 'ext-thing' left out"
    ]


def test_a_summary_shows_a_citation_as_the_page_does(site: Path) -> None:
    """The listing card and the page's description read the opening words with the citation
    in them, as Quarto's listing shows it, not with a gap where it stood."""
    build(site)
    words = "Convolutional networks (LeCun and Bottou 1998, 2280) read digits"
    assert f'<meta name="description" content="{words}' in page(site)
    assert words in (site / "site/index.html").read_text()


def test_editing_a_bibliography_or_include_parses_the_post_again(site: Path) -> None:
    first = build(site)
    refs = site / "content/posts/convolutions/refs.json"
    refs.write_text(json.dumps([{**REFERENCES[0], "issued": {"date-parts": [[1999]]}}]))
    again = build(site, previous=first.state)
    assert "LeCun and Bottou 1999, 2280" in page(site)
    (site / "content/posts/convolutions/_shared.qmd").write_text("Edited include.\n")
    build(site, previous=again.state)
    assert "Edited include." in page(site)
    (site / "_variables.yml").write_text("version: 4\n")
    (site / "content/posts/convolutions/_shared.qmd").write_text("V{{< var version >}}.\n")
    build(site, previous=again.state)
    assert "V4." in page(site)


def test_a_missing_bibliography_fails_the_build_at_its_line(site: Path) -> None:
    (site / "content/posts/convolutions/refs.json").unlink()
    with pytest.raises(BuildFailed) as failed:
        build(site)
    assert failed.value.diagnostics[0].format().splitlines()[0] == (
        "content/posts/convolutions/index.qmd:5: error: "
        "cannot read the bibliography 'refs.json': no such file"
    )


def test_an_include_cycle_fails_the_build_at_the_include(site: Path) -> None:
    (site / "content/posts/convolutions/_shared.qmd").write_text(
        "Loop.\n\n{{< include _shared.qmd >}}\n"
    )
    with pytest.raises(BuildFailed) as failed:
        build(site)
    assert failed.value.diagnostics[0].format().splitlines()[0] == (
        "content/posts/convolutions/_shared.qmd:3: error: include cycle: "
        "content/posts/convolutions/index.qmd -> content/posts/convolutions/_shared.qmd -> "
        "content/posts/convolutions/_shared.qmd"
    )
