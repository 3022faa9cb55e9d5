"""The edit path: what a build that parsed a few named posts again (watch mode's edit, the
command line naming what its manifest found changed) takes from the last build as it was.

Each phase of a build looks over every post: to collect them and their problems, to place
them on the site, to find the next post due, to gather the files their code made. On a big
site those passes together cost more than the pages an edit reaches: each reads a field of
a thousand objects long out of the processor's cache. When the posts parsed again keep what
a pass reads of them, its result is the last build's (with the new posts in); otherwise the
build takes the whole path, as it does for anything else.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import Diagnostic
from .listings import is_listing_page
from .model import Post, Site
from .parses import ParsedSource
from .taxonomy import is_published, swap_keeps_place, with_swaps

if TYPE_CHECKING:
    from .config import SiteConfig
    from .state import BuildState


class Edit(NamedTuple):
    """The posts parsed again, each in place of its last version (old → new), and every post
    in the order the last build checked them, with the new versions in."""

    replaced: Mapping[Post, Post]
    posts: list[Post]


def edit_of(
    previous: BuildState | None,
    config: SiteConfig,
    parsed: Mapping[Path, ParsedSource],
    changed: Collection[Path] | None,
) -> Edit | None:
    """The edit, when the files named as `changed` are all posts the last build parsed, each
    still a post, and no other source changed; else None."""
    if previous is None or changed is None or previous.posts is None:
        return None
    before = previous.parsed
    if previous.config != config or len(parsed) != len(before):
        return None
    replaced: dict[Post, Post] = {}
    for path in changed:
        old, new = before.get(path), parsed.get(path)
        if old is None or new is None:
            return None
        if old is new:
            continue
        if old.post is None or new.post is None or old.problems != new.problems:
            return None
        replaced[old.post] = new.post
    posts = list(previous.posts)
    for old_post, new_post in replaced.items():
        posts[posts.index(old_post)] = new_post
    return Edit(replaced, posts)


def checked(
    edit: Edit | None, previous: BuildState | None
) -> tuple[list[Post], list[Diagnostic]] | None:
    """The posts and their problems, when the edit leaves the last build's problems as they
    were: each post keeps its address and whether it is a draft or a page (what the checks of
    the whole site look at), the site has no drafts to unlink, and no listing requires fields
    of what it lists."""
    if edit is None or previous is None or previous.problems is None:
        return None
    site = previous.site
    if site.drafts or any(map(_requires_fields, site.pages)):
        return None
    for old, new in edit.replaced.items():
        if old.slug != new.slug or old.page or new.page or old.draft or new.draft:
            return None
    return edit.posts, list(previous.problems)


def _requires_fields(page: Post) -> bool:
    """Whether a listing on `page` requires fields of what it lists (`field-required`: an
    edited post may then lack one)."""
    if not is_listing_page(page):
        return False
    from .listing_options import read_listings  # here: only a Quarto project has listings

    return any(listing.field_required for listing in read_listings(page.extra.get("listing")))


def swapped_site(
    config: SiteConfig, edit: Edit | None, previous: BuildState | None, moment: datetime
) -> tuple[Site, dict[Post, Post]] | None:
    """The last build's site with the edited posts in (and those swaps), when each keeps its
    place (see `taxonomy.index_site`) and no post came due since; else None."""
    if edit is None or previous is None:
        return None
    if previous.next_due is not None and moment >= previous.next_due:
        return None
    shown = partial(is_published, drafts=config.drafts, future=config.future, now=moment)
    site, swaps = previous.site, {}
    for old, new in edit.replaced.items():
        if shown(old) != shown(new) or old.date != new.date:
            return None
        if shown(old):  # else the post is on no page, before and after
            if not swap_keeps_place(site.posts, old, new):
                return None
            swaps[old] = new
    return with_swaps(site, swaps), swaps


def due_as_before(edit: Edit | None, previous: BuildState | None, moment: datetime) -> bool:
    """Whether the next post due is the last build's: every edited post keeps its date, and
    none came due since."""
    if edit is None or previous is None:
        return False
    if previous.next_due is not None and moment >= previous.next_due:
        return False
    return all(old.date == new.date for old, new in edit.replaced.items())


def same_files(edit: Edit | None, previous: BuildState | None) -> Mapping[str, bytes] | None:
    """The last build's generated files (the looks', the highlighting's, the code's output)
    when every edited post keeps its files, look and code options; else None."""
    if edit is None or previous is None or previous.extras is None:
        return None
    for old, new in edit.replaced.items():
        if old.files != new.files or old.look != new.look or old.code != new.code:
            return None
    return previous.extras
