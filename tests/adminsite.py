"""Drive the admin site's change view as a superuser would: which fields it lets one edit,
and a POST of the form as shown with some fields changed."""

from django.contrib.admin.widgets import ManyToManyRawIdWidget
from django.forms import CheckboxInput, FileInput
from django.urls import reverse


def change_url(obj, view: str = "change") -> str:
    """The admin page of `obj`: its change view, or `view` ("delete", "history")."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def _page(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200, response.status_code
    return response


def editable(client, obj) -> set[str]:
    """The fields the change view offers to edit: the object's, and its inlines' (as
    "inline model.field"); an empty set when the page only shows the object."""
    context = _page(client, obj).context
    if not context["has_change_permission"]:
        return set()
    names = set(context["adminform"].form.fields)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        hidden = {formset.fk.name, formset.model._meta.pk.name, "DELETE"}
        for form in formset.forms:
            model = formset.model._meta.model_name
            names |= {f"{model}.{name}" for name in form.fields if name not in hidden}
    return names


def _values(form) -> dict:
    data = {}
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, FileInput):
            continue
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(widget, ManyToManyRawIdWidget):
            value = ",".join(str(pk) for pk in value or [])
        data[bound.html_name] = "" if value is None else value
    return data


def post_change(client, obj, **changes):
    """POST the change form as the page shows it, with `changes`; returns the response (a
    redirect when saved)."""
    context = _page(client, obj).context
    data = _values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_values(formset.management_form))
        for form in formset.forms:
            data.update(_values(form))
    data.update(changes)
    return client.post(change_url(obj), data)
