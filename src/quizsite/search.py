"""Full-text search: an index of the posts' words, written as small JSON files under `search/`
that the theme's search page fetches as a query needs them. No server, no network.

The index is made from the model, never from the pages: a post's words outside the answer (and
the answer's too with `publish_answers`), its title, description and tags. Layout:

- `search/index.json`: how many posts, and the file holding each shard and record chunk;
- `search/t/<shard>-<hash>.json`: the terms starting with the shard's two characters (three,
  when the terms of two characters hold more than SHARD_LIMIT numbers: a query then fetches
  tens of kilobytes, not hundreds), each with its postings `[id, weight, id, weight, …]`
  (ids in ascending order);
- `search/d/<n>-<hash>.json`: the records `[url, title, date, text]` of ids n·CHUNK onwards
  (code spans in the text between backticks, so excerpts can set them in monospace);
- `search/f/<c>-<hash>.json`: every word form of the posts starting with the character `c`,
  each with its stem (`""` when the form is its own stem). The terms of the shards
  are stems (Snowball, by the site's language, through PyStemmer); the search page cannot
  stem, so it looks a query word up here, and finds near spellings (one typo) and longer words
  among the forms;
- `search/m/<c>-<hash>.json`: the forms of four characters or more by their third character,
  likewise: a query word with a typo in its first two characters is looked for among the
  forms whose third and fourth characters are its own at those places (or one either side).
  Both are filed by one character, not two: a few dozen files of a few kilobytes each rather
  than hundreds of tiny ones, each of which costs a file and a request; search.js picks the
  forms it needs out of them.

A term is a word lower-cased, without accents, British and American spellings folded together
in English (`-ize`/`-ise`, `-yze`/`-yse`, `-or`/`-our`), then stemmed; a hyphenated or
underscored word (`k-means`, `batch_size`) is a term whole (`kmeans`) as well as in parts.

Ids number the posts oldest first, so a new post takes the next id and the others keep theirs.
File names carry a hash of their content: a reader's browser never mixes files of two builds,
and one edit rewrites only the shards whose terms it changed, its chunk and `index.json`.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import repeat
from json.encoder import encode_basestring as _quoted
from operator import add, itemgetter
from typing import Any, NamedTuple

from .model import Post, Site
from .search_terms import stemmer_for, terms_of
from .stamps import digest
from .urls import Urls, format_date
from .xmltext import utf8

SEARCH_DIR = "search"
ENTRY = f"{SEARCH_DIR}/index.json"
FORMAT = 3  # bumped when the files change shape; search.js reads only the format it knows
CHUNK = 20  # records per file: one page of results needs a few small files
EXCERPT_CHARS = 1500  # of a post's text kept for excerpts (a match further on shows the start)
TITLE_WEIGHT, TAG_WEIGHT = 6, 3  # an occurrence in the title counts as six in the text
SHARD_LIMIT = 8000  # numbers in a two-character group's postings before it splits (~40 KB)

# White space as `str.split` finds it (`str.isspace`): ASCII's but the space, and the rest.
_NARROW_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_WIDE_SPACE = re.compile("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def post_forms(post: Post, with_answer: bool) -> Counter[str]:
    """Each word form of a post with its weight: occurrences, the title's and tags' counting
    more (the index's terms are their stems: `post_stems`)."""
    words = terms_of(post.text.decode())
    if with_answer:
        words += terms_of(post.answer_text.decode())
    words += terms_of(post.description)
    # A title's word counts as that many of the text's: repeated, all is counted in one go.
    words += terms_of(post.title) * TITLE_WEIGHT
    words += terms_of(" ".join(post.tags)) * TAG_WEIGHT
    return Counter(words)


def post_stems(post: Post, with_answer: bool, language: str = "en") -> Counter[str]:
    """Each term (stem) of a post with its weight, the sum of its forms'."""
    stem = stemmer_for(language)
    weights: Counter[str] = Counter()
    for form, weight in post_forms(post, with_answer).items():
        weights[stem(form)] += weight
    return weights


def _group(term: str) -> str:
    """The two-character group of a term: one shard, or its three-character shards."""
    return term[:2]


def _is_split(sizes: Mapping[str, int], group: str) -> bool:
    return sizes.get(group, 0) > SHARD_LIMIT


class SearchIndex(NamedTuple):
    """The index a build wrote: enough for the next build to rewrite only what changed."""

    posts: tuple[Post, ...]  # by id
    names: Mapping[str, str]  # shard ("t:ne") or chunk ("d:3") -> its path in the output
    files: Mapping[str, bytes]  # path -> content, index.json included
    digests: Mapping[str, bytes]  # path -> digest (the build's write check)
    sizes: Mapping[str, int]  # two-character group -> numbers in its terms' postings
    forms: Mapping[str, int]  # word form -> how many posts hold it (the forms files' content)


EMPTY = SearchIndex((), {}, {}, {}, {}, {})


def index_search(site: Site, previous: SearchIndex | None = None) -> SearchIndex:
    """The search index of `site`, redoing only the posts that differ from `previous` (the
    index of an earlier build with the same config)."""
    config = site.config
    before = previous or EMPTY
    posts = site.posts[::-1]
    changed = _changed_ids(before.posts, posts)
    if previous is not None and not changed:
        return previous  # an empty site still gets its (empty) index.json below
    old, old_forms = _postings(before.posts, changed, config.publish_answers, config.language)
    new, new_forms = _postings(posts, changed, config.publish_answers, config.language)
    out = _Files(before)
    sizes = _update_shards(out, before.sizes, old, new, changed)
    forms = _update_forms(out, before.forms, old_forms, new_forms, stemmer_for(config.language))
    _update_chunks(out, posts, len(before.posts), changed, site)
    out.drop("index")
    entry = _entry(out, len(posts))
    out.names["index"], out.files[ENTRY], out.digests[ENTRY] = ENTRY, entry, digest(entry)
    return SearchIndex(posts, out.names, out.files, out.digests, sizes, forms)


def _update_shards(
    out: _Files,
    before: Mapping[str, int],
    old: Mapping[str, list[int]],
    new: Mapping[str, list[int]],
    changed: set[int],
) -> dict[str, int]:
    """Rewrite the shards holding a term whose postings went from `old` to `new`; the numbers
    each group's postings hold afterwards (a group splits by them)."""
    touched = {t for t in old.keys() | new.keys() if old.get(t) != new.get(t)}
    by_group: dict[str, list[str]] = {}
    sizes = dict(before)
    for term in touched:
        group = _group(term)
        by_group.setdefault(group, []).append(term)
        sizes[group] = sizes.get(group, 0) + len(new.get(term, ())) - len(old.get(term, ()))
    sizes = {group: size for group, size in sizes.items() if size}
    for group, group_terms in sorted(by_group.items()):
        split = _is_split(sizes, group)
        moves = split != _is_split(before, group)
        _update_group(out, group, group_terms, split, moves, changed, new)
    return sizes


def _update_chunks(
    out: _Files, posts: Sequence[Post], count_before: int, changed: set[int], site: Site
) -> None:
    """Rewrite the record chunks holding a changed post; drop those past the last post."""
    config = site.config
    chunks, chunks_before = -(-len(posts) // CHUNK), -(-count_before // CHUNK)
    urls = Urls(config.base_path)
    for number in sorted({i // CHUNK for i in changed if i // CHUNK < chunks}):
        records = [
            _record(p, config.publish_answers, config.date_format, urls)
            for p in posts[number * CHUNK : (number + 1) * CHUNK]
        ]
        out.put(f"d:{number}", f"d/{number}", records, _dumps_records)
    for number in range(chunks, chunks_before):  # the site lost posts
        out.drop(f"d:{number}")


def _entry(out: _Files, count: int) -> bytes:
    """index.json: how many posts, and the file of each chunk, shard and forms file."""

    def named(kind: str) -> dict[str, str]:
        return {
            key[2:]: _relative(path) for key, path in sorted(out.names.items()) if key[:2] == kind
        }

    return _dumps(
        {
            "format": FORMAT,
            "posts": count,
            "chunk": CHUNK,
            "chunks": [_relative(out.names[f"d:{n}"]) for n in range(-(-count // CHUNK))],
            "shards": named("t:"),
            "forms": named("f:"),
            "middles": named("m:"),
        }
    )


class _Files:
    """The index's files while a build updates them: each by name ("t:ne", "d:3"), stored
    under a path carrying its content's hash."""

    def __init__(self, before: SearchIndex) -> None:
        self.names, self.files = dict(before.names), dict(before.files)
        self.digests = dict(before.digests)

    def read(self, name: str) -> Any:
        """The JSON content of the file `name`, or None."""
        path = self.names.get(name)
        return json.loads(self.files[path]) if path is not None else None

    def put(
        self, name: str, stem: str, content: Any, dumps: Callable[[Any], bytes] | None = None
    ) -> None:
        """Store `content` as the file `name` (no file when it is empty), as JSON written by
        `dumps` (by default `_dumps`)."""
        self.drop(name)
        if content:
            data = (dumps or _dumps)(content)
            fingerprint = digest(data)
            path = f"{SEARCH_DIR}/{stem}-{fingerprint.hex()[:12]}.json"
            self.names[name], self.files[path], self.digests[path] = path, data, fingerprint

    def drop(self, name: str) -> None:
        """Remove the file `name`, if there is one."""
        path = self.names.pop(name, None)
        if path is not None:
            del self.files[path], self.digests[path]


def _update_group(
    out: _Files,
    group: str,
    terms: list[str],
    split: bool,
    moves: bool,
    changed: set[int],
    new: Mapping[str, list[int]],
) -> None:
    """Rewrite the shards of one group holding the `terms` whose postings changed: the posts
    numbered `changed` leave them, and come back with their `new` postings. When the group
    `moves` (it splits or joins again), every shard of it is rewritten."""
    length = 3 if split else 2
    if moves:
        keys = {name[2:] for name in out.names if name[:2] == "t:" and _group(name[2:]) == group}
    else:
        keys = {term[:length] for term in terms}
    stored: dict[str, list[int]] = {}
    for key in keys:
        stored.update(out.read(f"t:{key}") or {})
    _replace_postings(stored, terms, changed, new)
    shards: dict[str, dict[str, list[int]]] = {key: {} for key in keys}  # emptied ones go
    for term in sorted(stored):
        shards.setdefault(term[:length], {})[term] = stored[term]
    for key, content in sorted(shards.items()):
        out.put(f"t:{key}", f"t/{_file_stem(key)}", content, _dumps_shard)


def _replace_postings(
    stored: dict[str, list[int]],
    terms: Iterable[str],
    changed: set[int],
    new: Mapping[str, list[int]],
) -> None:
    """The `terms`' postings in `stored` without the posts numbered `changed`, with their
    `new` ones merged in (a term left with none goes)."""
    for term in terms:
        kept = _without(stored.pop(term, []), changed)
        added = new.get(term, [])
        merged = _merge(kept, added) if kept and added else kept or added
        if merged:
            stored[term] = merged


def _changed_ids(before: Sequence[Post], now: Sequence[Post]) -> set[int]:
    """The ids whose post differs: a new version of the same post keeps its id, and from the
    first id holding another post (added, removed, moved) every later one is redone."""
    changed: set[int] = set()
    for number, (old, new) in enumerate(zip(before, now, strict=False)):
        if old is not new:
            if old.slug != new.slug:
                return changed.union(range(number, max(len(before), len(now))))
            changed.add(number)
    return changed.union(range(min(len(before), len(now)), max(len(before), len(now))))


def _postings(
    posts: Sequence[Post], ids: Iterable[int], with_answer: bool, language: str
) -> tuple[dict[str, list[int]], Counter[str]]:
    """The postings `[id, weight, …]` of every term of the posts numbered `ids` (those that
    exist), in id order, and in how many of them each word form is. Flat lists: a pair
    object each took much more memory on a big site."""
    by_form: defaultdict[str, list[int]] = defaultdict(list)
    for i in sorted(n for n in ids if n < len(posts)):
        weighted = post_forms(posts[i], with_answer)
        # `i, weight` onto each form's postings, with no Python step per form.
        pairs = zip(repeat(i), weighted.values())
        deque(map(list.extend, map(by_form.__getitem__, weighted), pairs), maxlen=0)
    forms = Counter({form: len(postings) // 2 for form, postings in by_form.items()})
    return _by_stem(by_form, stemmer_for(language)), forms


def _by_stem(by_form: Mapping[str, list[int]], stem: Callable[[str], str]) -> dict[str, list[int]]:
    """The postings of each term (stem): its form's, or its forms' merged."""
    forms_of: dict[str, list[str]] = {}
    for form in by_form:
        forms_of.setdefault(stem(form), []).append(form)
    return {
        term: by_form[forms[0]] if len(forms) == 1 else _summed([by_form[f] for f in forms])
        for term, forms in forms_of.items()
    }


def _summed(postings: list[list[int]]) -> list[int]:
    """Postings lists of one term as one, the weights of a post in several added up (by
    C-level steps alone: the commonest words have several forms, in most posts)."""
    total = dict(zip(postings[0][::2], postings[0][1::2], strict=True))
    for more in postings[1:]:
        weights = dict(zip(more[::2], more[1::2], strict=True))
        both = list(total.keys() & weights.keys())
        sums = list(map(add, map(total.__getitem__, both), map(weights.__getitem__, both)))
        total.update(weights)
        total.update(zip(both, sums, strict=True))
    ids = sorted(total)
    merged = ids + ids  # its length; each place filled below
    merged[::2], merged[1::2] = ids, map(total.__getitem__, ids)
    return merged


def _update_forms(
    out: _Files,
    before: Mapping[str, int],
    old: Counter[str],
    new: Counter[str],
    stem: Callable[[str], str],
) -> dict[str, int]:
    """In how many posts each word form is, after the changed posts' `old` forms left and
    their `new` ones came; the forms files of the groups (and pairs) that gained or lost a
    form are written again (each form with its stem, "" when it is its own)."""
    counts = Counter(before)
    counts.subtract(old)
    counts.update(new)
    kept = {form: n for form, n in counts.items() if n > 0}
    moved = [form for form in old.keys() | new.keys() if (form in kept) != (form in before)]
    if moved:
        _write_forms(out, _files_of(moved), kept, stem)
    return kept


def _files_of(forms: Iterable[str]) -> set[str]:
    """The forms files holding `forms`: each form's by its first character ("f:g") and, from
    four characters, by its third ("m:a")."""
    names = {f"f:{form[0]}" for form in forms}
    return names | {f"m:{_middle(form)}" for form in forms if len(form) >= 4}


def _write_forms(
    out: _Files, names: set[str], forms: Iterable[str], stem: Callable[[str], str]
) -> None:
    """Write the forms files `names` again, each with those of `forms` it holds (with their
    stems, "" for a form that is its own): one pass over the forms, for both kinds of file."""
    members: dict[str, list[str]] = {name: [] for name in names}
    for form in forms:
        for name in (f"f:{form[0]}", f"m:{_middle(form)}"):
            if name in members:
                members[name].append(form)
    for name, held in sorted(members.items()):
        content = {form: "" if stem(form) == form else stem(form) for form in sorted(held)}
        out.put(name, f"{name[0]}/{_file_stem(name[2:])}", content)


def _middle(form: str) -> str:
    """What a form of four characters or more is filed under among the middles: its third
    character."""
    return form[2:3]


def _without(postings: list[int], ids: set[int]) -> list[int]:
    """Postings leaving out the posts numbered `ids` (those being redone)."""
    return [
        n for k in range(0, len(postings), 2) if postings[k] not in ids for n in postings[k : k + 2]
    ]


def _merge(a: list[int], b: list[int]) -> list[int]:
    """Two postings lists of different posts as one, in id order."""
    pairs = sorted(zip(a[::2] + b[::2], a[1::2] + b[1::2], strict=True))
    return [n for pair in pairs for n in pair]


def _record(post: Post, with_answer: bool, date_format: str, urls: Urls) -> list[str]:
    """What a result shows: link, title, date and the text its excerpt is cut from."""
    words = post.text + (b" " + post.answer_text if with_answer else b"")
    return [urls.post(post.slug), post.title, format_date(post.date, date_format), _excerpt(words)]


def _excerpt(words: bytes) -> str:
    """The text of a record: a post's words, their white space folded (runs of it as one
    space, none at either end), cut after EXCERPT_CHARS characters at a space."""
    whole = words.decode()
    # Folding only shortens a text: the folded head of a long one, when longer than an
    # excerpt still, starts the folded whole (the rest need not be looked at).
    text = _spaced(whole[: 2 * EXCERPT_CHARS])
    if len(text) <= EXCERPT_CHARS < len(whole):
        text = _spaced(whole)
    if len(text) > EXCERPT_CHARS:
        text = text[: text.rfind(" ", 0, EXCERPT_CHARS) + 1 or EXCERPT_CHARS].rstrip() + " …"
    return text


def _spaced(text: str) -> str:
    """`" ".join(text.split())` without cutting the text into words: each white space made a
    space, runs of spaces made one."""
    if not text.isascii() and _WIDE_SPACE.search(text):
        return " ".join(text.split())
    for space in _NARROW_SPACES:
        if space in text:
            text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def _file_stem(shard: str) -> str:
    """A shard's file name: its characters when plain ASCII, else their code points (any
    file system, any URL)."""
    if shard.isascii():
        return shard
    return "-".join(f"{ord(c):x}" for c in shard)


def _relative(path: str) -> str:
    return path[len(SEARCH_DIR) + 1 :]


def _dumps_shard(shard: Mapping[str, list[int]]) -> bytes:
    """What `_dumps` makes of a shard, written out here: a shard is mostly numbers, and each
    number's text is looked up rather than made again. Its terms are letters and digits, so
    there is no `<`, `>` or `&` to escape."""
    try:
        return utf8(_shard_text(shard, _NUMERALS))
    except IndexError:  # a number greater than any before
        top = max(map(max, shard.values()))
        if top >= _NUMERALS_KEPT:
            return _dumps(shard)
        _NUMERALS.extend(map(str, range(len(_NUMERALS), top + 1)))
        return utf8(_shard_text(shard, _NUMERALS))


def _shard_text(shard: Mapping[str, list[int]], numerals: list[str]) -> str:
    """A shard as JSON, with `numerals` the text of each number it holds (a term's postings
    hold two or more: the getter gives a tuple)."""
    text = ",".join(
        [f"{_quoted(term)}:[{','.join(itemgetter(*ns)(numerals))}]" for term, ns in shard.items()]
    )
    return f"{{{text}}}"


def _dumps_records(records: list[list[str]]) -> bytes:
    """What `_dumps` makes of a chunk of records, written out here: most of a record's text
    is plain ASCII, copied as it is once a byte table found nothing in it to escape."""
    return b"[" + b",".join([b"[" + b",".join(map(_json_string, r)) + b"]" for r in records]) + b"]"


def _json_string(text: str) -> bytes:
    """`text` as `_dumps` writes a string: in JSON's quotes, `<`, `>` and `&` escaped."""
    if text.isascii():
        data = text.encode()
        if not data.translate(None, _PLAIN):  # no character but those copied as they are
            return b'"' + data + b'"'
    return _escaped(_quoted(text))


# The characters JSON (and `_dumps`) writes as they are: ASCII's but the control characters,
# quotes, backslashes, `<`, `>` and `&`.
_PLAIN = bytes(c for c in range(0x20, 0x80) if chr(c) not in '"\\<>&')
_NUMERALS: list[str] = []  # the text of each number from 0, as far as shards needed
_NUMERALS_KEPT = 1 << 16  # a shard with a greater number is written by `_dumps`


def _dumps(content: object) -> bytes:
    """Compact JSON, with `<`, `>` and `&` escaped as the templates' `tojson` does: a file
    that some browser or server took for HTML still holds no markup."""
    return _escaped(json.dumps(content, ensure_ascii=False, separators=(",", ":")))


def _escaped(text: str) -> bytes:
    """JSON text as a file's bytes, `<`, `>` and `&` escaped (see `_dumps`)."""
    return utf8(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
