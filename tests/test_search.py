"""Full-text search: the index built with the site from the posts (answers left out), kept up
to date file by file, and the search box and page in a real browser (keyboard, no JavaScript,
contrast, no console errors)."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote_plus

import pytest
from conftest import REPO, Console, contrast, quiz_text, serve_folder, write_tree

import quizsite.search
from quizsite.build import BuildResult, build
from quizsite.search import ENTRY, TITLE_WEIGHT, stemmer_for, terms_of

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Words chosen from the sample blog (content/posts/); the tests check these facts about them
# on the built pages before relying on them.
QUESTION_WORD = "workshop"  # only in the question of the dropout quiz
QUESTION_POST = "/posts/a-hand-rolled-dropout-layer/"
ANSWER_WORD = "Jacobian"  # only in explanations (two quizzes)
MANY_WORD = "model"  # in more quizzes than one page of results shows


# ------------------------------------------------------------------------------------------------
# Helpers


class PageText(HTMLParser):
    """A page's text, split into the answer block (`<details id="answer">`) and the rest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.answer: list[str] = []
        self.rest: list[str] = []
        self.depth = 0  # <details> nesting inside the answer

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details" and (self.depth or dict(attrs).get("id") == "answer"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        (self.answer if self.depth else self.rest).append(data)


def post_texts(site: Path) -> dict[str, PageText]:
    """URL path of each post page -> its text."""
    found = {}
    for page in sorted((site / "posts").glob("*/index.html")):
        parsed = PageText()
        parsed.feed(page.read_text(encoding="utf-8"))
        found[f"/posts/{page.parent.name}/"] = parsed
    return found


