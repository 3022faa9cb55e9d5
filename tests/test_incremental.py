"""Rebuilds reuse the previous build: they re-render and rewrite only what a change reaches."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, fresh_build, numbered_quizzes, quiz_text, write_tree

from quizsite import build as build_module
from quizsite import memo as memos
from quizsite import parses, plan, views
from quizsite.build import BuildResult, BuildState, build
from quizsite.cache import CACHE_DIR, load_state
from quizsite.cli import main
from quizsite.errors import BuildFailed
from quizsite.model import Post
from quizsite.output import MARKER


def make_site(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "quizsite.toml": "posts_per_page = 2\n",
            "content/posts/a.qmd": quiz_text("Alpha", "2024-01-01", "red", slug="a"),
            "content/posts/b.qmd": quiz_text("Beta", "2024-01-02", "red, blue", slug="b"),
            "content/posts/c.qmd": quiz_text("Gamma", "2024-01-03", "green", slug="c"),
            "content/posts/d/index.qmd": quiz_text("Delta", "2024-01-04", "green", slug="d"),
            "content/posts/d/pic.svg": "<svg/>",
        },
    )


def mtimes(output: Path) -> dict[str, int]:
    """Modification times of the site's files (not of the marker, which names the last build)."""
    return {
        p.relative_to(output).as_posix(): p.stat().st_mtime_ns
        for p in output.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new))


@pytest.fixture
def first(tmp_path: Path) -> BuildResult:
    return build(make_site(tmp_path))


def test_nothing_changed_renders_and_writes_nothing(first: BuildResult, tmp_path: Path) -> None:
    before = mtimes(first.output)
    again = build(tmp_path, previous=first.state)
    assert again.rendered == ()
    assert again.written == ()
    assert again.removed == ()
    assert mtimes(first.output) == before


def test_editing_the_explanation_rerenders_only_that_post(
    first: BuildResult, tmp_path: Path
) -> None:
    before = mtimes(first.output)
    edit(tmp_path / "content/posts/b.qmd", "The explanation says why.", "A better explanation.")
    again = build(tmp_path, previous=first.state)
    assert again.rendered == ("posts/b/index.html",)
    assert again.written == ("posts/b/index.html",)
    after = mtimes(first.output)
    assert {k for k in after if after[k] != before.get(k)} == {"posts/b/index.html"}
    assert "A better explanation." in (first.output / "posts/b/index.html").read_text()


def test_editing_the_question_reaches_listings(first: BuildResult, tmp_path: Path) -> None:
    edit(tmp_path / "content/posts/b.qmd", "Which option is right?", "Which option is best?")
    again = build(tmp_path, previous=first.state)
    # b is third newest: on home page 2 with a; tagged red and blue.
    assert set(again.rendered) == {
        "posts/b/index.html",
        "page/2/index.html",
        "tags/red/index.html",
        "tags/blue/index.html",
        "feed.xml",
        "tags/red/feed.xml",
        "tags/blue/feed.xml",
        # the printable quiz sheets holding b: the site's and its tags' (issue 22)
        "sheet/index.html",
        "tags/red/sheet/index.html",
        "tags/blue/sheet/index.html",
    }


def test_editing_a_title_reaches_neighbours_and_citations(
    first: BuildResult, tmp_path: Path
) -> None:
    edit(tmp_path / "content/posts/b.qmd", 'title: "Beta"', 'title: "Beta, renamed"')
    again = build(tmp_path, previous=first.state)
    assert set(again.rendered) == {
        "posts/b/index.html",
        "posts/a/index.html",  # neighbour, and "also in" for the shared reading
        "posts/c/index.html",  # neighbour and "also in"
        "posts/d/index.html",  # "also in" for the shared reading
        "page/2/index.html",
        "tags/red/index.html",
        "tags/blue/index.html",
        "reading-list/index.html",
        # the reading lists of b's tags, which name it; green's names green quizzes only
        "reading-list/tags/red/index.html",
        "reading-list/tags/blue/index.html",
        "quizzes.json",
        "feed.xml",
        "tags/red/feed.xml",
        "tags/blue/feed.xml",
        "sheet/index.html",
        "tags/red/sheet/index.html",
        "tags/blue/sheet/index.html",
    }


def test_deleting_a_post_removes_it_everywhere(first: BuildResult, tmp_path: Path) -> None:
    (tmp_path / "content/posts/c.qmd").unlink()
    again = build(tmp_path, previous=first.state)
    out = first.output
    assert not (out / "posts/c").exists()
    assert "tags/green/index.html" in again.written
    for page in out.rglob("*.html"):
        assert "Gamma" not in page.read_text(), page
    assert "posts/c/index.html" in again.removed


def test_renaming_a_post_moves_its_page(first: BuildResult, tmp_path: Path) -> None:
    posts = tmp_path / "content/posts"
    (posts / "a.qmd").replace(posts / "alpha.qmd")
    build(tmp_path, previous=first.state)
    assert not (first.output / "posts/a").exists()
    assert (first.output / "posts/alpha/index.html").is_file()
    assert 'href="/posts/alpha/"' in (first.output / "page/2/index.html").read_text()


