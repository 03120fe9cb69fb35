"""A list's filters, read from its query string: one frozen dataclass per list (the directory,
the agenda, the stories, the resources), each field declared with `param()`.

Every list reads its query string the same way: NUL is dropped (PostgreSQL refuses it in a
text comparison), spaces are trimmed, and a value the field's reader does not accept turns the
filter off: an unknown value is ignored, never an error. The same object writes the query string
back, for shareable links and pagination.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import field, fields, replace
from datetime import date
from typing import Any, Self
from urllib.parse import urlencode

from django.http import QueryDict

TRUE = frozenset({"1", "on", "true", "oui"})
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,220}")


def param(name: str, read: Callable[[str], Any], *, default: Any = "", counted: bool = True):
    """A filter field: its query-string name (French: it is part of shareable links), the
    function reading its text, and whether it counts as a filter (an order of the list does
    not: it is kept in links, but the list is not "filtered" by it)."""
    return field(default=default, metadata={"param": name, "read": read, "counted": counted})


class QueryFilters:
    """What every list's filters do; subclasses are `@dataclass(frozen=True)`, so that they
    compare, hash (facets group the lists they count by their filters) and are made in code
    (`PlaceFilters(q="fablab")`) like any value."""

    @classmethod
    def from_query(cls, data: QueryDict) -> Self:
        values = {}
        for f in fields(cls):
            raw = (data.get(f.metadata["param"]) or "").replace("\x00", "").strip()
            values[f.name] = f.metadata["read"](raw)
        return cls(**values)

    @classmethod
    def params(cls) -> dict[str, str]:
        """Field name → query-string name, in declaration order."""
        return {f.name: f.metadata["param"] for f in fields(cls)}

    def set_fields(self) -> list[str]:
        """Names of the fields not at their default (0 % and False are values too)."""
        return [f.name for f in fields(self) if getattr(self, f.name) != f.default]

    @property
    def active_count(self) -> int:
        counted = {f.name for f in fields(self) if f.metadata["counted"]}
        return sum(1 for name in self.set_fields() if name in counted)

    @property
    def active(self) -> bool:
        return self.active_count > 0

    def without(self, name: str) -> Self:
        return replace(self, **{name: self.__dataclass_fields__[name].default})

    def query_items(self) -> list[tuple[str, str]]:
        items = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value == f.default:
                continue
            if value is True:
                value = "1"
            elif isinstance(value, date):
                value = value.isoformat()
            items.append((f.metadata["param"], str(value)))
        return items

    def querystring(self, **changes) -> str:
        return urlencode(replace(self, **changes).query_items())


# --- Readers: raw text (NUL-free, trimmed) → the field's value, or its default. ---


def string(max_length: int) -> Callable[[str], str]:
    return lambda raw: raw[:max_length]


def one_of(values: Iterable[str], *, upper: bool = False) -> Callable[[str], str]:
    """A code of a vocabulary (or of a territory list; `upper`: "2a" is "2A")."""
    allowed = frozenset(values)

    def read(raw: str) -> str:
        raw = raw.upper() if upper else raw
        return raw if raw in allowed else ""

    # What the API documents and checks (placette.api.params).
    read.values = [value for value in values if value]
    read.upper = upper
    return read


def flag(raw: str) -> bool:
    return raw.lower() in TRUE


def slug(raw: str) -> str:
    return raw if SLUG.fullmatch(raw) else ""


slug.pattern = f"^{SLUG.pattern}$"


# Dates a list or a period may name: adding a day or a time zone to date.min or date.max
# overflows, and no event of a third place falls outside these.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def iso_date(raw: str) -> date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def percent(raw: str) -> int | None:
    return int(raw) if re.fullmatch(r"[0-9]{1,3}", raw) and int(raw) <= 100 else None
