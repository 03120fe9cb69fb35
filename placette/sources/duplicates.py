"""Possible duplicates across sources: two places that no common source designates, with the
same SIRET, or with close names less than 100 m apart. Staff decide (merge or keep apart).

Scale: points go into a grid of CELL_LAT × CELL_LON degrees (about 111 × 154 m in mainland
France; both sides stay over 100 m up to 63° of latitude, so every French place qualifies).
Two places less than 100 m apart lie in the same or in adjacent cells, so each place is only
compared with the places of its 3 × 3 block of cells: linear in the number of places, not
quadratic. Names and sources are only read for the pairs close enough. Measured on the
100,000 synthetic places of bench (45,000 pairs under 100 m): a full search takes
about 2 s of CPU (4–5 s on a busy 2-core machine), on SQLite as on PostgreSQL; after an
import of 1,500 places, 0.5 s. SIRET: same SIRET in different sources, at any distance; a
SIRET shared by more than SIRET_GROUP_LIMIT places is a network's and proposes nothing.

Names are compared by `name_key`: folded (core.text.fold), without small words (de, la…) nor
the place's commune, and with acronyms resolved against the other name ("Espace Public
Numérique de Reims" and "EPN Reims" both become "epn"). Two keys match when
`similarity` ≥ NAME_THRESHOLD (0.8): either difflib's ratio of the sorted words (spelling
variants: "Anticafé Louvre" / "Anticafe du Louvre"), or the whole of the shorter name found
in the longer one, if what they share is more than generic words ("La Ruche" / "La Ruche
Numérique", but not "EPN" / "EPN de la Médiathèque"). Limits: two different places of the
same building with names sharing a distinctive word are proposed (staff keep them apart, once);
an acronym is only recognised from the initials of consecutive words.
"""

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from placette.core.text import fold
from placette.places.models import Place, PlaceSource
from placette.places.services import bulk
from placette.sources.models import DuplicatePair

CELL_LAT = 0.001  # degrees: 111 m
CELL_LON = 0.002  # degrees: 154 m at 46° N, ≥ 100 m up to 63° N or S
MAX_DISTANCE_M = 100.0
NAME_THRESHOLD = 0.8
# More places than this sharing one SIRET are a network's head office, not duplicates.
SIRET_GROUP_LIMIT = 10
EARTH_RADIUS_M = 6_371_000
_MAX_DLAT = MAX_DISTANCE_M / (EARTH_RADIUS_M * math.pi / 180)  # 100 m in degrees of latitude
_MAX_DEG2 = (_MAX_DLAT * 1.05) ** 2  # a quick first filter, with a margin
_CHUNK = 900  # ids per IN (...) query, under SQLite's variable limit
# From this many ids, a whole table is read once rather than IN (...) chunks: building a
# query of 900 ids costs Django about 10 ms, reading 100,000 short rows about 0.3 s.
ONE_PASS = 20 * _CHUNK
_AROUND = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
_FORWARD = [(0, 1), (1, -1), (1, 0), (1, 1)]  # with the cell itself, each neighbour pair once

STOPWORDS = frozenset(
    "a au aux d de des du en et l la le les pour s sur un une the of".split()  # noqa: SIM905
)
# Words that say what kind of place it is, not which one.
GENERIC = frozenset(
    """tiers lieu lieux espace espaces coworking cowork fablab fab lab labo makerspace
    hackerspace epn numerique numeriques digital atelier ateliers maison centre pole point
    association asso cyber base club cafe hub space mediatheque bibliotheque france services
    service public publics mairie ccas social sociale socioculturel culturel
    """.split()  # noqa: SIM905
)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


def name_key(
    words: list[str], *, town: list[str] = (), other: Collection[str] = ()
) -> tuple[str, ...]:
    """The words that identify a place by name: `words` and `town` are its folded name and
    commune, `other` the folded words of the name it is compared with."""
    for short in set(other) - set(words):
        words = _resolve_acronym(words, short)
    if town and len(words) > len(town):
        for i in range(len(words) - len(town) + 1):
            if words[i : i + len(town)] == town:
                words = [*words[:i], *words[i + len(town) :]]
                break
    meaningful = [word for word in words if word not in STOPWORDS]
    return tuple(meaningful or words)


def _resolve_acronym(words: list[str], short: str) -> list[str]:
    """Replace consecutive words whose initials spell `short` by `short`; small words may
    count or not ("Maison de Services au Public": MSAP or MSP)."""
    if not 2 <= len(short) <= 6 or not short.isalpha():
        return words
    for i, first in enumerate(words):
        if first in STOPWORDS or first[0] != short[0]:
            continue
        for j in range(i + 2, min(len(words), i + 2 * len(short)) + 1):
            run = words[i:j]
            if run[-1] in STOPWORDS:
                continue
            initials = {
                "".join(w[0] for w in run),
                "".join(w[0] for w in run if w not in STOPWORDS),
            }
            if short in initials:
                return [*words[:i], short, *words[j:]]
    return words


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """0–1: how likely two name keys name the same place."""
    set_a, set_b = set(a), set(b)
    if not set_a or not set_b:
        return 0.0
    if set_a == set_b:
        return 1.0
    shared = set_a & set_b
    # How much of the shorter name the other holds, if more than generic words.
    contained = len(shared) / min(len(set_a), len(set_b)) if shared - GENERIC else 0.0
    if contained >= NAME_THRESHOLD:
        return contained
    matcher = SequenceMatcher(None, " ".join(sorted(set_a)), " ".join(sorted(set_b)))
    if matcher.real_quick_ratio() < NAME_THRESHOLD or matcher.quick_ratio() < NAME_THRESHOLD:
        return contained  # an upper bound of the ratio is already below the threshold
    return max(matcher.ratio(), contained)


