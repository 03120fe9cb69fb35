"""EventForm: a ModelForm that only validates (placette.events.forms.events)."""

import pytest
from django.utils import translation

from placette.events.forms.events import EventForm
from placette.places.models import Place

# The fields the form takes from the model: what they said when the form declared them.
FROM_MODEL = {
    "title": ("Titre", "Title", 200, True),
    "summary": ("En une phrase", "In one sentence", 280, False),
    "price": ("Tarif", "Price", 200, False),
    "image_alt": ("Description de l'image", "Image description", 300, False),
}


@pytest.mark.parametrize("name", FROM_MODEL)
def test_fields_from_the_model_keep_their_labels_and_lengths(name):
    label_fr, label_en, max_length, required = FROM_MODEL[name]
    field = EventForm.base_fields[name]
    with translation.override("fr"):
        assert str(field.label) == label_fr
    with translation.override("en"):
        assert str(field.label) == label_en
    assert (field.max_length, field.required) == (max_length, required)


def test_choices_booleans_and_order_are_kept():
    fields = EventForm.base_fields
    assert ("", "---------") not in list(fields["kind"].choices)
    assert ("", "---------") not in list(fields["level"].choices)
    assert not fields["is_free"].required and not fields["registration"].required
    with translation.override("fr"):
        assert str(fields["registration"].label) == "Inscription sur Placette"
        assert str(fields["is_free"].label) == "Gratuit"
        assert str(fields["level"].label) == "Niveau"
    assert list(EventForm(places=None).fields) == EventForm.FIELDS
    creating = EventForm(places=Place.objects.none())
    assert list(creating.fields) == ["place", *EventForm.FIELDS]  # errors listed in this order
