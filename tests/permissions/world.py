"""The world every role × action check runs in: one person per role, and the things they act
on, each built (through tests/factories) the first time an action asks for it, so that a
check pays only for what it touches.

Roles: visitor (not signed in), contributor (signed in), author (wrote the story and the
resource, owns the collection), manager (of `place`, where the story, resource and events
are), other_manager (of `other`), moderator, admin (superuser).
"""

from functools import cached_property
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import (
    make_draft,
    make_event,
    make_manager,
    make_moderator,
    make_place,
    make_resource,
    make_user,
)

ROLES = ("visitor", "contributor", "author", "manager", "other_manager", "moderator", "admin")
PDF = b"%PDF-1.4\n%%EOF\n"
BODY = "Six personnes, trois heures, un grille-pain sauvé."


class _Users(dict):
    """The person of each role, made when first asked for."""

    def __init__(self, world: "World"):
        super().__init__()
        self.world = world

    def __missing__(self, role: str):
        self[role] = user = self.world.make(role)
        return user


class World:
    def __init__(self, role: str = "visitor"):
        self.role = role
        self.users = _Users(self)

    def make(self, role: str):
        if role == "visitor":
            return None
        if role == "manager":
            return make_manager(self.place, email="equipe@lices.example")
        if role == "other_manager":
            return make_manager(self.other, email="equipe@blosne.example")
        if role == "moderator":
            return make_moderator(email="modo@example.org")
        if role == "admin":
            return make_user(email="admin@example.org", is_staff=True, is_superuser=True)
        names = {"contributor": "contributrice", "author": "autrice"}
        return make_user(email=f"{names.get(role, role)}@example.org")

    @property
    def user(self):
        """The person acting: the role's."""
        return self.users[self.role]

    # --- Places --------------------------------------------------------------------------

    @cached_property
    def place(self):
        return make_place(name="Fablab des Lices", websites=["https://lices.example"])

    @cached_property
    def other(self):
        return make_place(name="EPN du Blosne")

    @cached_property
    def unmanaged(self):
        return make_place(name="Tiers-lieu de Vezin")

    @cached_property
    def version(self):
        """A past version of `place` (its summary was "Avant")."""
        from placette.places.services.places import edit_by_manager

        manager = self.users["manager"]
        for summary in ("Avant", "Après"):
            edit_by_manager(place=self.place, fields={"summary": summary}, tags={}, by=manager)
        versions = self.place.versions.filter(changes__has_key="summary")
        return versions.order_by("created_at").first()

    # --- Moderation ----------------------------------------------------------------------

    @cached_property
    def contribution(self):
        from placette.contributions.models import Contribution

        return Contribution.objects.create(
            kind=Contribution.Kind.CHANGE,
            status=Contribution.Status.PENDING,
            place=self.place,
            data={"phone": "02 99 00 00 00"},
            email="anonyme@example.org",
        )

    @cached_property
    def claim(self):
        from placette.places.models import Claim

        return Claim.objects.create(
            place=self.place, user=self.users["contributor"], role="bénévole"
        )

    @cached_property
    def report(self):
        from placette.contributions.models import Report

        return Report.objects.create(
            path=self.place.get_absolute_url(),
            place=self.place,
            reason=Report.Reason.SPAM,
            status=Report.Status.OPEN,
            email="anonyme@example.org",
        )

    # --- Events --------------------------------------------------------------------------

    @cached_property
    def draft(self):
        return make_event(place=self.place, status="draft", title="Atelier en préparation")

    @cached_property
    def event(self):
        return make_event(place=self.place, title="Premiers pas sur smartphone")

    @cached_property
    def date(self):
        """The one date of `event`."""
        return self.event.occurrences.get()

    @cached_property
    def registration(self):
        from placette.events.services import registrations

        return registrations.register(occurrence=self.date, name="Awa", email="awa@example.org")

    @cached_property
    def feed(self):
        from placette.events.services import feeds

        # A private address: reading it fails at once, without the network.
        return feeds.add_feed(place=self.place, url="https://127.0.0.1:9/lices.ics")

    # --- Stories -------------------------------------------------------------------------

    @cached_property
    def story(self):
        return make_draft(
            self.users["author"], title="Le repair café", body=BODY, places=[self.place]
        )

    @cached_property
    def photos(self):
        """Two photos of the story, in this order."""
        from tests.factories.stories import add_photo

        return [add_photo(self.story, variants=False) for _ in range(2)]

    @cached_property
    def newcomer(self):
        """Someone with an account, not yet an author of the story."""
        return make_user(email="nouvelle@example.org")

    @cached_property
    def video(self):
        from tests.factories.stories import add_linked_video

        return add_linked_video(self.story)

    # --- Commons -------------------------------------------------------------------------

    @cached_property
    def resource(self):
        """By the author, about `place`, edited once (revision 2)."""
        from placette.commons.services import resources

        author = self.users["author"]
        resource = make_resource(
            "Fiche France Connect",
            kind="fiche-pratique",
            body="Texte",
            places=[self.place],
            by=author,
        )
        resources.edit_resource(resource=resource, by=author, fields={"body": "Texte 2"})
        return resource

    @cached_property
    def proposal(self):
        from placette.commons.services import resources

        return resources.edit_resource(
            resource=self.resource, by=make_user(), fields={"summary": "Proposé"}
        )

    @cached_property
    def attachment(self):
        from placette.commons.services import resources

        upload = SimpleUploadedFile("f.pdf", PDF)
        return resources.add_attachment(
            resource=self.resource, by=self.users["author"], title="Fiche", upload=upload
        )

    @cached_property
    def collection(self):
        """The author's public collection: "Accueillir" then "Animer"."""
        from placette.commons.services import collections

        author = self.users["author"]
        collection = collections.create_collection(owner=author, title="Kit EPN")
        for title in ("Accueillir", "Animer"):
            resource = make_resource(title)
            collections.add_resource(collection=collection, resource=resource, by=author)
        return collection

    def item(self, index: int):
        return self.collection.items.order_by("position")[index]

    # --- Sources -------------------------------------------------------------------------

    @cached_property
    def run(self):
        """A previewed import, waiting for its confirmation."""
        from tests.factories.sources import cget_row, cget_text, import_cget

        return import_cget(cget_text(cget_row("1", "Lieu importé")), dry_run=True)

    @cached_property
    def pair(self):
        from placette.sources.models import DuplicatePair
        from tests.factories.sources import sourced

        a, b = sourced("a", "1", "Doublon"), sourced("b", "1", "Doublon")
        return DuplicatePair.objects.create(place_a=a, place_b=b, names="Doublon / Doublon")

    def refreshed(self, obj: Any):
        obj.refresh_from_db()
        return obj
