"""Share links of a story: plain links to each network, no third-party script.

Mastodon has no single host: the visitor types their instance, which must be a bare domain
name (no scheme, path, port, user info or IP address) before we redirect there."""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_TLD = r"(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})"
DOMAIN = re.compile(rf"(?:{_LABEL}\.)+{_TLD}")


@dataclass(frozen=True)
class Link:
    name: str
    label: str  # the visible text
    href: str


def links(*, title: str, url: str, summary: str = "") -> list[Link]:
    body = f"{summary}\n\n{url}" if summary else url
    mail = "mailto:?" + urlencode({"subject": title, "body": body}, quote_via=quote)
    page = quote(url, safe="")
    text = quote(f"{title} {url}", safe="")
    return [
        Link("email", _("Courriel"), mail),
        Link("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={page}"),
        Link("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={page}"),
        Link("whatsapp", "WhatsApp", f"https://wa.me/?text={text}"),
    ]


class InvalidInstance(ValueError):
    pass


def clean_instance(raw: str) -> str:
    """The instance's host name, lower-case (IDN in ASCII form); InvalidInstance otherwise."""
    value = (raw or "").strip().lower()
    if not value or len(value) > 253:
        raise InvalidInstance(_("Indiquez le nom de votre instance, par exemple mastodon.social."))
    try:
        ascii_value = value.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_value = ""
    if not DOMAIN.fullmatch(ascii_value):
        raise InvalidInstance(
            _(
                "Indiquez seulement le nom de domaine de l’instance, sans « https:// » ni "
                "chemin, par exemple mastodon.social."
            )
        )
    return ascii_value


def mastodon_url(*, instance: str, title: str, url: str) -> str:
    return f"https://{instance}/share?" + urlencode({"text": f"{title} {url}"}, quote_via=quote)
