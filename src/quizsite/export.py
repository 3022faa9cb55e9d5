"""`quizsite export`: the quizzes with their answers, for the author's own use: JSON, CSV and an
Anki deck (genanki). Never written into the built site (whose `quizzes.json` holds no answers):
by default into `quiz-export/` beside it, and a folder inside the site's output is refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from .build import read_posts
from .config import SiteConfig, load_config
from .errors import BuildFailed, UsageError, has_errors
from .model import Post
from .summaries import mathml_text
from .urls import Urls

FORMATS = ("json", "csv", "anki")
EXPORT_DIR = "quiz-export"
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the files, and how many quizzes each holds."""

    files: tuple[Path, ...]
    quizzes: int


def export_quizzes(
    root: Path, folder: Path | None, formats: tuple[str, ...], output: Path | None = None
) -> Exported:
    """Write every published quiz of the site at `root`, answers included, in `formats` into
    `folder` (default `root/quiz-export`). Refuses a folder inside the site's output (`output`,
    default `root/site`), and raises BuildFailed when the posts have errors."""
    config = load_config(root)
    site_dir = (output if output is not None else config.root / "site").resolve()
    target = (folder if folder is not None else config.root / EXPORT_DIR).resolve()
    if target == site_dir or site_dir in target.parents:
        raise UsageError(
            f"{target} is inside the built site {site_dir}: an export holds every answer, and "
            "the site must not; choose another folder with -o"
        )
    if config.content_dir.resolve() in (target, *target.parents):
        raise UsageError(f"{target} is inside the posts' folder; choose another folder with -o")
    posts, problems = read_posts(config)
    if has_errors(problems):
        raise BuildFailed(problems)
    quizzes = [p for p in posts if p.quiz is not None and not p.draft]
    quizzes.sort(key=lambda p: (p.date, p.slug))
    records = [quiz_record(p, config) for p in quizzes]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in formats:
        path = target / {"json": "quizzes.json", "csv": "quizzes.csv", "anki": "quizzes.apkg"}[kind]
        if kind == "json":
            text = json.dumps({"quizzes": records}, ensure_ascii=False, indent=2) + "\n"
            path.write_text(text, encoding="utf-8")
        elif kind == "csv":
            path.write_text(_csv(records), encoding="utf-8", newline="")
        else:
            _anki(quizzes, records, config, path)
        written.append(path)
    return Exported(tuple(written), len(records))


def quiz_record(post: Post, config: SiteConfig) -> dict[str, Any]:
    """One quiz as plain data: question, options, key, explanation, readings, link."""
    quiz = post.quiz
    assert quiz is not None
    urls = Urls(config.base_path, config.origin)
    return {
        "slug": post.slug,
        "title": post.title,
        "date": post.date.date().isoformat(),
        "tags": list(post.tags),
        "url": urls.absolute(urls.post(post.slug)),
        "question": _text(str(quiz.question_html)),
        "options": [{"number": o.number, "text": o.text} for o in quiz.options],
        "key": list(quiz.answer.key),
        "explanation": _explanation(post),
        "readings": [{"title": r.title, "url": r.url} for r in quiz.readings],
    }


def _text(html: str) -> str:
    """The text of a rendered block, one paragraph a line, math as its text form."""
    html = re.sub(r"<math\b.*?</math>", lambda m: mathml_text(m.group(0)), html, flags=re.S)
    html = re.sub(r"</(p|li|h\d|pre|div)>", "\n", html)
    text = _TAGS.sub("", html)
    lines = [" ".join(line.split()) for line in unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


def _explanation(post: Post) -> str:
    """The answer's words (the key's paragraph and the reading list included)."""
    return "\n".join(line for line in post.answer_text.decode().splitlines() if line.strip())


def _csv(records: list[dict[str, Any]]) -> str:
    """One row a quiz: options one a line in their cell, the key as "1, 3"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["slug", "title", "date", "tags", "question", "options", "key", "explanation", "url"]
    )
    for r in records:
        options = "\n".join(f"{o['number']}. {o['text']}" for o in r["options"])
        writer.writerow(
            [
                r["slug"],
                r["title"],
                r["date"],
                "; ".join(r["tags"]),
                r["question"],
                options,
                ", ".join(map(str, r["key"])),
                r["explanation"],
                r["url"],
            ]
        )
    return out.getvalue()


def _stable_id(text: str) -> int:
    """A stable id for Anki (same site, same deck: re-importing updates, never duplicates)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big") | 1 << 30


def _anki(
    quizzes: list[Post], records: list[dict[str, Any]], config: SiteConfig, path: Path
) -> None:
    """An Anki deck: the question and options on the front, the key and explanation behind."""
    import genanki  # imported here: only an Anki export needs it

    model = genanki.Model(
        _stable_id(f"quizsite model {config.title}"),
        "quizsite quiz",
        fields=[{"name": "Question"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Link"}],
        templates=[
            {
                "name": "Quiz",
                "qfmt": "{{Question}}{{Options}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<p>{{Link}}</p>',
            }
        ],
    )
    deck = genanki.Deck(_stable_id(f"quizsite deck {config.title}"), config.title)
    for post, record in zip(quizzes, records, strict=True):
        quiz = post.quiz
        assert quiz is not None
        link = f'<a href="{record["url"]}">{post.title}</a>'
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    str(quiz.question_html),
                    str(quiz.options_html),
                    str(quiz.answer.html),
                    link,
                ],
                guid=genanki.guid_for(post.slug),
                tags=[re.sub(r"\s+", "_", t) for t in post.tags],
            )
        )
    genanki.Package(deck).write_to_file(str(path))
