"""A day-by-day opening hours editor: one row per day (closed, or one or two time ranges),
"sur rendez-vous", closed on public holidays and a comment; the server writes the OSM string.
Plain inputs, no JavaScript. The OSM field stays below for experts, and also takes French
("mardi et jeudi 14h-18h"). Hours too detailed for the rows are edited there only."""

import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placette.places import hours
from placette.places.hours_french import ORDER, day_list, from_french

DAY_LABELS = {
    "Mo": gettext_lazy("Lundi"),
    "Tu": gettext_lazy("Mardi"),
    "We": gettext_lazy("Mercredi"),
    "Th": gettext_lazy("Jeudi"),
    "Fr": gettext_lazy("Vendredi"),
    "Sa": gettext_lazy("Samedi"),
    "Su": gettext_lazy("Dimanche"),
}
APPOINTMENT = "sur rendez-vous"
RANGES_PER_DAY = 2


@dataclass
class Week:
    """What the rows say: each day's ranges ("HH:MM" pairs), and the rest."""

    days: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {d: [] for d in ORDER})
    appointment: bool = False
    public_holidays_off: bool = False
    comment: str = ""

    def to_osm(self) -> str:
        groups: dict[tuple, list[str]] = {}
        for code in ORDER:
            if self.days[code]:
                groups.setdefault(tuple(self.days[code]), []).append(code)
        rules = [
            f"{day_list(codes)} {','.join(f'{a}-{b}' for a, b in ranges)}"
            for ranges, codes in groups.items()
        ]
        note = ", ".join(
            part for part in [APPOINTMENT if self.appointment else "", self.comment] if part
        )
        text = "; ".join(rules)
        if note:
            text = f'{text} || "{note}"' if text else f'"{note}"'
        if self.public_holidays_off and text:
            text += "; PH off"
        return text


_TIME = r"(?:[01]\d|2[0-4]):[0-5]\d"
_RANGE = rf"{_TIME}-{_TIME}"
_DAY_PART = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
_RULE = re.compile(rf"({_DAY_PART}(?:,{_DAY_PART})*) ({_RANGE}(?:,{_RANGE})?)")
_SIMPLE = re.compile(
    rf"(?P<rules>{_RULE.pattern}(?:; ?{_RULE.pattern})*)?\s*"
    rf'(?:(?:\|\| )?"(?P<note>[^"]*)")?(?P<ph>; ?PH off)?'
)


def week_from_osm(text: str) -> Week | None:
    """The rows for an OSM string, or None when it says more than the rows can."""
    text = text.strip()
    found = _SIMPLE.fullmatch(text)
    if not text or found is None or (found.group("note") is not None and '"' not in text):
        return Week() if not text else None
    if found.group("rules") and found.group("note") is not None and "||" not in text:
        return None  # a comment on the rule itself, not "the rest of the time"
    week = Week(public_holidays_off=bool(found.group("ph")))
    for days, ranges in _RULE.findall(found.group("rules") or ""):
        for code in _expand(days):
            if week.days[code]:
                return None  # a day given twice: the later rule wins, too subtle for rows
            week.days[code] = [tuple(r.split("-")) for r in ranges.split(",")]
    note = found.group("note") or ""
    if note.startswith(APPOINTMENT):
        week.appointment = True
        note = note[len(APPOINTMENT) :].lstrip(" ,")
    week.comment = note
    return week


def _expand(days: str) -> list[str]:
    codes = []
    for part in days.split(","):
        first, _sep, last = part.partition("-")
        i, j = ORDER.index(first), ORDER.index(last or first)
        codes += ORDER[i : j + 1] if i <= j else ORDER[i:] + ORDER[: j + 1]
    return codes


def _read_time(value: str) -> str | None:
    """ "14:00", "14h", "14h30", "9" → "HH:MM"; None when unreadable."""
    found = re.fullmatch(r"\s*(\d{1,2})\s*(?:[h:]\s*(\d{2})?)?\s*", value or "")
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return f"{hour:02d}:{minute:02d}"


