"""Quarto's repository links (`website: repo-url` with `repo-actions: [edit, source, issue]`):
"Edit this page", "View source" and "Report an issue" on each page, made as Quarto makes them
from `repo-branch` (default `main`), `repo-subdir` and `issue-url`, with `repo-link-target`
and `repo-link-rel` on the links. A document may set its own `repo-url`, or `repo-actions:
false` for none. Only a Quarto project naming a repository pays for any of it."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .errors import Diagnostic, warning
from .quarto_names import QUARTO_NAME
from .sources import SourceFile
from .ui_words import ENGLISH_WORDS, document_words

_WORDS = {"edit": "Edit this page", "source": "View source", "issue": "Report an issue"}


class RepoLinks(NamedTuple):
    """A page's repository links, each (words, URL), with the links' target and rel."""

    links: tuple[tuple[str, str], ...]
    target: str = ""
    rel: str = ""
    actions: tuple[str, ...] = ()  # each link's action (`edit`, `source`, `issue`)

    def url(self, action: str) -> str:
        """The URL of one action's link ("" when the page has none)."""
        found = zip(self.actions, self.links, strict=True)
        return next((url for name, (_, url) in found if name == action), "")


def repo_links(
    source: SourceFile, data: Mapping[str, Any], origins: Mapping[str, tuple[str, int]]
) -> tuple[RepoLinks | None, list[Diagnostic]]:
    """The repository links of a document of a Quarto project (None when it has none), and
    a warning at each value that cannot be read."""
    if not source.quarto:
        return None, []
    from .look import website_value

    def site(key: str) -> tuple[Any, tuple[str, int]]:
        """A `website:` value with where it was set (the document's own key wins)."""
        if key in data:
            return data[key], origins.get(key, (source.rel, 1))
        # A value not set is None, of which no warning speaks: its place is never shown.
        return website_value(source.root, key) or (None, (QUARTO_NAME, 1))

    url, _ = site("repo-url")
    actions, where = site("repo-actions")
    issue_url, _ = site("issue-url")
    if actions is None or actions is False or not (url or issue_url):
        return None, []
    problems: list[Diagnostic] = []
    names = _actions(actions, where, problems)
    path = _source_path(source.rel, site("repo-subdir")[0])
    branch = str(site("repo-branch")[0] or "main").strip()
    made = _links(names, str(url or "").strip().rstrip("/"), branch, path, str(issue_url or ""))
    if not made:
        return None, problems
    target, rel = site("repo-link-target")[0], site("repo-link-rel")[0]
    words = document_words(data, origins, source) or ENGLISH_WORDS  # the page's language
    links = tuple((words[f"repo-action-links-{name}"], link) for name, link in made)
    actions = tuple(name for name, _ in made)
    return RepoLinks(links, str(target or ""), str(rel or ""), actions), problems


def _actions(value: object, where: tuple[str, int], problems: list[Diagnostic]) -> list[str]:
    """The actions named (`edit`, `source`, `issue`; one or a list), each known one once."""
    names = value if isinstance(value, list) else [value]
    known = []
    for name in names:
        text = str(name).strip().lower()
        if text in _WORDS and text not in known:
            known.append(text)
        elif text not in _WORDS:
            problems.append(
                warning(
                    *where,
                    f"'repo-actions': unknown action {name!r} is left out",
                    "use edit, source and issue",
                )
            )
    return known


def _source_path(rel: str, subdir: object) -> str:
    """The document's path in the repository (under `repo-subdir`)."""
    folder = str(subdir).strip().strip("/") if subdir else ""
    return posixpath.join(folder, rel) if folder else rel


def _links(
    names: list[str], url: str, branch: str, path: str, issue_url: str
) -> tuple[tuple[str, str], ...]:
    """Each action and its URL, as Quarto writes them for a GitHub repository (an
    action needing the repository is left out when only `issue-url` is given)."""
    made: dict[str, Callable[[], str]] = {
        "edit": lambda: f"{url}/edit/{branch}/{path}",
        "source": lambda: f"{url}/blob/{branch}/{path}",
        "issue": lambda: issue_url.strip() or f"{url}/issues/new",
    }
    return tuple((name, made[name]()) for name in names if url or (name == "issue" and issue_url))
