"""A resource's history: diffs between revisions (fields, and the body line by line), the
history and revision pages, and "who wrote what"."""

import pytest
from django.urls import reverse

from placette.commons import history
from placette.commons.services import resources as services
from tests.factories import make_moderator, make_user

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "La rétrospective en 5 questions",
    "kind": "methode",
    "summary": "",
    "body": "un\ndeux\ntrois",
    "themes": [],
    "licence": "cc-by-sa-4.0",
}


def test_line_diff_marks_added_and_removed_lines_with_context():
    before = "\n".join(f"ligne {n}" for n in range(1, 21))
    after = before.replace("ligne 10", "ligne dix") + "\nligne 21"
    lines = history.line_diff(before, after)
    kinds = [(line.kind, line.text) for line in lines]
    assert kinds[0] == ("gap", "")  # lines 1–6 left out
    assert ("removed", "ligne 10") in kinds and ("added", "ligne dix") in kinds
    assert kinds.index(("removed", "ligne 10")) < kinds.index(("added", "ligne dix"))
    assert ("same", "ligne 7") in kinds and ("same", "ligne 6") not in kinds
    assert kinds[-1] == ("added", "ligne 21")
    removed = next(line for line in lines if line.kind == "removed")
    added = next(line for line in lines if line.text == "ligne dix")
    assert (removed.old, removed.new, added.old, added.new) == (10, None, None, 10)
    assert history.line_diff("même", "même") == []


def test_changes_lists_changed_fields_with_readable_values():
    old = {**FIELDS, "themes": ["demarches"]}
    new = {**FIELDS, "title": "Autre", "themes": ["demarches", "securite"], "licence": "cc0-1.0"}
    changes = {change.name: change for change in history.changes(old, new)}
    assert set(changes) == {"title", "themes", "licence"}
    assert changes["themes"].after == (
        "Aide aux démarches administratives, Utilisation sécurisée du numérique"
    )
    assert (changes["licence"].before, changes["licence"].after) == ("CC BY-SA 4.0", "CC0 1.0")
    first = {change.name for change in history.changes(None, FIELDS)}
    assert first == {"title", "kind", "body", "licence"}  # empty fields are not changes


def _three_revisions():
    alice = make_user(first_name="Alice", email="alice@example.org")
    bob = make_user(email="bob.martin@example.org")
    resource = services.create_resource(by=alice, fields=FIELDS)
    services.edit_resource(resource=resource, by=alice, fields={"body": "un\n2\ntrois\nquatre"})
    moderator = make_moderator(first_name="Chloé", email="chloe@example.org")
    proposal = services.edit_resource(
        resource=resource, by=bob, fields={"body": "zéro\nun\n2\ntrois\nquatre"}, note="Ajout"
    )
    services.accept(revision=proposal, by=moderator)
    return resource, alice, bob


def test_history_page_lists_revisions_newest_first_with_compare_links(client):
    resource, alice, bob = _three_revisions()
    html = client.get(reverse("commons:history", args=[resource.slug])).content.decode()
    assert html.index(">r3<") < html.index(">r2<") < html.index(">r1<")
    assert "bob.martin" in html and "bob.martin@example.org" not in html
    assert "Alice" in html and "Ajout" in html
    assert reverse("commons:revision", args=[resource.slug, 1]) + "?avec=3" in html
    assert reverse("commons:revert", args=[resource.slug, 1]) not in html  # a visitor
    client.force_login(alice)
    html = client.get(reverse("commons:history", args=[resource.slug])).content.decode()
    assert reverse("commons:revert", args=[resource.slug, 1]) in html


def test_revision_page_shows_its_content_and_the_diff(client):
    resource, alice, bob = _three_revisions()
    url = reverse("commons:revision", args=[resource.slug, 2])
    html = client.get(url).content.decode()
    assert "Différences entre r1 et r2" in html
    assert "supprimé, ligne 2 :" in html and "ajouté, ligne 2 :" in html
    assert '<span class="diff-sign" aria-hidden="true">+</span>' in html
    assert "<del>" in html and "<ins>" in html
    assert "Ce n'est pas la version actuelle (révision 3)" in html
    html = client.get(url + "?avec=3").content.decode()
    assert "Différences entre r2 et r3" in html and "zéro" in html
    html = client.get(reverse("commons:revision", args=[resource.slug, 1])).content.decode()
    assert "Première révision" in html
    assert client.get(url + "?avec=9").status_code == 404
    assert client.get(url + "?avec=x").status_code == 404
    assert client.get(reverse("commons:revision", args=[resource.slug, 7])).status_code == 404


def test_who_wrote_what_attributes_each_line_to_its_revision():
    resource, alice, bob = _three_revisions()
    lines = history.attribute(history.accepted(resource))
    assert [(line.text, line.revision.number) for line in lines] == [
        ("zéro", 3),
        ("un", 1),
        ("2", 2),
        ("trois", 1),
        ("quatre", 2),
    ]


def test_a_revert_gives_the_lines_back_to_those_who_wrote_them():
    resource, alice, bob = _three_revisions()
    vandal = make_moderator()
    services.edit_resource(resource=resource, by=vandal, fields={"body": "n'importe quoi"})
    three = resource.revisions.get(number=3)
    services.revert(resource=resource, to=three, by=alice)
    lines = history.attribute(history.accepted(resource))
    assert [line.revision.number for line in lines] == [3, 1, 2, 1, 2]


def test_authors_page_lists_contributors_and_lines(client):
    resource, alice, bob = _three_revisions()
    response = client.get(reverse("commons:authors", args=[resource.slug]))
    html = response.content.decode()
    contributors = response.context["contributors"]
    assert [(c.name, c.revisions, c.lines) for c in contributors] == [
        ("Alice", 2, 4),
        ("bob.martin", 1, 1),
    ]
    assert "@example.org" not in html
    assert "zéro" in html and reverse("commons:revision", args=[resource.slug, 3]) in html
