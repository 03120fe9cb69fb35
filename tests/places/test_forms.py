"""PlaceForm: a ModelForm that only validates (placette.places.forms)."""

import pytest
from django.utils import translation

from placette.places.forms import PlaceForm

# The fields the form takes from the model: what they said when the form declared them.
FROM_MODEL = {
    "name": ("Nom du lieu", "Name of the place", 200, True),
    "summary": ("Présentation courte", "Short presentation", 280, False),
    "address": ("Adresse", "Address", 300, False),
    "address_extra": ("Complément d'adresse", "Address line 2", 300, False),
    "commune": ("Commune", "Town", 150, False),
    "opening_hours_note": ("Précisions sur les horaires", "Notes on opening hours", 500, False),
    "phone": ("Téléphone", "Phone", 30, False),
}


@pytest.mark.parametrize("name", FROM_MODEL)
def test_fields_from_the_model_keep_their_labels_and_lengths(name):
    label_fr, label_en, max_length, required = FROM_MODEL[name]
    field = PlaceForm.base_fields[name]
    with translation.override("fr"):
        assert str(field.label) == label_fr
    with translation.override("en"):
        assert str(field.label) == label_en
    assert (field.max_length, field.required) == (max_length, required)
    assert field.widget.attrs["maxlength"] == str(max_length)


def test_widgets_and_help_texts_are_kept():
    fields = PlaceForm.base_fields
    assert fields["phone"].widget.input_type == "tel"
    assert fields["address"].widget.attrs["autocomplete"] == "street-address"
    with translation.override("fr"):
        assert str(fields["address_extra"].help_text) == "Bâtiment, étage, lieu-dit…"
        assert str(fields["itinerant"].label) == "Lieu itinérant (sans adresse fixe)"
    assert list(fields) == [name for _title, names in PlaceForm.SECTIONS for name in names]


@pytest.mark.django_db
def test_validating_reads_and_writes_nothing(django_assert_num_queries):
    form = PlaceForm(
        {"name": "La Fabrique", "commune": "Rennes", "latitude": "48,1", "longitude": "-1.6"}
    )
    with django_assert_num_queries(0):
        assert form.is_valid(), form.errors
    fields, tags = form.to_save()
    assert fields["name"] == "La Fabrique" and fields["latitude"] == 48.1
    assert form.instance.pk is None
