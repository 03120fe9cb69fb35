"""Public registration to one date: the form, the personal page (no account needed), and
cancellation by that page. Writes go through events.registrations."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from placette.core import limits
from placette.events.forms.registration import form_for
from placette.events.models import Event, Occurrence, Registration
from placette.events.services import registrations

JUST_REGISTERED = "events:registered"  # session key: the personal page greets once


def _occurrence(uid) -> Occurrence:
    return get_object_or_404(
        Occurrence.objects.select_related("event", "event__place", "place").exclude(
            event__status=Event.Status.DRAFT
        ),
        uid=uid,
    )


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related(
            "occurrence", "occurrence__event", "occurrence__event__place", "occurrence__place"
        ),
        token=token,
    )


def _form_page(request, occurrence, form=None, *, status=200, already=None):
    if form is not None:
        form.occurrence_pk = occurrence.pk  # the box of this date shows this bound form
    context = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "registration_bound_form": form,
        "already": already,
    }
    return render(request, "events/registration_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def register(request, uid):
    """GET: the form of this date on a page of its own (the event page includes the same
    box). POST: register, then the personal page; on error the page keeps what was typed."""
    occurrence = _occurrence(uid)
    if request.method == "GET":
        return _form_page(request, occurrence)
    form = form_for(occurrence, request.POST)
    if form.is_spam:  # a robot: it sees a polite answer, nothing is stored or sent
        messages.success(request, _("Merci, votre demande a été reçue."))
        return redirect("events:register", uid=occurrence.uid)
    if not form.is_valid():
        return _form_page(request, occurrence, form, status=400)
    if limits.over_limit(
        request, purpose="register", ip_rate=settings.PLACETTE_REGISTRATION_RATE_IP
    ):
        form.add_error(
            None,
            _(
                "Beaucoup d'inscriptions ont été envoyées depuis votre connexion : patientez "
                "une heure, ou appelez le lieu. Ce que vous avez saisi est conservé."
            ),
        )
        return _form_page(request, occurrence, form, status=429)
    data = form.cleaned_data
    try:
        registration = registrations.register(
            occurrence=occurrence,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            public=data["public"],
            user=request.user,
        )
    except registrations.RegistrationClosed:
        form.add_error(None, _("Les inscriptions à cette date sont closes."))
        return _form_page(request, occurrence, form, status=409)
    except registrations.AlreadyRegistered as exc:
        return _form_page(request, occurrence, form, status=409, already=exc.registration)
    request.session[JUST_REGISTERED] = registration.token
    return redirect("events:registration", token=registration.token)


@require_POST
def resend_link(request, uid):
    """Someone already registered with this address: e-mail their personal link again. The
    answer is the same whether the address is registered or not."""
    occurrence = _occurrence(uid)
    email = request.POST.get("email", "").strip().lower()
    if email and not limits.over_limit(
        request, purpose="link", email=email, ip_rate=settings.PLACETTE_REGISTRATION_RATE_IP
    ):
        registration = (
            occurrence.registrations.filter(email=email)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is not None:
            registrations.send_link(registration=registration)
    messages.success(
        request,
        _(
            "Si cette adresse est inscrite à cette date, le lien personnel vient de lui être "
            "envoyé par courriel."
        ),
    )
    return redirect("events:register", uid=occurrence.uid)


@never_cache
@require_http_methods(["GET"])
def registration(request, token: str):
    """The person's own page: status, date, place, and a way to cancel."""
    registration = _registration(token)
    just_registered = request.session.get(JUST_REGISTERED) == token
    if just_registered:
        del request.session[JUST_REGISTERED]
    context = {
        "registration": registration,
        "occurrence": registration.occurrence,
        "event": registration.occurrence.event,
        "just_registered": just_registered,
        # The connection link of an online date goes to registrants who have a seat.
        "show_link": registration.status == Registration.Status.CONFIRMED,
        "position": registrations.waiting_position(registration),
        "can_cancel": registrations.can_cancel(registration),
        "personal_url": request.build_absolute_uri(
            reverse("events:registration", kwargs={"token": token})
        ),
    }
    return render(request, "events/registration.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, token: str):
    """GET asks for confirmation (mail scanners follow links: they cancel nothing); POST
    cancels, and the first person waiting gets the seat and an e-mail."""
    registration = _registration(token)
    if not registrations.can_cancel(registration):
        if registration.status != Registration.Status.CANCELLED:
            messages.info(request, _("Cette date est commencée : l'inscription ne s'annule plus."))
        return redirect("events:registration", token=token)
    if request.method == "POST":
        registrations.cancel(registration=registration)
        messages.success(
            request, _("Votre inscription est annulée. Merci d'avoir libéré votre place.")
        )
        return redirect("events:registration", token=token)
    context = {
        "registration": registration,
        "occurrence": registration.occurrence,
        "event": registration.occurrence.event,
    }
    return render(request, "events/registration_cancel.html", context)
