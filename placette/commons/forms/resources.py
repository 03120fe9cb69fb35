"""The commons' forms: a resource (create, edit or propose), a revert, a decision, a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from placette.commons.models import REVISED_FIELDS, Kind, Resource, Revision
from placette.commons.services import attachments
from placette.places import vocab as place_vocab
from placette.places.forms import checkboxes
from placette.places.models import Place


class ResourceForm(forms.ModelForm):
    """A resource's text. `places` (creation only): the places the person may name as authors;
    `editing`: adds the change note and the hidden revision the edit started from. Plain
    fields come from the model; it only validates (the services write), so save() is unused."""

    kind = forms.ChoiceField(label=_("Type de ressource"), choices=Kind.choices)
    body = forms.CharField(
        label=_("Texte"),
        required=False,
        max_length=100_000,
        strip=False,  # whitespace is part of the text: a revert must give it back as it was
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "En Markdown : ## pour un intertitre, - pour une liste, **gras**, [lien](https://…)."
        ),
    )
    themes = checkboxes(place_vocab.Service.choices, _("Thèmes"))
    places = forms.ModelMultipleChoiceField(
        label=_("Écrit par le lieu"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("La ressource sera montrée sur la page de ces lieux."),
    )
    note = forms.CharField(
        label=_("Résumé de la modification"),
        max_length=300,
        required=False,
        help_text=_("Ce que vous avez changé et pourquoi, en une phrase."),
    )
    base = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Resource
        fields = [*REVISED_FIELDS, "places", "note", "base"]
        widgets = {"licence": forms.RadioSelect}
        help_texts = {
            "summary": _("Une ou deux phrases, affichées dans la liste des ressources."),
            "licence": _(
                "Une licence libre permet à d'autres lieux de reprendre et d'adapter le texte."
            ),
        }

    def __init__(self, *args, places=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if places is not None and places.exists():
            self.fields["places"].queryset = places
        else:
            del self.fields["places"]
        if not editing:
            del self.fields["note"]
            del self.fields["base"]

    @staticmethod
    def initial_for(resource: Resource, base: Revision) -> dict:
        initial = {name: getattr(resource, name) for name in REVISED_FIELDS}
        initial["base"] = base.pk
        return initial

    def revised(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in REVISED_FIELDS}
        values["body"] = _normalise_newlines(values["body"])
        values["themes"] = list(values["themes"])
        return values


def _normalise_newlines(text: str) -> str:
    # Browsers send textareas with CRLF; stored text uses LF so that diffs compare lines.
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


class RevertForm(forms.Form):
    note = forms.CharField(
        label=_("Pourquoi revenir à cette révision ?"),
        max_length=300,
        required=False,
        help_text=_("Facultatif ; affiché dans l'historique."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Envoyé à la personne qui a proposé la modification."),
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Titre du fichier"),
        max_length=200,
        help_text=_("Il donne aussi son nom au fichier téléchargé."),
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, OpenDocument (ODT, ODS, ODP) ou image (JPEG, PNG, WebP)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, OpenDocument (ODT, ODS, ODP) ou image (JPEG, PNG, WebP), %(max)s Mo au plus."
        ) % {"max": attachments.max_bytes() // (1024 * 1024)}
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.odt,.ods,.odp,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,"
            "image/webp,application/vnd.oasis.opendocument.text,"
            "application/vnd.oasis.opendocument.spreadsheet,"
            "application/vnd.oasis.opendocument.presentation"
        )
