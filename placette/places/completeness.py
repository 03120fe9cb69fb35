"""How complete a place's record is: which of the fields a visitor needs are filled.

The score is the share of CHECKS that pass, 0–100. It is stored on the place by
services.save_place (so lists can filter and sort on it) and explained on the place page
by `missing()`, so a network sees what to update first.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

# (label shown when missing, test on the place's values). `values` maps field names to
# values, plus "families" and "services" to lists of codes.
CHECKS: list[tuple[Any, Callable[[dict[str, Any]], bool]]] = [
    (_("adresse"), lambda v: bool(v["address"] and v["postal_code"] and v["commune"])),
    (
        _("position sur la carte"),
        lambda v: v["latitude"] is not None and v["longitude"] is not None,
    ),
    (_("horaires d'ouverture"), lambda v: bool(v["opening_hours"])),
    (_("téléphone ou courriel"), lambda v: bool(v["phone"] or v["emails"])),
    (_("site web"), lambda v: bool(v["websites"])),
    (_("présentation courte"), lambda v: bool(v["summary"])),
    (_("présentation détaillée"), lambda v: bool(v["description"])),
    (_("famille de lieu"), lambda v: bool(v["families"])),
    (_("services proposés"), lambda v: bool(v["services"])),
    (_("modalités d'accès"), lambda v: bool(v["access_modes"])),
    (_("frais à charge"), lambda v: bool(v["fees"])),
    (_("fiche accessibilité"), lambda v: bool(v["accessibility_url"])),
    (_("SIRET ou RNA"), lambda v: bool(v["siret"] or v["rna"])),
]
FIELDS = [
    "address",
    "postal_code",
    "commune",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "emails",
    "websites",
    "summary",
    "description",
    "access_modes",
    "fees",
    "accessibility_url",
    "siret",
    "rna",
]


def values_of(place, *, families: list[str], services: list[str]) -> dict[str, Any]:
    return {
        **{name: getattr(place, name) for name in FIELDS},
        "families": families,
        "services": services,
    }


def score(values: dict[str, Any]) -> int:
    passed = sum(1 for _label, test in CHECKS if test(values))
    return round(100 * passed / len(CHECKS))


def missing(values: dict[str, Any]) -> list[str]:
    return [str(label) for label, test in CHECKS if not test(values)]


def checked_on(
    *,
    source_updated_on: date | None,
    manager_edits: dict[str, str],
    confirmed_on: date | None = None,
) -> date | None:
    """The freshness date: the latest of the source's date, the manager's last edit and the
    team's last "still true" confirmation."""
    dates = [datetime.fromisoformat(stamp).date() for stamp in manager_edits.values()]
    dates += [day for day in (source_updated_on, confirmed_on) if day]
    return max(dates, default=None)
