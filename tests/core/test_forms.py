"""placette.core.forms: the honeypot every public form shares."""

from django import forms
from django.template.loader import render_to_string

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


def test_the_shared_error_summary_lists_every_field_and_is_focused():
    class Form(forms.Form):
        name = forms.CharField()
        email = forms.EmailField()

    form = Form({"name": "", "email": "not an address"})
    html = render_to_string("core/form_errors.html", {"form": form})
    assert 'tabindex="-1"' in html and "autofocus" in html and "data-error-summary" in html
    assert 'href="#id_name"' in html and 'href="#id_email"' in html
    assert "form-errors" in html and ".js" in html  # the script that focuses it
    assert render_to_string("core/form_errors.html", {"form": Form()}).strip() == ""
