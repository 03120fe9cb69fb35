"""The organiser's pages: registrants of one date (roll call, registering someone, cancelling,
CSV export) and the place's statistics. The organisers are the place's managers and the
moderators (places.permissions.can_edit_place); others get 403, visitors the login page."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from placette.core.spreadsheets import safe_cell
from placette.events import stats, vocab
from placette.events.forms.registration import PeriodForm, form_for
from placette.events.models import Occurrence, Registration
from placette.events.services import registrations
from placette.places.models import Place
from placette.places.permissions import can_edit_place
from placette.places.vocab import Public

PUBLIC_LABELS = dict(Public.choices)
STATUS_LABELS = dict(Registration.Status.choices)
ATTENDANCE_LABELS = dict(vocab.Attendance.choices)


def _signed_in(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def organiser_required(view):
    """Resolve the date from its uid and check its event's place: the view gets the date."""

    @_signed_in
    @wraps(view)
    def wrapped(request, uid, *args, **kwargs):
        occurrence = get_object_or_404(
            Occurrence.objects.select_related("event", "event__place", "place"), uid=uid
        )
        if not can_edit_place(request.user, occurrence.event.place):
            raise PermissionDenied
        return view(request, occurrence, *args, **kwargs)

    return wrapped


def _registrant(occurrence: Occurrence, pk: int) -> Registration:
    return get_object_or_404(Registration, pk=pk, occurrence=occurrence)


def who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email or user.get_username()


def _page(request, occurrence, *, form=None, status=200):
    context = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "roster": registrations.roster(occurrence),
        "seats": occurrence.seats,
        "form": form or form_for(occurrence, mediator=True),
        "can_add": registrations.is_open_to_organiser(occurrence),
    }
    return render(request, "events/organiser.html", context, status=status)


@never_cache
@organiser_required
@require_GET
def registrants(request, occurrence):
    return _page(request, occurrence)


@organiser_required
@require_POST
def add(request, occurrence):
    """A mediator registers someone (at the desk, on the phone): name alone is enough."""
    form = form_for(occurrence, request.POST, mediator=True)
    if not form.is_valid():
        return _page(request, occurrence, form=form, status=400)
    data = form.cleaned_data
    try:
        registration = registrations.register(
            occurrence=occurrence,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            public=data["public"],
            by=request.user,
            late=True,
        )
    except registrations.RegistrationClosed:
        form.add_error(None, _("Les inscriptions à cette date sont closes."))
        return _page(request, occurrence, form=form, status=409)
    except registrations.AlreadyRegistered as exc:
        form.add_error(
            "email",
            _("Cette adresse est déjà inscrite à cette date (%(name)s).")
            % {"name": exc.registration.name},
        )
        return _page(request, occurrence, form=form, status=409)
    if registration.status == Registration.Status.WAITING:
        text = _("%(name)s est sur la liste d'attente.")
    else:
        text = _("L'inscription de %(name)s est enregistrée.")
    text = text % {"name": registration.name}
    if registration.code:  # a phone number alone: the code to tell them, to cancel with
        text += " " + _("Son code pour annuler : %(code)s.") % {"code": registration.code}
    messages.success(request, text)
    return redirect("events:registrants", uid=occurrence.uid)


@organiser_required
@require_http_methods(["GET", "POST"])
def cancel(request, occurrence, pk: int):
    """GET asks to confirm (a stray tap on a phone must not give a seat away); POST cancels,
    and the first person waiting is promoted and told."""
    registration = _registrant(occurrence, pk)
    if registration.status == Registration.Status.CANCELLED:
        messages.info(request, _("Cette inscription est déjà annulée."))
        return redirect("events:registrants", uid=occurrence.uid)
    if request.method == "POST":
        promoted = registrations.cancel(registration=registration)
        text = _("L'inscription de %(name)s est annulée.") % {"name": registration.name}
        if promoted:
            names = ", ".join(r.name for r in promoted)
            text += " " + _("Passe de la liste d'attente aux inscrits : %(names)s.") % {
                "names": names
            }
        messages.success(request, text)
        return redirect("events:registrants", uid=occurrence.uid)
    context = {"occurrence": occurrence, "event": occurrence.event, "registration": registration}
    return render(request, "events/organiser_cancel.html", context)


