"""Reads of the directory: filters shared by the list, the map and the API, the search's
ranking and its ways out when it finds nothing (places.wording reads the words), facet counts;
a place's team (managers and claims); places found by what a form's user typed."""

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Case, Count, F, Max, Min, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from placette.core.filters import QueryFilters, flag, iso_date, one_of, param, percent, string
from placette.core.text import collation_key, contains, fold
from placette.places import hours, search_index, territories, vocab, wording
from placette.places.models import Claim, Place, PlaceManager, PlaceTag
from placette.places.services.freshness import STALE_AFTER

TAG_FILTERS = {
    "family": PlaceTag.Kind.FAMILY,
    "service": PlaceTag.Kind.SERVICE,
    "public": PlaceTag.Kind.PUBLIC,
}
VOCABULARIES = {"family": vocab.Family, "service": vocab.Service, "public": vocab.Public}
MAX_WORDS = 8
# The orders of the list, by their query-string value ("" is the default, by name).
SORTS = {
    "": ("name", "id"),
    "completude": ("completeness", "name", "id"),  # least complete first
    "fraicheur": (F("checked_on").asc(nulls_first=True), "name", "id"),  # never checked first
}


@dataclass(frozen=True)
class PlaceFilters(QueryFilters):
    """The directory's filters: the list, the map, the API, the exports and the widget."""

    q: str = param("q", string(200))
    family: str = param("famille", one_of(vocab.Family.values))
    service: str = param("service", one_of(vocab.Service.values))
    public: str = param("public", one_of(vocab.Public.values))
    departement: str = param("departement", one_of(territories.DEPARTEMENTS, upper=True))
    region: str = param("region", one_of(territories.REGIONS))
    commune: str = param("commune", string(150))
    open_now: bool = param("ouvert", flag, default=False)
    # "Fiches à compléter": completeness <= N (0–100).
    completeness_max: int | None = param("completude_max", percent, default=None)
    # "Pas mises à jour depuis": checked_on < date, or none.
    checked_before: date | None = param("maj_avant", iso_date, default=None)
    # The order of the list: kept in shareable links, but not a filter (apply() ignores it).
    sort: str = param("tri", one_of(SORTS), counted=False)

    @property
    def about_quality(self) -> bool:
        """Whether the list is read for the quality of its records: its cards then show it."""
        return bool(self.sort) or self.completeness_max is not None or bool(self.checked_before)


# Field name → query-string name (the API documents them under these).
PARAMS = PlaceFilters.params()


def published() -> QuerySet[Place]:
    return Place.objects.filter(is_published=True)


def open_hours_now(at=None) -> list[str]:
    """The distinct opening-hours texts that say "open" right now (each parsed once)."""
    at = timezone.localtime(at or timezone.now())
    texts = published().exclude(opening_hours="").values_list("opening_hours", flat=True).distinct()
    return [text for text in texts if hours.is_open(text, at)]


def apply(
    queryset: QuerySet[Place], filters: PlaceFilters, *, open_texts: list[str] | None = None
) -> QuerySet[Place]:
    queryset = _text_filter(queryset, wording.meaning(filters.q).terms)
    tag_codes = {kind: getattr(filters, name) for name, kind in TAG_FILTERS.items()}
    if any(tag_codes.values()):
        # Compared as "id + 0", a value rather than the row key: SQLite then reads the places
        # from the narrow indexes and checks each against the tagged list, instead of fetching
        # the wide row of every tagged place (27 000 for "fablab" among 100 000).
        queryset = queryset.alias(id_value=F("pk") + 0)
    for kind, code in tag_codes.items():
        if code:
            tagged = PlaceTag.objects.filter(kind=kind, code=code).values("place_id")
            queryset = queryset.filter(id_value__in=tagged)
    if filters.departement:
        queryset = queryset.filter(departement=filters.departement)
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.commune:
        queryset = queryset.filter(commune__iexact=filters.commune)
    if filters.open_now:
        texts = open_hours_now() if open_texts is None else open_texts
        queryset = queryset.filter(opening_hours__in=texts)
    if filters.completeness_max is not None:
        queryset = queryset.filter(completeness__lte=filters.completeness_max)
    if filters.checked_before:
        queryset = queryset.filter(
            Q(checked_on__lt=filters.checked_before) | Q(checked_on__isnull=True)
        )
    return queryset


