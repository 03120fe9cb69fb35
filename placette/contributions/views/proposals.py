"""Public proposals (a new place, a change), their e-mail confirmation and thread. Moderators
decide in the moderation room. Views parse, call one service or query, and render."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from placette.contributions import queries, tokens
from placette.contributions.forms import AnswerForm, ProposalForm
from placette.contributions.models import Contribution
from placette.contributions.services import proposals as services
from placette.core import limits
from placette.places import queries as place_queries

SENT = "contributions:sent"  # session key: what the "sent" page says after a proposal


@require_http_methods(["GET", "POST"])
def propose(request):
    return _proposal(request, place=None)


@require_http_methods(["GET", "POST"])
def change(request, slug: str):
    place = get_object_or_404(place_queries.with_tags(place_queries.published()), slug=slug)
    return _proposal(request, place=place)


def _proposal(request, *, place):
    ask_email = not services.is_trusted(request.user)
    initial = {"contributor_email": request.user.email} if request.user.is_authenticated else {}
    data = request.POST if request.method == "POST" else None
    form = ProposalForm(data, place=place, ask_email=ask_email, initial=initial)
    context = {"form": form, "place": place, "ask_email": ask_email}
    if request.method != "POST":
        return render(request, "contributions/propose.html", context)
    if form.is_spam:  # a robot: it sees the usual answer, nothing is stored or sent
        request.session[SENT] = {"pending": False, "email": request.POST.get("contributor_email")}
        return redirect("contributions:sent")
    if not form.is_valid():
        return render(request, "contributions/propose.html", context, status=400)
    email = form.cleaned_data.get("contributor_email") or request.user.email
    if limits.over_limit(request, purpose="proposal", email=email):
        form.add_error(
            None,
            _(
                "Beaucoup de propositions ont été envoyées depuis votre connexion ou avec ce "
                "courriel : patientez une heure avant d'envoyer celle-ci. Ce que vous avez "
                "saisi est conservé."
            ),
        )
        return render(request, "contributions/propose.html", context, status=429)
    fields, tags = form.to_save()
    contribution = services.submit(
        kind=Contribution.Kind.CHANGE if place else Contribution.Kind.NEW_PLACE,
        place=place,
        fields=fields,
        tags=tags,
        message=form.cleaned_data["message"],
        email=email,
        user=request.user,
    )
    request.session[SENT] = {
        "pending": contribution.status == Contribution.Status.PENDING,
        "email": contribution.email,
    }
    return redirect("contributions:sent")


@require_GET
def sent(request):
    outcome = request.session.pop(SENT, None)
    if outcome is None:
        return redirect("contributions:propose")
    return render(request, "contributions/sent.html", outcome)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows the proposal and a button (mail scanners follow links: they do not confirm);
    POST confirms it, then the page says what happens next."""
    try:
        if request.method == "POST":
            services.confirm(token=token)
            return redirect("contributions:confirm", token=token)
        contribution = queries.by_token(token, purpose=tokens.CONFIRM)
    except tokens.InvalidToken as exc:
        status = 410 if exc.expired else 400
        return render(
            request, "contributions/link_invalid.html", {"expired": exc.expired}, status=status
        )
    return render(request, "contributions/confirm.html", {"contribution": contribution})


@require_http_methods(["GET", "POST"])
def follow(request, token: str):
    """The contributor's view of their proposal: its state, the thread, and an answer form
    while a question waits."""
    try:
        contribution = queries.by_token(token, purpose=tokens.FOLLOW)
    except tokens.InvalidToken as exc:
        status = 410 if exc.expired else 400
        return render(
            request, "contributions/link_invalid.html", {"expired": exc.expired}, status=status
        )
    waiting = contribution.status == Contribution.Status.QUESTION
    form = AnswerForm(request.POST if request.method == "POST" else None) if waiting else None
    if request.method == "POST":
        if form is None:
            messages.warning(request, _("Aucune question n'attend de réponse."))
            return redirect("contributions:follow", token=token)
        if form.is_valid():
            try:
                services.answer(contribution=contribution, body=form.cleaned_data["body"])
            except services.NotAllowed as exc:
                messages.warning(request, str(exc))
            else:
                messages.success(
                    request, _("Merci : votre réponse est transmise à l'équipe de modération.")
                )
            return redirect("contributions:follow", token=token)
    context = {"contribution": contribution, "form": form}
    return render(
        request, "contributions/follow.html", context, status=400 if form and form.errors else 200
    )
