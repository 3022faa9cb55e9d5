"""The scan and parse phases of a build: which posts to parse again, and the parses kept.

A post's parse is kept from the last build while its file's stamp holds (and its folder's
files', and those of the files it refers to), or, once the stamp moved, while its text is the
same; and while every other file it read still reads the same (`ParsedSource.reads`). What
changed is found by a scan of the content folder, or, when the caller names the files that
changed (watch mode's events, the command line's manifest), by a look at those alone.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import NamedTuple

from . import forks
from .config import SiteConfig
from .errors import BuildFailed, Diagnostic, error
from .listings import required_problems
from .markdown import warm_for_workers
from .model import Post
from .parse import parse_post
from .paths import check_site_path
from .quarto_project import rendered
from .quiz_lint import strict
from .scan import is_quarto_document
from .sources import (
    PostPath,
    SourceFile,
    is_ignored,
    is_metadata,
    read_source,
    reads_unchanged,
    recording_reads,
    scan_content,
    scan_pages,
)
from .stamps import Stamp, source_stamp, stamp_if_there

# Below this many posts to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64

# Each file a flat post refers to (published beside its page), with its stamp (None: gone).
ResourceStamps = tuple[tuple[str, Stamp | None], ...]


class ParsedSource(NamedTuple):
    """One source file's parse result, valid while its stamp (and its folder's) is unchanged,
    or, once the stamp moved, while its text is the same."""

    found: PostPath  # where the scan found it, with its folder's files
    stamp: tuple[object, ...]
    post: Post | None
    problems: tuple[Diagnostic, ...]
    digest: bytes  # `SourceFile.digest()` of the text parsed (empty: the file was not read)
    # Other files the parse read or looked for, with digests of what it found (see sources.py).
    reads: tuple[tuple[str, bytes | None], ...] = ()
    # The files a flat post refers to, as stamped when last copied (see `resource_stamps`).
    resources: ResourceStamps = ()


def parse_sources(
    config: SiteConfig,
    previous: Mapping[Path, ParsedSource],
    changed: Collection[Path] | None = None,
) -> dict[Path, ParsedSource]:
    """Parse every post under content/, reusing results for files whose stamp is unchanged,
    or whose text is (a file touched, checked out again, or restored with the cache by CI).

    `changed` (watch mode's events) lists the files that may have changed since `previous`:
    when each one is a post or asset `previous` already holds, only those are looked at;
    anything else (a new, deleted or moved file, a folder) means scanning the content folder.
    """
    _check_content_folder(config)
    owners = _owners_of(previous, changed, config) if changed is not None else None
    if owners is None:
        scanned = scan_content(config.content_dir, config.root, quarto=config.quarto)
        scanned += scan_pages(config.root, config.content_dir, config.quarto, config.output_dir)
        scanned = rendered(scanned, lambda f: str(f.path), config.render, config.root)
        parsed: dict[Path, ParsedSource] = {}
    else:  # only the posts named are looked at; the others keep their parse, and their place
        scanned = [previous[path].found for path in owners]
        parsed = dict(previous)
    todo: list[tuple[PostPath, Path, tuple[object, ...]]] = []
    seen: dict[str, bytes | None] = {}  # the files parses read, as they are now
    for found in scanned:
        before = previous.get(found.path)
        current = source_stamp(found.path, found.assets)
        kept = _kept(before, found, current, config.root, seen) if before is not None else None
        if kept is not None:
            parsed[found.path] = kept
            continue
        parsed[found.path] = before or ParsedSource(found, (), None, (), b"")  # keeps the order
        todo.append((found, config.root, current))
    count = forks.cores(len(todo), PARALLEL_THRESHOLD)
    if count > 1:
        warm_for_workers()
    share = partial(_parse_share, todo)
    for results in [share(0, 1)] if count == 1 else forks.shared(share, count):
        parsed.update(results)
    return parsed


def _check_content_folder(config: SiteConfig) -> None:
    """A site without its content folder, or with one linked out of the site, is refused."""
    if config.quarto and not config.content_dir.exists():
        return  # a Quarto project without posts/: its documents are all pages
    if not config.content_dir.is_dir():
        raise BuildFailed(
            [
                error(
                    f"{config.content}/",
                    None,
                    f"there is no {config.content}/ folder in the site root",
                    f"put your posts in {config.content}/posts/, point quizsite at the site's "
                    "folder, or set content_dir in quizsite.toml",
                )
            ]
        )
    check_site_path(config.content_dir, config.root)


def _kept(
    before: ParsedSource,
    found: PostPath,
    current: tuple[object, ...],
    root: Path,
    seen: dict[str, bytes | None],
) -> ParsedSource | None:
    """The last parse of `found` when it still holds (restamped if its stamps moved), else
    None: the post is to be parsed again."""
    if before.found != found or not reads_unchanged(before.reads, seen):
        return None
    resources = resource_stamps(before.post)
    if any(taken is None for _, taken in resources) and resources != before.resources:
        return None  # a file it refers to is gone: the post publishes it no more
    if before.stamp != current:
        # A new stamp need not mean new text: a fresh checkout stamps every file anew.
        # Reading costs little next to parsing, and a parse depends on the file alone. (A
        # file that did change is read again by its parser: holding every text read here
        # until then would cost much memory on a big site, and an edit reads one.)
        source = read_source(found, root)
        if not isinstance(source, SourceFile) or source.digest() != before.digest:
            return None
    elif resources == before.resources:
        return before
    return before._replace(stamp=current, resources=resources)


def resource_stamps(post: Post | None) -> ResourceStamps:
    """The stamps of the files a flat post refers to (None for one that is gone): an edit to
    one is copied again, though the post's own file is as it was."""
    if post is None or not post.resources:
        return ()
    return tuple((str(path), stamp_if_there(path)) for _, path in post.resources)


class _Lookup:
    """What the last parses say about a file that is not a post: whose folder holds it, and
    which posts read it (each map made on first need: most changes are post files)."""

    def __init__(self, previous: Mapping[Path, ParsedSource]) -> None:
        self.previous = previous
        self._owners: dict[Path, Path] | None = None
        self._readers: dict[str, list[Path]] | None = None

    def readers(self, path: Path) -> list[Path]:
        """The posts whose parses read `path` (metadata, a bibliography, an include)."""
        if self._readers is None:
            self._readers = readers_of(self.previous)
        return self._readers.get(str(path), [])

    def owner(self, path: Path) -> Path | None:
        """The folder post `path` is a file of, if any."""
        if self._owners is None:
            self._owners = {a: p for p, s in self.previous.items() for a in s.found.assets}
        return self._owners.get(path)


def _owners_of(
    previous: Mapping[Path, ParsedSource], changed: Collection[Path], config: SiteConfig
) -> set[Path] | None:
    """The posts owning the changed files under content/, or reading them, or None when one
    is not a file of a known post (new, deleted, a folder): then only a scan can tell what
    the content is."""
    lookup = _Lookup(previous)
    reached: set[Path] = set()
    for path in changed:
        if path in previous:  # mostly: the post file itself, no map of assets needed
            owner: Path | None = path
        else:
            readers = lookup.readers(path)
            reached.update(readers)
            if config.content_dir not in path.parents:
                if is_quarto_document(path.name) and not readers:
                    return None  # a new page (`about.qmd`) outside the posts: scan for it
                continue  # the config, templates and static files are looked at on every build
            owner = lookup.owner(path)
            if owner is None and readers and _unlisted(path, config):
                continue  # read by posts, never listed by a scan
        # A `_metadata.yml` applies to every post below it; a file new, gone or a folder may
        # change a post's files, which only a scan can tell (a post keeps the files it was
        # found with).
        if is_metadata(path) or owner is None or not path.is_file():
            return None
        reached.add(owner)
    return reached


def _unlisted(path: Path, config: SiteConfig) -> bool:
    """True when a scan of content/ skips `path` (it, or a folder it is in, is ignored)."""
    return any(map(is_ignored, path.relative_to(config.content_dir).parts))


def readers_of(parsed: Mapping[Path, ParsedSource]) -> dict[str, list[Path]]:
    """Each file that parses read besides their own post, with the posts that read it."""
    readers: dict[str, list[Path]] = {}
    for path, source in parsed.items():
        for read, _ in source.reads:
            readers.setdefault(read, []).append(path)
    return readers


def _parse_share(
    todo: Sequence[tuple[PostPath, Path, tuple[object, ...]]], k: int, count: int
) -> list[tuple[Path, ParsedSource]]:
    """Read and parse every `count`-th post of `todo` from the `k`-th."""
    jobs = todo[k::count]
    # The site's real path, resolved once rather than for each post (a system call a folder).
    real = {root: os.path.realpath(root) for _, root, _ in jobs}
    return [_parse_one(*job, real[job[1]]) for job in jobs]


def _parse_one(
    found: PostPath, root: Path, current: tuple[object, ...], real_root: str | None = None
) -> tuple[Path, ParsedSource]:
    """Read and parse one post (`real_root`: the site's real path, when known)."""
    source = read_source(found, root)
    if isinstance(source, Diagnostic):
        return found.path, ParsedSource(found, current, None, (source,), b"")
    with recording_reads(root, real_root) as reads:  # nothing outside the site is read
        post, problems = parse_post(source)
    return found.path, ParsedSource(
        found,
        current,
        post,
        problems,
        source.digest(),
        tuple(reads.items()),
        resource_stamps(post),
    )


def posts_and_problems(
    config: SiteConfig, parsed: Iterable[ParsedSource]
) -> tuple[list[Post], list[Diagnostic]]:
    """The posts parsed, and every problem once: the config's warnings, the parses' (a
    `_metadata.yml` problem is found by every post below it), slugs taken twice, and the
    quizzes' shape (warnings, or errors under `strict_quizzes`)."""
    sources = list(parsed)
    posts = [p.post for p in sources if p.post is not None]
    problems = list(dict.fromkeys(d for p in sources for d in p.problems))
    found = [*config.warnings, *problems, *_slug_collisions(posts), *required_problems(posts)]
    return posts, strict(found, config, posts)


def read_parses(
    config: SiteConfig, previous: Mapping[Path, ParsedSource] | None = None
) -> tuple[list[ParsedSource], list[Diagnostic]]:
    """Every post file's parse (reusing those of `previous` for files unchanged since), with
    where the scan found it, and every problem, as a build finds them."""
    parsed = list(parse_sources(config, previous or {}).values())
    return parsed, posts_and_problems(config, parsed)[1]


def read_posts(
    config: SiteConfig, previous: Mapping[Path, ParsedSource] | None = None
) -> tuple[list[Post], list[Diagnostic]]:
    """Read and parse every post under content/, as a build does, collecting all problems."""
    return posts_and_problems(config, parse_sources(config, previous or {}).values())


def _slug_collisions(posts: Sequence[Post]) -> list[Diagnostic]:
    """Two posts may not share a URL, whatever their file names."""
    if len({(post.page, post.slug) for post in posts}) == len(posts):
        return []  # the usual case, found without sorting anything
    by_slug: dict[tuple[bool, str], list[Post]] = defaultdict(list)
    for post in posts:
        by_slug[post.page, post.slug].append(post)
    problems = []
    for (_, slug), same in by_slug.items():
        first, *others = sorted(same, key=lambda p: p.location.path)
        for other in others:
            problems.append(
                error(
                    other.location.path,
                    1,
                    f"slug '{slug}' is already used by {first.location.path}",
                    "rename one of the files or give one a different `slug:` in its front matter",
                )
            )
    return problems
