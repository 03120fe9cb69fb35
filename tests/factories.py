"""Test data built through the same services as production code."""

import itertools
from typing import Any

from placette.places import services
from placette.places.models import Place

_counter = itertools.count(1)


def make_place(
    *,
    families: list[str] | None = None,
    services_: list[str] | None = None,
    publics: list[str] | None = None,
    **fields: Any,
) -> Place:
    n = next(_counter)
    data = {
        "name": f"Lieu {n}",
        "commune": "Rennes",
        "postal_code": "35000",
        "insee_code": "35238",
        "latitude": 48.11,
        "longitude": -1.68,
    }
    data.update(fields)
    tags = {"families": families or [], "services": services_ or [], "publics": publics or []}
    return services.save_place(fields=data, tags=tags)
