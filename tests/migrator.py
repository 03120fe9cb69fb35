"""Run migrations inside a test (a transactional one):

    with rewound():
        apps = migrate(("stories", "0001_initial"))  # the historical models' registry
        ...

`rewound()` migrates every app forward again afterwards, even when the test fails, so that
the next tests find the database as they expect."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(*targets: tuple[str, str]):
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


@contextmanager
def rewound() -> Iterator[None]:
    try:
        yield
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
