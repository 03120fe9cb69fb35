"""The table of the rate-limit counters (CACHES["ratelimit"]), created by `migrate` so that no
deployment or upgrade can miss it. The same as `manage.py createcachetable`, which skips
tables that exist."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
