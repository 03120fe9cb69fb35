"""On SQLite, a write waits for another connection's long write transaction instead of failing."""

import threading
import time

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="SQLite only"
)


def connect(path) -> DatabaseWrapper:
    # The site's own options (timeout, WAL, IMMEDIATE) on a database file of the test's.
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(path)}, "lock_test")
    wrapper.ensure_connection()
    return wrapper


@pytest.mark.django_db(transaction=True)
def test_a_write_waits_for_a_transaction_longer_than_five_seconds(tmp_path):
    path = tmp_path / "lock.sqlite3"
    first = connect(path)
    first.cursor().execute("CREATE TABLE t (n INTEGER)")
    locked = threading.Event()

    def long_import() -> None:
        holder = connect(path)
        cursor = holder.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("INSERT INTO t VALUES (1)")
        locked.set()
        time.sleep(5.5)  # over sqlite3's default busy timeout of 5 s
        cursor.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=long_import)
    thread.start()
    assert locked.wait(5)
    try:
        first.cursor().execute("INSERT INTO t VALUES (2)")  # raised "database is locked"
    finally:
        thread.join()
    assert first.cursor().execute("SELECT count(*) FROM t").fetchone()[0] == 2
    first.close()
