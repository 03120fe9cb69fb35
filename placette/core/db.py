"""Database helpers shared by migrations."""

from django.db import migrations


def postgres_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """A migration step running raw SQL on PostgreSQL and nothing elsewhere (SQLite)."""

    def run(statements: list[str]):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forward), run(backward), elidable=False)
