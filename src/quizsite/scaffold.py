"""Starting points for authors: a whole new blog, or a new quiz post to fill in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from .config import CONFIG_NAME, load_config
from .errors import BuildFailed, UsageError
from .quarto_names import QUARTO_NAMES
from .slugs import slugify_text

# Where each file of a new site comes from in scaffold_files/site/. The templates avoid
# leading dots in their names: a `.gitignore` inside the package would act on the checkout.
_SITE_FILES = {
    CONFIG_NAME: "quizsite.toml",
    ".gitignore": "gitignore",
    ".github/workflows/deploy.yml": "deploy.yml",
    "content/posts/the-scaler-that-saw-the-test-set.qmd": (
        "posts/the-scaler-that-saw-the-test-set.qmd"
    ),
    "content/posts/a-defect-detector-that-never-says-defect.qmd": (
        "posts/a-defect-detector-that-never-says-defect.qmd"
    ),
}
_DEFAULT_TITLE = "Quiz blog"
# Inside quotes YAML folds these into spaces (or drops them), so they are always escaped.
_YAML_BREAKS = "\t\n\r\x85\u2028\u2029"
# Characters YAML accepts unescaped inside a double-quoted scalar (its "printable" set).
_YAML_PRINTABLE = re.compile("[\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _template(name: str) -> str:
    """The text of one file shipped in scaffold_files/."""
    return (resources.files("quizsite") / "scaffold_files" / name).read_text(encoding="utf-8")


def site_title(directory: Path) -> str:
    """A readable site title from the folder name: `ml-quizzes` becomes "Ml quizzes"."""
    words = " ".join(re.split(r"[-_\s]+", directory.resolve().name)).strip()
    return words[:1].upper() + words[1:] if words else _DEFAULT_TITLE


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, quotes included."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as exactly `text`."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif not _YAML_PRINTABLE.fullmatch(char) or char in _YAML_BREAKS:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _yaml_flow_item(text: str) -> str:
    """A tag as an item of a `[a, b]` list: bare when YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"[{text}]") == [text]:
            return text
    except yaml.YAMLError:
        pass
    return yaml_string(text)


def new_site(directory: Path) -> tuple[Path, ...]:
    """Create a ready-to-build blog in `directory` (absent or empty); return the files written."""
    if directory.is_symlink() and not directory.exists():
        raise UsageError(f"{directory} is a symbolic link to nothing; remove it or pick another")
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise UsageError(
            f"refusing to create a site in {directory}: the folder is not empty. "
            "Choose a new folder name, or empty this one."
        )
    title = site_title(directory)
    written = []
    for target, name in _SITE_FILES.items():
        text = _template(f"site/{name}")
        if target == CONFIG_NAME:
            text = Template(text).substitute(title=toml_string(title))
        path = directory / target
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:  # an unwritable parent, a full disk
            raise UsageError(f"cannot create {path}: {exc.strerror}") from None
        written.append(path)
    return tuple(written)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from a comma-separated list (`a, b`), blanks and repeats dropped, order kept."""
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def post_text(title: str, tags: Sequence[str], day: date) -> str:
    """The skeleton of a quiz post: front matter, question, four options and the answer."""
    categories = "[" + ", ".join(_yaml_flow_item(tag) for tag in tags) + "]"
    return Template(_template("post.qmd")).substitute(
        title=yaml_string(title), date=day.isoformat(), categories=categories
    )


def new_post(
    title: str, site: Path, tags: Sequence[str] = (), *, today: date | None = None
) -> Path:
    """Write `<content>/posts/<slug>.qmd` under the site root `site` as a draft; return its path."""
    title = title.strip()
    if not title:
        raise UsageError('the post needs a title, e.g. quizsite new post "What does dropout do?"')
    if not site.is_dir():
        raise UsageError(f"{site} is not a folder")
    if not any((site / name).exists() for name in ("content", CONFIG_NAME, *QUARTO_NAMES)):
        raise UsageError(
            f"{site} does not look like a quizsite site (no content/ folder or {CONFIG_NAME}); "
            "run this in the site's folder or pass --path"
        )
    try:
        content = site / load_config(site).content  # as spelled: the path is printed
    except BuildFailed as failure:
        raise UsageError(f"{site}: {failure.diagnostics[0].format()}") from None
    slug = _file_slug(title)
    if not slug:
        raise UsageError(
            f"cannot make a file name from the title {title!r}; include some letters or digits"
        )
    # A Quarto blog's content folder is posts/ itself; quizsite's own layout is content/posts/.
    posts = content if content.name == "posts" else content / "posts"
    path = posts / f"{slug}.qmd"
    # A post of another form with the same name would claim the same URL.
    for taken in (path, posts / f"{slug}.md", posts / slug):
        if taken.exists():
            raise UsageError(f"refusing to overwrite {taken}: it already exists")
    text = post_text(title, tags, today or date.today())
    try:
        posts.mkdir(parents=True, exist_ok=True)
        # "x" mode fails rather than overwrite a file that appeared since the check above.
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise UsageError(f"refusing to overwrite {path}: it already exists") from None
    except OSError as exc:
        raise UsageError(f"cannot create {path}: {exc.strerror}") from None
    return path


# File systems allow 255 bytes a name; a slug this long is already more than a URL wants.
MAX_FILE_SLUG = 80


def _file_slug(title: str) -> str:
    """The slug naming a new post's file: the title's, cut at a word within MAX_FILE_SLUG."""
    slug = slugify_text(title)
    if len(slug) <= MAX_FILE_SLUG:
        return slug
    cut = slug[: MAX_FILE_SLUG + 1].rpartition("-")[0]
    return cut or slug[:MAX_FILE_SLUG]
