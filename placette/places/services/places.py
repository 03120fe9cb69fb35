"""Writes to the directory. Views, importers and commands call these, never `save()` directly."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from placette.core import text
from placette.places import completeness, hours, territories, vocab, wording
from placette.places.models import Place, PlaceSource, PlaceTag, PlaceVersion
from placette.places.services import history

TAG_FIELDS = {
    "families": PlaceTag.Kind.FAMILY,
    "services": PlaceTag.Kind.SERVICE,
    "publics": PlaceTag.Kind.PUBLIC,
}


def search_text(
    *, name: str, commune: str, summary: str, description: str, families: Iterable[str]
) -> str:
    words = _family_words(tuple(sorted(families)))
    return text.search_text(name, commune, summary, description, words)


@functools.cache
def _family_words(codes: tuple[str, ...]) -> str:
    """Family names in both languages, whatever the language of the request or command."""
    words = []
    for language in ("fr", "en"):
        with translation.override(language):
            words += vocab.labels(vocab.Family, list(codes))
    return " ".join(words)


SLUG_FALLBACK = "lieu"


def slug_text(place: Place) -> str:
    """What a place's slug is made of (services.bulk makes them too)."""
    return f"{place.name} {place.commune}".strip()


def fill_territory(fields: dict[str, Any]) -> None:
    """Derive département and région from the INSEE or postal code when they are missing."""
    if not fields.get("departement"):
        if fields.get("insee_code"):
            fields["departement"] = territories.departement_from_insee(fields["insee_code"])
        elif fields.get("postal_code"):
            fields["departement"] = territories.departement_from_postal_code(fields["postal_code"])
    if fields.get("departement") and not fields.get("region"):
        fields["region"] = territories.region_of(fields["departement"])


DERIVED = ["completeness", "checked_on", "search_text", "commune_key"]


def derive(place: Place, *, families: list[str], services: list[str]) -> None:
    """Set the fields computed from the others (DERIVED), before a save."""
    place.completeness = completeness.score(
        completeness.values_of(place, families=families, services=services)
    )
    place.checked_on = completeness.checked_on(
        source_updated_on=place.source_updated_on,
        manager_edits=place.manager_edits,
        confirmed_on=place.confirmed_on,
    )
    place.search_text = search_text(
        name=place.name,
        commune=place.commune,
        summary=place.summary,
        description=place.description,
        families=families,
    )
    place.commune_key = wording.commune_key(place.commune)


@transaction.atomic
def save_place(
    *,
    fields: dict[str, Any],
    tags: dict[str, list[str]],
    place: Place | None = None,
    by=None,
    kind: str = PlaceVersion.Kind.EDITED,
    origin: str = "",
    note: str = "",
) -> Place:
    """Create `place` (or update it) with `fields` and replace its families/services/publics.
    The change is recorded (places.history) as `kind`, made `by` a user or from `origin`."""
    fill_territory(fields)
    hours.validate(fields.get("opening_hours", ""))
    before = history.snapshot(place) if place and place.pk else None
    place = place or Place()
    for name, value in fields.items():
        setattr(place, name, value)
    codes = {
        kind: tags[name] if name in tags else place._codes(kind) if place.pk else []
        for name, kind in TAG_FIELDS.items()
    }
    derive(place, families=codes[PlaceTag.Kind.FAMILY], services=codes[PlaceTag.Kind.SERVICE])
    if not place.slug:
        place.slug = text.unique_slug(
            Place, slug_text(place), fallback=SLUG_FALLBACK, exclude_pk=place.pk
        )
    place.save()
    _replace_tags(place=place, tags=tags)
    getattr(place, "_prefetched_objects_cache", {}).pop("tags", None)  # read the new tags
    history.record(place=place, before=before, kind=kind, author=by, origin=origin, note=note)
    return place


def _replace_tags(*, place: Place, tags: dict[str, list[str]]) -> None:
    """Replace the tags of the kinds named in `tags`; kinds not named are left as they are."""
    kinds = {TAG_FIELDS[name] for name in tags}
    wanted = {(TAG_FIELDS[name], code) for name, codes in tags.items() for code in codes}
    current = {(tag.kind, tag.code): tag.pk for tag in place.tags.all() if tag.kind in kinds}
    stale = [pk for key, pk in current.items() if key not in wanted]
    if stale:
        PlaceTag.objects.filter(pk__in=stale).delete()
    PlaceTag.objects.bulk_create(
        [PlaceTag(place=place, kind=kind, code=code) for kind, code in wanted - current.keys()]
    )


def edit_by_manager(
    *,
    place: Place,
    fields: dict[str, Any],
    tags: dict[str, list[str]],
    at: datetime | None = None,
    by=None,
    note: str = "",
) -> Place:
    """A place's own manager edits it: every changed field is marked with the edit time, so a
    later import of data its source dated earlier leaves that field alone."""
    at = at or timezone.now()
    changed = [name for name, value in fields.items() if getattr(place, name) != value]
    changed += [name for name, codes in tags.items() if sorted(codes) != getattr(place, name)]
    place.manager_edits = {**place.manager_edits, **dict.fromkeys(changed, at.isoformat())}
    return save_place(fields=fields, tags=tags, place=place, by=by, note=note)


@dataclass
class Upsert:
    place: Place
    created: bool
    changed: list[str] = field(default_factory=list)  # fields and tag kinds the import changed
    kept: list[str] = field(default_factory=list)  # fields kept as the manager edited them


