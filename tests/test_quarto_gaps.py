"""Quarto blogs built as their authors see them with Quarto: an untitled site names nothing
it was not given, exercises' folded solutions are no quizzes missing a key, Bootswatch names
in any case, drafts as `draft-mode` says, and listing feeds in RSS where Quarto writes them."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from conftest import quiz_text, write_tree

from quizsite.build import build

POST = "---\ntitle: Ridge\ndate: 2024-01-02\ncategories: [models]\n---\n\nShrink the weights.\n"
HOME = "---\ntitle: Notes\nlisting:\n  contents: posts\n  feed: true\n---\n"
UNTITLED = "project:\n  type: website\nwebsite:\n  site-url: https://notes.example.org\n"


def _site(root: Path, quarto_yml: str, files: dict[str, str] | None = None) -> Path:
    """A Quarto blog: `_quarto.yml`, a home listing with a feed, one post, and `files`."""
    return write_tree(
        root,
        {"_quarto.yml": quarto_yml, "index.qmd": HOME, "posts/ridge/index.qmd": POST}
        | (files or {}),
    )


def _text_files(out: Path) -> dict[str, str]:
    """Every page and feed of a built site, by its path."""
    return {
        str(p.relative_to(out)): p.read_text()
        for p in out.rglob("*")
        if p.suffix in (".html", ".xml", ".json") and p.is_file()
    }


# --- an untitled site ------------------------------------------------------------------------


def test_an_untitled_quarto_site_names_no_site(tmp_path: Path) -> None:
    """No `website.title`: Quarto's pages are titled by their own titles alone, with no
    `og:site_name`; quizsite's pages and feeds say no "Quiz blog" either."""
    root = _site(tmp_path / "blog", UNTITLED)
    build(root, tmp_path / "out")
    pages = _text_files(tmp_path / "out")
    assert not [path for path, text in pages.items() if "Quiz blog" in text]
    home = pages["index.html"]
    assert "<title>Notes</title>" in home and "og:site_name" not in home
    assert "<title>Ridge</title>" in pages["posts/ridge/index.html"]
    assert '<meta name="description" content="Search the posts">' in pages["search/index.html"]
    assert "<title>Notes</title>" in pages["feed.xml"]  # the listing page's title
    assert '<meta name="description" content="All tags">' in pages["tags/index.html"]


def test_a_titled_site_and_quizsites_own_keep_their_names(tmp_path: Path) -> None:
    """A Quarto site's `website.title` names its pages; a quizsite.toml site without a title
    keeps quizsite's default one."""
    root = _site(tmp_path / "blog", UNTITLED + "  title: Field notes\n")
    build(root, tmp_path / "out")
    home = (tmp_path / "out/index.html").read_text()
    assert '<meta property="og:site_name" content="Field notes">' in home
    mine = write_tree(tmp_path / "mine", {"content/posts/a.qmd": quiz_text()})
    build(mine, tmp_path / "mine-out")
    page = (tmp_path / "mine-out/index.html").read_text()
    assert "<title>Quiz blog</title>" in page
    assert '<meta property="og:site_name" content="Quiz blog">' in page
    assert "<title>Quiz blog</title>" in (tmp_path / "mine-out/feed.xml").read_text()


# --- exercises are not quizzes ---------------------------------------------------------------

EXERCISE = """---
title: Boosting exercises
date: 2025-04-28
---

## 1.1 Train a learner

Train XGBoost with 100 boosting iterations.

<details>
<summary>**Hint 1:**</summary>

Specifically, you need to conduct three steps:

1. Specify a `Resampling` object using `rsmp()`.
2. Use it with the task and learner in `resample()`.
3. Measure the performance with `$aggregate()`.

</details>

<details>
<summary>**Hint 2:**</summary>

```r
rr = resample(task = ..., learner = ..., resampling = ...)
```

</details>

:::{.callout-note collapse="true"}

### Solution

:::{.b64-solution}

```r
rr = resample(task = task, learner = lrn("classif.xgboost"), resampling = rsmp("cv"))
```

:::

:::
"""

STEPS = """---
title: Migrating a blog
date: 2022-08-01
---

1. Install the tools.

2. Copy your posts.

7. Make your posts Quarto compatible:

```bash
nbdev_migrate --path posts
```

:::{.callout-note collapse="true"}

### What does `nbdev_migrate` do?

`nbdev_migrate` does the following things: it converts front matter and directives.

:::
"""


