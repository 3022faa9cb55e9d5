"""Rich HTML outputs whose scripts only add to what they show (Colab's DataFrame, array and
function reprs): the HTML is shown without its scripts, as a reader of Quarto's page sees it.

quizsite runs no script from a notebook's output. An output whose HTML draws nothing without
its script (a Plotly or Altair plot: an empty `<div>` and a script) is left for its static
form, as before. One whose HTML shows a table, a picture or text without its script is shown
so, its scripts left out: a script written for Colab (it calls `google.colab`) fails on any
other page, Quarto's included, so leaving it out loses nothing; any other is named in a warning.
"""

from __future__ import annotations

import re

_SCRIPT_ELEMENT = re.compile(r"<script\b.*?(?:</script\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_STYLE_ELEMENT = re.compile(r"<style\b.*?(?:</style\s*>|\Z)", re.IGNORECASE | re.DOTALL)
# Elements that show something without a script.
_SHOWN = re.compile(r"<(?:img|svg|table|pre|video|audio|iframe|math)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_COLAB = "google.colab"


def shows_without_scripts(html: str) -> bool:
    """True when the HTML shows something with its scripts left out: an element that needs no
    script (a table, an image, preformatted text) or text outside tags and styles."""
    rest = _STYLE_ELEMENT.sub("", _SCRIPT_ELEMENT.sub("", html))
    return bool(_SHOWN.search(rest) or _TAG.sub("", rest).strip())


def without_scripts(html: str) -> tuple[str, bool]:
    """The HTML with its `<script>` elements left out, and whether any left out would have run
    on a page outside Colab (so the reader loses something: worth a warning)."""
    scripts = _SCRIPT_ELEMENT.findall(html)
    lost = any(_COLAB not in script for script in scripts)
    return _SCRIPT_ELEMENT.sub("", html), lost