def test_editor_save_by_rename_is_seen(first: BuildResult, tmp_path: Path) -> None:
    post = tmp_path / "content/posts/a.qmd"
    tmp = post.with_name("a.qmd.tmp~")
    tmp.write_text(post.read_text().replace("First option", "Primary option"))
    # Same size and, on coarse clocks, perhaps the same mtime: the inode still changes.
    tmp.replace(post)
    again = build(tmp_path, previous=first.state)
    assert "posts/a/index.html" in again.rendered
    assert "Primary option" in (first.output / "posts/a/index.html").read_text()


@pytest.mark.parametrize("named", [False, True])
def test_a_file_saved_again_unchanged_is_not_parsed_again(
    first: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: bool
) -> None:
    """A new stamp with the same text (an editor saving an unchanged buffer, a checkout of
    another branch and back): the parse is kept, so no page is made again; the asset saved
    again is copied again, since its own stamp is what says it changed."""
    post, picture = tmp_path / "content/posts/d/index.qmd", tmp_path / "content/posts/d/pic.svg"
    for path in (post, picture, tmp_path / "content/posts/a.qmd"):
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
    calls: list[object] = []
    monkeypatch.setattr(parses, "parse_post", lambda source: calls.append(source))
    changed = {post, picture, tmp_path / "content/posts/a.qmd"} if named else None
    again = build(tmp_path, previous=first.state, changed=changed)
    assert calls == []
    assert again.rendered == () and again.written == ("posts/d/pic.svg",)
    assert again.state.parsed[post].post is first.state.parsed[post].post
    assert again.state.parsed[post].stamp != first.state.parsed[post].stamp
    # The new stamps are kept: a build after it finds every input as it was.
    assert build(tmp_path, previous=again.state).state is again.state


def test_new_asset_in_folder_post_is_copied(first: BuildResult, tmp_path: Path) -> None:
    (tmp_path / "content/posts/d/extra.csv").write_text("x,y\n")
    again = build(tmp_path, previous=first.state)
    assert again.written == ("posts/d/extra.csv",)
    assert (first.output / "posts/d/extra.csv").read_text() == "x,y\n"


def test_an_edited_asset_is_copied_again(first: BuildResult, tmp_path: Path) -> None:
    """Named by an event (watch mode) or found by a scan, a changed asset is copied again."""
    picture = tmp_path / "content/posts/d/pic.svg"
    picture.write_text('<svg width="2"/>')
    named = build(tmp_path, previous=first.state, changed={picture})
    assert named.written == ("posts/d/pic.svg",) and named.rendered == ()
    assert (first.output / "posts/d/pic.svg").read_text() == '<svg width="2"/>'
    picture.write_text('<svg width="3"/>')
    scanned = build(tmp_path, previous=named.state)
    assert scanned.written == ("posts/d/pic.svg",)
    assert (first.output / "posts/d/pic.svg").read_text() == '<svg width="3"/>'


def test_template_change_rerenders_every_page(first: BuildResult, tmp_path: Path) -> None:
    write_tree(tmp_path, {"themes/default/templates/404.html": "<p>gone</p>\n"})
    again = build(tmp_path, previous=first.state)
    assert set(again.rendered) == set(first.state.pages)
    assert again.written == ("404.html",)  # the other pages came out the same


def test_editing_an_included_template_again_is_seen(first: BuildResult, tmp_path: Path) -> None:
    """A template pages only include (macros.html), edited twice: Jinja's own look at each
    template on every render is off; the build's stamp of the theme sees each edit."""
    shipped = (REPO / "themes/default/templates/macros.html").read_text()
    state = first.state
    for mark in ("first-mark", "second-mark!"):
        pager = shipped.replace('<nav class="pager"', f'<nav class="pager {mark}"')
        write_tree(tmp_path, {"themes/default/templates/macros.html": pager})
        state = build(tmp_path, previous=state).state
        assert mark in (first.output / "index.html").read_text()


def test_config_change_rerenders_every_page(first: BuildResult, tmp_path: Path) -> None:
    write_tree(tmp_path, {"quizsite.toml": 'posts_per_page = 2\ntitle = "Renamed"\n'})
    again = build(tmp_path, previous=first.state)
    assert set(again.rendered) == set(first.state.pages)
    assert "Renamed" in (first.output / "index.html").read_text()


def test_failed_rebuild_changes_nothing_and_next_fix_works(
    first: BuildResult, tmp_path: Path
) -> None:
    before = mtimes(first.output)
    post = tmp_path / "content/posts/a.qmd"
    good = post.read_text()
    post.write_text(good.replace('title: "Alpha"\n', ""))
    with pytest.raises(BuildFailed):
        build(tmp_path, previous=first.state)
    assert mtimes(first.output) == before
    post.write_text(good.replace("Alpha", "Alpha fixed"))
    build(tmp_path, previous=first.state)
    assert "Alpha fixed" in (first.output / "posts/a/index.html").read_text()


