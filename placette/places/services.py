"""Writes to the directory. Views, importers and commands call these, never `save()` directly."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from placette.core.text import fold

from . import hours, territories, vocab
from .models import Place, PlaceTag

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
    families = tags.get("families", [])
    place.search_text = search_text(
        name=place.name,
        commune=place.commune,
        summary=place.summary,
        description=place.description,
        families=families,
    )
    if not place.slug:
        place.slug = unique_slug(name=place.name, commune=place.commune, exclude_id=place.pk)
    place.save()
    _replace_tags(place=place, tags=tags)
    return place


def _replace_tags(*, place: Place, tags: dict[str, list[str]]) -> None:
    wanted = {(TAG_FIELDS[field], code) for field, codes in tags.items() for code in codes}
    current = {(tag.kind, tag.code): tag.pk for tag in place.tags.all()}
    stale = [pk for key, pk in current.items() if key not in wanted]
    if stale:
        PlaceTag.objects.filter(pk__in=stale).delete()
    PlaceTag.objects.bulk_create(
        [PlaceTag(place=place, kind=kind, code=code) for kind, code in wanted - current.keys()]
    )


def upsert_from_source(
    *, source: str, source_id: str, fields: dict[str, Any], tags: dict[str, list[str]]
) -> tuple[Place, bool]:
    """Idempotent import of one record: the same (source, source id) updates the same place."""
    place = Place.objects.filter(source=source, source_id=source_id).first()
    created = place is None
    fields = {**fields, "source": source, "source_id": source_id}
    return save_place(fields=fields, tags=tags, place=place), created
