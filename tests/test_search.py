"""Full-text search: the Pagefind index built with the site, answers kept out of it, the search
box and page in a real browser (keyboard, no JavaScript, contrast, no console errors)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote_plus

import pytest
from conftest import REPO, Console, contrast, quiz_text, serve_folder, wait_for, write_tree

from quizsite.build import BuildResult, build
from quizsite.errors import BuildFailed
from quizsite.output import MARKER
from quizsite.search import refresh_search
from quizsite.watch import Watcher

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Words chosen from the sample blog (content/posts/); the tests check these facts about them
# on the built pages before relying on them.
QUESTION_WORD = "workshop"  # only in the question of the dropout quiz
QUESTION_POST = "/posts/a-hand-rolled-dropout-layer/"
ANSWER_WORD = "Jacobian"  # only in explanations (two quizzes)
MANY_WORD = "model"  # in more quizzes than one page of results shows
ENTRY = "pagefind/pagefind-entry.json"


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


def indexed(site: Path) -> dict[str, str]:
    """URL -> the text Pagefind indexed for it. Each page's record is a fragment file: gzipped,
    a signature, then JSON."""
    records = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        try:
            data = gzip.decompress(fragment.read_bytes())
        except FileNotFoundError:  # a background re-index replaced it meanwhile: callers poll
            continue
        assert data.startswith(b"pagefind_dcd"), f"{fragment.name}: not a Pagefind fragment"
        record = json.loads(data[len(b"pagefind_dcd") :])
        records[record["url"]] = record["content"]
    return records


def page_count(site: Path) -> int:
    languages = json.loads((site / ENTRY).read_text())["languages"]
    return int(sum(language["page_count"] for language in languages.values()))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def mtimes(folder: Path) -> dict[str, int]:
    """Modification times of the site's files (not of the marker, which names the last build)."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER
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
            "content/posts/a.qmd": quiz_text("Alpha", "2024-01-01", "red", "Is zebra right?"),
            "content/posts/b.qmd": quiz_text("Beta", "2024-01-02", "blue", "Is yak right?"),
        },
    )


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sample(tmp_path_factory.mktemp("search-sample"))
    return build(root).output


# ------------------------------------------------------------------------------------------------
# The index


def test_the_sample_site_gets_an_index_of_its_posts(built_sample: Path) -> None:
    assert (built_sample / ENTRY).is_file()
    assert (built_sample / "pagefind/pagefind.js").is_file()
    posts = post_texts(built_sample)
    assert page_count(built_sample) == len(posts) == 15
    assert set(indexed(built_sample)) == set(posts), "only post pages are indexed"
    assert (built_sample / "search/index.html").is_file()
    for page in ("index.html", "404.html", "tags/index.html", f"{QUESTION_POST[1:]}index.html"):
        html = (built_sample / page).read_text()
        assert 'class="site-search" role="search"' in html, page
    assert not (built_sample / ".pagefind-pages").exists()


def test_the_chosen_words_are_where_the_tests_say(built_sample: Path) -> None:
    texts = post_texts(built_sample)
    with_question_word = [
        url for url, t in texts.items() if has_word(t.rest + t.answer, QUESTION_WORD)
    ]
    assert with_question_word == [QUESTION_POST]
    assert not any(has_word(t.rest, ANSWER_WORD) for t in texts.values())
    assert sum(has_word(t.answer, ANSWER_WORD) for t in texts.values()) >= 1
    assert sum(has_word([text], MANY_WORD) for text in indexed(built_sample).values()) > 10


def test_answers_are_left_out_of_the_index(built_sample: Path) -> None:
    records = indexed(built_sample)
    assert has_word([records[QUESTION_POST]], QUESTION_WORD)
    for url, text in records.items():
        assert not has_word([text], ANSWER_WORD), f"{url}: an explanation was indexed"
        assert "Correct answer" not in text, url


def test_publish_answers_lets_them_in(tmp_path: Path) -> None:
    site = build(sample(tmp_path, "publish_answers = true\n")).output
    holders = {url for url, t in post_texts(site).items() if has_word(t.answer, ANSWER_WORD)}
    records = indexed(site)
    assert {url for url, text in records.items() if has_word([text], ANSWER_WORD)} == holders
    assert 'class="quiz-answer"' not in (site / f"{QUESTION_POST[1:]}index.html").read_text()