def test_an_exercises_folded_solution_is_no_quiz_missing_its_key(tmp_path: Path) -> None:
    """A folded "Solution" after an exercise's hints (mlr3website's gallery) and a folded note
    after a step's code (nbdev's blogging tutorial) are no quizzes: no "no answer key"
    warning. A quiz written without its key, options right above the answer, still gets it."""
    missing = quiz_text(title="Optimisers", key="Adam scales each step.")
    root = _site(
        tmp_path / "blog",
        UNTITLED + "  title: Notes\n",
        {
            "posts/boost/index.qmd": EXERCISE,
            "posts/migrate/index.qmd": STEPS,
            "posts/optim/index.qmd": missing,
        },
    )
    result = build(root, tmp_path / "out")
    keyless = [str(w.location) for w in result.warnings if "no answer key" in w.message]
    line = missing.splitlines().index("Adam scales each step.") + 1
    assert keyless == [f"posts/optim/index.qmd:{line}"]
    assert "<pre" in (tmp_path / "out/posts/boost/index.html").read_text()


ESSAY = """---
title: Localization
date: 2024-02-01
---

Three choices separate the methods:

1. **What counts as a part?** A pixel, a patch, a channel.
2. **What counts as responsible?** A gradient, a deletion, an axiom.
3. **Does the answer come with error bars?**

This post fills in all three with running code.

::: {.callout-note collapse="true"}
## Nearly every number below is computed at build time

The prose reads its values from the objects the figures are drawn from.
:::
"""
ANSWER_AFTER_A_HINT = """---
title: Dropout
date: 2024-02-02
---

Which layer does dropout leave alone at inference?

1. Every layer
2. None: it is off at inference

Think before you open it.

::: {.callout-tip collapse="true"}
## Answer

Dropout is switched off when the model predicts.
:::
"""


def test_a_folded_aside_after_an_essays_points_is_no_quiz_missing_its_key(tmp_path: Path) -> None:
    """A folded note some paragraphs after an essay's numbered points (project-delphi's ML
    blog) is no quiz; one titled as an answer after a hint paragraph is a quiz without its
    key."""
    root = _site(
        tmp_path / "blog",
        UNTITLED + "  title: Notes\n",
        {"posts/essay/index.qmd": ESSAY, "posts/dropout/index.qmd": ANSWER_AFTER_A_HINT},
    )
    result = build(root, tmp_path / "out")
    keyless = [str(w.location) for w in result.warnings if "no answer key" in w.message]
    line = ANSWER_AFTER_A_HINT.splitlines().index(
        "Dropout is switched off when the model predicts."
    )
    assert keyless == [f"posts/dropout/index.qmd:{line + 1}"]


# --- Bootswatch names ------------------------------------------------------------------------


def test_a_bootswatch_name_in_capitals_is_the_theme(tmp_path: Path) -> None:
    """`theme: Yeti` is Bootswatch's yeti, as Quarto finds `Yeti.scss` on the macOS and
    Windows file systems its authors mostly use: its colours, and no warning."""
    root = _site(
        tmp_path / "blog",
        UNTITLED + "  title: Notes\nformat:\n  html:\n    theme: Yeti\n",
    )
    result = build(root, tmp_path / "out")
    assert not [w for w in result.warnings if "theme" in w.message]
    sheets = "".join(p.read_text() for p in (tmp_path / "out/assets").rglob("*.css"))
    assert "#008cba" in sheets  # yeti's primary colour


# --- listing feeds ---------------------------------------------------------------------------

OLDER = (
    "---\ntitle: Lasso\ndate: 2023-05-01\ndescription: Sparse weights.\n"
    "categories: [models, sparsity]\nauthor: Ada\n---\n\nSee ![the path](path.png).\n"
)
BLOG = """---
title: Blog
description: Every post.
listing:
  contents: posts
  feed:
    type: partial
    items: 1
    categories: [sparsity]
---
"""


def _rss(path: Path) -> ElementTree.Element:
    """A feed file parsed, after checking it is RSS 2.0."""
    root = ElementTree.parse(path).getroot()
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    return root


