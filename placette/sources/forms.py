from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from placette.places.importers import FORMATS
from placette.places.importers.base import decode

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FORMAT_LABELS = {
    "cget": _("CGET 2019 (recensement Mission Coworking)"),
    "mednum": _("LaMednum (standard des lieux de médiation numérique)"),
    "geojson": _("GeoJSON"),
}


def format_choices() -> list[tuple[str, str]]:
    return [(code, FORMAT_LABELS.get(code, code)) for code in sorted(FORMATS)]


class UploadForm(forms.Form):
    """A file to preview. The decoded text is `self.text` once the form is valid."""

    file = forms.FileField(label=_("Fichier"))
    format = forms.ChoiceField(label=_("Format"), choices=format_choices)
    source = forms.SlugField(label=_("Source"), required=False, max_length=100)
    label = forms.CharField(label=_("Nom complet de la source"), required=False, max_length=200)
    licence = forms.CharField(label=_("Licence"), required=False, max_length=200)
    licence_url = forms.URLField(
        label=_("Adresse de la licence"), required=False, assume_scheme="https"
    )
    url = forms.URLField(label=_("Adresse des données"), required=False, assume_scheme="https")

    NEW_SOURCE_FIELDS = ("label", "licence", "licence_url", "url")

    def __init__(self, *args, known_sources: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.known_sources = list(known_sources)
        self.fields["file"].help_text = _(
            "Texte en UTF-8 (ou Windows-1252), séparé par des virgules ou des points-virgules, "
            "%(size)s au plus."
        ) % {"size": filesizeformat(MAX_UPLOAD_BYTES)}
        defaults = ", ".join(f"{code} : {FORMATS[code].SOURCE}" for code in sorted(FORMATS))
        self.fields["source"].help_text = _(
            "Nom court (minuscules, chiffres et tirets). Vide : la source par défaut du format "
            "(%(defaults)s)."
        ) % {"defaults": defaults}
        self.fields["source"].widget.attrs["list"] = "known-sources"
        self.fields["url"].widget.attrs["placeholder"] = "https://"
        self.fields["licence_url"].widget.attrs["placeholder"] = "https://"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "Ce fichier pèse %(size)s : %(limit)s au plus. "
                    "Découpez-le en plusieurs fichiers."
                ),
                code="too_big",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_UPLOAD_BYTES),
                },
            )
        raw = upload.read()
        try:
            text = decode(raw)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise forms.ValidationError(
                _(
                    "Ce fichier n'est ni en UTF-8 ni en Windows-1252 (premier caractère "
                    "illisible ligne %(line)s). Enregistrez-le au format « CSV UTF-8 » puis "
                    "choisissez-le à nouveau."
                ),
                code="encoding",
                params={"line": line},
            ) from exc
        if "\x00" in text:
            raise forms.ValidationError(_("Ce fichier n'est pas un fichier texte."), code="binary")
        if not text.strip():
            raise forms.ValidationError(_("Ce fichier est vide."), code="empty")
        self.text = text
        return upload

    def source_details(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.NEW_SOURCE_FIELDS}

    @property
    def new_source_fields(self):
        return [self[name] for name in self.NEW_SOURCE_FIELDS]
