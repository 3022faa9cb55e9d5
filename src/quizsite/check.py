"""`quizsite check`: what the build reports, plus quiz lint and links, writing no output.

The checks that need the finished pages (links and images) build the site into a temporary
folder that is thrown away; the site's own output folder is never touched. What a check finds
in a post file alone (its lint, the links of its HTML) is kept for the next check, by the
file's text, in the build cache's folder when the site has one. With `external`, outside links
are requested too, and the good answers are kept for a day in `.quizsite-cache/links.json` so
a second run does not ask again.
"""

from __future__ import annotations

import functools
import http.client
import json
import posixpath
import re
import socket
import ssl
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from markdown_it.token import Token

from . import __version__
from .build import BuildState, build
from .cache import CACHE_DIR, load_kept, load_state, save_kept
from .collector import held_off
from .computed import read_document
from .config import SiteConfig, load_config
from .errors import BuildFailed, Diagnostic, error, has_errors, sort_diagnostics, warning
from .markdown import markdown_parser
from .model import Post
from .output import write_atomically
from .pages import documents_skipped
from .parses import ParsedSource, read_parses
from .paths import shown
from .quiz import find_quiz, matching_close, reading_heading
from .sources import (
    SourceFile,
    front_matter_lines,
    read_source,
    split_front_matter,
)
from .urls import Urls

_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)

LineOf = Callable[[Token], int]  # the file line where a token starts

# Outside links: how many are asked at once, how long each may take, how long an answer holds.
WORKERS = 8
DEFAULT_TIMEOUT = 10.0
CACHE_SECONDS = 24 * 60 * 60
LINK_CACHE = Path(CACHE_DIR) / "links.json"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What a check found: how many post files it read, and every problem, sorted."""

    posts: int
    diagnostics: tuple[Diagnostic, ...]
    external: int = 0  # distinct outside URLs looked at (asked or found in the cache)
    # Files named like documents that are not (README.md, `_notes.qmd`), with why, relative
    # to the content folder.
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def errors(self) -> int:
        """How many diagnostics are errors."""
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings."""
        return sum(d.severity == "warning" for d in self.diagnostics)


def check_site(
    root: Path,
    *,
    drafts: bool = False,
    external: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = WORKERS,
) -> CheckReport:
    """Check the site under `root` as `build` would, then lint quizzes and links.

    With `external`, every outside http(s) link and image of the checked posts is requested
    too (`workers` at a time, each given `timeout` seconds).
    """
    try:
        config = load_config(root, drafts=drafts)
        # The last build's parses, if the site has a build cache: a post unchanged since
        # is not parsed again, here or by the trial build below. As in a build, the cycle
        # collector is held off while they are loaded or made (its passes were most of the
        # time a big site's state took to load), then kept out of them.
        with held_off(freeze=True):
            previous = load_state(config.root / CACHE_DIR, BuildState)
            parses, problems = read_parses(config, previous.parsed if previous else None)
    except BuildFailed as failure:
        return CheckReport(0, failure.diagnostics)
    posts = [parse.post for parse in parses if parse.post is not None]
    checked, sources = _sources_of(parses, config, drafts, problems)
    findings = kept_findings(config.root / CACHE_DIR, checked, sources)
    found = list(problems)
    for post in checked:
        found.extend(findings[post.location.path].lint)
    found.extend(duplicate_titles(checked, sources))
    if not has_errors(problems):
        found.extend(_trial_build(config, checked, sources, findings, previous))
    asked = 0
    if external:
        places = outside_links(checked, config, sources, findings)
        asked = len({_cache_key(url) for url in places})
        found.extend(
            external_link_problems(
                places, root / LINK_CACHE, timeout=timeout, workers=workers, now=time.time()
            )
        )
    # A post file either became a post or has an error naming it, so this counts every file.
    content = config.content_dir.relative_to(config.root).as_posix() + "/"
    files = {post.location.path for post in posts if not post.page} | {
        d.location.path for d in problems if d.location.path.startswith(content)
    }
    documents = files | {post.location.path for post in posts}
    skipped = documents_skipped(config, (config.root / p for p in documents))
    # The trial build repeats the warnings read_posts already gave; report each once.
    return CheckReport(len(files), sort_diagnostics(dict.fromkeys(found)), asked, tuple(skipped))


