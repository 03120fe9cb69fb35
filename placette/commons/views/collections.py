"""Collections: public pages (list, one collection) and the owner's writes.

Anyone sees a public collection; a private one only its owner (404 for others). Only the
owner changes one (403 for others); visitors are sent to log in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from placette.commons import queries
from placette.commons.forms.collections import CollectionForm, NoteForm
from placette.commons.models import Collection, CollectionItem, Resource
from placette.commons.people import public_name
from placette.commons.services import collections as services

PER_PAGE = 20


def _visible(request, slug: str) -> Collection:
    collection = get_object_or_404(Collection.objects.select_related("owner"), slug=slug)
    if not collection.is_public and not services.owns(request.user, collection):
        raise Http404
    return collection


def _owned(request, slug: str) -> Collection:
    collection = _visible(request, slug)
    if not services.owns(request.user, collection):
        raise PermissionDenied
    return collection


def _item(collection: Collection, item_id: int) -> CollectionItem:
    return get_object_or_404(
        CollectionItem.objects.select_related("collection", "resource"),
        pk=item_id,
        collection=collection,
    )


@require_GET
def collection_list(request):
    page = Paginator(queries.public_collections(), PER_PAGE).get_page(request.GET.get("page"))
    entries = [(collection, public_name(collection.owner)) for collection in page]
    return render(request, "commons/collection_list.html", {"page": page, "entries": entries})


@require_GET
@login_required
def my_collections(request):
    collections = queries.collections_of(request.user)
    return render(request, "commons/collection_mine.html", {"collections": collections})


@require_GET
def collection_detail(request, slug: str):
    return _detail_page(request, _visible(request, slug))


def _detail_page(request, collection: Collection, *, failed: NoteForm | None = None, item_id=None):
    """The collection's page; for its owner each item comes with its note's form (`failed`:
    the one just sent with an error, shown again as typed)."""
    is_owner = services.owns(request.user, collection)
    entries = []
    for item in queries.collection_items(collection):
        form = None
        if is_owner:
            form = NoteForm(prefix=f"item-{item.pk}", initial={"note": item.note})
            if item.pk == item_id:
                form = failed
            # One label per item: "Pourquoi « Titre »", not the same one repeated.
            form.fields["note"].label = _("Pourquoi « %(title)s »") % {"title": item.resource}
        entries.append((item, form))
    context = {
        "collection": collection,
        "entries": entries,
        "is_owner": is_owner,
        "owner_name": public_name(collection.owner),
        "share_url": request.build_absolute_uri(collection.get_absolute_url()),
    }
    return render(
        request,
        "commons/collection_detail.html",
        context,
        status=400 if failed is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def collection_new(request):
    source = request.POST if request.method == "POST" else request.GET
    resource = Resource.objects.filter(slug=source.get("ressource", "")).first()
    form = CollectionForm(request.POST or None)
    if form.is_valid():
        collection = services.create_collection(
            owner=request.user, resource=resource, **form.cleaned_data
        )
        messages.success(request, _("Collection créée."))
        return redirect(collection)
    return render(request, "commons/collection_form.html", {"form": form, "resource": resource})


@require_http_methods(["GET", "POST"])
@login_required
def collection_edit(request, slug: str):
    collection = _owned(request, slug)
    if request.method == "POST":
        form = CollectionForm(request.POST)
        if form.is_valid():
            services.update_collection(
                collection=collection, fields=form.cleaned_data, by=request.user
            )
            messages.success(request, _("Collection enregistrée."))
            return redirect(collection)
    else:
        form = CollectionForm.from_collection(collection)
    return render(request, "commons/collection_form.html", {"form": form, "collection": collection})


@require_http_methods(["GET", "POST"])
@login_required
def collection_delete(request, slug: str):
    collection = _owned(request, slug)
    if request.method == "POST":
        services.delete_collection(collection=collection, by=request.user)
        messages.success(request, _("Collection « %(title)s » supprimée.") % {"title": collection})
        return redirect("commons:my_collections")
    return render(request, "commons/collection_delete.html", {"collection": collection})


@require_POST
@login_required
def collection_add(request, slug: str):
    """Add the resource `slug` to one of my collections (the form of _add_to_collection.html)."""
    resource = get_object_or_404(Resource, slug=slug)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = resource.get_absolute_url()
    raw = request.POST.get("collection", "")
    collection = Collection.objects.filter(pk=raw).first() if raw.isdigit() else None
    if collection is None:
        messages.error(request, _("Choisissez une de vos collections."))
        return redirect(back)
    if not services.owns(request.user, collection):
        raise PermissionDenied
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.add_resource(collection=collection, resource=resource, by=request.user, note=note)
    except services.CollectionError as error:
        messages.info(request, str(error))
        return redirect(back)
    messages.success(
        request,
        _("« %(resource)s » ajoutée à la collection « %(collection)s ».")
        % {"resource": resource.title, "collection": collection.title},
    )
    return redirect(back)


@require_POST
@login_required
def item_remove(request, slug: str, pk: int):
    collection = _owned(request, slug)
    item = _item(collection, pk)
    services.remove_item(item=item, by=request.user)
    removed = _("« %(title)s » retirée de la collection.") % {"title": item.resource}
    messages.success(request, removed)
    return redirect(collection)


@require_POST
@login_required
def item_move(request, slug: str, pk: int):
    collection = _owned(request, slug)
    item = _item(collection, pk)
    services.move_item(item=item, up=request.POST.get("sens") == "haut", by=request.user)
    return redirect(f"{collection.get_absolute_url()}#element-{item.pk}")


@require_POST
@login_required
def item_note(request, slug: str, pk: int):
    collection = _owned(request, slug)
    item = _item(collection, pk)
    form = NoteForm(request.POST, prefix=f"item-{item.pk}")
    if not form.is_valid():
        return _detail_page(request, collection, failed=form, item_id=item.pk)
    services.set_note(item=item, note=form.cleaned_data["note"], by=request.user)
    messages.success(request, _("Note enregistrée."))
    return redirect(f"{collection.get_absolute_url()}#element-{item.pk}")
