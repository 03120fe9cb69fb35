"""Address → coordinates, when settings.PLACETTE_GEOCODER says which service to ask.

"ban": the Base Adresse Nationale (api-adresse.data.gouv.fr, settings.PLACETTE_BAN_URL).
Anything else (the default, empty): no geocoding; people place the pin on the map.
A geocoder that is slow, down or unsure never blocks a proposal: `locate` returns None.
"""

import json
import logging
import urllib.parse
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_S = 3
MIN_SCORE = 0.5  # BAN's own confidence (0–1); below it the match is more likely wrong than right


def locate(*, address: str, postal_code: str = "", commune: str = "") -> tuple | None:
    """(latitude, longitude, matched address label), or None."""
    if settings.PLACETTE_GEOCODER != "ban" or not address.strip():
        return None
    query = {"q": " ".join(part for part in (address, commune) if part).strip(), "limit": "1"}
    if postal_code:
        query["postcode"] = postal_code
    url = f"{settings.PLACETTE_BAN_URL}?{urllib.parse.urlencode(query)}"
    try:
        return parse_ban(_fetch(url))
    except Exception:  # network, HTTP or payload error: the proposal goes on without
        logger.warning("BAN geocoding failed for %s", url, exc_info=True)
        return None


def _fetch(url: str) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an HTTP URL: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (checked)
        return response.read(200_000)


def parse_ban(payload: bytes) -> tuple | None:
    """The best feature of a BAN answer (GeoJSON), if the service is confident enough."""
    features = json.loads(payload).get("features") or []
    if not features:
        return None
    best = features[0]
    properties = best.get("properties") or {}
    if float(properties.get("score", 0)) < MIN_SCORE:
        return None
    lon, lat = best["geometry"]["coordinates"][:2]
    lat, lon = float(lat), float(lon)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6), str(properties.get("label", ""))[:300]
