"""Resources co-edited like a wiki: creation, direct edits and proposals, decisions, reverts,
conflicts, and the public pages (list, detail) with escaping of what people type."""

import json
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from placette.commons import queries
from placette.commons.models import REVISED_FIELDS, Resource, Revision
from placette.commons.services import resources as services
from tests.factories import make_manager, make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'
FIELDS = {
    "title": "Animer un atelier smartphone",
    "kind": "tutoriel",
    "summary": "Pas à pas, pour des débutants.",
    "body": "## Préparer\n\nVenir tôt.\n\n## Accueillir\n\nUn café.",
    "themes": ["outils-quotidien"],
    "licence": "cc-by-sa-4.0",
}


def new_resource(by=None, **changes) -> Resource:
    return services.create_resource(by=by or make_user(), fields={**FIELDS, **changes})


def form_data(resource: Resource, **changes) -> dict:
    """What the edit form posts for `resource` as it is, with `changes`."""
    latest = services.latest_revision(resource)
    data = {name: getattr(resource, name) for name in REVISED_FIELDS}
    data["base"] = latest.pk
    data["note"] = ""
    data.update(changes)
    return data


# --- Services ----------------------------------------------------------------------------


def test_create_makes_revision_one_and_folded_search_text():
    author = make_user()
    resource = new_resource(by=author, title="Médiation numérique : l'Été")
    revision = resource.revisions.get()
    assert (revision.number, revision.status, revision.author) == (1, "accepted", author)
    assert revision.snapshot() == {name: getattr(resource, name) for name in REVISED_FIELDS}
    assert resource.slug == "mediation-numerique-lete"
    assert "mediation numerique l ete" in resource.search_text
    assert "tutoriel" in resource.search_text  # the kind's label
    assert "venir tot" in resource.search_text


def test_slugs_are_unique_and_avoid_route_words():
    first = new_resource(title="Nouvelle")
    second = new_resource(title="Nouvelle")
    assert first.slug == "nouvelle-2"
    assert second.slug == "nouvelle-3"
    assert new_resource(title="« ! »").slug == "ressource"  # no word to make a slug of


@pytest.mark.parametrize(
    ("values", "language", "expected"),
    [  # what the old builder stored (the SQLite FTS index and the searches rely on it)
        (
            {"title": "Fiche : l'Été numérique", "summary": "Résumé", "body": "Corps du texte"},
            "fr",
            "fiche l ete numerique resume corps du texte fiche pratique",
        ),
        (
            {"title": "Fiche : l'Été numérique", "summary": "Résumé", "body": "Corps du texte"},
            "en",
            "fiche l ete numerique resume corps du texte practical guide",
        ),
        ({"title": "Outil", "summary": None, "body": "", "kind": "inconnu"}, "fr", "outil"),
    ],
)
def test_search_text_is_unchanged(values, language, expected):
    with translation.override(language):
        assert services.search_text({"kind": "fiche-pratique", **values}) == expected


def test_creator_edits_directly_and_the_resource_follows():
    author = make_user()
    resource = new_resource(by=author)
    revision = services.edit_resource(
        resource=resource, by=author, fields={"body": "Nouveau texte"}, note="Réécrit"
    )
    resource.refresh_from_db()
    assert (revision.status, revision.number, revision.note) == ("accepted", 2, "Réécrit")
    assert resource.body == "Nouveau texte"
    assert "nouveau texte" in resource.search_text
    assert revision.base.number == 1


def test_contributor_proposes_nothing_changes_and_the_author_is_told(settings, run_tasks):
    settings.PLACETTE_BASE_URL = "https://placette.example"
    author = make_user(email="autrice@example.org")
    place = make_place()
    manager = make_manager(place, email="equipe@lieu.example")
    resource = new_resource(by=author)
    resource.places.add(place)
    proposer = make_user(email="proposeur@example.org")
    revision = services.edit_resource(
        resource=resource,
        by=proposer,
        fields={"summary": "Plus clair"},
    )
    resource.refresh_from_db()
    assert revision.status == "proposed" and revision.number is None
    assert resource.summary == FIELDS["summary"]
    assert list(queries.pending_proposals()) == [revision]
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["autrice@example.org", manager.email]
    assert f"https://placette.example/moderation/ressources/{revision.pk}/" in message.body
    assert "proposeur@example.org" not in message.body  # a public name, not the address
    assert "proposeur" in message.body


