"""One place as a row of the LaMednum v1.0.2 standard (data/lamednum/schema.json).

The reverse of places/importers/mednum.py, so that our export imports back unchanged:
vocabulary codes become the standard's exact labels (schema.json's own strings), lists are
joined with "|". What we decided where the model and the standard differ:

- id: the place's uid, our stable public id.
- pivot: the SIRET if its check key (Luhn) is right, else the RNA, else "00000000000000"
  (the convention for unknown).
- source: who collected the record (`collected_by`), else this site's name.
- date_maj: the freshness date (`checked_on`), else the source's date, else the last update.
- typologie: the codes the source gave (`structure_types`), else derived from the families:
  epn → EPN, fablab → FABLAB, any other → TIERS_LIEUX. The standard has no code for our other
  families (coworking, atelier…): on import, TIERS_LIEUX becomes the family "autre".
- telephone: a national number ("02 99 …") is written in the standard's international form;
  a value that still does not match the standard's pattern is left empty, like a code INSEE
  that does not match, and a web address our importer would refuse (not http(s), no dot in
  the host, or holding a "|" or ";" separator): the row stays valid, nothing is made up.
- itinerance: "Itinérant" for an itinerant place, else empty (the model cannot tell "Fixe"
  from unknown).
- adresse, commune: written with the characters that the ANCT reader
  (@gouvfr-anct/lieux-de-mediation-numerique) accepts: "—" becomes "–", quotes and brackets
  their plain forms (a commune loses its brackets), "ª" its NFKC form "a", any other refused
  character is left out (see `voie` and `commune`).
- formations_labels: schema.json spells "Étapes numériques(La Poste)", the ANCT reader accepts
  only "Étapes numériques (La Poste)": that label goes to autres_formations_labels, in the
  reader's spelling, which both accept; our importer reads it back as the label.

A place missing a required value (nom, commune, adresse, code postal of 5 digits) cannot be
exported validly: MISSING says which, and queries.exported() leaves such places out.
"""

import operator
import re
import unicodedata
from datetime import date, tzinfo
from functools import cache, lru_cache, reduce

from django.db.models import Q
from django.utils import timezone

from placette.places import identifiers, vocab
from placette.places.importers import mednum
from placette.places.importers import mednum_schema as schema
from placette.places.models import Place, PlaceTag

COLUMNS = schema.COLUMNS
UNKNOWN_PIVOT = "00000000000000"
TYPOLOGIE_OF_FAMILY = {vocab.Family.EPN.value: "EPN", vocab.Family.FABLAB.value: "FABLAB"}
OTHER_TYPOLOGIE = "TIERS_LIEUX"
ITINERANT = "Itinérant"
SEPARATOR = "|"
# Columns of free text typed by people: made formula-safe in the CSV (core/spreadsheets.py).
# The others are numbers, dates, URLs, codes or patterned values that a quote would break.
FREE_TEXT = (
    "nom",
    "commune",
    "adresse",
    "complement_adresse",
    "courriels",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "structure_parente",
    "autres_formations_labels",
)

# Required columns that a place may lack: (column, condition of a place that cannot fill it).
MISSING = {
    "nom": Q(name=""),
    "commune": Q(commune=""),
    "adresse": Q(address=""),
    "code_postal": ~Q(postal_code__regex=r"^[0-9]{5}$"),
}
CANNOT_EXPORT = reduce(operator.or_, MISSING.values())

# The Place columns a row reads (queries.exported() loads only these).
FIELDS = [
    "uid",
    "name",
    "commune",
    "postal_code",
    "insee_code",
    "address",
    "address_extra",
    "latitude",
    "longitude",
    "structure_types",
    "phone",
    "emails",
    "websites",
    "opening_hours",
    "summary",
    "description",
    "collected_by",
    "itinerant",
    "parent_organisation",
    "checked_on",
    "source_updated_on",
    "updated_at",
    "specific_support",
    "fees",
    "national_programmes",
    "training_labels",
    "other_training_labels",
    "access_modes",
    "support_modes",
    "accessibility_url",
    "appointment_url",
    "siret",
    "rna",
]


