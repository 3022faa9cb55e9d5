"""Quarto's conditional content: `.content-visible` and `.content-hidden` divs and spans, kept
or left out as Quarto renders an HTML page. The conditions: `when-format`/`unless-format`
(an HTML page is `html`, `html4`, `html5` and `html:js`), `when-meta`/`unless-meta` (a
metadata key, dotted for nested ones, set to true), `when-profile`/`unless-profile` (the
project's active profiles, as quarto_profiles.py finds them). A hidden one leaves nothing;
a visible one stays as written."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .documents import PROFILES_KEY, PROJECT_KEY
from .shortcodes import META_KEY
from .tokens import matching_close

_KINDS = ("content-visible", "content-hidden")
# The format names an HTML page answers to.
_HTML = frozenset({"html", "html4", "html5", "html:js"})


def conditional_plugin(md: MarkdownIt) -> None:
    """Leave out the hidden content, once the blocks and their inlines are parsed."""
    md.core.ruler.after("inline", "quarto_conditional", _conditional)


def _conditional(state: StateCore) -> None:
    """Take the hidden divs and spans out of the token stream (a document without either
    class costs one lookup)."""
    if "content-" not in state.src:
        return
    holds_now = _Conditions(state.env)
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "fenced_div_open" and _kind(_div_classes(token)):
            if _hidden(_div_classes(token), _div_pairs(token), holds_now):
                del tokens[index : matching_close(tokens, index) + 1]
                continue
        elif token.type == "inline" and token.children:
            token.children = _visible_inlines(token.children, holds_now)
        index += 1


def _visible_inlines(children: list[Token], holds_now: _Conditions) -> list[Token]:
    """An inline token's children without its hidden spans."""
    kept: list[Token] = []
    skip_to = -1
    for at, child in enumerate(children):
        if at <= skip_to:
            continue
        if child.type == "span_open":
            classes = tuple(str(child.attrGet("class") or "").split())
            pairs = tuple((str(k), str(v)) for k, v in child.attrs.items())
            if _kind(classes) and _hidden(classes, pairs, holds_now):
                skip_to = matching_close(children, at)
                continue
        kept.append(child)
    return kept


def _div_classes(token: Token) -> tuple[str, ...]:
    """A fenced div's classes."""
    return tuple(token.meta["attrs"].classes)


def _div_pairs(token: Token) -> Sequence[tuple[str, str]]:
    """A fenced div's key=value attributes."""
    return tuple(token.meta["attrs"].attributes)


def _kind(classes: Sequence[str]) -> str:
    """`content-visible`, `content-hidden`, or "" for neither."""
    return next((c for c in classes if c in _KINDS), "")


def _hidden(classes: Sequence[str], pairs: Sequence[tuple[str, str]], met: _Conditions) -> bool:
    """Whether a conditional div or span is left out of an HTML page: a visible one whose
    conditions do not all hold, a hidden one whose conditions do (with none: always)."""
    holds_all = all(met.check(key, value) for key, value in pairs)
    return holds_all != (_kind(classes) == "content-visible")


class _Conditions:
    """The conditions of one document's page, each worked out when first asked."""

    def __init__(self, env: Mapping[str, Any]) -> None:
        self.env = env
        self._profiles: frozenset[str] | None = None

    def check(self, key: str, value: str) -> bool:
        """Whether one `when-*`/`unless-*` condition holds (other attributes: yes)."""
        side, _, what = key.partition("-")
        if side not in ("when", "unless") or what not in ("format", "meta", "profile"):
            return True
        names = [v.strip() for v in value.replace(",", " ").split() if v.strip()]
        if what == "format":
            found = any(n.lower() in _HTML for n in names)
        elif what == "profile":
            found = any(n in self.profiles() for n in names)
        else:
            found = any(_meta_true(self.env, n) for n in names)
        return found if side == "when" else not found

    def profiles(self) -> frozenset[str]:
        """The project's active profiles."""
        if self._profiles is None:
            profiles: Callable[[], tuple[str, ...]] | None = self.env.get(PROFILES_KEY)
            self._profiles = frozenset(profiles() if profiles else ())
        return self._profiles


def _meta_true(env: Mapping[str, Any], key: str) -> bool:
    """Whether the document's metadata (over the project's) sets `key` (dotted) to true."""
    project: Callable[[], Mapping[str, Any]] | None = env.get(PROJECT_KEY)
    for data in (env.get(META_KEY) or {}, project() if project else {}):
        value: Any = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None:
            return value is True or str(value).lower() == "true"
    return False
