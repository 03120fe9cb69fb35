"""The writers' forms: a story's text with its places and events, a photo, a video, a
co-author. Errors are tied to their field; files are checked by uploads.py and videos.py."""

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from placette.events.models import Event
from placette.places import vocab as place_vocab
from placette.places.forms import checkboxes
from placette.places.models import Place
from placette.places.queries import find_places
from placette.stories import photos as uploads
from placette.stories import videos
from placette.stories.models import Story

MARKDOWN_HELP = _(
    "Mise en forme (Markdown) : une ligne vide entre deux paragraphes ; **gras**, *italique* ; "
    "« ## » en début de ligne pour un intertitre ; « - » pour une liste ; "
    "[texte du lien](https://…) pour un lien."
)
MAX_EVENTS = 40


class PlaceChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        return f"{obj.name} ({obj.commune})" if obj.commune else obj.name


class EventChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.title} — {obj.place.name}"


class StoryForm(forms.ModelForm):
    """A story's text. `user` and `story` (None when creating) set the places offered: those
    the person manages, those already linked, and those found by « Ajouter un lieu ». Plain
    fields come from the model; it only validates (the services write), so save() is unused."""

    body = forms.CharField(
        label=_("Texte du récit"),
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HELP,
    )
    places = PlaceChoice(
        label=_("Lieux du récit"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place_search = forms.CharField(
        label=_("Ajouter un lieu"),
        max_length=200,
        required=False,
        help_text=_("Son nom et sa commune, ou l'adresse de sa page sur le site."),
    )
    events = EventChoice(
        label=_("Événements racontés"),
        queryset=Event.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les événements des lieux du récit."),
    )
    themes = checkboxes(place_vocab.Service.choices, _("Thèmes"))

    class Meta:
        model = Story
        fields = [
            "title",
            "summary",
            "body",
            "places",
            "place_search",
            "events",
            "themes",
            "licence",
            "credit",
        ]
        widgets = {"licence": forms.RadioSelect}
        help_texts = {
            "summary": _("Une ou deux phrases qui donnent envie de lire, 300 caractères au plus."),
            "licence": _("Une licence libre permet à d'autres lieux de reprendre votre récit."),
            "credit": _("Comment signer le récit, par exemple « L'équipe de l'EPN de Redon »."),
        }

    SECTIONS = [
        (_("Le récit"), ["title", "summary", "body"]),
        (_("Lieux et événements"), ["places", "place_search", "events"]),
        (_("Thèmes"), ["themes"]),
        (_("Licence et signature"), ["licence", "credit"]),
    ]
    TEXT_FIELDS = ["title", "summary", "body", "themes", "licence", "credit"]

    def __init__(self, *args, user, story: Story | None = None, preset=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.story = story
        self.candidates = find_places(self.data.get("place_search", "")) if self.is_bound else []
        posted = []
        if self.is_bound and hasattr(self.data, "getlist"):
            posted = [pk for pk in self.data.getlist("places") if str(pk).isdigit()]
        offered = Q(managers__user=user) | Q(pk__in=[p.pk for p in [*self.candidates, *preset]])
        offered |= Q(pk__in=posted, is_published=True)
        if story is not None:
            offered |= Q(pk__in=story.places.values("pk"))
        places = Place.objects.filter(offered).distinct().order_by("name", "id")
        self.fields["places"].queryset = places
        events = Event.objects.filter(place__in=places.values("pk")).exclude(
            status=Event.Status.DRAFT
        )
        chosen = list(story.events.values_list("pk", flat=True)) if story is not None else []
        recent = list(events.order_by("-created_at").values_list("pk", flat=True)[:MAX_EVENTS])
        self.fields["events"].queryset = (
            Event.objects.filter(pk__in=recent + chosen)
            .select_related("place")
            .order_by("place__name", "title")
        )

    @classmethod
    def initial_for(cls, story: Story) -> dict[str, Any]:
        initial = {name: getattr(story, name) for name in cls.TEXT_FIELDS}
        initial["places"] = list(story.places.all())
        initial["events"] = list(story.events.all())
        return initial

    def has_places(self) -> bool:
        return self.fields["places"].queryset.exists()

    def has_events(self) -> bool:
        return self.fields["events"].queryset.exists()

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        hidden = set()
        if not self.has_places():
            hidden.add("places")
        if not self.has_events():
            hidden.add("events")
        return [
            (title, [self[name] for name in names if name not in hidden])
            for title, names in self.SECTIONS
        ]

    def clean(self):
        data = super().clean()
        typed = data.get("place_search", "")
        if typed and "places" in data:
            chosen = {place.pk for place in data["places"]}
            if len(self.candidates) == 1:
                data["places"] = [*data["places"], *self.candidates]
                data["place_search"] = ""
            elif not self.candidates:
                self.add_error(
                    "place_search", _("Aucun lieu ne correspond : essayez son nom seul.")
                )
            elif not chosen & {place.pk for place in self.candidates}:
                self.add_error(
                    "place_search",
                    _("Plusieurs lieux correspondent : cochez le bon dans la liste des lieux."),
                )
        if "places" in data and "events" in data:
            # An event brings its place: a story links both, so each page links back.
            have = {place.pk for place in data["places"]}
            data["places"] = list(data["places"]) + [
                event.place for event in data["events"] if event.place_id not in have
            ]
        return data

    def to_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.TEXT_FIELDS}
        fields["themes"] = sorted(fields["themes"])
        return fields


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Choisissez la photo à envoyer.")},
    )
    alt = forms.CharField(
        label=_("Description de la photo (texte alternatif)"),
        max_length=300,
        help_text=_("Pour les personnes qui ne la voient pas : ce qu'elle montre, en une phrase."),
        error_messages={
            "required": _("Décrivez ce que montre la photo : c'est obligatoire pour la publier.")
        },
    )
    caption = forms.CharField(label=_("Légende"), max_length=300, required=False)
    credit = forms.CharField(
        label=_("Crédit"),
        max_length=150,
        required=False,
        help_text=_("Qui a pris la photo, par exemple « Photo : Aïcha B. »."),
    )
    consent = forms.BooleanField(
        label=_(
            "Les personnes reconnaissables sur cette photo ont accepté qu'elle soit publiée "
            "(droit à l'image)"
        ),
        error_messages={
            "required": _(
                "Cochez cette case pour confirmer l'accord des personnes reconnaissables ; "
                "sans lui, la photo ne peut pas être publiée."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("JPEG, PNG ou WebP, %(max)s Mo au plus.") % {
            "max": settings.PLACETTE_PHOTO_MAX_MB
        }

    def clean_image(self):
        return uploads.check_photo(self.cleaned_data["image"])


class PhotoEditForm(forms.Form):
    alt = PhotoForm.base_fields["alt"]
    caption = PhotoForm.base_fields["caption"]
    credit = PhotoForm.base_fields["credit"]


class VideoForm(forms.Form):
    title = forms.CharField(
        label=_("Titre de la vidéo"),
        max_length=200,
        error_messages={"required": _("Donnez un titre à la vidéo.")},
    )
    url = forms.CharField(
        label=_("Adresse de la vidéo"),
        max_length=500,
        required=False,
        help_text=_("Sur PeerTube, YouTube ou Vimeo : l'adresse de la page de la vidéo."),
        widget=forms.URLInput,
    )
    file = forms.FileField(
        label=_("Ou un fichier vidéo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    transcript = forms.CharField(
        label=_("Transcription ou résumé"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Pour les personnes qui ne peuvent pas l'écouter : ce qui s'y dit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("MP4 ou WebM, %(max)s Mo au plus.") % {
            "max": settings.PLACETTE_VIDEO_MAX_MB
        }

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        return videos.parse_link(url) if url else None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return videos.check_upload(upload) if upload else None

    def clean(self):
        data = super().clean()
        link, upload = data.get("url"), data.get("file")
        if self.has_error("url") or self.has_error("file"):
            return data
        if link is None and upload is None:
            self.add_error("url", _("Donnez l'adresse de la vidéo, ou choisissez un fichier."))
        elif link is not None and upload is not None:
            self.add_error("file", _("Donnez soit une adresse, soit un fichier, pas les deux."))
        return data


class AuthorForm(forms.Form):
    email = forms.EmailField(
        label=_("Courriel de la personne"),
        help_text=_("Elle recevra un lien pour accepter de co-signer le récit."),
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("Message aux auteurs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qu'il faudrait revoir avant publication (envoyé par courriel)."),
    )
