"""The moderation room: the queue and the pages where moderators decide. Each app keeps its
models, reads (queries.py) and decisions (services); these views only parse, call and render."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from placette.commons import history
from placette.commons import queries as commons_queries
from placette.commons.forms.resources import RejectForm as RevisionRejectForm
from placette.commons.models import Revision
from placette.commons.people import public_name
from placette.commons.services import resources as commons_services
from placette.contributions import diff
from placette.contributions import queries as contribution_queries
from placette.contributions.forms import QuestionForm, RejectForm, ReportDecisionForm
from placette.contributions.models import Report
from placette.contributions.services import proposals, reports
from placette.core.roles import is_moderator
from placette.places import queries as place_queries
from placette.places.forms import ClaimDecisionForm
from placette.places.models import Claim
from placette.places.services import team
from placette.places.services.freshness import STALE_AFTER
from placette.stories.queries import pending_stories

LIST_CAP = 100  # rows per list of the queue, oldest first
STALE_PER_PAGE = 50


def moderator_required(view):
    """Anonymous: to the login page. Signed in without the moderator role: 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@moderator_required
@require_GET
def queue(request):
    context = {
        "to_moderate": contribution_queries.to_moderate()[:LIST_CAP],
        "awaiting_answer": contribution_queries.awaiting_answer()[:LIST_CAP],
        "unconfirmed": contribution_queries.unconfirmed_count(),
        "decided": contribution_queries.recently_decided(),
        "claims": place_queries.pending_claims(),
        "reports": contribution_queries.open_reports(),
        "stale_places": place_queries.stale_places(),
        "pending_stories": pending_stories()[:LIST_CAP],
        "pending_proposals": commons_queries.pending_proposals()[:LIST_CAP],
    }
    return render(request, "moderation/queue.html", context)


# -- proposals of places (contributions) ------------------------------------------------------

ACTIONS = {"accept", "reject", "ask"}


@moderator_required
@require_http_methods(["GET", "POST"])
def contribution(request, pk: int):
    item = contribution_queries.for_review(pk)
    if item is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    reject_form = RejectForm(request.POST if action == "reject" else None, prefix="reject")
    question_form = QuestionForm(request.POST if action == "ask" else None, prefix="ask")
    if action in ACTIONS:
        try:
            done = _decide(request, item, action, reject_form, question_form)
        except proposals.NotAllowed as exc:
            messages.warning(request, str(exc))
            return redirect("moderation:contribution", pk=pk)
        if done:
            return redirect("moderation:contribution", pk=pk)
    elif request.method == "POST":
        messages.warning(request, _("Action inconnue : rien n'a été fait."))
        return redirect("moderation:contribution", pk=pk)
    context = {
        "contribution": item,
        "rows": diff.diff(item),
        "candidates": diff.possible_duplicates(item),
        "reject_form": reject_form,
        "question_form": question_form,
    }
    status = 400 if reject_form.errors or question_form.errors else 200
    return render(request, "moderation/contribution.html", context, status=status)


def _decide(request, contribution, action, reject_form, question_form) -> bool:
    """Apply `action`; False when its form has errors (the page shows them)."""
    if action == "accept":
        proposals.accept(contribution=contribution, by=request.user)
        messages.success(
            request, _("Proposition acceptée et appliquée. La personne en est informée.")
        )
    elif action == "reject":
        if not reject_form.is_valid():
            return False
        proposals.reject(
            contribution=contribution,
            by=request.user,
            reason=reject_form.cleaned_data["reason"],
        )
        messages.success(request, _("Proposition refusée. La personne en est informée."))
    else:
        if not question_form.is_valid():
            return False
        proposals.ask(
            contribution=contribution,
            by=request.user,
            question=question_form.cleaned_data["question"],
        )
        messages.success(request, _("Question envoyée : la proposition attend la réponse."))
    return True