def test_accept_makes_the_next_revision_and_tells_the_proposer(settings, run_tasks):
    author = make_user()
    resource = new_resource(by=author)
    proposer = make_user(email="lea@example.org")
    proposal = services.edit_resource(resource=resource, by=proposer, fields={"title": "Mieux"})
    accepted = services.accept(revision=proposal, by=author)
    resource.refresh_from_db()
    assert (accepted.status, accepted.number, accepted.decided_by) == ("accepted", 2, author)
    assert resource.title == "Mieux"
    with pytest.raises(services.CommonsError):
        services.accept(revision=proposal, by=author)  # decided once only
    run_tasks()
    told = [m for m in mail.outbox if m.to == ["lea@example.org"]]
    assert len(told) == 1 and "acceptée" in told[0].body
    assert told[0].subject == "Votre modification est publiée : Mieux"
    # The link is absolute, even though no request was at hand.
    assert f"{settings.PLACETTE_BASE_URL}{resource.get_absolute_url()}" in told[0].body


def test_reject_needs_a_reason_and_tells_the_proposer(run_tasks):
    author = make_user()
    resource = new_resource(by=author)
    proposer = make_user(email="sam@example.org")
    proposal = services.edit_resource(resource=resource, by=proposer, fields={"title": "Pire"})
    with pytest.raises(services.CommonsError):
        services.reject(revision=proposal, by=author, reason="  ")
    services.reject(revision=proposal, by=author, reason="Hors sujet")
    proposal.refresh_from_db()
    resource.refresh_from_db()
    assert (proposal.status, proposal.reason, proposal.number) == ("rejected", "Hors sujet", None)
    assert resource.title == FIELDS["title"]
    run_tasks()
    told = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert len(told) == 1 and "Hors sujet" in told[0].body


def test_an_edit_that_changes_nothing_is_refused():
    author = make_user()
    resource = new_resource(by=author)
    with pytest.raises(services.CommonsError, match="Aucune modification"):
        services.edit_resource(resource=resource, by=author, fields=dict(FIELDS))
    # The same themes in another order are the same choice.
    resource = new_resource(by=author, themes=["demarches", "securite"])
    with pytest.raises(services.CommonsError, match="Aucune modification"):
        services.edit_resource(
            resource=resource, by=author, fields={"themes": ["securite", "demarches"]}
        )
    assert Revision.objects.filter(resource=resource).count() == 1


def test_revert_restores_an_old_revision_exactly_and_a_revert_can_be_reverted():
    author = make_user()
    body_one = "  Indenté\n\n\ttabulation  \n\nfin avec espaces   \n\n"
    resource = new_resource(
        by=author, body=body_one, themes=["securite", "demarches"], licence="cc0-1.0"
    )
    one = resource.revisions.get(number=1)
    services.edit_resource(
        resource=resource,
        by=author,
        fields={
            "title": "Autre titre",
            "kind": "methode",
            "summary": "",
            "body": "Tout autre chose",
            "themes": ["loisirs"],
            "licence": "cc-by-4.0",
        },
    )
    two = resource.revisions.get(number=2)
    back = services.revert(resource=resource, to=one, by=author)
    resource.refresh_from_db()
    assert back.number == 3 and back.reverts == one
    for name in REVISED_FIELDS:
        assert getattr(back, name) == getattr(one, name), name
        assert getattr(resource, name) == getattr(one, name), name
    assert resource.body == body_one
    assert resource.themes == ["demarches", "securite"]
    assert back.note == "Retour à la révision 1"

    again = services.revert(resource=resource, to=two, by=author, note="Finalement non")
    resource.refresh_from_db()
    assert again.number == 4 and again.reverts == two and again.note == "Finalement non"
    assert {n: getattr(resource, n) for n in REVISED_FIELDS} == two.snapshot()
    # And back to the revert itself (revision 3): the old text once more.
    services.revert(resource=resource, to=back, by=author)
    resource.refresh_from_db()
    assert {n: getattr(resource, n) for n in REVISED_FIELDS} == one.snapshot()
    assert resource.search_text == services.search_text(one.snapshot())
    with pytest.raises(services.CommonsError, match="déjà dans cet état"):
        services.revert(resource=resource, to=one, by=author)


