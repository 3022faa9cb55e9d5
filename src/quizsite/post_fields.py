"""A post's front matter as `Post` fields: the `_metadata.yml` files above it merged under it,
then each key checked (title, date, tags, authors, aliases, texts, slug, display options), a
problem at the line of its key."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .errors import Diagnostic, SourceLocation, error, warning
from .look_keys import LOOKED_AT
from .metadata import (
    Author,
    DateReading,
    layered,
    numeric_date,
    read_authors,
    special_date,
    strftime_pattern,
    words_date,
)
from .metadata_files import metadata_file_layers
from .metadata_shortcodes import resolve_front_shortcodes
from .model import UNDATED
from .page_options import page_options
from .patterns import compile_later
from .quarto_project import metadata_layers, titled_by_heading
from .quarto_urls import document_url, page_file, page_slug, quarto_alias, quarto_slug
from .quiz import title_text
from .slugs import slugify_text, tag_slug
from .sources import FrontMatter, SourceFile, front_matter_lines
from .ui_words import document_words
from .urls import alias_path

if TYPE_CHECKING:
    from .look import Look

KNOWN_KEYS = frozenset(
    {
        "title",
        "date",
        "categories",
        "tags",
        "description",
        "subtitle",
        "author",
        "image",
        "image-alt",
        "draft",
        "slug",
        "aliases",
        "date-format",
        "toc",
        "toc-depth",
        "lang",
    }
)


# Slugs name folders of the output; file systems allow 255 bytes, and URLs should stay readable.
MAX_SLUG_LENGTH = 200


# Tried on the date with its commas and ordinal suffixes taken out ("March 22nd, 2021").
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%m/%d/%Y",
    # A date without its day (or month), as Quarto infers it when no full form reads it: the
    # first day of the month (or year).
    "%Y-%m",
    "%Y/%m",
    "%B %Y",
    "%b %Y",
    "%Y",
)
_ORDINAL = compile_later(r"(?<=\d)(?:st|nd|rd|th)\b")


def with_metadata(
    source: SourceFile, front: FrontMatter, problems: list[Diagnostic]
) -> tuple[FrontMatter, dict[str, tuple[str, int]]] | Diagnostic:
    """The front matter with the project's metadata (`_quarto.yml`) and the `_metadata.yml`
    files above the post merged under it, as Quarto merges them (the document wins), and
    where each top-level key was written."""
    found = metadata_layers(source)
    if isinstance(found, Diagnostic):
        return found
    lines = front_matter_lines(source)
    own, own_problems = metadata_file_layers(source, front.data, lines.get("metadata-files", 1))
    problems.extend(own_problems)
    layers = [*found, *own]
    # The root (a path worked out from the post's) only for layers to relocate files from.
    root = source.root if layers else None
    data, origins = layered(layers, front.data, source.rel, lines, root)
    if source.quarto and not source.page and _untitled_data(data):
        front, data = titled_by_heading(source.rel, front, data, origins)
        if _untitled_data(data):
            data = {**data, "title": _name_title(source.rel)}
            problems.append(_untitled(source.rel, data["title"]))
    if source.page and "listing" in data:  # its data files read, its options checked
        from .listing_data import listing_inputs

        data, listed = listing_inputs(source, data, origins)
        problems.extend(listed)
    return (front if data is front.data else front._replace(data=data)), origins


def _untitled_data(data: dict[str, Any]) -> bool:
    """Whether a document has no title: none written, or `title: ""` (which Quarto accepts)."""
    title = data.get("title")
    return title is None or (isinstance(title, str) and not title.strip())


def _name_title(rel: str) -> str:
    """A title from a document's name (its folder's, for an `index` document)."""
    parts = rel.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    name = parts[-2] if stem == "index" and len(parts) > 1 else stem
    return name.replace("-", " ").replace("_", " ").strip() or name


def _untitled(rel: str, title: str) -> Diagnostic:
    """The warning for a Quarto post with neither a title nor a `# heading` to take one from."""
    return warning(
        rel,
        1,
        f"no title and no '# heading' to take one from: listed as '{title}'",
        'add a line such as title: "..." to the front matter',
    )


Fail = Callable[[str, str, str], None]  # (key, message, hint): a problem at the key's line


def read_front_matter(
    source: SourceFile,
    front: FrontMatter,
    problems: list[Diagnostic],
    lines: dict[str, tuple[str, int]],
) -> dict[str, Any] | None:
    """Check and convert the front matter into Post fields; None when a required key is bad."""
    data = front.data
    rel = source.rel

    def fail(key: str, message: str, hint: str) -> None:
        problems.append(error(*lines.get(key, (rel, 1)), message, hint))

    def warn(key: str, message: str, hint: str) -> None:
        problems.append(warning(*lines.get(key, (rel, 1)), message, hint))

    data = resolve_front_shortcodes(source, data, warn)  # `{{< meta >}}` in a title, as Quarto
    title = _title(source, data, fail)
    reading = _checked_date(source, data, warn if source.quarto else fail, lines, problems)
    published, has_time = (reading.value, reading.has_time) if reading else (UNDATED, False)
    tags = _tags(data, fail)
    authors = _authors(data, fail, warn if source.quarto else None)
    aliases = _aliases(source, data, fail, warn)
    draft = _draft(data, fail)
    texts = _texts(data, fail)
    slug = _post_slug(source, data, fail)
    shown = _display_options(data, fail)
    look, look_problems = _look(source, data, lines)
    problems.extend(look_problems)
    if any(p.severity == "error" for p in problems) or slug is None:
        return None
    return {
        "location": SourceLocation(rel, 1),
        "slug": slug,
        "title": title_text(str(title).strip()) if source.quarto else str(title).strip(),
        "date": published,
        "has_time": has_time,
        "dated": reading is not None,
        "page": source.page,
        "tags": tuple(dict.fromkeys(tags)),
        "description": texts["description"],
        "subtitle": texts["subtitle"],
        "authors": tuple(a.name for a in authors),
        "author_urls": tuple(a.url for a in authors),
        **shown,
        "image": texts["image"],
        "image_alt": texts["image-alt"],
        "draft": draft,
        "aliases": aliases,
        "extra": _extra(data, draft),
        "look": look,
        "options": page_options(data, warn, document_words(data, lines, source, warn)),
    }


def _checked_date(
    source: SourceFile,
    data: dict[str, Any],
    report: Fail,
    lines: dict[str, tuple[str, int]],
    problems: list[Diagnostic],
) -> DateReading | None:
    """The front matter's date, if it can be read; one it cannot is reported: a warning in a
    Quarto document (Quarto builds it and shows no date), an error in quizsite's own posts,
    which are ordered by date."""
    reading = _read_date(source, data.get("date"), lines, problems)
    # `date: ""` in a Quarto document (a template's placeholder) is no date, as in Quarto.
    blank = source.quarto and isinstance(data.get("date"), str) and not data["date"].strip()
    if data.get("date") is not None and reading is None and not blank:
        report(
            "date",
            f"cannot read the date {data.get('date')!r}"
            + (": the post is listed as undated" if source.quarto else ""),
            "use YYYY-MM-DD, optionally with a time: 2024-05-17T08:30:00",
        )
    return reading


def _look(
    source: SourceFile, data: Mapping[str, Any], lines: Mapping[str, tuple[str, int]]
) -> tuple[Look | None, list[Diagnostic]]:
    """The document's look (look.py), read only when its metadata names any of it (a Quarto
    document also takes `_quarto.yml`'s comments); most posts: one set operation."""
    if not source.quarto and data.keys().isdisjoint(LOOKED_AT):
        return None, []
    from .look import post_look

    return post_look(source, data, lines)


