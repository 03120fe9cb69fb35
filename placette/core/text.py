"""Text for search: folding (accents, case, punctuation), the words of a query with their
singular and plural forms, and the filter that finds them in a `search_text` column."""

import re
import unicodedata
from collections.abc import Collection, Container

from django.db.models import Model, Q
from django.utils.text import slugify

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


def collation_key(text: str) -> str:
    """A sort key in French alphabetical order whatever the server's locale: accents, case,
    hyphens and apostrophes ignored ("Île-de-France" among the I, "Ardèche" before "Ardennes")."""
    return fold(text)


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


def search_text(*parts: str | None) -> str:
    """A model's search_text column: its searched texts, in order, folded into one string.

    The order matters (the site search ranks title matches by the position of the words):
    each model passes its title first."""
    return fold(" ".join(part or "" for part in parts))


def slug_base(text: str, *, fallback: str, max_length: int = 200) -> str:
    """The slug of `text`, at most `max_length` characters, or `fallback` when `text` has no
    letter or digit ("!!!")."""
    return slugify(text)[:max_length] or fallback


def next_free(base: str, taken: Container[str]) -> str:
    """`base`, or the first of "base-2", "base-3"… not in `taken`."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(
    model: type[Model],
    text: str,
    *,
    fallback: str,
    field: str = "slug",
    max_length: int = 200,
    reserved: Collection[str] = (),
    reserved_suffix: str = "",
    exclude_pk: int | None = None,
) -> str:
    """A slug of `text` that no other row of `model` has in `field` (see slug_base, next_free).

    `reserved`: words of the app's own routes ("nouveau" under /agenda/). With
    `reserved_suffix` a reserved base becomes "nouveau-evenement"; without, it is numbered
    like a taken slug ("nouvelle-2"). `exclude_pk`: the row being renamed."""
    base = slug_base(text, fallback=fallback, max_length=max_length)
    if reserved_suffix and base in reserved:
        base = f"{base}-{reserved_suffix}"
    # A range, not LIKE 'base%': SQLite's index serves only the range.
    rows = model._default_manager.filter(**{f"{field}__gte": base, f"{field}__lt": base + "~"})
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return next_free(base, {*rows.values_list(field, flat=True), *reserved})
