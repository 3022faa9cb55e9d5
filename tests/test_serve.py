"""The development server: safe file serving at the base path, live reload, clean shutdown."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import quiz_text, wait_for, write_tree

from quizsite.build import build
from quizsite.serve import DevServer
from quizsite.watch import Outcome, Watcher

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def get(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[DevServer, Path]]:
    root = write_tree(
        tmp_path / "blog",
        {
            "quizsite.toml": 'base_url = "https://u.github.io/quiz-blog/"\n',
            "content/posts/a.qmd": quiz_text("Alpha"),
        },
    )
    build(root)
    write_tree(tmp_path, {"secret.txt": "top secret"})
    (root / "site/empty-dir").mkdir()
    server = DevServer(root / "site", "/quiz-blog/", "127.0.0.1", 0)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield server, root
    server.stop()


def test_serves_pages_at_the_base_path_with_live_script(served: tuple[DevServer, Path]) -> None:
    server, _ = served
    status, headers, body = get(server, "/quiz-blog/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<script src="/__quizsite/live.js" defer></script></body>' in body
    status, _, body = get(server, "/quiz-blog/posts/a/")
    assert status == 200 and b"Alpha" in body
    status, headers, _ = get(server, "/quiz-blog/assets/style.css")
    assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"


def test_redirects(served: tuple[DevServer, Path]) -> None:
    server, _ = served
    status, headers, _ = get(server, "/")
    assert (status, headers["Location"]) == (301, "/quiz-blog/")
    status, headers, _ = get(server, "/quiz-blog/posts/a")
    assert (status, headers["Location"]) == (301, "/quiz-blog/posts/a/")


def test_missing_page_gets_the_sites_404(served: tuple[DevServer, Path]) -> None:
    server, _ = served
    status, _, body = get(server, "/quiz-blog/no/such/page/")
    assert status == 404
    assert b"Page not found" in body
    assert get(server, "/elsewhere/index.html")[0] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/quiz-blog/../secret.txt",
        "/quiz-blog/../../secret.txt",
        "/quiz-blog/%2e%2e/secret.txt",
        "/quiz-blog/%2e%2e%2fsecret.txt",
        "/quiz-blog/posts/%2E%2E/%2E%2E/%2E%2E/secret.txt",
        "/quiz-blog/..%5csecret.txt",
        "/quiz-blog//etc/passwd",
        "/quiz-blog/%2fetc%2fpasswd",
        "/quiz-blog/link-out/secret.txt",
        "/quiz-blog/file-link",
        "/quiz-blog/empty-dir/",
        "/quiz-blog/%00",
    ],
)
def test_nothing_outside_the_output_is_served(served: tuple[DevServer, Path], path: str) -> None:
    server, root = served
    (root / "site/link-out").symlink_to(root.parent)
    (root / "site/file-link").symlink_to(root.parent / "secret.txt")
    status, _, body = get(server, path)
    assert status == 404
    assert b"top secret" not in body and b"root:" not in body


def test_head_has_no_body(served: tuple[DevServer, Path]) -> None:
    server, _ = served
    status, headers, body = get(server, "/quiz-blog/", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_event_stream_announces_reload_and_failure(served: tuple[DevServer, Path]) -> None:
    server, _ = served
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    connection.request("GET", "/__quizsite/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b": connected\n"
    server.announce_failure("content/posts/a.qmd:3: error: boom")
    lines = [response.readline() for _ in range(3)]
    assert lines[0] == b"\n"
    assert lines[1] == b"event: failure\n"
    assert b"content/posts/a.qmd:3: error: boom" in lines[2]
    server.announce_success()
    while (line := response.readline()) != b"event: reload\n":
        assert line in (b"\n", b": ping\n") or line.startswith(b"data:")
    connection.close()


def test_keeps_serving_200_concurrent_requests_during_rebuilds(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            f"content/posts/p{n}.qmd": quiz_text(f"Post {n}", f"2024-01-{n + 1:02d}")
            for n in range(20)
        },
    )
    server = DevServer(root / "site", "/", "127.0.0.1", 0)
    watcher = Watcher(root, None, listener=lambda outcome: None, guard=server.lock.write)
    assert watcher.start().result is not None
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    stop = threading.Event()

    def keep_editing() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            (root / "content/posts/p0.qmd").write_text(quiz_text(f"Post 0 v{n}", "2024-01-01"))
            watcher.rebuild()

    editor = threading.Thread(target=keep_editing)
    editor.start()
    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            paths = ["/", "/posts/p0/", "/posts/p5/", "/tags/testing/", "/reading-list/"] * 40
            statuses = list(pool.map(lambda p: get(server, p)[0], paths))
    finally:
        stop.set()
        editor.join()
        watcher.stop()
        server.stop()
    assert statuses == [200] * 200


def test_serve_command_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    write_tree(tmp_path, {"content/posts/a.qmd": quiz_text()})
    process = subprocess.Popen(
        [sys.executable, "-m", "quizsite", "serve", str(tmp_path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    while not any("Serving" in line for line in lines):
        line = process.stdout.readline()
        assert line, f"serve exited early: {process.stderr.read() if process.stderr else ''}"
        lines.append(line)
    url = next(line for line in lines if "Serving" in line).split(" at ")[1].split(" ")[0]
    assert url.startswith("http://127.0.0.1:")
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=5)
    assert time.monotonic() - started < 1.5
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "Stopped." in out


# --------------------------------------------------------------------------------------------
# In the browser: a tab reloads itself after an edit; a failed build shows an overlay.


@pytest.mark.browser
def test_tab_reloads_after_edit_and_shows_errors(browser: Browser, tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"content/posts/a.qmd": quiz_text("Alpha")})
    server = DevServer(root / "site", "/", "127.0.0.1", 0)

    def listener(outcome: Outcome) -> None:
        if outcome.result is not None:
            server.announce_success()
        elif outcome.failure is not None:
            server.announce_failure("\n".join(d.format() for d in outcome.failure.diagnostics))  # type: ignore[union-attr]

    watcher = Watcher(root, None, listener=listener, guard=server.lock.write)
    watcher.start()
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    page = browser.new_page()
    try:
        page.goto(server.url + "posts/a/")
        page.wait_for_function("document.readyState === 'complete'")
        wait_for(lambda: len(server._clients) == 1, "the page to connect")
        page.evaluate("window.untouched = true")
        post = root / "content/posts/a.qmd"
        good = post.read_text()

        post.write_text(good.replace("Alpha", "Alpha live"))
        page.wait_for_function("document.title.startsWith('Alpha live')", timeout=10_000)
        assert page.evaluate("window.untouched === undefined"), "the page did not reload"

        post.write_text(good.replace("date: 2024-01-01", "date: someday"))
        overlay = page.locator("#quizsite-error-overlay")
        overlay.wait_for(state="visible", timeout=10_000)
        assert (
            "content/posts/a.qmd:3: error: cannot read the date 'someday'" in overlay.inner_text()
        )

        post.write_text(good.replace("Alpha", "Alpha fixed"))
        page.wait_for_function("document.title.startsWith('Alpha fixed')", timeout=10_000)
        assert page.locator("#quizsite-error-overlay").count() == 0
    finally:
        page.close()
        watcher.stop()
        server.stop()
