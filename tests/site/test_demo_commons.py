"""The demo commons (placette.site.demo.commons, run by `manage.py load_demo`)."""

import pytest

from placette.commons.models import Collection, Resource, Revision
from placette.commons.services import resources as services
from placette.site.demo import commons as demo
from tests.commons.test_collections import make_resource, positions
from tests.factories import make_manager, make_place, make_user
from tests.weasy import weasyprint_or_skip

pytestmark = pytest.mark.django_db


def test_demo_loads_resources_with_history_once(settings, tmp_path):
    weasyprint_or_skip()  # the demo's attachment is a PDF
    settings.MEDIA_ROOT = tmp_path
    places = [make_place(), make_place()]
    manager = make_manager(places[0])
    users = [make_user(first_name="Awa"), make_user(first_name="Bruno"), manager]
    assert demo.load(places=places, users=users) == {"created": len(demo.DEMOS)}
    assert demo.load(places=places, users=users) == {"created": 0}
    assert Resource.objects.count() == len(demo.DEMOS)
    for resource in Resource.objects.all():
        accepted = resource.revisions.filter(status="accepted")
        assert 2 <= accepted.count() <= 4, resource.title
        assert len({r.author_id for r in accepted}) >= 2, resource.title
        latest = services.latest_revision(resource)
        assert resource.body == latest.body and resource.search_text
    assert Revision.objects.filter(status="proposed").count() == 1
    attachment = Resource.objects.get(slug__startswith="france-connect").attachments.get()
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert "retrospective" in Resource.objects.get(kind="methode").search_text


def test_demo_kit_from_the_resources_there_are():
    owner = make_user()
    Resource.objects.all().delete()
    assert demo.load_collection(owner=owner) is None
    make_resource("Tutoriel : premier mail", kind="tutoriel")
    make_resource("Fiche : accueil", kind="fiche-pratique")
    make_resource("Une méthode", kind="methode")
    kit = demo.load_collection(owner=owner)
    assert kit.title == "Kit pour démarrer un EPN" and kit.is_public
    assert positions(kit) == ["Fiche : accueil", "Tutoriel : premier mail", "Une méthode"]
    assert all(item.note for item in kit.items.all())
    assert demo.load_collection(owner=owner) == kit  # twice: nothing new
    assert Collection.objects.filter(owner=owner).count() == 1
