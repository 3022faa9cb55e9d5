"""`quizsite check`: build problems, quiz lint, duplicate titles, scripts, links; exit codes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TESTS, CliResult, quiz_text, write_tree

from quizsite import check as check_module
from quizsite import parses
from quizsite.cache import CACHE_DIR

POST = "content/posts/a.qmd"
Check = Callable[..., CliResult]


def line_of(text: str, needle: str) -> int:
    """The 1-based line where `needle` first appears in `text`."""
    return text[: text.index(needle)].count("\n") + 1


def site(tmp_path: Path, text: str, **more: str) -> Path:
    """A site holding `text` as content/posts/a.qmd, plus any other files."""
    return write_tree(tmp_path / "blog", {POST: text, **more})


def warning_lines(result: CliResult) -> list[str]:
    """The `path:line: severity: message` lines of the report, without hints and summary."""
    return [
        line for line in result.err.splitlines() if ": warning: " in line or ": error: " in line
    ]


def test_clean_site_passes(cli: Check, tmp_path: Path) -> None:
    root = site(tmp_path, quiz_text())
    result = cli("check", root)
    assert result.code == 0
    assert result.err == ""
    assert result.out == "Checked 1 post: no problems found.\n"
    assert cli("check", root, "--strict").code == 0


def test_check_writes_nothing(cli: Check, tmp_path: Path) -> None:
    root = site(tmp_path, quiz_text())
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert cli("check", root).code == 0
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_key_missing(cli: Check, tmp_path: Path) -> None:
    text = quiz_text(key="The second option is right.")
    result = cli("check", site(tmp_path, text))
    # At the line to fix: the key paragraph, not the callout's first line.
    line = line_of(text, "The second option is right.")
    assert warning_lines(result) == [f"{POST}:{line}: warning: answer callout has no answer key"]
    assert (
        '  hint: it builds as an article, not a quiz: make its first paragraph the number of the correct option, e.g. "2", or '
        '"1, 3" when several are correct' in result.err.splitlines()
    )
    assert result.code == 0
    assert result.out == "Checked 1 post: 0 errors, 1 warning.\n"


def test_options_missing(cli: Check, tmp_path: Path) -> None:
    text = (
        quiz_text()
        .replace("1. First option", "- First option")
        .replace("2. Second option", "- Second option")
        .replace("3. Third option", "- Third option")
    )
    result = cli("check", site(tmp_path, text))
    # At the line to fix: the bullet list, which should be numbered.
    line = line_of(text, "- First option")
    assert warning_lines(result) == [
        f"{POST}:{line}: warning: the options are a bullet list (3 items), so this post "
        "builds as an article, not a quiz"
    ]
    assert result.code == 0


def test_answer_not_collapsed(cli: Check, tmp_path: Path) -> None:
    text = quiz_text().replace(':::{.callout-note collapse="true"}', ":::{.callout-note}")
    result = cli("check", site(tmp_path, text))
    line = line_of(text, ":::{.callout-note}")
    assert warning_lines(result) == [
        f"{POST}:{line}: warning: answer callout is not collapsed: it shows the answer to "
        "every reader"
    ]
    assert result.code == 0


def test_reading_list_without_links(cli: Check, tmp_path: Path) -> None:
    text = (
        quiz_text()
        .replace('["Shared book"](https://example.org/book)', "The shared book")
        .replace('["Own paper A quiz"](https://example.org/a-quiz)', "A paper")
    )
    result = cli("check", site(tmp_path, text))
    line = line_of(text, "**Recommended reading**")
    assert warning_lines(result) == [f"{POST}:{line}: warning: recommended reading lists no links"]


def test_reading_heading_with_nothing_after_it(cli: Check, tmp_path: Path) -> None:
    text = quiz_text()
    text = text[: text.index("* [")] + ":::\n"
    result = cli("check", site(tmp_path, text))
    line = line_of(text, "**Recommended reading**")
    assert warning_lines(result) == [f"{POST}:{line}: warning: recommended reading lists no links"]


def test_quiz_without_reading(cli: Check, tmp_path: Path) -> None:
    text = quiz_text()
    text = text[: text.index("**Recommended reading**")] + ":::\n"
    result = cli("check", site(tmp_path, text))
    line = line_of(text, ":::{.callout-note")
    assert warning_lines(result) == [f"{POST}:{line}: warning: quiz has no recommended reading"]


def test_reading_outside_the_answer_does_not_count(cli: Check, tmp_path: Path) -> None:
    text = quiz_text()
    reading = text[text.index("**Recommended reading**") : text.rindex(":::")]
    text = text.replace(reading, "") + "\n" + reading
    result = cli("check", site(tmp_path, text))
    line = line_of(text, ":::{.callout-note")
    assert warning_lines(result) == [f"{POST}:{line}: warning: quiz has no recommended reading"]


def test_duplicate_titles_warn_at_each_later_post(cli: Check, tmp_path: Path) -> None:
    # The later post by date is warned, whatever the file names' order.
    later = quiz_text(title="Same Title", date="2024-03-01")
    root = site(
        tmp_path,
        later,
        **{
            "content/posts/b.qmd": quiz_text(title="Same Title", date="2024-01-01"),
            "content/posts/c.qmd": quiz_text(title="same  title", date="2024-02-01"),
            "content/posts/d.qmd": quiz_text(title="Another title", date="2024-02-01"),
        },
    )
    result = cli("check", root)
    line = line_of(later, "title:")
    assert warning_lines(result) == [
        f'{POST}:{line}: warning: title "Same Title" is already used by content/posts/b.qmd',
        f'content/posts/c.qmd:{line}: warning: title "same  title" is already used by '
        "content/posts/b.qmd",
    ]
    assert result.out == "Checked 4 posts: 0 errors, 2 warnings.\n"


def test_script_element(cli: Check, tmp_path: Path) -> None:
    text = quiz_text() + (
        "\n<script>console.log('block')</script>\n"
        "\nInline <SCRIPT src='https://example.org/x.js'></SCRIPT> too.\n"
        "\n```html\n<script>shown as code, never run</script>\n```\n"
    )
    result = cli("check", site(tmp_path, text))
    assert warning_lines(result) == [
        f"{POST}:{line_of(text, '<script>console')}: warning: post contains a <script> element",
        f"{POST}:{line_of(text, 'Inline <SCRIPT')}: warning: post contains a <script> element",
    ]


def test_key_naming_a_missing_option_is_an_error(cli: Check, tmp_path: Path) -> None:
    text = quiz_text(key="7")
    root = site(tmp_path, text)
    result = cli("check", root)
    line = line_of(text, "\n7\n") + 1
    assert warning_lines(result) == [
        f"{POST}:{line}: error: answer key names option 7, but the options are numbered 1 to 3"
    ]
    assert result.code == 1
    assert result.out == ""
    assert result.err.endswith("Checked 1 post: 1 error, 0 warnings.\n")
    assert not (root / "site").exists()


def test_broken_links_and_missing_images(cli: Check, tmp_path: Path) -> None:
    text = quiz_text() + (
        "\nCompare [the other quiz](../other/), [its page](/posts/other/) and "
        "[the answer](#answer).\n"
        "\nSee [a missing quiz](../missing/) or [elsewhere](https://example.org/nowhere/).\n"
        "\n![A plot](plot.png)\n"
        "\n![The logo](/logo.svg)\n"
    )
    root = site(
        tmp_path,
        text,
        **{
            "content/posts/other.qmd": quiz_text(title="Other"),
            "static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        },
    )
    result = cli("check", root)
    assert warning_lines(result) == [
        f"{POST}:{line_of(text, '../missing/')}: warning: broken link: ../missing/",
        f"{POST}:{line_of(text, 'plot.png')}: warning: missing image: plot.png",
    ]
    assert (
        "  hint: the built site has nothing at /posts/missing/; relative links start from the "
        "post's page, /posts/a/"
    ) in result.err.splitlines()
    assert result.code == 0
    assert cli("check", root, "--strict").code == 1


def test_images_beside_a_folder_post_resolve(cli: Check, tmp_path: Path) -> None:
    text = quiz_text() + "\n![Beside](plot.svg)\n\n![Gone](gone.svg)\n"
    root = write_tree(
        tmp_path / "blog",
        {
            "content/posts/pictured/index.qmd": text,
            "content/posts/pictured/plot.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        },
    )
    result = cli("check", root)
    assert warning_lines(result) == [
        f"content/posts/pictured/index.qmd:{line_of(text, 'gone.svg')}: warning: "
        "missing image: gone.svg"
    ]


def test_links_under_a_sub_path_base_url(cli: Check, tmp_path: Path) -> None:
    text = quiz_text() + (
        "\n[Right](/blog/posts/other/) and [full](https://u.github.io/blog/posts/other/).\n"
        "\n[No prefix](/posts/other/)\n"
        "\n[Full but gone](https://u.github.io/blog/posts/gone/)\n"
        "\n[Another project](https://u.github.io/other-project/)\n"
    )
    root = site(
        tmp_path,
        text,
        **{
            "quizsite.toml": 'base_url = "https://u.github.io/blog/"\n',
            "content/posts/other.qmd": quiz_text(title="Other"),
        },
    )
    result = cli("check", root)
    assert warning_lines(result) == [
        f"{POST}:{line_of(text, '[No prefix]')}: warning: link points outside the site: "
        "/posts/other/",
        f"{POST}:{line_of(text, '[Full but gone]')}: warning: broken link: "
        "https://u.github.io/blog/posts/gone/",
    ]


def test_link_to_a_draft_is_broken_unless_drafts_are_built(cli: Check, tmp_path: Path) -> None:
    text = quiz_text() + "\nSee [the next one](../next/).\n"
    draft = quiz_text(title="Next").replace("---\n\n", "draft: true\n---\n\n", 1)
    root = site(tmp_path, text, **{"content/posts/next.qmd": draft})
    assert warning_lines(cli("check", root)) == [
        f"{POST}:{line_of(text, '../next/')}: warning: broken link: ../next/"
    ]
    assert warning_lines(cli("check", root, "--drafts")) == []


def test_drafts_are_linted_only_with_drafts(cli: Check, tmp_path: Path) -> None:
    draft = quiz_text(title="Unfinished", key="Two").replace("---\n\n", "draft: true\n---\n\n", 1)
    root = site(tmp_path, quiz_text(), **{"content/posts/draft.qmd": draft})
    assert cli("check", root).out == "Checked 2 posts: no problems found.\n"
    result = cli("check", root, "--drafts")
    assert warning_lines(result) == [
        f"content/posts/draft.qmd:{line_of(draft, 'Two')}: warning: answer callout "
        "has no answer key"
    ]


def test_strict_fails_on_warnings(cli: Check, tmp_path: Path) -> None:
    root = site(tmp_path, quiz_text() + "\n<script>1</script>\n")
    relaxed = cli("check", root)
    assert relaxed.code == 0
    assert relaxed.out == "Checked 1 post: 0 errors, 1 warning.\n"
    strict = cli("check", root, "--strict")
    assert strict.code == 1
    assert strict.out == ""
    assert strict.err.endswith("Checked 1 post: 0 errors, 1 warning.\n")


def test_build_warnings_are_reported_once(cli: Check, tmp_path: Path) -> None:
    text = quiz_text() + "\n:::\n"
    result = cli("check", site(tmp_path, text))
    line = text.count("\n", 0, text.rindex(":::")) + 1
    (reported,) = warning_lines(result)
    assert reported.startswith(f"{POST}:{line}: warning: closing ::: has no open fenced div")


def test_config_errors_are_reported(cli: Check, tmp_path: Path) -> None:
    root = site(tmp_path, quiz_text(), **{"quizsite.toml": "titel = 'x'\n"})
    result = cli("check", root)
    assert result.code == 1
    assert warning_lines(result) == ["quizsite.toml:1: error: unknown key 'titel'"]
    assert result.err.endswith("Checked 0 posts: 1 error, 0 warnings.\n")


def test_missing_folder_is_a_usage_error(cli: Check, tmp_path: Path) -> None:
    result = cli("check", tmp_path / "nowhere")
    assert result.code == 2
    assert "is not a folder" in result.err


def test_template_errors_from_the_trial_build(
    cli: Check, site_copy: Callable[[Path], Path]
) -> None:
    root = site_copy(TESTS / "sites/template-undefined")
    expected = (TESTS / "sites/template-undefined/expected.txt").read_text().splitlines()
    result = cli("check", root)
    assert result.code == 1
    lines = result.err.splitlines()
    at = lines.index(expected[0])  # beside the lint warnings about its sample post
    assert lines[at + 1] == expected[1]
    assert lines[-1].startswith("Checked 1 post: 1 error, ")
    assert not (root / "site").exists()


def test_other_callouts_in_a_complete_quiz_are_fine(cli: Check, tmp_path: Path) -> None:
    text = quiz_text().replace(
        "1. First option", ':::{.callout-tip collapse="true"}\n3\n:::\n\n1. First option', 1
    )
    result = cli("check", site(tmp_path, text))
    assert result.err == ""
    assert result.code == 0


def test_check_starts_from_the_build_cache_and_leaves_it_as_it_was(
    cli: Check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `quizsite build`, a check parses only the posts changed since (its own reading
    and its trial build both start from the cache), finds what a check without a cache
    finds, and leaves the build's cache as it was (it adds its own findings)."""
    text = quiz_text() + "\nSee [a missing quiz](../missing/).\n\n![A plot](plot.png)\n"
    others = {f"content/posts/p{n}.qmd": quiz_text(title=f"Post {n}") for n in range(5)}
    root = site(tmp_path, text, **others)
    bare = write_tree(tmp_path / "bare", {POST: text, **others})
    assert cli("build", root).code == 0
    edited = root / "content/posts/p3.qmd"
    edited.write_text(edited.read_text().replace("Post 3", "Post three"))
    (bare / "content/posts/p3.qmd").write_text(edited.read_text())
    cache = {p: p.stat().st_mtime_ns for p in (root / CACHE_DIR).rglob("*")}
    parsed: list[str] = []
    real = parses.parse_post
    monkeypatch.setattr(
        parses, "parse_post", lambda source: parsed.append(source.rel) or real(source)
    )
    monkeypatch.chdir(root)  # as authors run it, in the site's folder
    cached = cli("check")
    assert set(parsed) == {"content/posts/p3.qmd"}
    parsed.clear()
    plain = cli("check", bare)
    assert len(parsed) == 2 * 6  # without a cache: every post, read and then built
    assert (cached.code, cached.out, cached.err) == (plain.code, plain.out, plain.err)
    assert len(warning_lines(cached)) == 2
    after = {p: p.stat().st_mtime_ns for p in (root / CACHE_DIR).rglob("*")}
    assert {p: t for p, t in after.items() if not p.name.startswith("check-")} == cache
    assert not (bare / CACHE_DIR).exists()  # a site without a build cache gets none


