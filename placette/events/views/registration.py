"""Public registration to one date: the form, the personal page (no account needed), and
cancellation by that page. Writes go through events.registrations."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from placette.core import limits
from placette.events import queries
from placette.events.forms.registration import CodeForm, choice_form_for, form_for
from placette.events.models import Event, Occurrence, Registration
from placette.events.services import registrations

JUST_REGISTERED = "events:registered"  # session key: the personal page greets once
SENT_TO = "events:sent_to"  # session key: the address the confirmation link went to


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


def _form_page(request, occurrence, form=None, *, status=200):
    if form is not None:
        form.occurrence_pk = occurrence.pk  # the box of this date shows this bound form
    context = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "registration_bound_form": form,
    }
    return render(request, "events/registration_form.html", context, status=status)


def _over_limit(request, occurrence, data) -> bool:
    """Per client IP, per address, per date; a phone number alone (no link confirms it) has
    tighter rates, per date and per IP, so that a script cannot squat the seats."""
    limited = limits.over_limit(
        request,
        purpose="register",
        email=data["email"],
        ip_rate=settings.PLACETTE_REGISTRATION_RATE_IP,
        scope=str(occurrence.uid),
        scope_rate=settings.PLACETTE_REGISTRATION_RATE_DATE,
    )
    if data["email"]:
        return limited
    return (
        limits.over_limit(
            request,
            purpose="register-phone",
            ip_rate=settings.PLACETTE_REGISTRATION_RATE_PHONE_IP,
            scope=str(occurrence.uid),
            scope_rate=settings.PLACETTE_REGISTRATION_RATE_PHONE_DATE,
        )
        or limited
    )


def _confirmed_address(user, email: str) -> bool:
    """The signed-in person's own verified address needs no link."""
    return bool(
        user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


@require_http_methods(["GET", "POST"])
def register(request, uid):
    """GET: the form of this date on a page of its own (the event page includes the same
    box). POST: register; on error the page keeps what was typed. An e-mail address gets a
    link to confirm (the seat is held meanwhile), and the answer is the same whether it was
    registered already or not; a phone number alone leads to the personal page."""
    occurrence = _occurrence(uid)
    if request.method == "GET":
        return _form_page(request, occurrence)
    form = form_for(occurrence, request.POST)
    return _submit(
        request,
        occurrence,
        form,
        lambda status: _form_page(request, occurrence, form, status=status),
    )


def open_dates(event: Event) -> list:
    """The dates of `event` open to registration now (queries.Item, with their free seats)."""
    return [item for item in queries.items(queries.event_dates(event)) if item.registration_open]


def _choice_page(request, event, form, *, status=200):
    context = {"event": event, "choice_form": form}
    return render(request, "events/registration_choice.html", context, status=status)


@require_http_methods(["GET", "POST"])
def register_event(request, slug):
    """One form for a series: the date is a choice (radio buttons with the seats left), then
    the same registration as one date's form. GET ?date=<uid> checks that date."""
    event = get_object_or_404(
        Event.objects.select_related("place").exclude(status=Event.Status.DRAFT), slug=slug
    )
    dates = open_dates(event)
    if request.method == "GET":
        initial = {"date": request.GET.get("date", "")}
        if request.user.is_authenticated:
            initial["email"] = request.user.email
        form = choice_form_for(event, dates, initial=initial)
        return _choice_page(request, event, form)
    form = choice_form_for(event, dates, request.POST)
    if form.is_valid():
        chosen = {str(item.occurrence.uid): item.occurrence for item in dates}
        occurrence = chosen[form.cleaned_data["date"]]
    else:
        occurrence = None
    return _submit(
        request, occurrence, form, lambda status: _choice_page(request, event, form, status=status)
    )


def _submit(request, occurrence, form, page):
    """The POST of a registration form (one date's, or a series' with its date chosen):
    `page(status)` renders the form again with its errors."""
    if form.is_spam:  # a robot: it sees a polite answer, nothing is stored or sent
        messages.success(request, _("Merci, votre demande a été reçue."))
        return redirect(request.path)
    if not form.is_valid():
        return page(400)
    data = form.cleaned_data
    if _over_limit(request, occurrence, data):
        form.add_error(
            None,
            _(
                "Beaucoup d'inscriptions ont été envoyées depuis votre connexion ou à cette "
                "date : patientez une heure, ou appelez le lieu. Ce que vous avez saisi est "
                "conservé."
            ),
        )
        return page(429)
    email = data["email"].strip().lower()
    hold = bool(email) and not _confirmed_address(request.user, email)
    try:
        registration = registrations.register(
            occurrence=occurrence,
            name=data["name"],
            email=email,
            phone=data["phone"],
            public=data["public"],
            user=request.user,
            hold=hold,
        )
    except registrations.RegistrationClosed:
        form.add_error(None, _("Les inscriptions à cette date sont closes."))
        return page(409)
    except registrations.AlreadyRegistered as exc:
        registrations.send_link(registration=exc.registration, already=True)
        registration = None
    if registration is None or hold:
        request.session[SENT_TO] = email
        return redirect("events:registration_sent", uid=occurrence.uid)
    request.session[JUST_REGISTERED] = registration.token
    return redirect("events:registration", token=registration.token)


@never_cache
@require_http_methods(["GET"])
def sent(request, uid):
    """ "Look in your mailbox": the same page whether the address was registered or not."""
    occurrence = _occurrence(uid)
    context = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "email": request.session.get(SENT_TO, ""),
        "hold_minutes": settings.PLACETTE_REGISTRATION_HOLD_MINUTES,
    }
    return render(request, "events/registration_sent.html", context)


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
            "envoyé par e-mail."
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
        "unconfirmed": registrations.is_unconfirmed(registration),
        "personal_url": request.build_absolute_uri(
            reverse("events:registration", kwargs={"token": token})
        ),
        "code_url": request.build_absolute_uri(reverse("events:registration_code")),
    }
    return render(request, "events/registration.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def by_code(request):
    """A phone registrant's way back: the short code and the phone number lead to the
    cancellation of their registration. A wrong code and a wrong number get the same answer,
    and lookups are rate-limited per client IP: codes cannot be tried in bulk."""
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if limits.over_limit(
            request, purpose="code", ip_rate=settings.PLACETTE_REGISTRATION_CODE_RATE_IP
        ):
            form.add_error(
                None,
                _(
                    "Trop d'essais depuis votre connexion : patientez une heure, ou appelez "
                    "le lieu."
                ),
            )
            status = 429
        else:
            found = registrations.find_by_code(
                code=form.cleaned_data["code"], phone=form.cleaned_data["phone"]
            )
            if found is not None:
                if registrations.can_cancel(found):
                    return redirect("events:registration_cancel", token=found.token)
                return redirect("events:registration", token=found.token)
            form.add_error(
                None,
                _(
                    "Aucune inscription en cours ne correspond à ce code et à ce numéro. "
                    "Vérifiez-les, ou appelez le lieu."
                ),
            )
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "events/registration_code.html", {"form": form}, status=status)


@require_POST
def confirm(request, token: str):
    """The button of the personal page reached by the e-mailed link (a POST: mail scanners
    follow links, they confirm nothing)."""
    registration = _registration(token)
    try:
        registrations.confirm(registration=registration)
    except registrations.HoldExpired:
        messages.error(
            request,
            _(
                "Le délai de confirmation est passé : la place a été libérée. Vous pouvez "
                "vous inscrire à nouveau."
            ),
        )
    else:
        messages.success(request, _("Merci, votre inscription est confirmée."))
    return redirect("events:registration", token=token)


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