def upsert_from_source(
    *, source: str, source_id: str, fields: dict[str, Any], tags: dict[str, list[str]]
) -> Upsert:
    """Idempotent import of one record: the same (source, source id) updates the same place,
    even after a merge. A field the place's manager edited on or after the source's date is
    kept (a same-day edit wins: the place's own word is the better guess).

    A merged place, designated by several sources, is completed by each of them rather than
    replaced: an empty value never erases what another source gave, a record older than the
    place's latest source date only fills the fields still empty, and list fields and tags
    add the record's values to the place's (a value dropped by one source stays)."""
    from placette.places.services import bulk  # bulk builds on this module's helpers

    with transaction.atomic():
        return bulk.upsert_many(source=source, items=[(source_id, fields, tags)])[0]


def plan_update(
    place: Place,
    *,
    source: str,
    fields: dict[str, Any],
    tags: dict[str, list[str]],
    codes: dict[str, list[str]],
    sources: set[str],
) -> tuple[dict[str, Any], dict[str, list[str]], list[str], list[str]]:
    """What a source's record may change on an existing place (rules: upsert_from_source),
    given the place's current tag `codes` and the `sources` designating it. Returns the
    fields and tags to write, the names that change, and the names kept as the manager set."""
    updated_on = fields.get("source_updated_on")
    kept = [name for name in [*fields, *tags] if _edited_after(place, name, updated_on)]
    fields = {name: value for name, value in fields.items() if name not in kept}
    tags = {name: values for name, values in tags.items() if name not in kept}
    older = bool(updated_on and place.source_updated_on and updated_on < place.source_updated_on)
    if older:
        fields.pop("source_updated_on", None)  # another source of a merged place knew it later
    if sources - {source}:
        fields = _one_of_several(place, fields, older=older)
        tags = {name: sorted({*codes[name], *values}) for name, values in tags.items()}
    changed = [name for name, value in fields.items() if getattr(place, name) != value]
    changed += [name for name, values in tags.items() if sorted(values) != sorted(codes[name])]
    return fields, tags, changed, kept


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _one_of_several(place: Place, fields: dict[str, Any], *, older: bool) -> dict[str, Any]:
    """The fields one of the several sources of a merged place may write (see above)."""
    result = {}
    for name, new in fields.items():
        current = getattr(place, name)
        if isinstance(current, list):
            result[name] = list(dict.fromkeys([*current, *(new or [])]))
        elif not _is_empty(new) and (not older or _is_empty(current)):
            result[name] = new
    return result


def _edited_after(place: Place, name: str, source_date) -> bool:
    stamp = place.manager_edits.get(name)
    if not stamp:
        return False
    if source_date is None:
        return True
    return timezone.localdate(datetime.fromisoformat(stamp)) >= source_date


# Fields a merge does not take from the absorbed place: identity, provenance, derived values,
# and choices that belong to the kept record (publication, itinerance).
_NOT_MERGED = {
    "id",
    "uid",
    "slug",
    "source",
    "created_at",
    "updated_at",
    "manager_edits",
    "completeness",
    "checked_on",
    "search_text",
    "commune_key",
    "is_published",
    "itinerant",
}


@transaction.atomic
def merge_places(*, keep: Place, absorb: Place, by=None) -> Place:
    """Merge `absorb` into `keep`, which keeps its identity (uid, slug, first source).

    Every (source, id) of the absorbed place moves to the kept one, so re-importing either
    source updates the merged place. Empty fields of `keep` are filled from `absorb`, list
    fields and tags are united, the source date is the latest, and the manager's edits are
    kept (the latest per field). The absorbed place is deleted: call it through
    sources.services.merge, which first settles the duplicate pairs of both places."""
    if keep.pk == absorb.pk:
        raise ValueError("a place cannot be merged into itself")
    places = Place.objects.select_for_update().in_bulk([keep.pk, absorb.pk])
    if len(places) < 2:
        raise Place.DoesNotExist("a place to merge no longer exists")
    keep, absorb = places[keep.pk], places[absorb.pk]
    fields: dict[str, Any] = {}
    for model_field in Place._meta.concrete_fields:
        name = model_field.name
        if name in _NOT_MERGED:
            continue
        mine, theirs = getattr(keep, name), getattr(absorb, name)
        if isinstance(mine, list):
            fields[name] = list(dict.fromkeys([*mine, *(theirs or [])]))
        elif _is_empty(mine) and not _is_empty(theirs):
            fields[name] = theirs
    if absorb.source_updated_on and (
        not keep.source_updated_on or absorb.source_updated_on > keep.source_updated_on
    ):
        fields["source_updated_on"] = absorb.source_updated_on
    edits = dict(keep.manager_edits)
    for name, stamp in absorb.manager_edits.items():
        if name not in edits or datetime.fromisoformat(stamp) > datetime.fromisoformat(edits[name]):
            edits[name] = stamp
    fields["manager_edits"] = edits
    tags = {name: sorted({*getattr(keep, name), *getattr(absorb, name)}) for name in TAG_FIELDS}

    PlaceSource.objects.filter(place=absorb).update(place=keep)
    note = f"{absorb.name} ({absorb.commune})" if absorb.commune else absorb.name
    absorb.delete()
    return save_place(
        fields=fields, tags=tags, place=keep, by=by, kind=PlaceVersion.Kind.MERGED, note=note
    )
