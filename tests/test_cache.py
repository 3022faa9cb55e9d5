"""The build cache: a second `quizsite build` redoes only what changed, and never trusts junk."""

from __future__ import annotations

import gc
import io
import os
import pickle
import re
import shutil
import time
from abc import ABC
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

import pytest
from conftest import fresh_build, quiz_text, write_tree
from markupsafe import Markup

from quizsite import cache, forks, parses, search
from quizsite.build import CACHE_DIR, BuildState, build
from quizsite.config import load_config
from quizsite.errors import BuildFailed
from quizsite.memo import AS_RENDERED
from quizsite.model import Html
from quizsite.output import MARKER
from quizsite.parse import parse_post
from quizsite.plan import site_pages
from quizsite.search import post_forms
from quizsite.templates import make_environment


def make_site(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "blog",
        {
            f"content/posts/p{n}.qmd": quiz_text(f"Post {n}", f"2024-01-{n + 1:02d}", "a, b")
            for n in range(12)
        }
        | {
            "content/posts/f/index.qmd": quiz_text("Folder", "2024-02-01"),
            "content/posts/f/x.svg": "<svg/>",
        },
    )


def snapshot(output: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file: both stay when a file is not rewritten.
    (Not the marker's: it names the last build that changed anything.)"""
    return {
        p.relative_to(output).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in output.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def tree(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def test_second_build_with_nothing_changed_rewrites_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = build(root, cache=True)
    before = snapshot(first.output)
    again = build(root, cache=True)
    assert again.rendered == () and again.written == () and again.removed == ()
    assert snapshot(first.output) == before


def test_one_edit_rewrites_only_what_it_reaches(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = build(root, cache=True)
    before = snapshot(first.output)
    post = root / "content/posts/p3.qmd"
    post.write_text(post.read_text().replace("The explanation says why.", "Now clearer."))
    again = build(root, cache=True)
    # The cache keeps each page's key, not its view: the pages showing the edited post are
    # rendered again, and only the one whose bytes changed is written.
    assert {"posts/p3/index.html", "index.html", "feed.xml"} <= set(again.rendered)
    # Keyed by slugs and dates, and by titles: the edit left them as they were.
    assert {"sitemap.xml", "quizzes.json"}.isdisjoint(again.rendered)
    assert again.written == ("posts/p3/index.html",)
    after = snapshot(first.output)
    assert {k for k in after if after[k] != before.get(k)} == {"posts/p3/index.html"}
    assert "Now clearer." in (first.output / "posts/p3/index.html").read_text()


def test_the_cache_keeps_page_keys_not_page_views(tmp_path: Path) -> None:
    """Saving and loading the views cost more than making the few an edit needs again: the
    cache keeps each page's key and a stand-in for its view."""
    root = make_site(tmp_path)
    built = build(root, cache=True).state
    loaded = cache.load_state(root / CACHE_DIR, BuildState)
    assert loaded is not None
    assert loaded.pages.keys() == built.pages.keys()
    assert all(view is AS_RENDERED for view in loaded.pages.values())
    assert loaded.views.pages.keys() == built.pages.keys()
    for path, record in loaded.views.pages.items():
        assert record.page.path == path and record.page.context is AS_RENDERED
    assert ("post", "p3") in loaded.views.pages["posts/p3/index.html"].reads
    shows = loaded.views.inputs[("post", "p3")]
    assert any(shows is post for post in loaded.site.posts)  # inputs hold the loaded posts
    parsed = loaded.parsed[root / "content/posts/p3.qmd"]
    assert shows is parsed.post  # the very post of its parse, kept apart in its shard
    # Nothing is rendered again from the loaded state while nothing changed.
    again = build(root, previous=loaded)
    assert again.rendered == () and again.written == ()


def test_cached_build_output_equals_a_plain_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    build(root, cache=True)
    post = root / "content/posts/p5.qmd"
    post.write_text(post.read_text().replace('title: "Post 5"', 'title: "Post five"'))
    (root / "content/posts/p7.qmd").unlink()
    write_tree(root, {"content/posts/new.qmd": quiz_text("New", "2024-03-01", "c")})
    cached = build(root, cache=True)
    plain = build(root, tmp_path / "plain")
    assert tree(cached.output) == tree(plain.output)


def rewrite_every_file(folder: Path) -> None:
    """What a fresh checkout does: every file is new (another inode and time), with the same
    bytes."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)


def test_a_fresh_checkout_with_the_cache_restored_parses_only_what_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI builds the site from a fresh checkout: every file has a new stamp and there is no
    output, but with the cache folder restored a post whose text is the same is not parsed."""
    root = make_site(tmp_path)
    build(root, cache=True)
    shutil.rmtree(root / "site")
    rewrite_every_file(root / "content")
    post = root / "content/posts/p5.qmd"
    post.write_text(post.read_text().replace('title: "Post 5"', 'title: "Post five"'))
    parsed: list[str] = []

    def counted(source: Any) -> Any:
        parsed.append(source.rel)
        return parse_post(source)

    monkeypatch.setattr(parses, "parse_post", counted)
    indexed: list[str] = []

    def terms(post: Any, with_answer: bool) -> Any:
        indexed.append(post.title)
        return post_forms(post, with_answer)

    monkeypatch.setattr(search, "post_forms", terms)  # what indexing reads of each post
    restored = build(root, cache=True)
    assert parsed == ["content/posts/p5.qmd"]
    assert sorted(indexed) == ["Post 5", "Post five"]  # the old version's terms out, the new in
    assert len(restored.rendered) == restored.pages  # a new output: every page is written
    assert "Post five" in (restored.output / "posts/p5/index.html").read_text()
    plain = build(root, tmp_path / "plain")
    assert tree(restored.output) == tree(plain.output)
    # The new stamps were saved: the next build finds nothing changed.
    parsed.clear()
    again = build(root, cache=True)
    assert parsed == [] and again.rendered == () and again.written == ()


@pytest.mark.parametrize("junk", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_corrupt_cache_is_ignored(tmp_path: Path, junk: bytes) -> None:
    root = make_site(tmp_path)
    build(root, cache=True)
    (state,) = (root / CACHE_DIR).glob("state-*.pickle")
    state.write_bytes(junk)
    result = build(root, cache=True)
    assert len(result.rendered) == result.pages  # started afresh
    assert (result.output / "posts/p1/index.html").is_file()


def test_cache_from_other_code_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(tmp_path)
    build(root, cache=True)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another-version")
    result = build(root, cache=True)
    assert len(result.rendered) == result.pages
    assert sorted(p.name for p in (root / CACHE_DIR).glob("state-*")) == [
        "state-another-version.pickle"
    ]
    shards = list((root / CACHE_DIR).glob("posts-*"))
    assert shards and all(p.name.startswith("posts-another-version-") for p in shards)


def test_an_edit_rewrites_one_file_of_parsed_posts(tmp_path: Path) -> None:
    """The parsed posts, most of the state, are kept in files by path; saving after an edit
    writes the one holding the edited post and leaves the others as they were."""
    root = make_site(tmp_path)
    build(root, cache=True)

    def shards() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in (root / CACHE_DIR).glob("posts-*.pickle")}

    before = shards()
    assert len(before) > 1
    post = root / "content/posts/p5.qmd"
    post.write_text(post.read_text().replace('title: "Post 5"', 'title: "Post five"'))
    build(root, cache=True)
    after = shards()
    assert len(after) == len(before) and len(after.items() - before.items()) == 1
    loaded = cache.load_state(root / CACHE_DIR, BuildState)
    assert loaded is not None
    assert loaded.parsed[post].post is not None and loaded.parsed[post].post.title == "Post five"


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_a_missing_or_damaged_file_of_parsed_posts_is_ignored(tmp_path: Path, damage: str) -> None:
    root = make_site(tmp_path)
    build(root, cache=True)
    shard = max((root / CACHE_DIR).glob("posts-*.pickle"), key=lambda p: p.stat().st_size)
    if damage == "delete":
        shard.unlink()
    else:
        shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])
    assert cache.load_state(root / CACHE_DIR, BuildState) is None
    result = build(root, cache=True)
    assert len(result.rendered) == result.pages  # started afresh
    assert cache.load_state(root / CACHE_DIR, BuildState) is not None  # and saved whole again


def test_output_changed_behind_the_cache_is_rebuilt_whole(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = build(root, cache=True)
    shutil.rmtree(first.output)
    again = build(root, cache=True)
    assert (again.output / "posts/p1/index.html").is_file()
    assert len(again.written) == again.files


def test_deleting_the_cache_folder_is_harmless(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    build(root, cache=True)
    shutil.rmtree(root / CACHE_DIR)
    assert build(root, cache=True).pages > 0
    assert (root / CACHE_DIR / "CACHEDIR.TAG").is_file()


def test_parallel_parse_and_render_give_the_same_site_as_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = {
        f"content/posts/p{n}.qmd": quiz_text(f"Post {n}", f"2024-02-{n % 28 + 1:02d}", f"t{n % 5}")
        for n in range(80)
    } | {  # folder posts: their pages' folders hold copied files before rendering starts
        f"content/posts/f{n}/{name}": text
        for n in range(3)
        for name, text in [
            ("index.qmd", quiz_text(f"Folder {n}", "2024-03-01")),
            ("x.svg", "<svg/>"),
        ]
    }
    root = write_tree(tmp_path / "many", posts)
    monkeypatch.setattr(parses, "PARALLEL_THRESHOLD", 10**9)
    monkeypatch.setattr(forks, "PARALLEL_RENDER_THRESHOLD", 10**9)
    serial = build(root, tmp_path / "serial")
    monkeypatch.setattr(parses, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(forks, "PARALLEL_RENDER_THRESHOLD", 2)
    # Threads left by earlier tests would (rightly) keep the build from forking; and the
    # test must fork even on a one-core machine.
    monkeypatch.setattr(forks.threading, "active_count", lambda: 1)
    monkeypatch.setattr(forks.os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
    calls: list[str] = []
    real_shared = forks.shared

    def shared(function: Any, count: int) -> Any:
        work = "parse" if function.func is parses._parse_share else "render"
        calls.append(f"{work} in {count}")
        return real_shared(function, count)

    monkeypatch.setattr(forks, "shared", shared)
    parallel = build(root, tmp_path / "parallel")
    assert calls == ["parse in 3", "render in 3"], "the parallel paths were not taken"
    assert tree(serial.output) == tree(parallel.output)
    assert serial.state.files == parallel.state.files  # the digests the workers sent back


def test_template_errors_met_by_render_workers_are_all_reported_in_page_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = {
        f"content/posts/p{n}.qmd": quiz_text(f"Post {n}", f"2024-02-{n + 1:02d}", "t")
        for n in range(12)
    }
    root = write_tree(tmp_path / "site", posts)
    first = build(root)
    before = tree(first.output)
    write_tree(
        root,
        {
            "themes/default/templates/tag.html": "{{ tag.nope }}\n",
            "themes/default/templates/post.html": "{{ view.missing }}\n",
        },
    )
    monkeypatch.setattr(forks, "PARALLEL_RENDER_THRESHOLD", 2)
    monkeypatch.setattr(forks.threading, "active_count", lambda: 1)
    monkeypatch.setattr(forks.os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
    with pytest.raises(BuildFailed) as failed:
        build(root)
    lines = [d.format().splitlines()[0] for d in failed.value.diagnostics]
    assert lines == [  # posts come before tag pages, each problem once
        "themes/default/templates/post.html:1: error: undefined value in template: "
        "PostView has no attribute 'missing'",
        "themes/default/templates/tag.html:1: error: undefined value in template: "
        "TagLink has no attribute 'nope'",
    ]
    assert tree(first.output) == before  # the staging folder was dropped, the site kept


@pytest.mark.parametrize("broken", [False, True])
def test_a_build_holds_off_the_cycle_collector_and_gives_it_back(
    tmp_path: Path, broken: bool
) -> None:
    """No collection runs during a build (its passes over the growing posts and views were a
    real share of a big build's time), nor when the collector comes back on afterwards, failed
    or not: what the build made is frozen rather than walked at once."""
    root = make_site(tmp_path)
    if broken:
        (root / "content/posts/p3.qmd").write_text("---\ntitle: [unclosed\n---\nText\n")
    started: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(note)
    try:
        for _ in range(2):  # cold, then from the cache
            try:
                build(root, cache=True)
            except BuildFailed:
                assert broken
            assert gc.isenabled()
            assert started == []
        gc.collect()  # the collector still works once the build is over
        assert started == [2]
    finally:
        gc.callbacks.remove(note)


def test_compiled_templates_serve_every_site_and_never_another_sites_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(kept))
    # Other versions' compiles: one unused for weeks, one another quizsite is using.
    older, current = (kept / "quizsite" / f"templates-{n:016x}" for n in (1, 2))
    for other in older, current:
        other.mkdir(parents=True)
        (other / "x.cache").write_bytes(b"junk")
    os.utime(older, (time.time() - 30 * 86400,) * 2)
    plain = make_site(tmp_path / "a")
    build(plain)
    folder = cache.compiled_templates()
    assert folder.parent == kept / "quizsite" and len(list(folder.iterdir())) > 3
    assert not older.exists() and current.exists()
    # A site with its own post template, built in new processes sharing the compiles: each
    # page is rendered from its own site's template.
    mine = make_site(tmp_path / "b")
    theme = mine / "themes" / "default" / "templates"
    theme.mkdir(parents=True)
    default = (Path(__file__).parents[1] / "themes/default/templates/post.html").read_text()
    (theme / "post.html").write_text(default.replace("post-layout", "post-layout mine"))
    fresh_build(mine, mine / "site")
    fresh_build(plain, plain / "again")
    assert "post-layout mine" in (mine / "site/posts/p1/index.html").read_text()
    assert "post-layout mine" not in (plain / "again/posts/p1/index.html").read_text()


def test_compiled_templates_removed_during_a_build_never_fail_it(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    folder = tmp_path / "compiled"
    env = make_environment(load_config(root), folder)
    shutil.rmtree(folder)  # another quizsite's clean-up, or a full disk: nothing is written
    for name in ("post.html", "tag.html"):  # compiled from source, and not kept
        assert env.get_template(name).name == name
    assert not folder.exists()


def test_the_site_view_in_the_cache_works_out_its_own_hash_again(tmp_path: Path) -> None:
    """A string's hash differs between processes: a site view loaded from the build cache must
    not carry the hash the saving process worked out (equal views would then differ in hash,
    and every page's cached header would miss)."""
    view = site_pages(build(make_site(tmp_path)).state.site)[0].context["site"]
    hash(view)  # worked out and kept by the view
    loaded = pickle.loads(pickle.dumps(view))
    assert "_hash" not in vars(loaded)
    assert loaded == view and hash(loaded) == hash(view)


@dataclass(frozen=True)
class _Frozen:
    name: str
    parts: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class _Slotted:
    name: str


@dataclass
class _Empty:
    pass


class _Own:
    def __init__(self, text: str) -> None:
        self.text = text

    def __reduce__(self) -> tuple[object, ...]:
        return (_Own, (self.text.upper(),))


class _Stated:
    def __init__(self) -> None:
        self.kept, self.dropped = 1, 2

    def __getstate__(self) -> dict[str, int]:
        return {"kept": self.kept}


class _Listed(list[int]):
    pass


class _Keyed(dict[str, int]):
    pass


class _Text(str):
    __slots__ = ()


class _Abstract(ABC):  # noqa: B024 (a class whose metaclass is not `type`)
    pass


class _Pair(NamedTuple):
    left: int
    right: str


def test_the_cache_pickles_every_kind_of_object_as_pickle_itself_does() -> None:
    """The cache's picklers reduce the classes a state is mostly made of by quicker means than
    `pickle`'s own: the very same bytes come out, for those and for any other class, but for
    texts and paths, made again from their text, and named tuples, made again from their
    values: equal and of the same class."""
    shared = _Frozen("shared")
    values: list[object] = [
        _Frozen("a", (shared, shared, "plain")),
        _Slotted("s"),
        _Empty(),
        _Own("own"),
        _Stated(),
        _Listed([1, 2]),
        _Keyed(a=1),
        _Abstract,
        _Abstract(),
        Counter("abca"),
        datetime(2024, 5, 1, 12, 30),
        AS_RENDERED,
        object(),
        complex(1, 2),
        re.compile("a+"),
        {1, 2},
        _Frozen,
    ]
    for value in [*values, values]:
        file = io.BytesIO()
        cache._pickler(file).dump(value)
        assert file.getvalue() == pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), value
    remade = [Markup("<b>x</b>"), _Text("t"), Html.of("<p>x</p>"), Path("content/posts/a.qmd")]
    remade += [Path("/abs/path/b.qmd"), PurePosixPath("x/y"), _Pair(1, "x")]
    for value in [*remade, _Frozen("b", tuple(remade))]:
        file = io.BytesIO()
        cache._pickler(file).dump(value)
        loaded = pickle.loads(file.getvalue())
        assert loaded == value and type(loaded) is type(value), value
        assert pickle.loads(pickle.dumps(value)) == loaded
    loaded = pickle.loads(pickle.dumps(values[0]))
    assert loaded == values[0] and loaded.parts[0] is loaded.parts[1]


def test_the_code_fingerprint_follows_every_source_file(tmp_path: Path) -> None:
    """A module edited, added or removed gives the code another fingerprint (so no cache of
    other code is read); files that are not modules, and a look that changes nothing, do
    not."""
    package = tmp_path / "package"
    package.mkdir()
    (package / "a.py").write_text("A = 1\n")
    (package / "b.py").write_text("B = 2\n")
    (package / "notes.txt").write_text("x\n")
    past = 1_600_000_000_000_000_000
    for module in ("a.py", "b.py"):
        os.utime(package / module, ns=(past, past))
    first = cache.source_fingerprint(package)
    assert cache.source_fingerprint(package) == first
    (package / "notes.txt").write_text("y, longer\n")
    assert cache.source_fingerprint(package) == first
    (package / "a.py").write_text("A = 3\n")  # the same size: its time moved
    edited = cache.source_fingerprint(package)
    assert edited != first
    os.utime(package / "a.py", ns=(past, past))
    (package / "a.py").write_text("A = 1000\n")
    os.utime(package / "a.py", ns=(past, past))  # a time kept, but a size that moved
    assert cache.source_fingerprint(package) not in (first, edited)
    (package / "c.py").write_text("")
    added = cache.source_fingerprint(package)
    (package / "c.py").unlink()
    assert len({first, edited, added, cache.source_fingerprint(package)}) == 4
