"""Reads of the directory: filters shared by the list, the map and the API, and facet counts."""

from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone

from placette.core.text import fold

from . import hours, territories, vocab
from .models import Place, PlaceTag

TAG_FILTERS = {
    "family": PlaceTag.Kind.FAMILY,
    "service": PlaceTag.Kind.SERVICE,
    "public": PlaceTag.Kind.PUBLIC,
}
VOCABULARIES = {"family": vocab.Family, "service": vocab.Service, "public": vocab.Public}
# Query-string names are French: they are part of shareable links.
PARAMS = {
    "q": "q",
    "family": "famille",
    "service": "service",
    "public": "public",
    "departement": "departement",
    "region": "region",
    "commune": "commune",
    "open_now": "ouvert",
}
MAX_WORDS = 8


@dataclass(frozen=True)
class PlaceFilters:
    q: str = ""
    family: str = ""
    service: str = ""
    public: str = ""
    departement: str = ""
    region: str = ""
    commune: str = ""
    open_now: bool = False

    @classmethod
    def from_query(cls, data: QueryDict) -> "PlaceFilters":
        """Read the query string; values outside a vocabulary are dropped, not errors."""

        def get(name: str) -> str:
            return (data.get(PARAMS[name]) or "").strip()

        values = {"q": get("q")[:200], "open_now": get("open_now") in {"1", "on", "true", "oui"}}
        for name, choices in VOCABULARIES.items():
            values[name] = get(name) if get(name) in choices.values else ""
        departement = get("departement").upper()
        values["departement"] = departement if departement in territories.DEPARTEMENTS else ""
        values["region"] = get("region") if get("region") in territories.REGIONS else ""
        values["commune"] = get("commune")[:150]
        return cls(**values)

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def without(self, name: str) -> "PlaceFilters":
        return replace(self, **{name: False if name == "open_now" else ""})

    def query_items(self) -> list[tuple[str, str]]:
        items = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                items.append((PARAMS[f.name], "1" if value is True else value))
        return items

    def querystring(self, **changes) -> str:
        return urlencode(replace(self, **changes).query_items())


def published() -> QuerySet[Place]:
    return Place.objects.filter(is_published=True)


def open_hours_now(at=None) -> list[str]:
    """The distinct opening-hours texts that say "open" right now (each parsed once)."""
    at = timezone.localtime(at or timezone.now())
    texts = published().exclude(opening_hours="").values_list("opening_hours", flat=True).distinct()
    return [text for text in texts if hours.is_open(text, at)]


def search_words(q: str) -> list[str]:
    return fold(q).split()[:MAX_WORDS]


def apply(
    queryset: QuerySet[Place], filters: PlaceFilters, *, open_texts: list[str] | None = None
) -> QuerySet[Place]:
    for word in search_words(filters.q):
        queryset = queryset.filter(search_text__contains=word)
    for name, kind in TAG_FILTERS.items():
        code = getattr(filters, name)
        if code:
            queryset = queryset.filter(
                pk__in=PlaceTag.objects.filter(kind=kind, code=code).values("place_id")
            )
    if filters.departement:
        queryset = queryset.filter(departement=filters.departement)
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.commune:
        queryset = queryset.filter(commune__iexact=filters.commune)
    if filters.open_now:
        texts = open_hours_now() if open_texts is None else open_texts
        queryset = queryset.filter(opening_hours__in=texts)
    return queryset


def search(filters: PlaceFilters) -> QuerySet[Place]:
    return apply(published(), filters)


def with_tags(queryset: QuerySet[Place]) -> QuerySet[Place]:
    return queryset.prefetch_related(Prefetch("tags", queryset=PlaceTag.objects.order_by("code")))


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def facets(filters: PlaceFilters) -> dict[str, list[FacetOption]]:
    """Each filter's options, with how many places each gives when the other filters are kept."""
    open_texts = open_hours_now() if filters.open_now else None
    result = {}
    for name, kind in TAG_FILTERS.items():
        matching = apply(published(), filters.without(name), open_texts=open_texts)
        counts = dict(
            PlaceTag.objects.filter(kind=kind, place__in=matching.values("pk"))
            .values_list("code")
            .annotate(n=Count("pk"))
        )
        result[name] = [
            FacetOption(code, str(label), counts.get(code, 0), code == getattr(filters, name))
            for code, label in VOCABULARIES[name].choices
        ]
    for name, labels in (
        (
            "departement",
            {code: territories.departement_label(code) for code in territories.DEPARTEMENTS},
        ),
        ("region", territories.REGIONS),
    ):
        matching = apply(published(), filters.without(name), open_texts=open_texts)
        counts = dict(matching.values_list(name).annotate(n=Count("pk")).order_by())
        result[name] = sorted(
            (
                FacetOption(code, labels[code], counts.get(code, 0), code == getattr(filters, name))
                for code in labels
                if counts.get(code) or code == getattr(filters, name)
            ),
            key=lambda option: option.label,
        )
    return result
