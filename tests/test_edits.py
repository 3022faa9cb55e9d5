"""The edit path (edits.py): a build after an edit that only re-parsed named posts takes the
last build's checks, site index, next due date and generated files, and still writes the site
and reports the problems a fresh build does."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import fresh_build, numbered_quizzes, quiz_text, write_tree

from quizsite import build as build_module
from quizsite import taxonomy
from quizsite.build import build
from quizsite.errors import BuildFailed


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".quizsite")
    }


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write_tree(root, {"quizsite.toml": 'title = "Edits"\n', **numbered_quizzes(6)})
    return root


def _fail(*_: object, **__: object) -> object:
    raise AssertionError("the edit path looks at every post")


def test_an_edit_in_place_looks_at_no_other_post_and_writes_the_fresh_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    state = build(root).state
    post = root / "content/posts/q3.qmd"
    post.write_text(quiz_text("Quiz 3", "2024-01-04", "red", "Which case now?", slug="q3"))
    # Each pass over every post the whole path makes: none of them runs.
    monkeypatch.setattr(build_module, "posts_and_problems", _fail)
    monkeypatch.setattr(build_module, "index_site", _fail)
    monkeypatch.setattr(build_module, "output_files", _fail)
    monkeypatch.setattr(taxonomy, "published", _fail)
    result = build(root, previous=state, changed={post})
    monkeypatch.undo()
    assert "posts/q3/index.html" in result.rendered
    assert "Which case now?" in (root / "site/index.html").read_text()
    assert _tree(result.output) == _tree(fresh_build(root, tmp_path / "fresh"))


def test_a_problem_an_edit_brings_is_reported_and_goes_with_the_fix(tmp_path: Path) -> None:
    root = _site(tmp_path)
    state = build(root).state
    post = root / "content/posts/q2.qmd"
    good = post.read_text()
    post.write_text(quiz_text("Quiz 2", "2024-01-03", "red", key="Option 2", slug="q2"))
    result = build(root, previous=state, changed={post})
    assert any("q2.qmd" in w.format() and "answer key" in w.format() for w in result.warnings)
    post.write_text(good)
    result = build(root, previous=result.state, changed={post})
    assert not result.warnings
    assert _tree(result.output) == _tree(fresh_build(root, tmp_path / "fresh"))


def test_an_edit_that_moves_a_post_or_makes_it_a_draft_rebuilds_the_site_index(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    state = build(root).state
    post = root / "content/posts/q1.qmd"
    post.write_text(quiz_text("Quiz 1", "2024-02-01", "red", slug="q1"))  # now the newest
    state = build(root, previous=state, changed={post}).state
    assert state.site.posts[0].slug == "q1"
    assert _tree(state.output) == _tree(fresh_build(root, tmp_path / "moved"))
    post.write_text(post.read_text().replace("---\n", "---\ndraft: true\n", 1))
    state = build(root, previous=state, changed={post}).state
    assert "q1" not in {p.slug for p in state.site.posts}
    assert _tree(state.output) == _tree(fresh_build(root, tmp_path / "draft"))


def test_an_edit_of_a_post_not_yet_due_keeps_its_date_and_it_shows_when_due(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    later = root / "content/posts/later.qmd"
    write_tree(root, {"content/posts/later.qmd": quiz_text("Later", "2030-01-01", slug="later")})
    state = build(root, now=datetime(2026, 1, 1)).state
    assert state.next_due == datetime(2030, 1, 1)
    later.write_text(quiz_text("Later, edited", "2030-01-01", slug="later"))
    state = build(root, previous=state, changed={later}, now=datetime(2026, 1, 2)).state
    assert state.next_due == datetime(2030, 1, 1)
    assert "later" not in {p.slug for p in state.site.posts}
    later.write_text(quiz_text("Later, sooner", "2027-01-01", slug="later"))
    state = build(root, previous=state, changed={later}, now=datetime(2026, 1, 3)).state
    assert state.next_due == datetime(2027, 1, 1)
    state = build(root, previous=state, changed=set(), now=datetime(2027, 1, 2)).state
    assert "later" in {p.slug for p in state.site.posts}
    assert state.next_due is None


def _quarto_blog(tmp_path: Path, listing: str) -> Path:
    root = tmp_path / "blog"
    write_tree(
        root,
        {
            "_quarto.yml": "project:\n  type: website\nwebsite:\n  title: Blog\n",
            "index.qmd": f'---\ntitle: "Posts"\nlisting:\n  contents: posts\n{listing}---\n',
            **{
                f"posts/p{n}/index.qmd": f'---\ntitle: "P{n}"\ndate: 2024-01-0{n + 1}\n'
                f"image: p.png\n---\nText {n}.\n"
                for n in range(4)
            },
            **{f"posts/p{n}/p.png": b"png" for n in range(4)},
        },
    )
    return root


def test_a_quarto_blog_s_edit_takes_the_edit_path_past_its_listing_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _quarto_blog(tmp_path, "")
    state = build(root).state
    post = root / "posts/p2/index.qmd"
    post.write_text(post.read_text().replace("Text 2.", "Text 2, edited."))
    monkeypatch.setattr(build_module, "posts_and_problems", _fail)
    monkeypatch.setattr(build_module, "index_site", _fail)
    result = build(root, previous=state, changed={post})
    monkeypatch.undo()
    assert "Text 2, edited." in (result.output / "posts/p2/index.html").read_text()
    assert _tree(result.output) == _tree(fresh_build(root, tmp_path / "fresh"))


def test_an_edit_dropping_a_field_a_listing_requires_fails_as_a_fresh_build_does(
    tmp_path: Path,
) -> None:
    root = _quarto_blog(tmp_path, "  field-required: [image]\n")
    state = build(root).state
    post = root / "posts/p1/index.qmd"
    post.write_text(post.read_text().replace("image: p.png\n", ""))
    with pytest.raises(BuildFailed) as failed:
        build(root, previous=state, changed={post})
    assert any("no 'image'" in d.message for d in failed.value.diagnostics)