def test_incremental_output_equals_a_fresh_build(first: BuildResult, tmp_path: Path) -> None:
    edit(tmp_path / "content/posts/b.qmd", 'title: "Beta"', 'title: "Beta two"')
    (tmp_path / "content/posts/c.qmd").unlink()
    write_tree(tmp_path, {"content/posts/e.qmd": quiz_text("Epsilon", "2024-02-01", "blue")})
    build(tmp_path, previous=first.state)
    fresh = fresh_build(tmp_path, tmp_path / "fresh")  # a new process: no cache shared

    def tree(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    # The marker names the build that wrote each folder; everything else must match.
    assert tree(first.output).keys() == tree(fresh).keys()
    assert {k: v for k, v in tree(first.output).items() if k != MARKER} == {
        k: v for k, v in tree(fresh).items() if k != MARKER
    }


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder but the marker (which names the build that wrote it)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def _random_post(rng: random.Random, number: int) -> str:
    """A quiz with random title, date, tags and readings drawn from small pools, so that posts
    share tags, readings and neighbours and one edit reaches many pages."""
    tags = ", ".join(rng.sample(["red", "blue", "green", "Red", "teal"], rng.randint(0, 3)))
    readings = "\n".join(
        f'* ["Book {n}{rng.choice(["", " (2nd ed.)"])}"](https://example.org/book{n}) is good.'
        for n in rng.sample(range(6), rng.randint(1, 3))
    )
    text = quiz_text(
        title=f"Quiz {rng.choice(['Alpha', 'Beta', 'Gamma'])} {number}",
        date=f"2024-0{rng.randint(1, 3)}-1{rng.randint(0, 9)}",
        tags=tags,
        question=f"Which option is right, case {rng.randint(0, 9)}?",
        slug=f"p{number}",
    )
    head, _, tail = text.partition("**Recommended reading**\n\n")
    tail = readings + "\n:::\n"
    return head + "**Recommended reading**\n\n" + tail


# Files a folder post may hold, nested folders among them; `index.html` is what `quarto render`
# leaves beside `index.qmd`.
_ASSET_NAMES = ("pic.svg", "data/table.csv", "data/deep/notes.txt", "extra.txt", "index.html")
# Static files, two of them where the site writes a page or a post's own file.
_STATIC_NAMES = ("notes.txt", "posts/p1/index.html", "posts/p2/pic.svg", "index.html")
_ACTIONS = (
    *("rewrite", "title", "question", "question", "delete", "add", "draft"),
    *("asset-add", "asset-add", "asset-delete", "asset-rename", "asset-edit", "static"),
)


def _post_files(posts: Path) -> list[Path]:
    """Every post file under `posts`: flat ones, and folder posts' `index.qmd`."""
    return sorted([*posts.glob("*.qmd"), *posts.glob("*/index.qmd")])


def _assets(posts: Path) -> list[Path]:
    """Every file of a folder post but its `index.qmd`, at any depth."""
    folders = [post.parent for post in posts.glob("*/index.qmd")]
    return sorted(p for f in folders for p in f.rglob("*") if p.is_file() and p.name != "index.qmd")


def _write_post(rng: random.Random, posts: Path, number: int) -> set[Path]:
    """A new post, as a file or as a folder with files of its own: the files written."""
    if rng.random() < 0.5:
        files = {posts / f"p{number}.qmd": _random_post(rng, number)}
    else:
        folder = posts / f"p{number}"
        names = rng.sample(_ASSET_NAMES[:4], rng.randint(1, 3))
        files = {folder / "index.qmd": _random_post(rng, number)}
        files |= {folder / name: f"{name} of p{number}\n" for name in names}
    write_tree(posts, {str(path.relative_to(posts)): text for path, text in files.items()})
    return set(files)


def _edit_post(rng: random.Random, posts: Path, action: str, counter: int) -> set[Path]:
    """One random edit of a post (or a new one): the files it touched."""
    files = _post_files(posts)
    touched = rng.choice(files)
    number = int((touched.parent.name if touched.name == "index.qmd" else touched.stem)[1:])
    if action == "rewrite":
        touched.write_text(_random_post(rng, number))
    elif action == "title":
        edit(touched, 'title: "Quiz', 'title: "Renamed quiz')
    elif action == "question":  # the post keeps its place: pages are reused around it
        touched.write_text(re.sub(r"(case \d)", r"\1 again", touched.read_text()))
    elif action == "delete" and len(files) > 2:
        if touched.name == "index.qmd" and rng.random() < 0.5:  # the folder, files and all
            gone = {touched.parent, *touched.parent.rglob("*")}
            shutil.rmtree(touched.parent)
            return gone
        touched.unlink()  # a folder post's files stay behind, no longer anyone's
    elif action == "draft":
        edit(touched, "---\n\n", "draft: true\n---\n\n")
    else:
        return _write_post(rng, posts, counter)
    return {touched}


def _edit_file(rng: random.Random, root: Path, action: str, counter: int) -> set[Path]:
    """One random change of a folder post's files or of a static file: the files it touched
    (none when there is no folder post to change)."""
    posts, assets = root / "content/posts", _assets(root / "content/posts")
    folders = [post.parent for post in posts.glob("*/index.qmd")]
    if action == "static":
        path = root / "static" / rng.choice(_STATIC_NAMES)
        if path.exists() and rng.random() < 0.5:
            path.unlink()
        else:
            write_tree(path.parent, {path.name: f"static {counter}\n"})
        return {path}
    if action == "asset-add" and folders:
        path = rng.choice(folders) / rng.choice(_ASSET_NAMES).replace(".", f"{counter}.", 1)
        if rng.random() < 0.3:
            path = path.with_name("index.html")
        write_tree(path.parent, {path.name: f"new {counter}\n"})
        return {path}
    if not assets:
        return set()
    path = rng.choice(assets)
    if action == "asset-delete":
        path.unlink()
        return {path}
    if action == "asset-rename":  # into a new nested folder, or beside itself
        moved = path.parent / rng.choice(["", f"moved{counter}/"]) / f"r{counter}-{path.name}"
        moved.parent.mkdir(parents=True, exist_ok=True)
        path.replace(moved)
        return {path, moved}
    path.write_text(f"edited {counter}\n")
    return {path}


@pytest.mark.parametrize("seed", range(6))
def test_random_edit_sequences_match_fresh_builds(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the edits, and whatever files were added, removed, renamed or changed (posts,
    folder posts' files at any depth, static files, some where the site writes a page), an
    incremental build (in memory or through the cache) writes exactly the site a fresh build
    writes, page by page and byte for byte: the reuse of parses, views, pages, template
    fragments and copies never goes stale. The fresh build runs in a new process, so nothing
    this one keeps in memory (the Jinja environment and its fragments) can hide a stale page;
    and every view a build kept or reused is the one a visit of every page makes anew, so what
    a page's key records covers what its view shows."""
    # Resources cited by more than two quizzes get their own page: edits make and remove some.
    monkeypatch.setattr(plan, "LISTED_LIMIT", 2)
    rng = random.Random(seed)
    root = tmp_path / "site"
    posts = root / "content/posts"
    write_tree(root, {"quizsite.toml": "posts_per_page = 3\n"})
    for number in range(8):
        _write_post(rng, posts, number)
    state = build(root, cache=True).state
    for step in range(14):
        action = rng.choice(_ACTIONS)
        if action.startswith(("asset", "static")):
            touched = _edit_file(rng, root, action, 100 + step)
        else:
            touched = _edit_post(rng, posts, action, 100 + step)
        if step % 3:  # the command line: the cache on disk tells what changed (after another
            # command-line build, by naming the files whose stamps moved)
            assert main(["build", str(root)]) == 0, (seed, step, action)
            loaded = load_state(root / CACHE_DIR, BuildState)
            assert loaded is not None
            state = loaded
        else:  # watch mode: the state in memory, and the files the events named
            state = build(root, previous=state, changed=touched).state
            _assert_views_as_made_anew(state)
            _assert_reads_cover_views(state.views, state.pages, state.site.posts)
        # The reads a visit of every page records cover what each page shows.
        anew = memos.Memo()
        made = {page.path: page.context for page in plan.site_pages(state.site, anew)}
        _assert_reads_cover_views(anew.entries, made, state.site.posts)
        fresh = fresh_build(root, tmp_path / f"fresh{step}", {"quizsite.plan.LISTED_LIMIT": 2})
        assert _tree(state.output) == _tree(fresh), (seed, step, action, sorted(touched))


def _assert_views_as_made_anew(state: BuildState) -> None:
    """Every page's view in `state` (made, reused by its key, or kept without a visit after a
    swap) equals the view a visit of every page makes without the memo. (A view the build
    cache let go, AS_RENDERED, is vouched for by its key alone: its bytes are compared.)"""
    anew = {page.path: page.context for page in plan.site_pages(state.site)}
    assert anew.keys() == state.pages.keys()
    kept = state.pages
    stale = [p for p, view in anew.items() if kept[p] is not memos.AS_RENDERED and kept[p] != view]
    assert stale == [], f"views kept whose key missed a change: {stale}"


def _assert_reads_cover_views(
    kept: memos.MemoState, views: dict[str, Any], posts: tuple[Post, ...]
) -> None:
    """Each page's recorded reads name every part of a post, tag link and site view its view
    shows: an edit that changes one of them finds the page through the reverse index."""
    slugs = {post.slug for post in posts}
    for path, record in kept.pages.items():
        view = views[path]
        if view is memos.AS_RENDERED:
            continue
        shown = _shown(view, slugs)
        missing = shown - set(record.reads)
        assert not missing, f"{path} shows {sorted(map(str, missing))} without reading them"
        for name in shown:  # and the reverse index knows it
            assert path in kept.readers[name], (path, name)


def _shown(value: object, slugs: set[str]) -> set[object]:
    """The inputs a view shows: the parts of posts (by slug), tag links and the site view."""
    found: set[object] = set()
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, (tuple, list)):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, views.PostView):
            found.add(("post", item.post.slug))
            pending.extend([item.post, item.older, item.newer, item.readings])
        elif isinstance(item, views.PostSummary) and item.slug in slugs:
            found.add(("summary", item.slug))
            pending.append(item.tags)
        elif isinstance(item, views.PostLink) and item.slug in slugs:
            found.add(("link", item.slug))
        elif isinstance(item, views.ReadingView):
            pending.append(item.cited_by)
        elif isinstance(item, views.TagLink):
            found.add(("tag", item.slug))
        elif isinstance(item, views.SiteView):
            found.add(("site",))
    return found


def test_the_kept_views_are_those_of_the_current_site(tmp_path: Path) -> None:
    """Views are carried from build to build, but never those of a post that was replaced,
    deleted or unpublished, nor of a page that is gone: a long watch session does not keep
    every version of every post alive."""
    root = write_tree(tmp_path, {"quizsite.toml": "posts_per_page = 2\n", **numbered_quizzes(5)})
    state = build(root).state
    q1, q3 = root / "content/posts/q1.qmd", root / "content/posts/q3.qmd"
    steps = [
        lambda: edit(q1, "Which option", "Which single option"),  # swapped in place
        lambda: edit(q3, 'title: "Quiz 3"', 'title: "Quiz 3, renamed"'),
        lambda: edit(q3, "---\n\n", "draft: true\n---\n\n"),
        lambda: q1.unlink(),
    ]
    for step in steps:
        step()
        state = build(root, previous=state).state
        live = set(state.site.posts)
        assert state.views.pages.keys() == state.pages.keys()
        for maker, entries in state.views.views.items():  # a post's parts, by the post
            assert {i for i in entries if isinstance(i, Post)} <= live, maker.__name__
        # The reverse index names no page that is gone.
        assert set().union(*state.views.readers.values()) <= state.pages.keys()


def _shared_reading_site(root: Path, count: int) -> Path:
    """`count` quizzes a day apart, all recommending the same book (and one paper of their own)."""
    return write_tree(
        root,
        {
            "quizsite.toml": "search = false\n",
            **{
                f"content/posts/q{n:02}.qmd": quiz_text(
                    f"Quiz {n:02}", f"2024-01-{n + 1:02}", "red", slug=f"q{n:02}"
                )
                for n in range(count)
            },
        },
    )


def test_also_in_names_the_nearest_five_and_links_the_rest(tmp_path: Path) -> None:
    result = build(_shared_reading_site(tmp_path, 12))
    page = (result.output / "posts/q06/index.html").read_text()
    also = page.split("Also in: ")[1].split("</p>")[0]
    named = [f"Quiz {n:02}" for n in range(12) if f">Quiz {n:02}<" in also]
    assert named == ["Quiz 03", "Quiz 04", "Quiz 05", "Quiz 07", "Quiz 08"]  # nearest in date
    # Twelve quizzes cite the book, more than the reading list names: it has its own page.
    own = re.search(r'and <a href="/reading-list/([0-9a-f]{10})/">6 more quizzes</a>', also)
    assert own is not None
    listing = (result.output / f"reading-list/{own[1]}/index.html").read_text()
    assert re.findall(r">Quiz (\d\d)</a> <time", listing) == [f"{n:02}" for n in range(11, -1, -1)]
    assert 'href="https://example.org/book"' in listing
    assert f'href="/reading-list/#reading-{own[1]}"' in listing  # back to its entry
    reading_list = (result.output / "reading-list/index.html").read_text()
    entry = reading_list.split(f'<li id="reading-{own[1]}">')[1].split("</li>")[0]
    assert "Recommended by 12 quizzes" in entry
    named = [n for n in range(12) if f">Quiz {n:02}<" in entry]
    assert named == list(range(2, 12))  # the ten newest
    assert f'and <a href="/reading-list/{own[1]}/">2 more quizzes</a>' in entry
    sitemap = (result.output / "sitemap.xml").read_text()
    assert f"/reading-list/{own[1]}/</loc>" in sitemap
    oldest = (result.output / "posts/q00/index.html").read_text().split("Also in: ")[1]
    assert [n for n in range(12) if f">Quiz {n:02}<" in oldest.split("</p>")[0]] == [1, 2, 3, 4, 5]


def test_a_resource_gets_and_loses_its_page_as_citations_cross_the_limit(tmp_path: Path) -> None:
    """A quiz that cites another resource instead, keeping its date, slug and the number of
    resources, takes the book from 11 citations to 10: its page goes (from the sitemap too),
    and comes back with the citation."""
    root = _shared_reading_site(tmp_path, 11)
    state = build(root).state
    own = [p for p in state.pages if re.fullmatch(r"reading-list/[0-9a-f]{10}/index\.html", p)]
    assert len(own) == 1  # the book, cited by 11 quizzes
    url = "/" + own[0].removesuffix("index.html")
    post = root / "content/posts/q05.qmd"
    for old, new, kept in (("org/book)", "org/q00)", False), ("org/q00)", "org/book)", True)):
        edit(post, old, new)
        result = build(root, previous=state)
        state = result.state
        assert (own[0] in state.pages) == kept
        assert (own[0] in result.removed) == (not kept)
        assert (f"{url}</loc>" in (state.output / "sitemap.xml").read_text()) == kept
        assert _tree(state.output) == _tree(fresh_build(root, tmp_path / f"fresh-{kept}"))


def test_a_title_edit_reaches_a_bounded_number_of_citing_quizzes(tmp_path: Path) -> None:
    root = _shared_reading_site(tmp_path, 30)
    first = build(root)
    edit(root / "content/posts/q15.qmd", 'title: "Quiz 15"', 'title: "Quiz fifteen"')
    again = build(root, previous=first.state)
    posts = {p for p in again.rendered if p.startswith("posts/")}
    # Itself, and the quizzes whose "Also in:" names it (its neighbours among them).
    assert posts == {f"posts/q{n}/index.html" for n in range(13, 19)}


def test_an_edit_in_place_visits_only_the_pages_showing_the_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When an edit moves no post (same date, slug, tags, readings), a build visits only the
    pages showing the post and takes the others as they were; and every page is then the one
    a visit of every page makes."""
    tags = ["red", "red, blue", "green"]
    root = write_tree(
        tmp_path,
        {
            "quizsite.toml": "posts_per_page = 4\nreadings_per_page = 5\nsearch = false\n",
            **{
                f"content/posts/q{n:02}.qmd": quiz_text(
                    f"Quiz {n:02}", f"2024-01-{n + 1:02}", tags[n % 3], slug=f"q{n:02}"
                )
                for n in range(30)
            },
        },
    )
    state = build(root).state
    visits: list[str] = []
    page = memos.Memo.page

    def counted(memo: memos.Memo, spec: memos.Spec, reader: object) -> Any:
        made = len(memo.made)
        found = page(memo, spec, reader)
        if len(memo.made) > made:  # made again, not taken from the memo
            visits.append(spec.path)
        return found

    monkeypatch.setattr(memos.Memo, "page", counted)
    for n, old, new in [
        (15, 'title: "Quiz 15"', 'title: "Quiz fifteen"'),
        (29, "Which option", "Which single option"),
        (0, 'title: "Quiz 00"', 'title: "Quiz zero"'),
    ]:
        post = root / f"content/posts/q{n:02}.qmd"
        edit(post, old, new)
        visits.clear()
        state = build(root, previous=state, changed={post}).state
        assert 0 < len(visits) < len(state.pages) / 3, (n, visits)
        assert f"posts/q{n:02}/index.html" in visits
        everything = plan.site_pages(state.site)  # every page visited, every view made anew
        assert {page.path: page.context for page in everything} == state.pages, n


COLOURS = ("red", "blue", "green")
BOOK_AND_Q05 = ("https://example.org/book", "https://example.org/q05")


def test_a_watch_session_keeps_no_part_of_a_replaced_post_and_remakes_few_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits that keep the site's structure let go of the edited posts' old parts and keep
    every other part, those of each tag's reading list included (not made again)."""
    root = write_tree(
        tmp_path,
        {
            "quizsite.toml": "search = false\n",
            **{
                f"content/posts/q{n:02}.qmd": quiz_text(
                    f"Quiz {n:02}", f"2024-01-{n + 1:02}", f"{COLOURS[n % 3]}, ml", slug=f"q{n:02}"
                )
                for n in range(12)
            },
        },
    )
    state = build(root).state
    listed: list[object] = []
    view = memos.Memo.view

    def counted(memo: memos.Memo, maker: Any, ident: Any, args: Any, *fixed: object) -> Any:
        kept = memo.entries.views.get(maker, {}).get(ident)
        if maker is plan._listed_reading and (kept is None or kept[0] != args):
            listed.append(ident)  # made anew
        return view(memo, maker, ident, args, *fixed)

    monkeypatch.setattr(memos.Memo, "view", counted)
    post = root / "content/posts/q05.qmd"
    for title in ("Quiz five", "Quiz 5"):
        edit(post, post.read_text().split("\n")[1], f'title: "{title}"')
        listed.clear()
        state = build(root, previous=state, changed={post}).state
        # Only the resources the edited quiz cites are listed anew (its own paper, the book),
        # each on the lists showing it: the whole list and its two tags' lists.
        cited = [(url, tag) if tag else url for url in BOOK_AND_Q05 for tag in ("", "green", "ml")]
        assert sorted(map(repr, listed)) == sorted(map(repr, cited))
        posts = set(state.site.posts)
        for table in state.views.views.values():
            kept = [i for i in table if isinstance(i, Post)]
            assert all(i in posts for i in kept)
    assert ">Quiz 5</a>" in (root / "site/reading-list/tags/ml/index.html").read_text()


def test_changed_files_limit_what_a_build_looks_at(first: BuildResult, tmp_path: Path) -> None:
    """Given the files events named, a build re-reads only those when it knows them all, and
    scans the content folder when one is new, gone or a folder."""
    posts = tmp_path / "content/posts"
    edit(posts / "a.qmd", "First option", "Named option")
    edit(posts / "b.qmd", "First option", "Unnamed option")
    named = build(tmp_path, previous=first.state, changed={posts / "a.qmd"})
    assert "Named option" in (first.output / "posts/a/index.html").read_text()
    assert "Unnamed option" not in (first.output / "posts/b/index.html").read_text()  # not read
    again = build(tmp_path, previous=named.state, changed={posts / "d/pic.svg"})
    assert again.rendered == ()  # an asset named: its post restamped, found unchanged
    write_tree(tmp_path, {"content/posts/e.qmd": quiz_text("Epsilon", "2024-02-01", "red")})
    scanned = build(tmp_path, previous=again.state, changed={posts / "e.qmd"})
    assert "posts/e/index.html" in scanned.rendered  # unknown file: a scan, which sees b too
    assert "Unnamed option" in (first.output / "posts/b/index.html").read_text()
    (posts / "c.qmd").unlink()
    gone = build(tmp_path, previous=scanned.state, changed={posts / "c.qmd"})
    assert "posts/c/index.html" in gone.removed


def test_named_post_changes_leave_templates_and_static_files_unlooked_at(
    first: BuildResult, tmp_path: Path
) -> None:
    """Files named as changed, all under content/: the templates and static files are as the
    previous build found them (watch mode names every file its events touch, and looks at
    everything once edits pause). A template named, or no names, and they are looked at."""
    post, template = (
        tmp_path / "content/posts/a.qmd",
        tmp_path / "themes/default/templates/tag.html",
    )
    write_tree(tmp_path, {"themes/default/templates/tag.html": "<p>tags of {{ tag.name }}</p>"})
    edit(post, "First option", "Named option")
    named = build(tmp_path, previous=first.state, changed={post})
    assert "Named option" in (first.output / "posts/a/index.html").read_text()
    assert "tags of" not in (first.output / "tags/red/index.html").read_text()  # not looked at
    both = build(tmp_path, previous=named.state, changed={post, template})
    assert (first.output / "tags/red/index.html").read_text() == "<p>tags of red</p>"
    write_tree(tmp_path, {"static/extra.txt": "new"})
    edit(post, "Named option", "Renamed option")
    named = build(tmp_path, previous=both.state, changed={post})
    assert not (first.output / "extra.txt").exists()
    assert "extra.txt" in build(tmp_path, previous=named.state).written  # no names: all seen


def test_the_reading_list_is_paginated_and_more_links_find_their_page(tmp_path: Path) -> None:
    files = {"quizsite.toml": "readings_per_page = 1\nsearch = false\n"}
    for n, (path, text) in enumerate(numbered_quizzes(9).items()):
        head = text.partition("**Recommended reading**\n\n")[0]
        books = ["https://example.org/everyone"] + (["https://example.org/most"] if n < 7 else [])
        readings = "".join(f"* [Book]({url}) is good.\n" for url in books)
        files[path] = f"{head}**Recommended reading**\n\n{readings}:::\n"
    out = build(write_tree(tmp_path, files)).output
    # Most cited first, one a page: "everyone" (9 quizzes), then "most" (7).
    page = (out / "posts/q3/index.html").read_text()
    links = re.findall(r'and <a href="([^"]+)">(\d+) more quiz', page)
    assert [n for _, n in links] == ["3", "1"]  # 8 others, 5 named; 6 others, 5 named
    assert [url.split("#")[0] for url, _ in links] == ["/reading-list/", "/reading-list/page/2/"]
    for url, _ in links:
        path, anchor = url.split("#")
        listed = (out / (path.removeprefix("/") + "index.html")).read_text()
        assert f'<li id="{anchor}">' in listed


def test_reading_list_pages_and_their_links(tmp_path: Path) -> None:
    files = {"quizsite.toml": "readings_per_page = 3\nsearch = false\n"}
    out = build(write_tree(tmp_path, files | numbered_quizzes(4))).output
    # The shared book (cited 4 times) and one paper per quiz: 5 resources, 3 a page.
    first = (out / "reading-list/index.html").read_text()
    second = (out / "reading-list/page/2/index.html").read_text()
    assert first.count('<li id="reading-') == 3 and second.count('<li id="reading-') == 2
    assert "Shared book" in first
    assert 'href="/reading-list/page/2/" rel="next"' in first
    assert 'href="/reading-list/" rel="prev"' in second
    assert "<h1>Reading list, page 2 of 2</h1>" in second
    assert '<ol class="reading-index" start="4">' in second  # ranks go on from page 1
    # Every paper is linked from its quiz's "Also in:"-less sidebar and listed once.
    listed = re.findall(r'class="reading-title" href="([^"]+)"', first + second)
    assert sorted(listed) == sorted(
        ["https://example.org/book", *(f"https://example.org/q{n}" for n in range(4))]
    )


def test_named_changes_are_ignored_when_the_state_is_not_the_outputs(
    first: BuildResult, tmp_path: Path
) -> None:
    """Changes are named relative to a state; a state older than the output (another build
    wrote since) cannot vouch for the files not named."""
    posts = tmp_path / "content/posts"
    edit(posts / "a.qmd", "First option", "Option from the second build")
    build(tmp_path, previous=first.state)
    edit(posts / "b.qmd", "First option", "Option from the third build")
    build(tmp_path, previous=first.state, changed={posts / "b.qmd"})
    assert "Option from the second build" in (first.output / "posts/a/index.html").read_text()
    assert "Option from the third build" in (first.output / "posts/b/index.html").read_text()


def test_with_no_file_changed_a_post_still_appears_when_its_date_comes(tmp_path: Path) -> None:
    from datetime import datetime

    root = make_site(tmp_path)
    write_tree(root, {"content/posts/later.qmd": quiz_text("Later", "2030-01-01", "red")})
    first = build(root, now=datetime(2029, 12, 31))
    assert not (first.output / "posts/later").exists()
    again = build(root, previous=first.state, now=datetime(2029, 12, 31, 12))
    assert again.written == () and again.rendered == ()  # nothing came due: nothing done
    due = build(root, previous=again.state, now=datetime(2030, 1, 2))
    assert "posts/later/index.html" in due.written


def test_a_changed_static_file_is_copied_with_no_post_changed(
    first: BuildResult, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"static/CNAME": "quiz.example.org\n"})
    again = build(tmp_path, previous=first.state)
    assert again.written == ("CNAME",)
    write_tree(tmp_path, {"static/CNAME": "quizzes.example.org\n"})
    assert build(tmp_path, previous=again.state).written == ("CNAME",)