class HoursWidget(forms.Widget):
    template_name = "places/widgets/hours.html"
    use_fieldset = True

    @staticmethod
    def _keys():
        for code in ORDER:
            for i in range(RANGES_PER_DAY):
                yield f"{code}_{i}_opens"
                yield f"{code}_{i}_closes"

    def value_from_datadict(self, data, files, name):
        if f"{name}_mode" not in data:
            return data.get(name)  # the OSM string alone (API, scripts, older pages)
        value = {key: data.get(f"{name}_{key}", "") for key in self._keys()}
        value |= {
            "raw": data.get(name, ""),
            "initial": data.get(f"{name}_initial", ""),
            "rows": data.get(f"{name}_mode") == "rows",
            "appointment": data.get(f"{name}_appointment") == "on",
            "ph_off": data.get(f"{name}_ph_off") == "on",
            "comment": data.get(f"{name}_comment", ""),
        }
        return value

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_mode" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        if isinstance(value, dict):  # typed values, shown back with their errors
            raw, rows = value["raw"], value["rows"]
            typed = value
        else:
            raw = value or ""
            week = week_from_osm(raw)
            rows = week is not None
            typed = _typed(week or Week())
        context["hours"] = {
            "raw": raw,
            "initial": value.get("initial", "") if isinstance(value, dict) else raw,
            "rows": rows,
            "days": [
                {
                    "code": code,
                    "label": DAY_LABELS[code],
                    "ranges": [
                        {
                            "index": i,
                            "opens": typed.get(f"{code}_{i}_opens", ""),
                            "closes": typed.get(f"{code}_{i}_closes", ""),
                        }
                        for i in range(RANGES_PER_DAY)
                    ],
                }
                for code in ORDER
            ],
            "appointment": typed.get("appointment", False),
            "ph_off": typed.get("ph_off", False),
            "comment": typed.get("comment", ""),
        }
        return context

    def id_for_label(self, id_):
        return id_


def _typed(week: Week) -> dict:
    typed = {
        "appointment": week.appointment,
        "ph_off": week.public_holidays_off,
        "comment": week.comment,
    }
    for code, ranges in week.days.items():
        for i, (opens, closes) in enumerate(ranges):
            typed[f"{code}_{i}_opens"] = opens
            typed[f"{code}_{i}_closes"] = closes
    return typed


class HoursField(forms.Field):
    """The OSM opening hours, from the rows or from the expert field."""

    widget = HoursWidget

    def __init__(self, *, max_length: int = 500, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        if isinstance(value, dict):
            raw, initial = value["raw"].strip(), value["initial"].strip()
            if value["rows"] and raw == initial:
                week = self._week_from_rows(value)
                # Rows left as they were keep the text as it was ("Mo-Fr 09:00-12:00;Sa …").
                return initial if week == week_from_osm(initial) else self._to_text(week)
            return self._from_text(raw)
        return self._from_text((value or "").strip())

    def _from_text(self, text: str) -> str:
        if not text or hours.parse(text) is not None:
            return text
        converted = from_french(text)
        if converted is not None:
            return converted
        raise ValidationError(hours.error(text), code="opening_hours")

    def _week_from_rows(self, value: dict) -> Week:
        week = Week(
            appointment=value["appointment"],
            public_holidays_off=value["ph_off"],
            comment=value["comment"].replace('"', "").strip(),
        )
        problems = []
        for code in ORDER:
            for i in range(RANGES_PER_DAY):
                opens_text = value[f"{code}_{i}_opens"].strip()
                closes_text = value[f"{code}_{i}_closes"].strip()
                if not opens_text and not closes_text:
                    continue
                opens, closes = _read_time(opens_text), _read_time(closes_text)
                day = DAY_LABELS[code]
                if opens is None or closes is None:
                    problems.append(
                        _(
                            "%(day)s : indiquez l'heure d'ouverture et de fermeture, "
                            "ex. 14:00 et 18:00"
                        )
                        % {"day": day}
                    )
                elif closes != "00:00" and closes <= opens:
                    problems.append(
                        _("%(day)s : l'heure de fermeture (%(closes)s) vient avant l'ouverture")
                        % {"day": day, "closes": closes}
                    )
                else:
                    week.days[code].append((opens, "24:00" if closes == "00:00" else closes))
        if problems:
            raise ValidationError(problems, code="opening_hours")
        for code in ORDER:
            week.days[code].sort()
        return week

    def _to_text(self, week: Week) -> str:
        text = week.to_osm()
        if len(text) > self.max_length:
            raise ValidationError(_("Horaires trop longs : 500 caractères au plus."))
        return text

    def validate(self, value):
        super().validate(value)
        if value and len(value) > self.max_length:
            raise ValidationError(_("Horaires trop longs : 500 caractères au plus."))
        hours.validate(value)
