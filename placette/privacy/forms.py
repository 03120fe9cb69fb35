from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DeleteForm(forms.Form):
    email = forms.CharField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_("Recopiez-la pour confirmer : c'est définitif."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        typed = self.cleaned_data["email"].strip().lower()
        if typed != (self.user.email or "").lower():
            raise forms.ValidationError(
                gettext("Ce n'est pas l'adresse de votre compte (%(email)s).")
                % {"email": self.user.email},
                code="mismatch",
            )
        return typed
