"""Every change to a place is kept (PlaceVersion): who, when, each field before and after.

A version stores differences only. The state of a place at a version is its current record
with the `before` values of every later version put back, so a revert is one more change,
itself recorded and revertible.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from placette.places import territories, vocab
from placette.places.models import Place, PlaceVersion

# What a version records: what people and sources write. Identity (uid, slug), derived
# values (search text, completeness, freshness) and bookkeeping are left out.
NOT_VERSIONED = {
    "id",
    "uid",
    "slug",
    "created_at",
    "updated_at",
    "manager_edits",
    "completeness",
    "checked_on",
    "search_text",
    "commune_key",
    "reminded_on",
}
FIELDS = [
    f.name
    for f in Place._meta.concrete_fields
    if f.name not in NOT_VERSIONED and not isinstance(f, models.ForeignKey)
]
TAGS = ["families", "services", "publics"]
_DATES = {f.name for f in Place._meta.concrete_fields if isinstance(f, models.DateField)}


def snapshot(place: Place) -> dict[str, Any]:
    """The versioned values of `place`, as JSON (dates as ISO strings, tags sorted)."""
    values = {name: as_json(getattr(place, name)) for name in FIELDS}
    if place.pk:
        values.update({name: sorted(getattr(place, name)) for name in TAGS})
    else:
        values.update(dict.fromkeys(TAGS, []))
    return values


def as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def record(
    *,
    place: Place,
    before: dict[str, Any] | None,
    kind: str,
    author=None,
    origin: str = "",
    note: str = "",
) -> PlaceVersion | None:
    """Record the change from `before` (None: the place was just created) to the place as it
    is now. Nothing is recorded for a save that changed nothing."""
    after = snapshot(place)
    if before is None:
        changes = {
            name: [None, value] for name, value in after.items() if value not in (None, "", [])
        }
        kind = PlaceVersion.Kind.CREATED if kind == PlaceVersion.Kind.EDITED else kind
    else:
        changes = diff(before, after)
        if not changes and kind != PlaceVersion.Kind.CONFIRMED:
            return None
    author = author if author is not None and author.is_authenticated else None
    return PlaceVersion.objects.create(
        place=place, kind=kind, author=author, origin=origin[:200], note=note[:500], changes=changes
    )


def state_at(version: PlaceVersion) -> dict[str, Any]:
    """The versioned values of the place just after `version`."""
    state = snapshot(version.place)
    later = version.place.versions.filter(
        models.Q(created_at__gt=version.created_at)
        | models.Q(created_at=version.created_at, pk__gt=version.pk)
    ).order_by("-created_at", "-pk")
    for newer in later:
        for name, (old, _new) in newer.changes.items():
            if name in state:
                state[name] = old
    return state


def to_fields(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Split a state into save_place's `fields` and `tags`, values typed back."""
    fields: dict[str, Any] = {}
    for name in FIELDS:
        value = state.get(name)
        if name in _DATES and isinstance(value, str):
            value = date.fromisoformat(value)
        fields[name] = value
    tags = {name: list(state.get(name) or []) for name in TAGS}
    return fields, tags


def revert(*, version: PlaceVersion, by, note: str = "") -> Place:
    """Put the place back as it was just after `version`; recorded as a new version."""
    # places.py records versions through this module: imported here to avoid a cycle.
    from placette.places.services.places import save_place

    fields, tags = to_fields(state_at(version))
    when = version.created_at.strftime("%Y-%m-%d %H:%M")
    return save_place(
        fields=fields,
        tags=tags,
        place=version.place,
        by=by,
        kind=PlaceVersion.Kind.REVERTED,
        note=note or f"retour à la version du {when}",
    )


# --- Reading versions: French labels and displayable values -------------------------------

_VOCABULARIES = {
    "families": vocab.Family,
    "services": vocab.Service,
    "publics": vocab.Public,
    "access_modes": vocab.AccessMode,
    "support_modes": vocab.SupportMode,
    "specific_support": vocab.SpecificSupport,
    "fees": vocab.Fee,
    "national_programmes": vocab.NationalProgramme,
    "training_labels": vocab.TrainingLabel,
}
_TAG_LABELS = {
    "families": _("familles"),
    "services": _("services"),
    "publics": _("publics"),
}
_ORDER = {name: i for i, name in enumerate([*FIELDS, *TAGS])}


@dataclass(frozen=True)
class Change:
    name: str
    label: str
    before: str
    after: str


def label(name: str) -> str:
    if name in _TAG_LABELS:
        return capfirst(_TAG_LABELS[name])
    try:
        return capfirst(Place._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def display(name: str, value: Any) -> str:
    """A stored value in words: vocabulary labels, oui/non, dates as "3 mars 2024"."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if name == "departement":
        return territories.departement_label(value)
    if name == "region":
        return territories.REGIONS.get(value, value)
    if name in _VOCABULARIES:
        known = dict(_VOCABULARIES[name].choices)
        codes = value if isinstance(value, list) else [value]
        return ", ".join(str(known.get(code, code)) for code in codes)
    if name in _DATES and isinstance(value, str):
        try:
            return formats.date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def labelled(changes: dict[str, list[Any]]) -> list[Change]:
    """The changes of a version (or a diff), labelled and in the form's order."""
    return [
        Change(name=name, label=label(name), before=display(name, old), after=display(name, new))
        for name, (old, new) in sorted(changes.items(), key=lambda item: _ORDER.get(item[0], 999))
    ]
