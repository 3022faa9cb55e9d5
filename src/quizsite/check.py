"""`quizsite check`: what the build reports, plus quiz lint and links, writing no output.

The checks that need the finished pages (links and images) build the site into a temporary
folder that is thrown away; the site's own output folder is never touched. What a check finds
in a post file alone (its lint, the links of its HTML) is kept for the next check, by the
file's text, in the build cache's folder when the site has one. With `external`, outside links
are requested too, and the good answers are kept for a day in `.quizsite-cache/links.json` so
a second run does not ask again.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from .build import BuildState, build
from .cache import CACHE_DIR, load_kept, load_state, save_kept
from .collector import held_off
from .computed import read_document
from .config import SiteConfig, load_config
from .errors import BuildFailed, Diagnostic, error, has_errors, sort_diagnostics, warning
from .external import (
    DEFAULT_TIMEOUT,
    LINK_CACHE,
    WORKERS,
    cache_key,
    external_link_problems,
    outside_links,
)
from .links import link_problems, links_of
from .markdown import markdown_parser
from .model import Post
from .pages import documents_skipped
from .parses import ParsedSource, read_parses
from .paths import shown
from .quiz import find_quiz, reading_heading
from .skipped import content_documents
from .sources import (
    SourceFile,
    front_matter_lines,
    read_source,
)
from .tokens import matching_close

_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)

LineOf = Callable[[Token], int]  # the file line where a token starts


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
        links = {path: found.links for path, found in findings.items()}
        places = outside_links(checked, config, sources, links)
        asked = len({cache_key(url) for url in places})
        found.extend(
            external_link_problems(
                places, root / LINK_CACHE, timeout=timeout, workers=workers, now=time.time()
            )
        )
    files, skipped = _files_read(config, posts, problems)
    # The trial build repeats the warnings read_posts already gave; report each once.
    return CheckReport(len(files), sort_diagnostics(dict.fromkeys(found)), asked, tuple(skipped))


def _files_read(
    config: SiteConfig, posts: Sequence[Post], problems: Sequence[Diagnostic]
) -> tuple[set[str], list[tuple[str, str]]]:
    """The post files under content/ (each either became a post or has an error naming it),
    and the files named like documents that were not taken as documents, with why."""
    content = config.content_dir.relative_to(config.root).as_posix() + "/"
    files = {post.location.path for post in posts if not post.page} | {
        d.location.path for d in problems if d.location.path.startswith(content)
    }
    documents = files | {post.location.path for post in posts}
    found = content_documents(config.content_dir)
    return files, documents_skipped(config, (config.root / p for p in documents), found)


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
    links: tuple[tuple[str, str], ...]  # (tag, url), as `links.links_of` finds them


def post_findings(source: SourceFile, post: Post) -> PostFindings:
    """Lint the post file and list the links of the post's HTML (it is parsed from the file)."""
    return PostFindings(tuple(lint_source(source)), tuple(links_of(post.body_html)))


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
    """A warning at every post whose title an earlier post (by date, then path) already has;
    untitled documents (a Quarto listing page often has no title) share no title."""
    first: dict[str, Post] = {}
    found = []
    for post in sorted(posts, key=lambda p: (p.date, p.location.path)):
        name = " ".join(post.title.casefold().split())
        if not name:
            continue
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
