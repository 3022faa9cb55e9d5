"""The whole pipeline: config → sources → posts → site → pages → output folder.

`build` runs it from scratch or, given the state of a previous build (watch mode), redoes only
what changed: files whose stamp moved are re-parsed, pages whose view changed are re-rendered,
and only changed output files are written.
"""

from __future__ import annotations

import dataclasses
import operator
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import jinja2

from .cache import (
    CACHE_DIR,
    Manifest,
    Stamp,
    asset_stamps,
    load_state,
    save_kept,
    save_state,
    source_stamp,
    stamp,
    uncollected,
)
from .collisions import without_shadowed
from .config import SiteConfig, default_output, load_config
from .diagrams import MERMAID_ASSET, mermaid_copy
from .errors import BuildFailed, Diagnostic, error, has_errors
from .execute import executing
from .fragments import forget_fragments
from .guards import check_collisions
from .markdown import pygments_css
from .memo import AS_RENDERED, Memo, MemoEntries, cached_views
from .model import Post, Site
from .output import (
    build_id_of,
    check_output_dir,
    digest,
    recover,
    update_site,
    write_files,
    write_site,
)
from .parse import parse_post
from .paths import check_site_path
from .plan import site_pages
from .quarto_project import rendered
from .quarto_urls import post_url_path
from .quiz_lint import strict
from .render import Context, render_pages
from .search import SearchIndex, index_search
from .sources import (
    POST_SUFFIXES,
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
from .taxonomy import index_site
from .templates import environment, render_page
from .themes import template_stamp, theme_static
from .urls import alias_path
from .views import Page

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Up to this many changed files are written in place (a build killed meanwhile leaves the next
# one to write the whole site); more, and the site is staged and swapped, which costs a folder
# per page and leaves the old site whole whatever happens.
IN_PLACE_LIMIT = 200
# Below this many posts to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass(frozen=True)
class ParsedSource:
    """One source file's parse result, valid while its stamp (and its folder's) is unchanged,
    or, once the stamp moved, while its text is the same."""

    found: PostPath  # where the scan found it, with its folder's files
    stamp: tuple[object, ...]
    post: Post | None
    problems: tuple[Diagnostic, ...]
    digest: bytes  # `SourceFile.digest()` of the text parsed (empty: the file was not read)
    # Other files the parse read or looked for, with digests of what it found (see sources.py).
    reads: tuple[tuple[str, bytes | None], ...] = ()


@dataclass(frozen=True)
class BuildState:
    """What a build produced; the next build (watch mode, or a CLI build through the cache)
    starts from it and redoes only what changed."""

    config: SiteConfig
    output: Path
    build_id: str  # also in the output's marker: tells whether the output is still this build's
    parsed: Mapping[Path, ParsedSource]
    templates: tuple[tuple[str, int, int], ...]
    pages: Mapping[str, Context]  # the view each page was rendered from
    views: MemoEntries  # the views those are made of, for the next build to reuse
    files: Mapping[str, bytes]  # digest of every generated file, pages included
    copies: Mapping[str, tuple[Path, Stamp]]  # copied files and the source stamp copied
    statics: Mapping[str, tuple[Path, Stamp]]  # the theme's and the site's static files
    next_due: datetime | None  # the first post dated after this build: it shows from then on
    search: SearchIndex | None  # the search index written (None with search off)
    site: Site  # the site index the pages were made from
    shadowed: tuple[Diagnostic, ...] = ()  # files not copied where the site writes its own

    def for_cache(self) -> BuildState:
        """This state as the build cache saves it: without the pages' views, which a loaded
        state does not need (see `render.cached_views`)."""
        return dataclasses.replace(
            self,
            pages=dict.fromkeys(self.pages, AS_RENDERED),
            views=cached_views(self.views),
        )


@dataclass(frozen=True)
class BuildResult:
    """What a successful build did."""

    output: Path
    pages: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]
    state: BuildState
    rendered: tuple[str, ...]  # pages rendered by this build (others were reused)
    written: tuple[str, ...]  # output files written (all of them on a full build)
    removed: tuple[str, ...]  # output files deleted by an incremental build


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
    check_site_path(config.content_dir, config.root)  # content/ linked out of the site: refused
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
        if before is not None and before.found == found and reads_unchanged(before.reads, seen):
            if before.stamp == current:
                parsed[found.path] = before
                continue
            # A new stamp need not mean new text: a fresh checkout stamps every file anew.
            # Reading costs little next to parsing, and a parse depends on the file alone. (A
            # file that did change is read again by its parser: holding every text read here
            # until then would cost much memory on a big site, and an edit reads one.)
            source = read_source(found, config.root)
            if isinstance(source, SourceFile) and source.digest() == before.digest:
                parsed[found.path] = dataclasses.replace(before, stamp=current)
                continue
        parsed[found.path] = before or ParsedSource(found, (), None, (), b"")  # keeps the order
        todo.append((found, config.root, current))
    count = _cores(len(todo), PARALLEL_THRESHOLD)
    share = partial(_parse_share, todo)
    for results in [share(0, 1)] if count == 1 else _shared(share, count):
        parsed.update(results)
    return parsed


def _owners_of(
    previous: Mapping[Path, ParsedSource], changed: Collection[Path], config: SiteConfig
) -> set[Path] | None:
    """The posts owning the changed files under content/, or reading them, or None when one
    is not a file of a known post (new, deleted, a folder): then only a scan can tell what
    the content is."""
    owners: dict[Path, Path] | None = None  # each post and asset's post, made when needed
    reached: set[Path] = set()
    readers: dict[str, list[Path]] | None = None  # each file parses read, made when needed
    for path in changed:
        if path not in previous:  # a file posts read (metadata, a bibliography, an include)?
            readers = readers_of(previous) if readers is None else readers
            reached.update(readers.get(str(path), ()))
        if config.content_dir not in path.parents and path not in previous:
            if path.name.endswith(POST_SUFFIXES) and str(path) not in (readers or {}):
                return None  # a new page (`about.qmd`) outside the posts: scan for it
            continue  # the config, templates and static files are looked at on every build
        if path in previous:  # mostly: the post file itself, no map of assets needed
            owner: Path | None = path
        else:
            if owners is None:
                owners = {a: p for p, s in previous.items() for a in s.found.assets}
            owner = owners.get(path)
            if owner is None and readers and str(path) in readers and _unlisted(path, config):
                continue  # read by posts, never listed by a scan
        if is_metadata(path):
            return None  # a `_metadata.yml` applies to every post below it: scan them all
        # New, gone or a folder: a post's files may have changed, which only a scan can tell
        # (a post keeps the files it was found with).
        if owner is None or not path.is_file():
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
    return [_parse_one(*job) for job in todo[k::count]]


def _parse_one(
    found: PostPath, root: Path, current: tuple[object, ...]
) -> tuple[Path, ParsedSource]:
    """Read and parse one post."""
    source = read_source(found, root)
    if isinstance(source, Diagnostic):
        return found.path, ParsedSource(found, current, None, (source,), b"")
    with recording_reads(root) as reads:  # nothing outside the site is read
        post, problems = parse_post(source)
    return found.path, ParsedSource(
        found, current, post, problems, source.digest(), tuple(reads.items())
    )


def _cores(jobs: int, threshold: int) -> int:
    """How many processes to spread `jobs` over: every core, when there are `threshold` jobs.

    Worker processes are forked, so they start in milliseconds with everything imported. A
    process with other threads running (watch, serve) is never forked: a fork copies their
    locks in whatever state they are; those builds work in one process.
    """
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    if jobs < threshold or threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    return max(1, cores)


R = TypeVar("R")


def _shared(function: Callable[[int, int], R], count: int) -> list[R]:
    """`function(k, count)` for each share k, share 0 in this process and the others in forked
    ones, which inherit everything in memory: nothing big is pickled on the way in."""
    import multiprocessing  # here: most builds (an edit, watch mode) never fork

    context = multiprocessing.get_context("fork")
    workers = []
    for k in range(1, count):
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_send, args=(function, k, count, send), daemon=True)
        worker.start()
        send.close()
        workers.append((worker, receive))
    try:
        results = [function(0, count)]
        for _, receive in workers:
            done, value = receive.recv()
            if not done:
                raise value
            results.append(value)
    finally:
        for worker, receive in workers:
            receive.close()
            worker.join(timeout=5)
            if worker.is_alive():  # share 0 failed while this one still ran
                worker.terminate()
                worker.join()
    return results


