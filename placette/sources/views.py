"""Staff pages: imports (upload, preview, confirm) and possible duplicates. Staff only: the
admin login, then a permission check on every view, GET and POST alike."""

from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from placette.sources import queries, services
from placette.sources.forms import UploadForm
from placette.sources.models import DuplicatePair, ImportRun

IMPORT_PERMISSIONS = ("places.add_place", "places.change_place")
MERGE_PERMISSIONS = ("places.change_place", "places.delete_place")


def staff_required(*permissions: str):
    """Anonymous or non-staff: to the admin login. Staff without `permissions`: 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_member_required(wrapped)

    return decorator


@staff_required(*IMPORT_PERMISSIONS)
@require_http_methods(["GET", "POST"])
def imports(request):
    known = queries.known_sources()
    form = UploadForm(request.POST or None, request.FILES or None, known_sources=known)
    if request.method == "POST" and form.is_valid():
        run = services.import_text(
            text=form.text,
            file_name=form.cleaned_data["file"].name,
            format=form.cleaned_data["format"],
            source=form.cleaned_data["source"] or None,
            user=request.user,
            dry_run=True,
            source_details=form.source_details(),
        )
        return redirect(run)
    page = Paginator(queries.runs(), 30).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    return render(request, "sources/imports.html", {"form": form, "page": page}, status=status)


@staff_required(*IMPORT_PERMISSIONS)
@require_http_methods(["GET"])
def run_detail(request, pk: int):
    run = get_object_or_404(ImportRun.objects.select_related("user"), pk=pk)
    return render(request, "sources/run.html", {"run": run, "summary": queries.run_summary(run)})


@staff_required(*IMPORT_PERMISSIONS)
@require_POST
def run_confirm(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        run = services.confirm(run=run, user=request.user)
    except ValueError:
        messages.warning(request, _("Cet import n'est plus un aperçu : rien n'a été fait."))
        return redirect(run)
    if run.status == ImportRun.Status.APPLIED:
        messages.success(request, _("Import confirmé : le fichier a été importé."))
    else:
        messages.error(
            request, _("Import refusé : le fichier n'est plus valide. Rien n'a été importé.")
        )
    return redirect(run)


@staff_required(*IMPORT_PERMISSIONS)
@require_POST
def run_discard(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    services.discard(run=run)
    messages.info(request, _("Aperçu abandonné : rien n'a été importé."))
    return redirect("sources:imports")


@staff_required(*MERGE_PERMISSIONS)
@require_http_methods(["GET"])
def duplicate_list(request):
    page = Paginator(queries.open_pairs(), 20).get_page(request.GET.get("page"))
    return render(request, "sources/duplicates.html", {"page": page})


@staff_required(*MERGE_PERMISSIONS)
@require_POST
def duplicate_decide(request, pk: int):
    pair = get_object_or_404(DuplicatePair, pk=pk)
    names = {"names": pair.names}
    try:
        pair = services.decide_pair(
            pair=pair, action=request.POST.get("action", ""), by=request.user
        )
    except ValueError:
        messages.warning(request, _("« %(names)s » : déjà traité, ou action inconnue.") % names)
    else:
        if pair.status == DuplicatePair.Status.MERGED:
            messages.success(request, _("« %(names)s » : fusionnés en un seul lieu.") % names)
        else:
            messages.success(request, _("« %(names)s » : gardés séparés.") % names)
    back = reverse("sources:duplicates")
    page = request.POST.get("page", "")
    return redirect(f"{back}?page={page}" if page.isdigit() else back)