def has_word(texts: list[str], word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", " ".join(texts), re.IGNORECASE) is not None


def read_index(site: Path) -> tuple[dict[str, Any], dict[str, list[int]], list[list[str]]]:
    """The index as the search page reads it: index.json, every term's postings, the records."""
    entry = json.loads((site / ENTRY).read_text())
    terms: dict[str, list[int]] = {}
    for shard, path in entry["shards"].items():
        found = json.loads((site / "search" / path).read_text())
        assert all(term.startswith(shard) for term in found), path
        terms.update(found)
    for shard in entry["shards"]:  # a split group's two-letter shard holds just that word
        if len(shard) == 3 and shard[:2] in entry["shards"]:
            assert set(json.loads((site / "search" / entry["shards"][shard[:2]]).read_text())) == {
                shard[:2]
            }
    records = [
        r for path in entry["chunks"] for r in json.loads((site / "search" / path).read_text())
    ]
    assert len(records) == entry["posts"]
    return entry, terms, records


def indexed(site: Path) -> dict[str, str]:
    """URL -> the text the index keeps for its excerpts."""
    return {url: text for url, _, _, text in read_index(site)[2]}


def holders(site: Path, word: str) -> dict[str, int]:
    """URL -> weight of each post the index lists under `word`."""
    _, terms, records = read_index(site)
    (form,) = terms_of(word)
    postings = terms.get(stemmer_for("en")(form), [])  # the index's terms are stems
    return {records[postings[k]][0]: postings[k + 1] for k in range(0, len(postings), 2)}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def index_files(output: Path) -> dict[str, bytes]:
    return {
        k: v
        for k, v in tree(output).items()
        if k.startswith("search/") and k != "search/index.html"
    }


def sample(root: Path, config: str = "") -> Path:
    """The repository's sample blog under `root`, with a quizsite.toml of `config`."""
    shutil.copytree(REPO / "content", root / "content")
    if config:
        (root / "quizsite.toml").write_text(config)
    return root


def small_site(root: Path, config: str = "") -> Path:
    return write_tree(
        root,
        {
            "quizsite.toml": config,
            "content/posts/a.qmd": quiz_text(
                "Alpha", "2024-01-01", "red", "Is zebra right?", slug="a"
            ),
            "content/posts/b.qmd": quiz_text(
                "Beta", "2024-01-02", "blue", "Is yak right?", slug="b"
            ),
        },
    )


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sample(tmp_path_factory.mktemp("search-sample"))
    return build(root).output


# ------------------------------------------------------------------------------------------------
# Words


def test_terms_are_lower_case_words_without_accents() -> None:
    assert terms_of("Café au lait, NAÏVE Bayes!") == ["cafe", "au", "lait", "naive", "bayes"]
    # A hyphenated word is a term whole too, after the words (issue 22: `k-means`).
    assert terms_of("ΑΛΦΑ-Βήτα 深度学习") == ["αλφα", "βητα", "深度学习", "αλφαβητα"]


def test_terms_split_on_punctuation_and_drop_single_characters_and_long_runs() -> None:
    assert terms_of("snake_case x = f(3) + l2_norm") == [
        "snake",
        "case",
        "l2",
        "norm",
        "snakecase",
        "l2norm",
    ]
    assert terms_of("k-means " + "a" * 40 + " " + "b" * 41) == ["means", "a" * 40, "kmeans"]


# ------------------------------------------------------------------------------------------------
# The index


def test_the_sample_site_gets_an_index_of_its_posts(built_sample: Path) -> None:
    posts = post_texts(built_sample)
    entry, _, records = read_index(built_sample)
    assert entry["posts"] == len(records) == len(posts) == 17
    assert {url for url, *_ in records} == set(posts), "every post, and only posts"
    files = [
        *entry["shards"].values(),
        *entry["chunks"],
        *entry["forms"].values(),
        *entry["middles"].values(),
    ]
    named = {ENTRY} | {f"search/{p}" for p in files}
    assert set(index_files(built_sample)) == named, "every file named, none left over"
    assert (built_sample / "search/index.html").is_file()
    for page in ("index.html", "404.html", "tags/index.html", f"{QUESTION_POST[1:]}index.html"):
        html = (built_sample / page).read_text()
        assert 'class="site-search" role="search"' in html, page


def test_records_give_title_date_and_text_oldest_first(built_sample: Path) -> None:
    _, _, records = read_index(built_sample)
    dates = [r[2] for r in records]
    by_url = {r[0]: r for r in records}
    _, title, date, text = by_url[QUESTION_POST]
    assert (title, date) == ("A Hand-Rolled Dropout Layer", "August 5, 2024")
    assert has_word([text], QUESTION_WORD)
    page = (built_sample / f"{QUESTION_POST[1:]}index.html").read_text()
    assert f'<time datetime="2024-08-05">{date}</time>' in page
    home = (built_sample / "index.html").read_text()
    newest_first = re.findall(r'<h2 class="post-card-title"><a href="([^"]+)"', home)
    assert [r[0] for r in records][::-1][: len(newest_first)] == newest_first, dates


def test_the_chosen_words_are_where_the_tests_say(built_sample: Path) -> None:
    texts = post_texts(built_sample)
    with_question_word = [
        url for url, t in texts.items() if has_word(t.rest + t.answer, QUESTION_WORD)
    ]
    assert with_question_word == [QUESTION_POST]
    assert not any(has_word(t.rest, ANSWER_WORD) for t in texts.values())
    assert sum(has_word(t.answer, ANSWER_WORD) for t in texts.values()) >= 1
    assert len(holders(built_sample, MANY_WORD)) > 10
    assert list(holders(built_sample, QUESTION_WORD)) == [QUESTION_POST]


def test_answers_are_left_out_of_the_index(built_sample: Path) -> None:
    assert holders(built_sample, ANSWER_WORD) == {}
    for url, text in indexed(built_sample).items():
        assert not has_word([text], ANSWER_WORD), f"{url}: an explanation was indexed"
        assert "Correct answer" not in text, url


def test_publish_answers_lets_them_in(tmp_path: Path) -> None:
    site = build(sample(tmp_path, "publish_answers = true\n")).output
    with_answer = {url for url, t in post_texts(site).items() if has_word(t.answer, ANSWER_WORD)}
    assert set(holders(site, ANSWER_WORD)) == with_answer
    assert {url for url, text in indexed(site).items() if has_word([text], ANSWER_WORD)} <= (
        with_answer
    )


def test_title_and_tag_words_weigh_more(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "content/posts/a.qmd": quiz_text(
                "Gradient clipping",
                tags="optimisation",
                slug="a",
                question="Why clip the gradient?",
            ),
        },
    )
    site = build(root).output
    # "clip" in the question is the same term (stem) as "clipping" in the title.
    assert holders(site, "clipping") == {"/posts/a/": TITLE_WEIGHT + 1}
    assert holders(site, "gradient") == {"/posts/a/": TITLE_WEIGHT + 1}
    assert holders(site, "optimisation") == {"/posts/a/": 3}
    assert holders(site, "option") == {"/posts/a/": 3}, "First, Second, Third option"