def _title(source: SourceFile, data: dict[str, Any], fail: Fail) -> object:
    """The title as written (checked later for text); a page may have none, as in Quarto."""
    title = data.get("title")
    if source.page and (title is None or not str(title).strip()):
        return ""  # a post is listed by its title; a page need not have one (`title: ""`)
    if title is None or not str(title).strip():
        fail("title", "missing title", 'add a line such as title: "What does dropout do?"')
    elif not isinstance(title, str | int | float):
        fail("title", "title must be text", 'write it in quotes: title: "..."')
    return title


def _tags(data: dict[str, Any], fail: Fail) -> list[str]:
    """The names under `categories` and `tags` (Quarto's name and ours), in order."""
    tags: list[str] = []
    for key in ("categories", "tags"):
        value = data.get(key)
        values = [value] if isinstance(value, str | int | float) else value
        if value is None:
            continue
        if not isinstance(values, list) or not all(
            isinstance(v, str | int | float) for v in values
        ):
            fail(
                key,
                f"'{key}' must be a list of names",
                f"write {key}: [deep learning, optimization]",
            )
            continue
        names = [str(v).strip() for v in values if str(v).strip()]
        for name in names:
            if len(tag_slug(name)) > MAX_SLUG_LENGTH:
                fail(key, f"the tag {_shorten(name)!r} is too long for a URL", "shorten the tag")
        tags.extend(names)
    return tags


