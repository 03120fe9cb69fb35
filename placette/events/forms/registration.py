"""Forms of registration: the public form, the mediator's, the statistics' period."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from placette.core.filters import FIRST_DAY, LAST_DAY
from placette.core.forms import HONEYPOT, HoneypotMixin
from placette.places.vocab import Public

CLOCK = "G \\h i"  # 14 h 30
PHONE = re.compile(r"\+?[0-9 .()-]{6,25}")


class RegistrationForm(HoneypotMixin, forms.Form):
    """Name, and an e-mail or a phone number so the team can tell of a change. A mediator
    (`mediator=True`, the organiser's page) may register someone by name alone: many people
    we serve have neither.

    Robots fill the honeypot (HoneypotMixin), and the view then pretends to succeed; the
    mediator's form has none."""

    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    public = forms.ChoiceField(
        label=_("Vous êtes (facultatif)"),
        required=False,
        choices=[("", _("— Je préfère ne pas le dire"))] + list(Public.choices),
        help_text=_("Sert seulement aux statistiques du lieu, sans votre nom."),
    )

    def __init__(self, *args, mediator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.mediator = mediator
        if mediator:
            self.fields["name"].label = _("Nom de la personne")
            self.fields["name"].widget.attrs["autocomplete"] = "off"
            self.fields["email"].label = _("Son adresse e-mail (facultatif)")
            self.fields["phone"].label = _("Son téléphone (facultatif)")
            self.fields["public"].label = _("Public (facultatif)")
            self.fields["public"].choices = [("", _("— Non précisé"))] + list(Public.choices)
            self.fields["public"].help_text = ""
            for name in ("email", "phone"):
                self.fields[name].widget.attrs["autocomplete"] = "off"
            del self.fields[HONEYPOT]
        else:
            self.fields["email"].help_text = _(
                "Pour recevoir la confirmation, un rappel la veille et le lien pour annuler."
            )
            self.fields["phone"].help_text = _("Si vous n'avez pas d'adresse e-mail.")

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Un numéro de téléphone : des chiffres, éventuellement des espaces et un +."),
                code="phone",
            )
        return phone

    def clean(self):
        data = super().clean()
        # Every error at once: the missing contact is told beside a missing name.
        if self.mediator or "email" in self.errors or "phone" in self.errors:
            return data
        if not data.get("email") and not data.get("phone"):
            self.add_error(
                "email",
                forms.ValidationError(
                    _(
                        "Indiquez une adresse e-mail ou un numéro de téléphone, pour que l'équipe "
                        "puisse vous prévenir d'un changement."
                    ),
                    code="contact",
                ),
            )
        return data


def date_label(item) -> str:
    """A date to choose: "mardi 12 mai, 14 h 30 – Saint-Aubin – 3 places restantes"."""
    occurrence = item.occurrence
    start = timezone.localtime(occurrence.start)
    parts = [date_format(start, "l j F") + ", " + date_format(start, CLOCK)]
    if occurrence.mode == occurrence.Mode.OUTSIDE and occurrence.commune:
        parts.append(occurrence.commune)
    elif occurrence.mode == occurrence.Mode.ONLINE:
        parts.append(str(_("en ligne")))
    if item.seats_left == 0:
        parts.append(str(_("complet : liste d’attente")))
    elif item.seats_left is not None:
        left = item.seats_left
        parts.append(ngettext("%(n)s place restante", "%(n)s places restantes", left) % {"n": left})
    return " – ".join(parts)


def choice_form_for(event, open_items, data=None, *, initial=None) -> RegistrationForm:
    """One form for a series: the date first (radio buttons), then the person. `open_items`:
    the agenda's queries.Item of the dates open to registration."""
    form = RegistrationForm(data, initial=initial, auto_id=f"event{event.pk}-%s")
    field = forms.ChoiceField(
        label=_("Date"),
        choices=[(str(item.occurrence.uid), date_label(item)) for item in open_items],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez une date."),
            "invalid_choice": _(
                "Cette date n’est plus ouverte aux inscriptions : choisissez-en une autre."
            ),
        },
    )
    form.fields = {"date": field, **form.fields}
    return form


class CodeForm(forms.Form):
    """A phone registrant finds their registration again: the short code and the number."""

    code = forms.CharField(
        label=_("Code d'inscription"),
        max_length=20,
        help_text=_("6 lettres ou chiffres, donnés à l'inscription."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    phone = forms.CharField(
        label=_("Téléphone donné à l'inscription"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def form_for(occurrence, data=None, *, mediator: bool = False, initial=None) -> RegistrationForm:
    """Field ids carry the date's id: a series page may hold one form per date."""
    prefix = "mediator" if mediator else "reg"
    return RegistrationForm(
        data, mediator=mediator, initial=initial, auto_id=f"{prefix}{occurrence.pk}-%s"
    )


class PeriodForm(forms.Form):
    """The statistics' period, from the query string (?du=2025-01-01&au=2025-12-31)."""

    # <input type="date"> takes ISO dates only, whatever the language.
    du = forms.DateField(
        label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    au = forms.DateField(
        label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        for name in ("du", "au"):
            day = data.get(name)
            if day and not FIRST_DAY <= day <= LAST_DAY:
                message = _("Choisissez une date entre %(first)s et %(last)s.")
                self.add_error(name, message % {"first": FIRST_DAY.year, "last": LAST_DAY.year})
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            self.add_error("au", _("La fin de la période vient avant son début."))
        return data

    def period(self, default: tuple[date, date]) -> tuple[date, date]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["du"], self.cleaned_data["au"]
        return default