def test_search_off_builds_no_index_and_no_search_box(tmp_path: Path) -> None:
    site = build(sample(tmp_path, "search = false\n")).output
    assert not (site / "search").exists()
    for page in site.rglob("*.html"):
        assert "site-search" not in page.read_text(), page


def test_the_index_is_the_same_every_time(tmp_path: Path) -> None:
    root = small_site(tmp_path / "blog")
    first = build(root, tmp_path / "one").output
    second = build(root, tmp_path / "two").output
    assert index_files(first) == index_files(second)


# ------------------------------------------------------------------------------------------------
# Rebuilds: only the files an edit reaches are written, and the result is a fresh build's.


@pytest.fixture
def first(tmp_path: Path) -> BuildResult:
    return build(small_site(tmp_path / "blog"))


def search_writes(result: BuildResult) -> tuple[set[str], set[str]]:
    """The index files a build wrote and removed."""
    wrote = {p for p in result.written if p.startswith("search/") and p != "search/index.html"}
    return wrote, {p for p in result.removed if p.startswith("search/")}


def same_as_fresh(root: Path, output: Path, tmp_path: Path) -> None:
    fresh = build(root, tmp_path / "fresh").output
    assert index_files(output) == index_files(fresh)


def test_a_new_post_adds_its_files_and_keeps_the_others(first: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    before = index_files(first.output)
    write_tree(
        root, {"content/posts/c.qmd": quiz_text("Gamma", "2024-01-03", "red", "Okapi?", slug="c")}
    )
    again = build(root, previous=first.state)
    assert list(holders(first.output, "okapi")) == ["/posts/c/"]
    assert read_index(first.output)[0]["posts"] == 3
    wrote, removed = search_writes(again)
    # The newest post takes the next id: the old posts' postings stand, only shared terms move.
    assert ENTRY in wrote and any(p.startswith("search/t/ok-") for p in wrote)
    assert not any(p.startswith("search/t/ze-") or p.startswith("search/t/ya-") for p in wrote)
    # A file rewritten gets a new name (its hash): the old one goes.
    assert removed <= set(before)
    assert {p.rsplit("-", 1)[0] for p in removed} <= {p.rsplit("-", 1)[0] for p in wrote}
    same_as_fresh(root, first.output, tmp_path)


def test_removing_a_post_takes_its_words_out(first: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    (root / "content/posts/b.qmd").unlink()
    again = build(root, previous=first.state)
    assert "posts/b/index.html" in again.removed
    assert holders(first.output, "yak") == {}
    assert list(indexed(first.output)) == ["/posts/a/"]
    assert any(p.startswith("search/t/ya-") for p in search_writes(again)[1])
    same_as_fresh(root, first.output, tmp_path)


def test_an_explanation_edit_leaves_the_index_untouched(first: BuildResult, tmp_path: Path) -> None:
    before = index_files(first.output)
    post = tmp_path / "blog/content/posts/a.qmd"
    post.write_text(post.read_text().replace("The explanation says why.", "Quagga explains."))
    again = build(tmp_path / "blog", previous=first.state)
    assert again.written == ("posts/a/index.html",)
    assert index_files(first.output) == before


def test_a_question_edit_rewrites_only_the_files_its_words_reach(
    first: BuildResult, tmp_path: Path
) -> None:
    before = index_files(first.output)
    post = tmp_path / "blog/content/posts/a.qmd"
    post.write_text(post.read_text().replace("Is zebra right?", "Is quokka right?"))
    again = build(tmp_path / "blog", previous=first.state)
    wrote, removed = search_writes(again)
    shards = {p.split("/")[2].split("-")[0] for p in wrote | removed if p.startswith("search/t/")}
    assert shards == {"ze", "qu"}
    assert {p for p in wrote if p.startswith("search/d/")} and ENTRY in wrote
    assert removed == {p for p in before if p not in index_files(first.output)}
    assert list(holders(first.output, "quokka")) == ["/posts/a/"]
    assert holders(first.output, "zebra") == {}
    same_as_fresh(tmp_path / "blog", first.output, tmp_path)


def test_watch_mode_updates_the_index_with_the_pages(first: BuildResult, tmp_path: Path) -> None:
    output = first.output
    inside: list[bool] = []

    @contextmanager
    def guard() -> Iterator[None]:
        yield
        inside.append(bool(holders(output, "tapir")))

    post = tmp_path / "blog/content/posts/b.qmd"
    post.write_text(post.read_text().replace("Is yak right?", "Is tapir right?"))
    build(tmp_path / "blog", previous=first.state, guard=guard)
    assert inside == [True], "the index changed in the same locked update as the pages"
    assert "tapir" in (output / "posts/b/index.html").read_text()


def test_turning_search_off_removes_the_index(first: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    (root / "quizsite.toml").write_text("search = false\n")
    folder = first.output.stat().st_ino
    again = build(root, previous=first.state)
    assert first.output.stat().st_ino == folder, "not the in-place path (the folder was swapped)"
    assert not (first.output / "search").exists()
    assert "search/index.html" in again.removed
    assert "site-search" not in (first.output / "index.html").read_text()


def test_a_stylesheet_edit_leaves_the_index_alone(first: BuildResult, tmp_path: Path) -> None:
    before = index_files(first.output)
    write_tree(tmp_path / "blog", {"static/extra.css": "p { margin: 0; }\n"})
    again = build(tmp_path / "blog", previous=first.state)
    assert again.written == ("extra.css",)
    assert index_files(first.output) == before


# ------------------------------------------------------------------------------------------------
# In the browser

Scheme = Literal["light", "dark"]


def expect(*args: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args)


def results(page: Page) -> list[str]:
    """The result links once the search shown has finished."""
    expect(page.locator("[data-search-status]")).not_to_be_empty()
    expect(page.locator("[data-search-results]")).not_to_have_attribute("aria-busy", "true")
    return [str(a.get_attribute("href")) for a in page.locator(".search-result-title a").all()]


def search(page: Page, base: str, words: str) -> list[str]:
    page.goto(f"{base}/search/?q={quote_plus(words)}")
    return results(page)


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            style, width = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
            assert style != "none" and width >= 2, f"{selector} has focus but no visible outline"
            return
    pytest.fail(f"{selector} is not reachable with Tab")


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample blog with publish_answers = true, built and served."""
    root = sample(tmp_path_factory.mktemp("published"), "publish_answers = true\n")
    build(root)
    with serve_folder(root / "site") as url:
        yield url


@pytest.mark.browser
def test_a_question_word_finds_its_quiz(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    console = Console(page)
    assert search(page, sample_site, QUESTION_WORD) == [QUESTION_POST]
    expect(page.locator("[data-search-status]")).to_have_text(f"1 post matches “{QUESTION_WORD}”.")
    expect(page.locator(".search-result-excerpt mark").first).to_have_text(
        re.compile(QUESTION_WORD, re.IGNORECASE)
    )
    expect(page.locator(".search-result-meta")).to_have_text("August 5, 2024")
    page.locator(".search-result-title a").click()
    page.wait_for_url(sample_site + QUESTION_POST)
    expect(page.locator("h1")).to_have_text("A Hand-Rolled Dropout Layer")
    assert console.errors == []
    page.close()


@pytest.mark.browser
def test_an_answer_word_finds_nothing(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    console = Console(page)
    assert search(page, sample_site, ANSWER_WORD) == []
    expect(page.locator("[data-search-status]")).to_contain_text(f"No posts match “{ANSWER_WORD}”")
    expect(page.locator("[data-search-fallback]")).to_be_visible()
    assert console.errors == []
    page.close()


@pytest.mark.browser
def test_with_published_answers_an_answer_word_finds_its_quizzes(
    browser: Browser, published_site: str, built_sample: Path
) -> None:
    holders = {
        url for url, t in post_texts(built_sample).items() if has_word(t.answer, ANSWER_WORD)
    }
    page = browser.new_page()
    console = Console(page)
    assert set(search(page, published_site, ANSWER_WORD)) == holders
    assert console.errors == []
    page.close()


@pytest.mark.browser
def test_typing_searches_as_you_go(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    console = Console(page)
    page.goto(sample_site + "/search/")
    expect(page.locator("[data-search-status]")).to_be_empty()
    page.locator("#search-input").press_sequentially(QUESTION_WORD, delay=20)
    # The whole word's search, not one of its first letters' still on show on a slow machine.
    expect(page.locator("[data-search-status]")).to_contain_text(f"“{QUESTION_WORD}”")
    assert results(page) == [QUESTION_POST]
    assert page.url == f"{sample_site}/search/?q={QUESTION_WORD}"
    page.locator("#search-input").fill("")
    page.locator("#search-input").press("Enter")
    expect(page.locator(".search-result")).to_have_count(0)
    expect(page.locator("[data-search-status]")).to_be_empty()
    assert console.errors == []
    page.close()


@pytest.mark.browser
def test_many_results_come_a_page_at_a_time(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    console = Console(page)
    first_page = search(page, sample_site, MANY_WORD)
    assert len(first_page) == 10
    status = page.locator("[data-search-status]").inner_text()
    total = int(re.match(r"(\d+) posts match", status).group(1))  # type: ignore[union-attr]
    assert total > 10
    more = page.get_by_role("button", name="Show more results")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".search-result")).to_have_count(total)
    assert page.evaluate("document.activeElement.href").endswith(
        str(page.locator(".search-result-title a").nth(10).get_attribute("href"))
    ), "focus moves to the first of the new results"
    expect(more).to_be_hidden()
    assert console.errors == []
    page.close()


@pytest.mark.browser
def test_the_header_search_box_works_by_keyboard(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    console = Console(page)
    page.goto(sample_site + "/tags/")
    tab_to(page, "#site-search-input")
    page.keyboard.type(QUESTION_WORD)
    tab_to(page, ".site-search-button", limit=1)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{sample_site}/search/?q={QUESTION_WORD}")
    expect(page.locator("#search-input")).to_have_value(QUESTION_WORD)
    assert results(page) == [QUESTION_POST]
    # From the search box, Tab reaches the results; Enter follows one.
    page.locator("#search-input").focus()
    tab_to(page, ".search-result-title a", limit=3)
    page.keyboard.press("Enter")
    page.wait_for_url(sample_site + QUESTION_POST)
    # Enter in the header's box on any page submits it.
    page.locator("#site-search-input").fill(ANSWER_WORD)
    page.locator("#site-search-input").press("Enter")
    page.wait_for_url(f"{sample_site}/search/?q={ANSWER_WORD}")
    assert results(page) == []
    assert console.errors == []
    page.close()


@pytest.mark.browser
def test_without_javascript_the_search_page_says_so(browser: Browser, sample_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_site + "/")
    page.locator("#site-search-input").fill(QUESTION_WORD)
    page.locator("#site-search-input").press("Enter")
    page.wait_for_url(f"{sample_site}/search/?q={QUESTION_WORD}")  # a plain GET form
    note = page.locator(".search-note", has_text="Search needs JavaScript")
    expect(note).to_be_visible()
    expect(note.get_by_role("link", name="browse the quizzes by tag")).to_have_attribute(
        "href", "/tags/"
    )
    expect(note.get_by_role("link", name="the reading list")).to_have_attribute(
        "href", "/reading-list/"
    )
    context.close()


@pytest.mark.browser
def test_search_works_under_a_sub_path(browser: Browser, tmp_path: Path) -> None:
    root = sample(tmp_path / "blog")
    served = tmp_path / "www"
    build(root, served / "sub", base_url="/sub/")
    with serve_folder(served) as url:
        page = browser.new_page()
        console = Console(page)
        page.goto(url + "/sub/")
        expect(page.locator(".site-search")).to_have_attribute("action", "/sub/search/")
        assert search(page, url + "/sub", QUESTION_WORD) == ["/sub" + QUESTION_POST]
        assert console.errors == []
        page.close()


@pytest.mark.browser
def test_search_loads_nothing_from_outside(browser: Browser, sample_site: str) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(sample_site) else None
    )
    search(page, sample_site, QUESTION_WORD)
    assert outside == []
    page.close()


# Colours of the search box and page, measured as test_browser_quiz measures the quiz's: text
# (and the placeholder) against the background it sits on, box edges against the page.
COLOURS_JS = """
([selector, part]) => {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const rgb = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  };
  const paints = (el) => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)';
  return [...document.querySelectorAll(selector)].map((el) => {
    let bg = part === 'border' ? el.parentElement : el;
    while (bg.parentElement && !paints(bg)) bg = bg.parentElement;
    const back = paints(bg) ? getComputedStyle(bg).backgroundColor : 'white';
    const style = getComputedStyle(el, part === 'placeholder' ? '::placeholder' : null);
    return [rgb(part === 'border' ? style.borderLeftColor : style.color), rgb(back)];
  });
}
"""
SEARCH_TEXT = (
    ".site-search-input",
    ".site-search-button",
    ".search-label",
    ".search-input",
    ".search-button",
    ".search-status",
    ".search-result-title a",
    ".search-result-meta",
    ".search-result-excerpt",
    ".search-results mark",
)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_colours_meet_wcag_aa(browser: Browser, sample_site: str, scheme: Scheme) -> None:
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    search(page, sample_site, "dropout")
    measured: list[tuple[str, str, float]] = []
    for selector in SEARCH_TEXT:
        found = page.evaluate(COLOURS_JS, [selector, "text"])
        assert found, f"nothing matches {selector}"
        measured += [(selector, "text", contrast(fg, bg)) for fg, bg in found]
    for selector in (".site-search-input", ".search-input"):
        for part in ("placeholder", "border"):
            found = page.evaluate(COLOURS_JS, [selector, part])
            measured += [(selector, part, contrast(fg, bg)) for fg, bg in found]
    low = [
        (s, part, round(ratio, 2))
        for s, part, ratio in measured
        if ratio < (3 if part == "border" else 4.5)
    ]
    assert low == [], f"too little contrast in {scheme}: {low}"
    context.close()


@pytest.fixture(scope="module", params=["one shard a group", "split groups"])
def words_site(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A few quizzes whose words try the page's matching: accents, other scripts, plurals;
    built once as usual and once with every group of terms split by three characters."""
    root = tmp_path_factory.mktemp("words")
    posts = {
        "cafe": ("Coffee", "Which café serves naïve espresso?"),
        "greek": ("Letters", "What does ΑΛΦΑ stand for next to βήτα?"),
        "dropout": ("Dropout", "Which network regulariser is this?"),
        "pruning": ("Network pruning", "What does pruning a network remove?"),
    }
    write_tree(
        root,
        {
            f"content/posts/{slug}.qmd": quiz_text(
                title, f"2024-01-0{n + 1}", question=q, slug=slug
            )
            for n, (slug, (title, q)) in enumerate(posts.items())
        },
    )
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "split groups":
            patch.setattr(quizsite.search, "SHARD_LIMIT", 0)
        build(root)
    shards = json.loads((root / "site" / ENTRY).read_text())["shards"]
    assert any(len(key) == 3 for key in shards) == (request.param == "split groups")
    with serve_folder(root / "site") as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("cafe", ["/posts/cafe/"]),  # accents are dropped on both sides
        ("CAFÉ NAIVE", ["/posts/cafe/"]),
        ("espresso", ["/posts/cafe/"]),
        ("άλφα", ["/posts/greek/"]),  # other scripts, any case
        ("Βητα", ["/posts/greek/"]),
        ("network", ["/posts/pruning/", "/posts/dropout/"]),  # in the title ranks first
        ("networks", ["/posts/pruning/", "/posts/dropout/"]),  # a plural finds the singular
        ("prun", ["/posts/pruning/"]),  # the start of a word finds it
        ("network dropout", ["/posts/dropout/"]),  # every word must be there
        ("network espresso", []),
        ("a", []),  # too short to be a word
    ],
)
def test_how_queries_match(browser: Browser, words_site: str, query: str, found: list[str]) -> None:
    page = browser.new_page()
    console = Console(page)
    assert search(page, words_site, query) == found
    if found:
        marks = page.locator(".search-result-excerpt").first.locator("mark")
        expect(marks.first).to_be_visible()
        # The words are marked, without the punctuation beside them ("espresso?").
        assert all(re.fullmatch(r"\w(.*\w)?", t) for t in marks.all_inner_texts())
    assert console.errors == []
    page.close()


