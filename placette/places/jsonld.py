"""schema.org JSON-LD of a place (Place + LocalBusiness), as search engines read it."""

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
    specification = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAYS[day.day.weekday()]}",
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M") if closes.date() == opens.date() else "23:59",
        }
        for day in hours.week(place.opening_hours)
        for opens, closes in day.ranges
    ]
    if specification:
        data["openingHoursSpecification"] = specification
    return data
