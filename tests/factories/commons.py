"""Resources of the commons, built through commons.services (revision 1 by their creator)."""

import itertools
from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from placette.commons.models import Resource
from placette.commons.services import resources as services
from tests.factories.accounts import make_user

_counter = itertools.count(1)


def make_resource(
    title: str | None = None,
    *,
    kind: str = "tutoriel",
    places: Sequence = (),
    by=None,
    days_ago: int = 0,
    **fields,
) -> Resource:
    """A resource created by `by` (a new contributor by default), `days_ago` days ago."""
    title = title or f"Ressource {next(_counter)}"
    resource = services.create_resource(
        by=by or make_user(), fields={"title": title, "kind": kind, **fields}, places=places
    )
    if days_ago:
        created_at = timezone.now() - timedelta(days=days_ago)
        Resource.objects.filter(pk=resource.pk).update(created_at=created_at)
        resource.refresh_from_db()
    return resource
