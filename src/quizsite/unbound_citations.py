"""Citations in a document that names no bibliography: `[@rectified_flow]` in a notebook
with no `bibliography:` anywhere. Pandoc keeps such a citation as it is written, so the page
shows `[@rectified_flow]`; quizsite does the same, and says so at the citation's line."""

from __future__ import annotations

import re

from .citations import is_crossref
from .errors import Diagnostic, warning

# A bracketed citation: `[@key]`, `[see @key, p. 3]`, `[-@key]`; the `@` starts a word (an
# e-mail address inside brackets is not one), and the brackets are not a link's text
# (`[@karpathy](https://...)`, a handle).
_CITATION = re.compile(
    r"\[(?:[^\[\]]*?[\s;])?-?@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)[^\[\]]*\](?![(\[{])"
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).*?\1")


def unbound_citations(body: str, project: str = "_quarto.yml") -> list[Diagnostic]:
    """A warning at the first bracketed citation of a body read without a bibliography
    (at its 0-based body line), its hint naming the project's file `project`; none when
    there is no `[@` outside code."""
    if "@" not in body or not re.search(r"\[[^\[\]]*@", body):
        return []
    fenced = False
    for number, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or "@" not in line:
            continue
        for match in _CITATION.finditer(_CODE_SPAN.sub("", line)):
            key = match.group(1).rstrip(".:")
            if not is_crossref(key):
                return [
                    warning(
                        "",
                        number,
                        f"citation [@{key}] but the document names no bibliography: "
                        "shown as written, as Pandoc does",
                        "add `bibliography: references.bib` to its front matter or to "
                        f"{project}, or write the reference out",
                    )
                ]
    return []
