"""The `{% cache %}` template tag: a block rendered once for each set of values it shows.

A listing shows the same post cards, reading list entries and feed entries page after page
and build after build; only the few showing an edited post differ. Inside `{% cache %}`, the
values of every name the block uses (found when the template is compiled) make the key: the
block is rendered when that combination is new, and its output reused when it comes again.
Views are frozen records compared by value, and the memo hands back the very same objects
while a post is unchanged, so a lookup mostly stops at identity. The `tojson` filter keeps the
JSON of each view record it meets, by the record's identity (`FragmentCache.dumps`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from itertools import count
from operator import is_
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser

# Kept fragments before the cache starts afresh: a bound on memory, since a fragment whose
# values are gone (an edited post's old card) is never asked for again but stays. A site
# has about one and a half per post (cards, reading list entries, feed entries); a watch
# session adds about ten per edit.
FRAGMENT_LIMIT = 50_000
# Names whose values differ on every use or lie outside the block's sight: a block using
# them is rendered every time, as if it were not cached.
UNCACHEABLE = {"loop", "caller", "varargs", "kwargs", "self", "super"}
# Statements that make a block show what its names do not say (another template's values).
OPAQUE = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends, nodes.Block)


class FragmentCache(Extension):
    """`{% cache %}…{% endcache %}`: see the module's docstring; one cache per environment."""

    tags = {"cache"}  # noqa: RUF012 (Jinja's own attribute, read from the class)

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        self.fragments: dict[tuple[object, ...], str] = {}
        self.records: dict[int, tuple[object, str]] = {}  # id -> a view record and its JSON
        # The values' ids -> the values and their block's output (`kept`).
        self.by_identity: dict[tuple[int, ...], tuple[tuple[object, ...], str]] = {}
        self._blocks = count()

    def parse(self, parser: Parser) -> nodes.Node | list[nodes.Node]:
        """Compile a cache block into a call of `_fragment` keyed by the values it uses."""
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        for node in body:
            for opaque in [node, *node.find_all(OPAQUE)]:
                if isinstance(opaque, OPAQUE):
                    parser.fail(
                        f"{{% cache %}} cannot hold {{% {type(opaque).__name__.lower()} %}}: "
                        "a cached block is keyed by the names it uses, and another "
                        "template's are not among them; move it out of the block",
                        opaque.lineno,
                    )
        block = nodes.Template(body, lineno=lineno)
        block.set_environment(parser.environment)
        used = sorted(meta.find_undeclared_variables(block))
        if UNCACHEABLE.intersection(used):
            return body
        key = nodes.Tuple(
            [
                nodes.Const((parser.name, lineno, next(self._blocks))),
                *(nodes.Name(name, "load") for name in used),
            ],
            "load",
        )
        call = self.call_method("_fragment", [key])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, values: tuple[Hashable, ...], caller: Callable[[], str]) -> str:
        """The block's output for these values: kept, or rendered now and kept."""
        return self.kept(values, caller)

    def kept(self, values: tuple[Hashable, ...], render: Callable[[], str]) -> str:
        """The block's output for these values: kept, or made by `render` now and kept."""
        # The very same values as a block met before (the memo's records, mostly): found by
        # their identities, without working out their hashes (a card's is its post's fields
        # and each of its tags').
        ids = tuple(map(id, values))
        same = self.by_identity.get(ids)
        if same is not None and all(map(is_, same[0], values)):
            return same[1]
        # Equal is not enough where types print differently: 1 and True, a text and the same
        # text marked as HTML.
        key = (values, tuple(map(type, values)))
        try:
            fragment = self.fragments.get(key)
        except (TypeError, jinja2.UndefinedError):
            # A value that cannot be a key (a dict, a missing value): rendered every time,
            # so that a missing value fails the page as it would outside the cache.
            return render()
        if fragment is None:
            if len(self.fragments) >= FRAGMENT_LIMIT:
                self.fragments.clear()
            fragment = self.fragments[key] = render()
        if len(self.by_identity) >= FRAGMENT_LIMIT:
            self.by_identity.clear()
        # The values are kept with it: while they are, no other object takes their ids.
        self.by_identity[ids] = (values, fragment)
        return fragment

    def dumps(self, value: object, **options: Any) -> str:
        """`json.dumps(value, **options)`, for the `tojson` filter, with the JSON of each view
        record (a named tuple or a dataclass, written as an object of its fields) in the lists
        and dicts of `value` kept like a block's output: quizzes.json lists every quiz, and
        encoding them all again took longer than any other page a title edit changes. Lists and
        dicts are joined as `json.dumps` writes them."""
        if not options.keys() <= {"sort_keys", "default"}:  # another layout (`indent`)
            return json.dumps(_plain(value, options.get("default")), **options)
        return self._json(value, options)

    def _json(self, value: object, options: dict[str, Any]) -> str:
        if type(value) is dict and all(type(key) is str for key in value):
            items = sorted(value.items()) if options.get("sort_keys") else value.items()
            pairs = [f"{json.dumps(k)}: {self._json(v, options)}" for k, v in items]
            return "{" + ", ".join(pairs) + "}"
        if type(value) is list or type(value) is tuple:
            records = self.records  # most items are records already written: found here
            parts = []
            for item in value:
                kept = records.get(id(item))
                parts.append(
                    kept[1] if kept is not None and kept[0] is item else self._json(item, options)
                )
            return "[" + ", ".join(parts) + "]"
        if not _is_record(value):
            return json.dumps(value, **options)
        # By identity, not value: a record's hash is worked out from all its fields on every
        # lookup (too slow for an edit on a big site), and the memo hands back the very same
        # records while their posts are unchanged. Keeping the record keeps its id its own.
        kept = self.records.get(id(value))
        if kept is not None and kept[0] is value:
            return kept[1]
        if len(self.records) >= FRAGMENT_LIMIT:
            self.records.clear()
        text = json.dumps(_plain(value, options.get("default")), **options)
        self.records[id(value)] = (value, text)
        return text


def _is_record(value: object) -> bool:
    """Whether `value` is a view record: a named tuple or a dataclass instance (the check of
    `dataclasses.is_dataclass` without its Python call: quizzes.json holds one per quiz)."""
    kind = type(value)
    return hasattr(kind, "_fields") or hasattr(kind, "__dataclass_fields__")


def _plain(value: Any, default: Callable[[Any], Any] | None) -> Any:
    """`value` with each record in it as an object of its fields, as `json.dumps` writes it: a
    named tuple's by its field names (`json` would write it as an array), a dataclass's by
    `default` (the `tojson` filter's, which gives one's fields)."""
    kind = type(value)
    if kind is dict:
        return {key: _plain(item, default) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_plain(item, default) for item in value]
    fields = getattr(kind, "_fields", None)
    if fields is not None and isinstance(value, tuple):
        return {name: _plain(item, default) for name, item in zip(fields, value, strict=True)}
    if default is not None and hasattr(kind, "__dataclass_fields__"):
        return _plain(default(value), default)
    return value


def forget_fragments(env: jinja2.Environment) -> None:
    """Drop the fragments kept by `env` (and so the views their keys hold)."""
    for extension in env.extensions.values():
        if isinstance(extension, FragmentCache):
            extension.fragments.clear()
            extension.by_identity.clear()
            extension.records.clear()
