"""On PostgreSQL, a trigram index makes the search's `LIKE '%word%'` an index scan.

SQLite gets its own trigram index (places/search_index.py); this migration does nothing there.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations

from placette.core.db import postgres_only

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS place_search_trgm ON places_place "
    "USING gin (search_text gin_trgm_ops) WHERE is_published",
]
DROP = ["DROP INDEX IF EXISTS place_search_trgm"]


class Migration(migrations.Migration):
    dependencies = [("places", "0003_indexes_for_reads")]

    operations = [postgres_only(CREATE, DROP)]
