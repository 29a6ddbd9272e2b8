"""Markdown (headings, paragraphs, lists, bold, italic, tables) to HTML with markdown-it-py,
raw HTML off, then sanitised by nh3. Citations become links for readers who may open the
source, and "(source not available to you)" for others."""
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from report import sources

ALLOWED_TAGS = {"h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "table",
                "thead", "tbody", "tr", "th", "td", "a", "br", "blockquote", "code"}


def parser():
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _label(text):
    return text.replace("[", "(").replace("]", ")")


def with_sources(text, review_id, user):
    def link(match):
        found = sources.resolve(match.group("kind"), int(match.group("id")), review_id, user)
        if found is None:
            return "(source not available to you)"
        label, url = found
        return f"[{_label(label)}]({url})"
    return sources.CITATION.sub(link, text or "")


def to_html(text, review_id=None, user=None):
    """Sanitised HTML of a section's text (headings start at h3 below the section's h2)."""
    if review_id is not None:
        text = with_sources(text, review_id, user)
    return Markup(_sanitised(text or ""))


@lru_cache(maxsize=256)
def _sanitised(text):
    """Pure in its text (the user's sources are already in it), so kept per process: a
    section's versions never change, and opening one again need not parse it again."""
    html = parser().render(text)
    for level in range(5, 0, -1):  # "# x" inside a section is a sub-heading of it
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>",
                                                                       f"</h{level + 1}>")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                     url_schemes={"http", "https"}, link_rel="noopener")
