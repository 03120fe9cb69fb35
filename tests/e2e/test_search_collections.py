"""The site search and collections in a real browser: searching from the header on a phone,
then opening a result; building a collection and sharing its address; axe-core on the search
page (help, grouped results, one kind) and on the collection pages (errors shown included)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def commons(transactional_db) -> dict:
    from tests.factories import make_event, make_place, make_resource, make_user

    place = make_place(
        name="Espace de médiation numérique",
        commune="Quimper",
        summary="Aide aux démarches en ligne.",
    )
    make_event(place=place, title="Atelier médiation : le smartphone")
    return {
        "place": place,
        "guide": make_resource("Guide de la médiation numérique"),
        "sheet": make_resource("Fiche : accueillir", kind="fiche-pratique"),
        "user": make_user(email="camille@example.org", first_name="Camille"),
    }


def test_search_from_the_header_on_a_phone_then_open_a_result(open_tab, commons):
    tab = open_tab(viewport=PHONE)
    page = tab.goto("/")
    search = page.get_by_role("search", name="Recherche sur le site")
    box = search.get_by_label("Rechercher sur le site")
    right = box.evaluate("el => el.getBoundingClientRect().right")
    assert right <= PHONE["width"], "the header's search box runs off a phone's screen"
    box.fill("Médiations")
    search.get_by_role("button", name="Rechercher").click()

    expect(page).to_have_url(re.compile(r"/recherche/\?q=M%C3%A9diations$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher")
    expect(page.get_by_role("heading", name="Lieux (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Événements (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Ressources (1)")).to_be_visible()
    expect(page.get_by_text("Rien trouvé parmi : Récits.")).to_be_visible()
    page.get_by_role("link", name="Espace de médiation numérique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace de médiation numérique")
    tab.assert_clean()


def test_build_a_collection_and_share_it(open_tab, commons, live_server):
    tab = open_tab(viewport=PHONE)
    sign_in(tab, commons["user"], live_server)
    page = tab.goto(f"/collections/nouvelle/?ressource={commons['guide'].slug}")
    expect(
        page.get_by_text("Elle commencera par « Guide de la médiation numérique »")
    ).to_be_visible()
    page.get_by_label("Titre").fill("Kit pour notre EPN")
    page.get_by_label("Présentation").fill("Ce que **toute l'équipe** lit d'abord.")
    page.get_by_label("Visible par tous").check()
    page.get_by_role("button", name="Créer la collection").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kit pour notre EPN")
    expect(page.get_by_role("status")).to_contain_text("Collection créée.")
    page.get_by_label("Pourquoi « Guide de la médiation numérique »").fill("Le point de départ")
    page.get_by_role(
        "button", name="Enregistrer la note « Guide de la médiation numérique »"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("Note enregistrée.")
    address = page.get_by_label("Adresse de cette collection, à copier").input_value()
    assert address.startswith(live_server.url) and address.endswith(
        "/collections/kit-pour-notre-epn/"
    )
    tab.assert_clean()

    # Someone without an account, without JavaScript, opens the shared address.
    visitor = open_tab(javascript=False)
    shared = visitor.goto(address)
    expect(shared.get_by_role("heading", level=1)).to_have_text("Kit pour notre EPN")
    expect(shared.locator("strong", has_text="toute l'équipe")).to_be_visible()
    expect(shared.get_by_role("link", name="Guide de la médiation numérique")).to_be_visible()
    expect(shared.get_by_text("Le point de départ")).to_be_visible()
    expect(shared.get_by_role("button", name=re.compile("Retirer"))).to_have_count(0)
    visitor.assert_clean()


def test_search_pages_pass_axe(open_tab, commons):
    tab = open_tab(bypass_csp=True)
    for path in ("/recherche/", "/recherche/?q=mediation", "/recherche/?q=mediation&type=lieux"):
        page = tab.goto(path)
        assert_axe(page)


def test_collection_pages_pass_axe(open_tab, commons, live_server):
    from placette.commons.services import collections as services

    user = commons["user"]
    kit = services.create_collection(owner=user, title="Kit", description="Pour *commencer*.")
    for resource in (commons["guide"], commons["sheet"]):
        services.add_resource(collection=kit, resource=resource, by=user, note="À lire")
    visitor = open_tab(bypass_csp=True)
    for path in ("/collections/", kit.get_absolute_url()):
        assert_axe(visitor.goto(path))

    tab = open_tab(bypass_csp=True, viewport=PHONE)
    sign_in(tab, user, live_server)
    for path in (
        kit.get_absolute_url(),
        "/collections/miennes/",
        f"{kit.get_absolute_url()}supprimer/",
    ):
        assert_axe(tab.goto(path))
    # Errors are announced, tied to their field, and what was typed stays.
    page = tab.goto("/collections/nouvelle/")
    page.get_by_label("Présentation").fill("Texte gardé")
    page.get_by_role("button", name="Créer la collection").click()
    expect(page.get_by_role("alert")).to_be_visible()
    title = page.get_by_label("Titre")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("Ce champ est obligatoire"))
    expect(page.get_by_label("Présentation")).to_have_value("Texte gardé")
    assert_axe(page)
    # The owner's page: moving an item keeps the order in the page.
    page = tab.goto(kit.get_absolute_url())
    page.get_by_role("button", name="Monter « Fiche : accueillir »").click()
    items = page.locator("ol.cards > li h3")
    expect(items).to_have_text(["Fiche : accueillir", "Guide de la médiation numérique"])
    assert_axe(page)
