"""The form people fill to describe a place: managers' edits, public proposals (subclassed).

`PlaceForm.to_save()` gives save_place's (fields, tags); `PlaceForm.from_place(place)` an
unbound form showing the place as it is. Render it with places/_place_fields.html.
ClaimForm asks to join a place's team; ClaimDecisionForm is a moderator's answer.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from placette.places import vocab
from placette.places.hours_form import HoursField
from placette.places.models import Place

TAG_NAMES = ("families", "services", "publics")
LIST_NAMES = ("websites", "emails", "social_links")
# A change of postal code or commune makes the stored INSEE code and territory stale:
# they are cleared so save_place derives them again from the postal code.
TERRITORY = ("insee_code", "departement", "region")

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_PHONE = re.compile(r"^\+?[0-9 .()\-]{6,30}$")


class LinesField(forms.CharField):
    """A textarea of one value per line, cleaned into a list (blank lines dropped, no repeats)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, kind: str, max_items: int = 20, **kwargs):
        self.kind = kind  # "url" or "email"
        self.max_items = max_items
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        lines = [line.strip() for line in text.splitlines()]
        values = list(dict.fromkeys(line for line in lines if line))
        if self.kind == "url":
            values = [v if _SCHEME.match(v) else f"https://{v}" for v in values]
        return values

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.max_items:
            raise ValidationError(
                _("%(max)s lignes au plus."), code="too_many", params={"max": self.max_items}
            )
        wrong = [v for v in value if not self._valid(v)]
        if wrong:
            message = (
                _("Adresse web non valide : %(values)s")
                if self.kind == "url"
                else _("Adresse électronique non valide : %(values)s")
            )
            raise ValidationError(message, code="invalid", params={"values": ", ".join(wrong)})

    def run_validators(self, value):
        pass  # each line is checked in validate()

    def _valid(self, value: str) -> bool:
        try:
            if self.kind == "url":
                URLValidator(schemes=["http", "https"])(value)
            else:
                validate_email(value)
        except ValidationError:
            return False
        return len(value) <= 500


class CoordinateField(forms.FloatField):
    """Latitude or longitude; a decimal comma is accepted ("48,11")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def checkboxes(choices, label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def postal_code_field() -> forms.RegexField:
    """An optional French postal code (Corsica's are numeric too: 20000–20999)."""
    return forms.RegexField(
        label=_("Code postal"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("Le code postal compte 5 chiffres.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": "5"}
        ),
    )


def latitude_field(help_text) -> CoordinateField:
    return CoordinateField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, help_text=help_text
    )


def longitude_field(help_text) -> CoordinateField:
    return CoordinateField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, help_text=help_text
    )


# Headings and fields of the sections the partial renders, in order.
PLACE_SECTIONS = [
    (_("Le lieu"), ["name", "summary", "description", "families"]),
    (
        _("Adresse"),
        [
            "address",
            "address_extra",
            "postal_code",
            "commune",
            "latitude",
            "longitude",
            "itinerant",
        ],
    ),
    (_("Horaires"), ["opening_hours", "opening_hours_note"]),
    (_("Contact"), ["phone", "emails", "websites", "social_links"]),
    (
        _("Services et accueil"),
        [
            "services",
            "publics",
            "access_modes",
            "support_modes",
            "specific_support",
            "fees",
            "accessibility_url",
        ],
    ),
    (_("Structure"), ["siret"]),
]


