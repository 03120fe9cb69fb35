"""The registration box of one date (events/_register.html), whatever page includes it.

`{% registration_state occurrence as reg %}` gives the form (bound, with the errors, when the
registration page re-renders it for this date), whether registration is open, the seats left,
and whether the visitor organises the event."""

from django import template

from placette.events.forms.registration import form_for
from placette.events.models import Occurrence
from placette.events.services import registrations
from placette.places.permissions import can_edit_place
from placette.places.vocab import Public

register = template.Library()

PUBLIC_LABELS = dict(Public.choices)


@register.simple_tag(takes_context=True)
def registration_state(context, occurrence: Occurrence, item=None) -> dict:
    """`item`: the agenda's queries.Item of this date when the page has one (its seat count
    saves a query)."""
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    form = context.get("registration_bound_form")
    if form is None or getattr(form, "occurrence_pk", None) != occurrence.pk:
        form = form_for(occurrence, initial={"email": user.email} if signed_in else {})
    known = hasattr(item, "seats_left")
    left = item.seats_left if known else registrations.seats_left(occurrence)
    return {
        "form": form,
        "open": registrations.is_open(occurrence),
        "needed": occurrence.event.registration,
        "left": left,
        "full": left == 0,
        "organiser": signed_in and can_edit_place(user, occurrence.event.place),
    }


@register.filter
def public_label(code: str) -> str:
    return PUBLIC_LABELS.get(code, code)
