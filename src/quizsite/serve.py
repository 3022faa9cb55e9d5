"""The development server: the output folder over HTTP, at the base URL's path, with live reload.

Every HTML page gets a small script that listens on a Server-Sent Events stream: "reload" after
each successful rebuild, "failure" (with the error text, shown as an overlay) after a failed one.
Requests never see a half-applied rebuild: the watcher writes under the lock's write side, and
each request reads its file under the read side.
"""

from __future__ import annotations

import json
import mimetypes
import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# Seconds a client may take to send a request before the connection is closed.
REQUEST_TIMEOUT = 30
# A body sent with a GET is read and dropped up to this size; past it, the connection closes.
MAX_SKIPPED_BODY = 65536
EVENTS_PATH = "/__quizsite/events"
SCRIPT_PATH = "/__quizsite/live.js"
_SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()

LIVE_SCRIPT = """\
// quizsite serve: reload after each rebuild; show build errors over the page.
(function () {
  "use strict";
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "quizsite-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = "";
    var title = document.createElement("h1");
    title.textContent = "quizsite: the build failed";
    title.style.cssText = "font:700 20px system-ui,sans-serif;margin:0 0 1rem";
    var body = document.createElement("pre");
    body.textContent = text;
    body.style.whiteSpace = "pre-wrap";
    overlay.appendChild(title);
    overlay.appendChild(body);
  }
  var source = new EventSource("/__quizsite/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("failure", function (e) { show(JSON.parse(e.data).text); });
})();
"""


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        """Hold the lock shared, for one request's file read."""
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        """Hold the lock alone, while a rebuild changes the output folder."""
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class DevServer(ThreadingHTTPServer):
    """Serves `output` at `base_path`, with the live-reload event stream."""

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default of 5 left most of a few hundred connections opened at once
    # (a page's assets, a test's burst, a client that never speaks) waiting unanswered.
    request_queue_size = 1024

    def __init__(self, output: Path, base_path: str, host: str = "127.0.0.1", port: int = 8000):
        super().__init__((host, port), _Handler)
        self.output = output.resolve()
        # Compared with request paths decoded: `/my blog/` arrives as `/my%20blog/`.
        self.base_path = unquote(base_path)
        self.lock = ReadWriteLock()
        self.stopping = threading.Event()
        self._clients: set[queue.Queue[tuple[str, str]]] = set()
        self._clients_lock = threading.Lock()
        self.failure_text: str | None = None

    @property
    def url(self) -> str:
        """The site's address on this server."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{quote(self.base_path)}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away (a closed tab, a slow client cut off) is no error worth a
        traceback; anything else is one line on stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"quizsite serve: a request failed: {error!r}", file=sys.stderr)

    def announce_success(self) -> None:
        """Tell every open page to reload (the rebuild is complete and written)."""
        self.failure_text = None
        self._broadcast("reload", "{}")

    def announce_failure(self, text: str) -> None:
        """Show the build error in every open page (and in pages opened later)."""
        self.failure_text = text
        self._broadcast("failure", json.dumps({"text": text}))

    def subscribe(self) -> queue.Queue[tuple[str, str]]:
        """A queue of (event, data) for one event-stream client."""
        client: queue.Queue[tuple[str, str]] = queue.Queue()
        with self._clients_lock:
            self._clients.add(client)
        if self.failure_text is not None:
            client.put(("failure", json.dumps({"text": self.failure_text})))
        return client

    def unsubscribe(self, client: queue.Queue[tuple[str, str]]) -> None:
        """Forget a client whose connection ended."""
        with self._clients_lock:
            self._clients.discard(client)

    def _broadcast(self, event: str, data: str) -> None:
        with self._clients_lock:
            for client in self._clients:
                client.put((event, data))

    def stop(self) -> None:
        """Stop serving and end open event streams."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"
    # A client that stops sending mid-request (slowloris) is cut off, not waited on forever.
    timeout = REQUEST_TIMEOUT

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the terminal is for build results."""

    def do_HEAD(self) -> None:
        """Like GET, without the body."""
        self._skip_body()
        self._respond(head=True)

    def _skip_body(self) -> None:
        """Read a body sent with a GET or HEAD, which would otherwise be read as the next
        request; one too big (or chunked) closes the connection after the answer instead."""
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") is not None:
            self.close_connection = True
        elif length is not None:
            size = int(length) if length.strip().isdigit() else -1
            if 0 <= size <= MAX_SKIPPED_BODY:
                self.rfile.read(size)
            else:
                self.close_connection = True

    def do_GET(self) -> None:
        """Serve the event stream, the live script, or a file of the site."""
        self._skip_body()
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._events()
        elif path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, LIVE_SCRIPT.encode(), "text/javascript; charset=utf-8")
        else:
            self._respond(head=False)

    def _respond(self, head: bool) -> None:
        """Answer with the file the path names (or a redirect, or the site's 404 page)."""
        raw = urlsplit(self.path).path
        base = self.server.base_path
        if base != "/" and unquote(raw) in ("", "/", base.rstrip("/")):
            self._redirect(quote(base))  # the site's root, or its path without the slash
            return
        try:
            target = _resolve(self.server.output, base, raw)
            if target is not None and target.is_dir():
                if not raw.endswith("/"):
                    self._redirect(raw + "/")
                    return
                target = target / "index.html"
        except OSError:  # a name too long for the system, and the like: nothing there
            target = None
        with self.server.lock.read():
            data = _read(target)
            if data is None:
                not_found = self.server.output / "404.html"
                body = not_found.read_bytes() if not_found.is_file() else b"<h1>Not found</h1>"
        if data is None:
            self._send(HTTPStatus.NOT_FOUND, _inject(body), "text/html; charset=utf-8", head)
            return
        assert target is not None
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = _inject(data)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind, head)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        client = self.server.subscribe()
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while not self.server.stopping.is_set():
                try:
                    event, data = client.get(timeout=0.5)
                    message = f"event: {event}\ndata: {data}\n\n"
                except queue.Empty:
                    message = ": ping\n\n"  # also notices a closed connection
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.server.unsubscribe(client)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _read(target: Path | None) -> bytes | None:
    """The bytes of a file to serve, or None when there is none (or it cannot be read)."""
    try:
        return target.read_bytes() if target is not None and target.is_file() else None
    except OSError:
        return None


def _resolve(output: Path, base_path: str, raw_path: str) -> Path | None:
    """The file a URL path names inside `output`, or None for anything outside it.

    `base_path` is decoded, as the path is before comparing. Decoded `..` segments,
    backslashes, NUL bytes and symlinks that lead out are refused.
    """
    path = unquote(raw_path)
    if not path.startswith(base_path):
        return None
    decoded = path[len(base_path) :]
    if "\0" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    candidate = output.joinpath(*parts) if parts else output
    resolved = candidate.resolve()
    if resolved != output and output not in resolved.parents:
        return None  # a symlink pointing outside the output folder
    return resolved


def _inject(html: bytes) -> bytes:
    """Add the live-reload script before </body> (or at the end)."""
    index = html.rfind(b"</body>")
    return html + _SCRIPT_TAG if index < 0 else html[:index] + _SCRIPT_TAG + html[index:]
