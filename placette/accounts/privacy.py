"""The account's part of the privacy export and of account deletion (collected by the privacy
app, which deletes the account itself last). Dates stay dates: the privacy app writes them out."""

from allauth.account.models import EmailAddress

from placette.accounts.models import Claim, PlaceManager


def export(user) -> dict:
    return {
        "account": {
            "email": user.email,
            "addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
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
    }


def forget(user) -> None:
    """Manager rights and pending requests served only the person (decided requests go with the
    account: CASCADE)."""
    PlaceManager.objects.filter(user=user).delete()
    Claim.objects.filter(user=user, status=Claim.Status.PENDING).delete()
