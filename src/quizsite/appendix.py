"""Quarto's appendix blocks under a document: `license` ("Reuse", a Creative Commons
abbreviation as its link), `copyright` and `citation` ("Citation": a BibTeX entry and the
words to cite the page by, Chicago author-date as Quarto writes them). Read once per
document; the citation takes the page's URL when the page is rendered."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from .ui_words import ENGLISH_WORDS, UiWords
from .urls import format_date

Warn = Callable[[str, str, str], None]  # (key, message, hint): a warning at the key's line

# Creative Commons abbreviations Quarto links ("CC BY-SA", version 4.0 unless one is given).
_CC = re.compile(r"CC ?(0|BY(?:-NC)?(?:-SA|-ND)?)(?: ([1-4]\.0))?$")


@dataclass(frozen=True)
class Citation:
    """What `citation:` adds to what the page knows of itself (its URL, DOI, BibTeX type)."""

    url: str = ""
    doi: str = ""
    kind: str = "online"


@dataclass(frozen=True)
class Appendix:
    """The appendix blocks a document asks for, as HTML (the citation made when rendered)."""

    license_html: str = ""
    copyright_html: str = ""
    citation: Citation | None = None
    plain: bool = False  # `appendix-style: plain`: the page's own text style, not the appendix's
    words: UiWords = ENGLISH_WORDS  # its headings' and labels' language (ui_words.py)

    def html(
        self, title: str, authors: Sequence[str], date_iso: str, url: str, lang: str = "en"
    ) -> Markup:
        """The appendix of the page `url` (absolute, or "" when the site has no address)."""
        style = "post-appendix appendix-plain" if self.plain else "post-appendix"
        parts = [f'<section class="{style}" aria-label="Appendix">']
        heading = '<h2 class="appendix-heading">{}</h2>\n'
        if self.license_html:
            parts.append(heading.format(escape(self.words["section-title-reuse"])))
            parts[-1] += self.license_html
        if self.copyright_html:
            parts.append(heading.format(escape(self.words["section-title-copyright"])))
            parts[-1] += self.copyright_html
        if self.citation is not None:
            page = (title, authors, date_iso, url, lang)
            parts.append(_citation_html(self.citation, *page, self.words))
        parts.append("</section>")
        return Markup("\n".join(parts))


def read_appendix(
    data: Mapping[str, Any], warn: Warn, words: UiWords | None = None
) -> Appendix | None:
    """The appendix a document's metadata asks for; None when it asks for none, or turns it
    off (`appendix-style: none`, Quarto's way to leave out Reuse and Citation)."""
    style = data.get("appendix-style")
    if style not in (None, "default", "plain", "none"):
        warn(
            "appendix-style",
            "'appendix-style' must be default, plain or none: it is left out",
            "appendix-style: plain",
        )
    appendix = Appendix(
        _license(data.get("license"), warn),
        _copyright(data.get("copyright"), warn),
        _citation(data.get("citation"), warn),
    )
    if appendix == Appendix() or style == "none":
        return None
    return dataclasses.replace(appendix, plain=style == "plain", words=words or ENGLISH_WORDS)


def _license(value: object, warn: Warn) -> str:
    """`license`: a Creative Commons abbreviation as its link, else its text (and `url`)."""
    if value is None or value is False:
        return ""
    text, url = (value.get("text"), value.get("url")) if isinstance(value, dict) else (value, None)
    if isinstance(text, str) and not url and (found := _CC.match(text.strip().upper())):
        url, text = _creative_commons(found.group(1), found.group(2) or "4.0")
    if not isinstance(text, str) or not text.strip():
        if isinstance(url, str) and url.strip():
            text = url
        else:
            warn(
                "license",
                "'license' must be text, or text and a url: it is left out",
                'license: "CC BY"',
            )
            return ""
    words = escape(" ".join(text.split()))
    if isinstance(url, str) and url.strip():
        return f'<p class="appendix-license"><a rel="license" href="{escape(url.strip())}">{words}</a></p>'
    return f'<p class="appendix-license">{words}</p>'


def _creative_commons(kind: str, version: str) -> tuple[str, str]:
    """A Creative Commons license's link and name ("0" is the public domain dedication)."""
    if kind == "0":
        return "https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"
    return f"https://creativecommons.org/licenses/{kind.lower()}/{version}/", f"CC {kind} {version}"


def _copyright(value: object, warn: Warn) -> str:
    """`copyright`: its statement, or "© year holder"."""
    if value is None or value is False:
        return ""
    if isinstance(value, str | int) and str(value).strip():
        return f'<p class="appendix-copyright">{escape(str(value).strip())}</p>'
    if isinstance(value, dict):
        statement = value.get("statement")
        if isinstance(statement, str) and statement.strip():
            return f'<p class="appendix-copyright">{escape(statement.strip())}</p>'
        year, holder = value.get("year"), value.get("holder")
        years = ", ".join(map(str, year)) if isinstance(year, list) else str(year or "")
        if holder or years:
            text = " ".join(part for part in ("©", years, str(holder or "")) if part)
            return f'<p class="appendix-copyright">{escape(text)}</p>'
    warn(
        "copyright",
        "'copyright' must be a statement, or a holder and year: it is left out",
        'copyright: "© 2024 A. Author"',
    )
    return ""


def _citation(value: object, warn: Warn) -> Citation | None:
    """`citation: true`, or its fields (`url`, `doi`, `type`) over the page's own."""
    if value is None or value is False:
        return None
    if value is True:
        return Citation()
    if isinstance(value, dict):
        kind = str(value.get("type", "")).strip()
        return Citation(
            url=str(value.get("url", "") or "").strip(),
            doi=str(value.get("doi", "") or "").strip(),
            kind=_BIBTEX_TYPES.get(kind, "online"),
        )
    warn(
        "citation",
        "'citation' must be true or the citation's fields: it is left out",
        "citation: true",
    )
    return None


# CSL types (`citation: type:`) as BibTeX entry types; any other is `online`, as for a web page.
_BIBTEX_TYPES = {
    "article-journal": "article",
    "article": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "thesis": "phdthesis",
}


def _citation_html(
    citation: Citation,
    title: str,
    authors: Sequence[str],
    date_iso: str,
    url: str,
    lang: str,
    ui: UiWords,
) -> str:
    """The "Citation" block: a BibTeX entry and the words to cite the page by."""
    url = citation.url or (url if url.startswith(("http://", "https://")) else "")
    names = [_inverted(name) for name in authors if name.strip()]
    year = date_iso[:4]
    fields = [
        ("author", " and ".join(names)),
        ("title", title),
        ("date", date_iso),
        ("url", url),
        ("doi", citation.doi),
        ("langid", lang or "en"),
    ]
    key = (
        re.sub(r"\W", "", (names[0].split(",")[0] if names else title.split(" ")[0]).lower()) + year
    )
    bibtex = (
        f"@{citation.kind}{{{key},\n"
        + ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        + "\n}"
    )
    people = [name.strip() for name in authors if name.strip()]
    when = _when(date_iso, lang)
    words = _attribution(names[:1] + people[1:], year, title, when, url, citation.doi)
    return (
        f'<h2 class="appendix-heading">{escape(ui["section-title-citation"])}</h2>\n'
        f'<p class="appendix-label">{escape(ui["appendix-attribution-bibtex"])}</p>\n'
        f'<pre class="appendix-bibtex"><code>{escape(bibtex)}</code></pre>\n'
        f'<p class="appendix-label">{escape(ui["appendix-attribution-cite-as"])}</p>\n'
        f'<p class="appendix-attribution">{words}</p>'
    )


def _inverted(name: str) -> str:
    """A name as a bibliography lists it: "Family, Given" (its last word the family name)."""
    given, _, family = name.strip().rpartition(" ")
    return f"{family}, {given}" if given else family


def _when(date_iso: str, lang: str) -> str:
    """The page's date as the attribution gives it ("August 3, 2024. "; "3 août 2024. " in
    French), "" for an undated page."""
    if len(date_iso) < 10:
        return ""
    day = datetime(int(date_iso[:4]), int(date_iso[5:7]), int(date_iso[8:10]))
    return format_date(day, "%B %-d, %Y", lang) + ". "


def _attribution(names: list[str], year: str, title: str, when: str, url: str, doi: str) -> Markup:
    """Chicago author-date, as Quarto's citation appendix words it (the first author's name
    inverted, the others' not); `when`: the page's date, or ""."""
    who = ", ".join(names[:-1]) + ", and " + names[-1] if len(names) > 1 else "".join(names)
    link = f"https://doi.org/{doi}" if doi else url
    text = (
        escape(f"{who}. {year}. “{title}.” {when}") if who else escape(f"“{title}.” {year}. {when}")
    )
    if link:
        text += Markup('<a href="{0}">{0}</a>.').format(link)
    return Markup(text.strip())