def _send(function: Callable[[int, int], R], k: int, count: int, send: Connection) -> None:
    """A forked worker's body: one share's result (or its exception) down the pipe."""
    try:
        message: tuple[bool, object] = (True, function(k, count))
    except BaseException as exc:  # the parent raises it; a worker must not die silently
        message = (False, exc)
    send.send(message)
    send.close()


# Below this many pages, forking renderers costs more than it saves.
PARALLEL_RENDER_THRESHOLD = 256


def render_into(
    folder: Path, env: jinja2.Environment, root: Path, pages: Sequence[Page]
) -> dict[str, bytes]:
    """Render `pages` into files under `folder` (on every core for a big site); returns each
    file's digest. Template problems fail the build, all of them at once, in page order."""
    # The folders holding other folders ("posts/", "tags/") are made here, parents first.
    # Every other one is made by the process writing its pages: on a slow disk a mkdir can
    # take most of a post page's time, and so it overlaps the other's rendering rather than
    # running, one a post, before the work is shared out (figures: docs/performance.md).
    inner = {""}  # as paths under `folder`; "" is `folder` itself
    for page in pages:
        place = page.path.rpartition("/")[0]
        while place and (parent := place.rpartition("/")[0]) not in inner:
            inner.add(parent)
            place = parent
    for made in sorted(inner):  # a folder's path is a prefix of its subfolders': first
        (folder / made).mkdir(exist_ok=True)
    count = _cores(len(pages), PARALLEL_RENDER_THRESHOLD)
    share = partial(_render_share, folder, env, root, pages, inner)
    results = [share(0, 1)] if count == 1 else _shared(share, count)
    digests: dict[str, bytes] = {}
    problems: dict[str, tuple[int, Diagnostic]] = {}
    for written, found in results:
        digests.update(written)
        for index, problem in found:
            key = problem.format()
            if key not in problems or index < problems[key][0]:
                problems[key] = (index, problem)
    if problems:
        raise BuildFailed([problem for _, problem in sorted(problems.values(), key=_first)])
    return digests