# -- reports of abusive content ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@moderator_required
def report(request, pk: int):
    item = get_object_or_404(Report.objects.select_related("place", "user", "decided_by"), pk=pk)
    form = ReportDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dismissed = form.cleaned_data["decision"] == "dismiss"
        try:
            reports.resolve_report(
                report=item,
                by=request.user,
                note=form.cleaned_data["note"],
                dismissed=dismissed,
                unpublish=form.cleaned_data["unpublish"],
            )
        except reports.NotAllowed:
            messages.error(request, _("Ce signalement a déjà été traité."))
            return redirect("moderation:report", pk=item.pk)
        if dismissed:
            messages.success(request, _("Signalement classé sans suite."))
        else:
            messages.success(request, _("Signalement traité."))
        return redirect("moderation:queue")
    return render(request, "moderation/report.html", {"report": item, "form": form})


# -- requests to manage a place ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@moderator_required
def claim(request, pk: int):
    """A moderator accepts or refuses a request to manage a place."""
    item = get_object_or_404(Claim.objects.select_related("place", "user", "decided_by"), pk=pk)
    form = ClaimDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                team.approve_claim(claim=item, by=request.user)
                messages.success(request, _("Demande acceptée : la personne gère ce lieu."))
            else:
                team.reject_claim(
                    claim=item,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("Demande refusée : la personne en est informée."))
        except team.ClaimError as error:
            messages.error(request, str(error))
        return redirect("moderation:claim", pk=item.pk)
    others = place_queries.pending_claims().filter(place=item.place).exclude(pk=item.pk)
    context = {
        "claim": item,
        "form": form,
        "managers": place_queries.managers_of(item.place),
        "other_claims": others,
    }
    return render(request, "moderation/claim.html", context, status=400 if form.errors else 200)


# -- places not known true for a year ---------------------------------------------------------


@require_GET
@moderator_required
def stale(request):
    """Every published place not known true for a year, oldest first."""
    places = place_queries.stale_places().annotate(manager_count=Count("managers"))
    page = Paginator(places, STALE_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "stale_after_days": STALE_AFTER.days}
    return render(request, "moderation/stale.html", context)


# -- proposed changes to a resource of the commons --------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def resource_proposal(request, pk: int):
    """A proposal against the current text: accept it, or reject it with a reason. The
    resource's editors decide (commons.services.resources.can_decide), not only moderators."""
    revision = get_object_or_404(
        Revision.objects.select_related("resource", "author", "base"), pk=pk
    )
    resource = revision.resource
    if not commons_services.can_decide(request.user, resource):
        raise PermissionDenied
    decision = request.POST.get("decision")
    reject_form = RevisionRejectForm(request.POST if decision == "reject" else None)
    if request.method == "POST":
        try:
            if decision == "accept":
                done = commons_services.accept(revision=revision, by=request.user)
                messages.success(
                    request,
                    _("Proposition acceptée : c'est la révision %(n)s.") % {"n": done.number},
                )
                return redirect(resource)
            if decision == "reject" and reject_form.is_valid():
                commons_services.reject(
                    revision=revision,
                    by=request.user,
                    reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("Proposition refusée ; la personne en est avertie."))
                return redirect(resource)
        except commons_services.CommonsError as error:
            messages.error(request, str(error))
            return redirect("moderation:resource_proposal", pk=revision.pk)
    latest = commons_services.latest_revision(resource)
    moved_on = revision.base_id and revision.base_id != latest.pk
    context = {
        "revision": revision,
        "resource": resource,
        "author": public_name(revision.author),
        "latest": latest,
        "changes": history.changes(latest.snapshot(), revision.snapshot()),
        "stale": revision.status == Revision.Status.PROPOSED and revision.base_id != latest.pk,
        "since": history.changes(revision.base.snapshot(), latest.snapshot()) if moved_on else [],
        "reject_form": reject_form,
        "others": commons_queries.resource_proposals(resource).exclude(pk=revision.pk),
    }
    status = 400 if reject_form.errors else 200
    return render(request, "moderation/resource_proposal.html", context, status=status)
