"""The English catalogue is complete and its compiled .mo matches the .po."""

import gettext
import re
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "placette" / "locale" / "en" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    """msgid → msgstr (first plural form) of django.po; multi-line strings joined."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            raise AssertionError(f"fuzzy entry left in django.po:\n{block}")
        fields = {}
        pattern = r'^(msgid|msgstr(?:\[0\])?) ((?:".*"\n?)+)'
        for key, body in re.findall(pattern, block + "\n", re.M):
            fields[key.replace("[0]", "")] = "".join(re.findall(r'"(.*)"', body))
        if fields.get("msgid"):
            entries[fields["msgid"]] = fields.get("msgstr", "")
    return entries


def test_every_string_has_an_english_translation():
    untranslated = [msgid for msgid, msgstr in po_entries().items() if not msgstr]
    assert not untranslated, f"run `make messages` and translate: {untranslated}"


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    compiled = {key if isinstance(key, str) else key[0] for key in catalog if key}
    source = {msgid.replace('\\"', '"').replace("\\n", "\n") for msgid in po_entries()}
    assert source <= compiled, f"django.mo is stale; run `make messages`: {source - compiled}"


def test_dates_with_their_time_follow_the_language():
    from datetime import datetime

    from django.template import Context, Template
    from django.utils import timezone, translation

    moment = timezone.make_aware(datetime(2026, 11, 26, 14, 19))
    template = Template('{{ moment|date:"DATETIME_FORMAT" }}')
    with translation.override("fr"):
        assert template.render(Context({"moment": moment})) == "26 novembre 2026 à 14:19"
    with translation.override("en"):
        assert " à " not in template.render(Context({"moment": moment}))