def _text_filter(queryset: QuerySet[Place], terms: list[wording.Term]) -> QuerySet[Place]:
    """Places meeting every term (places.wording): its search_text contains one of the term's
    forms, or the place matches the term's own condition (a territory, a service). The text
    is read from the SQLite trigram index when it exists (forms of 3+ characters), else with
    `LIKE '%form%'` (the same rows, by a full scan)."""
    index = bool(terms) and search_index.available(queryset.db)
    indexed = []
    for term in terms:
        forms = term.forms
        either = None
        if forms and index and all(len(form) >= search_index.MIN_LENGTH for form in forms):
            if len(forms) == 1 and term.field_q is None:
                indexed.append(forms[0])
                continue
            for form in forms:
                found = Q(pk__in=search_index.matching_ids([form]))
                either = found if either is None else either | found
        else:
            for form in forms:
                found = Q(search_text__contains=form)
                either = found if either is None else either | found
        if term.field_q is not None:
            either = term.field_q if either is None else either | term.field_q
        if either is not None:
            queryset = queryset.filter(either)
    if indexed:
        queryset = queryset.filter(pk__in=search_index.matching_ids(indexed))
    return queryset


def search(filters: PlaceFilters) -> QuerySet[Place]:
    """Published places matching the filters, in the order the filters ask for: by default,
    a search's best matches first (see ranked)."""
    found = apply(published(), filters)
    if filters.q and not filters.sort:
        return ranked(found, filters.q)
    return found.order_by(*SORTS[filters.sort])


def ranked(queryset: QuerySet[Place], q: str) -> QuerySet[Place]:
    """Places in the commune or territory the search names first ("rennes": Rennes before
    Brenne), then the place named exactly, then names holding every word, then by name.
    The name is read at the start of search_text (services write it first)."""
    meaning = wording.meaning(q)
    queryset = queryset.alias(title_part=Substr("search_text", 1, Length("name")))
    order = []
    area = meaning.area
    if area is not None:
        queryset = queryset.alias(in_area=Case(When(area, then=Value(0)), default=Value(1)))
        order.append("in_area")
    exact = {" ".join(fold(q).split()), " ".join(meaning.words)}
    queryset = queryset.alias(
        exact=Case(When(title_part__in=exact, then=Value(0)), default=Value(1))
    )
    order.append("exact")
    text_terms = [term.forms for term in meaning.terms if term.forms]
    if text_terms:
        in_title = When(contains(text_terms, "title_part"), then=Value(0))
        queryset = queryset.alias(in_title=Case(in_title, default=Value(1)))
        order.append("in_title")
    return queryset.order_by(*order, "name", "id")


@dataclass(frozen=True)
class Found:
    """What the list shows for the filters asked: `filters` are those of the results (the
    search corrected when a typo gave nothing, `searched` then being the words typed), with
    their facets and total; `wider` a wider area to try when nothing was found."""

    filters: PlaceFilters
    facets: dict[str, list["FacetOption"]]
    total: int
    searched: str = ""
    wider: tuple[PlaceFilters, str] | None = None


def find(filters: PlaceFilters) -> Found:
    facets, total = facets_and_total(filters)
    if total:
        return Found(filters, facets, total)
    corrected = correction(filters)
    if corrected:
        corrected_facets, corrected_total = facets_and_total(corrected)
        if corrected_total:
            return Found(corrected, corrected_facets, corrected_total, searched=filters.q)
    return Found(filters, facets, total, wider=wider(filters))


def correction(filters: PlaceFilters) -> PlaceFilters | None:
    """For a search that found nothing: the same with its typos corrected ("Marseile"), or
    None. The words are matched against the known communes (one query), not every place."""
    if not filters.q:
        return None
    communes = published().exclude(commune_key="").values_list("commune_key", flat=True)
    q = wording.corrected(filters.q, list(communes.distinct().order_by()))
    return replace(filters, q=q) if q else None


def wider(filters: PlaceFilters) -> tuple[PlaceFilters, str] | None:
    """For filters that found nothing, the nearest wider area that finds places, and its name:
    a commune named in the search → its département (with the search's other words), a
    département → its région, a région → all of France."""
    candidates = []
    meaning = wording.meaning(filters.q)
    if meaning.words:
        keys = meaning.commune_keys
        row = (
            published()
            .filter(commune_key__in=keys)
            .values_list("commune_key", "departement")
            .order_by(Length("commune_key").desc())
            .first()
        )
        if row and row[1]:
            rest = f" {' '.join(meaning.words)} ".replace(f" {row[0]} ", " ").strip()
            candidates.append(replace(filters, q=rest, commune="", departement=row[1]))
    if filters.commune:
        candidates.append(replace(filters, commune=""))
    if filters.departement:
        region = territories.region_of(filters.departement)
        candidates.append(replace(filters, departement="", region=region))
    if filters.region:
        candidates.append(replace(filters, region=""))
    for candidate in candidates:
        if candidate != filters and apply(published(), candidate).exists():
            return candidate, _area_name(candidate)
    return None


