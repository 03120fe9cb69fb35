"""Database helpers: for migrations, and lookups written once for SQLite and PostgreSQL."""

from django.db import migrations
from django.db.models import TextField
from django.db.models.functions import Cast
from django.db.models.lookups import Contains


def postgres_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """A migration step running raw SQL on PostgreSQL and nothing elsewhere (SQLite)."""

    def run(statements: list[str]):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forward), run(backward), elidable=False)


def json_list_contains(field: str, code: str) -> Contains:
    """Rows whose JSON list `field` holds `code`, for `.filter()`. JSON `contains` does not
    exist on SQLite; the list's text holds the quoted code on both databases (codes are
    vocabulary words: no quote or backslash to escape)."""
    return Contains(Cast(field, TextField()), f'"{code}"')
