"""`quizsite check`: what the build reports, plus quiz lint and internal links, writing nothing.

The checks that need the finished pages (links and images) build the site into a temporary
folder that is thrown away; the site's own output folder is never touched.
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from markdown_it.token import Token

from .build import build, read_posts
from .config import SiteConfig, load_config
from .errors import BuildFailed, Diagnostic, has_errors, sort_diagnostics, warning
from .markdown import markdown_parser
from .model import Post
from .quiz import TopBlock, find_quiz, matching_close, reading_heading, top_blocks
from .render import Urls
from .sources import SourceFile, split_front_matter

_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
_TITLE_KEY = re.compile(r"^title\s*:")

LineOf = Callable[[Token], int]  # the file line where a token starts


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What a check found: how many post files it read, and every problem, sorted."""

    posts: int
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        """How many diagnostics are errors."""
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings."""
        return sum(d.severity == "warning" for d in self.diagnostics)


def check_site(root: Path, *, drafts: bool = False) -> CheckReport:
    """Check the site under `root` as `build` would, then lint quizzes and internal links."""
    try:
        config = load_config(root, drafts=drafts)
        posts, problems = read_posts(config)
    except BuildFailed as failure:
        return CheckReport(0, failure.diagnostics)
    # Drafts are left out of the site, so only with --drafts are they held to its standards.
    checked = [post for post in posts if drafts or not post.draft]
    sources = {post.location.path: _source_of(post, config.root) for post in checked}
    found = list(problems)
    for source in sources.values():
        found.extend(lint_source(source))
    found.extend(duplicate_titles(checked, sources))
    if not has_errors(problems):
        found.extend(_trial_build(config, checked, sources))
    # A post file either became a post or has an error naming it, so this counts every file.
    files = {post.location.path for post in posts} | {
        d.location.path for d in problems if d.location.path.startswith("content/")
    }
    # The trial build repeats the warnings read_posts already gave; report each once.
    return CheckReport(len(files), sort_diagnostics(dict.fromkeys(found)))


def _source_of(post: Post, root: Path) -> SourceFile:
    """The post's file again, decoded as the build decodes it (it has already read it once)."""
    path = root / post.location.path
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(
        path=path,
        rel=post.location.path,
        text=text,
        is_folder_post=path.stem == "index" and path.parent != root / "content",
        assets=post.assets,
    )


# ------------------------------------------------------------------------------------------------
# Quiz lint: one post at a time, from its token stream.


def lint_source(source: SourceFile) -> list[Diagnostic]:
    """Warnings about one post's quiz shape, reading list and scripts."""
    front = split_front_matter(source)
    if isinstance(front, Diagnostic):
        return []
    tokens = markdown_parser().parse(front.body, {})

    def line_of(token: Token) -> int:
        return (token.map or [0])[0] + front.body_line

    shape = find_quiz(tokens)
    found = _quiz_shape_problems(source.rel, tokens, line_of, is_quiz=shape is not None)
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


def _quiz_shape_problems(
    rel: str, tokens: Sequence[Token], line_of: LineOf, *, is_quiz: bool
) -> list[Diagnostic]:
    """A post that looks like a quiz but is missing its key, its options, or its collapse."""
    blocks = top_blocks(tokens)
    options = next((b for b in blocks if b.kind == "list"), None)
    callouts = [b for b in blocks if b.kind == "callout"]
    found = []
    answer: TopBlock | None = None
    if options is not None:
        # The same choice find_quiz makes: the first collapsible callout after the options.
        answer = next((c for c in callouts if c.collapsible and c.start > options.start), None)
        if answer is not None and answer.key is None:
            found.append(
                warning(
                    rel,
                    line_of(tokens[answer.start]),
                    "answer callout has no answer key",
                    'make its first paragraph the number of the correct option, e.g. "2", or '
                    '"1, 3" when several are correct',
                )
            )
        shown = next(
            (
                c
                for c in callouts
                if not c.collapsible
                and c.key is not None
                and c.start > options.start
                and (answer is None or c.start < answer.start)
            ),
            None,
        )
        if shown is not None:
            found.append(
                warning(
                    rel,
                    line_of(tokens[shown.start]),
                    "answer callout is not collapsed: it shows the answer to every reader",
                    'add collapse="true" to its attributes: :::{.callout-note collapse="true"}',
                )
            )
    keyed = next((c for c in callouts if c.collapsible and c.key is not None), None)
    # A complete quiz may hold other callouts; only a post that is not one lacks its options.
    if not is_quiz and keyed is not None and (options is None or options.start > keyed.start):
        found.append(
            warning(
                rel,
                line_of(tokens[keyed.start]),
                "answer key has no numbered options before it",
                "list the options as a numbered list (1. ..., 2. ...) above the answer callout",
            )
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
                _title_line(source) if source else 1,
                f'title "{post.title}" is already used by {first[name].location.path}',
                "readers tell posts apart by their titles; give this one a different title",
            )
        )
    return found


def _title_line(source: SourceFile) -> int:
    """The line of the `title:` key in the front matter (1 when it cannot be found)."""
    for number, line in enumerate(source.text.split("\n")[1:], start=2):
        if line.rstrip() == "---":
            break
        if _TITLE_KEY.match(line):
            return number
    return 1


# ------------------------------------------------------------------------------------------------
# Links and images: every internal URL in a post must name a file of the built site.


def _trial_build(
    config: SiteConfig, posts: Sequence[Post], sources: dict[str, SourceFile]
) -> list[Diagnostic]:
    """Build into a throw-away folder and check each post's internal links against it."""
    with tempfile.TemporaryDirectory(prefix="quizsite-check-") as scratch:
        output = Path(scratch) / "site"
        try:
            result = build(config.root, output, drafts=config.drafts)
        except BuildFailed as failure:
            return list(failure.diagnostics)
        found = list(result.warnings)
        for post in posts:
            found.extend(link_problems(post, config, output, sources.get(post.location.path)))
        return found


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
    post: Post, config: SiteConfig, site_dir: Path, source: SourceFile | None
) -> list[Diagnostic]:
    """Warnings for links and images in `post` that name nothing in the built site."""
    base = config.base_path
    page = Urls(base).post(post.slug)
    found = []
    for tag, url in _links(post.body_html):
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
                        else "files beside a folder post (content/posts/NAME/index.qmd) are "
                        f"published with it, files in static/ at the site root ({base})"
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
    front = split_front_matter(source)
    first = front.body_line if not isinstance(front, Diagnostic) else 1
    lines = source.text.split("\n")
    for variant in dict.fromkeys((url, unquote(url))):
        # Whole URLs only: `/posts/x/` must not match inside `/blog/posts/x/`.
        pattern = re.compile(rf"(?:^|[\s(<\"'=:])({re.escape(variant)})(?=$|[\s)>\"'])")
        for number in range(first, len(lines) + 1):
            if pattern.search(lines[number - 1]):
                return number
    return 1
