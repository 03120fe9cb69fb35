"""{% freshness_badge place %} ("à vérifier") and {% confirm_button place %} (managers only)."""

from django import template

from placette.places import permissions
from placette.places.services import freshness

register = template.Library()


@register.inclusion_tag("places/_freshness_badge.html")
def freshness_badge(place, paragraph: bool = False) -> dict:
    return {"stale": freshness.is_stale(place), "paragraph": paragraph}


@register.inclusion_tag("places/_confirm_form.html", takes_context=True)
def confirm_button(context, place, next: str = "") -> dict:  # noqa: A002 (the usual name)
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "place": place,
        "manages": permissions.manages(user, place),
        "next": next or (request.get_full_path() if request else ""),
        "csrf_token": context.get("csrf_token"),
    }
