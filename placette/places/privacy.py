"""Changes to places in the privacy export (collected by the privacy app). On deletion the
place history keeps them, no longer tied to the person (PlaceVersion.author is SET_NULL)."""

from placette.places.models import PlaceVersion


def export(user) -> dict:
    versions = (
        PlaceVersion.objects.filter(author=user)
        .select_related("place")
        .order_by("created_at", "pk")
    )
    return {
        "place_versions": [
            {
                "place": v.place.name,
                "date": v.created_at,
                "kind": v.kind,
                "changed_fields": sorted(v.changes),
            }
            for v in versions
        ]
    }


def forget(user) -> None:
    """Nothing to do before the account goes: the history stays, without the author."""
