"""Where a site's theme lives: the folders searched for templates and static files."""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME, SiteConfig, key_line
from .errors import BuildFailed, Diagnostic, error
from .sources import is_ignored, link_problem

PACKAGE_THEMES = Path(__file__).parent / "themes"
# In a source checkout (editable install) the themes sit at the repository top, not in the package.
SOURCE_THEMES = Path(__file__).resolve().parents[2] / "themes"


def theme_dirs(config: SiteConfig) -> tuple[Path, ...]:
    """Theme folders to search, most specific first: the site's, then the shipped ones."""
    shipped = PACKAGE_THEMES if PACKAGE_THEMES.is_dir() else SOURCE_THEMES
    candidates = [
        config.root / "themes" / config.theme,
        shipped / config.theme,
        shipped / "default",
    ]
    found = [p for p in dict.fromkeys(candidates) if p.is_dir()]
    if not any(p.name == config.theme for p in found):
        config_file = config.root / CONFIG_NAME
        text = (
            config_file.read_text(encoding="utf-8-sig", errors="replace")
            if config_file.is_file()
            else ""
        )
        raise BuildFailed(
            [
                error(
                    CONFIG_NAME,
                    key_line(text, "theme"),
                    f"theme '{config.theme}' not found",
                    f'create themes/{config.theme}/templates/ or set theme = "default"',
                )
            ]
        )
    return tuple(found)


def template_stamp(config: SiteConfig) -> tuple[tuple[str, int, int], ...]:
    """Path, size and modification time of every template: any change re-renders every page."""
    return tuple(
        (str(path), stat.st_size, stat.st_mtime_ns)
        for folder in theme_dirs(config)
        for path in sorted((folder / "templates").rglob("*"))
        if (stat := path.stat()) and path.is_file()
    )


def theme_static(config: SiteConfig) -> dict[str, Path]:
    """Static files of the theme (the site's theme folder wins) and of the site's static/."""
    copies: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    folders = [d / "static" for d in reversed(theme_dirs(config))] + [config.root / "static"]
    for folder in folders:
        own = config.root in folder.parents  # the site's files, as opposed to shipped ones
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = path.relative_to(folder)
            if any(is_ignored(part) for part in rel.parts):
                continue
            # A link out of the site (say, to ~/.ssh) must never be published.
            problem = link_problem(path, config.root) if own else None
            if problem is not None:
                problems.append(problem)
            elif path.is_file():
                copies[rel.as_posix()] = path
    favicon = (config.root / config.favicon.lstrip("/")).resolve() if config.favicon else None
    # Quarto's `website.favicon`: published at its place in the site (never from outside it).
    if favicon is not None and favicon.is_file() and favicon.is_relative_to(config.root):
        copies[favicon.relative_to(config.root).as_posix()] = favicon
    if problems:
        raise BuildFailed(problems)
    return copies
