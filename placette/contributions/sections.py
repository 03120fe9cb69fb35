"""Contributions' sections on other apps' pages (registered in apps.py; see core/sections.py)."""

from placette.contributions import queries


def account_contributions(request, user) -> dict:
    return {"contributions": queries.sent_by(user)}
