"""The whole pipeline: config → sources → posts → site → pages → output folder."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import BuildFailed, Diagnostic, error, has_errors
from .markdown import pygments_css
from .model import Post
from .output import check_output_dir, write_site
from .parse import parse_post
from .render import render_pages, site_pages, theme_dirs
from .sources import find_post_paths, is_ignored, read_source
from .taxonomy import index_site


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a successful build did."""

    output: Path
    pages: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]


def read_posts(config: SiteConfig) -> tuple[list[Post], list[Diagnostic]]:
    """Read and parse every post under content/, collecting all problems."""
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
    posts: list[Post] = []
    problems: list[Diagnostic] = []
    for path in find_post_paths(config.content_dir):
        source = read_source(path, config.root, config.content_dir)
        if isinstance(source, Diagnostic):
            problems.append(source)
            continue
        post, found = parse_post(source)
        problems.extend(found)
        if post is not None:
            posts.append(post)
    problems.extend(_slug_collisions(posts))
    return posts, problems


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
) -> BuildResult:
    """Build the site under `root` into `output` (default `root/site`), or raise BuildFailed."""
    started = time.perf_counter()
    config = load_config(root, base_url=base_url, drafts=drafts)
    output = output if output is not None else root / "site"
    check_output_dir(output, root, config.content_dir)
    posts, problems = read_posts(config)
    if has_errors(problems):
        raise BuildFailed(problems)
    site = index_site(config, posts)
    pages = render_pages(config, site_pages(site))
    files = {
        **pages,
        ".nojekyll": b"",
        "assets/highlight.css": pygments_css(
            config.highlight_style, config.highlight_style_dark
        ).encode(),
    }
    copies = static_files(config, site.posts)
    count = write_site(output, files, copies)
    return BuildResult(output, len(pages), count, time.perf_counter() - started, tuple(problems))