def test_a_listing_feed_is_rss_where_quarto_writes_it(tmp_path: Path) -> None:
    """`feed: true` on `index.qmd` is RSS 2.0 at `index.xml` (the whole posts, links made
    absolute, newest first), linked from the page's head; `blog.qmd`'s `feed:` options
    (`type: partial`, `items`, `categories`) give `blog.xml` and `blog-sparsity.xml`."""
    root = _site(
        tmp_path / "blog",
        UNTITLED + "  title: Notes\n",
        {"posts/lasso/index.qmd": OLDER, "posts/lasso/path.png": "png", "blog.qmd": BLOG},
    )
    build(root, tmp_path / "out")
    out = tmp_path / "out"
    channel = _rss(out / "index.xml").find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Notes"
    assert channel.findtext("link") == "https://notes.example.org/index.html"
    assert channel.findtext("lastBuildDate") == "Tue, 02 Jan 2024 00:00:00 GMT"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Ridge", "Lasso"]
    lasso = items[1]
    assert (
        lasso.findtext("guid")
        == lasso.findtext("link")
        == "https://notes.example.org/posts/lasso/index.html"
    )
    assert [c.text for c in lasso.findall("category")] == ["models", "sparsity"]
    assert [c.text for c in lasso.findall("{http://purl.org/dc/elements/1.1/}creator")] == ["Ada"]
    assert 'src="https://notes.example.org/posts/lasso/path.png"' in lasso.findtext(
        "description", ""
    )
    home = (out / "index.html").read_text()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Notes" href="/index.xml">' in home
    )
    blog = _rss(out / "blog.xml").find("channel")
    assert blog is not None and blog.findtext("description") == "Every post."
    assert [(i.findtext("title"), i.findtext("description")) for i in blog.findall("item")] == [
        ("Ridge", "Shrink the weights.")
    ]
    sparse = _rss(out / "blog-sparsity.xml").find("channel")
    assert sparse is not None
    assert sparse.findtext("link") == "https://notes.example.org/blog.html#category=sparsity"
    assert [i.findtext("description") for i in sparse.findall("item")] == ["Sparse weights."]
    # quizsite's own site-wide feed stays beside them, Atom as before.
    assert ElementTree.parse(out / "feed.xml").getroot().tag == "{http://www.w3.org/2005/Atom}feed"


# --- drafts ----------------------------------------------------------------------------------

DRAFT = "---\ntitle: Half done\ndate: 2024-03-01\ncategories: [models]\ndraft: true\n---\n\nNot ready.\n"


def _drafted(tmp_path: Path, mode: str) -> tuple[Path, list[str]]:
    """A blog with a draft built under `draft-mode: mode` ("" says none): the output folder
    and the build's warnings."""
    setting = f"  draft-mode: {mode}\n" if mode else ""
    root = _site(
        tmp_path / mode / "blog",
        UNTITLED + "  title: Notes\n" + setting,
        {"posts/half/index.qmd": DRAFT},
    )
    result = build(root, tmp_path / mode / "out")
    return tmp_path / mode / "out", [w.message for w in result.warnings]


def _linked(out: Path) -> list[str]:
    """The files other than the draft's own page that name it."""
    return sorted(
        path
        for path, text in _text_files(out).items()
        if path != "posts/half/index.html" and ("Half done" in text or "posts/half" in text)
    )


def test_draft_modes_as_quarto_renders_drafts(tmp_path: Path) -> None:
    """`gone` (the default): the draft is nowhere, as quizsite leaves drafts out; `unlinked`:
    rendered at its URL under a "Draft" banner, still in no listing, feed, tag, search or
    sitemap; `visible`: rendered with its banner and listed like any post."""
    for mode in ("", "gone"):
        out, warnings = _drafted(tmp_path, mode)
        assert not (out / "posts/half/index.html").exists()
        assert _linked(out) == [] and not [w for w in warnings if "draft" in w]
    out, warnings = _drafted(tmp_path, "unlinked")
    page = (out / "posts/half/index.html").read_text()
    assert "Not ready." in page and 'id="quarto-draft-alert"' in page
    assert _linked(out) == [] and not [w for w in warnings if "draft" in w]
    assert 'id="quarto-draft-alert"' not in (out / "posts/ridge/index.html").read_text()
    out, _ = _drafted(tmp_path, "visible")
    assert 'id="quarto-draft-alert"' in (out / "posts/half/index.html").read_text()
    assert {"index.html", "index.xml", "sitemap.xml", "tags/models/index.html"} <= set(_linked(out))


def test_an_unlinked_drafts_files_are_published_with_its_page(tmp_path: Path) -> None:
    """A draft rendered at its URL (`unlinked`) has its images beside it; one left out
    (`gone`) publishes nothing."""
    draft = DRAFT.replace("Not ready.", "![The plot](plot.png)")
    for mode, published in (("unlinked", True), ("gone", False)):
        root = _site(
            tmp_path / mode / "blog",
            UNTITLED + f"  title: Notes\n  draft-mode: {mode}\n",
            {"posts/half/index.qmd": draft, "posts/half/plot.png": "PNG"},
        )
        out = build(root, tmp_path / mode / "out").output
        assert (out / "posts/half/plot.png").exists() is published, mode
        if published:
            assert 'src="plot.png"' in (out / "posts/half/index.html").read_text()


def test_an_unknown_draft_mode_is_warned_of_and_drafts_are_left_out(tmp_path: Path) -> None:
    """A `draft-mode` Quarto does not know is a warning; drafts are then left out (gone)."""
    out, warnings = _drafted(tmp_path, "hidden")
    assert "draft-mode 'hidden' is not one Quarto knows: drafts are left out" in warnings
    assert not (out / "posts/half/index.html").exists()


