"""Organisers' pages: create and edit an event, its dates (a series of stops, a regular slot),
its lifecycle; "my events"; a place's outside calendars.

Every view asks places.permissions.can_edit_place(user, event.place) (the place's managers and
moderators) and calls one service of events.services / events.feeds; errors re-render the
form with what was typed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from placette.core import roles
from placette.events import recurrence
from placette.events.forms.events import (
    EventForm,
    FeedForm,
    MoveForm,
    OccurrenceForm,
    OnlineForm,
    ReasonForm,
    RecurrenceForm,
)
from placette.events.models import CalendarFeed, Event, Occurrence, Registration
from placette.events.services import events as services
from placette.events.services import feeds
from placette.places.models import Place
from placette.places.permissions import can_edit_place

STOP_GAP = timedelta(days=7)  # the next stop's default date when nothing tells better


def _data(request):
    return request.POST if request.method == "POST" else None


def _posted(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _event(request, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("place", "feed"), slug=slug)
    if not can_edit_place(request.user, event.place):
        raise PermissionDenied
    return event


def _date(event: Event, pk: int) -> Occurrence:
    return get_object_or_404(Occurrence.objects.select_related("place"), pk=pk, event=event)


def _organisable(user):
    """The places whose events this person may organise (moderators: any, by ?lieu=)."""
    return Place.objects.filter(managers__user=user).order_by("name")


# --- The event ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def create(request):
    chosen = None
    if request.GET.get("lieu"):
        chosen = get_object_or_404(Place, slug=request.GET["lieu"])
        if not can_edit_place(request.user, chosen):
            raise PermissionDenied
    places = _organisable(request.user)
    if chosen is not None:
        places = Place.objects.filter(Q(pk__in=places.values("pk")) | Q(pk=chosen.pk))
    if not places.exists():
        raise PermissionDenied
    initial = {
        "place": chosen or places.first(),
        "kind": "atelier",
        "level": "tous",
        "language": "fr",
        "is_free": True,
        "registration": True,
    }
    form = EventForm(*_posted(request), initial=initial, places=places.order_by("name"))
    if request.method == "POST" and form.is_valid():
        event = services.create_event(
            place=form.cleaned_data["place"], fields=form.to_fields(), by=request.user
        )
        messages.success(request, _("Brouillon enregistré. Ajoutez maintenant ses dates."))
        return redirect("events:event_dates", slug=event.slug)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": None, "place": chosen},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, slug: str):
    event = _event(request, slug)
    form = EventForm(*_posted(request), initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        changed = services.update_event(event=event, fields=form.to_fields(), by=request.user)
        if changed:
            messages.success(request, _("Modifications enregistrées."))
        else:
            messages.info(request, _("Rien n'a changé."))
        return redirect("events:event_edit", slug=event.slug)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event, "place": event.place},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def publish(request, slug: str):
    event = _event(request, slug)
    try:
        services.publish(event=event, by=request.user)
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("L'événement est publié dans l'agenda."))
    return redirect("events:event_dates", slug=event.slug)


def _lifecycle(request, slug, *, form_class, action, title, intro, button, **form_kwargs):
    """A lifecycle step asking one thing (a reason, a link): GET shows it, POST does it."""
    event = _event(request, slug)
    form = form_class(_data(request), **form_kwargs)
    coming = event.occurrences.filter(start__gte=timezone.now())
    page = {"event": event, "title": title, "intro": intro, "button": button}
    return _step(request, form, lambda data: action(event, data), page, people=_people(coming))


def _step(request, form, apply, page: dict, *, people: int):
    """The POST of a one-form step: apply it and go back to the dates page, or show the form
    again (its errors, or the service's refusal)."""
    if request.method == "POST" and form.is_valid():
        try:
            apply(form.cleaned_data)
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            return redirect("events:event_dates", slug=page["event"].slug)
    return render(
        request,
        "events/manage_action.html",
        {**page, "form": form, "people": people},
        status=400 if form.errors else 200,
    )


def _people(occurrences) -> int:
    return Registration.objects.filter(occurrence__in=occurrences, status__in=services.LIVE).count()


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request, slug: str):
    def action(event, data):
        services.cancel_event(event=event, reason=data["reason"], by=request.user)
        messages.success(
            request, _("L'événement est annulé ; les personnes inscrites sont prévenues.")
        )

    return _lifecycle(
        request,
        slug,
        form_class=ReasonForm,
        action=action,
        title=_("Annuler l'événement"),
        intro=_("Toutes ses dates à venir sont annulées. Cela ne peut pas être défait."),
        button=_("Annuler l'événement"),
        required=False,
    )


