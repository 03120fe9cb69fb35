"""Resource revisions and collections in the privacy export and account deletion (collected by
the privacy app). Revisions stay in the commons (author SET_NULL); collections go."""

from placette.commons.models import Collection, Revision


def export(user) -> dict:
    revisions = (
        Revision.objects.filter(author=user).select_related("resource").order_by("created_at", "pk")
    )
    collections = (
        Collection.objects.filter(owner=user)
        .prefetch_related("items__resource")
        .order_by("created_at", "pk")
    )
    return {
        "resource_revisions": [
            {
                "resource": revision.resource.title,
                "path": revision.resource.get_absolute_url(),
                "number": revision.number,
                "status": revision.status,
                "note": revision.note,
                "created_at": revision.created_at,
            }
            for revision in revisions
        ],
        "collections": [
            {
                "title": collection.title,
                "path": collection.get_absolute_url(),
                "public": collection.is_public,
                "resources": [item.resource.title for item in collection.items.all()],
            }
            for collection in collections
        ],
    }


def forget(user) -> None:
    """A person's collections are theirs alone: they go (as Collection.owner's CASCADE would)."""
    Collection.objects.filter(owner=user).delete()