def names_match(a: str, b: str, *, commune_a: str = "", commune_b: str = "") -> bool:
    """Whether two names (of places in these communes) may name the same place."""
    return _words_match(fold(a).split(), fold(b).split(), fold(commune_a), fold(commune_b))


def _words_match(a: list[str], b: list[str], town_a: str, town_b: str) -> bool:
    key_a = name_key(a, town=town_a.split(), other=b)
    key_b = name_key(b, town=town_b.split(), other=a)
    return similarity(key_a, key_b) >= NAME_THRESHOLD


@dataclass(frozen=True)
class Match:
    place_a: int  # the smaller id
    place_b: int
    reason: str  # DuplicatePair.Reason
    distance_m: float | None


@dataclass
class _Info:
    latitude: float | None
    longitude: float | None
    words: list[str]  # folded name
    town: str  # folded commune
    sources: set[str]


def find(*, place_ids: Collection[int] | None = None) -> list[Match]:
    """Possible duplicates among all places, or only those involving `place_ids`."""
    subjects = None if place_ids is None else set(place_ids)
    close = _close_pairs(subjects)
    siret_pairs = _siret_pairs(subjects)
    involved = {pk for pair in [*close, *siret_pairs] for pk in pair}
    info = _infos(involved, everything=subjects is None)
    matches = {}
    for a, b in siret_pairs:
        if not info[a].sources & info[b].sources:
            matches[a, b] = Match(a, b, DuplicatePair.Reason.SIRET, _distance(info[a], info[b]))
    for (a, b), metres in close.items():
        if (a, b) in matches or info[a].sources & info[b].sources:
            continue
        if _words_match(info[a].words, info[b].words, info[a].town, info[b].town):
            matches[a, b] = Match(a, b, DuplicatePair.Reason.NEARBY_NAME, metres)
    return sorted(matches.values(), key=lambda m: (m.place_a, m.place_b))


def _close_pairs(subjects: set[int] | None) -> dict[tuple[int, int], float]:
    """(smaller id, larger id) → distance, for located places less than 100 m apart."""
    grid: dict[tuple[int, int], list[tuple[int, float, float]]] = defaultdict(list)
    located = Place.objects.filter(latitude__isnull=False, longitude__isnull=False)
    for point in located.values_list("pk", "latitude", "longitude").iterator(5000):
        grid[math.floor(point[1] / CELL_LAT), math.floor(point[2] / CELL_LON)].append(point)
    pairs = {}

    def compare(points, others) -> None:
        # A flat-earth test in degrees first (with a margin), the haversine for the few left.
        squeeze = math.cos(math.radians(points[0][1])) ** 2 if points else 1.0
        for pk, lat, lon in points:
            for other, lat2, lon2 in others:
                dlat, dlon = lat2 - lat, lon2 - lon
                if dlat * dlat + dlon * dlon * squeeze <= _MAX_DEG2 and pk != other:
                    metres = distance_m(lat, lon, lat2, lon2)
                    if metres <= MAX_DISTANCE_M:
                        pairs[min(pk, other), max(pk, other)] = metres

    for (row, col), points in grid.items():
        if subjects is None:  # each pair once: this cell, then half of its neighbours
            for i, point in enumerate(points):
                compare([point], points[i + 1 :])
            for dr, dc in _FORWARD:
                compare(points, grid.get((row + dr, col + dc), ()))
        elif mine := [point for point in points if point[0] in subjects]:
            for dr, dc in _AROUND:
                compare(mine, grid.get((row + dr, col + dc), ()))
    return pairs


def _siret_pairs(subjects: set[int] | None) -> set[tuple[int, int]]:
    places = Place.objects.exclude(siret="")
    if subjects is not None:
        sirets = set()
        for chunk in _chunks(subjects):
            sirets.update(places.filter(pk__in=chunk).values_list("siret", flat=True))
        places = places.filter(siret__in=sirets) if len(sirets) <= _CHUNK else places
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, siret in places.values_list("pk", "siret").iterator(5000):
        groups[siret].append(pk)
    pairs = set()
    for ids in groups.values():
        if 2 <= len(ids) <= SIRET_GROUP_LIMIT:
            ids.sort()
            pairs.update(
                (a, b)
                for i, a in enumerate(ids)
                for b in ids[i + 1 :]
                if subjects is None or a in subjects or b in subjects
            )
    return pairs


