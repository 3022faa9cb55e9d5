"""Finding posts, decoding them, splitting front matter with correct line numbers."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from quizsite.errors import Diagnostic
from quizsite.skipped import content_documents, skipped_documents
from quizsite.sources import (
    FrontMatter,
    PostPath,
    SourceFile,
    read_source,
    scan_content,
    split_front_matter,
)


def source(text: str) -> SourceFile:
    return SourceFile(Path("/x/content/p.qmd"), "content/p.qmd", text, False, ())


def test_finds_flat_and_folder_posts_but_not_their_files(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_tree(
        content,
        {
            "posts/a.qmd": "",
            "posts/b.md": "",
            "posts/c/index.qmd": "",
            "posts/c/notes.md": "",  # belongs to folder post c
            "posts/c/img/fig.svg": "",
            "posts/_metadata.yml": "",
            "posts/_draft-notes.qmd": "",
            "posts/.a.qmd.swp": "",
            "posts/a.qmd~": "",
            "posts/.#a.qmd": "",
            "index.qmd": "",
            "about.txt": "",
        },
    )
    found = [(p.path.relative_to(content).as_posix(), p.folder) for p in scan_content(content)]
    # content/index.qmd would take the home page's place (issue 20: documents outside
    # content/posts/ are pages, and the home page lists the posts).
    assert found == [
        ("posts/a.qmd", False),
        ("posts/b.md", False),
        ("posts/c/index.qmd", True),
    ]


def test_folder_post_assets(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "content/posts/c/index.qmd": "x",
            "content/posts/c/fig.svg": "s",
            "content/posts/c/d/e.csv": "e",
        },
    )
    (found,) = scan_content(root / "content")
    src = read_source(found, root)
    assert isinstance(src, SourceFile)
    assert src.is_folder_post
    assert [a.relative_to(root).as_posix() for a in src.assets] == [
        "content/posts/c/d/e.csv",
        "content/posts/c/fig.svg",
    ]


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path, {"content/a.qmd": b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n"}
    )
    src = read_source(PostPath(root / "content/a.qmd", (), False), root)
    assert isinstance(src, SourceFile)
    assert src.text == "---\ntitle: A\n---\nBody\n"
    assert src.rel == "content/a.qmd"


def test_invalid_utf8_names_line(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"content/a.qmd": b"---\ntitle: ok\n---\n\nna\xefve\n"})
    problem = read_source(PostPath(root / "content/a.qmd", (), False), root)
    assert isinstance(problem, Diagnostic)
    assert str(problem.location) == "content/a.qmd:5"


def test_body_line_counts_front_matter() -> None:
    front = split_front_matter(
        source('---\ntitle: "A"\ndate: 2024-01-01\n---\n\nFirst body line\n')
    )
    assert isinstance(front, FrontMatter)
    assert front.data["title"] == "A"
    assert front.body_line == 5
    assert front.body.split("\n")[1] == "First body line"  # file line 6


def test_dot_dot_dot_closes_front_matter() -> None:
    front = split_front_matter(source("---\ntitle: A\n...\nBody\n"))
    assert isinstance(front, FrontMatter)
    assert front.body == "Body\n"


def test_empty_front_matter_is_an_empty_mapping() -> None:
    front = split_front_matter(source("---\n---\nBody\n"))
    assert isinstance(front, FrontMatter)
    assert front.data == {}


def _split_by_lines(text: str) -> tuple[str, int]:
    """The body and its line as a split of the whole text into lines finds them."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    end = next(i for i in range(first + 1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return "\n".join(lines[end + 1 :]), end + 2


def test_the_body_is_what_follows_the_closing_fence_wherever_it_is() -> None:
    for text in (
        "---\ntitle: A\n---",  # the fence is the last line, with no newline
        "---\ntitle: A\n---\n",
        "\n\n  \n---\ntitle: A\n---  \nBody\n\n",  # blank lines first, spaces after the fence
        "---\ntitle: A\nlist:\n  - x\n---\n---\nmore\n",  # a later --- is the body's
        "---\r\ntitle: A\n---\nBody",
    ):
        front = split_front_matter(source(text))
        assert isinstance(front, FrontMatter), text
        assert (front.body, front.body_line) == _split_by_lines(text), text


def test_key_lines_stop_at_the_closing_fence() -> None:
    from quizsite.sources import front_matter_lines

    text = "\n---\ntitle: A\ntags: [x]\n---\ndate: not a key\n"
    assert front_matter_lines(source(text)) == {"title": 3, "tags": 4}
    toml = "+++\ntitle = 'A'\n+++\nslug: body\n"
    assert front_matter_lines(source(toml)) == {"title": 2}


def test_a_bad_value_is_reported_at_its_line() -> None:
    problem = split_front_matter(source("---\ntitle: A\ncount: !!int abc\n---\nBody\n"))
    assert isinstance(problem, Diagnostic)
    assert str(problem.location) == "content/p.qmd:3"
    assert "cannot read the value" in problem.message


def test_skipped_documents_lists_every_file_named_like_a_document_with_why(
    tmp_path: Path,
) -> None:
    """`build` counts and `check` lists the files named like documents it did not take, in
    the order of the tree (a folder's files, then its folders), hidden ones left out; a
    folder below one starting with `_` is unpublished too, and a linked folder is not
    walked."""
    root = write_tree(
        tmp_path,
        {
            "posts/a/index.qmd": "# A\n",
            "posts/a/notes.md": "x\n",
            "posts/a/index.html.md": "x\n",
            "posts/README.md": "x\n",
            "posts/.hidden.md": "x\n",
            "posts/_ideas.qmd": "x\n",
            "posts/_drafts/deep/b.md": "x\n",
            "posts/c.qmd": "# C\n",
            "posts/.git/d.md": "x\n",
            "posts/notes.txt": "x\n",
        },
    )
    (root / "posts/link").symlink_to(root / "posts/_drafts")
    taken = [root / "posts/a/index.qmd", root / "posts/c.qmd"]
    assert skipped_documents(content_documents(root / "posts"), taken, root) == [
        ("posts/README.md", "Quarto renders no README.md"),
        ("posts/_ideas.qmd", "names starting with _ are not published (Quarto's rule)"),
        ("posts/_drafts/deep/b.md", "names starting with _ are not published (Quarto's rule)"),
        (
            "posts/a/index.html.md",
            "Quarto's intermediate file (keep-md or a paired notebook) of index.qmd",
        ),
        ("posts/a/notes.md", "a file of a folder post, published as it is"),
    ]
