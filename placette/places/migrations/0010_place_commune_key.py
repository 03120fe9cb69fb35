"""Place.commune_key: the commune folded, so a search naming a commune ranks its places first;
an index on the postal code, which a search may name."""

from django.db import migrations, models

from placette.places.wording import commune_key


def backfill(apps, schema_editor):
    """One update per distinct commune (a few thousand), not one per place."""
    Place = apps.get_model("places", "Place")
    communes = Place.objects.exclude(commune="").values_list("commune", flat=True).distinct()
    for commune in list(communes.order_by()):
        Place.objects.filter(commune=commune).update(commune_key=commune_key(commune))


class Migration(migrations.Migration):
    dependencies = [("places", "0009_team_from_accounts")]

    operations = [
        migrations.AddField(
            model_name="place",
            name="commune_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=150),
        ),
        migrations.AlterField(  # a postal code typed in the search is looked up, not scanned
            model_name="place",
            name="postal_code",
            field=models.CharField(
                blank=True, db_index=True, max_length=5, verbose_name="code postal"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
