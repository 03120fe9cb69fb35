"""PlaceManager and Claim move to the places app (places 0009): only Django's state changes
here; their tables stay as they are, under the same names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_moderators_and_cache"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # PlaceManager first: it points to Claim.
                migrations.DeleteModel(name="PlaceManager"),
                migrations.DeleteModel(name="Claim"),
            ],
            database_operations=[],
        ),
    ]
