"""Forms of the public proposals (on top of places.forms.PlaceForm) and of moderation."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from placette.contributions.models import Report
from placette.contributions.services import reports
from placette.contributions.services.proposals import proposal_data
from placette.core.forms import HoneypotMixin
from placette.places.forms import PlaceForm
from placette.places.models import Place


class ProposalForm(HoneypotMixin, PlaceForm):
    """A new place (`place` None) or a change to `place`, with who proposes it and why.

    `ask_email`: the contributor's address is asked unless they are signed in with a verified
    one. Robots fill the honeypot (HoneypotMixin), and the view then pretends to succeed."""

    contributor_email = forms.EmailField(
        label=_("Votre courriel"),
        max_length=254,
        help_text=_(
            "Nous y envoyons un lien pour confirmer votre proposition, puis la décision de "
            "l'équipe de modération. Il n'est ni publié ni transmis."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Un mot pour l'équipe de modération"),
        required=False,
        max_length=5000,
        help_text=_("Facultatif : d'où viennent ces informations, votre lien avec le lieu…"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, place: Place | None = None, ask_email: bool = True, **kwargs):
        if place is not None:
            kwargs["initial"] = {**self.initial_for(place), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.place = place
        if not ask_email:
            del self.fields["contributor_email"]
        if place is not None:
            self.fields["message"].label = _("Qu'est-ce qui est inexact ?")
            self.fields["message"].help_text = _(
                "Corrigez les champs ci-dessus, ou décrivez simplement ici ce qui a changé."
            )

    def clean(self):
        data = super().clean()
        if self.place is not None and not self.errors and not data.get("message", "").strip():
            fields, tags = self.to_save()
            if not proposal_data(fields=fields, tags=tags, place=self.place):
                raise forms.ValidationError(
                    _(
                        "Rien n'a changé : corrigez un champ, ou dites ce qui est inexact "
                        "dans le message."
                    ),
                    code="unchanged",
                )
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=5000,
        help_text=_("Envoyé à la personne qui a proposé."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Votre question"),
        max_length=5000,
        help_text=_("Envoyée par courriel, avec un lien pour répondre sans compte."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


HONEYPOT = "homepage"  # the report form's trap field


class ReportForm(forms.Form):
    page = forms.CharField(
        label=_("Adresse de la page concernée"),
        max_length=500,
        help_text=_("Sur ce site, elle commence par « / » : /lieux/nom-du-lieu/…"),
    )
    reason = forms.ChoiceField(
        label=_("Motif"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=5000,
        help_text=_("Facultatif : ce qui pose problème, où sur la page."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Votre courriel"),
        max_length=254,
        help_text=_(
            "Nous y envoyons un lien pour confirmer le signalement. Il n'est ni publié ni "
            "transmis ; sans confirmation, le signalement est effacé au bout de 7 jours."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # People never see it (hidden by the stylesheet, out of the tab order); robots fill it.
    homepage = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, ask_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_email:
            del self.fields["email"]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_page(self) -> str:
        path = reports.local_path(self.cleaned_data["page"])
        if path is None:
            raise forms.ValidationError(
                gettext("Indiquez une page de ce site : son adresse commence par « / »."),
                code="not_local",
            )
        return path


class ReportDecisionForm(forms.Form):
    """A moderator's decision on a report (the moderation room's report page)."""

    note = forms.CharField(
        label=_("Suite donnée"),
        max_length=5000,
        help_text=_("Pour l'historique de la modération : ce qui a été fait et pourquoi."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unpublish = forms.BooleanField(label=_("Dépublier le lieu"), required=False)
    decision = forms.ChoiceField(choices=[("resolve", "resolve"), ("dismiss", "dismiss")])