_POSTAL = schema.PATTERNS["code_postal"]
_PIVOT = schema.PATTERNS["pivot"]
_INSEE = schema.PATTERNS["code_insee"]
_PHONE = schema.PATTERNS["telephone"]
_PHONE_NOISE = re.compile(r"[\s.\-/]")
_URL = re.compile(r"^https?://[^\s/|;]+\.[^\s|;]*$", re.IGNORECASE)  # as the importer reads
# The characters of a street the ANCT reader accepts (its VOIE_REG_EXP), and plain
# forms of look-alikes it refuses.
_VOIE_REFUSED = re.compile(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿœ-ŸŒ\-,()°.&:+–|;'’/\s]")
_COMMUNE_REFUSED = re.compile(r"[^A-Za-z\dÀ-ÖØ-öø-ÿœ-ŸŒ\-'’\s]")
_VOIE_LOOKALIKES = str.maketrans(
    {
        "—": "–",
        "‑": "-",
        '"': "'",
        "«": "'",
        "»": "'",
        "“": "'",
        "”": "'",
        "‘": "’",
        "[": "(",
        "]": ")",
    }
)
# Labels of schema.json that the ANCT reader spells otherwise (see the module's docstring).
RESPELLED = {"Étapes numériques(La Poste)": "Étapes numériques (La Poste)"}
_NATIONAL = re.compile(r"^0[1-9][0-9]{8}$")
# Overseas numbers dial through their own country code, not +33 (first four national digits).
OVERSEAS_PREFIXES = {
    **dict.fromkeys(["0590", "0690", "0691"], "+590"),  # Guadeloupe, Saint-Martin, Saint-Barth.
    **dict.fromkeys(["0594", "0694"], "+594"),  # Guyane
    **dict.fromkeys(["0262", "0263", "0692", "0693", "0269", "0639"], "+262"),  # Réunion, Mayotte
    **dict.fromkeys(["0596", "0696", "0697"], "+596"),  # Martinique
    "0508": "+508",  # Saint-Pierre-et-Miquelon
}


@cache
def labels_by_code(column: str) -> dict[str, str]:
    """The standard's exact label (schema.json's string) of each vocabulary code of a column."""
    choices, _target = mednum.CODED[column]
    exact = schema.ENUMERATIONS[column]
    return {code: exact[key] for key, code in mednum.codes_by_label(choices).items()}


@cache
def _vocabulary_order(column: str) -> dict[str, int]:
    choices, _target = mednum.CODED[column]
    return {code: index for index, code in enumerate(choices.values)}


def row(
    place, *, site_name: str, tags: dict[str, list[str]], tz: tzinfo | None = None
) -> dict[str, str]:
    """The standard's columns, in order, as text. `place` has the FIELDS as attributes (a
    Place, or queries.ExportedPlace); `tags` maps PlaceTag kinds to the place's codes; `tz`
    is the current time zone (see date_maj).
    Written for speed: it runs 100,000 times per full export (empty values skip their
    helpers; lists of codes become labels through a cache, since few combinations recur)."""
    located = place.latitude is not None and place.longitude is not None
    services, publics = tags.get(PlaceTag.Kind.SERVICE), tags.get(PlaceTag.Kind.PUBLIC)
    specific, fees, programmes = place.specific_support, place.fees, place.national_programmes
    training, access, support = place.training_labels, place.access_modes, place.support_modes
    return {
        "id": str(place.uid),
        "pivot": pivot(place),
        "nom": place.name,
        "commune": commune(place.commune),
        "code_postal": place.postal_code,
        "code_insee": place.insee_code if _INSEE.match(place.insee_code) else "",
        "adresse": voie(place.address),
        "complement_adresse": place.address_extra,
        "latitude": repr(place.latitude) if located else "",
        "longitude": repr(place.longitude) if located else "",
        "typologie": SEPARATOR.join(typologie(place, tags.get(PlaceTag.Kind.FAMILY, ()))),
        "telephone": phone(place.phone) if place.phone else "",
        "courriels": SEPARATOR.join(place.emails),
        "site_web": SEPARATOR.join(address for address in place.websites if url(address)),
        "horaires": place.opening_hours,
        "presentation_resume": place.summary,
        "presentation_detail": place.description,
        "source": place.collected_by or site_name,
        "itinerance": ITINERANT if place.itinerant else "",
        "structure_parente": place.parent_organisation,
        "date_maj": date_maj(place, tz).isoformat(),
        "services": _tag_labels("services", tuple(services)) if services else "",
        "publics_specifiquement_adresses": (
            _tag_labels("publics_specifiquement_adresses", tuple(publics)) if publics else ""
        ),
        "prise_en_charge_specifique": (
            _labels("prise_en_charge_specifique", tuple(specific)) if specific else ""
        ),
        "frais_a_charge": _labels("frais_a_charge", tuple(fees)) if fees else "",
        "dispositif_programmes_nationaux": (
            _labels("dispositif_programmes_nationaux", tuple(programmes)) if programmes else ""
        ),
        "formations_labels": _labels("formations_labels", tuple(training)) if training else "",
        "autres_formations_labels": SEPARATOR.join(
            [*place.other_training_labels, *_respelled_labels(training)]
        ),
        "modalites_acces": _labels("modalites_acces", tuple(access)) if access else "",
        "modalites_accompagnement": (
            _labels("modalites_accompagnement", tuple(support)) if support else ""
        ),
        "fiche_acces_libre": url(place.accessibility_url),
        "prise_rdv": url(place.appointment_url),
    }


@lru_cache(maxsize=4096)
def _labels(column: str, codes: tuple[str, ...]) -> str:
    """The standard's labels of the codes, joined, in the order of the codes."""
    labels = labels_by_code(column)
    return SEPARATOR.join(
        labels[code] for code in codes if code in labels and labels[code] not in RESPELLED
    )


def _respelled_labels(codes: list[str]) -> list[str]:
    labels = labels_by_code("formations_labels")
    return [RESPELLED[labels[code]] for code in codes if labels.get(code) in RESPELLED]


def voie(raw: str) -> str:
    """The street as the ANCT reader accepts it (its VOIE_REG_EXP)."""
    return _accepted(raw.translate(_VOIE_LOOKALIKES), _VOIE_REFUSED)


def commune(raw: str) -> str:
    """The commune as the ANCT reader accepts it (its COMMUNE_REG_EXP): no brackets nor dots
    ("Saint-Denis (La Réunion)" → "Saint-Denis La Réunion")."""
    return _accepted(raw.translate(_VOIE_LOOKALIKES), _COMMUNE_REFUSED)


def _accepted(text: str, refused: re.Pattern) -> str:
    """Compatibility forms (NFKC) of refused characters where they fit, any other left out."""
    if not refused.search(text):
        return text
    kept = []
    for char in text:
        if refused.match(char):
            char = unicodedata.normalize("NFKC", char)
            char = "" if refused.search(char) else char
        kept.append(char)
    return re.sub(r"\s{2,}", " ", "".join(kept)).strip()


@lru_cache(maxsize=4096)
def _tag_labels(column: str, codes: tuple[str, ...]) -> str:
    """The labels of tag codes (unordered in the database), in the vocabulary's order."""
    order = _vocabulary_order(column)
    return _labels(column, tuple(sorted(codes, key=lambda code: order.get(code, len(order)))))


def exportable(place: Place) -> bool:
    """Whether the place has every value the standard requires (CANNOT_EXPORT, in Python)."""
    return bool(place.name and place.commune and place.address and _POSTAL.match(place.postal_code))


def pivot(place: Place) -> str:
    if place.siret and identifiers.is_siren_or_siret(place.siret):
        return place.siret
    if place.rna and _PIVOT.match(place.rna):
        return place.rna
    return UNKNOWN_PIVOT


def typologie(place: Place, families: list[str]) -> list[str]:
    if place.structure_types:
        return list(place.structure_types)
    codes = [TYPOLOGIE_OF_FAMILY.get(family, OTHER_TYPOLOGIE) for family in sorted(families)]
    return list(dict.fromkeys(codes))


def phone(raw: str) -> str:
    """The number in the standard's form (+33…), or "" if it cannot be written so."""
    number = _PHONE_NOISE.sub("", raw)
    if number.startswith("00"):
        number = "+" + number[2:]
    elif _NATIONAL.match(number):
        number = OVERSEAS_PREFIXES.get(number[:4], "+33") + number[1:]
    return number if _PHONE.match(number) else ""


def url(raw: str) -> str:
    return raw if raw and _URL.match(raw) else ""


def date_maj(place: Place, tz: tzinfo | None = None) -> date:
    """`tz`: the current time zone, if the caller has it (looking it up costs per row)."""
    if place.checked_on:
        return place.checked_on
    if place.source_updated_on:
        return place.source_updated_on
    return timezone.localdate(place.updated_at, tz)