def test_search_off_builds_no_index_and_no_search_box(tmp_path: Path) -> None:
    site = build(sample(tmp_path, "search = false\n")).output
    assert not (site / "pagefind").exists()
    assert not (site / "search").exists()
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "site-search" not in html and "data-pagefind" not in html, page


def test_the_index_is_the_same_every_time(tmp_path: Path) -> None:
    root = small_site(tmp_path / "blog")
    first = build(root, tmp_path / "one").output
    second = build(root, tmp_path / "two").output
    assert {k: v for k, v in tree(first).items() if k.startswith("pagefind/")} == {
        k: v for k, v in tree(second).items() if k.startswith("pagefind/")
    }


# ------------------------------------------------------------------------------------------------
# Rebuilds: in place, the index is made before the pages change and replaced file by file.


@pytest.fixture
def first(tmp_path: Path) -> BuildResult:
    return build(small_site(tmp_path / "blog"))


def index_files(output: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(output).items() if k.startswith("pagefind/")}


def test_a_new_post_is_indexed_in_place(first: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    write_tree(root, {"content/posts/c.qmd": quiz_text("Gamma", "2024-01-03", "red", "Okapi?")})
    folder = first.output.stat().st_ino
    again = build(root, previous=first.state)
    assert first.output.stat().st_ino == folder, "not the in-place path (the folder was swapped)"
    assert page_count(first.output) == 3
    assert has_word([indexed(first.output)["/posts/c/"]], "okapi")
    assert not any(rel.startswith("pagefind/") for rel in again.written + again.removed)
    assert not (first.output / ".pagefind-pages").exists()
    fresh = build(root, tmp_path / "fresh").output
    assert index_files(first.output) == index_files(fresh)


def test_removing_a_post_removes_only_its_files(first: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    (root / "content/posts/b.qmd").unlink()
    again = build(root, previous=first.state)
    assert "posts/b/index.html" in again.removed
    assert not any(rel.startswith("pagefind/") for rel in again.removed)
    assert page_count(first.output) == 1
    assert set(indexed(first.output)) == {"/posts/a/"}


def test_an_explanation_edit_leaves_the_index_untouched(first: BuildResult, tmp_path: Path) -> None:
    before = {k: v for k, v in mtimes(first.output).items() if k.startswith("pagefind/")}
    post = tmp_path / "blog/content/posts/a.qmd"
    post.write_text(post.read_text().replace("The explanation says why.", "Quagga explains."))
    again = build(tmp_path / "blog", previous=first.state)
    assert again.written == ("posts/a/index.html",)
    after = {k: v for k, v in mtimes(first.output).items() if k.startswith("pagefind/")}
    assert after == before


def test_a_question_edit_rewrites_only_the_index_files_that_change(
    first: BuildResult, tmp_path: Path
) -> None:
    before = mtimes(first.output)
    post = tmp_path / "blog/content/posts/a.qmd"
    post.write_text(post.read_text().replace("Is zebra right?", "Is quokka right?"))
    build(tmp_path / "blog", previous=first.state)
    after = mtimes(first.output)
    assert after[ENTRY] != before[ENTRY]
    assert after["pagefind/pagefind.js"] == before["pagefind/pagefind.js"]
    assert has_word([indexed(first.output)["/posts/a/"]], "quokka")
    assert not has_word([indexed(first.output)["/posts/a/"]], "zebra")


def test_watch_mode_indexes_behind_the_rebuild_under_the_lock(
    first: BuildResult, tmp_path: Path
) -> None:
    output = first.output
    seen: list[tuple[str, bytes]] = []

    @contextmanager
    def guard() -> Iterator[None]:
        seen.append(("enter", (output / ENTRY).read_bytes()))
        yield
        seen.append(("exit", (output / ENTRY).read_bytes()))

    entry = (output / ENTRY).read_bytes()
    post = tmp_path / "blog/content/posts/b.qmd"
    post.write_text(post.read_text().replace("Is yak right?", "Is tapir right?"))
    build(tmp_path / "blog", previous=first.state, guard=guard)
    assert (output / ENTRY).read_bytes() == entry, "the rebuild itself does not wait for indexing"
    assert "tapir" in (output / "posts/b/index.html").read_text()
    seen.clear()
    refresh_search(output, guard)
    # First lock: the pages are snapshotted; second lock: the new index goes in.
    assert [event for event, _ in seen] == ["enter", "exit", "enter", "exit"]
    assert seen[2][1] == entry and seen[3][1] != entry
    assert has_word([indexed(output)["/posts/b/"]], "tapir")
    assert not (output / ".pagefind-refresh").exists()


def test_the_watcher_refreshes_the_index_after_edits(first: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    watcher = Watcher(root, None, listener=lambda outcome: None)
    watcher.start()
    try:
        post = root / "content/posts/b.qmd"
        post.write_text(post.read_text().replace("Is yak right?", "Is okapi right?"))
        wait_for(
            lambda: has_word([indexed(first.output).get("/posts/b/", "")], "okapi"),
            "the background re-index",
        )
    finally:
        watcher.stop()


def test_turning_search_off_removes_the_index(first: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "blog"
    (root / "quizsite.toml").write_text("search = false\n")
    folder = first.output.stat().st_ino
    again = build(root, previous=first.state)
    assert first.output.stat().st_ino == folder, "not the in-place path (the folder was swapped)"
    assert not (first.output / "pagefind").exists()
    assert "search/index.html" in again.removed
    assert "site-search" not in (first.output / "index.html").read_text()


FAILING = "#!/bin/sh\necho 'Error: Pagefind was not able to build an index.' >&2\nexit 1\n"


def failing_indexer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str = FAILING) -> None:
    """Make `python -m pagefind` run a script that fails (pagefind honours this variable)."""
    fake = tmp_path / "fake-pagefind"
    fake.write_text(script)
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))


def test_a_failing_indexer_leaves_the_previous_site(
    first: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(first.output)
    post = tmp_path / "blog/content/posts/a.qmd"
    post.write_text(post.read_text().replace("Is zebra right?", "Is ibex right?"))
    failing_indexer(tmp_path, monkeypatch)
    for previous in (first.state, None):  # in place, then staged and swapped
        with pytest.raises(BuildFailed) as failure:
            build(tmp_path / "blog", previous=previous)
        (problem,) = failure.value.diagnostics
        assert problem.location.path == "pagefind"
        assert "Pagefind was not able to build an index" in problem.message
        assert "search = false" in problem.hint
        assert tree(first.output) == before
        assert sorted(p.name for p in (tmp_path / "blog").iterdir()) == [
            "content",
            "quizsite.toml",
            "site",
        ]


def test_a_stylesheet_edit_does_not_run_the_indexer(
    first: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = index_files(first.output)
    write_tree(tmp_path / "blog", {"static/extra.css": "p { margin: 0; }\n"})
    failing_indexer(tmp_path, monkeypatch)  # it would fail the build if it ran
    again = build(tmp_path / "blog", previous=first.state)
    assert again.written == ("extra.css",)
    assert index_files(first.output) == before


def test_a_missing_indexer_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "python"
    fake.write_text(f"#!/bin/sh\necho '{sys.executable}: No module named pagefind' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(fake))
    with pytest.raises(BuildFailed) as failure:
        build(small_site(tmp_path / "blog"))
    (problem,) = failure.value.diagnostics
    assert problem.format().startswith("pagefind: error: the search index could not be built: ")
    assert "No module named pagefind" in problem.message
    assert "pip install 'pagefind[bin]'" in problem.hint
    assert not (tmp_path / "blog/site").exists()


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
    expect(page.locator("[data-search-status]")).to_have_text(f"1 quiz matches “{QUESTION_WORD}”.")
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
    expect(page.locator("[data-search-status]")).to_contain_text(
        f"No quizzes match “{ANSWER_WORD}”"
    )
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
    total = int(re.match(r"(\d+) quizzes match", status).group(1))  # type: ignore[union-attr]
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
