"""Files added, removed or changed beside posts and in static/: an incremental build (the command
line's, through the cache, or watch mode's, in memory) writes the site a clean build writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import CliResult, fresh_build, quiz_text, write_tree

from quizsite.build import build
from quizsite.cache import changes_since
from quizsite.config import load_config
from quizsite.output import MARKER
from quizsite.parses import _owners_of

Cli = Callable[..., CliResult]


def _site(root: Path) -> Path:
    """A site with a flat post and a folder post holding two files, one in a nested folder."""
    return write_tree(
        root,
        {
            "content/posts/a.qmd": quiz_text("Alpha", "2024-01-01", "red", slug="a"),
            "content/posts/d/index.qmd": quiz_text("Delta", "2024-01-02", "red", slug="d"),
            "content/posts/d/pic.svg": "<svg/>",
            "content/posts/d/data/table.csv": "x,y\n",
        },
    )


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder but the marker (which names the build that wrote it)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def _same_as_fresh(root: Path, output: Path, scratch: Path) -> None:
    """`output` holds exactly what a clean build in a new process writes."""
    assert _tree(output) == _tree(fresh_build(root, scratch))


def test_deleting_a_folder_posts_file_never_wedges_the_cli(tmp_path: Path, cli: Cli) -> None:
    """A file of a folder post deleted: the next command-line builds succeed (they used to fail,
    "cannot write the site: No such file or directory", until the cache was deleted), and the
    file leaves the site."""
    root = _site(tmp_path / "site")
    assert cli("build", root).code == 0
    (root / "content/posts/d/data/table.csv").unlink()
    for _ in range(2):
        done = cli("build", root)
        assert done.code == 0, done.err
    assert not (root / "site/posts/d/data").exists()
    _same_as_fresh(root, root / "site", tmp_path / "fresh")


@pytest.mark.parametrize("name", ["extra.csv", "data/deep/notes.txt"])
def test_a_new_file_beside_an_unchanged_index_is_published(
    tmp_path: Path, cli: Cli, name: str
) -> None:
    """By the command line (which names what changed since its last build) and by watch mode
    (which names the file its event saw) alike, at any depth."""
    root = _site(tmp_path / "site")
    assert cli("build", root).code == 0
    write_tree(root, {f"content/posts/d/{name}": "new\n"})
    assert cli("build", root).code == 0
    assert (root / f"site/posts/d/{name}").read_text() == "new\n"
    _same_as_fresh(root, root / "site", tmp_path / "fresh")
    state = build(root, tmp_path / "watched").state
    write_tree(root, {f"content/posts/d/{name}.2": "newer\n"})
    result = build(
        root, tmp_path / "watched", previous=state, changed={root / f"content/posts/d/{name}.2"}
    )
    assert result.written == (f"posts/d/{name}.2",)


def test_the_cli_names_each_file_that_changed(tmp_path: Path) -> None:
    """What the cache's manifest tells the build: the files themselves, assets included, so
    that one new or gone makes the build look at the whole content folder again."""
    root = _site(tmp_path / "site")
    build(root, cache=True)
    posts = root / "content/posts"
    (posts / "d/pic.svg").write_text("<svg id='2'/>")
    (posts / "d/data/table.csv").unlink()
    write_tree(posts, {"d/new.txt": "new\n"})
    found = changes_since(load_config(root), root / "site", datetime.now())
    assert found == {posts / "d/pic.svg", posts / "d/data/table.csv", posts / "d/new.txt"}


def test_quartos_index_html_never_replaces_the_page(tmp_path: Path, cli: Cli) -> None:
    """The `index.html` that `quarto render` leaves beside `index.qmd` is Quarto's page, not a
    file to publish over ours: a clean build leaves it out and says so, and so does every
    incremental build, whether it arrives, changes or goes."""
    root = _site(tmp_path / "site")
    quarto = root / "content/posts/d/index.html"
    quarto.write_text("<p>Quarto's page</p>")
    clean = build(root, tmp_path / "clean")
    assert "Delta" in (clean.output / "posts/d/index.html").read_text()
    [warned] = [w for w in clean.warnings if "not copied" in w.message]
    assert warned.format().startswith(
        "content/posts/d/index.html: warning: not copied to posts/d/index.html"
    )
    quarto.unlink()
    assert cli("build", root).code == 0
    state = build(root, tmp_path / "watched").state
    for text in ("<p>Quarto's page</p>", "<p>rendered again</p>"):
        quarto.write_text(text)
        done = cli("build", root)
        assert done.code == 0 and "not copied to posts/d/index.html" in done.err
        state = build(root, tmp_path / "watched", previous=state, changed={quarto}).state
        for output in (root / "site", tmp_path / "watched"):
            assert "Delta" in (output / "posts/d/index.html").read_text()
            _same_as_fresh(root, output, tmp_path / "fresh")
    quarto.unlink()
    assert cli("build", root).code == 0
    _same_as_fresh(root, root / "site", tmp_path / "fresh")


def test_a_static_file_where_a_page_comes_and_goes(tmp_path: Path, cli: Cli) -> None:
    """A static file at a page's path is copied only while no page is there: a post taking
    its place is written (not deleted as the vanished copy), and the copy comes back when
    the post goes."""
    root = _site(tmp_path / "site")
    write_tree(root, {"static/posts/e/index.html": "<p>static</p>"})
    assert cli("build", root).code == 0
    state = build(root, tmp_path / "watched").state
    post = root / "content/posts/e.qmd"
    for step in ("post added", "post deleted"):
        if step == "post added":
            write_tree(root, {"content/posts/e.qmd": quiz_text("Echo", "2024-01-03", slug="e")})
        else:
            post.unlink()
        assert cli("build", root).code == 0
        state = build(root, tmp_path / "watched", previous=state, changed={post}).state
        for output in (root / "site", tmp_path / "watched"):
            page = (output / "posts/e/index.html").read_text()
            assert ("Echo" in page) == (step == "post added"), (step, output)
            _same_as_fresh(root, output, tmp_path / "fresh")


def test_a_file_posts_read_is_also_a_posts_own_file(tmp_path: Path) -> None:
    """A file a parse read (an include, a bibliography) that is also a folder post's own file:
    edited, its readers and its post are parsed again; gone, or new where a post looked for
    it, the build scans the content folder (a post keeps the files it was found with, and one
    of them gone would fail the build when it is stamped). A read file no scan lists
    (`_metadata.yml`) needs no scan."""
    root = _site(tmp_path / "site")
    state = build(root).state
    posts = root / "content/posts"
    table, meta, flat = posts / "d/data/table.csv", posts / "_metadata.yml", posts / "a.qmd"
    parsed = dict(state.parsed)
    parsed[flat] = parsed[flat]._replace(reads=((str(table), b"x"), (str(meta), None)))
    config = load_config(root)
    assert _owners_of(parsed, {table}, config) == {flat, posts / "d/index.qmd"}
    meta.write_text("toc: true\n")
    assert _owners_of(parsed, {meta}, config) == {flat}
    table.unlink()
    assert _owners_of(parsed, {table}, config) is None


def _flat_post_with_image(root: Path) -> Path:
    """A site whose flat post shows an image beside it (published beside its page)."""
    text = quiz_text("Alpha", "2024-01-01", "red", slug="a").replace(
        "Which option is right?", "Which option is right?\n\n![A plot](plot.svg)"
    )
    return write_tree(
        root, {"content/posts/a.qmd": text, "content/posts/plot.svg": "<svg id='one'/>"}
    )


def test_editing_a_flat_posts_image_rebuilds_from_the_command_line(
    tmp_path: Path, cli: Cli
) -> None:
    """The image a flat post refers to is in the command line's look for changes: edited,
    the site is no longer up to date, and the next build copies it; deleted, the post no
    longer publishes it. Each time the site is what a fresh build writes."""
    root = _flat_post_with_image(tmp_path / "site")
    assert cli("build", root).code == 0
    image = root / "site/posts/a/plot.svg"
    assert image.read_text() == "<svg id='one'/>"
    assert cli("build", root).out.startswith("Site is up to date")
    (root / "content/posts/plot.svg").write_text("<svg id='two'/>")
    done = cli("build", root)
    assert done.code == 0 and done.out.startswith("Built"), done.out
    assert image.read_text() == "<svg id='two'/>"
    _same_as_fresh(root, root / "site", tmp_path / "fresh")
    assert cli("build", root).out.startswith("Site is up to date")
    (root / "content/posts/plot.svg").unlink()
    assert cli("build", root).out.startswith("Built")
    assert not image.exists()
    _same_as_fresh(root, root / "site", tmp_path / "fresh-gone")


def test_editing_a_flat_posts_image_rebuilds_in_watch_mode(tmp_path: Path) -> None:
    """Watch mode, in memory: the event names the image (no post owns it by its folder), the
    build scans, finds the post's image restamped, and copies it; the post is not parsed
    again, its page not rendered again."""
    root = _flat_post_with_image(tmp_path / "site")
    state = build(root).state
    image = root / "content/posts/plot.svg"
    image.write_text("<svg id='two'/>")
    result = build(root, previous=state, changed={image})
    assert result.written == ("posts/a/plot.svg",) and result.rendered == ()
    assert state.parsed[root / "content/posts/a.qmd"].post is (
        result.state.parsed[root / "content/posts/a.qmd"].post
    )
    assert (root / "site/posts/a/plot.svg").read_text() == "<svg id='two'/>"
    again = build(root, previous=result.state)
    assert again.written == () and again.state is result.state
