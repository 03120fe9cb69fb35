import uuid

import django.db.models.deletion
from django.db import migrations, models

from placette.places import completeness


def fill(apps, schema_editor):
    """Give each place a uid, its (source, id) pair, a completeness score and a freshness date."""
    Place = apps.get_model("places", "Place")
    PlaceSource = apps.get_model("places", "PlaceSource")
    links = []
    for place in Place.objects.prefetch_related("tags").iterator(chunk_size=2000):
        codes = {
            kind: [t.code for t in place.tags.all() if t.kind == kind]
            for kind in ("family", "service")
        }
        place.uid = uuid.uuid4()
        place.completeness = completeness.score(
            completeness.values_of(place, families=codes["family"], services=codes["service"])
        )
        place.checked_on = place.source_updated_on
        place.save(update_fields=["uid", "completeness", "checked_on"])
        if place.source_id:
            links.append(
                PlaceSource(
                    place_id=place.pk,
                    source=place.source,
                    source_id=place.source_id,
                    updated_on=place.source_updated_on,
                )
            )
    PlaceSource.objects.bulk_create(links, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0005_postgres_reads"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlaceSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source", models.CharField(max_length=100, verbose_name="source")),
                (
                    "source_id",
                    models.CharField(max_length=100, verbose_name="identifiant dans la source"),
                ),
                (
                    "updated_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="mise à jour par la source"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="place",
            name="appointment_url",
            field=models.URLField(
                blank=True, max_length=500, verbose_name="prise de rendez-vous en ligne"
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="checked_on",
            field=models.DateField(
                blank=True, db_index=True, editable=False, null=True, verbose_name="à jour au"
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="collected_by",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="données collectées par"
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="completeness",
            field=models.PositiveSmallIntegerField(
                db_index=True, default=0, editable=False, verbose_name="complétude (%)"
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="fees",
            field=models.JSONField(blank=True, default=list, verbose_name="frais à charge"),
        ),
        migrations.AddField(
            model_name="place",
            name="manager_edits",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="place",
            name="national_programmes",
            field=models.JSONField(
                blank=True, default=list, verbose_name="dispositifs et programmes nationaux"
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="other_training_labels",
            field=models.JSONField(
                blank=True, default=list, verbose_name="autres formations et labels"
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="parent_organisation",
            field=models.CharField(blank=True, max_length=200, verbose_name="structure parente"),
        ),
        migrations.AddField(
            model_name="place",
            name="structure_types",
            field=models.JSONField(blank=True, default=list, verbose_name="typologie"),
        ),
        migrations.AddField(
            model_name="place",
            name="training_labels",
            field=models.JSONField(blank=True, default=list, verbose_name="formations et labels"),
        ),
        migrations.AddField(
            model_name="place",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="identifiant"),
        ),
        migrations.AddField(
            model_name="placesource",
            name="place",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="source_ids",
                to="places.place",
            ),
        ),
        migrations.AddConstraint(
            model_name="placesource",
            constraint=models.UniqueConstraint(
                fields=("source", "source_id"), name="placesource_unique"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(
            model_name="place",
            name="place_unique_source_id",
        ),
        migrations.RemoveField(
            model_name="place",
            name="source_id",
        ),
        migrations.AlterField(
            model_name="place",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="identifiant"
            ),
        ),
    ]
