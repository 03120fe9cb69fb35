"""Logging filters (settings.LOGGING).

Django logs every 403 (PermissionDenied) as a warning with the exception's traceback: a
crawler or a curious visitor then fills the log with stacks that say nothing wrong. A
client error (4xx) keeps its one line; server errors (5xx) keep their traceback.
"""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