def _sources_of(
    parses: Sequence[ParsedSource], config: SiteConfig, drafts: bool, problems: list[Diagnostic]
) -> tuple[list[Post], dict[str, SourceFile]]:
    """The posts to check and their files read again as the build reads them (it has read
    each once); a file that can no longer be read adds its problem to `problems`."""
    checked: list[Post] = []
    sources: dict[str, SourceFile] = {}
    for parse in parses:
        post = parse.post
        # Drafts are left out of the site, so only with --drafts are they held to its standards.
        if post is None or (post.draft and not drafts):
            continue
        source = read_source(parse.found, config.root)
        if isinstance(source, Diagnostic):  # changed since it was parsed: gone, or unreadable
            problems.append(source)
            continue
        checked.append(post)
        sources[post.location.path] = source
    return checked, sources


@dataclass(frozen=True, slots=True)
class PostFindings:
    """What a check learns from one post file alone: its lint, and the links of its HTML."""

    lint: tuple[Diagnostic, ...]
    links: tuple[tuple[str, str], ...]  # (tag, url), as `_links` finds them


def post_findings(source: SourceFile, post: Post) -> PostFindings:
    """Lint the post file and list the links of the post's HTML (it is parsed from the file)."""
    return PostFindings(tuple(lint_source(source)), tuple(_links(post.body_html)))


def kept_findings(
    cache_dir: Path, posts: Sequence[Post], sources: Mapping[str, SourceFile]
) -> dict[str, PostFindings]:
    """Each post's findings, by its path: kept from the last check when the file's place and
    text are the same (a post's HTML depends on nothing else), else made now, and kept in
    the build cache's folder if the site has one (a check alone writes nothing)."""
    # Tokenising every post again for the lint and reading back every page's links were
    # most of a check after a build.
    kept = load_kept(cache_dir, "check", dict) or {}
    made: dict[tuple[object, ...], PostFindings] = {}
    for post in posts:
        source = sources[post.location.path]
        key = (source.rel, tuple(map(str, source.assets)), source.digest())
        found = kept.get(key)
        made[key] = found if isinstance(found, PostFindings) else post_findings(source, post)
    changed = made.keys() != kept.keys() or any(made[key] is not kept[key] for key in made)
    if changed and cache_dir.is_dir():
        save_kept(cache_dir, "check", made)
    return {str(key[0]): found for key, found in made.items()}


# ------------------------------------------------------------------------------------------------
# Quiz lint: one post at a time, from its token stream.


def lint_source(source: SourceFile) -> list[Diagnostic]:
    """Warnings about one post's quiz shape, reading list and scripts."""
    document = read_document(source)  # a notebook's or frozen post's Markdown, as built
    if isinstance(document, Diagnostic):
        return []
    front = document.front
    tokens = markdown_parser().parse(front.body, {})
    relocate = document.relocate

    def line_of(token: Token) -> int:
        line = (token.map or [0])[0] + front.body_line
        return (relocate(line) or line) if relocate is not None else line

    shape = find_quiz(tokens)
    # The quiz's shape is checked while parsing (quiz_lint.py): build and serve report it too.
    found: list[Diagnostic] = []
    if shape is not None:
        start, end = shape.key_paragraph, shape.answer[1]
    else:
        start, end = 0, len(tokens)
    heading = reading_heading(tokens, start, end)
    if heading is not None and not _lists_links(tokens, heading + 2, end):
        found.append(
            warning(
                source.rel,
                line_of(tokens[heading]),
                "recommended reading lists no links",
                'follow it with a list of links: * ["Title"](https://...) and why it is worth '
                "reading",
            )
        )
    elif heading is None and shape is not None:
        found.append(
            warning(
                source.rel,
                line_of(tokens[shape.answer[0]]),
                "quiz has no recommended reading",
                'end the answer callout with a "**Recommended reading**" paragraph and a list '
                "of links",
            )
        )
    # One warning per line, however many tags it holds.
    script_lines = dict.fromkeys(line_of(token) for token in tokens if _has_script(token))
    found.extend(
        warning(
            source.rel,
            line,
            "post contains a <script> element",
            "raw HTML is allowed, but a script runs in every reader's browser: make sure you "
            "trust it",
        )
        for line in script_lines
    )
    return found


