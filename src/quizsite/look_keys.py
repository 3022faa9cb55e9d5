"""Which of Quarto's HTML and website options quizsite applies, which it knows to be harmless
to leave out, and which change what a reader sees yet are not applied: those are a warning at
the line that sets them, once per file (names from Quarto's schema, quarto-cli
src/resources/schema)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import Diagnostic, warning

# The document options the look applies (look.py and its parts).
LOOK_KEYS = frozenset(
    {
        "theme",
        "css",
        "mainfont",
        "monofont",
        "fontsize",
        "linkcolor",
        "fontcolor",
        "backgroundcolor",
        "max-width",
        "include-in-header",
        "include-before-body",
        "include-after-body",
        "comments",
        "title-block-banner",
        "title-block-banner-color",
        "page-layout",
        "sidebar",
        "back-to-top-navigation",
        "page-navigation",
    }
)

# Options that change nothing a reader of a quizsite page sees, left out without a word:
# scrolling, packaging of the output, the math engine (quizsite writes MathML), e-mail
# obfuscation, comments stripped from the HTML, and the reader's colour scheme (which
# quizsite follows for a light and dark theme).
ACCEPTED = frozenset(
    {
        "smooth-scroll",
        "email-obfuscation",
        "html-math-method",
        "self-contained",
        "embed-resources",
        "standalone",
        "strip-comments",
        "keep-md",
        "keep-ipynb",
        "respect-user-color-scheme",
        "minimal",
        "search",
        "google-scholar",
        "open-graph",
        "twitter-card",
        "canonical-url",
    }
)

# Options that change what a reader sees and that quizsite does not apply, with what it
# shows instead. (The code options quizsite applies are read in code_look.py and
# code_lines.py; the repository links in repo_links.py.)
NOT_APPLIED: dict[str, str] = {
    "code-link": "code is not linked to its documentation",
    "code-links": "no code links are shown",
    "title-block-style": "the title block keeps the theme's style",
    "title-block-categories": "categories are shown under the title",
    "linestretch": "lines keep the theme's spacing",
    "margin-left": "the page keeps the theme's margins",
    "margin-right": "the page keeps the theme's margins",
    "margin-top": "the page keeps the theme's margins",
    "margin-bottom": "the page keeps the theme's margins",
    "reader-mode": "there is no reader mode toggle",
    "other-links": "no other links are listed",
    "fig-cap-location": "",
    "tbl-cap-location": "",
    "mermaid": "diagrams keep Mermaid's default theme",
    "brand": "no _brand.yml colours or fonts are applied",
    "template-partials": "the page keeps quizsite's own title block and layout",
}
# Those another part of quizsite applies (figures, tables): never warned of here.
NOT_APPLIED = {k: v for k, v in NOT_APPLIED.items() if v}
# What a document's look reads, or warns of: a document naming none of it has no look.
LOOKED_AT = LOOK_KEYS | NOT_APPLIED.keys()

# `website:` options, the same way (those quizsite applies: in config.py and site_chrome.py).
WEBSITE_NOT_APPLIED: dict[str, str] = {
    "announcement": "no announcement banner is shown",
    "plausible-analytics": "no analytics script is included (include-in-header can add it)",
    "bread-crumbs": "no breadcrumbs are shown",
    "reader-mode": "there is no reader mode toggle",
    "margin-header": "nothing is shown above the margin",
    "margin-footer": "nothing is shown below the margin",
    "other-links": "no other links are listed",
}
WEBSITE_ACCEPTED = frozenset(
    {
        "draft-mode",
        "title",
        "description",
        "site-url",
        "site-path",
        "favicon",
        "navbar",
        "page-footer",
        "body-header",
        "body-footer",
        "sidebar",
        "comments",
        "back-to-top-navigation",
        "page-navigation",
        "search",
        "open-graph",
        "twitter-card",
        "image",
        "image-alt",
        "llms-txt",
        "repo-branch",
        "repo-subdir",
        "language",
    }
)


def key_warnings(
    data: Mapping[str, Any], origins: Mapping[str, tuple[str, int]], doc_rel: str
) -> list[Diagnostic]:
    """One warning per option set that changes the page and is not applied (each at the file
    and line that set it; a file's warnings are the same for every document it reaches)."""
    found = []
    if filters := filter_warning(data.get("filters"), *origins.get("filters", (doc_rel, 1))):
        found.append(filters)
    for key in data.keys() & NOT_APPLIED.keys():
        if data[key] is None or data[key] is False:
            continue  # turned off: quizsite shows nothing of it either
        path, line = origins.get(key, (doc_rel, 1))
        found.append(
            warning(
                path,
                line,
                f"'{key}' is not applied: {NOT_APPLIED[key]}",
                "quizsite leaves this Quarto option out; remove it to silence this warning",
            )
        )
    return sorted(found, key=lambda d: (d.location.path, d.location.line or 0))


# Filters whose work quizsite does itself: Quarto's own (the place of the others in the
# order), and the lightbox extension's (`lightbox:`, page_options.py).
_FILTERS_APPLIED = frozenset({"quarto", "lightbox"})


def filter_warning(value: object, path: str, line: int) -> Diagnostic | None:
    """The warning for `filters:` (Pandoc's Lua filters, an extension's or the author's),
    which quizsite does not run; None when it names none that it does not do itself."""
    items = value if isinstance(value, list) else [value] if value else []
    names = [_filter_name(item) for item in items]
    left = [name for name in names if name and name not in _FILTERS_APPLIED]
    if not left:
        return None
    return warning(
        path,
        line,
        f"'filters' are not run: {', '.join(left)}; the document is rendered without them",
        "quizsite does not run Lua filters; remove them to silence this warning",
    )


def _filter_name(item: object) -> str:
    """A filter's name as written (`diagram`, `quarto-ext/lightbox`, `x.lua`, `{path: x.lua}`),
    its extension's last part."""
    if isinstance(item, dict):
        item = item.get("path", "")
    name = str(item or "").strip()
    return name.rsplit("/", 1)[-1]
