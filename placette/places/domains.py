"""Does a person's e-mail address show they belong to a place? Same domain as its website.

The address's domain must be the site's host (without "www.") or a subdomain of it; never a
parent: a student's @univ-tlse3.fr does not run fablab.univ-tlse3.fr. Shared names never count:
public suffixes (gouv.fr, github.io: from the bundled public-suffix list), webmail and internet
providers (anyone can get an address there) and platforms hosting many places' pages (a Facebook
page's host is facebook.com).
"""

from functools import cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

# Addresses anyone can open: never proof of belonging to a place.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.fr",
        "yahoo.com",
        "ymail.com",
        "hotmail.fr",
        "hotmail.com",
        "outlook.fr",
        "outlook.com",
        "live.fr",
        "live.com",
        "msn.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "club-internet.fr",
        "cegetel.net",
        "numericable.fr",
        "laposte.net",
        "bbox.fr",
        "icloud.com",
        "me.com",
        "mac.com",
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
        "gmx.fr",
        "gmx.com",
        "gmx.net",
        "aol.com",
        "aol.fr",
        "mailo.com",
        "netcourrier.com",
        "zoho.com",
        "yandex.com",
        "mail.com",
        "tutanota.com",
        "posteo.net",
        "riseup.net",
        "lilo.org",
    }
)

# Sites that host the pages of many places: their host says nothing about who runs the place.
PLATFORM_DOMAINS = frozenset(
    {
        "facebook.com",
        "fb.com",
        "instagram.com",
        "linkedin.com",
        "twitter.com",
        "x.com",
        "youtube.com",
        "tiktok.com",
        "google.com",
        "goo.gl",
        "wixsite.com",
        "wix.com",
        "wordpress.com",
        "blogspot.com",
        "blogspot.fr",
        "over-blog.com",
        "e-monsite.com",
        "jimdo.com",
        "jimdofree.com",
        "webnode.fr",
        "site-solocal.com",
        "pagesjaunes.fr",
        "linktr.ee",
        "helloasso.com",
        "github.io",
        "gitlab.io",
        "framasite.org",
        "notion.site",
        "canva.site",
        "mystrikingly.com",
        "weebly.com",
        "squarespace.com",
        "business.site",
        "tiers-lieux.fr",
        "francetierslieux.fr",
    }
)


def host_of(url: str) -> str:
    """The host name of `url`, lower-case, without "www." nor port ("" when there is none)."""
    if "://" not in url:
        url = f"https://{url}"
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


@cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the bundled list: no network


def _under(host: str, domains: frozenset[str]) -> bool:
    return any(host == d or host.endswith(f".{d}") for d in domains)


def _usable(host: str) -> bool:
    # A registrable name (not a public suffix nor an IP address), on no shared domain.
    return (
        "." in host
        and not host.replace(".", "").isdigit()
        and _suffixes().privatesuffix(host) is not None
        and not _under(host, WEBMAIL_DOMAINS | PLATFORM_DOMAINS)
    )


def same_organisation(email: str, websites: list[str]) -> bool:
    """Whether the address's domain is the host (or a subdomain of it) of one of the place's
    websites, shared names excepted (see the module docstring)."""
    domain = email.rpartition("@")[2].lower().rstrip(".")
    if not _usable(domain):
        return False
    for url in websites:
        host = host_of(url)
        if not _usable(host):
            continue
        if domain == host or domain.endswith(f".{host}"):
            return True
    return False
