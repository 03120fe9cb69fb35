"""schema.org Event JSON-LD of one date, with what Google's event results require (name,
startDate, location) and recommend (description, endDate, eventAttendanceMode, eventStatus,
image, offers, organizer): shared/docs/standards.md §4."""

import re

from django.utils import timezone

from placette.events.models import Event, Occurrence
from placette.events.queries import CANCELLED, FULL, POSTPONED, Item

SCHEMA = "https://schema.org/"
ATTENDANCE = {
    Occurrence.Mode.PLACE: "OfflineEventAttendanceMode",
    Occurrence.Mode.OUTSIDE: "OfflineEventAttendanceMode",
    Occurrence.Mode.ONLINE: "OnlineEventAttendanceMode",
    Occurrence.Mode.HYBRID: "MixedEventAttendanceMode",
}


def occurrence(
    item: Item, *, url: str, organizer_url: str, image_url: str = "", online_url: str = ""
) -> dict:
    """One Event per date. `url` is the event page; `online_url` the public connection link
    (empty when it is given to registrants only: the page then stands for it)."""
    occ, event = item.occurrence, item.event
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": timezone.localtime(occ.start).isoformat(),
        "endDate": timezone.localtime(occ.end).isoformat(),
        "eventStatus": SCHEMA + _status(item),
        "eventAttendanceMode": SCHEMA + ATTENDANCE[occ.mode],
        "location": _location(item, online_url or url),
        "organizer": {"@type": "Organization", "name": event.place.name, "url": organizer_url},
        "inLanguage": event.language,
    }
    if occ.original_start:
        data["previousStartDate"] = timezone.localtime(occ.original_start).isoformat()
    description = event.summary or event.description
    if description:
        data["description"] = description
    if image_url:
        data["image"] = [image_url]
    if event.is_free is None:  # the price is not known: no offer rather than a wrong one
        return data
    offer = {
        "@type": "Offer",
        "url": url,
        "priceCurrency": "EUR",
        "availability": SCHEMA + ("SoldOut" if item.state == FULL else "InStock"),
    }
    price = _price(event)
    if price is not None:
        offer["price"] = price
    data["offers"] = offer
    return data


def _status(item: Item) -> str:
    if item.state == CANCELLED:
        return "EventCancelled"
    if item.state == POSTPONED:
        return "EventPostponed"
    if item.occurrence.moved_online:
        return "EventMovedOnline"
    if item.occurrence.original_start:
        return "EventRescheduled"
    return "EventScheduled"


def _location(item: Item, online_url: str) -> dict | list[dict]:
    occ = item.occurrence
    virtual = {"@type": "VirtualLocation", "url": online_url}
    if occ.mode == Occurrence.Mode.ONLINE:
        return virtual
    if occ.mode == Occurrence.Mode.OUTSIDE:
        physical = {
            "@type": "Place",
            "name": occ.venue or occ.commune,
            "address": _address(occ.address, occ.postal_code, occ.commune),
        }
    else:
        place = item.place
        physical = {
            "@type": "Place",
            "name": place.name,
            "address": _address(
                ", ".join(part for part in [place.address, place.address_extra] if part),
                place.postal_code,
                place.commune,
            ),
        }
    point = item.point
    if point:
        physical["geo"] = {"@type": "GeoCoordinates", "latitude": point[0], "longitude": point[1]}
    return [physical, virtual] if occ.mode == Occurrence.Mode.HYBRID else physical


def _address(street: str, postal_code: str, commune: str) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": postal_code,
        "addressLocality": commune,
        "addressCountry": "FR",
    }


def _price(event: Event) -> str | None:
    """0 when free, else the first amount of the price text ("5 € / 3 € réduit" → "5")."""
    if event.is_free:
        return "0"
    found = re.search(r"[0-9]+(?:[.,][0-9]{1,2})?", event.price)
    return found.group().replace(",", ".") if found else None