def _area_name(filters: PlaceFilters) -> str:
    if filters.departement:
        return territories.departement_label(filters.departement)
    if filters.region:
        return territories.REGIONS[filters.region]
    return gettext("toute la France")


def count_and_extent(filters: PlaceFilters) -> tuple[int, tuple[float, ...] | None]:
    """How many places match, and the (west, south, east, north) box of those on the map:
    one query, for a map that opens on its places rather than on all of France.

    Without a filter the map opens on France anyway (map.js): only the count is read, grouped
    by territory like the facets, from the covering index; for a plain COUNT(*) of the
    published places SQLite's planner reads every wide row (9 ms instead of 170 at 100 000
    places, the box 165 ms more)."""
    matching = search(filters)
    if not filters.active:
        rows = matching.values_list("departement", "region").annotate(n=Count("*")).order_by()
        return sum(n for _departement, _region, n in rows), None
    row = matching.aggregate(
        n=Count("*"),
        west=Min("longitude"),
        south=Min("latitude"),
        east=Max("longitude"),
        north=Max("latitude"),
    )
    box = tuple(row[side] for side in ("west", "south", "east", "north"))
    return row["n"], None if None in box else box


def with_tags(queryset: QuerySet[Place]) -> QuerySet[Place]:
    return queryset.prefetch_related(Prefetch("tags", queryset=PlaceTag.objects.order_by("code")))


def published_tag_counts() -> list[tuple[str, str, int]]:
    """(kind, code, places) over all published places: every tag counted from the tag index,
    less the tags of the few unpublished places, rather than 400 000 tags fetched place by
    place (about 30 ms instead of 350 at 100 000 places)."""
    counts = Counter()
    for tags, sign in (
        (PlaceTag.objects.all(), 1),
        (PlaceTag.objects.filter(place__in=Place.objects.filter(is_published=False)), -1),
    ):
        for kind, code, n in tags.values_list("kind", "code").annotate(n=Count("*")).order_by():
            counts[kind, code] += sign * n
    return [(kind, code, n) for (kind, code), n in counts.items() if n]


@dataclass(frozen=True)
class Facet:
    """One filter of the form: its query-string name, labels, and counted options."""

    param: str
    label: str
    any_label: str
    options: list["FacetOption"]


FACET_LABELS = {
    "family": (_("Famille"), _("Toutes")),
    "service": (_("Service"), _("Tous")),
    "public": (_("Public"), _("Tous")),
    "region": (_("Région"), _("Toutes")),
    "departement": (_("Département"), _("Tous")),
}


def facet_list(options: dict[str, list["FacetOption"]]) -> list[Facet]:
    """The facets in form order, ready for the filters template."""
    return [
        Facet(PARAMS[name], str(label), str(any_label), options[name])
        for name, (label, any_label) in FACET_LABELS.items()
    ]


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Choice:
    """An option of the form that is not counted (quality thresholds, orders of the list)."""

    value: str
    label: str
    selected: bool


COMPLETENESS_STEPS = (25, 50, 75, 99)
SORT_LABELS = {
    "": _("Par nom"),
    "completude": _("Les fiches les moins complètes d’abord"),
    "fraicheur": _("Les fiches les plus anciennes d’abord"),
}


def completeness_choices(filters: PlaceFilters) -> list[Choice]:
    """The "fiches à compléter" thresholds, and the one of the URL if it is another."""
    chosen = filters.completeness_max
    steps = sorted({*COMPLETENESS_STEPS, *([] if chosen is None else [chosen])})
    return [
        Choice(
            str(n),
            gettext("Incomplètes (moins de 100 %)")
            if n == 99
            else gettext("Complètes à %(n)s %% ou moins") % {"n": n},
            n == chosen,
        )
        for n in steps
    ]


def sort_choices(filters: PlaceFilters) -> list[Choice]:
    return [
        Choice(value, str(label), value == filters.sort) for value, label in SORT_LABELS.items()
    ]


FACETS = [*TAG_FILTERS, "departement", "region"]
FILTER_OF_KIND = {kind: name for name, kind in TAG_FILTERS.items()}


def facets(filters: PlaceFilters) -> dict[str, list[FacetOption]]:
    """Each filter's options, with how many places each gives when the other filters are kept."""
    return facets_and_total(filters)[0]


