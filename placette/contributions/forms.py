"""Forms of the public proposals (on top of places.forms.PlaceForm) and of moderation."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
