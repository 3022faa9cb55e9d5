"""From a source file to a Post: metadata rules and quiz extraction."""

from __future__ import annotations

import pickle
from datetime import datetime
from pathlib import Path

import jinja2
import pytest
from conftest import REPO, TESTS, quiz_text

from quizsite.model import Post
from quizsite.parse import parse_post
from quizsite.sources import SourceFile


def parse(text: str, name: str = "content/posts/my-post.qmd", folder: bool = False) -> Post:
    post, problems = parse_post(SourceFile(Path("/site") / name, name, text, folder, ()))
    assert post is not None, [p.format() for p in problems]
    return post


def problems_of(text: str) -> list[str]:
    _, problems = parse_post(SourceFile(Path("/s/content/p.qmd"), "content/p.qmd", text, False, ()))
    return [p.format().splitlines()[0] for p in problems]


def front(extra: str, body: str = "Body text.\n") -> str:
    return f'---\ntitle: "T"\ndate: 2024-02-03\n{extra}---\n\n{body}'


def test_reference_shaped_post_is_a_quiz() -> None:
    """A post shaped like the reference post of the format (tests/fixtures/posts/)."""
    text = (TESTS / "fixtures/posts/warm-restarts.qmd").read_text()
    post = parse(text, "content/posts/warm-restarts.qmd")
    assert post.slug == "warm-restarts"
    assert post.title == "Warm restarts"
    assert post.date == datetime(2023, 3, 14)
    assert post.quiz is not None
    assert [o.number for o in post.quiz.options] == [1, 2, 3, 4]
    assert post.quiz.options[1].text.startswith("It briefly pushes the weights out")
    assert post.quiz.answer.key == (2,)
    assert post.quiz.answer.anchor == "answer"
    assert post.quiz.answer.location.line == 25
    assert [r.url for r in post.quiz.readings] == [
        "https://arxiv.org/abs/1608.03983",
        "https://arxiv.org/abs/1506.01186",
        "https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.html",
    ]
    assert post.quiz.readings[0].title == "SGDR: Stochastic Gradient Descent with Warm Restarts"
    assert post.quiz.readings[2].note_html == "is the PyTorch scheduler."
    assert post.quiz.readings[0].location.line == 39
    assert "What does restarting a cosine schedule" in str(post.quiz.question_html)
    assert str(post.quiz.answer.html).startswith('<details id="answer" class="callout callout-note')
    # The generic "Expand to see the answer" gives way to the answer's state (issue 22).
    assert (
        '<span class="answer-when-closed">Show the answer</span>'
        '<span class="answer-when-open" hidden>Hide the answer</span></span></summary>'
    ) in str(post.quiz.answer.html)
    assert (
        '<p class="quiz-key" data-key="2"><span class="quiz-key-label">Correct answer: </span>2</p>'
        in str(post.quiz.answer.html)
    )
    assert "<blockquote>" in str(post.quiz.answer.html)


SHARED_REFERENCE = REPO.parent / "shared/reference"


@pytest.mark.skipif(
    not SHARED_REFERENCE.is_dir(),
    reason="needs the real posts kept outside this repository (../shared/reference/); "
    "the sample blog in content/ is tested without them",
)
def test_every_shared_reference_post_is_a_quiz() -> None:
    """The real posts the team keeps beside the repository parse as quizzes with a reading list."""
    for path in sorted(SHARED_REFERENCE.glob("*.qmd")):
        post = parse(path.read_text(), f"content/posts/{path.name}")
        assert post.quiz is not None, path
        assert post.quiz.readings, path


def test_summary_is_the_question_never_the_answer() -> None:
    post = parse(quiz_text(question="Why do *residual* connections help?", key="3"))
    assert post.summary == "Why do residual connections help?"
    assert "explanation" not in post.summary


def test_summary_is_cut_at_forty_words() -> None:
    post = parse(quiz_text(question=" ".join(f"w{i}" for i in range(60))))
    assert post.summary.endswith("w39…")


@pytest.mark.parametrize(
    ("key", "expected"),
    [("2", (2,)), ("1, 3", (1, 3)), ("1 and 3", (1, 3)), ("3, 1", (1, 3)), ("Answer: 2", (2,))],
)
def test_answer_keys(key: str, expected: tuple[int, ...]) -> None:
    post = parse(quiz_text(key=key))
    assert post.quiz is not None
    assert post.quiz.answer.key == expected
    assert post.quiz.multiple == (len(expected) > 1)


def test_multi_answer_label_is_plural() -> None:
    post = parse(quiz_text(key="1, 2"))
    assert post.quiz is not None
    assert "Correct answers: </span>1, 2" in str(post.quiz.answer.html)


def test_callout_without_key_is_an_ordinary_post() -> None:
    post = parse(quiz_text(key="It depends on the data."))
    assert post.quiz is None
    assert "<details" in post.body_html


def test_post_without_callout_is_an_ordinary_post() -> None:
    post = parse(front("", "An essay.\n\n1. one\n2. two\n"))
    assert post.quiz is None
    assert post.summary == "An essay. one two"


def test_options_follow_a_custom_start_number() -> None:
    text = quiz_text(key="4").replace("1. First", "3. First")
    post = parse(text)
    assert post.quiz is not None
    assert [o.number for o in post.quiz.options] == [3, 4, 5]


