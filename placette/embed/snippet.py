"""The builder's side of the embed: which filters a widget takes, and its <iframe> code."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.html import escape

from placette.events.queries import EventFilters
from placette.places.queries import PlaceFilters

# The filters a network chooses in the builder; any other parameter of the builder's URL is
# left out of the widget's.
WIDGET_FILTERS = ("q", "family", "service", "public", "departement", "region")
HEIGHT_PARAM = "hauteur"
DEFAULT_HEIGHT, MIN_HEIGHT, MAX_HEIGHT = 500, 200, 1200


@dataclass(frozen=True)
class Widget:
    filters: PlaceFilters
    height: int = DEFAULT_HEIGHT

    @classmethod
    def from_query(cls, data: QueryDict) -> "Widget":
        read = PlaceFilters.from_query(data)
        filters = PlaceFilters(**{name: getattr(read, name) for name in WIDGET_FILTERS})
        return cls(filters=filters, height=parse_height(data.get(HEIGHT_PARAM)))

    def url(self, base: str) -> str:
        """The widget's address: `base` (/widget/carte/, relative or absolute) and the filters."""
        query = self.filters.querystring()
        return f"{base}?{query}" if query else base


# The agenda widget: a place's or a territory's next dates.
AGENDA_FILTERS = ("place", "departement", "region", "commune", "kind", "theme")
COUNT_PARAM = "nombre"
DEFAULT_COUNT, MAX_COUNT = 10, 50


@dataclass(frozen=True)
class AgendaWidget:
    filters: EventFilters
    count: int = DEFAULT_COUNT
    height: int = DEFAULT_HEIGHT

    @classmethod
    def from_query(cls, data: QueryDict) -> "AgendaWidget":
        read = EventFilters.from_query(data)
        filters = EventFilters(**{name: getattr(read, name) for name in AGENDA_FILTERS})
        count = parse_number(data.get(COUNT_PARAM), DEFAULT_COUNT, 1, MAX_COUNT)
        return cls(filters=filters, count=count, height=parse_height(data.get(HEIGHT_PARAM)))

    def url(self, base: str) -> str:
        """The widget's address: the filters, and the number of dates unless the default."""
        items = self.filters.query_items()
        if self.count != DEFAULT_COUNT:
            items.append((COUNT_PARAM, str(self.count)))
        query = urlencode(items)
        return f"{base}?{query}" if query else base


def parse_number(raw: str | None, default: int, low: int, high: int) -> int:
    """A whole number clamped to [low, high]; the default when absent or not a number."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 5:
        return default
    return max(low, min(high, int(raw)))


def parse_height(raw: str | None) -> int:
    """Pixels, clamped to what a page can hold; the default when absent or not a number."""
    return parse_number(raw, DEFAULT_HEIGHT, MIN_HEIGHT, MAX_HEIGHT)


def iframe_code(*, src: str, title: str, height: int | str) -> str:
    """The code a site pastes: titled for screen readers, loaded when scrolled near.

    Plain text (escaped here): the page shows it in a text area. builder.js fills the same
    code from a copy made with "__SRC__" and "__HEIGHT__" placeholders, so both agree.
    """
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" height="{escape(height)}"'
        ' style="width: 100%; border: 0;" loading="lazy"></iframe>'
    )
