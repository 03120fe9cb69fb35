"""StoryForm: a ModelForm that only validates (placette.stories.forms)."""

import pytest
from django import forms
from django.utils import translation

from placette.core.licences import Licence
from placette.stories.forms import StoryForm

FROM_MODEL = {
    "title": ("Titre", "Title", 200, True),
    "summary": ("Chapô", "Standfirst", 300, False),
    "credit": ("Signature", "Byline", 200, False),
}


@pytest.mark.parametrize("name", FROM_MODEL)
def test_fields_from_the_model_keep_their_labels_and_lengths(name):
    label_fr, label_en, max_length, required = FROM_MODEL[name]
    field = StoryForm.base_fields[name]
    with translation.override("fr"):
        assert str(field.label) == label_fr
    with translation.override("en"):
        assert str(field.label) == label_en
    assert (field.max_length, field.required) == (max_length, required)


def test_licence_is_a_radio_list_without_an_empty_choice():
    field = StoryForm.base_fields["licence"]
    assert isinstance(field.widget, forms.RadioSelect)
    assert [value for value, _label in field.choices] == list(Licence.values)
    assert field.initial == Licence.CC_BY_SA
    assert list(StoryForm.base_fields) == [
        name for _title, names in StoryForm.SECTIONS for name in names
    ]