@organiser_required
@require_POST
def attendance(request, occurrence, pk: int):
    """Present / absent / not taken. attendance.js posts it with fetch and asks for JSON;
    without JavaScript the page comes back at the same row."""
    registration = _registrant(occurrence, pk)
    value = request.POST.get("attendance", "")
    try:
        registration = registrations.set_attendance(registration=registration, attendance=value)
    except ValueError:
        return HttpResponseBadRequest(_("Présence impossible à noter pour cette inscription."))
    if "application/json" in request.headers.get("Accept", ""):
        counts = registrations.roster(occurrence)["counts"]
        return JsonResponse(
            {
                "attendance": registration.attendance,
                "label": str(ATTENDANCE_LABELS[registration.attendance]),
                "counts": {k: counts[k] for k in ("present", "absent", "not_taken")},
            }
        )
    url = reverse("events:registrants", kwargs={"uid": occurrence.uid})
    return redirect(f"{url}#r{registration.pk}")


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # the BOM: spreadsheet software then reads UTF-8
    return response, csv.writer(response)


@organiser_required
@require_GET
def export_csv(request, occurrence):
    roster = registrations.roster(occurrence)
    local = timezone.localtime(occurrence.start)
    response, writer = _csv_response(f"inscrits-{occurrence.event.slug}-{local:%Y-%m-%d}.csv")
    writer.writerow(
        [
            _("nom"),
            _("courriel"),
            _("téléphone"),
            _("public"),
            _("statut"),
            _("présence"),
            _("inscrit le"),
            _("inscrit par"),
        ]
    )
    for group in ("confirmed", "waiting", "cancelled"):
        for r in roster[group]:
            writer.writerow(
                [
                    safe_cell(r.name),
                    safe_cell(r.email),
                    r.phone,  # digits, spaces, + . ( ) - only (forms_registration.PHONE)
                    str(PUBLIC_LABELS.get(r.public, r.public)),
                    str(STATUS_LABELS[r.status]),
                    str(ATTENDANCE_LABELS.get(r.attendance, r.attendance))
                    if r.status == Registration.Status.CONFIRMED
                    else "",
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    safe_cell(who(r.registered_by)),
                ]
            )
    return response


# -- statistics of a place --------------------------------------------------------------------


def _stats_place(request, slug: str) -> Place:
    place = get_object_or_404(Place, slug=slug)
    if not can_edit_place(request.user, place):
        raise PermissionDenied
    return place


def _period(request) -> tuple[PeriodForm, tuple]:
    default = stats.default_period(timezone.localdate())
    bound = "du" in request.GET or "au" in request.GET
    form = PeriodForm(request.GET if bound else None, initial={"du": default[0], "au": default[1]})
    return form, form.period(default)


@_signed_in
@require_GET
def place_stats(request, slug: str):
    place = _stats_place(request, slug)
    form, (start, end) = _period(request)
    context = {
        "place": place,
        "form": form,
        "start": start,
        "end": end,
        "stats": stats.place_stats(place=place, start=start, end=end),
        "upcoming": stats.upcoming(place=place, now=timezone.now()),
        "query": f"du={start.isoformat()}&au={end.isoformat()}",
    }
    return render(request, "events/stats.html", context, status=400 if form.errors else 200)


@_signed_in
@require_GET
def place_stats_csv(request, slug: str):
    place = _stats_place(request, slug)
    _form, (start, end) = _period(request)
    data = stats.place_stats(place=place, start=start, end=end)
    response, writer = _csv_response(f"statistiques-{place.slug}-{start}-{end}.csv")
    writer.writerow(
        [
            _("rubrique"),
            _("valeur"),
            _("dates"),
            _("inscrits"),
            _("présents"),
            _("absents"),
            _("non pointés"),
        ]
    )
    totals = data["totals"]
    writer.writerow(
        [
            _("total"),
            _("du %(start)s au %(end)s") % {"start": start, "end": end},
            totals["dates"],
            totals["registered"],
            totals["present"],
            totals["absent"],
            totals["not_taken"],
        ]
    )
    people = _("personnes accompagnées (différentes, présentes)")
    writer.writerow([_("total"), people, "", "", totals["people_present"], "", ""])
    sections = [
        (_("public"), data["by_public"]),
        (_("type"), data["by_kind"]),
        (_("mois"), [row for _month, row in data["by_month"]]),
    ]
    for section, rows in sections:
        for row in rows:
            writer.writerow(
                [
                    section,
                    safe_cell(row.label),
                    "" if row.dates is None else row.dates,
                    row.registered,
                    row.present,
                    row.absent,
                    row.not_taken,
                ]
            )
    return response
