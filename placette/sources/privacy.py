"""Imports and duplicate decisions in the privacy export and account deletion (collected by the
privacy app): staff work on the directory, not personal data. Nothing is exported; on deletion
they stay, no longer tied to the person (their user foreign keys are SET_NULL)."""


def export(user) -> dict:
    return {}


def forget(user) -> None:
    """Nothing to do before the account goes."""