def test_quizzes_json_follows_edits_made_in_place(tmp_path: Path) -> None:
    """Builds that swap edited posts in patch the last list of quizzes: edits to different
    quizzes in a row all show, and a post that stops (or starts) being a quiz leaves (or
    joins) the list, exactly as a fresh build lists them."""
    quiz = quiz_text("Plain", "2024-03-01", "red").split("**Recommended reading**")[0] + ":::\n"
    essay = quiz.split("\n\n", 1)[0] + "\n\nJust prose, no options.\n"
    root = write_tree(tmp_path / "site", {**numbered_quizzes(4), "content/posts/plain.qmd": quiz})
    posts = root / "content/posts"
    state = build(root).state

    def renamed(name: str) -> str:  # only the title line: its readings stay, so it is a swap
        return (posts / name).read_text().replace('"\n', ', renamed"\n', 1)

    steps = [
        ("q1.qmd", renamed("q1.qmd")),
        ("q2.qmd", renamed("q2.qmd")),
        ("plain.qmd", essay),
        ("plain.qmd", quiz),
    ]
    for step, (name, text) in enumerate(steps):
        (posts / name).write_text(text)
        result = build(root, previous=state, changed={posts / name})
        state = result.state
        fresh = fresh_build(root, tmp_path / f"fresh{step}")
        shown = json.loads((state.output / "quizzes.json").read_text())
        assert shown == json.loads((fresh / "quizzes.json").read_text()), step
        assert "quizzes.json" in result.rendered, step
    titles = [quiz["title"] for quiz in shown["quizzes"]]
    assert titles == ["Plain", "Quiz 3", "Quiz 2, renamed", "Quiz 1, renamed", "Quiz 0"]


