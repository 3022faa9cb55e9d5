"""Watch mode driven by real file edits; assertions poll with a deadline instead of sleeping."""

from __future__ import annotations

import gc
import threading
import time
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import quiz_text, wait_for, write_tree
from watchdog.events import FileSystemEvent

from quizsite import watch
from quizsite.cli import main
from quizsite.config import load_config
from quizsite.watch import Outcome, Watcher, is_input


class Recorder:
    """Collects watcher outcomes."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []
        self.lock = threading.Lock()

    def __call__(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.outcomes)

    @property
    def last(self) -> Outcome:
        with self.lock:
            return self.outcomes[-1]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/posts/a.qmd": quiz_text("Alpha", "2024-01-01", "red"),
            "content/posts/b.qmd": quiz_text("Beta", "2024-01-02", "blue"),
        },
    )


@pytest.fixture
def watching(site: Path) -> Iterator[tuple[Watcher, Recorder]]:
    recorder = Recorder()
    watcher = Watcher(site, None, listener=recorder)
    first = watcher.start()
    assert first.result is not None
    yield watcher, recorder
    watcher.stop()


def page(site: Path, rel: str) -> str:
    path = site / "site" / rel
    return path.read_text() if path.is_file() else ""


def test_edit_is_rebuilt(site: Path, watching: tuple[Watcher, Recorder]) -> None:
    post = site / "content/posts/a.qmd"
    post.write_text(post.read_text().replace("First option", "Edited option"))
    wait_for(lambda: "Edited option" in page(site, "posts/a/index.html"), "the edited page")


def test_create_delete_and_rename(site: Path, watching: tuple[Watcher, Recorder]) -> None:
    write_tree(site, {"content/posts/c.qmd": quiz_text("Gamma", "2024-01-03", "red")})
    wait_for(lambda: "Gamma" in page(site, "index.html"), "the new post on the home page")
    (site / "content/posts/c.qmd").unlink()
    wait_for(lambda: not (site / "site/posts/c").exists(), "the deleted post's page removed")
    assert "Gamma" not in page(site, "index.html")
    assert "Gamma" not in page(site, "tags/red/index.html")
    (site / "content/posts/b.qmd").rename(site / "content/posts/beta.qmd")
    wait_for(lambda: (site / "site/posts/beta/index.html").is_file(), "the renamed post")
    wait_for(lambda: not (site / "site/posts/b").exists(), "the old output removed")


def test_save_through_temporary_file(site: Path, watching: tuple[Watcher, Recorder]) -> None:
    post = site / "content/posts/a.qmd"
    temp = site / "content/posts/.a.qmd.swp"
    temp.write_text(post.read_text().replace("Alpha", "Alpha saved by rename"))
    temp.replace(post)
    wait_for(lambda: "Alpha saved by rename" in page(site, "index.html"), "the renamed-in save")


def test_burst_of_saves_is_one_rebuild(site: Path, watching: tuple[Watcher, Recorder]) -> None:
    _, recorder = watching
    before = recorder.count
    post = site / "content/posts/a.qmd"
    text = post.read_text()
    for n in range(30):
        post.write_text(text.replace("Alpha", f"Alpha {n}"))
    wait_for(lambda: "Alpha 29" in page(site, "posts/a/index.html"), "the last save")
    time.sleep(0.2)  # let any straggling rebuild report
    assert recorder.count - before <= 3


def test_new_folder_post_and_asset(site: Path, watching: tuple[Watcher, Recorder]) -> None:
    folder = site / "content/posts/new-folder"
    folder.mkdir()
    (folder / "index.qmd").write_text(quiz_text("Folder post", "2024-02-01", "red"))
    wait_for(lambda: "Folder post" in page(site, "index.html"), "the folder post")
    (folder / "chart.svg").write_text("<svg/>")
    wait_for(lambda: (site / "site/posts/new-folder/chart.svg").is_file(), "the new asset")


def test_theme_created_while_watching(site: Path, watching: tuple[Watcher, Recorder]) -> None:
    write_tree(site, {"themes/default/templates/404.html": "<p>Custom missing page</p>\n"})
    wait_for(lambda: "Custom missing page" in page(site, "404.html"), "the template override")
    template = site / "themes/default/templates/404.html"
    template.write_text("<p>Changed again</p>\n")
    wait_for(lambda: "Changed again" in page(site, "404.html"), "the template edit")


def test_watchdogs_double_watch_notice_is_not_shown(watching: tuple[Watcher, Recorder]) -> None:
    """watchdog warns when it watches a new folder twice (made with its parents in one go),
    which it handles itself: an author watching the site is not shown it; others still are."""
    with warnings.catch_warnings(record=True) as shown:
        for module, message in [
            ("watchdog.observers.inotify", "Callback with id '7' already exists for watch x"),
            ("quizsite.render", "Callback with id '7' already exists for watch x"),
            ("watchdog.observers.inotify", "Inotify queue overflowed"),
        ]:
            warnings.warn_explicit(message, RuntimeWarning, "inotify.py", 1, module)
    assert [(str(w.message)[:25]) for w in shown] == [
        "Callback with id '7' alre",  # from quizsite itself: kept
        "Inotify queue overflowed",
    ]


def test_config_change_rebuilds_everything(site: Path, watching: tuple[Watcher, Recorder]) -> None:
    (site / "quizsite.toml").write_text('title = "Renamed blog"\n')
    wait_for(lambda: "Renamed blog" in page(site, "posts/b/index.html"), "the new title")


def test_bad_edit_keeps_last_good_site_and_fix_recovers(
    site: Path, watching: tuple[Watcher, Recorder]
) -> None:
    _, recorder = watching
    post = site / "content/posts/a.qmd"
    good = post.read_text()
    before = page(site, "posts/a/index.html")
    post.write_text(good.replace('title: "Alpha"', 'title: "Alpha'))
    wait_for(lambda: recorder.last.failure is not None, "the failure report")
    assert (
        "content/posts/a.qmd:2: error: invalid YAML"
        in recorder.last.failure.diagnostics[0].format()
    )  # type: ignore[union-attr]
    assert page(site, "posts/a/index.html") == before
    post.write_text(good.replace("Alpha", "Alpha repaired"))
    wait_for(lambda: "Alpha repaired" in page(site, "posts/a/index.html"), "the repaired page")
    # A build may catch a save half written and fail; the one after the save must succeed.
    wait_for(lambda: recorder.last.failure is None, "a successful build to be reported last")


def test_swap_files_and_output_do_not_trigger_builds(
    site: Path, watching: tuple[Watcher, Recorder]
) -> None:
    _, recorder = watching
    before = recorder.count
    (site / "content/posts/.a.qmd.swp").write_text("vim swap")
    (site / "content/posts/a.qmd~").write_text("backup")
    (site / "site/stray.html").write_text("not an input")
    (site / "notes.txt").write_text("not an input")
    time.sleep(0.3)
    assert recorder.count == before


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("content/posts/a.qmd", True),
        ("content/posts/d/pic.png", True),
        ("themes/default/templates/post.html", True),
        ("static/CNAME", True),
        ("quizsite.toml", True),
        ("content/posts/.a.qmd.swp", False),
        ("content/posts/a.qmd~", False),
        ("content/posts/4913", True),  # vim's write test: a harmless no-op rebuild
        ("site/index.html", False),
        ("README.md", False),
    ],
)
def test_what_counts_as_an_input(tmp_path: Path, rel: str, expected: bool) -> None:
    assert is_input(tmp_path / rel, tmp_path) is expected


def test_a_lost_event_is_caught_by_the_check_after_edits_pause(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilds look at the files events name; the full check once edits pause catches a
    change whose event never came."""
    lost = site / "content/posts/a.qmd"
    real = watch._Handler.on_any_event

    def drop_a(self: watch._Handler, event: FileSystemEvent) -> None:
        if Path(str(event.src_path)) != lost:
            real(self, event)

    monkeypatch.setattr(watch._Handler, "on_any_event", drop_a)
    recorder = Recorder()
    watcher = Watcher(site, None, listener=recorder)
    watcher.start()
    try:
        lost.write_text(lost.read_text().replace("Alpha", "Alpha unannounced"))
        other = site / "content/posts/b.qmd"
        other.write_text(other.read_text().replace("Beta", "Beta announced"))
        wait_for(lambda: "Beta announced" in page(site, "posts/b/index.html"), "the named edit")
        wait_for(lambda: "Alpha unannounced" in page(site, "posts/a/index.html"), "the check")
    finally:
        watcher.stop()


