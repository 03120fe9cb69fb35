"""What the words of a directory search mean, beyond words of a place's text.

A search names places by their text (core.text.search_terms) but also by where they are: a
postal code ("35000"), a département by name or number ("Finistère", "35"), a région
("Ile-de-France"), a commune ("st etienne" is "Saint-Étienne"). Services and publics are
found by their labels ("aide démarches"). Everything is folded first (core.text.fold), so
accents, case and hyphens do not matter, and the same conditions run on SQLite and PostgreSQL.
A typo is corrected only when a search finds nothing (`corrected`), against the words of the
known communes, territories and labels, never by reading every place.
"""

import functools
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import translation
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from placette.core.text import QUERY_MAX_LENGTH, QUERY_MAX_WORDS, fold, search_terms
from placette.places import territories, vocab

SAINTS = {"st": "saint", "ste": "sainte"}
LONGEST_NAME = 5  # words of the longest territory name ("provence alpes cote d azur" is 5)
POSTAL_CODE = re.compile(r"\d{5}")


def expand(words: list[str]) -> list[str]:
    """Folded words with "st"/"ste" read "saint"/"sainte"."""
    return [SAINTS.get(word, word) for word in words]


def commune_key(commune: str) -> str:
    """What Place.commune_key holds: "ST-ÉTIENNE" → "saint etienne"."""
    return " ".join(expand(fold(commune).split()))


@functools.cache
def territory_names() -> dict[str, tuple[str, str]]:
    """Folded name → (field, code) of every région and département."""
    names = {
        fold(name): ("departement", code) for code, (name, _r) in territories.DEPARTEMENTS.items()
    }
    names.update({fold(name): ("region", code) for code, name in territories.REGIONS.items()})
    return names


@functools.cache
def tag_labels() -> dict[tuple[str, str], str]:
    """(kind, code) → its folded labels in French and English, for services and publics."""
    from placette.places.models import PlaceTag

    labels = {}
    for kind, choices in (
        (PlaceTag.Kind.SERVICE, vocab.Service),
        (PlaceTag.Kind.PUBLIC, vocab.Public),
    ):
        for code, _label in choices.choices:
            texts = []
            for language in ("fr", "en"):
                with translation.override(language):
                    texts.append(fold(str(choices(code).label)))
            labels[kind, code] = " ".join(texts)
    return labels


@dataclass
class Term:
    """One condition of a search: the text holds one of `forms`, or the place matches `field_q`
    (a territory, a service). `area` marks a territory, whose places rank first."""

    forms: tuple[str, ...] = ()
    field_q: Q | None = None
    area: bool = False


@dataclass
class Meaning:
    terms: list[Term] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # folded, "st" read "saint"

    @property
    def commune_keys(self) -> list[str]:
        """Every run of consecutive words, one of which may name a commune."""
        words = self.words
        return [
            " ".join(words[i:j])
            for i in range(len(words))
            for j in range(i + 1, min(len(words), i + LONGEST_NAME) + 1)
        ]

    @property
    def area(self) -> Q | None:
        """Places in the commune, postal code, département or région the search names."""
        condition = Q(commune_key__in=self.commune_keys) if self.words else None
        for term in self.terms:
            if term.area and term.field_q is not None:
                condition = term.field_q if condition is None else condition | term.field_q
        return condition


def _words(q: str) -> list[str]:
    return fold((q or "")[:QUERY_MAX_LENGTH]).split()[:QUERY_MAX_WORDS]


def meaning(q: str) -> Meaning:
    """The terms of a search: territories by name, code or postal code; "saint X" as a phrase
    (also written "st X"); the other words as core.text.search_terms, each also met by the
    services and publics whose label holds it."""
    words = expand(_words(q))
    result = Meaning(words=words)
    names = territory_names()
    i = 0
    while i < len(words):
        for n in range(min(LONGEST_NAME, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if phrase in names:
                name, code = names[phrase]
                result.terms.append(Term((phrase,), Q(**{name: code}), area=True))
                break
        else:
            n = 1
            word = words[i]
            code = word.upper()
            if POSTAL_CODE.fullmatch(word):
                result.terms.append(Term((), Q(postal_code=word), area=True))
            elif len(word) in (2, 3) and code in territories.DEPARTEMENTS and not word.isalpha():
                result.terms.append(Term((), Q(departement=code), area=True))
            elif word in ("saint", "sainte") and i + 1 < len(words):
                n = 2
                nxt = words[i + 1]
                short = "st" if word == "saint" else "ste"
                result.terms.append(Term((f"{word} {nxt}", f"{short} {nxt}")))
            else:
                for forms in search_terms(word):
                    result.terms.append(Term(forms, _tagged(forms)))
        i += n
    return result


def _tagged(forms: tuple[str, ...]) -> Q | None:
    """Places with a service or public whose label holds one of the forms (3+ letters)."""
    from placette.places.models import PlaceTag

    codes: dict[str, list[str]] = {}
    for (kind, code), label in tag_labels().items():
        if any(len(form) >= 3 and form in label for form in forms):
            codes.setdefault(kind, []).append(code)
    condition = None
    for kind, found in codes.items():
        tagged = Q(pk__in=PlaceTag.objects.filter(kind=kind, code__in=found).values("place_id"))
        condition = tagged if condition is None else condition | tagged
    return condition


def corrected(q: str, communes: list[str]) -> str:
    """The search with each unknown word of 5+ letters replaced by the nearest word of the
    vocabulary (the known `communes`, the territories, the labels): one letter away, two from
    8 letters. "" when nothing changes."""
    vocabulary = _fixed_vocabulary() | {word for name in communes for word in name.split()}
    words = _words(q)
    changed = []
    for word in words:
        best = None
        if len(word) >= 5 and not word.isdigit() and word not in vocabulary:
            best = process.extractOne(
                word,
                vocabulary,
                scorer=Levenshtein.distance,
                score_cutoff=2 if len(word) >= 8 else 1,
            )
        changed.append(best[0] if best else word)
    return " ".join(changed) if changed != words else ""


@functools.cache
def _fixed_vocabulary() -> frozenset[str]:
    words = {word for name in territory_names() for word in name.split()}
    words |= {word for label in tag_labels().values() for word in label.split()}
    for code, _label in vocab.Family.choices:
        with translation.override("fr"):
            words |= set(fold(str(vocab.Family(code).label)).split())
    return frozenset(words)
