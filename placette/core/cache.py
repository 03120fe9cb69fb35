"""The cache of the rate-limit counters: Django's database cache, with a counter-safe incr()."""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class CounterCache(DatabaseCache):
    """A DatabaseCache (one table, shared by every worker, no server to run) whose incr() suits
    django-ratelimit's counters.

    Django's incr() reads the value, then writes it back with the default timeout: two workers
    may count one request each as the same, and a counter of a one-hour window would vanish
    after five minutes. Here the row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite
    transactions start IMMEDIATE in our settings, so writers queue) and keeps its expiry.
    """

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cache_key = self.make_and_validate_key(key, version=version)
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('cache_key')} FROM {table} "  # noqa: S608 (names quoted)
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} >= %s{lock}",
                [cache_key, now],
            )
            value = self.get(key, version=version) if cursor.fetchone() else None
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s "  # noqa: S608 (names quoted)
                f"WHERE {quote('cache_key')} = %s",
                [encoded, cache_key],
            )
        return value
