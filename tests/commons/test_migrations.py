"""Migration commons/0002: stored values in English, and back to French when unapplied."""

import pytest

from tests.migrator import migrate, rewound

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = ("commons", "0001_initial"), ("commons", "0002_english_values")


def _rows(apps):
    Resource = apps.get_model("commons", "Resource")
    Revision = apps.get_model("commons", "Revision")
    return (
        sorted(Resource.objects.values_list("slug", "licence")),
        sorted(Revision.objects.values_list("title", "status", "licence")),
    )


def test_values_become_english_and_come_back_french():
    with rewound():
        apps = migrate(BEFORE)
        Resource = apps.get_model("commons", "Resource")
        Revision = apps.get_model("commons", "Revision")
        fields = {"kind": "tutoriel", "licence": "tous-droits-reserves"}
        resource = Resource.objects.create(slug="fiche", title="Fiche", **fields)
        Resource.objects.create(slug="libre", title="Libre", kind="outil", licence="cc-by-4.0")
        for status in ["acceptee", "proposee", "refusee"]:
            number = 1 if status == "acceptee" else None
            Revision.objects.create(
                resource=resource, number=number, status=status, title=status, **fields
            )
        french = _rows(apps)

        assert _rows(migrate(AFTER)) == (
            [("fiche", "all-rights-reserved"), ("libre", "cc-by-4.0")],
            [
                ("acceptee", "accepted", "all-rights-reserved"),
                ("proposee", "proposed", "all-rights-reserved"),
                ("refusee", "rejected", "all-rights-reserved"),
            ],
        )

        assert _rows(migrate(BEFORE)) == french