def _authors(data: dict[str, Any], fail: Fail, warn: Fail | None) -> tuple[Author, ...]:
    """The post's authors (names and links), or none when `author` cannot be read. In a
    Quarto document (`warn`), an author entry with no name (`id`, `orcid` and `email` only)
    is left out with a warning: Quarto renders the page, showing no name for it."""
    value = data.get("author")
    authors = read_authors(value)
    if authors is None and warn is not None and isinstance(value, list | dict):
        entries = value if isinstance(value, list) else [value]
        authors = read_authors([e for e in entries if read_authors(e) is not None])
        if authors is not None:
            warn(
                "author",
                "an author entry has no name: it is left out of the byline",
                "give it one: author: [{name: Ada Lovelace, orcid: …}]",
            )
            return authors
    if authors is None:
        fail(
            "author",
            "'author' must be a name, a list of names, or author entries with a name",
            'author: "Ada Lovelace", or author: [{name: Ada Lovelace, url: https://…}]',
        )
        return ()
    return authors


def _draft(data: dict[str, Any], fail: Fail) -> bool:
    """`draft`: true or false, also written quoted (`draft: 'true'`), which Quarto takes too."""
    draft = data.get("draft", False)
    if isinstance(draft, str) and draft.strip().lower() in ("true", "false"):
        return draft.strip().lower() == "true"
    if not isinstance(draft, bool):
        fail("draft", "'draft' must be true or false", "draft: true")
        return False
    return draft


def _extra(data: dict[str, Any], draft: bool) -> dict[str, Any]:
    """The front matter's keys quizsite does not read itself. A draft written quoted (`draft:
    'true'`, as nbdev_migrate writes fastpages' hidden posts) keeps its value here: Quarto's
    draft filter wants `true` itself, so the page is published, with no Draft banner, while
    listings, search and the sitemap take it as a draft: `draft-mode: unlinked` (drafts.py)."""
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    if draft and isinstance(data.get("draft"), str):
        extra["draft"] = data["draft"]
        if extra.get("draft-mode") != "visible":
            extra["draft-mode"] = "unlinked"
    return extra


def _aliases(source: SourceFile, data: dict[str, Any], fail: Fail, warn: Fail) -> tuple[str, ...]:
    """The post's old URLs, each checked to stay inside the output; one that is the
    document's own address is left out with a warning, as Quarto does."""
    value = data.get("aliases", ())
    aliases = (value,) if isinstance(value, str) else value
    if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
        fail("aliases", "'aliases' must be a list of URL paths", "aliases: [/old/url/]")
        return ()
    if source.quarto:  # Quarto reads a relative alias from the document's own folder
        written, aliases = aliases, [quarto_alias(source.rel, alias) for alias in aliases]
        own = page_file(document_url(source.rel))
        for alias in [w for w, a in zip(written, aliases, strict=True) if _own_name(w, own)]:
            warn(
                "aliases",
                f"alias {alias!r} is this page's own address: left out",
                "remove it from 'aliases'",
            )
        aliases = [a for a in aliases if alias_path(a, "/") != own]
    for alias in aliases:
        # An alias becomes a file of the output: `..` would write it outside the output.
        if problem := _alias_problem(alias):
            fail("aliases", f"alias {alias!r} {problem}", "aliases: [/old/url/]")
    return _one_per_file(aliases)


def _one_per_file(aliases: Sequence[str]) -> tuple[str, ...]:
    """The aliases, the first of those naming one redirect file (`old/` and `old`), which
    Quarto writes once."""
    if len(aliases) < 2:
        return tuple(aliases)
    unique: dict[str, str] = {}
    for alias in aliases:
        unique.setdefault(alias_path(alias, "/"), alias)
    return tuple(unique.values())


def _own_name(alias: str, own: str) -> bool:
    """Whether an alias is written as its document's own output file, relative to it
    (`index.html`): the only own-address alias Quarto (1.7 on) warns of, skipping the
    others (`/posts/a/`, `../a/`) without a word."""
    href = alias.split("#", 1)[0]
    if href.endswith("/"):
        href += "index.html"
    elif not posixpath.splitext(href)[1]:
        href += "/index.html"
    return href == posixpath.basename(own)


def _texts(data: dict[str, Any], fail: Fail) -> dict[str, str]:
    """The short text keys (description, subtitle, image and its alt text)."""
    texts = {}
    for key in ("description", "subtitle", "image", "image-alt"):
        value = data.get(key, "")
        if not isinstance(value, str | int | float):
            fail(key, f"'{key}' must be text", f'{key}: "..."')
            value = ""
        texts[key] = str(value)
    return texts


