"""Outside links (`quizsite check --external`): each distinct URL asked once, several at a
time, and the good answers kept for a day in `.quizsite-cache/links.json`, so a second run
does not ask again."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.error import HTTPError, URLError
from urllib.parse import urldefrag, urlsplit

from . import __version__
from .cache import CACHE_DIR
from .config import SiteConfig
from .errors import Diagnostic, warning
from .links import internal_path, source_place
from .model import Post
from .output import write_atomically
from .sources import SourceFile, front_matter_lines
from .urls import Urls

# Outside links: how many are asked at once, how long each may take, how long an answer holds.
WORKERS = 8
DEFAULT_TIMEOUT = 10.0
CACHE_SECONDS = 24 * 60 * 60
LINK_CACHE = Path(CACHE_DIR) / "links.json"

# Some servers turn away clients without a name; this one says what it is and where it is from.
USER_AGENT = f"quizsite/{__version__} (link check)"
# Reserved names (RFC 2606, RFC 6761) never lead to a real page, so asking would only warn.
_RESERVED_HOSTS = ("example.com", "example.net", "example.org", "localhost")
_RESERVED_SUFFIXES = (".example", ".invalid", ".localhost", ".test")
# Servers that do not do HEAD say so with these; the page is then asked for with GET.
_NO_HEAD = (405, 501)


@dataclass(frozen=True, slots=True)
class LinkStatus:
    """What asking for one outside URL gave: the final HTTP status, or why there was none."""

    url: str
    status: int | None
    reason: str = ""  # why the URL could not be reached, when status is None

    @property
    def ok(self) -> bool:
        """True when the URL answered without an error status (after any redirects)."""
        return self.status is not None and self.status < 400


# Each outside URL with every place (post file, line) it appears, in the order found.
LinkPlaces = dict[str, list[tuple[str, int]]]


def outside_links(
    posts: Sequence[Post],
    config: SiteConfig,
    sources: Mapping[str, SourceFile],
    links: Mapping[str, Sequence[tuple[str, str]]],
) -> LinkPlaces:
    """Every http(s) link and image of `posts` that leaves the site, with where it is written."""
    places: LinkPlaces = {}
    for post in posts:
        page = config.base_path + post.slug if post.page else Urls(config.base_path).post(post.slug)
        source = sources.get(post.location.path)
        urls = [url for _, url in links[post.location.path]]
        if post.image:
            urls.append(post.image)
        for url in dict.fromkeys(urls):
            if not _is_outside(url, page, config.base_url):
                continue
            place = source_place(source, url)
            path, line = (place.path, place.line or 1) if place else (post.location.path, 1)
            if post.image == url and source is not None and place is None:
                line = front_matter_lines(source).get("image", 1)
            places.setdefault(url, []).append((path, line))
    return places


def _is_outside(url: str, page: str, base_url: str) -> bool:
    """True for an http(s) URL of another site whose host is not a reserved example name."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return False  # "http://[broken" cannot be asked for; the page shows it as it is
    if parts.scheme not in ("http", "https") or not host:
        return False
    if any(host == name or host.endswith("." + name) for name in _RESERVED_HOSTS):
        return False
    return not host.endswith(_RESERVED_SUFFIXES) and internal_path(url, page, base_url) is None


def external_link_problems(
    places: LinkPlaces,
    cache_file: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = WORKERS,
    now: float,
) -> list[Diagnostic]:
    """A warning at every place an outside URL is written that is gone or cannot be reached."""
    statuses = check_urls(places, cache_file, timeout=timeout, workers=workers, now=now)
    found = []
    for url, where in places.items():
        status = statuses[cache_key(url)]
        if status.ok:
            continue
        for path, line in where:
            found.append(_link_warning(path, line, url, status, timeout))
    return found


def _link_warning(path: str, line: int, url: str, status: LinkStatus, timeout: float) -> Diagnostic:
    """How a bad outside link is reported."""
    if status.status is None:
        return warning(
            path,
            line,
            f"external link cannot be reached ({status.reason}): {url}",
            "check the address for typos; if the site is only down for now, check again later"
            + (
                f" or allow more time with --timeout (now {timeout:g} s)"
                if _timed_out(status)
                else ""
            ),
        )
    hint = {
        404: "the page is gone or has moved: update the link, or point it at an archived copy "
        "(https://web.archive.org/)",
        410: "the page was removed for good: remove the link or point it at an archived copy",
        403: "the server refused the request; it may turn away scripts but not browsers: open "
        "the link to see",
        429: "the server asked for fewer requests; check again later",
    }.get(status.status, "open the link to see what is wrong, then update or remove it")
    return warning(path, line, f"external link returns {status.status}: {url}", hint)


