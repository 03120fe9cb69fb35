from allauth.account import app_settings
from django import template

register = template.Library()


@register.filter
def is_honeypot(field) -> bool:
    """The sign-up form's trap field, rendered hidden by CSS (allauth's inline style would
    break our Content-Security-Policy)."""
    return bool(app_settings.SIGNUP_FORM_HONEYPOT_FIELD) and (
        field.name == app_settings.SIGNUP_FORM_HONEYPOT_FIELD
    )
