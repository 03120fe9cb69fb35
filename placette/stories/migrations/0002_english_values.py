"""Stored values in English: a story's status, an uploaded video's provider, and the "all
rights reserved" licence (the labels stay French). Reversible: going back restores the
French values."""

from django.db import migrations, models

STATUS = {"brouillon": "draft", "a-relire": "pending", "publie": "published"}
PROVIDER = {"fichier": "upload"}
LICENCE = {"tous-droits-reserves": "all-rights-reserved"}
LICENCES = [
    ("cc-by-sa-4.0", "CC BY-SA 4.0 (partage dans les mêmes conditions)"),
    ("cc-by-4.0", "CC BY 4.0 (attribution)"),
    ("cc0-1.0", "CC0 1.0 (domaine public)"),
    ("all-rights-reserved", "Tous droits réservés"),
]


RENAMES = [
    ("Story", "status", STATUS),
    ("Story", "licence", LICENCE),
    ("Video", "provider", PROVIDER),
]


def _rename(apps, reverse=False):
    for model, field, values in RENAMES:
        rows = apps.get_model("stories", model).objects
        for old, new in values.items():
            before, after = (new, old) if reverse else (old, new)
            rows.filter(**{field: before}).update(**{field: after})


def forward(apps, schema_editor):
    _rename(apps)


def backward(apps, schema_editor):
    _rename(apps, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="story",
            name="licence",
            field=models.CharField(
                choices=LICENCES, default="cc-by-sa-4.0", max_length=24, verbose_name="licence"
            ),
        ),
        migrations.AlterField(
            model_name="story",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Brouillon"),
                    ("pending", "En relecture"),
                    ("published", "Publié"),
                ],
                default="draft",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="video",
            name="provider",
            field=models.CharField(
                choices=[
                    ("peertube", "PeerTube"),
                    ("youtube", "YouTube"),
                    ("vimeo", "Vimeo"),
                    ("upload", "Fichier envoyé"),
                ],
                max_length=10,
            ),
        ),
    ]
