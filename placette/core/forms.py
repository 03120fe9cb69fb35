"""Form pieces shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT = "homepage"


class HoneypotMixin:
    """Adds HONEYPOT, a field people never see (hidden by the page, out of the tab order):
    robots fill it in. When `is_spam`, the view answers as if all went well and stores and
    sends nothing. A form may drop the field (del self.fields[HONEYPOT]) for people no robot
    can pass for, such as a signed-in mediator; it is then never spam."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Added last: after the form's own fields, as each form declared it before.
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Ne remplissez pas ce champ"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def is_spam(self) -> bool:
        if HONEYPOT not in self.fields:
            return False
        return bool(self.data.get(self.add_prefix(HONEYPOT), "").strip())