def _infos(ids: set[int], *, everything: bool) -> dict[int, _Info]:
    """What the comparison needs of `ids`; read in one pass when they are many."""
    places, links = Place.objects.all(), PlaceSource.objects.all()
    info = {}
    for chunk in [None] if everything or len(ids) > ONE_PASS else _chunks(ids):
        rows = places if chunk is None else places.filter(pk__in=chunk)
        for pk, lat, lon, name, commune in rows.values_list(
            "pk", "latitude", "longitude", "name", "commune"
        ).iterator(5000):
            if pk in ids:
                info[pk] = _Info(lat, lon, fold(name).split(), fold(commune), sources=set())
        sources = links if chunk is None else links.filter(place_id__in=chunk)
        for pk, source in sources.values_list("place_id", "source").iterator(5000):
            if pk in info:
                info[pk].sources.add(source)
    return info


def _distance(a: _Info, b: _Info) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return distance_m(a.latitude, a.longitude, b.latitude, b.longitude)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def record(matches: Iterable[Match]) -> int:
    """Store the matches not already known as a pair (open, kept apart or merged):
    a pair kept apart is never proposed again. Returns the number of new pairs."""
    matches = list(matches)
    pairs = DuplicatePair.objects.values_list("place_a", "place_b")
    firsts = {m.place_a for m in matches}
    if len(firsts) > ONE_PASS:
        known = {pair for pair in pairs.iterator(5000) if pair[0] in firsts}
    else:
        known = {pair for chunk in _chunks(firsts) for pair in pairs.filter(place_a__in=chunk)}
    new = [m for m in matches if (m.place_a, m.place_b) not in known]
    names = _names({pk for m in new for pk in (m.place_a, m.place_b)})
    now, status = timezone.now(), DuplicatePair.Status.OPEN
    bulk.insert(
        DuplicatePair,
        ["place_a_id", "place_b_id", "names", "reason", "distance_m", "status", "found_at"],
        [
            (
                m.place_a,
                m.place_b,
                f"{names[m.place_a]} / {names[m.place_b]}"[:450],
                m.reason,
                None if m.distance_m is None else round(m.distance_m, 1),
                status,
                now,
            )
            for m in new
        ],
        ignore_conflicts=True,  # a pair recorded meanwhile by another import
    )
    return len(new)


def _names(ids: set[int]) -> dict[int, str]:
    places = Place.objects.values_list("pk", "name")
    if len(ids) > ONE_PASS:
        return {pk: name for pk, name in places.iterator(5000) if pk in ids}
    return {pk: name for chunk in _chunks(ids) for pk, name in places.filter(pk__in=chunk)}


def detect(*, place_ids: Collection[int] | None = None) -> int:
    """Find and store possible duplicates (of `place_ids` only, if given); returns how many
    new pairs were stored."""
    with transaction.atomic():
        return record(find(place_ids=place_ids))


def keep_apart(*, pair: DuplicatePair, by=None) -> None:
    pair.status = DuplicatePair.Status.KEPT_APART
    pair.decided_by, pair.decided_at = by, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])


def record_merge(*, keep: Place, absorb: Place, by=None) -> None:
    """Settle the pairs of a merge (places.services.merge_places), before `absorb` is deleted:
    their pair is marked merged; the other pairs of `absorb` move to `keep`, unless `keep`
    already has a pair with the same place, whose decision then stands."""
    a, b = sorted((keep, absorb), key=lambda place: place.pk)
    pair, _created = DuplicatePair.objects.get_or_create(
        place_a=a,
        place_b=b,
        defaults={"names": f"{a.name} / {b.name}"[:450], "reason": _reason(a, b)},
    )
    pair.status = DuplicatePair.Status.MERGED
    pair.decided_by, pair.decided_at = by, timezone.now()
    pair.save()
    others = DuplicatePair.objects.filter(Q(place_a=absorb) | Q(place_b=absorb)).exclude(pk=pair.pk)
    for other in others.select_related("place_a", "place_b"):
        third = other.place_b if other.place_a_id == absorb.pk else other.place_a
        if third is None:
            continue
        low, high = sorted((keep, third), key=lambda place: place.pk)
        if DuplicatePair.objects.filter(place_a=low, place_b=high).exists():
            if other.status == DuplicatePair.Status.OPEN:
                other.delete()  # keep's own pair with that place says it already
            continue
        other.place_a, other.place_b = low, high
        if other.status == DuplicatePair.Status.OPEN:
            other.names = f"{low.name} / {high.name}"[:450]
            other.distance_m = _distance(_as_info(low), _as_info(high))
        other.save()


def _reason(a: Place, b: Place) -> str:
    if a.siret and a.siret == b.siret:
        return DuplicatePair.Reason.SIRET
    return DuplicatePair.Reason.NEARBY_NAME


def _as_info(place: Place) -> _Info:
    return _Info(place.latitude, place.longitude, [], "", sources=set())