def _post_slug(source: SourceFile, data: dict[str, Any], fail: Fail) -> str | None:
    """The URL slug: a page's or a Quarto document's path, else from `slug` or the file."""
    if source.page:
        return page_slug(source)
    if source.quarto:
        return quarto_slug(source)
    return _slug(source, data.get("slug"), fail)


def _read_date(
    source: SourceFile,
    value: object,
    lines: dict[str, tuple[str, int]],
    problems: list[Diagnostic],
) -> DateReading | None:
    """The post's date (None: undated, or unreadable when a value was given)."""
    if value is None:
        return None
    reading = special_date(value, str(source.path))
    if reading is None and isinstance(value, str):
        reading = numeric_date(value)
    if reading is None:
        parsed, has_time = _parse_date(value)
        if parsed is None and isinstance(value, str):
            return words_date(value)  # Quarto's last resort: JavaScript's reading
        return DateReading(parsed, has_time) if parsed is not None else None
    if reading.ambiguous:
        problems.append(
            warning(
                *lines.get("date", (source.rel, 1)),
                f"ambiguous date {value!r} {reading.ambiguous}",
                f"write it as {reading.value.date().isoformat()} to say which date you mean",
            )
        )
    return reading


def _display_options(data: dict[str, Any], fail: Any) -> dict[str, Any]:
    """`date-format`, `toc`, `toc-depth` and `lang` as Post fields."""
    date_format = strftime_pattern(data.get("date-format")) or ""
    if data.get("date-format") is not None and not date_format:
        fail("date-format", "'date-format' must be text", "date-format: long")
    toc = data.get("toc", False)
    if not isinstance(toc, bool):
        fail("toc", "'toc' must be true or false", "toc: true")
        toc = False
    depth = data.get("toc-depth", 3)
    # 0 is valid in Quarto (tidymodels.org's pages): a contents list of no heading, none shown.
    if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= 6:
        fail("toc-depth", "'toc-depth' must be a whole number from 0 to 6", "toc-depth: 2")
        depth = 3
    lang = data.get("lang", "")
    if not isinstance(lang, str):
        fail("lang", "'lang' must be a language tag", "lang: en-GB")
        lang = ""
    return {"date_format": date_format, "toc_depth": depth if toc else 0, "lang": lang.strip()}


def _slug(source: SourceFile, value: object, fail: Any) -> str | None:
    """The URL slug: front-matter `slug`, else the file (or folder, for index.qmd) name."""
    if value is not None and not isinstance(value, str | int):
        fail("slug", "'slug' must be text", "slug: my-quiz")
        return None
    name = source.path.parent.name if source.is_folder_post else source.path.stem
    raw = str(value) if value is not None else name
    slug = slugify_text(raw)
    if not slug:
        fail("slug", f"cannot make a URL slug from {raw!r}", "add a line such as slug: my-quiz")
        return None
    if len(slug) > MAX_SLUG_LENGTH:
        # The slug names a folder of the output, and file systems refuse names over 255 bytes.
        fail(
            "slug",
            f"the URL slug made from {_shorten(raw)!r} is {len(slug)} characters long; "
            f"the most is {MAX_SLUG_LENGTH}",
            "add a line such as slug: my-quiz",
        )
        return None
    return slug


def _shorten(text: str, limit: int = 40) -> str:
    """`text`, cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def _alias_problem(alias: str) -> str | None:
    """Why an alias cannot be an address of this site, or None when it can."""
    parts = alias.replace("\\", "/").split("/")
    if any(part in (".", "..") for part in parts):
        return "must not contain . or .. segments"
    if any(ord(c) < 32 or c == "\x7f" for c in alias):
        return "must not contain control characters"
    if any(len(part.encode("utf-8")) > MAX_SLUG_LENGTH for part in parts):
        return f"has a part longer than {MAX_SLUG_LENGTH} bytes"
    return None


def _parse_date(value: object) -> tuple[datetime | None, bool]:
    """A naive datetime and whether a time was given; a date alone never shifts by time zone."""
    if isinstance(value, datetime):
        # Keep the wall-clock time the author wrote, whatever offset it carries.
        return value.replace(tzinfo=None), True
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), False
    if type(value) is int and 1000 <= value <= 9999:  # `date: 2021`, which YAML reads as a number
        value = str(value)
    if not isinstance(value, str):
        return None, False
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.replace(tzinfo=None), "T" in text or " " in text
    except ValueError:
        pass
    plain = " ".join(_ORDINAL.sub("", text.replace(",", " ")).split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(plain, fmt), False
        except ValueError:
            continue
    return None, False
