"""Reads about people: moderators, verified addresses."""

from functools import reduce
from operator import or_

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


def own_addresses(user) -> list[str]:
    """The addresses the person proved are theirs (verified), and the account's own."""
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({address.lower() for address in [*verified, user.email] if address})


def by_person(user) -> Q:
    """Rows of theirs, in a model with `user` and `email`: made signed in, or signed with one of
    their addresses before (their privacy export and account deletion)."""
    by_address = [Q(email__iexact=address) for address in own_addresses(user)]
    return reduce(or_, by_address, Q(user=user))