def _first(entry: tuple[int, Diagnostic]) -> int:
    return entry[0]


def _render_share(
    folder: Path,
    env: jinja2.Environment,
    root: Path,
    pages: Sequence[Page],
    inner: Collection[str],
    k: int,
    count: int,
) -> tuple[dict[str, bytes], list[tuple[int, Diagnostic]]]:
    """Render and write the pages in the `k`-th of `count` shares of the folders (by a hash
    of their paths, the same in forked processes), making each folder not `inner`: their
    digests, and problems with the index of the page that met them."""
    digests: dict[str, bytes] = {}
    problems: list[tuple[int, Diagnostic]] = []
    made = set(inner)
    for index, page in enumerate(pages):
        place = page.path.rpartition("/")[0]
        if hash(place) % count != k:
            continue
        if place not in made:
            made.add(place)
            (folder / place).mkdir(exist_ok=True)  # a post's copied files may have made it
        try:
            data = render_page(env, root, page)
        except BuildFailed as failure:
            problems.extend((index, problem) for problem in failure.diagnostics)
            continue
        (folder / page.path).write_bytes(data)
        digests[page.path] = digest(data)
    return digests, problems


def read_posts(
    config: SiteConfig, previous: BuildState | None = None
) -> tuple[list[Post], list[Diagnostic]]:
    """Read and parse every post under content/ (reusing the parses of `previous` for files
    unchanged since), collecting all problems."""
    parsed, problems = read_parses(config, previous)
    return [p.post for p in parsed if p.post is not None], problems


