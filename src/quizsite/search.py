"""Full-text search: a Pagefind index of the post pages, in the site's `pagefind/` folder.

Pagefind (the `pagefind[bin]` package, which ships the indexer binary) reads the finished HTML,
indexes what post.html marks with `data-pagefind-body` minus what it marks
`data-pagefind-ignore` (the answer, unless `publish_answers`), and writes a static bundle that
the search page loads: no server, no network. Its output depends only on the pages, so an
unchanged site gets a byte-identical index.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from .errors import BuildFailed, Diagnostic, error

SEARCH_DIR = "pagefind"
# Names the index's other files (by content hash): replaced last, so readers never see a mix.
ENTRY = "pagefind-entry.json"
# Inside the output, where hard links work and a full build sweeps away what a killed one left.
SCRATCH = ".pagefind-pages"
REFRESH = ".pagefind-refresh"  # watch mode's background re-index works here


def index_search(site_dir: Path) -> None:
    """Index the pages in `site_dir` (a staging or scratch folder) into `site_dir/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    command += ["--output-subdir", SEARCH_DIR, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BuildFailed([_problem(str(exc))]) from None
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines() or [
            f"exit status {done.returncode}"
        ]
        # A Python traceback ends with the reason; Pagefind's own errors start with it.
        raise BuildFailed([_problem(said[-1] if said[0].startswith("Traceback") else said[0])])


@contextmanager
def stage_search(
    site_dir: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    removed: Iterable[str],
    enabled: bool,
) -> Iterator[Callable[[], None]]:
    """Index the site as an in-place update (`output.update_site` with the same arguments) is
    about to leave it; give the function that puts that index in place once the update is done.

    The site's pages are hard-linked into a scratch folder, with the changed ones written there
    instead, and indexed there; so a failing indexer leaves the site untouched. Putting the
    index in place replaces only the files that differ (none when only an answer changed).
    When no page changes (a stylesheet, an image), nothing is indexed. With search off, it
    removes an index left by an earlier build.
    """
    current, scratch = site_dir / SEARCH_DIR, site_dir / SCRATCH
    _remove(scratch)
    if not enabled:
        yield lambda: _remove(current)
        return
    removed = set(removed)
    if current.is_dir() and not any(r.endswith(".html") for r in (*files, *copies, *removed)):
        yield lambda: None  # Pagefind reads only the pages: the index stays as it is
        return
    try:
        _mirror_pages(site_dir, scratch, files, copies, removed)
        index_search(scratch)
        yield lambda: _sync(scratch / SEARCH_DIR, current)
    finally:
        _remove(scratch)


def refresh_search(site_dir: Path, guard: Callable[[], AbstractContextManager[object]]) -> None:
    """Re-index the site as it is now and put the index in place (watch mode, in the background).

    The pages are snapshotted by hard links under `guard` (the dev server's write lock, which
    rebuilds also take), indexed outside it, and the changed index files swapped in under it
    again; so a rebuild never waits for the indexer.
    """
    scratch = site_dir / REFRESH
    _remove(scratch)
    try:
        with guard():
            _mirror_pages(site_dir, scratch, {}, {}, set())
        index_search(scratch)
        with guard():
            _sync(scratch / SEARCH_DIR, site_dir / SEARCH_DIR)
    finally:
        _remove(scratch)


def _mirror_pages(
    site_dir: Path,
    scratch: Path,
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    removed: set[str],
) -> None:
    """The HTML pages of the site as the update will leave it (all Pagefind reads)."""
    pages: dict[str, bytes | Path] = {
        page.relative_to(site_dir).as_posix(): page for page in site_dir.rglob("*.html")
    }
    pages.update({rel: source for rel, source in copies.items() if rel.endswith(".html")})
    pages.update({rel: data for rel, data in files.items() if rel.endswith(".html")})
    for rel, content in pages.items():
        if rel in removed or rel.startswith((f"{SEARCH_DIR}/", f"{SCRATCH}/", f"{REFRESH}/")):
            continue
        target = scratch / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
            continue
        try:
            os.link(content, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(content, target)


def _sync(new: Path, current: Path) -> None:
    """Make `current` hold what `new` holds, replacing only the files that differ: new and
    changed files first, the entry file last, then the files only the old index named."""
    wanted = {p.relative_to(new).as_posix(): p for p in new.rglob("*") if p.is_file()}
    found = current.rglob("*") if current.is_dir() else ()
    have = {p.relative_to(current).as_posix(): p for p in found if p.is_file()}
    changed = [rel for rel, path in wanted.items() if rel not in have or not _same(path, have[rel])]
    for rel in sorted(changed, key=lambda rel: rel == ENTRY):
        target = current / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        wanted[rel].replace(target)
    for rel in have.keys() - wanted.keys():
        have[rel].unlink()
    for folder in sorted((p for p in current.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


# Pagefind names these files by a hash of their content (`en_0d693b1.pf_fragment`).
HASH_NAMED = (".pf_fragment", ".pf_index", ".pf_meta")


def _same(new: Path, old: Path) -> bool:
    """Whether two index files are the same: for files named by their content's hash, the
    name (already equal) and the size say so, which spares reading a thousand fragments."""
    if new.suffix in HASH_NAMED:
        return new.stat().st_size == old.stat().st_size
    return filecmp.cmp(new, old, shallow=False)


def _remove(folder: Path) -> None:
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    else:
        shutil.rmtree(folder, ignore_errors=True)


def _problem(reason: str) -> Diagnostic:
    missing = "No module named" in reason or "Could not find pagefind binary" in reason
    return error(
        SEARCH_DIR,
        None,
        f"the search index could not be built: {reason}",
        "install the indexer with `pip install 'pagefind[bin]'` (quizsite depends on it), "
        "or turn search off with `search = false` in quizsite.toml"
        if missing
        else "Pagefind could not index the built pages; to build without search, set "
        "`search = false` in quizsite.toml",
    )
