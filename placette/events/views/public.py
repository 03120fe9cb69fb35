"""The public agenda: the list, its map and GeoJSON, event pages, iCalendar feeds, posters."""

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET, require_safe
from django.views.decorators.vary import vary_on_headers

from placette.events import ical, jsonld, queries, vocab
from placette.events.forms.registration import choice_form_for
from placette.events.models import Event, Occurrence
from placette.places import vocab as place_vocab
from placette.places.models import Place
from placette.places.permissions import can_edit_place

JSONLD_DATES = 50  # JSON-LD blocks on one page (a weekly slot has 50 dates a year)
POSTER_DATES = 10  # what fits on one A4 sheet
INLINE_FORMS = 3  # registration forms shown on the event page; later dates link to theirs


def _filters_context(filters: queries.EventFilters) -> dict:
    return {
        "filters": filters,
        "filter_place": queries.filter_place(filters),
        "kinds": vocab.Kind.choices,
        "themes": place_vocab.Service.choices,
        "accessibility_choices": vocab.Accessibility.choices,
        "departements": queries.departement_choices(),
    }


@require_GET
@vary_on_headers("HX-Request")
def agenda(request):
    filters = queries.EventFilters.from_query(request.GET)
    paginator = Paginator(queries.upcoming(filters), queries.PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        **_filters_context(filters),
        "page": page,
        "days": queries.by_day(queries.items(page.object_list)),
    }
    # htmx asks for the same page and picks #agenda-layout from it (hx-select).
    return render(request, "events/agenda.html", context)


@require_GET
def agenda_map(request):
    filters = queries.EventFilters.from_query(request.GET)
    return render(request, "events/map.html", _filters_context(filters))


@require_GET
def agenda_geojson(request):
    """Upcoming dates with a point, one feature each; online-only dates are not on the map."""
    filters = queries.EventFilters.from_query(request.GET)
    features = []
    for item in queries.items(queries.mappable(filters)):
        point = item.point
        if point is None:
            continue
        occ, event = item.occurrence, item.event
        start = timezone.localtime(occ.start)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                "properties": {
                    "title": event.title,
                    "url": event.get_absolute_url(),
                    "kind": str(event.get_kind_display()),
                    "start": start.isoformat(),
                    "when": _when(occ),
                    "where": ical.where(item),
                    "status": item.state,
                    "cancelled": item.is_cancelled,
                },
            }
        )
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features}, content_type="application/geo+json"
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


def _when(occurrence: Occurrence) -> str:
    start = timezone.localtime(occurrence.start)
    end = timezone.localtime(occurrence.end)
    day = date_format(start, "l j F Y")
    return _("%(day)s, %(start)s – %(end)s") % {
        "day": day,
        "start": date_format(start, "H\\hi"),
        "end": date_format(end, "H\\hi"),
    }


def _visible_event(request, slug: str) -> Event:
    """The event of the page; a draft is shown to its organisers only."""
    event = get_object_or_404(Event.objects.select_related("place"), slug=slug)
    if event.status == Event.Status.DRAFT and not can_edit_place(request.user, event.place):
        raise Http404
    return event


@require_GET
def event_detail(request, slug: str):
    event = _visible_event(request, slug)
    now = timezone.now()
    dates = queries.items(queries.event_dates(event), now=now)
    upcoming = [item for item in dates if item.occurrence.end > now]
    past = [item for item in dates if item.occurrence.end <= now]
    url = request.build_absolute_uri(event.get_absolute_url())
    image_url = request.build_absolute_uri(event.image.url) if event.image else ""
    organizer_url = request.build_absolute_uri(event.place.get_absolute_url())
    described = upcoming[:JSONLD_DATES] or past[-JSONLD_DATES:]
    open_items = [item for item in upcoming if item.registration_open]
    signed_in = request.user.is_authenticated
    initial = {"email": request.user.email} if signed_in else {}
    context = {
        "event": event,
        "upcoming": upcoming,
        "past": past,
        "canonical_url": url,
        "image_url": image_url,
        "themes": place_vocab.labels(place_vocab.Service, event.themes),
        "publics": place_vocab.labels(place_vocab.Public, event.publics),
        "accessibility": place_vocab.labels(vocab.Accessibility, event.accessibility),
        "inline_forms": INLINE_FORMS,
        # Several dates open: one form, the date chosen in it (views/registration.py).
        "choice_form": choice_form_for(event, open_items, initial=initial)
        if len(open_items) > 1
        else None,
        "is_organiser": can_edit_place(request.user, event.place),
        "jsonld": [
            jsonld.occurrence(
                item,
                url=url,
                organizer_url=organizer_url,
                image_url=image_url,
                online_url=item.online_link,
            )
            for item in described
        ],
    }
    return render(request, "events/detail.html", context)