def read_parses(
    config: SiteConfig, previous: BuildState | None = None
) -> tuple[list[ParsedSource], list[Diagnostic]]:
    """As `read_posts`, but each post file's parse, with where the scan found it."""
    parsed = list(parse_sources(config, previous.parsed if previous is not None else {}).values())
    posts = [p.post for p in parsed if p.post is not None]
    # A `_metadata.yml` problem is found by every post below it: reported once.
    problems = list(dict.fromkeys(d for p in parsed for d in p.problems))
    return parsed, strict([*config.warnings, *problems, *_slug_collisions(posts)], config, posts)


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


def _check_aliases(posts: Sequence[Post], pages: Sequence[Page], base_path: str) -> None:
    """An alias may not take the address of a real page, nor of another alias."""
    taken = {p.path for p in pages if p.template != "alias.html"}
    problems = []
    for post in posts:
        for alias in post.aliases:
            path = alias_path(alias, base_path)
            if path in taken:
                problems.append(
                    error(
                        post.location.path,
                        post.location.line,
                        f"alias {alias!r} is the address of another page ({path})",
                        "remove the alias, or point it at an address no page uses",
                    )
                )
            taken.add(path)
    if problems:
        raise BuildFailed(problems)


def static_files(
    statics: Mapping[str, tuple[Path, Stamp]],
    sources: Iterable[ParsedSource],
    published: Collection[Post],
) -> dict[str, tuple[Path, Stamp]]:
    """Files copied as they are, with their stamps: theme and site static files (`statics`,
    already stamped), then the assets of the published posts."""
    copies = dict(statics)
    for source in sources:
        post = source.post
        if post is not None and (source.found.assets or post.resources) and post in published:
            copies.update(_asset_copies(source))
    bundle = mermaid_copy(published) if MERMAID_ASSET not in copies else None
    if bundle is not None:  # only a site with a Mermaid diagram carries Mermaid
        copies[MERMAID_ASSET] = (bundle, stamp(bundle))
    return copies


def _asset_copies(source: ParsedSource) -> dict[str, tuple[Path, Stamp]]:
    """Where a post's own files go (beside its page), with the stamps its post's own stamp
    took (no second look at each file)."""
    post = source.post
    assert post is not None  # only a parsed post has a page to put them beside
    folder = f"{post.source_dir}{os.sep}"
    stamps = asset_stamps(source.stamp)
    # The folder holding the page.
    beside = post.slug.rstrip("/") if post.page else post_url_path(post.slug).rsplit("/", 1)[0]
    copies = {
        f"{beside}/{text.removeprefix(folder).replace(os.sep, '/')}": (asset, taken)
        for asset, (text, taken) in zip(source.found.assets, stamps, strict=True)
        if not is_metadata(text)
    }
    # A flat post's resources are stamped here: the scan does not know them.
    copies.update({published: (path, stamp(path)) for published, path in post.resources})
    return copies


def _copies_after_swaps(
    previous: BuildState, parsed: Mapping[Path, ParsedSource], swaps: Mapping[Post, Post]
) -> dict[str, tuple[Path, Stamp]] | None:
    """The last build's copies with the new stamps of the files of posts read again, when
    the site only swapped edited posts in and the sources are the very files of the last build
    in the same order (else None). Such a post keeps its slug (a swap does) and its files (one
    added or deleted makes the build scan, and a scan makes new keys). A loop over every
    source reads objects strewn over the whole heap, a cost a watch build on a big site
    notices, for the few posts with files of their own."""
    before = previous.parsed
    if len(parsed) != len(before) or not all(map(operator.is_, parsed, before)):
        return None
    copies = dict(previous.copies)
    shown = set(swaps.values())  # a post parsed again is published only if it was swapped in
    for source, old in zip(parsed.values(), before.values(), strict=True):
        if source is not old and (source.found.assets or (source.post and source.post.resources)):
            files = _asset_copies(source)
            if source.post not in shown:  # its text read again unchanged: copied as it was
                files = {path: copy for path, copy in files.items() if path in copies}
            copies.update(files)
    bundle = mermaid_copy(shown) if MERMAID_ASSET not in copies else None
    if bundle is not None:  # an edit drew the site's first Mermaid diagram
        copies[MERMAID_ASSET] = (bundle, stamp(bundle))
    return copies


