"""The memo's reverse index: which pages an edit reaches, whether the index is kept (watch
mode), made from the pages' reads on demand, or let go (a cold build, the build cache)."""

from __future__ import annotations

from quizsite.memo import Memo, MemoState, Name, Spec, cached_views
from quizsite.views import Page


def _make(memo: Memo, path: str, *reads: Name) -> Page:
    """A page that reads `reads` (noted through the memo) and shows them."""
    for name in reads:
        memo.note(name)
    return Page(path, "page.html", {"shown": reads})


SPECS = [
    Spec("a/index.html", _make, ("a/index.html", ("post", "x"))),
    Spec("b/index.html", _make, ("b/index.html", ("post", "x"), ("tag", "y"))),
    Spec("c/index.html", _make, ("c/index.html", ("tag", "z"))),
]


def _build(previous: MemoState | None, changed: list[Name]) -> Memo:
    """One build's plan: the pages reading a `changed` input made again, the others kept."""
    memo = Memo(previous)
    memo.mark(changed)
    for spec in SPECS:
        memo.page(spec, memo)
    return memo


def test_a_cold_build_makes_no_reverse_index() -> None:
    memo = _build(None, [])
    assert memo.made == [spec.path for spec in SPECS]
    assert memo.entries.index is None
    # Asked for, it is made from the pages' reads.
    assert memo.entries.readers == {
        ("post", "x"): {"a/index.html", "b/index.html"},
        ("tag", "y"): {"b/index.html"},
        ("tag", "z"): {"c/index.html"},
    }


def test_the_pages_an_edit_reaches_are_the_same_with_or_without_the_index() -> None:
    first = _build(None, []).entries
    for changed, reached in [
        ([("tag", "y")], ["b/index.html"]),
        ([("post", "x")], ["a/index.html", "b/index.html"]),
        ([("tag", "z"), ("tag", "y")], ["b/index.html", "c/index.html"]),
        ([("tag", "gone")], []),
    ]:
        loaded = cached_views(first)  # as the build cache keeps it: no index
        assert loaded.index is None
        assert _build(loaded, changed).made == reached  # a look over the pages' reads
        indexed = _build(None, []).entries
        assert indexed.readers  # made, and kept by the next build
        assert _build(indexed, changed).made == reached


def test_watch_mode_makes_the_index_at_its_second_edit_and_keeps_it_up_to_date() -> None:
    state = cached_views(_build(None, []).entries)
    first = _build(state, [("tag", "y")])
    assert first.made == ["b/index.html"] and first.entries.index is None
    second = _build(first.entries, [("post", "x")])
    assert second.made == ["a/index.html", "b/index.html"]
    assert second.entries.index is not None
    # Kept up to date as pages read other inputs: made anew from the reads, it is the same.
    moved = Spec("c/index.html", _make, ("c/index.html", ("tag", "y")))
    third = Memo(second.entries)
    third.mark([("tag", "z")])
    for spec in [*SPECS[:2], moved]:
        third.page(spec, third)
    assert third.made == ["c/index.html"]
    kept = third.entries.index
    assert kept == MemoState(third.entries.pages).readers
    assert kept[("tag", "y")] == {"b/index.html", "c/index.html"}
    assert ("tag", "z") not in kept


def _part(*args: object) -> tuple[object, ...]:
    return args


def test_keep_lets_parts_go_with_their_idents_and_pairs_with_either() -> None:
    memo = Memo()
    for ident in ("post", "url", ("url", "tag"), ("url", "gone-tag"), "old"):
        memo.view(_part, ident, (ident,))
    memo.keep({"post", "url", "tag"})
    assert set(memo.entries.views[_part]) == {"post", "url", ("url", "tag")}


def test_forget_lets_go_of_the_named_idents_only() -> None:
    memo = Memo()
    for ident in ("a", "b", ("a", "t")):
        memo.view(_part, ident, (ident,))
    memo.forget(["a", "never-made"])
    assert set(memo.entries.views[_part]) == {"b", ("a", "t")}
