"""How views are made from the model: a post's summary, page view, feed entry, sidebar."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from .config import SiteConfig
from .model import HIDDEN_KIND_CLASS, Post, Quiz, Reading, Site, Tag
from .quarto_project import project_metadata
from .taxonomy import paginate
from .ui_words import UiWords, site_words, words
from .urls import Urls, format_date, lastmod, post_image, reading_anchor, rfc3339
from .views import (
    FeedEntry,
    PostLink,
    PostSummary,
    PostView,
    QuizView,
    ReadingView,
    SitemapEntry,
    SiteView,
    TagLink,
)


def site_name(config: SiteConfig) -> str:
    """The site's name where a page or feed names it: "" for an untitled Quarto site."""
    return config.title if config.title_shown else ""


def of_site(config: SiteConfig) -> str:
    """The words ` of <the site's name>` a description ends with ("" for an untitled site)."""
    return f" of {config.title}" if config.title_shown else ""


def _author_links(post: Post) -> tuple[tuple[str, str], ...]:
    """Each author's name and link ("" for none), for the byline."""
    urls = post.author_urls or ("",) * len(post.authors)
    return tuple(zip(post.authors, urls, strict=True))


# Feed readers show a post without the site's styles, so a callout's kind kept for screen
# readers would stand in front of its title as text ("Note: Expand to see the answer").
_HIDDEN_KIND = re.compile(f'<span class="{HIDDEN_KIND_CLASS}">[^<]*</span>')


def feed_entry(post: Post, summary: PostSummary, config: SiteConfig, urls: Urls) -> FeedEntry:
    url = urls.absolute(summary.url)
    if post.quiz is None:
        content = post.body_html
    else:
        quiz = post.quiz
        options = "".join(f'<li value="{o.number}">{o.html}</li>' for o in quiz.options)
        answer = (
            quiz.answer.html
            if config.publish_answers
            else f'<p><a href="{escape(url)}#{escape(quiz.answer.anchor)}">Answer on the site</a></p>'
        )
        kind = f' type="{quiz.marker}"' if quiz.marker != "1" else ""
        content = Markup(f"{quiz.question_html}<ol{kind}>{options}</ol>{quiz.between_html}{answer}")
    return FeedEntry(
        title=post.title,
        url=url,
        published=rfc3339(post.date),
        summary=post.description or post.summary,
        content_html=_HIDDEN_KIND.sub("", content),
        authors=post.authors
        or ((config.author,) if config.author else (config.title,) if config.title_shown else ()),
        tags=summary.card_tags,
    )


