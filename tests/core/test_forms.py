"""placette.core.forms: the honeypot every public form shares."""

from django import forms

from placette.core.forms import HONEYPOT, HoneypotMixin


class NoteForm(HoneypotMixin, forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False)


def test_the_field_comes_last_hidden_from_people():
    form = NoteForm()
    assert list(form.fields) == ["name", "note", HONEYPOT]
    field = form.fields[HONEYPOT]
    assert not field.required
    assert field.widget.attrs == {"tabindex": "-1", "autocomplete": "off"}
    assert 'name="homepage"' in str(form[HONEYPOT])


def test_a_filled_honeypot_is_spam_whatever_else_is_valid():
    assert NoteForm({"name": "Awa", HONEYPOT: "https://spam.example"}).is_spam
    assert not NoteForm({"name": "Awa", HONEYPOT: "  "}).is_spam
    assert not NoteForm({"name": "Awa"}).is_spam
    assert not NoteForm().is_spam


def test_the_check_reads_the_prefixed_field():
    assert NoteForm({"reg-name": "Awa", "reg-homepage": "x"}, prefix="reg").is_spam
    assert not NoteForm({"reg-name": "Awa", "homepage": "x"}, prefix="reg").is_spam


def test_a_form_without_the_field_is_never_spam():
    form = NoteForm({"name": "Awa", HONEYPOT: "x"})
    del form.fields[HONEYPOT]
    assert not form.is_spam
