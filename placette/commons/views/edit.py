"""The commons' write pages: create, edit or propose, revert, files (proposals are decided in
the moderation room).

Each view asks services.can_* (core/roles.py underneath) and calls one service; errors
re-render the form with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from placette.commons import history
from placette.commons.forms.resources import AttachmentForm, ResourceForm, RevertForm
from placette.commons.models import Attachment, Resource, Revision
from placette.commons.people import public_name
from placette.commons.services import attachments
from placette.commons.services import resources as services
from placette.places.models import Place


def _posted(request):
    return request.POST if request.method == "POST" else None


def _editable(request, slug: str) -> Resource:
    resource = get_object_or_404(Resource, slug=slug)
    if not services.can_edit_directly(request.user, resource):
        raise PermissionDenied
    return resource


@require_http_methods(["GET", "POST"])
@login_required
def create(request):
    if not services.can_propose(request.user):
        raise PermissionDenied
    places = Place.objects.filter(managers__user=request.user).order_by("name")
    # "Proposer une ressource" from a place page (?lieu=<slug>): that place comes ticked.
    preset = list(places.filter(slug=request.GET.get("lieu", "")))
    form = ResourceForm(_posted(request), places=places, initial={"places": preset})
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.create_resource(
                by=request.user,
                fields=form.revised(),
                places=form.cleaned_data.get("places") or [],
            )
        except services.CommonsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Ressource publiée. Merci de la partager !"))
            return redirect(resource)
    return render(
        request,
        "commons/resource_form.html",
        {"form": form, "resource": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, slug: str):
    """Edit directly, or propose an edit (people who may not edit directly)."""
    resource = get_object_or_404(Resource, slug=slug)
    if not services.can_propose(request.user):
        raise PermissionDenied
    direct = services.can_edit_directly(request.user, resource)
    latest = services.latest_revision(resource)
    form = ResourceForm(
        _posted(request), editing=True, initial=ResourceForm.initial_for(resource, latest)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        base = Revision.objects.filter(
            pk=form.cleaned_data.get("base") or 0, resource=resource
        ).first()
        try:
            revision = services.edit_resource(
                resource=resource,
                by=request.user,
                fields=form.revised(),
                note=form.cleaned_data["note"],
                base=base or latest,
            )
        except services.ConflictError as error:
            conflict = _conflict(error, base)
            form.add_error(None, str(error))
            # What they typed stays; the next save starts from the version they now see.
            form.data = form.data.copy()
            form.data["base"] = str(error.latest.pk)
        except services.CommonsError as error:
            form.add_error(None, str(error))
        else:
            if revision.status == Revision.Status.ACCEPTED:
                messages.success(
                    request,
                    _("Modification enregistrée (révision %(n)s).") % {"n": revision.number},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Merci ! Votre proposition attend l'accord de l'auteur·rice de la "
                        "ressource ou de la modération ; vous recevrez un courriel."
                    ),
                )
            return redirect(resource)
    return render(
        request,
        "commons/resource_form.html",
        {"form": form, "resource": resource, "direct": direct, "conflict": conflict},
        status=400 if form.errors else 200,
    )


def _conflict(error: services.ConflictError, base: Revision | None) -> dict:
    """What changed between the version the person started from and the current one."""
    latest = error.latest
    return {
        "latest": latest,
        "author": public_name(latest.author),
        "changes": history.changes(base.snapshot() if base else None, latest.snapshot()),
    }


@require_http_methods(["GET", "POST"])
@login_required
def revert(request, slug: str, number: int):
    resource = _editable(request, slug)
    target = get_object_or_404(
        Revision, resource=resource, number=number, status=Revision.Status.ACCEPTED
    )
    latest = services.latest_revision(resource)
    form = RevertForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            done = services.revert(
                resource=resource, to=target, by=request.user, note=form.cleaned_data["note"]
            )
        except services.CommonsError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("La ressource est revenue à la révision %(old)s (nouvelle révision %(n)s).")
                % {"old": target.number, "n": done.number},
            )
            return redirect(resource)
    context = {
        "resource": resource,
        "target": target,
        "latest": latest,
        "form": form,
        "changes": history.changes(latest.snapshot(), target.snapshot()),
    }
    return render(request, "commons/revert.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def attachment_list(request, slug: str):
    resource = _editable(request, slug)
    form = AttachmentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(
                resource=resource,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Fichier ajouté."))
            return redirect("commons:attachments", slug=resource.slug)
    files = [
        {"attachment": item, "type": attachments.type_label(item.content_type)}
        for item in resource.attachments.all()
    ]
    return render(
        request,
        "commons/attachments.html",
        {"resource": resource, "form": form, "files": files},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def attachment_delete(request, slug: str, pk: int):
    resource = _editable(request, slug)
    attachment = get_object_or_404(Attachment, pk=pk, resource=resource)
    services.delete_attachment(attachment=attachment, by=request.user)
    messages.success(request, _("Fichier retiré."))
    return redirect("commons:attachments", slug=resource.slug)
