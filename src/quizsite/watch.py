"""Watch mode: rebuild on every change to the site's inputs, reusing the previous build.

A rebuild looks at the files the events named when all of them are posts (or their files) it
already knows, and scans the whole content folder otherwise (a new, deleted or moved file, a
folder). Either way the build itself finds what changed (file stamps, view equality), and once
edits pause, one more build scans everything: a missed or oddly ordered event (editors that
save through a temporary file) cannot leave a stale page. A failed build keeps the last good
site and state.
"""

from __future__ import annotations

import stat
import threading
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from . import collector
from .build import BuildResult, BuildState, build, readers_of, save_cache
from .config import CONFIG_NAME, load_config
from .errors import BuildFailed, UsageError
from .lock import site_lock
from .quarto_names import is_environment_file, is_metadata_name, is_project_file
from .sources import is_ignored, is_page_document

# Folders of the site root whose contents are inputs; anything else there is ignored.
INPUT_FOLDERS = ("content", "themes", "static")
DEBOUNCE_SECONDS = 0.01
# Only events that can change a file's content or place. Opens and reads are left out: on a big
# site (thousands of folders) they overflow the kernel's event queue, and watchdog then loses
# real edits while it reconciles its watches.
EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
# A rebuild that trusted the events (looked only at the files they named) is followed, once
# edits pause this long, by one that scans everything: a lost event then costs a moment, not
# a stale page.
VERIFY_DELAY_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class Outcome:
    """One build's result, good or bad, as reported to the watcher's listener."""

    result: BuildResult | None
    # An OSError: the system stopped the build (a full disk, a read-only output); the last
    # good site stays, and the watcher goes on.
    failure: BuildFailed | UsageError | OSError | None


def is_input(path: Path, root: Path, folders: tuple[str, ...] = INPUT_FOLDERS) -> bool:
    """True for files that can change the site: posts, assets, templates, static files, config."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if len(parts) == 1 and parts[0] not in folders:  # an input folder itself: made, moved
        return root_input(parts[0], root)
    # A `_metadata.yml` (or `.yaml`) applies to the documents below it.
    wanted = not is_ignored(parts[-1]) or is_metadata_name(parts[-1])
    return len(parts) >= 1 and parts[0] in folders and wanted


def root_input(name: str, root: Path) -> bool:
    """Whether a file right in the site's root is one a build reads: the configuration, the
    project's settings (`_quarto.yml` or `.yaml`, a profile's, the `.local`) and `_environment`
    files, by their names in any case (a file system that ignores case serves `_quarto.YML`
    where the build asks for `_quarto.yml`), and a Quarto blog's pages (`about.qmd`,
    `index.QMD`), told by the rule the build's scan uses (`is_page_document`)."""
    lower = name.lower()
    if lower == CONFIG_NAME or is_project_file(lower) or is_environment_file(lower):
        return True
    return is_page_document(root / name, root)


def input_folders(root: Path) -> tuple[str, ...]:
    """The top folders holding inputs; a Quarto blog keeps its posts in posts/, not content/."""
    try:
        content = load_config(root).content
    except BuildFailed:
        content = "content"  # the build will report the problem
    return tuple(dict.fromkeys((*INPUT_FOLDERS, Path(content).parts[0] if content else "content")))


