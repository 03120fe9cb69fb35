"""Reads about people: moderators, verified addresses."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from placette.core.roles import MODERATE


def moderators() -> QuerySet:
    """Active accounts that may moderate: superusers, and those given the permission
    (through the moderators' group or directly)."""
    app_label, codename = MODERATE.split(".")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename=codename)
            & Q(groups__permissions__content_type__app_label=app_label)
            | Q(user_permissions__codename=codename)
            & Q(user_permissions__content_type__app_label=app_label)
        )
        .distinct()
    )


def moderator_emails() -> list[str]:
    return sorted({email for email in moderators().values_list("email", flat=True) if email})


def verified_emails(user) -> list[str]:
    from allauth.account.models import EmailAddress

    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
