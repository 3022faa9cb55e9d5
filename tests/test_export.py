"""`quizsite export`: the quizzes with their answers as JSON, CSV and an Anki deck, for the
author; never into the built site, whose quizzes.json stays answer-free."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from conftest import CliResult, quiz_text, write_tree

Cli = Callable[..., CliResult]


def blog(tmp_path: Path) -> Path:
    question = "Is $3 \\times 10^{-4}$ a good `lr` here?"
    return write_tree(
        tmp_path / "blog",
        {
            "quizsite.toml": 'base_url = "https://ada.example/quiz/"\n',
            "content/posts/a.qmd": quiz_text("Alpha", question=question, slug="a"),
            "content/posts/b.qmd": quiz_text("Beta", "2024-01-02", key="1, 3", slug="b"),
            "content/posts/c.qmd": quiz_text("Draft", "2024-01-03", slug="c").replace(
                "---\n\n", "draft: true\n---\n\n", 1
            ),
        },
    )


def test_export_writes_json_csv_and_anki_with_answers(cli: Cli, tmp_path: Path) -> None:
    root = blog(tmp_path)
    result = cli("export", root)
    assert result.code == 0, result.err
    folder = root / "quiz-export"
    assert result.out.startswith("Exported 2 quizzes with their answers: ")
    data = json.loads((folder / "quizzes.json").read_text())["quizzes"]
    assert [q["slug"] for q in data] == ["a", "b"]  # oldest first, drafts left out
    alpha = data[0]
    assert alpha["question"] == "Is 3 × 10⁻⁴ a good lr here?"
    assert alpha["options"] == [
        {"number": 1, "text": "First option"},
        {"number": 2, "text": "Second option"},
        {"number": 3, "text": "Third option"},
    ]
    assert alpha["key"] == [2] and data[1]["key"] == [1, 3]
    assert "The explanation says why." in alpha["explanation"]
    assert alpha["readings"][0] == {"title": "Shared book", "url": "https://example.org/book"}
    assert alpha["url"] == "https://ada.example/quiz/posts/a/"
    rows = list(csv.DictReader(io.StringIO((folder / "quizzes.csv").read_text())))
    assert [(r["slug"], r["key"]) for r in rows] == [("a", "2"), ("b", "1, 3")]
    assert rows[0]["options"] == "1. First option\n2. Second option\n3. Third option"
    with zipfile.ZipFile(folder / "quizzes.apkg") as deck:
        (tmp_path / "collection.anki2").write_bytes(deck.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = [row[0] for row in db.execute("select flds from notes order by id")]
    assert len(notes) == 2
    front, options, back, link = notes[0].split("\x1f")
    assert "<math" in front and "First option" in options
    assert 'data-key="2"' in back and "posts/a/" in link


def test_export_formats_and_folder_are_chosen(cli: Cli, tmp_path: Path) -> None:
    root = blog(tmp_path)
    out = tmp_path / "mine"
    assert cli("export", root, "-o", out, "--format", "csv").code == 0
    assert sorted(p.name for p in out.iterdir()) == ["quizzes.csv"]
    bad = cli("export", root, "--format", "pdf")
    assert bad.code == 2 and "unknown format pdf" in bad.err


def test_export_never_writes_into_the_site(cli: Cli, tmp_path: Path) -> None:
    root = blog(tmp_path)
    assert cli("build", root).code == 0
    refused = cli("export", root, "-o", root / "site" / "answers")
    assert refused.code == 2
    assert "inside the built site" in refused.err
    assert not (root / "site" / "answers").exists()
    # The site's own list of quizzes never holds an answer.
    listed = json.loads((root / "site" / "quizzes.json").read_text())
    assert "key" not in json.dumps(listed) and "explanation" not in json.dumps(listed)


def test_export_stops_on_errors(cli: Cli, tmp_path: Path) -> None:
    root = blog(tmp_path)
    # A date is optional (issue 20), but one given must be readable.
    (root / "content/posts/d.qmd").write_text("---\ntitle: x\ndate: someday\n---\n\nBad date.\n")
    result = cli("export", root)
    assert result.code == 1
    assert "content/posts/d.qmd:3: error: cannot read the date 'someday'" in result.err
    assert not (root / "quiz-export").exists()