def test_check_keeps_what_it_found_in_each_post_file(
    cli: Check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post file unchanged since the last check is neither linted nor read for links again;
    the report is the same as a check without anything kept, and a damaged file of kept
    findings is ignored."""
    text = quiz_text() + "\nSee [a missing quiz](../missing/).\n"
    others = {f"content/posts/p{n}.qmd": quiz_text(title=f"Post {n}") for n in range(3)}
    root = site(tmp_path, text, **others)
    assert cli("build", root).code == 0
    linted: list[str] = []
    real = check_module.post_findings
    monkeypatch.setattr(
        check_module,
        "post_findings",
        lambda source, post: linted.append(source.rel) or real(source, post),
    )
    first = cli("check", root)
    assert len(linted) == 4 and len(warning_lines(first)) == 1
    linted.clear()
    assert cli("check", root) == first
    assert linted == []
    edited = root / "content/posts/p1.qmd"
    edited.write_text(edited.read_text().replace("Recommended reading", "Further reading"))
    third = cli("check", root)
    assert linted == ["content/posts/p1.qmd"]
    assert "quiz has no recommended reading" in third.err
    (kept,) = (root / CACHE_DIR).glob("check-*.pickle")
    kept.write_bytes(b"not a pickle")
    linted.clear()
    assert cli("check", root) == third
    assert len(linted) == 4
    shutil.rmtree(root / CACHE_DIR)
    assert cli("check", root) == third
