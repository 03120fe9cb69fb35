"""Reports of abusive content (contributions.reports): the form behind the footer link
"Signaler un contenu", its e-mailed confirmation, and the moderator's decision page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from placette.accounts import roles
from placette.contributions.models import Report
from placette.contributions.services import reports
from placette.contributions.services.proposals import is_trusted
from placette.core import limits
from placette.core.forms import HoneypotMixin


def describe_errors(form: forms.Form) -> None:
    """Tie each field's errors to its input (aria-describedby, aria-invalid): the page renders
    them as <ul id="<input id>_error">, next to an optional <p id="<input id>_helptext">."""
    for name in form.errors:
        if name not in form.fields:
            continue
        bound = form[name]
        ids = [f"{bound.auto_id}_error"]
        if bound.help_text:
            ids.append(f"{bound.auto_id}_helptext")
        attrs = form.fields[name].widget.attrs
        attrs.update({"aria-describedby": " ".join(ids), "aria-invalid": "true"})


class ReportForm(HoneypotMixin, forms.Form):
    page = forms.CharField(
        label=gettext_lazy("Adresse de la page concernée"),
        max_length=500,
        help_text=gettext_lazy("Sur ce site, elle commence par « / » : /lieux/nom-du-lieu/…"),
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Motif"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=gettext_lazy("Précisions"),
        required=False,
        max_length=5000,
        help_text=gettext_lazy("Facultatif : ce qui pose problème, où sur la page."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Votre courriel"),
        max_length=254,
        help_text=gettext_lazy(
            "Nous y envoyons un lien pour confirmer le signalement. Il n'est ni publié ni "
            "transmis ; sans confirmation, le signalement est effacé au bout de 7 jours."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, ask_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_email:
            del self.fields["email"]

    def clean_page(self) -> str:
        path = reports.local_path(self.cleaned_data["page"])
        if path is None:
            raise forms.ValidationError(
                _("Indiquez une page de ce site : son adresse commence par « / »."),
                code="not_local",
            )
        return path


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
    describe_errors(form)
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


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Suite donnée"),
        max_length=5000,
        help_text=gettext_lazy(
            "Pour l'historique de la modération : ce qui a été fait et pourquoi."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unpublish = forms.BooleanField(label=gettext_lazy("Dépublier le lieu"), required=False)
    decision = forms.ChoiceField(choices=[("resolve", "resolve"), ("dismiss", "dismiss")])


@require_http_methods(["GET", "POST"])
@login_required
def report_review(request, pk: int):
    if not roles.is_moderator(request.user):
        raise PermissionDenied
    item = get_object_or_404(Report.objects.select_related("place", "user", "decided_by"), pk=pk)
    form = DecisionForm(request.POST or None)
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
            return redirect("contributions:report_review", pk=item.pk)
        if dismissed:
            messages.success(request, _("Signalement classé sans suite."))
        else:
            messages.success(request, _("Signalement traité."))
        return redirect("contributions:queue")
    describe_errors(form)
    return render(request, "contributions/report_review.html", {"report": item, "form": form})
