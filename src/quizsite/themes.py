"""Where a site's theme lives: the folders searched for templates and static files."""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME, SiteConfig, key_line
from .errors import BuildFailed, Diagnostic, error
from .paths import check_site_path, site_path_problem
from .scan import DOCUMENT_SUFFIXES, is_ignored

PACKAGE_THEMES = Path(__file__).parent / "themes"
# In a source checkout (editable install) the themes sit at the repository top, not in the package.
SOURCE_THEMES = Path(__file__).resolve().parents[2] / "themes"


def theme_dirs(config: SiteConfig) -> tuple[Path, ...]:
    """Theme folders to search, most specific first: the site's, then the shipped ones."""
    shipped = PACKAGE_THEMES if PACKAGE_THEMES.is_dir() else SOURCE_THEMES
    # The site's theme folder (themes/ itself, or themes/<name>) linked out of the site is
    # refused, not searched.
    check_site_path(config.root / "themes" / config.theme, config.root)
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
    folders = theme_dirs(config)
    _refuse_outside(config, [folder / "templates" for folder in folders])
    return tuple(
        (str(path), stat.st_size, stat.st_mtime_ns)
        for folder in folders
        for path in sorted((folder / "templates").rglob("*"))
        if (stat := path.stat()) and path.is_file()
    )


def _refuse_outside(config: SiteConfig, folders: list[Path]) -> None:
    """BuildFailed naming every file or folder of the site's own `folders` (and each folder
    itself) that leads outside the site: a template linked to /etc/passwd is never rendered."""
    problems: list[Diagnostic] = []
    for folder in folders:
        if config.root not in folder.parents:
            continue  # a shipped theme: quizsite's own files
        if (problem := site_path_problem(folder, config.root)) is not None:
            problems.append(problem)
            continue
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if (problem := site_path_problem(path, config.root)) is not None:
                problems.append(problem)
    if problems:
        raise BuildFailed(problems)


def theme_static(config: SiteConfig) -> dict[str, Path]:
    """Static files of the theme (the site's theme folder wins) and of the site's static/."""
    copies: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    folders = [d / "static" for d in reversed(theme_dirs(config))] + [config.root / "static"]
    # A link out of the site (say, static/ -> ~/.ssh) must never be published.
    _refuse_outside(config, folders)
    for folder in folders:
        # A Quarto project's static/ is a folder like any other: published where it is, its
        # documents rendered as pages (scan.py), not copied as sources.
        own = config.quarto and folder == config.root / "static"
        _folder_files(folder, "static/" if own else "", config.root, copies, problems)
    if problems:
        raise BuildFailed(problems)
    if config.quarto:  # `project.resources`: published where they are, as Quarto does
        from .quarto_resources import menu_files, resource_files

        copies.update(resource_files(config.root, config.output_dir))
        copies.update(menu_files(config.root))  # a menu's `href: files/CV.pdf`
        # GitHub Pages' custom domain: Quarto copies the project's CNAME into its output, so a
        # site published from `docs/` keeps its domain.
        cname = config.root / "CNAME"
        if cname.is_file() and cname.resolve().is_relative_to(config.root.resolve()):
            copies.setdefault("CNAME", cname)
        from .icon_extensions import asset_files

        copies.update(asset_files(config.root))  # `{{< fa >}}`'s CSS, fonts
    # Quarto's `website.favicon` and navbar logo: published at their place in the site (never
    # from outside it).
    for image in (config.favicon, config.navbar_logo):
        found = (config.root / image.lstrip("/")).resolve() if image else None
        if found is not None and found.is_file() and found.is_relative_to(config.root):
            copies[found.relative_to(config.root).as_posix()] = found
    if config.footer is not None:
        copies.update(_footer_images(config))
    return copies


def _footer_images(config: SiteConfig) -> dict[str, Path]:
    """The site's files the page footer shows or links (quarto.org's sponsor logo, a CV),
    published at their place in the site as Quarto publishes them (never from outside it)."""
    from .look_assets import raw_html_files

    found: dict[str, Path] = {}
    for region in config.footer.regions if config.footer else ():
        for src in raw_html_files(region.html):  # its images and the files it links
            path = (config.root / src.lstrip("/")).resolve()
            if path.is_file() and path.is_relative_to(config.root):
                found[path.relative_to(config.root).as_posix()] = path
    return found


def _folder_files(
    folder: Path, prefix: str, root: Path, copies: dict[str, Path], problems: list[Diagnostic]
) -> None:
    """The files of a static folder into `copies` at `prefix` + their path in it (a Quarto
    static/ folder's documents left to the pages); a pipe or device is a problem."""
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        rel = path.relative_to(folder)
        if any(is_ignored(part) for part in rel.parts):
            continue
        if prefix and path.suffix in DOCUMENT_SUFFIXES:
            continue
        if path.is_file():
            copies[prefix + rel.as_posix()] = path
        elif not path.is_dir():  # a pipe would block the build, a device never end
            problems.append(
                error(
                    path.relative_to(root).as_posix(),
                    None,
                    "this is not a regular file (a named pipe, socket or device): it "
                    "cannot be published",
                    "remove it, or put a regular file in its place",
                )
            )