@require_http_methods(["GET", "POST"])
@login_required
def postpone(request, slug: str):
    def action(event, data):
        services.postpone_event(event=event, reason=data["reason"], by=request.user)
        messages.success(
            request,
            _("L'événement est reporté. Déplacez ses dates, puis publiez-le de nouveau."),
        )

    return _lifecycle(
        request,
        slug,
        form_class=ReasonForm,
        action=action,
        title=_("Reporter l'événement"),
        intro=_(
            "Les dates prévues ne tiennent plus ; les inscriptions sont gardées. Vous fixerez "
            "les nouvelles dates ensuite, puis publierez l'événement de nouveau."
        ),
        button=_("Reporter"),
        required=False,
    )


@require_http_methods(["GET", "POST"])
@login_required
def online(request, slug: str):
    def action(event, data):
        services.move_online(event=event, url=data["url"], by=request.user)
        messages.success(
            request, _("Les dates à venir ont lieu en ligne ; les inscrits le savent.")
        )

    return _lifecycle(
        request,
        slug,
        form_class=OnlineForm,
        action=action,
        title=_("Passer en ligne"),
        intro=_("Toutes les dates à venir auront lieu en ligne, à l'adresse indiquée."),
        button=_("Passer en ligne"),
    )


# --- Dates ------------------------------------------------------------------------------


def _dates_of(event: Event):
    live = Q(registrations__status=Registration.Status.CONFIRMED)
    return (
        event.occurrences.select_related("place")
        .annotate(
            confirmed=Count("registrations", filter=live),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
            registered=Count("registrations"),
        )
        .order_by("start")
    )


def _next_stop(event: Event) -> dict:
    """The add form's values: the last date typed, one step later (the gap between the last
    two typed, else a week) — a touring series is typed stop after stop."""
    typed = list(event.occurrences.filter(from_rule=False).order_by("-pk")[:2])
    if not typed:
        return {"mode": Occurrence.Mode.PLACE}
    gap = STOP_GAP
    if len(typed) == 2:
        days = timezone.localtime(typed[0].start).date() - timezone.localtime(typed[1].start).date()
        gap = days if days.days > 0 else STOP_GAP
    return OccurrenceForm.initial_for(typed[0], next_stop=gap)


