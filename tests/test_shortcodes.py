"""Shortcodes, includes and citations: fixture cases rendered as whole documents.

Each case's input is a document (front matter optional) placed at
`tests/fixtures/documents/post.qmd`, beside the files it includes or cites; its expected output
is the body's HTML, then `! severity path:line: message` for each problem found.
"""

from __future__ import annotations

import pytest
from fixture_file import FIXTURES, Case, fixture_params

from quizsite.documents import prepare_body
from quizsite.markdown import markdown_parser
from quizsite.sources import SourceFile, split_front_matter
from quizsite.videos import video_html

DOCUMENTS = FIXTURES / "documents"


def render_document(text: str) -> str:
    """HTML of a document beside the fixture files, then a line per problem."""
    if not text.startswith("---"):
        text = "---\ntitle: Fixture\n---\n" + text
    source = SourceFile(DOCUMENTS / "post.qmd", "post.qmd", text, False, ())
    front = split_front_matter(source)
    assert not isinstance(front, Exception) and hasattr(front, "body"), front
    prepared = prepare_body(source, front)
    html: str = markdown_parser().render(prepared.body, prepared.env)
    problems = sorted(prepared.diagnostics(), key=lambda d: (d.location.path, d.location.line or 0))
    return html + "".join(f"! {d.severity} {d.location}: {d.message}\n" for d in problems)


@pytest.mark.parametrize("case", fixture_params("shortcodes.md"))
def test_shortcodes(case: Case) -> None:
    assert render_document(case.source) == case.expected


@pytest.mark.parametrize("case", fixture_params("citations.md"))
def test_citations(case: Case) -> None:
    assert render_document(case.source) == case.expected


@pytest.mark.parametrize(
    ("url", "src"),
    [
        (
            "https://www.youtube.com/watch?v=wo9vZccmqwc",
            "https://www.youtube.com/embed/wo9vZccmqwc",
        ),
        ("https://youtu.be/wo9vZccmqwc", "https://www.youtube.com/embed/wo9vZccmqwc"),
        ("https://www.youtube.com/embed/wo9vZccmqwc", "https://www.youtube.com/embed/wo9vZccmqwc"),
        (
            "https://youtu.be/wo9vZccmqwc?t=1m30s",
            "https://www.youtube.com/embed/wo9vZccmqwc?start=90",
        ),
        ("https://vimeo.com/548291297", "https://player.vimeo.com/video/548291297"),
        ("https://player.vimeo.com/video/548291297", "https://player.vimeo.com/video/548291297"),
        ("https://example.org/player?id=3", "https://example.org/player?id=3"),
    ],
)
def test_video_services_become_embeds(url: str, src: str) -> None:
    html = video_html(url, {})
    assert html is not None
    assert f'<iframe src="{src.replace("&", "&amp;")}"' in html
    assert f'<a href="{url.replace("&", "&amp;")}">' in html  # the fallback link


def test_video_files_play_in_the_browser_player() -> None:
    html = video_html("clip.mp4", {"start": "5", "title": "A clip"})
    assert html == (
        '<div class="video-embed video-16x9"><video controls preload="metadata" '
        'src="clip.mp4#t=5" aria-label="A clip"><a href="clip.mp4">A clip</a></video></div>'
    )


def test_video_urls_that_are_not_web_addresses_are_refused() -> None:
    assert video_html("javascript:alert(1)", {}) is None
    assert video_html("//evil.example/x", {}) is None
