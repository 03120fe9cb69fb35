"""The soak case's own arithmetic (bench/soak.py): what it expects of its feed, and how it reads
the messages Django's file backend wrote. The soak itself runs in `make bench`, not here."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from bench import soak
from placette.events import calendars
from placette.events.services import feeds
from placette.places.models import Place


def test_the_feed_gives_the_events_and_dates_the_soak_expects():
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    now = timezone.now()
    items = calendars.parse(
        soak.ics(soak.FEED_EVENTS, today=today),
        place=Place(name="Le Hub", slug="le-hub"),
        after=now,
        before=now + timedelta(days=feeds.HORIZON_DAYS),
    ).items
    assert len(items) == soak.FEED_EVENTS
    dates = sum(len(item.instances) for item in items.values())
    assert dates == soak.expected_feed_dates(soak.FEED_EVENTS) == 510


def test_the_mailbox_counts_each_message_once_with_its_recipient_and_body(tmp_path):
    backend = "django.core.mail.backends.filebased.EmailBackend"
    with mail.get_connection(backend, file_path=str(tmp_path)) as connection:
        for n in range(3):
            mail.EmailMessage(
                f"Confirmez n° {n}",
                f"Votre lien : /t/{n}é",
                to=[f"p{n}@example.org"],
                connection=connection,
            ).send()
    mail.send_mail(
        "Seul",
        "Un autre fichier",
        None,
        ["q@example.org"],
        connection=mail.get_connection(backend, file_path=str(tmp_path)),
    )

    messages = soak.read_mailbox(tmp_path)

    assert sorted(str(m["To"]) for m in messages) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
        "q@example.org",
    ]
    bodies = {str(m["To"]): soak.body_text(m) for m in messages}
    assert "/t/1é" in bodies["p1@example.org"]
