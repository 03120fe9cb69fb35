"""Forms of collections: the collection itself and an item's note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from placette.commons.models import Collection, CollectionItem


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=5000,
        help_text=_("À qui sert cette collection, dans quel ordre lire. Markdown accepté."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    is_public = forms.BooleanField(
        label=_("Visible par tous (on peut en partager l'adresse)"), required=False, initial=True
    )

    @classmethod
    def from_collection(cls, collection: Collection) -> "CollectionForm":
        return cls(initial={name: getattr(collection, name) for name in cls.base_fields})


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Pourquoi cette ressource"),
        required=False,
        max_length=CollectionItem._meta.get_field("note").max_length,
    )
