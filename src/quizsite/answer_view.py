"""The answer callout's summary says what it does now: "Show the answer" while closed, "Hide
the answer" once open (CSS picks the words from the `<details>` state, so no script is needed).

Authors title their answer callouts "Expand to see the answer", "Answer", "Solution": once the
answer is open, "Expand to see the answer" is wrong. Such generic titles give way to the two
states; a title of the author's own ("Why the loss diverged") stays, followed by the state.
"""

from __future__ import annotations

import re
from html import unescape

# The answer's title as the callout renders it, after an optional icon and hidden kind.
_TITLE = re.compile(
    r'(<summary class="callout-header">.*?<span class="callout-title">'
    r'(?:<span class="visually-hidden callout-kind">[^<]*</span>)?)(.*?)(</span></summary>)',
    re.S,
)
_TAGS = re.compile(r"<[^>]+>")
# Titles that say only "here is the answer": the callout kinds' default titles, and phrases
# around "answer" or "solution" of a few words ("Click to reveal the answer").
_GENERIC = re.compile(
    r"^(?:note|tip|warning|caution|important|"
    r"(?:\w+\s+){0,5}(?:answers?|solutions?)(?:\s+(?:and|&)\s+explanations?)?(?:\s+\w+){0,2})$"
)
# The open state's words are `hidden`, so that read without the theme's styles (a feed reader,
# reader mode) the summary says only how to open the answer; the theme shows each by state.
STATES = (
    '<span class="answer-when-closed">{closed}</span>'
    '<span class="answer-when-open" hidden>{opened}</span>'
)


def with_state(html: str) -> str:
    """The answer block `html` with its summary telling its state (show or hide the answer)."""
    html = str.__str__(html)  # plain text: joining pieces to `Markup` would escape them
    match = _TITLE.search(html)
    if match is None:
        return html
    title = match.group(2)
    words = " ".join(re.findall(r"[\w&]+", unescape(_TAGS.sub("", title)).lower()))
    if not words or _GENERIC.match(words):
        shown = STATES.format(closed="Show the answer", opened="Hide the answer")
    else:
        state = STATES.format(closed="show", opened="hide")
        shown = f'{title}<span class="answer-state"> ({state})</span>'
    return html[: match.start(2)] + shown + html[match.end(2) :]
