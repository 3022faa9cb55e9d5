"""Links to a draft under `draft-mode: gone` and `unlinked`: as in Quarto, a link in another
document is its text alone, with a warning at the link naming the draft, and a sidebar entry
naming the draft is left out; `visible` (and `--drafts`) keep them."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from quizsite.build import build

QUARTO = """\
project:
  type: website
website:
  title: Notes
  page-navigation: true
{mode}  sidebar:
    contents:
      - index.qmd
      - posts/ridge/index.qmd
      - posts/half/index.qmd
      - about.qmd
"""
HOME = "---\ntitle: Notes\nlisting:\n  contents: posts\n---\n"
RIDGE = """\
---
title: Ridge
date: 2024-02-01
---

Some words.

See [the half-done one](../half/index.qmd#part) and [*about*](../../about.qmd).
"""
DRAFT = "---\ntitle: Half done\ndate: 2024-03-01\ndraft: true\n---\n\n## Part\n\nNot ready.\n"
ABOUT = "---\ntitle: About\n---\n\nAbout us.\n"


def _built(tmp_path: Path, mode: str, drafts: bool = False) -> tuple[Path, list[str]]:
    """The blog built under `draft-mode: mode`: its output, and its warnings' first lines."""
    setting = f"  draft-mode: {mode}\n" if mode else ""
    root = write_tree(
        tmp_path / (mode or "none") / "blog",
        {
            "_quarto.yml": QUARTO.format(mode=setting),
            "index.qmd": HOME,
            "posts/ridge/index.qmd": RIDGE,
            "posts/half/index.qmd": DRAFT,
            "about.qmd": ABOUT,
        },
    )
    result = build(root, tmp_path / (mode or "none") / "out", drafts=drafts)
    return result.output, [w.format().splitlines()[0] for w in result.warnings]


def test_a_link_to_a_draft_left_out_is_its_text_with_a_warning(tmp_path: Path) -> None:
    for mode in ("", "gone", "unlinked"):
        out, warnings = _built(tmp_path, mode)
        ridge = (out / "posts/ridge/index.html").read_text(encoding="utf-8")
        assert "See the half-done one and " in ridge, mode
        assert "half/" not in ridge  # neither the prose nor the sidebar names the draft
        assert '<a href="../../about.html"><em>about</em></a>' in ridge  # a page is linked
        said = [w for w in warnings if "posts/half/index.qmd" in w]
        assert said == [
            f"posts/ridge/index.qmd:8: warning: link to posts/half/index.qmd, a draft "
            f"(draft-mode: {mode or 'gone'}): shown as its text, the draft not being published"
        ], mode
        about = (out / "about.html").read_text(encoding="utf-8")
        assert "Half done" not in about  # nor the page navigation beside the draft's place
        assert '<a class="page-navigation-prev" href="/posts/ridge/"' in about


def test_visible_drafts_stay_linked(tmp_path: Path) -> None:
    for mode, drafts in (("visible", False), ("gone", True)):
        out, warnings = _built(tmp_path / str(drafts), mode, drafts)
        ridge = (out / "posts/ridge/index.html").read_text(encoding="utf-8")
        assert '<a href="../half/index.html#part">the half-done one</a>' in ridge or (
            '<a href="../half/#part">the half-done one</a>' in ridge
        )
        assert ">Half done</a>" in ridge  # its sidebar entry
        assert not [w for w in warnings if "a draft" in w]


def test_a_draft_published_later_is_linked_again_in_an_incremental_build(tmp_path: Path) -> None:
    out, _ = _built(tmp_path, "gone")
    root = out.parent / "blog"
    first = build(root, out)
    half = root / "posts/half/index.qmd"
    ridge = out / "posts/ridge/index.html"
    for draft, linked in (("false", True), ("true", False), ("false", True)):
        half.write_text(DRAFT.replace("draft: true", f"draft: {draft}"), encoding="utf-8")
        first = build(root, out, previous=first.state, changed=[half])
        html = ridge.read_text(encoding="utf-8")
        assert ('<a href="../half/#part">the half-done one</a>' in html) is linked, draft
        assert (">Half done</a>" in html) is linked, draft  # the sidebar's entry
        assert any("a draft" in w.message for w in first.warnings) is not linked
