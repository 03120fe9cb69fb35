"""Text for search: folding (accents, case, punctuation), the words of a query with their
singular and plural forms, and the filter that finds them in a `search_text` column."""

import re
import unicodedata

from django.db.models import Q

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Combining diacritical marks, what NFKD splits accents into (a regex: 10x faster than a
# per-character test, and imports fold every text they write).
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words: "Anticafé, Paris" → "anticafe paris".

    Used on both sides of a search, so that SQLite and PostgreSQL match alike.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = _COMBINING.sub("", decomposed)
    bare = bare.lower().replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", bare).strip()


QUERY_MAX_LENGTH = 200
QUERY_MAX_WORDS = 8

# Each term is the forms of one word; any form may match.
Terms = list[tuple[str, ...]]


def search_terms(q: str) -> Terms:
    """The words of a search query, each as the substrings of a folded search_text that
    match it in the singular or the plural: every term must match, any of its forms may.

    "Ateliers" → [("atelier",)], "journaux" → [("journau", "journal", "journail")],
    "journal" → [("journal", "journaux")]. Words of 3 letters or less are kept as they are.
    """
    words = fold((q or "")[:QUERY_MAX_LENGTH]).split()[:QUERY_MAX_WORDS]
    terms: Terms = []
    for word in words:
        forms = _forms(word)
        if forms not in terms:
            terms.append(forms)
    return terms


def _forms(word: str) -> tuple[str, ...]:
    # Each form is the word or a prefix of it (plus -al/-ail for -aux), so a stem still
    # finds the word as typed: dropping a final s or x only widens the match.
    if len(word) <= 3:
        return (word,)
    if word.endswith("aux"):  # journaux → journal, travaux → travail
        return (word[:-1], word[:-3] + "al", word[:-3] + "ail")
    if word.endswith(("s", "x")):
        word = word[:-1]
    if word.endswith("al") and len(word) > 3:  # journal → journaux too
        return (word, word[:-2] + "aux")
    return (word,)


def contains(terms: Terms, field: str = "search_text") -> Q:
    """Every term, in any of its forms, is a substring of `field`."""
    condition = Q()
    for forms in terms:
        either = Q()
        for form in forms:
            either |= Q(**{f"{field}__contains": form})
        condition &= either
    return condition
