"""The agenda of the demo data (`manage.py load_demo`): a few workshops, a weekly EPN
permanence and a mobile series touring villages, with dates relative to today.

Idempotent: each demo event is found again by its external_uid ("demo:…"); a second run
only extends the permanence's dates and gives fresh dates to an event whose dates have all
passed, so the agenda of a laptop stays alive. Places are the census's (source "cget-2019"),
any published place standing in when one is missing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from placette.events import recurrence
from placette.events.models import Event, Occurrence
from placette.events.services import events as services
from placette.events.services import registrations
from placette.places.models import Place, PlaceSource

SOURCE = "cget-2019"


@dataclass
class Stop:
    days: int  # from next Monday (0: that Monday), so weekdays are the intended ones
    start: time
    end: time
    where: dict[str, Any] = field(default_factory=dict)  # outside: venue, address, point…


@dataclass
class Demo:
    key: str
    source_id: str  # the census id of the organising place
    fields: dict[str, Any]
    stops: list[Stop] = field(default_factory=list)
    weekly_on: str = ""  # a weekday code: a regular slot instead of stops
    hours: tuple[time, time] | None = None
    registrants: list[str] = field(default_factory=list)


def _village(venue, address, postal_code, commune, lat, lon) -> dict[str, Any]:
    return {
        "mode": Occurrence.Mode.OUTSIDE,
        "venue": venue,
        "address": address,
        "postal_code": postal_code,
        "commune": commune,
        "latitude": lat,
        "longitude": lon,
    }


DEMOS = [
    Demo(
        key="demo:premiers-pas-smartphone",
        source_id="1247",  # La Fab'rique, Amanlis (35)
        fields={
            "title": "Premiers pas sur smartphone",
            "kind": "atelier",
            "summary": "Allumer, appeler, envoyer une photo : on prend le temps, à son rythme.",
            "description": (
                "Deux heures pour apprivoiser son téléphone : les réglages utiles, les appels "
                "et les messages, l'appareil photo, les applications à installer (ou pas).\n\n"
                "Apportez votre smartphone chargé ; quelques appareils sont prêtés sur place."
            ),
            "themes": ["outils-quotidien"],
            "publics": ["seniors"],
            "level": "debutant",
            "capacity": 8,
            "accessibility": ["fauteuil", "gros-caracteres"],
        },
        stops=[Stop(3, time(10), time(12)), Stop(10, time(10), time(12))],  # Thursdays
        registrants=["Jeanine L.", "Marcel T.", "Yvonne P."],
    ),
    Demo(
        key="demo:demarches-ameli",
        source_id="1445",  # La Vilaine Bidouille, Redon (35)
        fields={
            "title": "Faire ses démarches sur ameli.fr",
            "kind": "atelier",
            "summary": (
                "Créer son compte ameli, télécharger une attestation, suivre ses remboursements."
            ),
            "description": (
                "Un atelier pour être à l'aise avec son compte ameli : le créer, retrouver ses "
                "remboursements, demander une carte Vitale, écrire à sa caisse.\n\n"
                "Apportez votre carte Vitale et, si vous l'avez, votre adresse électronique."
            ),
            "themes": ["demarches"],
            "level": "debutant",
            "capacity": 6,
            "accessibility": ["falc"],
        },
        stops=[Stop(1, time(14), time(16)), Stop(15, time(14), time(16))],  # Tuesdays
    ),
    Demo(
        key="demo:decoupe-laser",
        source_id="1438",  # Le Biome, Rennes (35)
        fields={
            "title": "Initiation à la découpe laser",
            "kind": "formation",
            "summary": (
                "Du dessin vectoriel à la pièce découpée : la machine, ses réglages, sa sécurité."
            ),
            "description": (
                "Dessiner un objet simple, préparer le fichier, régler puissance et vitesse, "
                "découper dans du contreplaqué de 3 mm. Vous repartez avec votre pièce et le "
                "droit d'utiliser la machine en autonomie."
            ),
            "themes": ["loisirs"],
            "publics": ["jeunes"],
            "level": "debutant",
            "is_free": False,
            "price": "10 € (adhérents : 5 €)",
            "capacity": 4,
        },
        stops=[Stop(2, time(18), time(21)), Stop(16, time(18), time(21))],  # Wednesdays
    ),
    Demo(
        key="demo:permanence-epn",
        source_id="1290",  # HumanLab, Rennes (35)
        fields={
            "title": "Permanence numérique : accès libre et aide aux démarches",
            "kind": "permanence",
            "summary": "Ordinateurs en accès libre, et une médiatrice pour vos questions.",
            "description": (
                "Chaque mercredi après-midi, venez sans rendez-vous : imprimer un document, "
                "remplir un formulaire en ligne, comprendre un message reçu. Hors vacances "
                "scolaires."
            ),
            "themes": ["acces-materiel", "demarches"],
            "registration": False,
            "capacity": None,
            "accessibility": ["fauteuil"],
        },
        weekly_on="WE",
        hours=(time(14), time(17)),
    ),
    Demo(
        key="demo:bus-numerique",
        source_id="1341",  # Ebus (itinérant), Concarneau (29)
        fields={
            "title": "Le bus numérique fait étape",
            "kind": "atelier",
            "summary": "Le bus du numérique s'arrête près de chez vous : aide aux démarches, "
            "prise en main de la tablette.",
            "description": (
                "Notre bus aménagé fait le tour des communes autour de Concarneau. À chaque "
                "étape : deux médiateurs, six postes, et le temps de répondre à vos questions. "
                "Inscription conseillée, chaque étape a ses places."
            ),
            "themes": ["demarches", "outils-quotidien"],
            "capacity": 6,
        },
        stops=[
            Stop(
                1,
                time(9, 30),
                time(12),
                _village(
                    "Place de la mairie", "Rue de Pont-Aven", "29910", "Trégunc", 47.8553, -3.8522
                ),
            ),
            Stop(
                3,
                time(9, 30),
                time(12),
                _village(
                    "Parking de la salle Ar Choaz",
                    "Place de l'Église",
                    "29920",
                    "Névez",
                    47.8194,
                    -3.7911,
                ),
            ),
            Stop(
                5,
                time(14),
                time(16, 30),
                _village(
                    "Place de l'Hôtel de ville",
                    "Place de l'Hôtel de ville",
                    "29930",
                    "Pont-Aven",
                    47.8554,
                    -3.7476,
                ),
            ),
            Stop(
                8,
                time(9, 30),
                time(12),
                _village(
                    "Place du bourg", "Rue de la Mairie", "29140", "Melgven", 47.9062, -3.8361
                ),
            ),
            Stop(
                11,
                time(14),
                time(16, 30),
                _village(
                    "Marché, place de la gare",
                    "Place de la Gare",
                    "29140",
                    "Rosporden",
                    47.9602,
                    -3.8337,
                ),
            ),
        ],
    ),
]


def _place(demo: Demo) -> Place | None:
    found = (
        PlaceSource.objects.filter(source=SOURCE, source_id=demo.source_id)
        .select_related("place")
        .first()
    )
    if found is not None:
        return found.place
    return Place.objects.filter(is_published=True).order_by("name", "id").first()


def _at(monday: date, days: int, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(monday + timedelta(days=days), clock))


def _dates(demo: Demo, today: date) -> list[dict[str, Any]]:
    monday = today + timedelta(days=7 - today.weekday())
    return [
        {"start": _at(monday, s.days, s.start), "end": _at(monday, s.days, s.end), **s.where}
        for s in demo.stops
    ]


def load(*, today: date | None = None) -> dict[str, int]:
    """Create (or refresh) the demo agenda; returns what was done."""
    today = today or timezone.localdate()
    done = {"created": 0, "refreshed": 0, "skipped": 0}
    for demo in DEMOS:
        place = _place(demo)
        if place is None:
            done["skipped"] += 1
            continue
        with transaction.atomic():
            event = Event.objects.filter(feed=None, external_uid=demo.key).first()
            if event is None:
                _create(demo, place, today)
                done["created"] += 1
            elif _refresh(demo, event, today):
                done["refreshed"] += 1
    return done


def _rule(demo: Demo, today: date) -> str:
    begins, ends = demo.hours
    return recurrence.build(
        first_day=today + timedelta(days=1), start=begins, end=ends, weekdays=[demo.weekly_on]
    )


def _create(demo: Demo, place: Place, today: date) -> Event:
    event = services.create_event(
        place=place, fields=demo.fields, dates=_dates(demo, today), external_uid=demo.key
    )
    if demo.weekly_on:
        services.set_recurrence(
            event=event,
            rule=_rule(demo, today),
            skip_school_holidays=recurrence.zone_for(place.departement),
        )
    event = services.publish(event=event)
    first = event.occurrences.order_by("start").first()
    for name in demo.registrants if registrations.is_open(first) else []:
        registrations.register(occurrence=first, name=name)  # taken at the desk: no e-mail
    return event


def _refresh(demo: Demo, event: Event, today: date) -> bool:
    if event.status != Event.Status.PUBLISHED:
        return False
    if event.rrule:
        return recurrence.materialise(event).created > 0
    coming = event.occurrences.filter(start__gte=timezone.now(), status=Occurrence.Status.SCHEDULED)
    if coming.exists():
        return False
    for date_ in _dates(demo, today):
        services.add_occurrence(event=event, **date_)
    return True
