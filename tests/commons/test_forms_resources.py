"""ResourceForm: a ModelForm that only validates (placette.commons.forms.resources)."""

import pytest
from django import forms
from django.utils import translation

from placette.commons.forms.resources import ResourceForm
from placette.core.licences import Licence

FROM_MODEL = {
    "title": ("Titre", "Title", 200, True),
    "summary": ("Résumé", "Summary", 300, False),
}


@pytest.mark.parametrize("name", FROM_MODEL)
def test_fields_from_the_model_keep_their_labels_and_lengths(name):
    label_fr, label_en, max_length, required = FROM_MODEL[name]
    field = ResourceForm.base_fields[name]
    with translation.override("fr"):
        assert str(field.label) == label_fr
    with translation.override("en"):
        assert str(field.label) == label_en
    assert (field.max_length, field.required) == (max_length, required)


def test_kind_and_licence_offer_no_empty_choice():
    fields = ResourceForm.base_fields
    assert ("", "---------") not in list(fields["kind"].choices)
    assert isinstance(fields["licence"].widget, forms.RadioSelect)
    assert [value for value, _label in fields["licence"].choices] == list(Licence.values)
    assert fields["body"].strip is False


@pytest.mark.django_db
def test_validating_reads_and_writes_nothing(django_assert_num_queries):
    form = ResourceForm({"title": "Fiche", "kind": "tutoriel", "licence": Licence.CC_BY_SA})
    with django_assert_num_queries(0):
        assert form.is_valid(), form.errors
    assert form.revised()["title"] == "Fiche" and form.instance.pk is None
