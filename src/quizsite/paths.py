"""One rule for every file a build reads from the site: it must really be inside the site.

A cloned repository can carry symbolic links (`static/ -> ~/secrets`, a template linked to
`/etc/passwd`); a build that followed them would publish what they lead to. Every reader of the
site's own files (posts, static files, themes and templates, the config files, `_metadata.yml`,
included files) asks here first: the path, resolved with every link along it, must be the site
root or below it, or it is refused with a `path: error` naming where it leads.

Use `site_path_problem` to check a path found by walking the site, `resolve_in_site` for a path
an author wrote (an include), and `read_site_text` to read a small file of the site as text.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import BuildFailed, Diagnostic, error

_HINT = "copy it into the site folder: a build reads nothing from outside the site"


class OutsideSite(PermissionError):
    """Raised by readers given a file that leads outside the site (see sources.read_input)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(13, "it leads outside the site, which a build never reads", str(path))


def inside(real: str, folder: str) -> bool:
    """True when the real path `real` is the real folder `folder` or below it."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def shown(path: Path, root: Path) -> str:
    """`path` as messages name it: relative to the site root, POSIX style."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def site_path_problem(path: Path, root: Path, line: int | None = None) -> Diagnostic | None:
    """An error when `path` (a file or folder under the site root as spelled) leads outside
    the site once its links are followed, or is a broken link; None when it is safe to read
    (or does not exist at all: whether that matters is the caller's business)."""
    if not os.path.lexists(path):
        return None
    real = os.path.realpath(path)
    rel = shown(path, root)
    if not Path(real).exists():
        return error(
            rel, line, "broken symbolic link", "restore the file it points to, or remove the link"
        )
    if inside(real, os.path.realpath(root)):
        return None
    if Path(real).is_dir():
        return error(
            rel, line, f"leads to a folder outside the site ({real}); nothing in it was read", _HINT
        )
    return error(rel, line, f"leads to a file outside the site ({real}); it was not read", _HINT)


def check_site_path(path: Path, root: Path, line: int | None = None) -> None:
    """Raise BuildFailed when `path` leads outside the site (see `site_path_problem`)."""
    if (problem := site_path_problem(path, root, line)) is not None:
        raise BuildFailed([problem])


def resolve_in_site(
    written: str, base: Path, root: Path, where: str, line: int | None = None
) -> Path | Diagnostic:
    """The file an author named (`written`, relative to the folder `base`, or to the site root
    when it starts with `/`), or an error at `where:line` when it lies outside the site."""
    if "\0" in written:
        return error(where, line, f"the path {written!r} holds a NUL character", "remove it")
    target = root / written.lstrip("/") if written.startswith("/") else base / written
    real = os.path.realpath(target)
    if not inside(real, os.path.realpath(root)):
        return error(
            where, line, f"{written!r} is outside the site ({real}); it was not read", _HINT
        )
    return Path(real)


def read_site_text(path: Path, root: Path) -> str:
    """A small text file of the site (UTF-8, BOM tolerated), or BuildFailed at its path if it
    leads outside the site or cannot be read or decoded."""
    check_site_path(path, root)
    rel = shown(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildFailed(
            [error(rel, None, f"cannot read this file: {exc.strerror}", "check its permissions")]
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildFailed(
            [error(rel, line, "the file is not valid UTF-8", "save it as UTF-8")]
        ) from None