def output_files(posts: Iterable[Post]) -> dict[str, bytes]:
    """The files the posts' code outputs made, beside each post's page."""
    # Beside the page: in its folder, or beside a Quarto `name.html` page.
    return {
        f"{post_url_path(post.slug).rsplit('/', 1)[0]}/{name}": data
        for post in posts
        for name, data in post.files
    }


def _same_pages(before: Sequence[Post], now: Sequence[Post]) -> bool:
    """True when the standalone pages are the very ones of the last build."""
    return len(before) == len(now) and all(map(operator.is_, before, now))


def _new_build_id() -> str:
    """A random id for the output's marker (what `secrets.token_hex` does, without importing
    `secrets` and `random` into every build)."""
    return os.urandom(8).hex()


def save_cache(root: Path, state: BuildState) -> None:
    """Save `state` (as `BuildState.for_cache` gives it) in the site's build cache, with the
    manifest of the inputs it was built from."""
    save_state(root / CACHE_DIR, state, state.parsed)
    save_kept(
        root / CACHE_DIR,
        "manifest",
        Manifest(
            output=state.output,
            build_id=state.build_id,
            config=state.config,
            templates=state.templates,
            sources={str(path): source.stamp for path, source in state.parsed.items()},
            reads={str(path): s.reads for path, s in state.parsed.items() if s.reads},
            statics=state.statics,
            next_due=state.next_due,
        ),
    )


def _same_parses(parsed: Mapping[Path, ParsedSource], before: Mapping[Path, ParsedSource]) -> bool:
    """True when every source is the very parse result of the earlier build (none re-read).
    Both hold the sources in scan order, and a result names its own path: comparing the
    values in order says it, without hashing every path."""
    return len(parsed) == len(before) and all(map(operator.is_, parsed.values(), before.values()))


