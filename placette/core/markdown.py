"""User Markdown to safe HTML: markdown-it-py renders (raw HTML off), nh3 sanitises what comes out.

Two locks, on purpose: markdown-it escapes any HTML typed in the text, and nh3 keeps only the
tags and attributes below, so a `javascript:` link or an `onerror=` never reaches a page even if
the renderer changes. Headings start at h2: the page's own title is the h1.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _shift_headings(html: str) -> str:
    # h1 → h2 … h5 → h6 (h6 stays): replace from the deepest level up so none is shifted twice.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return html


def render(text: str) -> SafeString:
    html = _shift_headings(_md.render(text or ""))
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )
    return mark_safe(clean)  # noqa: S308 — sanitised by nh3 just above