def sitemap(
    site: Site,
    urls: Urls,
    own: Mapping[Post, tuple[PostLink, SitemapEntry]],
    own_pages: Mapping[str, str],
    by_tag: tuple[tuple[str, int], ...],
) -> tuple[SitemapEntry, ...]:
    newest = lastmod(site.posts[0].date) if site.posts else ""
    entries = [
        SitemapEntry(urls.absolute(urls.home(p.number)), newest)
        for p in paginate(site.posts, site.config.posts_per_page)
    ]
    entries += [own[p][1] for p in site.posts]
    entries += [
        SitemapEntry(urls.absolute(urls.base + p.slug), lastmod(p.date)) for p in site.pages
    ]
    entries.append(SitemapEntry(urls.absolute(f"{urls.base}tags/"), newest))
    entries += [
        SitemapEntry(urls.absolute(urls.tag(t.slug, p.number)), lastmod(p.items[0].date))
        for t in site.tags
        for p in paginate(t.posts, site.config.posts_per_page)
    ]
    entries += [
        SitemapEntry(urls.absolute(urls.paged(f"{urls.base}reading-list/", p.number)), newest)
        for p in paginate(site.reading_list, site.config.readings_per_page)
    ]
    entries += [
        SitemapEntry(urls.absolute(own_pages[e.url]), lastmod(e.posts[0].date))
        for e in site.reading_list
        if e.url in own_pages
    ]
    entries += [  # each tag's reading list
        SitemapEntry(urls.absolute(urls.paged(f"{urls.base}reading-list/tags/{slug}/", n)), newest)
        for slug, count in by_tag
        for n in range(1, -(-count // site.config.readings_per_page) + 1)
    ]
    return tuple(entries)


def tag_link(tag: Tag, urls: Urls) -> TagLink:
    return TagLink(tag.name, tag.slug, urls.tag(tag.slug), len(tag.posts), tag.quizzes)


def own_views(post: Post, urls: Urls) -> tuple[PostLink, SitemapEntry]:
    url = urls.post(post.slug)
    entry = SitemapEntry(urls.absolute(url), lastmod(post.date))
    return PostLink(post.title, url, post.slug), entry


def sidebar_views(
    readings: tuple[tuple[Reading, tuple[PostLink, ...], int, str, str], ...],
) -> tuple[ReadingView, ...]:
    """A quiz's readings as its sidebar shows them, from each one's "Also in:" quizzes' links
    and where it is listed."""
    return tuple(
        ReadingView(
            reading.title,
            reading.url,
            reading.note_html,
            links,
            more,
            reading_anchor(reading.url),
            entry_url,
            all_url,
        )
        for reading, links, more, entry_url, all_url in readings
    )


def make_summary(
    post: Post, config: SiteConfig, urls: Urls, tags: tuple[TagLink, ...]
) -> PostSummary:
    return PostSummary(
        slug=post.slug,
        title=post.title,
        url=urls.post(post.slug),
        date_iso=(post.date.isoformat() if post.has_time else post.date.date().isoformat())
        if post.dated
        else "",
        date_display=format_date(
            post.date, post.date_format or config.date_format, post.lang or config.language
        )
        if post.dated
        else "",
        tags=tags,
        summary=post.summary,
        summary_html=post.summary_html,
        description=post.description,
        is_quiz=post.quiz is not None,
        multiple=post.quiz is not None and post.quiz.multiple,
        reading_minutes=post.reading_minutes,
        image=post_image(post, urls) if post.image else "",
        image_alt=post.image_alt,
    )


def _quiz_view(quiz: Quiz) -> QuizView:
    return QuizView(
        question_html=quiz.question_html,
        options=quiz.options,
        options_html=quiz.options_html,
        between_html=quiz.between_html,
        answer_html=quiz.answer.html,
        after_html=quiz.after_html,
        anchor=quiz.answer.anchor,
        multiple=quiz.multiple,
        key=quiz.answer.key,
        marker=quiz.marker,
    )


def post_view(
    post: Post,
    summary: PostSummary,
    older: PostLink | None,
    newer: PostLink | None,
    readings: tuple[ReadingView, ...],
) -> PostView:
    return PostView(
        post=summary,
        subtitle=post.subtitle,
        authors=post.authors,
        image=post.image,
        image_alt=post.image_alt,
        prose_html=post.prose_html,
        quiz=_quiz_view(post.quiz) if post.quiz else None,
        readings=readings,
        older=older,
        newer=newer,
        extra=post.extra,
        author_links=_author_links(post),
        toc_html=post.toc_html,
        lang=post.lang,
        options=post.options,
    )


def site_view(site: Site, counts: tuple[Any, ...]) -> SiteView:
    """The site-wide values every template may use."""
    menu, quizzes = counts[2], counts[4]
    config, urls = site.config, Urls(site.config.base_path, site.config.origin)
    icon_sheets: tuple[tuple[str, str], ...] = ()
    if config.quarto:  # installed icon extensions: only a Quarto project has them
        from .icon_extensions import page_stylesheets

        icon_sheets = page_stylesheets(config.root)
    return SiteView(
        config.title,
        config.description,
        config.author,
        config.language,
        config.base_url,
        config.base_path,
        urls.home(),
        f"{urls.base}tags/",
        f"{urls.base}reading-list/",
        f"{urls.base}feed.xml",
        len(site.posts),
        len(site.tags),
        config.search,
        config.publish_answers,
        config.fold_sidebar_readings,
        menu,
        urls.asset(config.favicon) if config.favicon else "",
        bool(site.reading_list),
        quizzes,
        config.look,
        counts[5][0],
        counts[5][1],
        config.header_style,
        config.scheme_toggle,
        config.quarto,
        icon_sheets,
        title_shown=config.title_shown,
        logo_url=_logo_url(config.navbar_logo, urls),
        feed_title=site_name(config) or next((p.title for p in site.pages if not p.slug), ""),
        analytics=config.analytics,
        words=counts[6],
        body_header=_body_chrome(config, urls.base, 0),
        body_footer=_body_chrome(config, urls.base, 1),
        brand=_brand(config, urls.base),
    )


def _brand(config: SiteConfig, base: str) -> str:
    """The site's title as the navbar shows it when its raw HTML names an address (a logo
    `<img src="/images/logo.png">`, as Quarto's navbar writes the title's HTML), that address
    made one that resolves on the published site; "" when the title is shown as it is."""
    title = config.title
    if not (config.quarto and "<" in title and ("src" in title or "href" in title)):
        return ""
    from .menus import site_links_html  # here: only a title holding HTML with an address

    return str(site_links_html(config, base, Markup(title)))


def _body_chrome(config: SiteConfig, base: str, which: int) -> str:
    """`website: body-header` (0) or `body-footer` (1) as every page shows it, its addresses
    made ones that resolve on the published site (`menus.site_links_html`)."""
    html = config.body_chrome[which]
    if not html:
        return html
    from .menus import site_links_html  # here: only a site with body chrome

    return site_links_html(config, base, Markup(html))


def _logo_url(logo: str, urls: Urls) -> str:
    """The navbar logo's address: an outside image as written, the site's own at its place."""
    return logo if "://" in logo or not logo else urls.asset(logo)


def site_words_of(config: SiteConfig) -> UiWords:
    """The words pages print, in the site's language (a Quarto project's `language:` and
    `_language.yml` too)."""
    if not config.quarto:
        return words(config.language)

    project = project_metadata(config.root)
    return site_words(config.language, project[0] if project else {}, config.root)