@pytest.mark.parametrize("seed", range(3))
def test_big_groups_split_and_join_as_a_fresh_build_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """With a tiny SHARD_LIMIT, edits move groups of terms between one shard and several;
    every incremental index is the fresh build's, and lists every term."""
    monkeypatch.setattr(quizsite.search, "SHARD_LIMIT", 6)
    rng = random.Random(seed)
    words = ["reach", "read", "real", "rest", "re", "red", "zebra", "zero", "zest", "ze"]
    root = tmp_path / "blog"

    def post(n: int) -> str:
        question = " ".join(rng.sample(words, rng.randint(1, 6))) + "?"
        return quiz_text(f"Quiz {n}", f"2024-01-{n + 1:02}", "red", question, slug=f"q{n}")

    write_tree(root, {f"content/posts/q{n}.qmd": post(n) for n in range(4)})
    state = build(root).state
    for step in range(8):
        n = rng.randrange(6)
        target = root / f"content/posts/q{n}.qmd"
        if target.exists() and rng.random() < 0.3:
            target.unlink()
        else:
            target.write_text(post(n))
        state = build(root, previous=state).state
        fresh = build(root, tmp_path / f"fresh{step}").output
        assert index_files(state.output) == index_files(fresh), (seed, step)
        entry, terms, _ = read_index(state.output)
        assert any(len(key) == 3 for key in entry["shards"]), "the limit splits some group"
        assert set(terms) >= {t for t in words if holders(state.output, t)}