def _lists_links(tokens: Sequence[Token], start: int, end: int) -> bool:
    """True when a list starts at `start` and holds at least one link."""
    if start >= end or tokens[start].type not in ("bullet_list_open", "ordered_list_open"):
        return False
    close = min(matching_close(tokens, start), end)
    return any(
        child.type == "link_open" for token in tokens[start:close] for child in token.children or ()
    )


def _has_script(token: Token) -> bool:
    """True for raw HTML (a block, or inline in a paragraph) that opens a <script>."""
    if token.type == "html_block":
        return bool(_SCRIPT.search(token.content))
    return any(
        child.type == "html_inline" and _SCRIPT.search(child.content)
        for child in token.children or ()
    )


def duplicate_titles(posts: Sequence[Post], sources: dict[str, SourceFile]) -> list[Diagnostic]:
    """A warning at every post whose title an earlier post (by date, then path) already has."""
    first: dict[str, Post] = {}
    found = []
    for post in sorted(posts, key=lambda p: (p.date, p.location.path)):
        name = " ".join(post.title.casefold().split())
        if name not in first:
            first[name] = post
            continue
        source = sources.get(post.location.path)
        found.append(
            warning(
                post.location.path,
                front_matter_lines(source).get("title", 1) if source else 1,
                f'title "{post.title}" is already used by {first[name].location.path}',
                "readers tell posts apart by their titles; give this one a different title",
            )
        )
    return found


# ------------------------------------------------------------------------------------------------
# Links and images: every internal URL in a post must name a file of the built site.


def _trial_build(
    config: SiteConfig,
    posts: Sequence[Post],
    sources: Mapping[str, SourceFile],
    findings: Mapping[str, PostFindings],
    previous: BuildState | None,
) -> list[Diagnostic]:
    """Build into a throw-away folder (from the parses of `previous`) and check each post's
    internal links against it."""
    with tempfile.TemporaryDirectory(prefix="quizsite-check-") as scratch:
        output = Path(scratch) / "site"
        try:
            result = build(config.root, output, drafts=config.drafts, previous=previous)
        except BuildFailed as failure:
            return list(failure.diagnostics)
        except OSError as exc:  # what `build` reports as "cannot write the site"
            return [_os_problem(exc, config.root, output)]
        found = list(result.warnings)
        for post in posts:
            rel = post.location.path
            found.extend(link_problems(post, findings[rel].links, config, output, sources[rel]))
        return found


def _os_problem(exc: OSError, root: Path, output: Path) -> Diagnostic:
    """An error for a trial build the system stopped, at the input file it names if any."""
    name = Path(str(exc.filename)) if exc.filename else None
    where = shown(name, root) if name is not None and root in name.parents else "."
    if name is not None and output in name.parents:
        where = f"(the built site's {name.relative_to(output).as_posix()})"
    return error(
        where,
        None,
        f"the site could not be built: {exc.strerror or exc}",
        "`quizsite build` stops on this too; fix what the message names",
    )


class _Links(HTMLParser):
    """Collects (tag, url) for every href and src in an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append((tag, value))


def _links(html: str) -> list[tuple[str, str]]:
    """(tag, url) of each link in `html`, first occurrence only."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(parser.found))


def link_problems(
    post: Post,
    links: Iterable[tuple[str, str]],
    config: SiteConfig,
    site_dir: Path,
    source: SourceFile | None,
) -> list[Diagnostic]:
    """Warnings for the `links` of `post` (tag, url) that name nothing in the built site."""
    base = config.base_path
    page = base + post.slug if post.page else Urls(base).post(post.slug)
    content = config.content_dir.relative_to(config.root).as_posix()
    found = []
    for tag, url in links:
        path = _internal_path(url, page, config.base_url)
        if path is None:
            continue
        line = _source_line(source, url)
        if not path.startswith(base):
            found.append(
                warning(
                    post.location.path,
                    line,
                    f"link points outside the site: {url}",
                    f"the site is served under {base}; start internal links with {base} or make "
                    "them relative to the post",
                )
            )
        elif not _exists(site_dir, unquote(path[len(base) :])):
            found.append(
                warning(
                    post.location.path,
                    line,
                    f"{_what_is_missing(tag)}: {url}",
                    f"the built site has nothing at {path}; "
                    + (
                        f"relative links start from the post's page, {page}"
                        if tag == "a"
                        else "files in a folder post's own folder (NAME/index.qmd under "
                        f"{content}/) are published with it, files in static/ at the site root "
                        f"({base})"
                    ),
                )
            )
    return found


