"""The whole pipeline: config → sources → posts → site → pages → output folder.

`build` runs it from scratch or, given the state of a previous build (watch mode), redoes only
what changed: files whose stamp moved are re-parsed, pages whose view changed are re-rendered,
and only changed output files are written.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import jinja2

from .config import SiteConfig, load_config
from .errors import BuildFailed, Diagnostic, error, has_errors
from .markdown import pygments_css
from .model import Post
from .output import check_output_dir, update_site, write_site
from .parse import parse_post
from .render import (
    Page,
    Rendered,
    alias_path,
    make_environment,
    render_pages,
    site_pages,
    template_stamp,
    theme_dirs,
)
from .sources import is_ignored, read_source, scan_content
from .taxonomy import index_site

# What identifies a file's version without reading it: an editor's save changes at least one.
Stamp = tuple[int, int, int]


def stamp(path: Path) -> Stamp:
    """Modification time, size and inode of a file."""
    info = path.stat()
    return (info.st_mtime_ns, info.st_size, info.st_ino)


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """One source file's parse result, valid while its stamp (and its folder's) is unchanged."""

    stamp: tuple[object, ...]
    post: Post | None
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class BuildState:
    """What a build produced; watch mode hands it to the next build so that one does less."""

    config: SiteConfig
    output: Path
    parsed: Mapping[Path, ParsedSource]
    templates: tuple[tuple[str, int, int], ...]
    pages: Mapping[str, Rendered]
    files: Mapping[str, bytes]  # every generated file, pages included
    copies: Mapping[str, tuple[Path, Stamp]]  # copied files and the source stamp copied
    env: jinja2.Environment = field(compare=False)


@dataclass(frozen=True, slots=True)
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


def _source_stamp(path: Path, assets: Iterable[Path]) -> tuple[object, ...]:
    """A post's stamp covers its folder's files too, since assets are part of the post."""
    return (stamp(path), *((str(a), stamp(a)) for a in assets))


def parse_sources(
    config: SiteConfig, previous: Mapping[Path, ParsedSource]
) -> dict[Path, ParsedSource]:
    """Parse every post under content/, reusing results for files whose stamp is unchanged."""
    if not config.content_dir.is_dir():
        raise BuildFailed(
            [
                error(
                    "content/",
                    None,
                    "there is no content/ folder in the site root",
                    "put your posts in content/posts/, or point quizsite at the site's folder",
                )
            ]
        )
    parsed: dict[Path, ParsedSource] = {}
    for found in scan_content(config.content_dir):
        path = found.path
        before = previous.get(path)
        current = _source_stamp(path, found.assets)
        if before is not None and before.stamp == current:
            parsed[path] = before
            continue
        source = read_source(found, config.root)
        if isinstance(source, Diagnostic):
            parsed[path] = ParsedSource(current, None, (source,))
            continue
        post, problems = parse_post(source)
        parsed[path] = ParsedSource(current, post, problems)
    return parsed


def read_posts(config: SiteConfig) -> tuple[list[Post], list[Diagnostic]]:
    """Read and parse every post under content/, collecting all problems."""
    parsed = parse_sources(config, {})
    posts = [p.post for p in parsed.values() if p.post is not None]
    problems = [d for p in parsed.values() for d in p.problems]
    return posts, problems + _slug_collisions(posts)


def _slug_collisions(posts: Sequence[Post]) -> list[Diagnostic]:
    """Two posts may not share a URL, whatever their file names."""
    by_slug: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        by_slug[post.slug].append(post)
    problems = []
    for slug, same in by_slug.items():
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


def static_files(config: SiteConfig, posts: Sequence[Post]) -> dict[str, Path]:
    """Files copied as they are: theme static/ (site's theme wins), site static/, post assets."""
    copies: dict[str, Path] = {}
    folders = [d / "static" for d in reversed(theme_dirs(config))] + [config.root / "static"]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = path.relative_to(folder)
            if path.is_file() and not any(is_ignored(part) for part in rel.parts):
                copies[rel.as_posix()] = path
    for post in posts:
        for asset in post.assets:
            copies[f"posts/{post.slug}/{asset.relative_to(post.source_dir).as_posix()}"] = asset
    return copies


def build(
    root: Path,
    output: Path | None = None,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    future: bool = False,
    now: datetime | None = None,
    previous: BuildState | None = None,
    guard: Callable[[], AbstractContextManager[object]] = nullcontext,
) -> BuildResult:
    """Build the site under `root` into `output` (default `root/site`), or raise BuildFailed.

    With `previous` (the state of the last build into the same output), work is reused and the
    output is updated in place, under `guard` (the dev server's lock); otherwise the whole site
    is written to a staging folder and swapped in.
    """
    started = time.perf_counter()
    config = load_config(root, base_url=base_url, drafts=drafts, future=future)
    output = output if output is not None else root / "site"
    check_output_dir(output, root, config.content_dir)
    if previous is not None and previous.output != output:
        previous = None
    parsed = parse_sources(config, previous.parsed if previous else {})
    posts = [p.post for p in parsed.values() if p.post is not None]
    problems = [d for p in parsed.values() for d in p.problems] + _slug_collisions(posts)
    if has_errors(problems):
        raise BuildFailed(problems)
    site = index_site(config, posts, now or datetime.now())

    templates = template_stamp(config)
    reuse = previous is not None and previous.config == config and previous.templates == templates
    env = previous.env if previous is not None and reuse else make_environment(config)
    planned = list(site_pages(site))
    _check_aliases(site.posts, planned, config.base_path)
    pages, rendered = render_pages(
        env, config.root, planned, previous.pages if previous and reuse else {}
    )
    files = {path: page.data for path, page in pages.items()}
    files[".nojekyll"] = b""
    files["assets/highlight.css"] = pygments_css(
        config.highlight_style, config.highlight_style_dark
    ).encode()
    copies = {rel: (path, stamp(path)) for rel, path in static_files(config, site.posts).items()}
    state = BuildState(config, output, parsed, templates, pages, files, copies, env)

    if previous is None or not output.is_dir():
        write_site(output, files, {rel: path for rel, (path, _) in copies.items()})
        written: tuple[str, ...] = tuple(files) + tuple(copies)
        removed: tuple[str, ...] = ()
    else:
        changed = {p: d for p, d in files.items() if previous.files.get(p) != d}
        to_copy = {r: p for r, (p, s) in copies.items() if previous.copies.get(r) != (p, s)}
        removed = tuple(
            sorted((set(previous.files) | set(previous.copies)) - set(files) - set(copies))
        )
        if changed or to_copy or removed:
            with guard():
                update_site(output, changed, to_copy, removed)
        written = tuple(changed) + tuple(to_copy)
    return BuildResult(
        output=output,
        pages=len(pages),
        files=len(files) + len(copies),
        seconds=time.perf_counter() - started,
        warnings=tuple(problems),
        state=state,
        rendered=rendered,
        written=written,
        removed=removed,
    )
