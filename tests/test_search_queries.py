"""A fixed set of queries and the results they must give, first to last: stemming, British
and American spellings, hyphenated and underscored words, one typo, quoted phrases. Guards
both sides: the index search.py builds and the queries search.js runs on it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

import pytest
from conftest import Console, quiz_text, serve_folder, write_tree

from quizsite.build import build
from quizsite.search import post_stems, stemmer_for, terms_of

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# slug -> (title, question); each question holds the words its queries are about.
POSTS = {
    "trees": ("A forest", "Why do five hundred trees agree on every vote?"),
    "treatment": ("A trial", "Did the treatment group respond better than control?"),
    "british": ("Batch normalisation", "Does the colour augmentation change its behaviour?"),
    "american": ("Layer normalization", "Why does the color of the loss curve matter?"),
    "kmeans": ("Clusters", "Why does k-means give other clusters on every run?"),
    "means": ("Averages", "The means of the two samples differ: is it chance?"),
    "gradient": ("Clipping", "Why clip the gradient norm before the step?"),
    "typo": ("Spelling", "The gradiant was misspelled in this old note."),
    "lr": ("Warmup", "Is the learning rate too high at the start?"),
    "rl": ("Pace", "The rate of learning slows: what is the cause?"),
    "batch": ("Memory", "With batch_size set to 512 the GPU runs out of memory: why?"),
    "sizes": ("Heights", "Which size of the pullover fits a batch of children?"),
}

QUERIES = [
    ("trees", ["trees"]),  # a stem, not a cut: never "treatment"
    ("tree", ["trees"]),
    ("treatment", ["treatment"]),
    ("normalization", ["american", "british"]),  # -ize and -ise are one word (title first)
    ("normalisation", ["american", "british"]),
    ("colour", ["american", "british"]),  # -our and -or too
    ("behavior", ["british"]),
    ("k-means", ["kmeans"]),  # whole: not every post with "means"
    ("kmeans", ["kmeans"]),
    ("means", ["means", "kmeans"]),  # and in parts
    ("batch_size", ["batch"]),
    ("gradeint", ["gradient"]),  # one typo (letters swapped); "gradiant" is two away
    ("gradient", ["gradient", "typo"]),  # one typo away ranks below the word itself
    ("gradients", ["gradient"]),
    ('"learning rate"', ["lr"]),  # a quoted phrase, its words in order
    ("learning rate", ["rl", "lr"]),  # both words, in any order (newest first)
    ('"rate of learning"', ["rl"]),
    ('"rate learning"', []),
    ("samples", ["means"]),
    ("sample", ["means"]),
    ("clipping", ["gradient"]),
    ("treee", ["trees"]),  # a word of five letters tolerates one typo
    ("tres", []),  # shorter words do not
    # A typo in the first two letters too: swapped, changed, dropped, added, and the second
    # and third swapped.
    ("rgadient", ["gradient"]),
    ("fradient", ["gradient"]),
    ("gadient", ["gradient"]),
    ("ggradient", ["gradient"]),
    ("gardient", ["gradient"]),
    ("xtrees", ["trees"]),
    ("onrmalization", ["american", "british"]),
    ("ebhavior", ["british"]),  # as in the posts' own text, not only in titles
    ("rtee", []),  # four letters: no typo forgiven
    ("gradient clipping", ["gradient"]),
    ("rgadient clipping", ["gradient"]),
]


def test_terms_fold_spellings_and_keep_compounds() -> None:
    assert terms_of("Normalization, normalisation") == ["normalisation"] * 2
    assert terms_of("colour colours behaviour flavoured") == [
        "color",
        "colors",
        "behavior",
        "flavored",
    ]
    assert terms_of("hour pour tour four detour contours") == [
        "hour",
        "pour",
        "tour",
        "four",
        "detour",
        "contours",
    ]
    assert terms_of("size prize analyze") == ["size", "prize", "analyse"]
    assert terms_of("k-means") == ["means", "kmeans"]


def test_the_stemmer_is_snowball_by_the_site_language() -> None:
    english = stemmer_for("en-GB")
    assert [english(w) for w in ("trees", "treatment", "running", "normalisation")] == [
        "tree",
        "treatment",
        "run",
        "normalis",
    ]
    assert stemmer_for("fr")("chevaux") == "cheval"
    assert stemmer_for("xx")("trees") == "trees"  # no stemmer: the word as it is


def test_post_terms_are_stems_with_summed_weights(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {"content/posts/a.qmd": quiz_text("Trees", question="A tree, two trees?", slug="a")},
    )
    post = build(root).state.site.posts[0]
    weights = post_stems(post, with_answer=False)
    assert weights["tree"] == 6 + 2  # the title's counts six, and two in the question
    assert "trees" not in weights


def test_forms_are_filed_by_their_first_letter_and_again_by_their_third(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {"content/posts/a.qmd": quiz_text("Clipping", question="Clip the gradients?", slug="a")},
    )
    site = build(root).output
    entry = json.loads((site / "search/index.json").read_text())

    def files(kind: str) -> dict[str, dict[str, str]]:
        return {
            key: json.loads((site / "search" / path).read_text())
            for key, path in entry[kind].items()
        }

    forms, middles = files("forms"), files("middles")
    assert forms["g"]["gradients"] == "gradient" and forms["c"]["clipping"] == "clip"
    assert all(form[0] == key for key, f in forms.items() for form in f)
    assert middles["a"]["gradients"] == "gradient"  # with its stem, as in the forms files
    assert middles["i"]["clipping"] == "clip"
    assert all(len(form) >= 4 and form[2] == key for key, f in middles.items() for form in f)
    assert "clip" in middles["i"] and not any("the" in f for f in middles.values())


@pytest.fixture(scope="module")
def queries_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_tree(
        tmp_path_factory.mktemp("queries") / "blog",
        {
            f"content/posts/{slug}.qmd": quiz_text(
                title, f"2024-01-{n + 1:02}", "words", question, slug=slug
            )
            for n, (slug, (title, question)) in enumerate(POSTS.items())
        },
    )
    build(root)
    with serve_folder(root / "site") as url:
        yield url


def results(page: Page, base: str, query: str) -> list[str]:
    from playwright.sync_api import expect

    page.goto(f"{base}/search/?q={quote_plus(query)}")
    expect(page.locator("[data-search-status]")).not_to_be_empty()
    expect(page.locator("[data-search-results]")).not_to_have_attribute("aria-busy", "true")
    hrefs = [str(a.get_attribute("href")) for a in page.locator(".search-result-title a").all()]
    return [href.strip("/").split("/")[-1] for href in hrefs]


@pytest.mark.browser
def test_the_fixed_queries_give_their_results(browser: Browser, queries_site: str) -> None:
    page = browser.new_page()
    console = Console(page)
    got = {query: results(page, queries_site, query) for query, _ in QUERIES}
    assert got == dict(QUERIES)
    assert console.errors == []
    page.close()


@pytest.mark.browser
def test_excerpts_mark_the_forms_found(browser: Browser, queries_site: str) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    assert results(page, queries_site, "k-means") == ["kmeans"]
    expect(page.locator(".search-result-excerpt mark")).to_have_text(["k-means"])
    assert results(page, queries_site, "normalization") == ["american", "british"]
    assert page.locator(".search-result-excerpt mark").all_inner_texts() == []  # titles only
    assert results(page, queries_site, "gradeint")[:1] == ["gradient"]
    expect(page.locator(".search-result-excerpt mark").first).to_have_text("gradient")
    assert results(page, queries_site, "rgadient") == ["gradient"]
    expect(page.locator(".search-result-excerpt mark")).to_have_text(["gradient"])
    page.close()


@pytest.mark.browser
def test_excerpts_set_code_in_monospace(browser: Browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/a.qmd": quiz_text(
                "Optimisers", question="She calls `torch.optim.Adam(lr=3e-4)` each step.", slug="a"
            )
        },
    )
    build(root)
    with serve_folder(root / "site") as url:
        page = browser.new_page()
        assert results(page, url, "calls") == ["a"]
        code = page.locator(".search-result-excerpt code")
        expect(code).to_have_text("torch.optim.Adam(lr=3e-4)")
        assert code.evaluate("c => getComputedStyle(c).fontFamily").count("mono") >= 1
        assert "`" not in page.locator(".search-result-excerpt").inner_text()
        page.close()
