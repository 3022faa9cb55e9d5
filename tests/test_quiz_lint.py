"""Quiz mistakes that turn a quiz into an article: warnings in build, serve and check, at the
line to fix; errors with `strict_quizzes`; one mistake never hides the next in a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CliResult, quiz_text, write_tree

from quizsite.build import build
from quizsite.errors import BuildFailed

POST = "content/posts/a.qmd"
Cli = Callable[..., CliResult]


def line_of(text: str, needle: str) -> int:
    """The 1-based line where `needle` first appears in `text`."""
    return text[: text.index(needle)].count("\n") + 1


def reported(result: CliResult) -> list[str]:
    """The `path:line: severity: message` lines a command printed."""
    return [
        line for line in result.err.splitlines() if ": warning: " in line or ": error: " in line
    ]


KEY_B = "\nB\n"


def bulleted() -> str:
    return (
        quiz_text()
        .replace("1. First option", "* First option")
        .replace("2. Second option", "* Second option")
        .replace("3. Third option", "* Third option")
    )


def test_bullet_options_warn_in_build_at_the_list(cli: Cli, tmp_path: Path) -> None:
    text = bulleted()
    root = write_tree(tmp_path / "blog", {POST: text})
    result = cli("build", root)
    assert result.code == 0
    assert reported(result) == [
        f"{POST}:{line_of(text, '* First option')}: warning: the options are a bullet list "
        "(3 items), so this post builds as an article, not a quiz"
    ]
    assert "hint: number the options: 1. ..., 2. ..." in result.err


def test_letter_key_under_numbered_options_warns_at_the_key(cli: Cli, tmp_path: Path) -> None:
    text = quiz_text(key="B")
    root = write_tree(tmp_path / "blog", {POST: text})
    result = cli("build", root)
    assert result.code == 0
    assert reported(result) == [
        f'{POST}:{line_of(text, KEY_B) + 1}: warning: answer key "B" does not name an option '
        "by its number, so this post builds as an article, not a quiz"
    ]
    assert 'write the number of the right one, e.g. "2"' in result.err


def test_option_word_key_warns_with_the_number(cli: Cli, tmp_path: Path) -> None:
    text = quiz_text(key="Option 3")
    root = write_tree(tmp_path / "blog", {POST: text})
    result = cli("build", root)
    assert [line.split(": ", 2)[2] for line in reported(result)] == [
        'answer key "Option 3" does not name an option by its number, so this post builds '
        "as an article, not a quiz"
    ]
    assert reported(result)[0].startswith(f"{POST}:{line_of(text, 'Option 3')}:")
    assert 'e.g. "3"' in result.err


def test_no_options_before_the_answer_warns(tmp_path: Path) -> None:
    text = quiz_text()
    text = text.replace("1. First option\n\n2. Second option\n\n3. Third option\n\n", "")
    root = write_tree(tmp_path / "blog", {POST: text})
    result = build(root)
    assert [(w.location.line, w.message) for w in result.warnings] == [
        (line_of(text, ":::{.callout-note"), "answer key has no numbered options before it")
    ]


def test_a_good_quiz_gets_no_warning(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "blog", {POST: quiz_text()})
    result = cli("build", root)
    assert result.code == 0
    assert reported(result) == []


def test_strict_quizzes_makes_them_errors(cli: Cli, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "blog",
        {POST: quiz_text(key="B"), "quizsite.toml": "strict_quizzes = true\n"},
    )
    result = cli("build", root)
    assert result.code == 1
    assert [line.split(": ")[1] for line in reported(result)] == ["error"]
    assert not (root / "site" / "posts" / "a-quiz").exists()
    checked = cli("check", root)
    assert checked.code == 1
    assert ': error: answer key "B"' in checked.err


def test_drafts_are_spared_unless_built(tmp_path: Path) -> None:
    draft = quiz_text(key="B").replace("---\n\n", "draft: true\n---\n\n", 1)
    root = write_tree(tmp_path / "blog", {POST: draft, "quizsite.toml": "strict_quizzes = true\n"})
    assert build(root).warnings == ()
    try:
        build(root, drafts=True)
    except BuildFailed as failure:
        assert [d.severity for d in failure.diagnostics] == ["error"]
    else:
        raise AssertionError("a draft built with --drafts is held to strict_quizzes")


def test_an_unclosed_answer_does_not_hide_a_wrong_key(tmp_path: Path) -> None:
    text = quiz_text(key="5").rstrip()
    text = text[: text.rindex(":::")]  # the answer callout is never closed
    root = write_tree(tmp_path / "blog", {POST: text})
    try:
        build(root)
    except BuildFailed as failure:
        found = [(d.location.line, d.message) for d in failure.diagnostics]
    else:
        raise AssertionError("the build should fail")
    assert found == [
        (line_of(text, ":::{.callout-note"), "unclosed fenced div opened here"),
        (
            line_of(text, "\n5\n") + 1,
            "answer key names option 5, but the options are numbered 1 to 3",
        ),
    ]


def test_every_mistake_of_a_file_is_reported(tmp_path: Path) -> None:
    # Bullet options before the answer, and later an uncollapsed answer: both are reported.
    text = bulleted() + "\n1. a\n2. b\n\n:::{.callout-tip}\n2\n:::\n"
    root = write_tree(tmp_path / "blog", {POST: text})
    found = sorted((w.location.line, w.message) for w in build(root).warnings)
    assert [line for line, _ in found] == [
        line_of(text, "* First option"),
        line_of(text, ":::{.callout-tip}"),
    ]
    assert found[0][1].startswith("the options are a bullet list")
    assert found[1][1].startswith("answer callout is not collapsed")


def test_a_letter_key_under_lettered_options_is_right(tmp_path: Path) -> None:
    text = (
        quiz_text(key="B")
        .replace("1. First option", "A. First option")
        .replace("2. Second option", "B. Second option")
        .replace("3. Third option", "C. Third option")
    )
    root = write_tree(tmp_path / "blog", {POST: text})
    result = build(root)
    assert result.warnings == ()
    post = result.state.site.posts[0]
    assert post.quiz is not None and post.quiz.answer.key == (2,)


def test_serve_reports_a_quiz_mistake_made_while_watching(tmp_path: Path) -> None:
    from conftest import wait_for
    from test_watch import Recorder

    from quizsite.watch import Watcher

    root = write_tree(tmp_path / "blog", {POST: quiz_text()})
    recorder = Recorder()
    watcher = Watcher(root, None, listener=recorder)  # what `quizsite serve` runs
    first = watcher.start()
    try:
        assert first.result is not None and first.result.warnings == ()
        text = quiz_text(key="B")
        (root / POST).write_text(text)

        def warned() -> bool:
            result = recorder.last.result if recorder.count else None
            return result is not None and bool(result.warnings)

        wait_for(warned, "a rebuild that warns")
        (found,) = recorder.last.result.warnings  # type: ignore[union-attr]
        assert found.format().startswith(
            f'{POST}:{line_of(text, KEY_B) + 1}: warning: answer key "B" does not name'
        )
    finally:
        watcher.stop()


def test_a_key_shown_before_the_answer_of_a_quiz_warns(tmp_path: Path) -> None:
    # The post is a quiz (its answer is collapsed and keyed); a callout between the options and
    # the answer shows a key to every reader. A keyed callout after the answer is not a mistake.
    shown = "\n:::{.callout-tip}\n3\n:::\n\n"
    text = quiz_text()
    at = text.index(":::{.callout-note")
    text = text[:at] + shown + text[at:] + "\n:::{.callout-tip}\n1\n:::\n"
    root = write_tree(tmp_path / "blog", {POST: text})
    result = build(root)
    assert [(w.location.line, w.message) for w in result.warnings] == [
        (
            line_of(text, ":::{.callout-tip}"),
            "answer callout is not collapsed: it shows the answer to every reader",
        )
    ]
    post = result.state.site.posts[0]
    assert post.quiz is not None and post.quiz.answer.key == (2,)
