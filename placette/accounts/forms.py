from django import forms
from django.utils.translation import gettext_lazy as _


class ClaimForm(forms.Form):
    role = forms.CharField(
        label=_("Votre rôle dans le lieu"),
        max_length=200,
        help_text=_("Ex. « coordinatrice », « salarié », « bénévole au bureau »."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    message = forms.CharField(
        label=_("Message pour l'équipe de modération"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif : ce qui nous aide à vérifier que vous faites partie du lieu."),
    )


class ClaimDecisionForm(forms.Form):
    """A moderator's decision; a refusal needs a reason, sent to the person."""

    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("approve", _("Accepter")), ("reject", _("Refuser"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif du refus"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour un refus : la personne le reçoit par courriel."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("Indiquez le motif du refus : la personne le recevra."))
        return data