@pytest.mark.browser
def test_a_page_left_open_searches_the_rebuilt_index(browser: Browser, tmp_path: Path) -> None:
    root = small_site(tmp_path / "blog")
    first = build(root)
    with serve_folder(first.output) as url:
        page = browser.new_page()
        console = Console(page)
        assert search(page, url, "zebra") == ["/posts/a/"]
        post = root / "content/posts/b.qmd"
        post.write_text(post.read_text().replace("Is yak right?", "Is zebra or okapi right?"))
        again = build(root, previous=first.state)
        assert any(p.startswith("search/t/") for p in again.removed), "old shards are gone"
        for words, found in (("okapi", ["/posts/b/"]), ("zebra", ["/posts/b/", "/posts/a/"])):
            page.locator("#search-input").fill(words)
            page.locator("#search-input").press("Enter")
            expect(page.locator("[data-search-status]")).to_contain_text(f"“{words}”")
            assert results(page) == found
        assert console.errors == []
        page.close()


@pytest.mark.browser
def test_a_site_without_posts_has_an_empty_index(browser: Browser, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", {"content/posts/.keep": ""})
    site = build(root).output
    assert json.loads((site / ENTRY).read_text()) == {
        "format": 3,
        "posts": 0,
        "chunk": 20,
        "chunks": [],
        "shards": {},
        "forms": {},
        "middles": {},
    }
    with serve_folder(site) as url:
        page = browser.new_page()
        console = Console(page)
        assert search(page, url, "anything") == []
        expect(page.locator("[data-search-status]")).to_contain_text("No posts match")
        assert console.errors == []
        page.close()


@pytest.mark.browser
def test_an_index_of_another_format_is_not_read(browser: Browser, tmp_path: Path) -> None:
    site = build(small_site(tmp_path / "blog")).output
    entry = json.loads((site / ENTRY).read_text())
    (site / ENTRY).write_text(json.dumps(entry | {"format": 99}))
    with serve_folder(site) as url:
        page = browser.new_page()
        assert search(page, url, "zebra") == []
        expect(page.locator("[data-search-status]")).to_have_text(
            "Search is not available: its index could not be loaded."
        )
        page.close()
