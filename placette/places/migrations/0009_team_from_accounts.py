"""A place's team moves in from the accounts app (accounts 0003): PlaceManager and Claim keep
their tables (accounts_placemanager, accounts_claim), columns and constraints, so only Django's
state changes. Their content types are renamed too, so that permissions follow them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["claim", "placemanager"]


def _move_content_types(apps, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = ContentType.objects.filter(app_label=target, model__in=MODELS).values("model")
    ContentType.objects.filter(app_label=source, model__in=MODELS).exclude(model__in=taken).update(
        app_label=target
    )


def forwards(apps, schema_editor):
    _move_content_types(apps, source="accounts", target="places")


def backwards(apps, schema_editor):
    _move_content_types(apps, source="places", target="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0008_place_confirmed_on_place_reminded_on_placeversion"),
        ("accounts", "0003_team_moves_to_places"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Claim",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        ("reason", models.TextField(blank=True, verbose_name="motif")),
                        (
                            "role",
                            models.CharField(
                                max_length=200, verbose_name="votre rôle dans le lieu"
                            ),
                        ),
                        (
                            "message",
                            models.TextField(
                                blank=True, verbose_name="message pour l'équipe de modération"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "en attente"),
                                    ("approved", "acceptée"),
                                    ("rejected", "refusée"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("by_domain", models.BooleanField(default=False)),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "place",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="claims",
                                to="places.place",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="claims",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_claim",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("status", "pending")),
                                fields=("place", "user"),
                                name="claim_one_pending",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PlaceManager",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "claim",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="places.claim",
                            ),
                        ),
                        (
                            "place",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="managers",
                                to="places.place",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="managed_places",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_placemanager",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("place", "user"), name="placemanager_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[
                migrations.RunPython(forwards, backwards),
            ],
        ),
    ]
