"""`quizsite check --external`: outside links asked for on a local server, answers cached."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CliResult, quiz_text, write_tree

from quizsite.check import check_site
from quizsite.external import LINK_CACHE, fetch_status

# How long the slow page keeps a request waiting, and the --timeout that gives up before it.
SLOW_SECONDS = 5.0
TIMEOUT = "1.5"  # generous: a busy CI machine must not time out the fast pages


class LinkServer:
    """A local web server with a page for each outcome, counting every request it gets."""

    def __init__(self) -> None:
        self.hits: Counter[tuple[str, str]] = Counter()  # (method, path) -> requests
        self.in_flight = 0
        self.peak = 0
        self.lock = threading.Lock()
        self.closing = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def count(self, path: str) -> int:
        """Requests for `path`, whatever the method."""
        return sum(n for (_, p), n in self.hits.items() if p == path)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                self._answer("HEAD")

            def do_GET(self) -> None:
                self._answer("GET")

            def _answer(self, method: str) -> None:
                with owner.lock:
                    owner.hits[method, self.path] += 1
                    owner.in_flight += 1
                    owner.peak = max(owner.peak, owner.in_flight)
                try:
                    self._route(method)
                finally:
                    with owner.lock:
                        owner.in_flight -= 1

            def _route(self, method: str) -> None:
                path = self.path
                if path == "/moved":
                    self._send(301, Location="/ok")
                elif path == "/missing":
                    self._send(404)
                elif path == "/no-head":
                    self._send(405 if method == "HEAD" else 200)
                elif path == "/slow":
                    owner.closing.wait(SLOW_SECONDS)
                    self._send(200)
                elif path.startswith("/together/"):
                    # Holds requests until two have been in flight at once: asked one at a
                    # time, each would wait the full 2 s.
                    end = time.monotonic() + 2
                    while owner.peak < 2 and time.monotonic() < end:
                        time.sleep(0.01)
                    self._send(200)
                elif path in ("/ok", "/ok-too", "/image.png"):
                    self._send(200)
                else:
                    self._send(404)

            def _send(self, status: int, **headers: str) -> None:
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the checker gave up on this request already

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def links() -> Iterator[LinkServer]:
    """The link server, running for one test."""
    server = LinkServer()
    thread = threading.Thread(
        target=server.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.closing.set()
        server.server.shutdown()
        server.server.server_close()


def post_with_links(url: str) -> str:
    """A quiz whose body, image and reading list point at the link server."""
    return f"""---
title: "Links everywhere"
date: 2024-02-01
categories: [testing]
---

See [the good page]({url}/ok) and [the moved page]({url}/moved).

![A chart]({url}/image.png)

[A page that is gone]({url}/missing) and [a slow one]({url}/slow).

Which is right?

1. One

2. Two

:::{{.callout-note collapse="true"}}
## Answer

2