def test_a_feed_of_listed_pages_holds_them(tmp_path: Path) -> None:
    """A site whose listed documents are pages, not posts (mlr3website's gallery): its feed
    holds them, newest first, as Quarto's does, each at its own URL."""
    root = write_tree(
        tmp_path / "site",
        {
            "_quarto.yml": UNTITLED + "  title: Gallery\n",
            "index.qmd": "---\ntitle: Home\n---\n\nWelcome.\n",
            "gallery.qmd": "---\ntitle: All\nlisting:\n  contents: gallery\n  feed: true\n---\n",
            "gallery/trees.qmd": "---\ntitle: Trees\ndate: 2025-04-10\n---\n\nSplit.\n",
            "gallery/boost.qmd": "---\ntitle: Boost\ndate: 2025-04-28\n---\n\nAdd.\n",
        },
    )
    build(root, tmp_path / "out")
    channel = _rss(tmp_path / "out/gallery.xml").find("channel")
    assert channel is not None
    assert [(i.findtext("title"), i.findtext("link")) for i in channel.findall("item")] == [
        ("Boost", "https://notes.example.org/gallery/boost.html"),
        ("Trees", "https://notes.example.org/gallery/trees.html"),
    ]
    assert channel.findtext("lastBuildDate") == "Mon, 28 Apr 2025 00:00:00 GMT"


def test_a_draft_page_is_named_by_no_menu_and_rendered_only_when_unlinked(
    tmp_path: Path,
) -> None:
    """A draft page (`plan.qmd`) named by the navbar and the footer: under `gone` and
    `unlinked` neither names it, as Quarto leaves the items out; `unlinked` renders it at
    its URL under the "Draft" banner."""
    navigation = (
        "  navbar:\n    left:\n      - href: about.qmd\n      - href: plan.qmd\n"
        "  page-footer:\n    left:\n      - text: Plan\n        href: plan.qmd\n"
    )
    for mode in ("gone", "unlinked"):
        root = _site(
            tmp_path / mode / "blog",
            UNTITLED + f"  title: Notes\n  draft-mode: {mode}\n" + navigation,
            {
                "about.qmd": "---\ntitle: About\n---\n\nMe.\n",
                "plan.qmd": "---\ntitle: Plan\ndraft: true\n---\n\nA secret plan.\n",
            },
        )
        out = tmp_path / mode / "out"
        build(root, out)
        home = (out / "index.html").read_text()
        assert 'href="/about.html"' in home and "plan.html" not in home, mode
        page = out / "plan.html"
        assert page.exists() is (mode == "unlinked")
    page_text = (tmp_path / "unlinked/out/plan.html").read_text()
    assert "A secret plan." in page_text and 'id="quarto-draft-alert"' in page_text


# --- the navbar ------------------------------------------------------------------------------


def test_a_quarto_navbar_is_the_authors_own(tmp_path: Path) -> None:
    """quizsite's tags index joins no navbar the author wrote in `_quarto.yml` (Quarto has no
    such page); a Quarto site with no navbar items still gets a way to its tags."""
    navbar = (
        "  navbar:\n    left:\n      - href: index.qmd\n        text: Home\n      - about.qmd\n"
    )
    root = _site(
        tmp_path / "blog",
        UNTITLED + "  title: Notes\n" + navbar,
        {"about.qmd": "---\ntitle: About\n---\n\nMe.\n"},
    )
    build(root, tmp_path / "out")
    nav = (tmp_path / "out/index.html").read_text().split('<nav class="site-nav"')[1]
    nav = nav.split("</nav>")[0]
    assert [t for t in ("Home", "About", "Tags") if f">{t}</a>" in nav] == ["Home", "About"]
    bare = _site(tmp_path / "bare", UNTITLED + "  title: Notes\n")
    build(bare, tmp_path / "bare-out")
    nav = (tmp_path / "bare-out/index.html").read_text().split('<nav class="site-nav"')[1]
    assert ">Tags</a>" in nav.split("</nav>")[0]


def test_a_quarto_site_without_a_page_footer_has_none(tmp_path: Path) -> None:
    """Quarto writes no footer unless `website.page-footer` asks for one; quizsite's own line
    ("N posts · built with quizsite") is for its own sites."""
    bare = _site(tmp_path / "bare", UNTITLED + "  title: Notes\n")
    build(bare, tmp_path / "bare-out")
    for page in ("index.html", "posts/ridge/index.html"):
        assert "<footer" not in (tmp_path / "bare-out" / page).read_text()
    footed = _site(tmp_path / "footed", UNTITLED + "  title: Notes\n  page-footer: Made by Ada\n")
    build(footed, tmp_path / "footed-out")
    home = (tmp_path / "footed-out/index.html").read_text()
    assert "<footer" in home and "Made by Ada" in home and "built with quizsite" not in home
