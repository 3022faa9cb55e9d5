"""Quarto's project profiles: the profiles a build is for (`QUARTO_PROFILE`, else the one the
`_environment` files give, else the local file's `profile: default:`, else the project file's, and the first of each `profile: group:`
none of whose members is named), and each one's `_quarto-NAME.yml` (or `.yaml`), merged over
the project's file (`_quarto.yml` or `_quarto.yaml`) as Quarto merges them: mappings key by
key, lists concatenated without repeats, anything else replaced; the first profile named
wins. Last the local file (`_quarto.yml.local`), settings of the author's own machine, is
merged over them all in the same way. Every reader of the project's settings takes the
merged node tree from here."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildFailed
from .paths import read_site_text
from .quarto_names import LOCAL_NAMES, QUARTO_NAME, Sources, first_there, project_file
from .quarto_project import compose, lookup

PROFILE_ENV = "QUARTO_PROFILE"


def active_profiles(settings: object, named: str | None = None) -> list[str]:
    """The active profiles, in the order named, from `profile:`'s value (any shape) and the
    names `QUARTO_PROFILE` gives (`named`, else the environment's)."""
    profile = settings if isinstance(settings, Mapping) else {}
    named = os.environ.get(PROFILE_ENV, "") if named is None else named
    if not named:
        default = profile.get("default")
        if isinstance(default, list):
            named = ",".join(str(v) for v in default)
        elif isinstance(default, str):
            named = default
    active = [name for name in re.split(r"[ ,]+", named) if name]
    for group in _groups(profile.get("group")):
        if not any(name in active for name in group):
            active.append(group[0])
    return active


def _groups(value: object) -> list[list[str]]:
    """`profile: group:`: a list of names is one group, a list of lists several."""
    if not isinstance(value, list) or not value:
        return []
    if all(isinstance(v, list) for v in value):
        return [[str(n) for n in group] for group in value if group]
    if not any(isinstance(v, (list, dict)) for v in value):
        return [[str(n) for n in value]]
    return []


def profile_settings(node: yaml.Node | None) -> object:
    """`_quarto.yml`'s `profile:` value, as data (None when not set)."""
    found = lookup(node, ("profile",)) if node is not None else None
    if found is None:
        return None
    try:
        return yaml.safe_load(yaml.serialize(found))
    except yaml.YAMLError:  # a tag of its own: no profile settings quizsite can read
        return None


def profile_paths(
    root: Path, names: tuple[str, ...], exists: Callable[[Path], bool] = Path.is_file
) -> list[Path]:
    """The files of the profiles `names`, in the order merged (the first profile named
    last, so that it wins); a profile without one is no error, as in Quarto."""
    found = []
    for name in reversed(names):
        for suffix in (".yml", ".yaml"):
            path = root / f"_quarto-{name}{suffix}"
            if exists(path):
                found.append(path)
                break
    return found


def profiles_of(text: str, local: str = "", dotenv: str = "") -> tuple[str, ...]:
    """The active profiles of a project whose file reads `text` (and its local file `local`,
    whose `profile: default:` Quarto takes before the project's; `dotenv` the profiles its
    `_environment` files name, taken before both)."""
    named = os.environ.get(PROFILE_ENV, "") or dotenv
    if not named and "profile" in local:
        named = _local_default(local)
    if not named and "profile" not in text:  # the common case: nothing more to compose
        return ()
    return _profiles_of(text, named)


@lru_cache(maxsize=4)
def _local_default(text: str) -> str:
    """The profiles the local file's `profile: default:` names, as `QUARTO_PROFILE` would
    ("" for none, or for a file that cannot be read: its merge reports that)."""
    try:
        settings = profile_settings(compose(text))
    except BuildFailed:
        return ""
    default = settings.get("default") if isinstance(settings, Mapping) else None
    if isinstance(default, list):
        return ",".join(str(v) for v in default)
    return default if isinstance(default, str) else ""


@lru_cache(maxsize=4)
def _profiles_of(text: str, named: str) -> tuple[str, ...]:
    """The active profiles, once per version of `_quarto.yml` and of `QUARTO_PROFILE`
    (none for a `_quarto.yml` that cannot be read: the configuration's error to report)."""
    try:
        node = compose(text)
    except BuildFailed:
        return ()
    return tuple(active_profiles(profile_settings(node), named))


def project_tree(root: Path) -> yaml.Node | None:
    """The project's settings as one node tree (`project_node`); None without a project file."""
    path = project_file(root)
    return None if path is None else project_node(root, read_site_text(path, root), path.name)


def project_node(root: Path, text: str, name: str = QUARTO_NAME) -> yaml.Node | None:
    """The node tree of the project's file `name` (its text given) with the active profiles'
    files and the local file merged over it, each read and composed afresh; BuildFailed at
    the file and line of a bad one."""
    from .quarto_env import dotenv_profile

    node = compose(text, name)
    local = local_text(root)
    for path in profile_paths(root, profiles_of(text, local, dotenv_profile(root))):
        node = merge_into(node, compose(read_site_text(path, root), path.name))
    if (found := first_there(root, LOCAL_NAMES)) is not None:
        node = merge_into(node, compose(local, found.name))
    return node


def local_text(root: Path) -> str:
    """The local file's text (`_quarto.yml.local`, else `_quarto.yaml.local`); "" for none."""
    found = first_there(root, LOCAL_NAMES)
    return read_site_text(found, root) if found is not None else ""


def merged_node(sources: Sources) -> yaml.Node | None:
    """The node tree of the project file's text with the other files' texts (the profiles',
    the local one) merged over it, in order; None for no texts (no project file)."""
    if not sources:
        return None
    node = compose(sources[0][1], sources[0][0])
    for name, text in sources[1:]:
        node = merge_into(node, compose(text, name))
    return node


def construct(node: yaml.Node | None, loader: type[yaml.SafeLoader]) -> Any:
    """The data of a node tree, as `yaml.load` with `loader` reads the text it came from."""
    return None if node is None else loader("").construct_document(node)


def merge_into(base: yaml.Node | None, over: yaml.Node | None) -> yaml.Node | None:
    """A profile's node tree merged over the project's (neither changed): Quarto's merge."""
    if over is None:  # an empty profile file sets nothing
        return base
    if base is None:
        return over
    if isinstance(base, yaml.SequenceNode) or isinstance(over, yaml.SequenceNode):
        return _merge_lists(base, over)
    if not (isinstance(base, yaml.MappingNode) and isinstance(over, yaml.MappingNode)):
        return over
    pairs: dict[object, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in base.value:
        pairs[_key(key)] = (key, value)
    for key, value in over.value:
        if _key(key) not in pairs:
            pairs[_key(key)] = (key, value)
            continue
        old_key, old = pairs[_key(key)]
        # A `contents:` text (one sidebar section's) is replaced by a list, not joined to it.
        merged = value if key.value == "contents" and _is_text(old) else merge_into(old, value)
        # The key's line: the file whose value stands (a merged mapping's: the project's).
        pairs[_key(key)] = (key if merged is value else old_key, merged or value)
    return yaml.MappingNode(
        base.tag, list(pairs.values()), base.start_mark, base.end_mark, base.flow_style
    )


def _merge_lists(base: yaml.Node, over: yaml.Node) -> yaml.Node:
    """Quarto's merge where either side is a list: an empty side (null, false, 0, "") gives
    the other; else both as lists, concatenated, each value once."""
    if _falsy(base):
        return over
    if _falsy(over):
        return base
    items: list[yaml.Node] = []
    seen: set[str] = set()
    for node in (base, over):
        for item in node.value if isinstance(node, yaml.SequenceNode) else [node]:
            identity = _identity(item)
            if identity not in seen:
                seen.add(identity)
                items.append(item)
    shape = base if isinstance(base, yaml.SequenceNode) else over
    return yaml.SequenceNode(
        shape.tag, items, shape.start_mark, shape.end_mark, getattr(shape, "flow_style", None)
    )


def _key(node: yaml.Node) -> object:
    """A mapping key to match by: a text key's text, any other key itself."""
    return node.value if isinstance(node, yaml.ScalarNode) else id(node)


def _is_text(node: yaml.Node) -> bool:
    """Whether a node is a string."""
    return isinstance(node, yaml.ScalarNode) and isinstance(_value(node), str)


def _falsy(node: yaml.Node) -> bool:
    """Whether a value is one JavaScript reads as false (Quarto's merge skips it)."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    value = _value(node)
    return (
        value is None
        or value is False
        or value == ""
        or (type(value) in (int, float) and not value)
    )


def _identity(node: yaml.Node) -> str:
    """A list item's value as text, to keep one of equal items (Quarto's `JSON.stringify`)."""
    return json.dumps(_value(node), default=str)


def _value(node: yaml.Node) -> object:
    """A node's data, a tag of Quarto's own (`!expr`) read as its text."""
    try:
        return construct(node, _Plain)
    except (yaml.YAMLError, RecursionError):
        return yaml.serialize(node)


class _Plain(yaml.SafeLoader):
    """The safe loader, reading Quarto's own tags (`!expr`) as their text."""


_Plain.add_multi_constructor("!", lambda loader, suffix, node: getattr(node, "value", None))


def texts_read(
    root: Path, read: Callable[[Path], bytes], exists: Callable[[Path], bool]
) -> Sources:
    """The project file's text, the active profiles' and the local file's, in the order
    merged, read with `read` (noted as a parse's inputs, so that an edit of any parses
    again); each file is looked for with `exists`, so that one created later is seen too.
    () when the project has no file."""
    path = project_file(root, exists)
    if path is None:
        return ()
    text = read(path).decode("utf-8-sig")
    local = first_there(root, LOCAL_NAMES, exists)
    ends = ((local.name, read(local).decode("utf-8-sig")),) if local is not None else ()
    from .quarto_env import dotenv_profile

    named = dotenv_profile(root, read, exists)
    paths = profile_paths(root, profiles_of(text, ends[0][1] if ends else "", named), exists)
    profiles = ((p.name, read(p).decode("utf-8-sig")) for p in paths)
    return ((path.name, text), *profiles, *ends)
