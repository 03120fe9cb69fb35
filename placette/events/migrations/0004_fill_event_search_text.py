"""Fill Event.search_text for the events written before it existed, as services.search_text
does (a frozen copy: later changes to the service must not change this step)."""

from django.db import migrations

from placette.core.text import fold

KINDS = {
    "atelier": "Atelier",
    "formation": "Formation",
    "animation": "Animation",
    "permanence": "Permanence (accès libre)",
    "conference": "Conférence / rencontre",
    "autre": "Autre",
}


def fill(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    events = Event.objects.select_related("place").only(
        "title", "summary", "description", "kind", "place__name", "place__commune"
    )
    batch = []
    for event in events.iterator(chunk_size=500):
        kind = KINDS.get(event.kind, event.kind)
        words = [event.title, event.summary, event.description, kind]
        event.search_text = fold(" ".join([*words, event.place.name, event.place.commune]))
        batch.append(event)
        if len(batch) >= 500:
            Event.objects.bulk_update(batch, ["search_text"])
            batch = []
    Event.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("events", "0003_event_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
