"""Quarto's `website: sidebar:` (docs sites): one sidebar or several (each with an `id` or
`title`), their `contents` (documents, links, `section:`s with their own contents, `---`
separators, and `auto` entries made from the documents of a folder or pattern), read from
`_quarto.yml`, then resolved against the site's documents into the navigation pages show.
Loaded only by a site with sidebars: `sidebar.py` picks the one each page shows."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import yaml

from .errors import Diagnostic, warning
from .quarto_names import place
from .quarto_project import lookup


@dataclass(frozen=True)
class Entry:
    """A sidebar entry as written: a link, a section (with entries), a separator, or `auto`
    (`href` then holds its folder or pattern, "" for every document)."""

    kind: str  # "link", "section", "separator" or "auto"
    text: str = ""
    href: str = ""
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Sidebar:
    """One sidebar as written."""

    id: str
    title: str
    entries: tuple[Entry, ...]
    collapse_level: int = 2


# ------------------------------------------------------------------------------------------------
# Reading `_quarto.yml`


def read_sidebars(website: yaml.Node) -> tuple[tuple[Sidebar, ...], list[Diagnostic]]:
    """The sidebars `website: sidebar:` defines, and what cannot be read of them."""
    node = lookup(website, ("sidebar",))
    # Quarto's schema takes a boolean too (`sidebar: false` in nbdev's sites): no sidebar.
    if node is None or node.tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"):
        return (), []
    problems: list[Diagnostic] = []
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    found = []
    for one in nodes:
        if not isinstance(one, yaml.MappingNode):
            problems.append(_warn(one, "a sidebar must be a set of options with contents:"))
            continue
        contents = lookup(one, ("contents",))
        entries = _entries(contents, problems) if contents is not None else ()
        problems += _not_shown(one)
        level = _text(one, "collapse-level")
        found.append(
            Sidebar(
                _text(one, "id"),
                _text(one, "title"),
                entries,
                int(level) if level.isdigit() else 2,
            )
        )
    return tuple(found), problems


def _not_shown(sidebar: yaml.Node) -> list[Diagnostic]:
    """A warning for each of a sidebar's `logo` and `tools`, which quizsite does not show."""
    found = []
    for key in ("logo", "tools"):
        node = lookup(sidebar, (key,))
        if node is not None and node.tag != "tag:yaml.org,2002:null":
            found.append(_warn(node, f"the sidebar's '{key}' is not shown: its contents are"))
    return found


def _text(node: yaml.Node, key: str) -> str:
    """A text option of a mapping ("" when absent or not text)."""
    value = lookup(node, (key,))
    return str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""


def _entries(node: yaml.Node, problems: list[Diagnostic]) -> tuple[Entry, ...]:
    """A `contents:` list (or a folder or pattern, as `auto` entries)."""
    if isinstance(node, yaml.ScalarNode):
        return (_scalar_entry(str(node.value).strip()),)
    if not isinstance(node, yaml.SequenceNode):
        problems.append(_warn(node, "a sidebar's contents must be a list"))
        return ()
    found = []
    for item in node.value:
        entry = _entry(item, problems)
        if entry is not None:
            found.append(entry)
    return tuple(found)


def _scalar_entry(text: str) -> Entry:
    """An entry written as text: `auto`, `---`, or a document or URL."""
    if text == "auto":
        return Entry("auto")
    if set(text) == {"-"}:
        return Entry("separator")
    # A folder or a pattern (`docs/cli/*.qmd`, quarto.org's): its documents.
    if any(c in text for c in "*?[") or (
        not text.endswith((".qmd", ".md", ".markdown", ".ipynb", ".html")) and "://" not in text
    ):
        return Entry("auto", href=text)
    return Entry("link", href=text)


def _entry(item: yaml.Node, problems: list[Diagnostic]) -> Entry | None:
    """One entry of a contents list."""
    if isinstance(item, yaml.ScalarNode):
        return _scalar_entry(str(item.value).strip())
    if not isinstance(item, yaml.MappingNode):
        problems.append(_warn(item, "this sidebar entry is not one quizsite reads: left out"))
        return None
    if lookup(item, ("section",)) is not None:
        contents = lookup(item, ("contents",))
        inner = _entries(contents, problems) if contents is not None else ()
        href = _text(item, "href") or _text(item, "file") or _text(item, "url")
        return Entry("section", _text(item, "section"), href, inner)
    if lookup(item, ("auto",)) is not None:
        return Entry("auto", href=_text(item, "auto").removeprefix("auto"))
    text, href = (
        _text(item, "text"),
        _text(item, "href") or _text(item, "file") or _text(item, "url"),
    )
    if text and set(text) == {"-"}:
        return Entry("separator")
    if not href:
        problems.append(_warn(item, "this sidebar entry has no href: left out"))
        return None
    return Entry("link", text, href)


def _warn(node: yaml.Node, message: str) -> Diagnostic:
    """A warning at a node of the project's settings."""
    return warning(*place(node), message, "see Quarto's website sidebar")