@require_http_methods(["GET", "POST"])
@login_required
def dates(request, slug: str):
    """The dates (or stops) of an event: the list with its actions, and adding one."""
    event = _event(request, slug)
    form = OccurrenceForm(_data(request), initial=_next_stop(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_occurrence(event=event, by=request.user, **form.to_occurrence())
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Date ajoutée. Le formulaire reprend ses valeurs."))
            return redirect(reverse("events:event_dates", args=[event.slug]) + "#ajouter")
    now = timezone.now()
    occurrences = list(_dates_of(event))
    return render(
        request,
        "events/series.html",
        {
            "event": event,
            "form": form,
            "coming": [o for o in occurrences if o.end >= now],
            "past": [o for o in occurrences if o.end < now],
            "rule": recurrence.describe(event.rrule, event.skip_school_holidays)
            if event.rrule
            else "",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit_date(request, slug: str, pk: int):
    event = _event(request, slug)
    occurrence = _date(event, pk)
    form = OccurrenceForm(
        _data(request), initial=OccurrenceForm.initial_for(occurrence), with_when=False
    )
    if request.method == "POST" and form.is_valid():
        fields = {**form.to_location(), "capacity": form.cleaned_data["capacity"]}
        services.update_occurrence(occurrence=occurrence, fields=fields, by=request.user)
        messages.success(request, _("Date enregistrée."))
        return redirect("events:event_dates", slug=event.slug)
    return render(
        request,
        "events/occurrence_form.html",
        {"event": event, "occurrence": occurrence, "form": form},
        status=400 if form.errors else 200,
    )


def _date_step(request, slug, pk, *, form_class, action, title, intro, button, **form_kwargs):
    event = _event(request, slug)
    occurrence = _date(event, pk)
    initial = {}
    if form_class is MoveForm:
        start, end = timezone.localtime(occurrence.start), timezone.localtime(occurrence.end)
        initial = {"day": start.date(), "start_time": start.time(), "end_time": end.time()}
    form = form_class(_data(request), initial=initial, **form_kwargs)
    page = {"event": event, "occurrence": occurrence, "title": title, "intro": intro}
    page["button"] = button
    return _step(
        request, form, lambda data: action(occurrence, data), page, people=_people([occurrence])
    )


@require_http_methods(["GET", "POST"])
@login_required
def move_date(request, slug: str, pk: int):
    def action(occurrence, data):
        services.move_occurrence(
            occurrence=occurrence,
            start=data["start"],
            end=data["end"],
            by=request.user,
        )
        messages.success(request, _("Date déplacée ; les inscriptions sont gardées."))

    return _date_step(
        request,
        slug,
        pk,
        form_class=MoveForm,
        action=action,
        title=_("Déplacer une date"),
        intro=_("Les personnes inscrites gardent leur place et reçoivent la nouvelle date."),
        button=_("Déplacer"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def cancel_date(request, slug: str, pk: int):
    def action(occurrence, data):
        services.cancel_occurrence(occurrence=occurrence, reason=data["reason"], by=request.user)
        messages.success(request, _("Date annulée."))

    return _date_step(
        request,
        slug,
        pk,
        form_class=ReasonForm,
        action=action,
        title=_("Annuler une date"),
        intro=_("Seule cette date est annulée ; les autres restent au programme."),
        button=_("Annuler cette date"),
        required=False,
    )


@require_POST
@login_required
def delete_date(request, slug: str, pk: int):
    event = _event(request, slug)
    try:
        services.delete_occurrence(occurrence=_date(event, pk), by=request.user)
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Date supprimée."))
    return redirect("events:event_dates", slug=event.slug)


@require_http_methods(["GET", "POST"])
@login_required
def rule(request, slug: str):
    """The regular slot: set it, change it, or stop it (the dates it made without
    registrations go; those with registrations are cancelled and their people told)."""
    event = _event(request, slug)
    form = RecurrenceForm(
        request.POST if request.method == "POST" and "stop" not in request.POST else None,
        initial=RecurrenceForm.initial_for(event),
    )
    if request.method == "POST":
        if "stop" in request.POST:
            services.set_recurrence(event=event, rule="", by=request.user)
            messages.success(request, _("Créneau régulier arrêté."))
            return redirect("events:event_dates", slug=event.slug)
        if form.is_valid():
            made = services.set_recurrence(
                event=event,
                rule=form.to_rule(),
                skip_school_holidays=form.cleaned_data["skip_school_holidays"],
                by=request.user,
            )
            messages.success(
                request,
                _("Créneau régulier enregistré : %(n)s date(s) ajoutée(s).") % {"n": made.created},
            )
            return redirect("events:event_dates", slug=event.slug)
    return render(
        request,
        "events/series_rule.html",
        {
            "event": event,
            "form": form,
            "rule": recurrence.describe(event.rrule, event.skip_school_holidays),
            "zone": recurrence.zone_for(event.place.departement),
            "horizon": recurrence.HORIZON_DAYS,
        },
        status=400 if form.errors else 200,
    )


# --- My events, a place's calendars ---------------------------------------------------------


@require_http_methods(["GET"])
@login_required
def mine(request):
    now = timezone.now()
    places = list(_organisable(request.user))
    events = (
        Event.objects.filter(Q(place__in=places) | Q(created_by=request.user))
        .select_related("place")
        .annotate(
            next_start=Min(
                "occurrences__start",
                filter=Q(occurrences__start__gte=now, occurrences__status="scheduled"),
            ),
            dates_count=Count("occurrences", distinct=True),
        )
        .order_by("next_start", "-created_at")
    )
    moderator = roles.is_moderator(request.user)
    managed = {place.pk for place in places}
    visible = [e for e in events if moderator or e.place_id in managed]
    return render(
        request,
        "events/manage_list.html",
        {
            "places": places,
            "drafts": [e for e in visible if e.status == Event.Status.DRAFT],
            "coming": [e for e in visible if e.status != Event.Status.DRAFT and e.next_start],
            "others": [e for e in visible if e.status != Event.Status.DRAFT and not e.next_start],
        },
    )


def _place(request, slug: str) -> Place:
    place = get_object_or_404(Place, slug=slug)
    if not can_edit_place(request.user, place):
        raise PermissionDenied
    return place


@require_http_methods(["GET", "POST"])
@login_required
def place_feeds(request, slug: str):
    """A place's outside calendars: add one (read by the task queue), see when each was last
    read."""
    place = _place(request, slug)
    form = FeedForm(_data(request))
    if request.method == "POST" and form.is_valid():
        feed = feeds.add_feed(place=place, url=form.cleaned_data["url"], by=request.user)
        feeds.refresh_later(feed=feed)
        messages.success(
            request, _("Calendrier ajouté : il sera lu dans un instant (rechargez la page).")
        )
        return redirect("events:place_feeds", slug=place.slug)
    subscriptions = place.calendar_feeds.annotate(
        imported=Count("events", filter=~Q(events__status=Event.Status.CANCELLED))
    ).order_by("created_at")
    return render(
        request,
        "events/feeds.html",
        {"place": place, "form": form, "feeds": subscriptions},
        status=400 if form.errors else 200,
    )


def _feed(request, slug: str, pk: int) -> CalendarFeed:
    return get_object_or_404(CalendarFeed, pk=pk, place=_place(request, slug))


@require_POST
@login_required
def feed_refresh(request, slug: str, pk: int):
    feeds.refresh_later(feed=_feed(request, slug, pk))
    messages.success(request, _("Lecture demandée : le calendrier sera lu dans un instant."))
    return redirect("events:place_feeds", slug=slug)


@require_POST
@login_required
def feed_remove(request, slug: str, pk: int):
    feed = _feed(request, slug, pk)
    feeds.remove_feed(feed=feed, by=request.user)
    messages.success(request, _("Calendrier retiré ; ses événements ne sont plus importés."))
    return redirect("events:place_feeds", slug=slug)