def test_direct_edit_from_an_old_revision_is_a_conflict():
    author = make_user()
    moderator = make_moderator()
    resource = new_resource(by=author)
    one = resource.revisions.get(number=1)
    services.edit_resource(resource=resource, by=moderator, fields={"body": "Version du modo"})
    with pytest.raises(services.ConflictError) as error:
        services.edit_resource(resource=resource, by=author, fields={"body": "Mien"}, base=one)
    assert error.value.latest.number == 2
    resource.refresh_from_db()
    assert resource.body == "Version du modo"


def test_a_proposal_overtaken_by_an_edit_cannot_be_accepted():
    author = make_user()
    resource = new_resource(by=author)
    proposal = services.edit_resource(resource=resource, by=make_user(), fields={"title": "A"})
    services.edit_resource(resource=resource, by=author, fields={"summary": "Changé"})
    with pytest.raises(services.ConflictError):
        services.accept(revision=proposal, by=author)
    proposal.refresh_from_db()
    resource.refresh_from_db()
    assert proposal.status == "proposed" and resource.title == FIELDS["title"]
    services.reject(revision=proposal, by=author, reason="À refaire sur la version actuelle")


# --- Pages -------------------------------------------------------------------------------


def test_edit_page_conflict_keeps_what_was_typed_and_shows_both(client):
    author = make_user()
    resource = new_resource(by=author)
    data = form_data(resource, body="Mon texte tapé\nligne 2", note="ma note")
    services.edit_resource(resource=resource, by=make_moderator(), fields={"body": "Par le modo"})
    client.force_login(author)
    response = client.post(reverse("commons:edit", args=[resource.slug]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mon texte tapé" in html and "ma note" in html  # what was typed
    assert "Par le modo" in html  # what changed meanwhile
    assert "Modifiée entre-temps : révision 2" in html
    latest = services.latest_revision(resource)
    assert f'name="base" value="{latest.pk}"' in html  # the next save starts from it
    response = client.post(
        reverse("commons:edit", args=[resource.slug]), {**data, "base": latest.pk}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.body == "Mon texte tapé\nligne 2"


def test_edit_page_normalises_line_ends_and_refuses_no_change(client):
    author = make_user()
    resource = new_resource(by=author)
    client.force_login(author)
    url = reverse("commons:edit", args=[resource.slug])
    response = client.post(url, form_data(resource, body=resource.body.replace("\n", "\r\n")))
    assert response.status_code == 400
    assert "Aucune modification" in response.content.decode()
    response = client.post(url, form_data(resource, body="a\r\nb\r\n"))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.body == "a\nb\n"


def test_create_page_names_the_places_one_manages(client):
    place = make_place(name="EPN du Blosne")
    manager = make_manager(place)
    client.force_login(manager)
    url = reverse("commons:create")
    assert "EPN du Blosne" in client.get(url).content.decode()
    response = client.post(url, {**FIELDS, "themes": FIELDS["themes"], "places": [place.pk]})
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    assert list(resource.places.all()) == [place]
    # The form keeps what was typed on error.
    response = client.post(url, {**FIELDS, "title": "", "body": "Texte gardé"})
    assert response.status_code == 400
    assert "Texte gardé" in response.content.decode()


def test_list_filters_by_kind_theme_place_and_words(client):
    place = make_place(name="Fablab")
    tuto = new_resource(title="Découpe laser", kind="tutoriel", themes=["loisirs"])
    tuto.places.add(place)
    new_resource(title="France Connect", kind="fiche-pratique", themes=["demarches"])
    new_resource(title="Rétrospective", kind="methode", themes=[])

    def titles(query: str) -> list[str]:
        response = client.get(reverse("commons:list") + query)
        assert response.status_code == 200
        return [r.title for r in response.context["page"].object_list]

    assert len(titles("")) == 3
    assert titles("?type=fiche-pratique") == ["France Connect"]
    assert titles("?theme=loisirs") == ["Découpe laser"]
    assert titles(f"?lieu={place.slug}") == ["Découpe laser"]
    assert titles("?q=retrospective") == ["Rétrospective"]
    assert titles("?type=inconnu") and len(titles("?type=inconnu")) == 3
    html = client.get(reverse("commons:list")).content.decode()
    assert "Proposer une ressource" in html


def test_list_is_paginated(client):
    for n in range(queries.RESOURCES_PER_PAGE + 1):
        new_resource(title=f"Ressource {n}")
    first = client.get(reverse("commons:list") + "?type=tutoriel")
    assert len(first.context["page"].object_list) == queries.RESOURCES_PER_PAGE
    assert "type=tutoriel&amp;page=2" in first.content.decode()
    second = client.get(reverse("commons:list") + "?type=tutoriel&page=2")
    assert len(second.context["page"].object_list) == 1


def test_list_reads_its_filters_like_the_other_lists(client):
    """NUL dropped (PostgreSQL refuses it), an unknown place ignored in the list and in its
    links, and pagination links made of the filters, not of whatever the address held."""
    place = make_place(name="La Fab'rique")
    for n in range(queries.RESOURCES_PER_PAGE + 1):
        resource = new_resource(title=f"Atelier {n}", kind="tutoriel")
        resource.places.add(place)
    response = client.get(
        reverse("commons:list"),
        {"q": "atelier\x00", "type": " tutoriel ", "lieu": f"{place.slug}\x00", "autre": "x"},
    )
    assert response.status_code == 200
    assert response.context["filters"] == queries.ResourceFilters(
        q="atelier", kind="tutoriel", place=place.slug
    )
    assert f"?q=atelier&amp;type=tutoriel&amp;lieu={place.slug}&amp;page=2" in (
        response.content.decode()
    )
    unknown = client.get(reverse("commons:list"), {"lieu": "inconnu\x00"})
    assert unknown.status_code == 200
    assert not unknown.context["filters"].active  # "Tout afficher" is not offered
    assert len(unknown.context["page"].object_list) == queries.RESOURCES_PER_PAGE
    assert "?page=2" in unknown.content.decode()


def test_detail_shows_the_resource_with_metadata(client):
    place = make_place(name="La Fab'rique")
    author = make_user(first_name="Awa", last_name="Diallo", email="awa@example.org")
    resource = new_resource(by=author, body="## Étape\n\nUn **gras**.", licence="cc-by-4.0")
    resource.places.add(place)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "<h3>Étape</h3>" in html and "<strong>gras</strong>" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.fr" rel="license"' in html
    assert "Maîtrise des outils numériques du quotidien" in html
    assert place.get_absolute_url() in html
    assert 'property="og:title" content="Animer un atelier smartphone"' in html
    for label in ("Historique", "Qui a écrit quoi", "Modifier"):
        assert label in html
    assert "Awa Diallo" in html and "awa@example.org" not in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "HowTo"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/deed.fr"
    assert data["author"] == [{"@type": "Person", "name": "Awa Diallo"}]


def test_detail_counts_pending_proposals_for_deciders_only(client):
    author = make_user()
    resource = new_resource(by=author)
    proposal = services.edit_resource(resource=resource, by=make_user(), fields={"title": "X"})
    review_url = reverse("moderation:resource_proposal", args=[proposal.pk])
    client.force_login(author)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "1 modification proposée attend votre décision" in html and review_url in html
    client.force_login(make_user())
    html = client.get(resource.get_absolute_url()).content.decode()
    assert review_url not in html and "Proposer une modification" in html


def test_script_typed_anywhere_comes_out_escaped(client):
    author = make_user()
    resource = new_resource(
        by=author,
        title=f"Titre {XSS}",
        summary=f"Résumé {XSS}",
        body=f"{XSS}\n\n[lien](javascript:alert(1))\n\n<img src=x onerror=alert(1)>",
    )
    proposal = services.edit_resource(
        resource=resource, by=make_user(), fields={"body": f"ligne {XSS}"}, note=f"note {XSS}"
    )
    services.edit_resource(
        resource=resource, by=author, fields={"summary": f"autre {XSS}"}, note=f"n {XSS}"
    )
    client.force_login(author)
    pages = [
        reverse("commons:list"),
        resource.get_absolute_url(),
        reverse("commons:history", args=[resource.slug]),
        reverse("commons:revision", args=[resource.slug, 2]),
        reverse("commons:revision", args=[resource.slug, 1]),
        reverse("commons:authors", args=[resource.slug]),
        reverse("moderation:resource_proposal", args=[proposal.pk]),
        reverse("commons:edit", args=[resource.slug]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert XSS not in html, url
        assert "<img src=x" not in html, url
        assert 'href="javascript:' not in html, url
    assert "&lt;script&gt;" in client.get(resource.get_absolute_url()).content.decode()
    html = render_to_string(
        "moderation/_queue_proposals.html", {"pending_proposals": queries.pending_proposals()}
    )
    assert XSS not in html