# ------------------------------------------------------------------------------------------------
# Resolved against the site's documents


@dataclass(frozen=True)
class EntryView:
    """A sidebar entry as pages show it: its text and URL, its entries, and every URL under
    it (a section holding the current page starts open)."""

    kind: str
    text: str
    url: str
    entries: tuple[EntryView, ...] = ()
    urls: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SidebarView:
    """A sidebar ready to show, and the pages it covers."""

    id: str
    title: str
    entries: tuple[EntryView, ...]
    covers: frozenset[str]
    everywhere: bool  # neither id nor title: shown on every page
    collapse_level: int = 2

    def neighbours(self, url: str) -> tuple[EntryView | None, EntryView | None]:
        """The pages before and after `url` in the sidebar's order, for Quarto's
        `page-navigation` (a separator ends a run: no link crosses it)."""
        runs: list[list[EntryView]] = [[]]
        for entry in _walk(self.entries):
            if entry.kind == "separator":
                runs.append([])
            elif entry.url and "//" not in entry.url and entry.url not in {e.url for e in runs[-1]}:
                runs[-1].append(entry)
        for run in runs:
            for index, entry in enumerate(run):
                if entry.url == url:
                    before = run[index - 1] if index else None
                    return before, run[index + 1] if index + 1 < len(run) else None
        return None, None


def _walk(entries: tuple[EntryView, ...]) -> list[EntryView]:
    """Every entry in reading order, sections before what they hold."""
    found: list[EntryView] = []
    for entry in entries:
        found.append(entry)
        found += _walk(entry.entries)
    return found


# A document of the site: (path from the root, its URL, its title).
Document = tuple[str, str, str]


def sidebar_views(
    sidebars: tuple[Sidebar, ...],
    documents: list[Document],
    link: Callable[[str, str], tuple[str, str]],
) -> tuple[SidebarView, ...]:
    """The sidebars resolved: `link(text, href)` gives a link's text and URL (a document's
    page and title, or the URL as written)."""
    views = []
    for one in sidebars:
        entries = tuple(e for entry in one.entries for e in _resolve(entry, documents, link))
        covers = frozenset(u for e in entries for u in (e.urls | {e.url}) if u)
        views.append(
            SidebarView(
                one.id, one.title, entries, covers, not one.id and not one.title, one.collapse_level
            )
        )
    return tuple(views)


def _resolve(
    entry: Entry, documents: list[Document], link: Callable[[str, str], tuple[str, str]]
) -> list[EntryView]:
    """An entry as views (an `auto` one as many)."""
    if entry.kind == "separator":
        return [EntryView("separator", "", "")]
    if entry.kind == "auto":
        return _auto(_matching(entry.href, documents))
    if entry.kind == "link":
        text, url = link(entry.text, entry.href)
        return [EntryView("link", text, url, (), frozenset({url}))] if url else []
    inner = tuple(e for child in entry.entries for e in _resolve(child, documents, link))
    text, url = link(entry.text, entry.href) if entry.href else (entry.text, "")
    urls = frozenset(u for e in inner for u in e.urls) | ({url} if url else set())
    return [EntryView("section", entry.text or text, url, inner, urls)]


def _matching(pattern: str, documents: list[Document]) -> list[Document]:
    """The documents an `auto` entry names: all, a folder's, or a pattern's."""
    pattern = pattern.strip().strip("/")
    if not pattern:
        return sorted(documents)
    if any(c in pattern for c in "*?["):
        return sorted(d for d in documents if fnmatch.fnmatch(d[0], pattern))
    return sorted(d for d in documents if d[0].startswith(pattern + "/"))


def _auto(documents: list[Document]) -> list[EntryView]:
    """Documents as entries: those of a folder as a section titled by its index document."""
    if not documents:
        return []
    top = min(d[0].count("/") for d in documents)
    views: list[EntryView] = []
    folders: dict[str, list[Document]] = {}
    for doc in documents:
        parts = doc[0].split("/")
        if len(parts) - 1 == top:
            views.append(EntryView("link", doc[2], doc[1], (), frozenset({doc[1]})))
        else:
            folders.setdefault("/".join(parts[: top + 1]), []).append(doc)
    for folder, inside in sorted(folders.items()):
        index = next((d for d in inside if posixpath.basename(d[0]).startswith("index.")), None)
        rest = [d for d in inside if d is not index]
        inner = tuple(_auto(rest))
        title = index[2] if index else posixpath.basename(folder).replace("-", " ").capitalize()
        url = index[1] if index else ""
        urls = frozenset(u for e in inner for u in e.urls) | ({url} if url else set())
        views.append(EntryView("section", title, url, inner, urls))
    return views


def documents_of(pages: Mapping[str, tuple[str, str]]) -> list[Document]:
    """The site's documents from (path from the root) -> (URL, title)."""
    return [(rel, url, title) for rel, (url, title) in pages.items()]
