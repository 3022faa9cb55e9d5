"""Shared helpers: build sites in temporary folders and run the command line in-process."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from quizsite import collector
from quizsite.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """Every build freezes what exists out of the cycle collector (a command-line build's
    process then ends); in the one process of the tests, each test's cycles are let go."""
    yield
    collector.thaw()


TESTS = Path(__file__).resolve().parent

QUIZ = """---
title: "{title}"
date: {date}
categories: [{tags}]
---

{question}

1. First option

2. Second option

3. Third option

:::{{.callout-note collapse="true"}}
## Expand to see the answer

{key}

The explanation says why.

**Recommended reading**

* ["Shared book"](https://example.org/book) is cited by many.
* ["Own paper {title}"](https://example.org/{slug}) is cited once.
:::
"""


def quiz_text(
    title: str = "A quiz",
    date: str = "2024-01-01",
    tags: str = "testing",
    question: str = "Which option is right?",
    key: str = "2",
    slug: str = "a-quiz",
) -> str:
    """A complete, valid quiz post."""
    return QUIZ.format(title=title, date=date, tags=tags, question=question, key=key, slug=slug)


def numbered_quizzes(count: int, tags: str = "red") -> dict[str, str]:
    """`count` quizzes for `write_tree`: "Quiz 0" (slug q0) and on, a day apart from
    2024-01-01, newest last."""
    return {
        f"content/posts/q{n}.qmd": quiz_text(
            f"Quiz {n}", f"2024-01-{n + 1:02d}", tags, slug=f"q{n}"
        )
        for n in range(count)
    }


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create files (relative path -> text or bytes) under `root`."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


# A build from nothing in a new interpreter: the reference incremental builds are held to.
_FRESH_BUILD = """
import ast, importlib, sys
from pathlib import Path
for setting in sys.argv[3:]:
    name, _, value = setting.partition("=")
    module, _, attribute = name.rpartition(".")
    setattr(importlib.import_module(module), attribute, ast.literal_eval(value))
from quizsite.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def fresh_build(
    root: Path, output: Path, settings: Mapping[str, object] | None = None, hash_seed: int = 0
) -> Path:
    """Build `root` into `output` in a new Python process, without the build cache: nothing a
    test's earlier builds left in memory (the Jinja environment and its `{% cache %}`
    fragments, memo views, lru caches) or in the cache folder can make it agree with them.
    `settings` sets module constants first ("quizsite.plan.LISTED_LIMIT": 2), as a test's
    monkeypatch does in its own process."""
    assigned = [f"{name}={value!r}" for name, value in (settings or {}).items()]
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_BUILD, str(root), str(output), *assigned],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
        check=False,
    )
    assert done.returncode == 0, f"the fresh build failed:\n{done.stderr}"
    return output


DEADLINE = 10.0


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll until `condition` holds; fail naming `what` after the deadline (no fixed sleeps)."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.01)
    pytest.fail(f"timed out waiting for {what}")


@dataclass
class CliResult:
    """Exit status and captured output of one in-process CLI run."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `quizsite ARGS...` in-process; argparse exits become exit codes."""

    def run(*args: str | Path) -> CliResult:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def site_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a site folder into tmp_path so a test can build (and break) it freely."""

    def copy(source: Path) -> Path:
        target = tmp_path / source.name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("site", "expected.txt"))
        return target

    return copy


# ------------------------------------------------------------------------------------------------
# Browser tests: the built site served on 127.0.0.1, driven in Debian's headless Chromium.

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = TESTS / "artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session (scripts/test installs Debian's package)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "browser tests need /usr/bin/chromium: run scripts/test"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> object:
        # Tests rebuild a served site within the same second; Last-Modified has one-second
        # resolution, so a conditional reload could get a stale 304. Always send the file.
        del self.headers["If-Modified-Since"]
        return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's sample blog, built and served; yields its URL."""
    from quizsite.build import build

    root = tmp_path_factory.mktemp("served")
    shutil.copytree(REPO / "content", root / "content")
    build(root)
    with serve_folder(root / "site") as url:
        yield url


class Console:
    """Console errors and uncaught exceptions of a page. None is expected, not even a 404 for
    /favicon.ico: the theme declares its icon, so Chromium does not go looking for one."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} ({message.location.get('url', '')})")


@contextmanager
def clipboard_page(browser: Browser) -> Iterator[tuple[Page, Console]]:
    """A page whose scripts may write and read the clipboard (the copy buttons), with its
    console; the context closed after."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        yield page, Console(page)
    finally:
        context.close()


def contrast(a: list[int], b: list[int]) -> float:
    """WCAG contrast ratio of two sRGB colours (0-255 channels)."""

    def luminance(rgb: list[int]) -> float:
        lin = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (v / 255 for v in rgb)
        ]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


QUARTO_SITE_YML = "project:\n  type: website\nwebsite:\n  title: Notes\n"
QUARTO_HOME = "---\ntitle: Home\nlisting:\n  contents: posts\n---\n"


def quarto_blog(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """A Quarto blog as the real-blog tests write one: `_quarto.yml`, a listing home page,
    and the files given."""
    return write_tree(root, {"_quarto.yml": QUARTO_SITE_YML, "index.qmd": QUARTO_HOME, **files})


def post_body(page: Path) -> str:
    """The body of a built post page."""
    html = page.read_text(encoding="utf-8")
    return html.split('<div class="post-body">', 1)[1].split("</article>", 1)[0]
