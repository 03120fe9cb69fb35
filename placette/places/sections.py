"""A place's team on the account page (registered in apps.py; see core/sections.py)."""

from placette.places import queries


def account_managed(request, user) -> dict:
    return {"managed": queries.managed_places(user)}


def account_claims(request, user) -> dict:
    return {"claims": queries.claims_of(user)}
