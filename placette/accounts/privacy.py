"""The account's part of the privacy export and of account deletion (collected by the privacy
app, which deletes the account itself last). Dates stay dates: the privacy app writes them out."""

from allauth.account.models import EmailAddress


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
    }


def forget(user) -> None:
    """The account row itself is deleted last, by the privacy app."""
