"""What the reading list says about each resource beyond its title: where it is from (the
site, an arXiv id, a DOI) and what kind of thing it is, when its URL tells (a paper,
documentation, an article, a video); and which resources the quizzes of each tag cite.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote, urlsplit

_ARXIV = re.compile(r"^/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))")
_DOI = re.compile(r"(10\.\d{4,9}/[^\s?#]+)")
# Hosts whose pages are of one kind, by the end of the host name.
_KIND_HOSTS: tuple[tuple[str, str], ...] = (
    ("youtube.com", "video"),
    ("youtu.be", "video"),
    ("vimeo.com", "video"),
    ("videolectures.net", "video"),
    ("openreview.net", "paper"),
    ("aclanthology.org", "paper"),
    ("jmlr.org", "paper"),
    ("proceedings.mlr.press", "paper"),
    ("proceedings.neurips.cc", "paper"),
    ("papers.nips.cc", "paper"),
    ("papers.neurips.cc", "paper"),
    ("openaccess.thecvf.com", "paper"),
    ("dl.acm.org", "paper"),
    ("ieeexplore.ieee.org", "paper"),
    ("link.springer.com", "paper"),
    ("biorxiv.org", "paper"),
    ("semanticscholar.org", "paper"),
    ("readthedocs.io", "documentation"),
    ("readthedocs.org", "documentation"),
    ("developer.mozilla.org", "documentation"),
    ("distill.pub", "article"),
    ("medium.com", "article"),
    ("towardsdatascience.com", "article"),
    ("substack.com", "article"),
    ("thegradient.pub", "article"),
    ("wikipedia.org", "article"),
)
# Paths that say documentation or an article, whatever the host.
_DOC_PATH = re.compile(
    r"^/(?:[\w.-]+/)?(?:docs?|documentation|api_docs|api|reference|manual|stable|user_guide)"
    r"(?:/|$)|/(?:docs?|stable|generated|api)/",
    re.I,
)
_ARTICLE_PATH = re.compile(r"/(?:blog|posts?|articles?|news|tutorials?)(?:/|$)", re.I)


@cache
def describe(url: str) -> tuple[str, str]:
    """(source, kind) of a resource: `arXiv:1711.05101` or `doi:10.…` or the site's name, and
    `paper`, `documentation`, `article`, `video`, or "" when the URL does not tell."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path)
    if host.endswith("arxiv.org") and (match := _ARXIV.match(path)):
        return f"arXiv:{match.group(1)}", "paper"
    if host in ("doi.org", "dx.doi.org") and (match := _DOI.search(path)):
        return f"doi:{match.group(1)}", "paper"
    if (match := _DOI.search(path)) and "/doi/" in path:
        return f"doi:{match.group(1)}", "paper"
    return host, _kind(host, path)


def _kind(host: str, path: str) -> str:
    """What a page is, by its host or path; "" when they do not tell."""
    for suffix, kind in _KIND_HOSTS:
        if host == suffix or host.endswith("." + suffix):
            return kind
    if path.lower().endswith(".pdf"):
        return "paper"
    if host.startswith(("docs.", "doc.", "api.")) or _DOC_PATH.search(path):
        return "documentation"
    if host.startswith("blog.") or _ARTICLE_PATH.search(path):
        return "article"
    return ""