def facets_and_total(filters: PlaceFilters) -> tuple[dict[str, list[FacetOption]], int]:
    """The facets, and the number of places matching all the filters (what search() counts)."""
    open_texts = open_hours_now() if filters.open_now else None
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    # Tag facets whose own filter is unset all count the same places: one query per distinct
    # set of kept filters, for all their kinds at once (the database reads each matching
    # place's tags from the unique (place, kind, code) index). COUNT(*) rather than the id:
    # the id is not in that index, and PostgreSQL would fetch every tag row to count it.
    groups: dict[PlaceFilters, list[str]] = {}
    for name in TAG_FILTERS:
        groups.setdefault(filters.without(name), []).append(name)
    for kept, names in groups.items():
        if kept.active:
            matching = apply(published(), kept, open_texts=open_texts)
            tags = PlaceTag.objects.filter(place__in=matching.values("pk"))
            if len(names) < len(TAG_FILTERS):
                tags = tags.filter(kind__in=[TAG_FILTERS[name] for name in names])
            tag_counts = tags.values_list("kind", "code").annotate(n=Count("*")).order_by()
        else:
            tag_counts = published_tag_counts()
        for kind, code, n in tag_counts:
            if FILTER_OF_KIND.get(kind) in names:
                counts[FILTER_OF_KIND[kind]][code] = n
    # Both territory facets from one query: places matching every other filter, counted by
    # (département, région); each facet keeps the pairs that the other territory filter allows.
    kept = replace(filters, departement="", region="")
    rows = (
        apply(published(), kept, open_texts=open_texts)
        .values_list("departement", "region")
        .annotate(n=Count("*"))
        .order_by()
    )
    for departement, region, n in rows:
        departement_kept = not filters.departement or departement == filters.departement
        region_kept = not filters.region or region == filters.region
        if region_kept:
            counts["departement"][departement] = counts["departement"].get(departement, 0) + n
        if departement_kept:
            counts["region"][region] = counts["region"].get(region, 0) + n
        if departement_kept and region_kept:
            total += n
    result = {}
    # An option that would give no place is left out (unless chosen): no dead end.
    for name in TAG_FILTERS:
        result[name] = [
            FacetOption(code, str(label), counts[name].get(code, 0), code == getattr(filters, name))
            for code, label in VOCABULARIES[name].choices
            if counts[name].get(code) or code == getattr(filters, name)
        ]
    for name, labels in (
        (
            "departement",
            {code: territories.departement_label(code) for code in territories.DEPARTEMENTS},
        ),
        ("region", territories.REGIONS),
    ):
        result[name] = sorted(
            (
                FacetOption(
                    code, labels[code], counts[name].get(code, 0), code == getattr(filters, name)
                )
                for code in labels
                if counts[name].get(code) or code == getattr(filters, name)
            ),
            key=lambda option: collation_key(option.label),
        )
    return result, total


# --- A place's team ---------------------------------------------------------------------------


def pending_claims() -> QuerySet[Claim]:
    """Requests to manage a place waiting for a moderator, oldest first."""
    return (
        Claim.objects.filter(status=Claim.Status.PENDING)
        .select_related("place", "user")
        .order_by("created_at", "pk")
    )


def pending_claim(*, place: Place, user) -> Claim | None:
    return Claim.objects.filter(place=place, user=user, status=Claim.Status.PENDING).first()


def claims_of(user) -> QuerySet[Claim]:
    """A person's requests to manage a place, newest first (their account page)."""
    return user.claims.select_related("place")


def managed_places(user) -> QuerySet[Place]:
    return Place.objects.filter(managers__user=user).order_by("name", "pk")


def managers_of(place: Place) -> QuerySet[PlaceManager]:
    return place.managers.select_related("user").order_by("created_at", "pk")


# --- A place typed in a form ------------------------------------------------------------------

PLACE_PATH = re.compile(r"/lieux/([-a-z0-9_]+)/?")
MAX_CANDIDATES = 8


def find_places(text: str) -> list[Place]:
    """Published places for what was typed: a slug, a place page's address, or words of its
    name and commune (accents and case ignored)."""
    text = text.strip()
    if not text:
        return []
    match = PLACE_PATH.search(text)
    slug = match.group(1) if match else text
    exact = list(Place.objects.filter(slug=slug, is_published=True))
    if exact:
        return exact
    words = fold(text).split()
    if not words:
        return []
    query = Place.objects.filter(is_published=True)
    for word in words:
        query = query.filter(search_text__contains=word)
    return list(query.order_by("name", "id")[: MAX_CANDIDATES + 1])


def stale_places(today: date | None = None) -> QuerySet[Place]:
    """Published places not known true for 12 months or more (or never dated), oldest first."""
    cutoff = (today or timezone.localdate()) - STALE_AFTER
    return (
        Place.objects.filter(is_published=True)
        .filter(Q(checked_on__isnull=True) | Q(checked_on__lte=cutoff))
        .order_by(F("checked_on").asc(nulls_first=True), "name", "id")
    )
