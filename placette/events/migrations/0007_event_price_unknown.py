"""Event.is_free may be None: the price is not known. Imported events that say nothing of a
price were marked free; they become "not known". Back: "not known" becomes free again."""

from django.db import migrations, models


def unknown_for_imported(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.filter(feed__isnull=False, is_free=True, price="").update(is_free=None)


def free_again(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.filter(is_free__isnull=True).update(is_free=True)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_calendarfeed_skipped"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="is_free",
            field=models.BooleanField(default=True, null=True, verbose_name="gratuit"),
        ),
        migrations.RunPython(unknown_for_imported, free_again),
    ]
