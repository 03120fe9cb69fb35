"""allauth's e-mail (address confirmation, password reset, sign-in code) through the task queue,
signed with the site's name (SITE_NAME) rather than the host the request came on."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from placette.core import mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # As allauth's own send_mail, but the message is queued, not sent inside the request.
        # Its links stay on the request's host, as allauth builds them (a host of
        # ALLOWED_HOSTS: Django answers 400 to any other).
        request = allauth_context.request
        site = get_current_site(request)
        site.name = settings.SITE_NAME
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": site, **context},
        )
        mail.queue(to=message.to, subject=message.subject, body=message.body)