def test_copies_after_swaps_are_those_a_full_listing_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that only swaps edited posts in takes the last build's list of copied files and
    redoes the edited posts' own files: never a look at every source (static_files is not
    called), and always what a full listing gives, drafts' files left out."""
    root = make_site(tmp_path)
    write_tree(
        root,
        {
            "static/posts/d/pic.svg": "<svg id='site'/>",  # the post's own file stands over it
            "content/posts/e/index.qmd": quiz_text("Draft", "2024-01-05", "red", slug="e").replace(
                "---\n\n", "draft: true\n---\n\n", 1
            ),
            "content/posts/e/secret.svg": "<svg/>",
        },
    )
    state = build(root).state
    full_listing = build_module.static_files
    monkeypatch.setattr(build_module, "static_files", None)  # a call would fail the build
    posts = root / "content/posts"
    edits = [
        (posts / "d/index.qmd", "Which option", "Which one"),  # the post with a file of its own
        (posts / "d/pic.svg", "<svg/>", '<svg width="2"/>'),  # its file
        (posts / "e/index.qmd", "Which option", "Which one"),  # a draft's
        (posts / "a.qmd", "Which option", "Which one"),  # a post without files
    ]
    for path, old, new in edits:
        edit(path, old, new)
        state = build(root, previous=state, changed={path}).state
        published = set(state.site.posts)
        assert state.copies == full_listing(state.statics, state.parsed.values(), published)
    assert (state.output / "posts/d/pic.svg").read_text() == '<svg width="2"/>'
    assert not (state.output / "posts/e").exists()
