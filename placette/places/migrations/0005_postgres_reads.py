"""PostgreSQL reads: covering indexes, tags by kind, tag statistics, search_text kept plain.

The partial indexes over published places now include the id (counted, and joined to the
tags), so PostgreSQL reads the map cells and the territory counts from the index alone
instead of the 150 MB of wide rows. SQLite ignores INCLUDE (its indexes hold the row id):
there, the indexes are rebuilt the same.

The tag facets count the tags of one or two kinds over the matching places: on PostgreSQL,
an index led by kind gives them from the index alone (a hash join over that kind's
entries, half the time of reading the whole tag table). SQLite keeps its indexes: led by
kind, one misled its planner (docs/benchmarks.md).

A tag's code determines its kind; PostgreSQL's planner, assuming them independent, expects
a quarter of the fablabs. Extended statistics on (kind, code) give it the real counts, so
that it picks the right joins for the tag filters. SQLite has no such statistics: nothing
to do there.

The search's `LIKE '%word%'` is answered from the trigram index (0004), but PostgreSQL then
checks each candidate row, and a third of the search_text values were compressed (pglz):
decompressing them took most of the check's time. With storage MAIN, search_text is
compressed only as a last resort, after the other long columns (description first), so it
stays plain in the row: about a third less time for a text search, and for a frequent word
the full scan goes from 270 to 160 ms at 100 000 places. SET STORAGE acts on new values, so
the values already compressed are written again (same text). SQLite: nothing to do.
"""

from django.db import migrations, models

from placette.core.db import postgres_only

CREATE = [
    "CREATE INDEX IF NOT EXISTS placetag_kind_place ON places_placetag (kind, place_id, code)",
    "CREATE STATISTICS IF NOT EXISTS placetag_kind_code (dependencies, mcv) "
    "ON kind, code FROM places_placetag",
    "ANALYZE places_placetag",
    "ALTER TABLE places_place ALTER COLUMN search_text SET STORAGE MAIN",
    # `|| ''` makes a new, uncompressed value; only the compressed ones are rewritten.
    "UPDATE places_place SET search_text = search_text || '' "
    "WHERE pg_column_size(search_text) < octet_length(search_text)",
]
DROP = [
    "ALTER TABLE places_place ALTER COLUMN search_text SET STORAGE EXTENDED",
    "DROP STATISTICS IF EXISTS placetag_kind_code",
    "DROP INDEX IF EXISTS placetag_kind_place",
]


class Migration(migrations.Migration):
    dependencies = [("places", "0004_postgres_trigram_search")]

    operations = [
        migrations.RemoveIndex(model_name="place", name="place_published_geo"),
        migrations.RemoveIndex(model_name="place", name="place_published_territory"),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["latitude", "longitude"],
                include=("id",),
                name="place_published_geo",
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["departement", "region"],
                include=("id",),
                name="place_published_territory",
            ),
        ),
        postgres_only(CREATE, DROP),
    ]
