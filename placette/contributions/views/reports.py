"""Reports of abusive content (contributions.reports): the form behind the footer link
"Signaler un contenu" and its e-mailed confirmation. Moderators decide in the moderation room."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from placette.contributions.forms import ReportForm
from placette.contributions.services import reports
from placette.contributions.services.proposals import is_trusted
from placette.core import limits


@require_http_methods(["GET", "POST"])
def report(request):
    trusted = is_trusted(request.user)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, ask_email=not trusted)
        if form.is_spam:
            # Robots learn nothing: the same answer as a real report, and nothing stored.
            messages.success(request, _sent_message(trusted=False))
            return redirect(reports.local_path(request.POST.get("page", "")) or "/")
        if form.is_valid():
            data = form.cleaned_data
            email = request.user.email if trusted else data["email"]
            if limits.over_limit(request, purpose="report", email=email):
                form.add_error(
                    None,
                    _(
                        "Trop de signalements envoyés depuis votre connexion ou votre adresse. "
                        "Réessayez dans une heure : ce que vous avez écrit est conservé ci-dessous."
                    ),
                )
                status = 429
            else:
                reports.create_report(
                    path=data["page"],
                    reason=data["reason"],
                    message=data["message"],
                    user=request.user,
                    email=email,
                )
                messages.success(request, _sent_message(trusted=trusted))
                return redirect(data["page"])
    else:
        form = ReportForm(initial={"page": request.GET.get("page", "")}, ask_email=not trusted)
    page = reports.local_path(form["page"].value() or "")
    context = {
        "form": form,
        "page_path": page,
        "place": reports.place_for_path(page) if page else None,
    }
    return render(request, "contributions/report_form.html", context, status=status)


def _sent_message(*, trusted: bool) -> str:
    if trusted:
        return _("Merci : votre signalement est transmis à l'équipe de modération.")
    return _(
        "Merci. Pour transmettre votre signalement, suivez le lien que nous venons d'envoyer "
        "à votre adresse électronique."
    )


@require_http_methods(["GET", "POST"])
def report_confirm(request, token: str):
    """The e-mailed link. GET only shows a button: mail scanners follow links, and a GET that
    confirmed would send reports nobody confirmed. Only the POST confirms."""
    found = reports.from_token(token)
    if found is None:
        return render(request, "contributions/report_invalid.html", status=400)
    if request.method == "POST":
        reports.confirm_report(report=found)
        messages.success(
            request, _("Merci : votre signalement est transmis à l'équipe de modération.")
        )
        return redirect(reports.local_path(found.path) or "/")
    return render(request, "contributions/report_confirm.html", {"report": found})
