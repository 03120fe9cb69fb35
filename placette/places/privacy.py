"""Changes to places in the privacy export (collected by the privacy app). On deletion the
place history keeps them, no longer tied to the person (PlaceVersion.author is SET_NULL)."""

from placette.places.models import Claim, PlaceManager, PlaceVersion


def export(user) -> dict:
    versions = (
        PlaceVersion.objects.filter(author=user)
        .select_related("place")
        .order_by("created_at", "pk")
    )
    return {
        "managed_places": [
            {"place": m.place.name, "path": m.place.get_absolute_url(), "since": m.created_at}
            for m in PlaceManager.objects.filter(user=user).select_related("place").order_by("pk")
        ],
        "claims": [
            {
                "place": claim.place.name,
                "role": claim.role,
                "message": claim.message,
                "status": claim.status,
                "created_at": claim.created_at,
                "decided_at": claim.decided_at,
                "reason": claim.reason,
            }
            for claim in Claim.objects.filter(user=user).select_related("place").order_by("pk")
        ],
        "place_versions": [
            {
                "place": v.place.name,
                "date": v.created_at,
                "kind": v.kind,
                "changed_fields": sorted(v.changes),
            }
            for v in versions
        ],
    }


def forget(user) -> None:
    """Manager rights and pending requests served only the person (decided requests go with the
    account: CASCADE). The place history stays, without the author (PlaceVersion.author is
    SET_NULL)."""
    PlaceManager.objects.filter(user=user).delete()
    Claim.objects.filter(user=user, status=Claim.Status.PENDING).delete()
