import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from placette.core import licences
from placette.core.markdown import render as render_markdown

register = template.Library()

# The escapes of Django's json_script: nothing inside can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> str:
    """A <script type="application/ld+json"> block, escaped like json_script (never |safe)."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current filters' query string with some values changed: {% query page=2 %}."""
    filters = context["filters"]
    page = changes.pop("page", None)
    text = filters.querystring(**changes)
    if page and str(page) != "1":
        text = f"{text}&page={page}" if text else f"page={page}"
    if text:
        return f"?{text}"
    # "?" alone still drops a page number from the current URL; elsewhere, nothing to add.
    return "?" if page is not None else ""


@register.simple_tag(takes_context=True)
def page_link(context, number) -> str:
    """The href of page `number` of a list (core/_pagination.html): with the list's filters
    when the context has them (see query), else with `page_query`, a query string, if any."""
    if "filters" in context:
        return query(context, page=number)
    kept = context.get("page_query")
    return f"?{kept}&page={number}" if kept else f"?page={number}"


@register.inclusion_tag("core/_breadcrumb.html")
def breadcrumb(*links, here) -> dict:
    """The trail to this page: (url, name) pairs of the pages above it, then `here`, its own
    name: {% breadcrumb list_url _("Lieux") place.get_absolute_url place.name here=_("Modifier") %}.
    A pair with an empty url or name is left out (a link the page does not always have)."""
    if len(links) % 2:
        raise template.TemplateSyntaxError("breadcrumb takes (url, name) pairs, then here=")
    pairs = zip(links[::2], links[1::2], strict=True)
    return {"links": [(url, name) for url, name in pairs if url and name], "here": here}


@register.filter
def markdown(text: str):
    """User Markdown as sanitised HTML (core/markdown.py)."""
    return render_markdown(text)


@register.filter
def licence_url(code: str) -> str:
    return licences.url(code)


@register.filter
def licence_short(code: str) -> str:
    return licences.short(code)


@register.simple_tag
def lang_attr(code: str = "fr") -> str:
    """` lang="fr"` on user content (place names, stories, events: written in French unless
    known otherwise) when the interface is in another language, so that screen readers and
    hyphenation switch; nothing when the page's language is already `code`."""
    code = (code or "fr").strip()
    if not code or get_language() == code:
        return ""
    return format_html(' lang="{}"', code)
