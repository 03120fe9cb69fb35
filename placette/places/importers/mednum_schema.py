"""The LaMednum v1.0.2 Table Schema (data/lamednum/schema.json), read once at import time.

The enumerations are taken from the schema's own regexes, `(?:(?:^|\\|)(A|B|…))+$`, so the
accepted values are exactly the standard's; the other patterns (pivot, code_postal, code_insee,
telephone) are used as they are.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SCHEMA_PATH = Path(settings.BASE_DIR) / "data" / "lamednum" / "schema.json"
_ENUM_PATTERN = re.compile(r"\(\?:\(\?:\^\|\\\|\)\((?P<values>.*)\)\)\+\$")

_schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
FIELDS: list[dict] = _schema["fields"]
COLUMNS = [f["name"] for f in FIELDS]
REQUIRED = [f["name"] for f in FIELDS if f.get("constraints", {}).get("required")]
MAX_LENGTH = {
    f["name"]: f["constraints"]["maxLength"]
    for f in FIELDS
    if "maxLength" in f.get("constraints", {})
}


@lru_cache(maxsize=4096)  # files repeat the same few labels
def spacing_key(value: str) -> str:
    """Compare labels whatever the spacing before "(": the standard writes both
    "Étapes numériques(La Poste)" and "Étapes numériques (La Poste)"."""
    return re.sub(r"\s*\(", " (", value.strip())


def _enumeration(pattern: str) -> dict[str, str] | None:
    match = _ENUM_PATTERN.fullmatch(pattern)
    if not match:
        return None
    values = [re.sub(r"\\(.)", r"\1", v) for v in match.group("values").split("|")]
    return {spacing_key(v): v for v in values}


ENUMERATIONS: dict[str, dict[str, str]] = {}
PATTERNS: dict[str, re.Pattern] = {}
for _field in FIELDS:
    _pattern = _field.get("constraints", {}).get("pattern")
    if not _pattern:
        continue
    _values = _enumeration(_pattern)
    if _values is not None:
        ENUMERATIONS[_field["name"]] = _values
    else:
        PATTERNS[_field["name"]] = re.compile(_pattern)
