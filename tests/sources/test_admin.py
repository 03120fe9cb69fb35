"""The sources' admin: a source's credit can be corrected, not the key places carry; runs
and duplicate pairs are read-only."""

import pytest

from placette.sources.models import DataSource, DuplicatePair, ImportRun
from tests.adminsite import editable, post_change
from tests.factories import make_place, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_a_source_credit_is_editable_not_its_slug(admin_client):
    source = DataSource.objects.create(slug="cget", label="CGET")
    assert editable(admin_client, source) == {"label", "licence", "licence_url", "url"}
    response = post_change(admin_client, source, label="ANCT", slug="autre")
    assert response.status_code == 302
    assert DataSource.objects.values_list("slug", "label").get() == ("cget", "ANCT")


def test_runs_and_pairs_are_read_only(admin_client):
    run = ImportRun.objects.create(source="cget", format="csv", file_name="a.csv")
    a, b = make_place(), make_place()
    pair = DuplicatePair.objects.create(place_a=a, place_b=b, names="A / B", reason="siret")
    assert editable(admin_client, run) == set()
    assert editable(admin_client, pair) == set()
