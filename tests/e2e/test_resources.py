"""The commons in a real browser: a contributor proposes an edit, the resource's author
accepts it, and the history shows the diff; axe-core on the list, resource, history and
revision pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def commons(transactional_db):
    from placette.commons.services import resources as services
    from tests.factories import make_place, make_user

    author = make_user(first_name="Awa", email="awa@example.org")
    contributor = make_user(first_name="Bruno", email="bruno@example.org")
    place = make_place(name="EPN du Blosne")
    resource = services.create_resource(
        by=author,
        fields={
            "title": "La rétrospective en 5 questions",
            "kind": "methode",
            "summary": "Faire le point en équipe en une heure.",
            "body": "## Les questions\n\n1. Qu'est-ce qui a marché ?\n2. Qu'est-ce qui a coincé ?",
            "themes": ["comprendre"],
        },
        places=[place],
    )
    services.edit_resource(
        resource=resource,
        by=author,
        fields={"body": resource.body + "\n3. Que change-t-on ?"},
        note="Troisième question",
    )
    return resource, author, contributor


def test_a_proposal_is_accepted_and_shows_in_the_history(open_tab, commons, live_server):
    resource, author, contributor = commons
    tab = open_tab(viewport=PHONE)
    sign_in(tab, contributor, live_server)
    page = tab.goto(resource.get_absolute_url())
    page.get_by_role("link", name="Proposer une modification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Modifier")
    body = page.locator("#id_body")
    body.fill(body.input_value() + "\n4. Qui s'en occupe ?")
    page.get_by_label("Résumé de la modification").fill("Une question pour finir")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.locator(".messages")).to_contain_text("Votre proposition attend")
    tab.assert_clean()

    reviewer = open_tab()
    sign_in(reviewer, author, live_server)
    page = reviewer.goto(resource.get_absolute_url())
    page.get_by_role("link", name="Proposition du").click()
    expect(page.locator("ins").filter(has_text="4. Qui s'en occupe ?")).to_be_visible()
    page.get_by_role("button", name="Accepter la proposition").click()
    expect(page.locator(".messages")).to_contain_text("c'est la révision 3")
    expect(page.locator(".resource-body")).to_contain_text("Qui s'en occupe ?")

    page.get_by_role("navigation", name="Cette ressource").get_by_role(
        "link", name="Historique"
    ).click()
    row = page.get_by_role("row").filter(has_text="Une question pour finir")
    expect(row).to_contain_text("Bruno")
    row.get_by_role("link", name="r3", exact=True).click()
    expect(page.get_by_role("heading", name="Différences entre r2 et r3")).to_be_visible()
    added = page.locator(".diff-added")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("+")
    expect(added).to_contain_text("4. Qui s'en occupe ?")
    reviewer.assert_clean()


def test_commons_pages_pass_axe(open_tab, commons, live_server):
    resource, author, contributor = commons
    tab = open_tab(bypass_csp=True)
    sign_in(tab, author, live_server)
    slug = resource.slug
    for path in (
        "/ressources/",
        resource.get_absolute_url(),
        f"/ressources/{slug}/historique/",
        f"/ressources/{slug}/historique/2/",
        f"/ressources/{slug}/historique/1/?avec=2",
        f"/ressources/{slug}/auteurs/",
        f"/ressources/{slug}/modifier/",
        f"/ressources/{slug}/historique/1/restaurer/",
        f"/ressources/{slug}/fichiers/",
    ):
        page = tab.goto(path)
        assert_axe(page)
    page = tab.goto("/ressources/nouvelle/")
    page.get_by_role("button", name="Publier la ressource").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_axe(page)