# A build makes next to no cyclic garbage (a failed one's traceback holds some, see watch.py),
# while the collector's passes over the posts and views it keeps were a large share of parsing
# and of planning the pages on a big site (figures: docs/performance.md).
@uncollected(freeze=True)
def build(
    root: Path,
    output: Path | None = None,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    future: bool = False,
    now: datetime | None = None,
    previous: BuildState | None = None,
    guard: Callable[[], AbstractContextManager[object]] | None = None,
    cache: bool = False,
    changed: Collection[Path] | None = None,
) -> BuildResult:
    """Build the site under `root` into `output` (default `root/site`), or raise BuildFailed.

    With `previous` (the state of the last build into the same output) or, with `cache`, the
    state saved in the site's cache folder, only what changed is redone; with `cache`, the
    state returned is the one saved there (without the pages' views: `BuildState.for_cache`).
    The new site is staged and swapped in, unchanged files hard-linked across; with `guard`
    (watch mode) changes are instead applied in place while holding it (the dev server's
    write lock). `changed`, with `previous`, names the files changed since (see
    `parse_sources`).
    """
    started = time.perf_counter()
    config = load_config(root, base_url=base_url, drafts=drafts, future=future)
    root = config.root  # absolute, as the state and the cache know the site
    output = (output if output is not None else default_output(root)).resolve()
    check_output_dir(output, root, config.content_dir)
    recover(output)
    if previous is None and cache:
        previous = load_state(root / CACHE_DIR, BuildState)
    # The parses depend on the files alone: they serve a build into another output too (the
    # trial build of `quizsite check`); nothing else of the last build does.
    parses = previous.parsed if previous is not None else {}
    if previous is not None and previous.output != output:
        previous = None
    # Reuse needs the output to still be what the previous build wrote (its marker says so);
    # and only then do the changes named (since that build) tell what else is as it was.
    intact = previous is not None and build_id_of(output) == previous.build_id
    with executing(config.execute, config.execute_timeout, root / CACHE_DIR):
        parsed = parse_sources(config, parses, changed if intact else None)
    posts = [p.post for p in parsed.values() if p.post is not None]
    problems = list(dict.fromkeys(d for p in parsed.values() for d in p.problems))
    problems = [*config.warnings, *problems, *_slug_collisions(posts)]
    problems = strict(problems, config, posts)  # quiz-shape warnings, or errors
    if has_errors(problems):
        raise BuildFailed(problems)
    moment = now or datetime.now()
    # Every file named as changed is under content/: the templates and static files are as
    # the previous build found them (the watcher names every file its events touch, and looks
    # at everything once edits pause; the CLI names files only when its manifest found the
    # templates and static files unchanged).
    if (
        intact
        and previous is not None
        and changed is not None
        and previous.config == config
        and all(config.content_dir in path.parents for path in changed)
    ):
        templates, statics = previous.templates, previous.statics
    else:
        templates = template_stamp(config)
        statics = {r: (p, stamp(p)) for r, p in theme_static(config).items()}
    reuse = intact and previous is not None and previous.config == config
    reuse = reuse and previous is not None and previous.templates == templates
    same_sources = previous is not None and _same_parses(parsed, previous.parsed)
    if (  # every input as it was (watch mode's check once edits pause, a repeated event)
        reuse
        and previous is not None
        and same_sources
        and statics == previous.statics
        and (previous.next_due is None or moment < previous.next_due)
    ):
        return BuildResult(
            output=output,
            pages=len(previous.pages),
            files=len(previous.files) + len(previous.copies),
            seconds=time.perf_counter() - started,
            warnings=(*problems, *previous.shadowed),
            state=previous,
            rendered=(),
            written=(),
            removed=(),
        )
    standalone = tuple(p for p in posts if p.page and (config.drafts or not p.draft))
    posts = [p for p in posts if not p.page]
    site, swaps = index_site(config, posts, moment, previous.site if previous is not None else None)
    site = dataclasses.replace(site, pages=standalone)
    if previous is not None and not _same_pages(previous.site.pages, standalone):
        swaps = None  # a page changed: the menu's titles may too, so every page is looked at
    # When the last build's views are reusable and the site only swapped edited posts in,
    # only what those posts reach is made, checked and compared; the rest is the last build's.
    swaps = swaps if reuse else None
    memo = Memo(previous.views if previous is not None and reuse else None)
    planned = site_pages(site, memo, swaps)
    if swaps is None:  # a swap keeps every page and alias as last checked
        _check_aliases(site.posts, planned, config.base_path)
    env = environment(config, templates, root / CACHE_DIR / "templates" if cache else None)
    extras = {
        ".nojekyll": b"",
        "assets/highlight.css": pygments_css(
            config.highlight_style, config.highlight_style_dark
        ).encode(),
        **output_files(site.posts),  # figures drawn by the posts' code
    }
    patched = (
        _copies_after_swaps(previous, parsed, swaps)
        if previous is not None and swaps is not None and statics == previous.statics
        else None
    )
    copies = (
        patched
        if patched is not None
        else static_files(statics, parsed.values(), {*site.posts, *site.pages})
    )
    # Where the site writes a file of its own, nothing is copied, whichever way it is written.
    pages: Collection[str] = (  # a swap keeps every page: those planned are the ones it reaches
        previous.pages if swaps is not None and previous is not None else {p.path for p in planned}
    )
    copies, found_shadowed = without_shadowed(copies, root, pages, extras)
    if patched is not None and previous is not None:  # what it left out, the last build said
        found_shadowed = [*previous.shadowed, *found_shadowed]
    shadowed = tuple(dict.fromkeys(found_shadowed))
    problems += shadowed
    if swaps is None:  # a copy where the site needs a folder of pages, or inside a page
        check_collisions([page.path for page in planned], copies, root)

    def searched() -> SearchIndex | None:
        if not config.search:
            return None
        # Made from the posts alone, never the pages: the last build's index serves, for
        # the posts it has the very same of, even in a new output (CI, with the cache).
        kept = previous.search if previous is not None and previous.config == config else None
        return index_search(site, kept)

    if previous is None or not intact:
        # A whole new site: pages are rendered straight into the staging folder (on every
        # core), so no page's bytes are held longer than it takes to write them.
        build_id = _new_build_id()
        contexts = {page.path: page.context for page in planned}
        digests = {path: digest(data) for path, data in extras.items()}
        copied = {r: p for r, (p, _) in copies.items()}
        indexed: list[SearchIndex] = []

        def fill(staging: Path) -> None:
            digests.update(render_into(staging, env, config.root, planned))
            # Indexed once the pages are written: the forked renderers then share a parent
            # without the index, and the whole tree's memory peaks lower.
            index = searched()
            if index is not None:
                write_files(staging, index.files)
                digests.update(index.digests)  # they come named by their digests
                indexed.append(index)

        write_site(output, extras, copied, build_id=build_id, fill=fill)
        search = indexed[0] if indexed else None
        found = search.files if search is not None else {}
        rendered = tuple(contexts)
        written: tuple[str, ...] = rendered + tuple(extras) + tuple(found) + tuple(copies)
        removed: tuple[str, ...] = ()
    else:
        search = searched()
        # Its files come with their digests (they are named by them), and most are as they were.
        found, found_digests = (search.files, search.digests) if search is not None else ({}, {})
        contexts, generated = render_pages(
            env, config.root, planned, previous.pages if reuse else {}
        )
        rendered = tuple(generated)
        generated |= extras
        digests = {path: digest(data) for path, data in generated.items()}
        before_search = previous.search.digests if previous.search is not None else {}
        if swaps is not None:
            # Only the pages a swap reaches were planned: every other page, and its digest, is
            # the last build's. The search index's files are listed afresh below.
            contexts = {**previous.pages, **contexts}
            digests = {**previous.files, **digests}
            for path in before_search:
                del digests[path]
        elif reuse:  # pages whose view did not change keep their digest
            same = contexts.keys() - digests.keys()
            digests = dict(zip(same, map(previous.files.__getitem__, same), strict=True)) | digests
        generated |= found
        digests |= found_digests
        to_write = {p: d for p, d in generated.items() if previous.files.get(p) != digests[p]}
        to_copy = {r: p for r, (p, s) in copies.items() if previous.copies.get(r) != (p, s)}
        # What the last build wrote and this one does not: after a swap, search files only.
        if swaps is not None:
            gone = before_search.keys() - found.keys()
        else:
            gone = set(previous.files) - set(digests)
        # A path that goes from a copy to a made file (or back) is written, not deleted.
        gone = (gone - copies.keys()) | (previous.copies.keys() - copies.keys() - digests.keys())
        removed = tuple(sorted(gone))
        touched = len(to_write) + len(to_copy) + len(removed)
        # Whatever this build changes gets a new id into the marker, so that a state saved
        # by an earlier build (the cache, when watch mode changed the folder since) no longer
        # claims to describe the folder.
        build_id = _new_build_id() if touched else previous.build_id
        if guard is not None and touched:
            with guard():
                update_site(output, to_write, to_copy, removed, build_id=build_id)
        elif touched and touched <= IN_PLACE_LIMIT:
            update_site(output, to_write, to_copy, removed, build_id=build_id)
        elif touched:
            kept = (set(digests) | set(copies)) - set(to_write) - set(to_copy)
            write_site(output, to_write, to_copy, keep=sorted(kept), build_id=build_id)
        written = tuple(to_write) + tuple(to_copy)
    due = [] if config.future else [p.date for p in posts if p.date > moment]
    state = BuildState(
        config,
        output,
        build_id,
        parsed,
        templates,
        contexts,
        memo.entries,
        digests,
        copies,
        statics,
        min(due) if due else None,
        search,
        site,
        shadowed,
    )
    if cache:
        # The state as the cache keeps it is what a command-line build hands back, and the
        # pages' views are let go before pickling, the peak of a big build's memory.
        state = state.for_cache()
        forget_fragments(env)  # their keys are views too
        del planned, memo, contexts
    if cache and not (same_sources and reuse and not (rendered or written or removed)):
        save_cache(root, state)  # only when something changed: it costs
    return BuildResult(
        output=output,
        pages=len(state.pages),
        files=len(digests) + len(copies),
        seconds=time.perf_counter() - started,
        warnings=tuple(problems),
        state=state,
        rendered=rendered,
        written=written,
        removed=removed,
    )
