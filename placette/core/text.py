import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words: "Anticafé, Paris" → "anticafe paris".

    Used on both sides of a search, so that SQLite and PostgreSQL match alike.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.lower().replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", bare).strip()