class Watcher:
    """Builds once, then again after every burst of changes, until stopped."""

    def __init__(
        self,
        root: Path,
        output: Path | None,
        *,
        listener: Callable[[Outcome], None],
        base_url: str | None = None,
        drafts: bool = False,
        future: bool = False,
        guard: Callable[[], AbstractContextManager[object]] = nullcontext,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.root = root.resolve()
        self.output = output
        self.listener = listener
        self.base_url = base_url
        self.drafts = drafts
        self.future = future
        self.guard = guard
        self.debounce = debounce
        self.state: BuildState | None = None
        # Files outside the input folders that the last build's posts read (a bibliography or
        # `_variables.yml` at the site root, a folder's `_metadata.yml`): edits to them count.
        self.reads: frozenset[str] = frozenset()
        self._cached: BuildState | None = None  # the state the build cache holds
        self._dirty = threading.Event()
        self._changes: set[Path] | None = set()  # files named by events since the last build
        self._changes_lock = threading.Lock()
        # A failed build leaves garbage in cycles (its traceback's frames and their locals),
        # which `build` froze with the rest: the next pause unfreezes and collects all.
        self._collect_frozen = False
        self._stop = threading.Event()
        self._observer = Observer()
        # Each input folder watched, with the inode it had: one deleted and made anew (a git
        # branch switch) is watched again, since the old watch died with the old folder.
        self._watched: dict[Path, tuple[ObservedWatch, int]] = {}
        self._watched_lock = threading.Lock()
        self.folders = input_folders(self.root)
        self._building = threading.Lock()  # one build at a time, whoever asks
        self._lock = ExitStack()
        self._thread = threading.Thread(target=self._loop, name="quizsite-watch", daemon=True)

    def start(self) -> Outcome:
        """Build once, start watching, and return the first build's outcome.

        The site lock is held until `stop`: watch mode updates the output in place, so a CLI
        build swapping the folder underneath it must be refused at once (UsageError).
        """
        self._lock.enter_context(site_lock(self.root, timeout=0))
        # watchdog warns when its recursive watch meets a new folder twice, once from the
        # folder's own event and once from the walk of its parent (`mkdir -p themes/x/y`
        # while watching): it keeps one watch and goes on. Nothing for an author to act on.
        warnings.filterwarnings(
            "ignore", r"Callback with id .* already exists", RuntimeWarning, r"watchdog\."
        )
        handler = _Handler(self)
        self._observer.schedule(handler, str(self.root), recursive=False, event_filter=EVENTS)
        for name in self.folders:
            self.watch_folder(self.root / name)
        # Built before the observer's threads start: a process running no other thread may
        # fork workers to parse and render a whole site. What changes meanwhile is found by
        # the look at everything the watcher's thread takes first, once edits pause.
        outcome = self.rebuild()
        self._observer.start()
        self._thread.start()
        return outcome

    def watch_folder(self, folder: Path, *, again: bool = False) -> None:
        """Watch an input folder recursively: when it appears later, and anew when it is not
        the folder watched (`again`: it was just made, perhaps with the old one's inode)."""
        try:
            info = folder.stat()
        except OSError:
            return
        if not stat.S_ISDIR(info.st_mode):
            return
        with self._watched_lock:
            before = self._watched.get(folder)
            if before is not None and before[1] == info.st_ino and not again:
                return
            self._forget(folder)
            try:
                watch = self._observer.schedule(
                    _Handler(self), str(folder), recursive=True, event_filter=EVENTS
                )
            except OSError as exc:  # the system's limit of watches reached, and the like
                # Said, and tried again at the next look at everything (`reattach`).
                self.listener(Outcome(None, exc))
                return
            self._watched[folder] = (watch, info.st_ino)

    def forget_folder(self, folder: Path) -> None:
        """Stop watching an input folder that was deleted or moved away."""
        with self._watched_lock:
            self._forget(folder)

    def _forget(self, folder: Path) -> None:
        """Drop the watch of `folder`, if any (its emitter may have ended with the folder)."""
        before = self._watched.pop(folder, None)
        if before is not None:
            with suppress(KeyError, OSError):
                self._observer.unschedule(before[0])

    def reattach(self) -> None:
        """Watch again every input folder that is back, or is another folder than the one
        watched (events of a folder's deletion and return can be lost)."""
        for name in self.folders:
            self.watch_folder(self.root / name)

    def stop(self) -> None:
        """Stop watching, and save the last build's state in the build cache, so the next
        `quizsite build` or watch starts from it (unless a build is still running then)."""
        self._stop.set()
        self._dirty.set()
        self._observer.stop()
        self._observer.join(timeout=1)
        if self._thread.is_alive():
            self._thread.join(timeout=1)
        if self._building.acquire(blocking=False):
            try:
                if self.state is not None and self.state is not self._cached:
                    save_cache(self.root, self.state)
                    self._cached = self.state
            finally:
                self._building.release()
        self._lock.close()

    def changed(self, path: Path | None = None) -> None:
        """Note that an input changed (`path`, or anything when None); the watcher thread
        rebuilds once things are quiet."""
        with self._changes_lock:
            if path is None or self._changes is None:
                self._changes = None
            else:
                self._changes.add(path)
        self._dirty.set()

    def rebuild(self) -> Outcome:
        """Build now, looking at every input (reusing the previous build), and report it."""
        with self._building:
            return self._rebuild(None)

    def _take_changes(self) -> set[Path] | None:
        """The files named by events since the last call (None: anything may have changed)."""
        with self._changes_lock:
            changes, self._changes = self._changes, set()
        return changes

    def _rebuild(self, changes: set[Path] | None, *, verify: bool = False) -> Outcome:
        """One build; `changes` limits what it looks at (see `build`). A `verify` build that
        finds nothing to do reports nothing."""
        from_cache = self.state is None
        try:
            result = build(
                self.root,
                self.output,
                base_url=self.base_url,
                drafts=self.drafts,
                future=self.future,
                previous=self.state,
                guard=self.guard,
                # Until a build succeeds, from the build cache (and saving it): the first
                # build then parses only the posts changed since the last `quizsite build`.
                # Not after: every edit would write it (`stop` saves the last state).
                cache=from_cache,
                changed=changes,
            )
        except (BuildFailed, UsageError, OSError) as failure:
            outcome = Outcome(None, failure)
            self._collect_frozen = True
            with self._changes_lock:  # the state is still the last good build's, which the
                self._changes = None  # failed one's edits are not in: the next build scans
        else:
            # The state lives on until the next build, frozen out of the cycle collector's
            # passes by `build` (a full pass over a big site's is slow). A replaced state holds
            # no cycles: freeing it is for reference counting, frozen or not.
            self.state = result.state
            self.reads = frozenset(readers_of(result.state.parsed))
            if from_cache:
                self._cached = result.state
            outcome = Outcome(result, None)
            if verify and not (result.rendered or result.written or result.removed):
                return outcome
        self.listener(outcome)
        return outcome

    def _loop(self) -> None:
        # The last build looked only at the files events named (the first, at none: it ran
        # before the observer started).
        trusted_events = True
        while not self._stop.is_set():
            if not self._dirty.wait(VERIFY_DELAY_SECONDS if trusted_events else None):
                self.reattach()
                with self._building:  # quiet for a while: check everything once
                    collector.collect(thaw=self._collect_frozen)
                    self._collect_frozen = False
                    self._rebuild(None, verify=True)
                trusted_events = False
                continue
            # Debounce: wait until no event arrived for a moment, so a burst is one build.
            while self._dirty.is_set() and not self._stop.is_set():
                self._dirty.clear()
                self._stop.wait(self.debounce)
            if not self._stop.is_set():
                with self._building:
                    changes = self._take_changes()
                    self._rebuild(changes)
                trusted_events = changes is not None


class _Handler(FileSystemEventHandler):
    """Turns file-system events under the site root into "rebuild soon"."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Any input path touched (as source or destination of a move) triggers a rebuild."""
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's listing changed: the event for the file itself follows
        paths = [event.src_path, getattr(event, "dest_path", "")]
        for raw in paths:
            if not raw:
                continue
            path = Path(raw.decode() if isinstance(raw, bytes) else raw)
            root = self.watcher.root
            if event.is_directory and path.parent == root and path.name in self.watcher.folders:
                # themes/ made after start, content/ deleted and made again, moved in or out
                if event.event_type == "deleted" or (
                    event.event_type == "moved" and raw is paths[0]
                ):
                    self.watcher.forget_folder(path)
                else:
                    self.watcher.watch_folder(path, again=True)
                self.watcher.changed()  # a whole folder came or went: scan everything
                continue
            if is_input(path, root, self.watcher.folders) or str(path) in self.watcher.reads:
                self.watcher.changed(path)