def test_the_check_once_edits_pause_walks_the_kept_state_only_after_a_failure(
    site: Path, watching: tuple[Watcher, Recorder]
) -> None:
    """Each build's state is frozen out of the cycle collector, and a replaced one is freed by
    reference counting; a full pass over it (half a second at 10,000 posts, holding up the
    dev server) is only worth it after a failed build, whose traceback holds cycles."""
    _, recorder = watching
    full: list[int] = []  # objects still frozen at each full collection in the watch thread

    def note(phase: str, info: dict[str, int]) -> None:
        in_watcher = threading.current_thread().name == "quizsite-watch"
        if phase == "start" and info["generation"] == 2 and in_watcher:
            full.append(gc.get_freeze_count())

    gc.callbacks.append(note)
    try:
        post = site / "content/posts/a.qmd"
        post.write_text(post.read_text().replace("First option", "Edited option"))
        wait_for(lambda: len(full) > 0, "the check once edits pause")
        assert all(frozen > 0 for frozen in full)  # the kept state was not walked
        post.write_text(post.read_text().replace('title: "Alpha"\n', ""))
        wait_for(lambda: recorder.last.failure is not None, "the failure")
        post.write_text(quiz_text("Alpha again", "2024-01-01", "red"))
        wait_for(lambda: recorder.last.result is not None, "the fix")
        # The fix was found by a scan (a failed build trusts no event); the pause after the
        # next edit's build collects everything, once.
        post.write_text(quiz_text("Alpha, once more", "2024-01-01", "red"))
        wait_for(lambda: "Alpha, once more" in page(site, "posts/a/index.html"), "the edit")
        wait_for(lambda: 0 in full, "a collection of everything, after the failure")
    finally:
        gc.callbacks.remove(note)


