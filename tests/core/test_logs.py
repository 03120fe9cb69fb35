"""The server log: a 403 is one warning line, a 500 keeps its traceback."""

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_place, make_user


@pytest.fixture
def console(monkeypatch) -> io.StringIO:
    """What the configured console handler writes (settings.LOGGING)."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    return stream


@pytest.mark.django_db
def test_a_403_logs_one_line_without_a_traceback(console):
    place = make_place(name="EPN de Villejean")
    client = Client()
    client.force_login(make_user())
    response = client.get(reverse("events:place_stats", args=[place.slug]))
    assert response.status_code == 403
    assert console.getvalue().splitlines() == [
        f"Forbidden (Permission denied): /lieux/{place.slug}/statistiques/"
    ]


def test_a_500_keeps_its_traceback(console):
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        logging.getLogger("django.request").error(
            "Internal Server Error: /", exc_info=error, extra={"status_code": 500}
        )
    assert "Traceback" in console.getvalue() and "RuntimeError: boom" in console.getvalue()
