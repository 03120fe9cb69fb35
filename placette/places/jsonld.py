"""schema.org JSON-LD of a place (Place + LocalBusiness), as search engines read it."""

from django.utils import timezone

from placette.places import hours
from placette.places.models import Place

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def place(place: Place, *, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": ["Place", "LocalBusiness"],
        "@id": url,
        "name": place.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                part for part in [place.address, place.address_extra] if part
            ),
            "postalCode": place.postal_code,
            "addressLocality": place.commune,
            "addressCountry": "FR",
        },
    }
    description = place.summary or place.description
    if description:
        data["description"] = description
    if place.has_location:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
    if place.phone:
        data["telephone"] = place.phone
    if place.emails:
        data["email"] = place.emails[0]
    same_as = [*place.websites, *place.social_links]
    if same_as:
        data["sameAs"] = same_as
    specification = opening_hours_specification(place)
    if specification:
        data["openingHoursSpecification"] = specification
    return data


def opening_hours_specification(place: Place, start=None) -> list[dict]:
    """The regular week, then the dates that differ from it (public holidays, seasons,
    closures) with validFrom/validThrough; a closed date opens and closes at 00:00."""
    start = start or timezone.localdate()
    regular, deviations = hours.regular_week(place.opening_hours, start, hours.where(place))
    specification = [
        _spec(DAYS[weekday], opens, closes)
        for weekday, ranges in regular.items()
        for opens, closes in ranges
    ]
    for deviation in deviations:
        dated = {
            "validFrom": deviation.first.isoformat(),
            "validThrough": deviation.last.isoformat(),
        }
        for opens, closes in deviation.ranges or [("00:00", "00:00")]:
            specification.append(_spec(DAYS[deviation.weekday], opens, closes) | dated)
    return specification


def _spec(day: str, opens: str, closes: str) -> dict:
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": f"https://schema.org/{day}",
        "opens": opens,
        "closes": closes,
    }