def _what_is_missing(tag: str) -> str:
    """How to name a link that resolves to nothing, by the element that holds it."""
    return {"a": "broken link", "img": "missing image"}.get(tag, "missing file")


def _internal_path(url: str, page: str, base_url: str) -> str | None:
    """The absolute URL path a link of the page `page` points to; None when it leaves the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        site = urlsplit(base_url)
        # A full URL of the site itself (https://user.github.io/blog/...) is internal too.
        if not site.netloc or (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return None
        if not parts.path.startswith(site.path):
            return None  # another site on the same host
        return parts.path
    if not parts.path:
        return None  # `#answer`, `?q=1`: the page itself
    return urlsplit(urljoin(page, parts.path)).path


def _exists(site_dir: Path, rel: str) -> bool:
    """True when the site-relative path names a file (or a folder with index.html)."""
    rel = posixpath.normpath("/" + rel).lstrip("/")
    target = site_dir / rel if rel else site_dir
    if target.is_dir():
        target = target / "index.html"
    return target.is_file()


def _source_line(source: SourceFile | None, url: str) -> int:
    """The first line of the post's body that mentions `url` (as written or decoded), else 1."""
    if source is None:
        return 1
    index = _url_lines(source)
    return index.get(url) or index.get(unquote(url)) or 1


# A URL mentioned in a post starts at a line's start, after white space or a quote, or after
# one of these (`](url`, `<url>`, `src=url`, `link:url`), and ends where a token does.
_TOKEN = re.compile(r"[^\s)>\"']+")
_URL_STARTS = frozenset("(<=:")
# Bounds on what one token offers: a URL is seldom longer, and a line of `a=a=a=...` must
# not cost the square of its length.
_MAX_URL = 4096
_MAX_STARTS = 32


@functools.lru_cache(maxsize=8)
def _url_lines(source: SourceFile) -> dict[str, int]:
    """Every text of the post's body that can be a whole URL, with the first line it is on:
    made once per post, so each link's line is a lookup (a post of thousands of broken links
    was quadratic, each link compiling a pattern and scanning every line)."""
    front = split_front_matter(source)
    first = front.body_line if not isinstance(front, Diagnostic) else 1
    found: dict[str, int] = {}
    for number, line in enumerate(source.text.split("\n")[first - 1 :], start=first):
        for match in _TOKEN.finditer(line):
            token, start = match.group(), match.start()
            before = line[start - 1] if start else " "
            starts = [0] if before.isspace() or before in "\"'" else []
            for i, char in enumerate(token):
                if len(starts) >= _MAX_STARTS:
                    break
                if char in _URL_STARTS:
                    starts.append(i + 1)
            for at in starts:
                if len(token) - at <= _MAX_URL:
                    found.setdefault(token[at:], number)
    return found


# ------------------------------------------------------------------------------------------------
# Outside links (--external): each distinct URL asked once, several at a time, answers cached.

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
    findings: Mapping[str, PostFindings],
) -> LinkPlaces:
    """Every http(s) link and image of `posts` that leaves the site, with where it is written."""
    places: LinkPlaces = {}
    for post in posts:
        page = config.base_path + post.slug if post.page else Urls(config.base_path).post(post.slug)
        source = sources.get(post.location.path)
        urls = [url for _, url in findings[post.location.path].links]
        if post.image:
            urls.append(post.image)
        for url in dict.fromkeys(urls):
            if not _is_outside(url, page, config.base_url):
                continue
            line = _source_line(source, url)
            if post.image == url and source is not None and line == 1:
                line = front_matter_lines(source).get("image", 1)
            places.setdefault(url, []).append((post.location.path, line))
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
    return not host.endswith(_RESERVED_SUFFIXES) and _internal_path(url, page, base_url) is None


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
        status = statuses[_cache_key(url)]
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


def _cache_key(url: str) -> str:
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
    wanted = list(dict.fromkeys(_cache_key(url) for url in urls))
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
