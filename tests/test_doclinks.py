"""Local files a post links to inline are its resources however the address is written; a
post linking only to other sites is not walked for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizsite.doclinks import _MAY_BE_LOCAL
from quizsite.parse import parse_post
from quizsite.sources import SourceFile

_FRONT = '---\ntitle: "Links"\ndate: 2024-01-02\n---\n\n'


def _resources(tmp_path: Path, body: str) -> list[str]:
    folder = tmp_path / "content" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fig.png").write_bytes(b"png")
    path = folder / "p.qmd"
    source = SourceFile(path, "content/posts/p.qmd", _FRONT + body, False, ())
    post, problems = parse_post(source)
    assert post is not None, [p.format() for p in problems]
    return [name for name, _ in post.resources]


@pytest.mark.parametrize(
    "body",
    [
        "![A figure](fig.png)\n",
        "[The figure](<fig.png>) and more.\n",
        "[The figure](  fig.png ) and more.\n",
        "> [The figure](fig.png)\n",
        "[The figure](./fig.png#top) and [a site](https://example.com).\n",
    ],
)
def test_a_local_file_linked_in_any_form_is_a_resource(tmp_path: Path, body: str) -> None:
    assert _resources(tmp_path, body) == ["content/posts/p/fig.png"]


def test_a_post_linking_only_to_other_sites_has_no_resource(tmp_path: Path) -> None:
    body = "[A](https://a.example/x.png) [B](http://b.example) [C](#part) <mailto:x@y.z>\n"
    assert not _MAY_BE_LOCAL.search(body)
    assert _resources(tmp_path, body) == []


def test_an_address_not_plainly_remote_is_looked_at() -> None:
    for body in ("[a](HTTP://x)", "[a](fig.png)", "[a]: fig.png", "[a](\n<b c.png>)"):
        assert _MAY_BE_LOCAL.search(body), body