def _calendar_response(request, occurrences, *, name: str, filename: str = "") -> HttpResponse:
    body = ical.calendar(
        occurrences,
        name=name,
        host=ical.uid_host(request),
        absolute=request.build_absolute_uri,
        url=request.build_absolute_uri(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _feed_version(request) -> queries.FeedVersion:
    """The feed's version, computed once per request (the ETag and Last-Modified share it)."""
    if not hasattr(request, "_feed_version"):
        request._feed_version = queries.feed_version(queries.EventFilters.from_query(request.GET))
    return request._feed_version


def _feed_etag(request) -> str:
    # The calendar's name is translated and its links carry the host: both are in the ETag.
    key = f"{_feed_version(request).fingerprint}|{translation.get_language()}|{request.get_host()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@require_safe  # calendar clients may ask HEAD first
@condition(  # clients poll: a conditional GET is answered 304 without writing the calendar
    etag_func=_feed_etag,
    last_modified_func=lambda request: _feed_version(request).last_modified,
)
def feed(request):
    filters = queries.EventFilters.from_query(request.GET)
    name = _("Agenda des tiers-lieux – %(site)s") % {"site": settings.SITE_NAME}
    return _calendar_response(request, queries.for_feed(filters), name=name)


@require_safe
def place_feed(request, slug: str):
    place = get_object_or_404(Place, slug=slug, is_published=True)
    occurrences = queries.for_feed(queries.EventFilters(place=place.slug))
    name = _("Agenda de %(place)s") % {"place": place.name}
    return _calendar_response(request, occurrences, name=name)


@require_safe
def event_ics(request, slug: str):
    """All the dates of an event, or one of them (?date=<occurrence uid>): "add to my calendar"."""
    event = _visible_event(request, slug)
    occurrences = queries.event_dates(event)
    chosen = request.GET.get("date", "")
    filename = f"{event.slug}.ics"
    if chosen:
        occurrences = [occ for occ in occurrences if str(occ.uid) == chosen]
        if not occurrences:
            raise Http404
        filename = f"{event.slug}-{timezone.localtime(occurrences[0].start):%Y-%m-%d}.ics"
    return _calendar_response(request, occurrences, name=event.title, filename=filename)


@require_GET
def poster(request, slug: str):
    # Imported here: WeasyPrint loads system libraries (Pango), needed by this page only.
    from placette.events import poster as posters

    event = _visible_event(request, slug)
    now = timezone.now()
    dates = [
        item
        for item in queries.items(queries.event_dates(event), now=now)
        if item.occurrence.end > now and not item.is_cancelled
    ]
    image = ""
    if event.image:
        try:
            image = posters.file_url(event.image.path)
        except (ValueError, NotImplementedError):
            image = ""
    url = request.build_absolute_uri(event.get_absolute_url())
    html = render_to_string(
        "events/poster.html",
        {
            "event": event,
            "dates": dates[:POSTER_DATES],
            "many": len(dates) > 4,
            "more_dates": len(dates) - POSTER_DATES,
            "url": url,
            "qr": posters.qr_data_uri(url),
            "image": image,
            "accessibility": place_vocab.labels(vocab.Accessibility, event.accessibility),
            "place": event.place,
        },
        request=request,
    )
    pdf = posters.render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="affiche-{event.slug}.pdf"'
    return response
