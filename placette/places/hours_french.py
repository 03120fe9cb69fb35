"""Opening hours as people write them in French ("mardi et jeudi 14h-18h"): read into OSM
syntax when every word is understood, and French explanations of what is wrong otherwise.

Only the plain shapes are read (days, day ranges, one or more time ranges, "fermé",
"sur rendez-vous"); anything else is refused with an example rather than guessed.
"""

import re
import unicodedata

from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError

EXAMPLE = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00"
DAYS = {
    "Mo": ("lundi", "lun", "lu"),
    "Tu": ("mardi", "mar", "ma"),
    "We": ("mercredi", "mer", "me"),
    "Th": ("jeudi", "jeu", "je"),
    "Fr": ("vendredi", "ven", "ve"),
    "Sa": ("samedi", "sam", "sa"),
    "Su": ("dimanche", "dim", "di"),
}
ORDER = list(DAYS)
_DAY_WORD = {word: code for code, words in DAYS.items() for word in words}
_DAY = r"(?:" + "|".join(sorted(_DAY_WORD, key=len, reverse=True)) + r")s?\.?"
_TIME = r"\d{1,2}\s*(?:h|:)\s*(?:\d{2})?"
_RANGE = rf"(?:de\s+)?({_TIME})\s*(?:-|a|au|jusqu'a)\s*({_TIME})"
_APPOINTMENT = re.compile(r"\(?\s*(?:uniquement\s+|et\s+|ou\s+)?sur\s+(?:rendez-vous|rdv)\s*\)?")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\u2010-\u2015]", "-", text).replace("’", "'")


def _valid(text: str) -> bool:
    try:
        OpeningHours(text, country="FR")
    except ParserError:
        return False
    return True


def _hhmm(value: str) -> str | None:
    hour, _sep, minute = re.fullmatch(r"(\d{1,2})\s*(h|:)\s*(\d{2})?", value).groups()
    hour, minute = int(hour), int(minute or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return f"{hour:02d}:{minute:02d}"


def _day_codes(words: str) -> list[str] | None:
    """ "du lundi au vendredi", "lundi-vendredi", "mardi et jeudi", "tous les jours"."""
    words = re.sub(r"^(?:le|les)\s+", "", words.strip())
    if re.fullmatch(r"(?:tous les jours|7\s*j(?:ours)?\s*/\s*7|chaque jour)", words):
        return ORDER[:]
    span = re.fullmatch(rf"(?:du\s+)?({_DAY})\s*(?:-|au|a)\s*({_DAY})", words)
    if span:
        first, last = (_code(span.group(i)) for i in (1, 2))
        i, j = ORDER.index(first), ORDER.index(last)
        return ORDER[i : j + 1] if i <= j else ORDER[i:] + ORDER[: j + 1]
    parts = re.split(r"\s*(?:,|\bet\b)\s*", words)
    codes = [_code(part) for part in parts]
    return None if None in codes else codes


def _code(word: str) -> str | None:
    return _DAY_WORD.get(word.strip().rstrip(".").removesuffix("s")) or _DAY_WORD.get(
        word.strip().rstrip(".")
    )


def day_list(codes: list[str]) -> str:
    """Mo,Tu,We,Fr → "Mo-We,Fr"."""
    indexes = sorted({ORDER.index(c) for c in codes})
    runs: list[list[int]] = []
    for i in indexes:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{ORDER[run[0]]}-{ORDER[run[-1]]}")
        else:
            parts.extend(ORDER[i] for i in run)
    return ",".join(parts)


_CLAUSE = re.compile(
    rf"(?P<days>(?:(?:du|le|les)\s+)?{_DAY}(?:\s*(?:-|,|\bet\b|\bau\b|\ba\b)\s*{_DAY})*"
    rf"|tous les jours|chaque jour)\s*:?\s*"
    rf"(?P<what>(?:{_RANGE})(?:\s*(?:,|\bet\b|/|\+)\s*(?:{_RANGE}))*|fermes?|ferme le matin)"
)


def from_french(text: str) -> str | None:
    """OSM opening hours for French free text, or None when it is not understood."""
    folded = _fold(text).strip()
    if not folded:
        return None
    appointment = bool(_APPOINTMENT.search(folded))
    folded = _APPOINTMENT.sub(" ", folded).strip(" ;,.")
    rules = []
    position = 0
    while position < len(folded):
        separator = re.compile(r"[\s;,/.]*(?:\bet\b)?[\s;,/]*").match(folded, position)
        position = separator.end()
        if position >= len(folded):
            break
        clause = _CLAUSE.match(folded, position)
        if clause is None:
            return None
        codes = _day_codes(clause.group("days"))
        if not codes:
            return None
        what = clause.group("what")
        if what.startswith("ferme"):
            if what == "ferme le matin":
                return None
            rules.append(f"{day_list(codes)} off")
        else:
            ranges = []
            for opens, closes in re.findall(_RANGE, what):
                opens, closes = _hhmm(opens), _hhmm(closes)
                if opens is None or closes is None:
                    return None
                ranges.append(f"{opens}-{closes}")
            rules.append(f"{day_list(codes)} {','.join(ranges)}")
        position = clause.end()
    if not rules:
        return '"sur rendez-vous"' if appointment else None
    result = "; ".join(rules)
    if appointment:
        result += ' || "sur rendez-vous"'
    return result if _valid(result) else None


def explain(text: str) -> str:
    """What is wrong with text that is not OSM opening hours, in French, with an example."""
    folded = _fold(text)
    if (converted := from_french(text)) is not None:
        return _(
            "Horaires à écrire dans la syntaxe OpenStreetMap. Pour « %(text)s », écrivez "
            "« %(osm)s »."
        ) % {"text": text.strip(), "osm": converted}
    if text.count('"') % 2:
        problem = _("un commentaire entre guillemets n'est pas refermé")
    elif re.search(rf"\b{_DAY}\b", folded) and not re.search(r"\b(?:Mo|Tu|We|Th|Fr|Sa|Su)\b", text):
        problem = _(
            "les jours s'écrivent en abrégé anglais : Mo lundi, Tu mardi, We mercredi, "
            "Th jeudi, Fr vendredi, Sa samedi, Su dimanche"
        )
    elif re.search(r"\d\s*h\s*\d{0,2}", folded):
        problem = _("les heures s'écrivent sur 24 heures avec deux points, ex. 14:30")
    elif re.search(r"(?<![\d:])\d:\d{2}", text):
        problem = _("les heures s'écrivent avec deux chiffres, ex. 09:00")
    elif re.search(r"\d{2}:\d{2}\s*-\s*(?:\D|$)", text) or re.search(r"\d{2}:\d{2}$", text):
        problem = _("une plage horaire doit avoir un début et une fin, ex. 09:00-12:00")
    else:
        problem = _("ce texte n'est pas compris à partir de « %(part)s »") % {
            "part": _first_wrong(text)
        }
    return _(
        "Horaires illisibles : %(problem)s. Exemple correct : « %(example)s » "
        '(PH jours fériés, "sur rendez-vous" entre guillemets).'
    ) % {"problem": problem, "example": EXAMPLE}


def _first_wrong(text: str) -> str:
    """The text from the first character the parser stops at (a short excerpt)."""
    try:
        OpeningHours(text, country="FR")
    except ParserError as exc:
        found = re.search(r"--> \d+:(\d+)", str(exc))
        column = int(found.group(1)) - 1 if found else 0
        excerpt = text[column : column + 20].strip() or text[-20:].strip()
        return excerpt
    return text[:20]
