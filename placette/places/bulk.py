"""Imports in batches: the rules of services.upsert_from_source, with a few queries per
batch of records instead of several per record (20,000 rows: docs/benchmarks.md)."""

from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from . import hours, services
from .models import Place, PlaceSource, PlaceTag

BATCH = 500
Item = tuple[str, dict[str, Any], dict[str, list[str]]]  # source id, fields, tags


def upsert_many(*, source: str, items: list[Item]) -> list[services.Upsert]:
    """Create or update the place of each (source, source id), in the order given. Call it in
    a transaction: a batch is written with bulk queries, so a failure midway leaves a part."""
    slugs = _Slugs()
    results: list[services.Upsert] = []
    for start in range(0, len(items), BATCH):
        results += _batch(source, items[start : start + BATCH], slugs)
    return results


class _Slugs:
    """Every slug in use, read once when the first new place needs one."""

    def __init__(self):
        self.taken: set[str] | None = None

    def new(self, place: Place) -> str:
        if self.taken is None:
            self.taken = set(Place.objects.values_list("slug", flat=True))
        base = slugify(f"{place.name} {place.commune}".strip())[:200] or "lieu"
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def _batch(source: str, items: list[Item], slugs: _Slugs) -> list[services.Upsert]:
    links = {
        link.source_id: link
        for link in PlaceSource.objects.select_related("place").filter(
            source=source, source_id__in=[source_id for source_id, _f, _t in items]
        )
    }
    place_ids = [link.place_id for link in links.values()]
    current_tags: dict[int, list[PlaceTag]] = defaultdict(list)
    for tag in PlaceTag.objects.filter(place_id__in=place_ids):
        current_tags[tag.place_id].append(tag)
    sources: dict[int, set[str]] = defaultdict(set)
    for place_id, name in PlaceSource.objects.filter(place_id__in=place_ids).values_list(
        "place_id", "source"
    ):
        sources[place_id].add(name)

    now = timezone.now()
    results, new_places, new_links, changed_links = [], [], [], []
    new_tags: list[PlaceTag] = []
    stale_tags: list[int] = []
    updated: list[Place] = []
    update_fields: set[str] = set()
    for source_id, fields, tags in items:
        link = links.get(source_id)
        updated_on = fields.get("source_updated_on")
        if link is None:
            place = Place(source=source)
            _apply(place, dict(fields), tags, {})
            place.slug = slugs.new(place)
            place.created_at = place.updated_at = now
            new_places.append((place, tags))
            new_links.append((place, source_id, updated_on))
            results.append(services.Upsert(place=place, created=True, changed=[*fields, *tags]))
            continue
        place = link.place
        codes = _codes(current_tags[place.pk])
        fields, tags, changed, kept = services.plan_update(
            place, source=source, fields=fields, tags=tags, codes=codes, sources=sources[place.pk]
        )
        if changed:
            update_fields.update(_apply(place, fields, tags, codes))
            place.updated_at = now
            updated.append(place)
            for tag in current_tags[place.pk]:
                name = _tag_field(tag.kind)
                if name in tags and tag.code not in tags[name]:
                    stale_tags.append(tag.pk)
            new_tags += [
                PlaceTag(place=place, kind=services.TAG_FIELDS[name], code=code)
                for name, values in tags.items()
                for code in set(values) - set(codes[name])
            ]
        if link.updated_on != updated_on:
            link.updated_on = updated_on
            changed_links.append(link)
        results.append(services.Upsert(place=place, created=False, changed=changed, kept=kept))

    Place.objects.bulk_create([place for place, _tags in new_places])
    for place, tags in new_places:
        new_tags += [
            PlaceTag(place=place, kind=services.TAG_FIELDS[name], code=code)
            for name, values in tags.items()
            for code in set(values)
        ]
    if updated:
        Place.objects.bulk_update(updated, sorted(update_fields | {"updated_at"}))
    if stale_tags:
        PlaceTag.objects.filter(pk__in=stale_tags).delete()
    PlaceTag.objects.bulk_create(new_tags)
    PlaceSource.objects.bulk_create(
        [
            PlaceSource(place=place, source=source, source_id=source_id, updated_on=updated_on)
            for place, source_id, updated_on in new_links
        ]
    )
    if changed_links:
        PlaceSource.objects.bulk_update(changed_links, ["updated_on"])
    return results


def _apply(
    place: Place, fields: dict[str, Any], tags: dict[str, list[str]], codes: dict[str, list[str]]
) -> set[str]:
    """Set fields as services.save_place does, with the derived ones; return the names set."""
    services.fill_territory(fields)
    hours.validate(fields.get("opening_hours", ""))
    for name, value in fields.items():
        setattr(place, name, value)
    all_codes = {name: tags.get(name, codes.get(name, [])) for name in services.TAG_FIELDS}
    services.derive(place, families=all_codes["families"], services=all_codes["services"])
    return {*fields, *services.DERIVED}


def _codes(tags: list[PlaceTag]) -> dict[str, list[str]]:
    codes = {name: [] for name in services.TAG_FIELDS}
    for tag in tags:
        codes[_tag_field(tag.kind)].append(tag.code)
    return {name: sorted(values) for name, values in codes.items()}


def _tag_field(kind: str) -> str:
    return next(name for name, value in services.TAG_FIELDS.items() if value == kind)
