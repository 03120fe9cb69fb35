"""Writes to the directory. Views, importers and commands call these, never `save()` directly."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from placette.core.text import fold

from . import completeness, hours, territories, vocab
from .models import Place, PlaceSource, PlaceTag

TAG_FIELDS = {
    "families": PlaceTag.Kind.FAMILY,
    "services": PlaceTag.Kind.SERVICE,
    "publics": PlaceTag.Kind.PUBLIC,
}


def search_text(
    *, name: str, commune: str, summary: str, description: str, families: Iterable[str]
) -> str:
    codes = list(families)
    # Family names in both languages, whatever the language of the request or command.
    words = []
    for language in ("fr", "en"):
        with translation.override(language):
            words += vocab.labels(vocab.Family, codes)
    return fold(" ".join([name, commune, summary, description, *words]))


def unique_slug(*, name: str, commune: str, exclude_id: int | None = None) -> str:
    base = slugify(f"{name} {commune}".strip())[:200] or "lieu"
    taken = set(
        Place.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_id)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def fill_territory(fields: dict[str, Any]) -> None:
    """Derive département and région from the INSEE or postal code when they are missing."""
    if not fields.get("departement"):
        if fields.get("insee_code"):
            fields["departement"] = territories.departement_from_insee(fields["insee_code"])
        elif fields.get("postal_code"):
            fields["departement"] = territories.departement_from_postal_code(fields["postal_code"])
    if fields.get("departement") and not fields.get("region"):
        fields["region"] = territories.region_of(fields["departement"])


@transaction.atomic
def save_place(
    *,
    fields: dict[str, Any],
    tags: dict[str, list[str]],
    place: Place | None = None,
) -> Place:
    """Create `place` (or update it) with `fields` and replace its families/services/publics."""
    fill_territory(fields)
    hours.validate(fields.get("opening_hours", ""))
    place = place or Place()
    for name, value in fields.items():
        setattr(place, name, value)
    codes = {
        kind: tags[name] if name in tags else place._codes(kind) if place.pk else []
        for name, kind in TAG_FIELDS.items()
    }
    place.completeness = completeness.score(
        completeness.values_of(
            place, families=codes[PlaceTag.Kind.FAMILY], services=codes[PlaceTag.Kind.SERVICE]
        )
    )
    place.checked_on = completeness.checked_on(
        source_updated_on=place.source_updated_on, manager_edits=place.manager_edits
    )
    place.search_text = search_text(
        name=place.name,
        commune=place.commune,
        summary=place.summary,
        description=place.description,
        families=codes[PlaceTag.Kind.FAMILY],
    )
    if not place.slug:
        place.slug = unique_slug(name=place.name, commune=place.commune, exclude_id=place.pk)
    place.save()
    _replace_tags(place=place, tags=tags)
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
) -> Place:
    """A place's own manager edits it: every changed field is marked with the edit time, so a
    later import of data its source dated earlier leaves that field alone."""
    at = at or timezone.now()
    changed = [name for name, value in fields.items() if getattr(place, name) != value]
    changed += [name for name, codes in tags.items() if sorted(codes) != getattr(place, name)]
    place.manager_edits = {**place.manager_edits, **dict.fromkeys(changed, at.isoformat())}
    return save_place(fields=fields, tags=tags, place=place)


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
    even after a merge. A field the place's manager edited after the source's date is kept."""
    link = (
        PlaceSource.objects.select_related("place")
        .prefetch_related("place__tags")
        .filter(source=source, source_id=source_id)
        .first()
    )
    updated_on = fields.get("source_updated_on")
    if link is None:
        place = save_place(fields={**fields, "source": source}, tags=tags)
        PlaceSource.objects.create(
            place=place, source=source, source_id=source_id, updated_on=updated_on
        )
        return Upsert(place=place, created=True, changed=[*fields, *tags])
    place = link.place
    kept = [name for name in [*fields, *tags] if _edited_after(place, name, updated_on)]
    fields = {name: value for name, value in fields.items() if name not in kept}
    tags = {name: codes for name, codes in tags.items() if name not in kept}
    if updated_on and place.source_updated_on and updated_on < place.source_updated_on:
        fields.pop("source_updated_on")  # another source of a merged place knew it later
    changed = [name for name, value in fields.items() if getattr(place, name) != value]
    changed += [name for name, codes in tags.items() if sorted(codes) != getattr(place, name)]
    if changed:
        save_place(fields=fields, tags=tags, place=place)
    if link.updated_on != updated_on:
        link.updated_on = updated_on
        link.save(update_fields=["updated_on"])
    return Upsert(place=place, created=False, changed=changed, kept=kept)


def _edited_after(place: Place, name: str, source_date) -> bool:
    stamp = place.manager_edits.get(name)
    if not stamp:
        return False
    if source_date is None:
        return True
    return timezone.localdate(datetime.fromisoformat(stamp)) > source_date
