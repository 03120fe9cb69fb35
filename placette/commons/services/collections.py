"""Writes of collections: resources someone signed in puts together, in order, with notes.

Only the owner changes a collection (the views ask `owns`). Items keep positions 0, 1, 2…
in the collection's order; every change to them locks the collection's row first, so two
tabs moving items cannot interleave.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from placette.commons.models import Collection, CollectionItem, Resource
from placette.core import roles, text

# Words of our own routes under /collections/: no collection may take them as its slug.
RESERVED_SLUGS = {"nouvelle", "miennes", "ajouter"}
FIELDS = ("title", "description", "is_public")


class CollectionError(Exception):
    """A change refused for a reason the person can act on; the message is for them."""


def owns(user, collection: Collection) -> bool:
    return roles.is_contributor(user) and collection.owner_id == user.pk


def create_collection(
    *, owner, title: str, description: str = "", is_public: bool = True, resource=None
) -> Collection:
    """A new collection; with `resource`, that resource is its first item."""
    with transaction.atomic():
        collection = Collection.objects.create(
            slug=text.unique_slug(
                Collection, title, fallback="collection", reserved=RESERVED_SLUGS
            ),
            title=title,
            description=description,
            is_public=is_public,
            owner=owner,
        )
        if resource is not None:
            CollectionItem.objects.create(collection=collection, resource=resource, position=0)
    return collection


def update_collection(*, collection: Collection, fields: dict, by) -> Collection:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown collection fields: {sorted(unknown)}")
    with transaction.atomic():
        collection = _locked(collection)
        for name, value in fields.items():
            setattr(collection, name, value)
        collection.save()  # the slug stays: shared links keep working
    return collection


def delete_collection(*, collection: Collection, by) -> None:
    with transaction.atomic():
        _locked(collection).delete()


def _locked(collection: Collection) -> Collection:
    return Collection.objects.select_for_update().get(pk=collection.pk)


def _touch(collection: Collection) -> None:
    collection.save(update_fields=["updated_at"])


def add_resource(
    *, collection: Collection, resource: Resource, by, note: str = ""
) -> CollectionItem:
    """Put `resource` at the end of `collection`; once only (CollectionError otherwise)."""
    with transaction.atomic():
        collection = _locked(collection)
        if collection.items.filter(resource=resource).exists():
            raise CollectionError(
                _("« %(resource)s » est déjà dans la collection « %(collection)s ».")
                % {"resource": resource.title, "collection": collection.title}
            )
        last = collection.items.aggregate(last=Max("position"))["last"]
        item = CollectionItem.objects.create(
            collection=collection,
            resource=resource,
            note=note,
            position=0 if last is None else last + 1,
        )
        _touch(collection)
    return item


def remove_item(*, item: CollectionItem, by) -> None:
    with transaction.atomic():
        collection = _locked(item.collection)
        CollectionItem.objects.filter(pk=item.pk).delete()
        _renumber(list(collection.items.all()))
        _touch(collection)


def set_note(*, item: CollectionItem, note: str, by) -> CollectionItem:
    with transaction.atomic():
        _locked(item.collection)
        CollectionItem.objects.filter(pk=item.pk).update(note=note)
        item.note = note
    return item


def move_item(*, item: CollectionItem, up: bool, by) -> None:
    """One step up (towards the start) or down; at either end, nothing changes."""
    with transaction.atomic():
        collection = _locked(item.collection)
        items = list(collection.items.all())
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            _renumber(items)
            _touch(collection)


def _renumber(items: list[CollectionItem]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    CollectionItem.objects.bulk_update(changed, ["position"])