class PlaceForm(forms.ModelForm):
    """Plain text fields come from the model (label, length, required); those declared here
    the model stores otherwise (tags, lists), or the form checks more closely. It only
    validates: save_place writes (to_save()), so no `instance` is given and save() is unused."""

    description = forms.CharField(
        label=_("Présentation détaillée"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    families = checkboxes(vocab.Family.choices, _("Famille de lieu"))
    postal_code = postal_code_field()
    latitude = latitude_field(_("En degrés décimaux, ex. 48.1113. À remplir avec la longitude."))
    longitude = longitude_field(_("En degrés décimaux, ex. -1.6800. À remplir avec la latitude."))
    opening_hours = HoursField(label=_("Horaires"), required=False)
    emails = LinesField(kind="email", label=_("Courriels"), help_text=_("Une adresse par ligne."))
    websites = LinesField(
        kind="url",
        label=_("Sites web"),
        help_text=_("Une adresse par ligne, ex. https://exemple.fr"),
    )
    social_links = LinesField(
        kind="url", label=_("Réseaux sociaux"), help_text=_("Une adresse par ligne.")
    )
    services = checkboxes(vocab.Service.choices, _("Services proposés"))
    publics = checkboxes(
        vocab.Public.choices,
        _("Publics accueillis en particulier"),
        _("Laissez vide si le lieu accueille tout le monde sans distinction."),
    )
    access_modes = checkboxes(vocab.AccessMode.choices, _("Modalités d'accès"))
    support_modes = checkboxes(vocab.SupportMode.choices, _("Modalités d'accompagnement"))
    specific_support = checkboxes(vocab.SpecificSupport.choices, _("Prise en charge spécifique"))
    fees = checkboxes(vocab.Fee.choices, _("Frais à charge"))
    accessibility_url = forms.URLField(
        label=_("Fiche accessibilité"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Adresse de la fiche Acceslibre du lieu, par exemple."),
    )
    siret = forms.RegexField(
        label=_("SIRET"),
        regex=r"^\d{14}$",
        required=False,
        error_messages={"invalid": _("Le SIRET compte 14 chiffres, sans espace.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "14"}),
        help_text=_("14 chiffres, facultatif."),
    )

    SECTIONS = PLACE_SECTIONS

    class Meta:
        model = Place
        fields = [name for _title, names in PLACE_SECTIONS for name in names]
        labels = {
            "name": _("Nom du lieu"),
            "commune": _("Commune"),
            "itinerant": _("Lieu itinérant (sans adresse fixe)"),
        }
        help_texts = {
            "summary": _("Une phrase, 280 caractères au plus : elle s'affiche dans les listes."),
            "address": _("Numéro et voie, ex. « 12 rue de la Paix »."),
            "address_extra": _("Bâtiment, étage, lieu-dit…"),
            "opening_hours_note": _("Ex. « Fermé pendant les vacances scolaires d'été »."),
        }
        widgets = {
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    @classmethod
    def initial_for(cls, place: Place) -> dict[str, Any]:
        """The form's values for `place` as it is now."""
        initial = {name: getattr(place, name) for name in cls.place_field_names()}
        initial.update({name: getattr(place, name) for name in TAG_NAMES})
        return initial

    @classmethod
    def from_place(cls, place: Place, **kwargs) -> "PlaceForm":
        """An unbound form showing `place`."""
        return cls(initial=cls.initial_for(place), **kwargs)

    @classmethod
    def place_field_names(cls) -> list[str]:
        """The Place model fields this form writes (tags excluded)."""
        names = [name for _title, names in cls.SECTIONS for name in names]
        return [name for name in names if name not in TAG_NAMES]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not _PHONE.match(phone):
            raise ValidationError(
                _("Numéro de téléphone non valide (chiffres, espaces, + et points)."),
                code="invalid",
            )
        return phone

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(
                missing,
                ValidationError(
                    _("Indiquez la latitude et la longitude, ou aucune des deux."),
                    code="incomplete",
                ),
            )
        return data

    def to_save(self) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """save_place's (fields, tags) from a valid form."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.place_field_names()}
        if any(
            str(self.initial.get(name) or "") != fields[name] for name in ("postal_code", "commune")
        ):
            fields.update(dict.fromkeys(TERRITORY, ""))
        tags = {name: sorted(data[name]) for name in TAG_NAMES}
        return fields, tags


class RevertForm(forms.Form):
    note = forms.CharField(
        label=_("Motif (facultatif)"),
        required=False,
        max_length=300,
        help_text=_("Enregistré dans l'historique avec le retour en arrière."),
    )


# --- A place's team ---------------------------------------------------------------------------


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