[A page without HEAD]({url}/no-head#section) explains it.

**Recommended reading**

* ["Reading"]({url}/ok-too) is good.
* ["Gone reading"]({url}/missing) is gone.
:::
"""


def site_with_links(root: Path, url: str) -> Path:
    """A site with one post of outside links and one quiz citing reserved example.org names."""
    return write_tree(
        root,
        {
            "content/posts/links.qmd": post_with_links(url),
            "content/posts/plain.qmd": quiz_text(title="Plain", slug="plain"),
        },
    )


def test_bad_links_are_reported_where_they_are_written(
    cli: Callable[..., CliResult], tmp_path: Path, links: LinkServer
) -> None:
    root = site_with_links(tmp_path, links.url)
    result = cli("check", root, "--external", "--timeout", TIMEOUT)
    assert result.code == 0, result.err
    lines = [line for line in result.err.splitlines() if not line.startswith("  hint:")]
    assert lines == [
        f"content/posts/links.qmd:11: warning: external link returns 404: {links.url}/missing",
        "content/posts/links.qmd:11: warning: external link cannot be reached (no answer within "
        f"1.5 s): {links.url}/slow",
    ]
    assert "Checked 2 posts and 7 outside links: 0 errors, 2 warnings." in result.out
    assert cli("check", root, "--external", "--timeout", TIMEOUT, "--strict").code == 1


def test_redirects_are_followed_and_head_falls_back_to_get(
    tmp_path: Path, links: LinkServer
) -> None:
    report = check_site(site_with_links(tmp_path, links.url), external=True, timeout=1.5)
    assert report.external == 7
    assert links.hits["HEAD", "/moved"] == 1
    assert links.hits["HEAD", "/ok"] == 2  # once as itself, once at the end of the redirect
    assert links.hits["GET", "/ok"] == 0  # the redirect kept asking with HEAD
    assert links.hits["HEAD", "/no-head"] == 1
    assert links.hits["GET", "/no-head"] == 1
    # The fragment never reaches the server, and a URL cited twice is asked about once.
    assert links.count("/missing") == 1
    assert not any("example.org" in d.message for d in report.diagnostics)


def test_links_are_asked_for_at_the_same_time(tmp_path: Path, links: LinkServer) -> None:
    body = "\n\n".join(f"[Page {n}]({links.url}/together/{n})" for n in range(12))
    write_tree(
        tmp_path, {"content/posts/many.qmd": f'---\ntitle: "Many"\ndate: 2024-01-01\n---\n{body}\n'}
    )
    started = time.monotonic()
    report = check_site(tmp_path, external=True, timeout=5)
    assert report.diagnostics == ()
    assert all(links.hits["HEAD", f"/together/{n}"] == 1 for n in range(12))
    assert links.peak >= 2
    # One at a time, each request would wait its full 2 s for a companion.
    assert time.monotonic() - started < 12


def test_good_answers_are_cached_for_a_day(tmp_path: Path, links: LinkServer) -> None:
    root = site_with_links(tmp_path, links.url)
    check_site(root, external=True, timeout=1.5)
    first = Counter(links.hits)
    again = check_site(root, external=True, timeout=1.5)
    assert links.count("/ok") == first["HEAD", "/ok"]  # not asked again
    assert links.count("/ok-too") == 1
    assert links.count("/no-head") == 2
    # Bad answers are not cached: a link fixed on the other side shows as fixed at once.
    assert links.count("/missing") == 2
    assert again.warnings == 2
    cache = json.loads((root / LINK_CACHE).read_text())
    entry = cache["links"][f"{links.url}/ok"]
    assert entry["status"] == 200
    checked = datetime.fromisoformat(entry["checked_at"])
    assert abs(datetime.now(UTC) - checked) < timedelta(minutes=1)
    assert f"{links.url}/missing" not in cache["links"]


def test_old_cache_entries_are_asked_again(tmp_path: Path, links: LinkServer) -> None:
    write_tree(
        tmp_path,
        {"content/posts/one.qmd": f'---\ntitle: "One"\ndate: 2024-01-01\n---\n<{links.url}/ok>\n'},
    )
    stale = (datetime.now(UTC) - timedelta(hours=25)).isoformat()
    write_tree(
        tmp_path,
        {
            str(LINK_CACHE): json.dumps(
                {"version": 1, "links": {f"{links.url}/ok": {"status": 200, "checked_at": stale}}}
            )
        },
    )
    check_site(tmp_path, external=True)
    assert links.count("/ok") == 1
    entry = json.loads((tmp_path / LINK_CACHE).read_text())["links"][f"{links.url}/ok"]
    assert entry["checked_at"] != stale


@pytest.mark.parametrize(
    "damage",
    ["{not json", "[]", '{"version": 1, "links": []}', '{"version": 1, "links": {"x": 3}}', ""],
)
def test_a_corrupt_cache_is_ignored(tmp_path: Path, links: LinkServer, damage: str) -> None:
    write_tree(
        tmp_path,
        {
            "content/posts/one.qmd": f'---\ntitle: "One"\ndate: 2024-01-01\n---\n<{links.url}/ok>\n',
            str(LINK_CACHE): damage,
        },
    )
    report = check_site(tmp_path, external=True)
    assert report.diagnostics == ()
    assert links.count("/ok") == 1
    assert f"{links.url}/ok" in json.loads((tmp_path / LINK_CACHE).read_text())["links"]


def test_without_external_nothing_is_asked(
    cli: Callable[..., CliResult], tmp_path: Path, links: LinkServer
) -> None:
    root = site_with_links(tmp_path, links.url)
    result = cli("check", root)
    assert "external link" not in result.err
    assert "outside link" not in result.out
    assert not links.hits
    assert not (root / LINK_CACHE).exists()


def test_drafts_are_asked_about_only_with_drafts(tmp_path: Path, links: LinkServer) -> None:
    text = f'---\ntitle: "Draft"\ndate: 2024-01-01\ndraft: true\n---\n<{links.url}/missing>\n'
    write_tree(tmp_path, {"content/posts/draft.qmd": text})
    assert check_site(tmp_path, external=True).diagnostics == ()
    assert not links.hits
    report = check_site(tmp_path, external=True, drafts=True)
    assert [d.message for d in report.diagnostics] == [
        f"external link returns 404: {links.url}/missing"
    ]


def test_refused_connection_is_unreachable() -> None:
    # A port just closed is very unlikely to be taken again at once.
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    status = fetch_status(f"http://127.0.0.1:{port}/", timeout=2)
    assert not status.ok
    assert status.reason == "connection refused"


def test_timeout_must_be_positive(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("check", tmp_path, "--external", "--timeout", "0")
    assert result.code == 2
    assert "expected a positive number of seconds" in result.err


def test_a_bad_cover_image_is_reported_at_its_front_matter_line(
    cli: Callable[..., CliResult], tmp_path: Path, links: LinkServer
) -> None:
    """`image:` is written in the front matter, not the body: the warning points at its key
    (front matter closed by YAML's `...` here, which ends it as `---` does)."""
    body = quiz_text().split("---\n", 2)[2]
    text = (
        f'---\ntitle: "Covered"\ndate: 2024-01-01\nimage: {links.url}/gone-cover.png\n...\n{body}'
    )
    root = write_tree(tmp_path, {"content/posts/covered.qmd": text})
    line = 4
    result = cli("check", root, "--external", "--timeout", TIMEOUT)
    assert result.code == 0, result.err
    assert result.err.splitlines()[0] == (
        f"content/posts/covered.qmd:{line}: warning: external link returns 404: "
        f"{links.url}/gone-cover.png"
    )
