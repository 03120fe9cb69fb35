"""The organisers' forms: an event's description, one date (or stop), its move, the regular
slot, lifecycle reasons, and an outside calendar. Times are typed in local time (Europe/Paris)."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placette.core import images
from placette.events import recurrence, vocab
from placette.events.models import Event, Occurrence
from placette.places import vocab as place_vocab
from placette.places.forms import checkboxes, latitude_field, longitude_field, postal_code_field
from placette.places.models import Place

MAX_IMAGE_BYTES = 5 * 1024 * 1024
LANGUAGES = [
    ("fr", _("Français")),
    ("en", _("Anglais")),
    ("es", _("Espagnol")),
    ("de", _("Allemand")),
    ("ar", _("Arabe")),
    ("br", _("Breton")),
    ("oc", _("Occitan")),
]
WEEKDAY_CHOICES = [
    ("MO", _("lundi")),
    ("TU", _("mardi")),
    ("WE", _("mercredi")),
    ("TH", _("jeudi")),
    ("FR", _("vendredi")),
    ("SA", _("samedi")),
    ("SU", _("dimanche")),
]


def _day(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _time(label, **kwargs):
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **kwargs
    )


def local(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


class SectionsMixin:
    SECTIONS: list[tuple[str, list[str]]] = []

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]


# What an event's form writes, in the form's order (`place`, the organiser, comes first).
EVENT_FIELDS = [
    "title",
    "kind",
    "summary",
    "description",
    "themes",
    "publics",
    "level",
    "language",
    "is_free",
    "price",
    "registration",
    "capacity",
    "accessibility",
    "image",
    "image_alt",
]


class EventForm(SectionsMixin, forms.ModelForm):
    """An event's description. `places` (creation only) are the places the person may
    organise for; the chosen one becomes the organiser. Plain fields come from the model;
    it only validates (create_event and update_event write), so save() is unused."""

    place = forms.ModelChoiceField(
        label=_("Lieu organisateur"), queryset=Place.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Type"), choices=vocab.Kind.choices)  # no empty choice
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ce que l'on y fait, ce qu'il faut apporter, à qui cela s'adresse."),
    )
    themes = checkboxes(place_vocab.Service.choices, _("Thèmes"))
    publics = checkboxes(
        place_vocab.Public.choices,
        _("Publics"),
        _("Laissez vide si l'événement s'adresse à tout le monde."),
    )
    language = forms.ChoiceField(label=_("Langue"), choices=LANGUAGES)
    # A checkbox: the model's "not known" (imported events) is for calendars, not for people.
    is_free = forms.BooleanField(label=_("Gratuit"), required=False)
    capacity = forms.IntegerField(
        label=_("Places par date"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Laissez vide si le nombre n'est pas limité. Au-delà : liste d'attente."),
    )
    accessibility = checkboxes(vocab.Accessibility.choices, _("Accessibilité"))
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG ou WebP, 5 Mo au plus."),
    )

    SECTIONS = [
        (_("L'événement"), ["place", "title", "kind", "summary", "description"]),
        (_("Pour qui"), ["themes", "publics", "level", "language", "accessibility"]),
        (_("Inscription et tarif"), ["registration", "capacity", "is_free", "price"]),
        (_("Image"), ["image", "image_alt"]),
    ]
    FIELDS = EVENT_FIELDS
    # `place` is not a model field here (the model would check it again, by a query).
    field_order = ["place", *EVENT_FIELDS]

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        labels = {"registration": _("Inscription sur Placette")}
        help_texts = {
            "summary": _("Elle s'affiche dans l'agenda, 280 caractères au plus."),
            "price": _("Si ce n'est pas gratuit, ex. « 5 €, gratuit pour les moins de 18 ans »."),
            "registration": _("Décochez pour un événement en accès libre, sans inscription."),
            "image_alt": _(
                "Pour les personnes qui ne la voient pas : ce qu'elle montre, en une phrase."
            ),
        }

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is None:
            del self.fields["place"]
        else:
            self.fields["place"].queryset = places

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        return {name: getattr(event, name) for name in cls.FIELDS}

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > MAX_IMAGE_BYTES:
            raise ValidationError(_("L'image dépasse 5 Mo."), code="too_big")
        if isinstance(image, UploadedFile):
            return images.clean_upload(image)  # no EXIF/GPS, a phone-friendly size
        return image

    def clean(self):
        data = super().clean()
        if not data.get("is_free") and not data.get("price") and not self.has_error("price"):
            self.add_error("price", _("Indiquez le tarif, ou cochez « Gratuit »."))
        has_image = data.get("image") or (self.initial.get("image") and data.get("image") is None)
        if has_image and not data.get("image_alt"):
            self.add_error("image_alt", _("Décrivez l'image en une phrase."))
        return data

    def to_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.FIELDS}
        fields["themes"] = sorted(fields["themes"])
        fields["publics"] = sorted(fields["publics"])
        fields["accessibility"] = sorted(fields["accessibility"])
        if fields["is_free"]:
            fields["price"] = ""
        return fields


class WhenMixin:
    """day + start_time + end_time → aware start and end, the same day."""

    def clean_when(self, data: dict) -> None:
        day, begins, ends = data.get("day"), data.get("start_time"), data.get("end_time")
        if day is None or begins is None or ends is None:
            return
        if ends <= begins:
            self.add_error(
                "end_time",
                _(
                    "La fin doit venir après le début (sur plusieurs jours : "
                    "ajoutez une date par jour)."
                ),
            )
            return
        data["start"], data["end"] = local(day, begins), local(day, ends)


class OccurrenceForm(WhenMixin, SectionsMixin, forms.Form):
    """One date: when, where (in the place, outside with its own address and point, online,
    or both), and its seats when they differ from the event's."""

    day = _day(_("Date"))
    start_time = _time(_("Début"))
    end_time = _time(_("Fin"))
    mode = forms.ChoiceField(
        label=_("Où"),
        choices=Occurrence.Mode.choices,
        widget=forms.RadioSelect,
        initial=Occurrence.Mode.PLACE,
    )
    venue = forms.CharField(
        label=_("Lieu d'accueil"),
        max_length=200,
        required=False,
        help_text=_("Ex. « Médiathèque », « Place du marché »."),
    )
    address = forms.CharField(
        label=_("Adresse"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = postal_code_field()
    commune = forms.CharField(label=_("Commune"), max_length=150, required=False)
    latitude = latitude_field(_("En degrés décimaux, ex. 47.8553."))
    longitude = longitude_field(_("En degrés décimaux, ex. -3.8522."))
    online_url = forms.URLField(
        label=_("Lien de connexion"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Envoyé aux personnes inscrites ; ex. https://visio.example/salle"),
    )
    capacity = forms.IntegerField(
        label=_("Places pour cette date"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Laissez vide pour reprendre le nombre de l'événement."),
    )

    SECTIONS = [
        (_("Quand"), ["day", "start_time", "end_time"]),
        ("", ["mode"]),  # its own fieldset and legend: no heading of its own
        (
            _("Hors les murs : l'adresse et son point sur la carte"),
            ["venue", "address", "postal_code", "commune", "latitude", "longitude"],
        ),
        (_("En ligne ou sur place et en ligne : le lien"), ["online_url"]),
        (_("Places"), ["capacity"]),
    ]
    LOCATION = ["mode", "venue", "address", "postal_code", "commune", "latitude", "longitude"]

    def __init__(self, *args, with_when: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_when:  # editing a date's place: moving it is another form
            for name in ("day", "start_time", "end_time"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, occurrence: Occurrence, *, next_stop: timedelta | None = None):
        """The form's values for `occurrence`; with `next_stop`, those of a following stop at
        the same hours, `next_stop` later."""
        start = timezone.localtime(occurrence.start)
        end = timezone.localtime(occurrence.end)
        initial = {name: getattr(occurrence, name) for name in [*cls.LOCATION, "online_url"]}
        initial.update(
            capacity=occurrence.capacity,
            day=start.date() + (next_stop or timedelta()),
            start_time=start.time(),
            end_time=end.time(),
        )
        return initial

    def clean(self):
        data = super().clean()
        if "day" in self.fields:
            self.clean_when(data)
        mode = data.get("mode")
        if mode == Occurrence.Mode.OUTSIDE:
            for name in ("address", "commune", "latitude", "longitude"):
                if data.get(name) in (None, "") and not self.has_error(name):
                    self.add_error(
                        name,
                        ValidationError(
                            _("Hors les murs : indiquez l'adresse, la commune et le point."),
                            code="required",
                        ),
                    )
        online = mode in (Occurrence.Mode.ONLINE, Occurrence.Mode.HYBRID)
        if online and not data.get("online_url") and not self.has_error("online_url"):
            self.add_error("online_url", _("Indiquez le lien de connexion."))
        return data

    def to_location(self) -> dict[str, Any]:
        data = self.cleaned_data
        location = {name: data[name] for name in self.LOCATION}
        location["online_url"] = data["online_url"]
        return location

    def to_occurrence(self) -> dict[str, Any]:
        """add_occurrence's keywords."""
        data = self.cleaned_data
        return {
            "start": data["start"],
            "end": data["end"],
            "capacity": data["capacity"],
            **self.to_location(),
        }


class MoveForm(WhenMixin, forms.Form):
    day = _day(_("Nouvelle date"))
    start_time = _time(_("Début"))
    end_time = _time(_("Fin"))

    def clean(self):
        data = super().clean()
        self.clean_when(data)
        if data.get("start") and data["start"] < timezone.now() and not self.has_error("day"):
            self.add_error("day", _("Choisissez une date à venir."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Message aux personnes inscrites"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Joint au courriel qui les prévient. Ex. « L'animatrice est malade. »"),
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class OnlineForm(forms.Form):
    url = forms.URLField(
        label=_("Lien de connexion"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Il remplace le lieu de toutes les dates à venir et est envoyé aux inscrits."),
    )


class RecurrenceForm(forms.Form):
    """A simple regular slot: weekly on chosen days (every N weeks), or monthly on the nth
    weekday; between two dates; except the school holidays of a zone."""

    frequency = forms.ChoiceField(
        label=_("Rythme"),
        choices=[("weekly", _("Chaque semaine")), ("monthly", _("Chaque mois"))],
        widget=forms.RadioSelect,
        initial="weekly",
    )
    weekdays = checkboxes(WEEKDAY_CHOICES, _("Jours de la semaine"))
    interval = forms.TypedChoiceField(
        label=_("Fréquence"),
        coerce=int,
        choices=[
            (1, _("toutes les semaines")),
            (2, _("toutes les 2 semaines")),
            (3, _("toutes les 3 semaines")),
            (4, _("toutes les 4 semaines")),
        ],
        initial=1,
    )
    nth = forms.TypedChoiceField(
        label=_("Quel jour du mois"),
        coerce=int,
        choices=[
            (1, _("le 1er")),
            (2, _("le 2e")),
            (3, _("le 3e")),
            (4, _("le 4e")),
            (-1, _("le dernier")),
        ],
        initial=1,
    )
    month_weekday = forms.ChoiceField(label=_("Jour"), choices=WEEKDAY_CHOICES, initial="TU")
    start_time = _time(_("Début"))
    end_time = _time(_("Fin"))
    first_day = _day(_("À partir du"))
    until = _day(_("Jusqu'au (inclus)"), required=False, help_text=_("Facultatif."))
    skip_school_holidays = forms.ChoiceField(
        label=_("Sauf pendant les vacances scolaires"),
        choices=vocab.SCHOOL_ZONES,
        required=False,
    )

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        zone = event.skip_school_holidays
        if not event.rrule:
            return {
                "first_day": timezone.localdate(),
                "skip_school_holidays": recurrence.zone_for(event.place.departement),
            }
        rule = recurrence.parse(event.rrule)
        parts = dict(p.split("=", 1) for p in rule.rrule.upper().split(";") if "=" in p)
        byday = parts.get("BYDAY", "").split(",")
        initial = {
            "start_time": rule.start.time(),
            "end_time": rule.end.time(),
            "first_day": rule.start.date(),
            "skip_school_holidays": zone,
            "interval": int(parts.get("INTERVAL", 1)),
        }
        if parts.get("FREQ") == "MONTHLY" and byday[0]:
            initial.update(frequency="monthly", nth=int(byday[0][:-2]), month_weekday=byday[0][-2:])
        else:
            initial.update(frequency="weekly", weekdays=byday)
        if "UNTIL" in parts:
            initial["until"] = recurrence.read_stamp("UNTIL", parts["UNTIL"]).date()
        return initial

    def clean(self):
        data = super().clean()
        if data.get("frequency") == "weekly" and not data.get("weekdays"):
            self.add_error("weekdays", _("Cochez au moins un jour."))
        first, until = data.get("first_day"), data.get("until")
        if first and until and until < first:
            self.add_error("until", _("La date de fin vient avant la date de début."))
        begins, ends = data.get("start_time"), data.get("end_time")
        if begins and ends and ends <= begins:
            self.add_error("end_time", _("La fin doit venir après le début."))
        return data

    def to_rule(self) -> str:
        data = self.cleaned_data
        monthly = data["frequency"] == "monthly"
        return recurrence.build(
            first_day=data["first_day"],
            start=data["start_time"],
            end=data["end_time"],
            frequency=data["frequency"],
            interval=1 if monthly else data["interval"],
            weekdays=[data["month_weekday"]] if monthly else data["weekdays"],
            nth=data["nth"],
            until=data["until"],
        )


class FeedURLField(forms.URLField):
    """An http(s) address; webcal:// (what calendar apps show) is read as https://."""

    def to_python(self, value):
        value = (value or "").strip()
        if value.lower().startswith("webcal://"):
            value = "https://" + value[len("webcal://") :]
        return super().to_python(value)


class FeedForm(forms.Form):
    url = FeedURLField(
        label=_("Adresse du calendrier (iCal)"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "L'adresse d'abonnement .ics de votre agenda Gancio, OpenAgenda, Nextcloud… "
            "(https://… ; webcal://… est accepté)."
        ),
    )