def test_key_naming_missing_option_is_an_error() -> None:
    assert problems_of(quiz_text(key="2, 7")) == [
        "content/p.qmd:18: error: answer key names option 7, but the options are numbered 1 to 3"
    ]


def test_author_id_on_answer_callout_is_kept() -> None:
    text = quiz_text().replace(
        '{.callout-note collapse="true"}', '{#solution .callout-note collapse="true"}'
    )
    post = parse(text)
    assert post.quiz is not None
    assert post.quiz.answer.anchor == "solution"
    assert str(post.quiz.answer.html).startswith('<details id="solution"')


def test_content_around_the_quiz_is_kept_in_order() -> None:
    text = (
        quiz_text().replace("\n:::{.callout", "\nThink first.\n\n:::{.callout")
        + "\nA closing note.\n"
    )
    post = parse(text)
    assert post.quiz is not None
    assert "Think first." in str(post.quiz.between_html)
    assert "A closing note." in str(post.quiz.after_html)


@pytest.mark.parametrize(
    ("value", "expected", "has_time"),
    [
        ("2022-10-30", datetime(2022, 10, 30), False),
        ('"2022-10-30"', datetime(2022, 10, 30), False),
        ("2022-10-30T08:30:00", datetime(2022, 10, 30, 8, 30), True),
        ('"2022-10-30T08:30:00"', datetime(2022, 10, 30, 8, 30), True),
        ("2022-10-30T23:30:00-05:00", datetime(2022, 10, 30, 23, 30), True),
        ('"October 30, 2022"', datetime(2022, 10, 30), False),
    ],
)
def test_dates_never_shift(value: str, expected: datetime, has_time: bool) -> None:
    post = parse(f"---\ntitle: T\ndate: {value}\n---\n\nBody\n")
    assert post.date == expected
    assert post.has_time is has_time


def test_categories_and_tags_merge_without_duplicates() -> None:
    post = parse(front("categories: [a, b]\ntags: [b, c]\n"))
    assert post.tags == ("a", "b", "c")


def test_single_string_category() -> None:
    assert parse(front("categories: deep learning\n")).tags == ("deep learning",)


def test_optional_fields_and_unknown_keys() -> None:
    post = parse(
        front(
            'description: "D"\nsubtitle: S\nauthor: [Ada, Alan]\nimage: cover.png\n'
            "image-alt: A cover\naliases: [/old/]\ndraft: true\nlicense: CC-BY\n"
        )
    )
    assert (post.description, post.subtitle, post.authors) == ("D", "S", ("Ada", "Alan"))
    assert (post.image, post.image_alt, post.aliases, post.draft) == (
        "cover.png",
        "A cover",
        ("/old/",),
        True,
    )
    assert post.extra == {"license": "CC-BY"}


@pytest.mark.parametrize(
    ("name", "slug_line", "folder", "expected"),
    [
        ("content/posts/My First Quiz.qmd", "", False, "my-first-quiz"),
        ("content/posts/café-au-lait.qmd", "", False, "cafe-au-lait"),
        ("content/posts/folder-post/index.qmd", "", True, "folder-post"),
        ("content/posts/x.qmd", "slug: Custom Slug\n", False, "custom-slug"),
    ],
)
def test_slugs(name: str, slug_line: str, folder: bool, expected: str) -> None:
    assert parse(front(slug_line), name, folder).slug == expected


def test_unusable_slug_is_an_error() -> None:
    assert problems_of(front('slug: "🤖"\n')) == [
        "content/p.qmd:4: error: cannot make a URL slug from '🤖'"
    ]


def test_reading_time_has_a_minimum_of_one_minute() -> None:
    assert parse(front("", "Few words.\n")).reading_minutes == 1
    assert parse(front("", "word " * 1000)).reading_minutes == 5


def test_code_and_math_in_a_post() -> None:
    body = "Let $x^2$ be.\n\n```{python}\n#| echo: true\nimport numpy as np\n```\n"
    post = parse(front("", body))
    assert "<math" in post.body_html
    assert "echo" not in post.body_html
    assert '<span class="kn">import</span>' in post.body_html
    # `echo: false` (issue 21): the cell's code is not shown at all.
    hidden = parse(front("", body.replace("echo: true", "echo: false")))
    assert "import" not in hidden.body_html


def test_rendered_blocks_print_as_the_html_they_hold() -> None:
    """A quiz's blocks are kept as UTF-8: a template prints them as HTML (never escaped), an
    empty one counts as nothing in `{% if %}`, and the build cache's pickling keeps them equal."""
    text = quiz_text().replace("\n:::{.callout", '\nIt is "Adam" — or not.\n\n:::{.callout')
    post = parse(text)
    assert post.quiz is not None
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string("{{ q.between_html }}{% if q.after_html %}after{% endif %}")
    assert template.render(q=post.quiz) == "<p>It is “Adam” — or not.</p>\n"
    # Text filters keep it HTML, as they did when blocks were Markup.
    edited = env.from_string('{{ q.between_html | replace("Adam", "Eve") | trim }}')
    assert edited.render(q=post.quiz) == "<p>It is “Eve” — or not.</p>"
    assert str(post.quiz.between_html) == "<p>It is “Adam” — or not.</p>\n"
    assert pickle.loads(pickle.dumps(post.quiz)) == post.quiz
    assert "It is “Adam”" in post.body_html