def _timed_out(status: LinkStatus) -> bool:
    """True when the URL gave no answer in the time allowed."""
    return status.reason.startswith("no answer within")


def cache_key(url: str) -> str:
    """The URL as asked for: the #fragment never reaches the server."""
    return urldefrag(url).url


def check_urls(
    urls: Iterable[str],
    cache_file: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = WORKERS,
    now: float,
) -> dict[str, LinkStatus]:
    """The status of each URL (keyed without its fragment), asking only those not in the cache.

    Only good answers are cached: a broken link is asked about again on the next run, so a fix
    on the other side shows at once, while the many good links are not asked every time.
    """
    wanted = list(dict.fromkeys(cache_key(url) for url in urls))
    cache = load_link_cache(cache_file, now)
    statuses = {url: LinkStatus(url, cache[url][0]) for url in wanted if url in cache}
    to_ask = [url for url in wanted if url not in statuses]
    if to_ask:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(to_ask)))) as pool:
            for status in pool.map(lambda url: fetch_status(url, timeout), to_ask):
                statuses[status.url] = status
        fresh = {
            url: (status.status, now)
            for url in to_ask
            if (status := statuses[url]).ok and status.status is not None
        }
        if fresh:
            save_link_cache(cache_file, {**cache, **fresh})
    return statuses


def fetch_status(url: str, timeout: float) -> LinkStatus:
    """Ask for `url` with HEAD (GET when the server does not do HEAD), following redirects."""
    try:
        try:
            return LinkStatus(url, _request(url, "HEAD", timeout))
        except HTTPError as exc:
            exc.close()
            if exc.code not in _NO_HEAD:
                raise
            return LinkStatus(url, _request(url, "GET", timeout))
    except HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400:
            return LinkStatus(url, None, "too many redirects")
        return LinkStatus(url, exc.code)
    except URLError as exc:
        return LinkStatus(url, None, _describe_failure(exc.reason, timeout))
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return LinkStatus(url, None, _describe_failure(exc, timeout))


def _request(url: str, method: str, timeout: float) -> int:
    """The final status of one request; the body is never read."""
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"}
    )
    with _OPENER.open(request, timeout=timeout) as response:
        return int(response.status)


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects as urllib does, but keeps asking with HEAD rather than switching to GET."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


_OPENER = urllib.request.build_opener(_KeepMethodRedirects)


def _describe_failure(reason: object, timeout: float) -> str:
    """A short reason for a URL that gave no HTTP answer."""
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"bad certificate: {reason.verify_message}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    if isinstance(reason, ValueError | http.client.InvalidURL):
        return "not a valid URL"
    text = getattr(reason, "strerror", None) or str(reason)
    return str(text) or type(reason).__name__


def load_link_cache(path: Path, now: float) -> dict[str, tuple[int, float]]:
    """Cached answers younger than a day (URL -> status, checked at); a bad file counts as none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        links = data["links"] if data.get("version") == 1 else {}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}
    found: dict[str, tuple[int, float]] = {}
    for url, entry in links.items() if isinstance(links, dict) else ():
        try:
            status = entry["status"]
            checked = datetime.fromisoformat(entry["checked_at"]).timestamp()
        except (TypeError, KeyError, ValueError):
            continue  # one damaged entry does not spoil the rest
        if type(status) is int and 0 <= now - checked < CACHE_SECONDS:
            found[url] = (status, checked)
    return found


def save_link_cache(path: Path, entries: Mapping[str, tuple[int, float]]) -> None:
    """Write the cache through a temporary file; a cache that cannot be written is skipped."""
    data = {
        "version": 1,
        "links": {
            url: {
                "status": status,
                "checked_at": datetime.fromtimestamp(checked, UTC).isoformat(timespec="seconds"),
            }
            for url, (status, checked) in sorted(entries.items())
        },
    }
    text = json.dumps(data, indent=1) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda file: file.write(text.encode()))
    except OSError:
        pass