def test_after_a_failed_build_the_next_one_looks_at_everything(
    site: Path, watching: tuple[Watcher, Recorder]
) -> None:
    _, recorder = watching
    bad = site / "content/posts/a.qmd"
    bad.write_text(bad.read_text().replace('title: "Alpha"\n', ""))
    wait_for(lambda: recorder.last.failure is not None, "the failure")
    other = site / "content/posts/b.qmd"
    before = recorder.count
    other.write_text(other.read_text().replace("Beta", "Beta edited"))
    wait_for(lambda: recorder.count > before, "the next build")
    # a.qmd is still broken: the build must not take its last good parse for granted.
    assert recorder.last.failure is not None
    assert "content/posts/a.qmd" in recorder.last.failure.diagnostics[0].format()  # type: ignore[union-attr]


@pytest.mark.parametrize("base_url", [None, "http://127.0.0.1:8000/"])
def test_watching_starts_from_the_build_cache_and_edits_do_not_write_it(
    site: Path, monkeypatch: pytest.MonkeyPatch, base_url: str | None
) -> None:
    """After `quizsite build`, the first watch build parses nothing (with the site's own
    config it writes nothing either; `serve`'s other base URL makes every page anew), and
    builds for edits do not save the cache, which costs a second at 10,000 posts. The CLI is
    run as authors do, in the site's folder: the cache knows the site by its absolute path."""
    monkeypatch.chdir(site)
    assert main(["build"]) == 0
    from quizsite import build as build_module
    from quizsite import cache as cache_module
    from quizsite import parses

    parsed: list[str] = []
    saved: list[Path] = []
    real_parse, real_save = parses.parse_post, build_module.save_state
    monkeypatch.setattr(
        parses, "parse_post", lambda source: parsed.append(source.rel) or real_parse(source)
    )
    monkeypatch.setattr(
        build_module, "save_state", lambda folder, *a: saved.append(folder) or real_save(folder, *a)
    )
    recorder = Recorder()
    watcher = Watcher(site, None, listener=recorder, base_url=base_url)
    first = watcher.start()
    try:
        assert first.result is not None and parsed == []
        if base_url is None:
            assert first.result.written == () and saved == []
        else:
            assert "http://127.0.0.1:8000/posts/a/" in page(site, "feed.xml")
            assert saved == [site / cache_module.CACHE_DIR]  # the state of what is now in site/
        saved.clear()
        post = site / "content/posts/a.qmd"
        post.write_text(post.read_text().replace("First option", "Edited option"))
        wait_for(lambda: "Edited option" in page(site, "posts/a/index.html"), "the edit")
        assert parsed == ["content/posts/a.qmd"] and saved == []
    finally:
        watcher.stop()
    assert saved == [site / cache_module.CACHE_DIR]  # on stopping, the last build's state
    parsed.clear()
    assert main(["build", "."]) == 0
    assert parsed == []
    if base_url is None:  # the cache knew the site as it is: nothing was written again
        assert cache_module.changes_since(load_config(site), site / "site", datetime.now()) == set()
    else:  # the previewed site's addresses were the dev server's: the build puts them back
        assert "http://127.0.0.1:8000/" not in page(site, "feed.xml")


def test_the_first_build_runs_before_any_watching_thread_and_misses_no_edit(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first build runs alone in the process (so it may fork workers for a big site); an
    edit made while it runs, before the observer starts, is found by the first look at
    everything."""
    post = site / "content/posts/a.qmd"
    real_build = watch.build
    alone: list[bool] = []

    def first_then_edit(*args: object, **kwargs: object) -> object:
        result = real_build(*args, **kwargs)  # type: ignore[arg-type]
        if not alone:
            alone.append(not watcher._observer.is_alive() and not watcher._thread.is_alive())
            post.write_text(post.read_text().replace("First option", "Meanwhile option"))
        return result

    monkeypatch.setattr(watch, "build", first_then_edit)
    recorder = Recorder()
    watcher = Watcher(site, None, listener=recorder)
    watcher.start()
    try:
        assert alone == [True]
        wait_for(lambda: "Meanwhile option" in page(site, "posts/a/index.html"), "the check")
    finally:
        watcher.stop()
