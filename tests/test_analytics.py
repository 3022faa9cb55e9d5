"""`website: google-analytics` as Quarto includes it, and when it is left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, write_tree

QUARTO = """project:
  type: website
website:
  title: "Blog"
{website}"""


def _build(tmp_path: Path, cli: Callable[..., CliResult], website: str) -> tuple[Path, str]:
    root = write_tree(
        tmp_path / "blog",
        {
            "_quarto.yml": QUARTO.format(website=website),
            "index.qmd": '---\ntitle: "Home"\nlisting:\n  contents: posts\n---\n',
            "posts/a/index.qmd": "---\ntitle: A\ndate: 2024-01-01\n---\n\nWords.\n",
        },
    )
    out = root / "_site"
    result = cli("build", root, "-o", out)
    assert result.code == 0, result.err
    return out, result.err


def test_the_tag_is_in_the_head_of_every_page(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    out, err = _build(tmp_path, cli, '  google-analytics: "G-ABC123"\n')
    assert "google-analytics" not in err
    for page in ("index.html", "posts/a/index.html", "tags/index.html", "404.html"):
        html = (out / page).read_text()
        head = html[: html.index("</head>")]
        assert (
            '<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123"></script>'
        ) in head, page
        assert """gtag('config', "G-ABC123", {"anonymize_ip": true});""" in head


def test_options_anonymize_ip_and_storage(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    website = (
        "  google-analytics:\n    tracking-id: G-XYZ\n    anonymize-ip: false\n    storage: none\n"
    )
    out, _ = _build(tmp_path, cli, website)
    html = (out / "posts/a/index.html").read_text()
    assert """gtag('config', "G-XYZ", {"anonymize_ip": false, "client_storage": "none"});""" in html


@pytest.mark.parametrize(
    ("website", "message"),
    [
        (
            '  google-analytics: "UA-12027453-1"\n',
            "_quarto.yml:5: warning: 'website.google-analytics': UA-12027453-1 is a Universal "
            "Analytics id",
        ),
        (
            '  google-analytics: "G-1\'><script>"\n',
            "_quarto.yml:5: warning: 'website.google-analytics': \"G-1'><script>\" is not a "
            "Google tag id",
        ),
    ],
)
def test_left_out_with_a_warning(
    tmp_path: Path, cli: Callable[..., CliResult], website: str, message: str
) -> None:
    out, err = _build(tmp_path, cli, website)
    assert message in err
    assert "googletagmanager" not in (out / "posts/a/index.html").read_text()


def test_a_site_without_it_has_no_tag(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    out, _ = _build(tmp_path, cli, "")
    assert "gtag" not in (out / "posts/a/index.html").read_text()


def test_with_cookie_consent_the_tracking_waits_for_consent_js(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    website = (
        '  google-analytics: "G-ABC"\n  cookie-consent:\n    type: implied\n    style: headline\n'
        "    policy-url: javascript:alert(1)\n"
    )
    out, err = _build(tmp_path, cli, website)
    assert "cookie-consent" not in err
    html = (out / "posts/a/index.html").read_text()
    head = html[: html.index("</head>")]
    assert (
        '<script type="text/plain" cookie-consent="tracking" async '
        'src="https://www.googletagmanager.com/gtag/js?id=G-ABC"></script>'
    ) in head
    assert '<script type="text/plain" cookie-consent="tracking">' in head
    assert "<script>\nwindow.dataLayer" not in head  # nothing runs before consent.js says so
    assert 'src="/assets/consent.js" data-consent="' in head
    assert (
        "&#34;type&#34;: &#34;implied&#34;" in head
        and "&#34;style&#34;: &#34;headline&#34;" in head
    )
    assert "javascript:" not in head  # a policy link that is not a web address is dropped
    assert (out / "assets/consent.js").is_file()


def test_cookie_consent_alone_and_an_overlay_style(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    out, err = _build(tmp_path, cli, "  cookie-consent:\n    style: interstitial\n")
    assert (
        "_quarto.yml:6: warning: 'website.cookie-consent': style 'interstitial' is not shown"
        in (err)
    )
    html = (out / "posts/a/index.html").read_text()
    assert "consent.js" in html and "gtag" not in html
