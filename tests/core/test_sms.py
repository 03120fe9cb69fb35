"""Text messages: the HTTP backend against a real gateway on localhost, the "none" default."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.models import DBTaskResult

from placette.core import sms

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    """A generic SMS gateway on 127.0.0.1: records what it received, answers `status`."""
    received = []
    state = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            length = int(self.headers["Content-Length"])
            received.append(
                {
                    "authorization": self.headers.get("Authorization"),
                    "content_type": self.headers.get("Content-Type"),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            self.send_response(state["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}')

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/send", received, state
    httpd.shutdown()
    httpd.server_close()


def test_the_http_backend_posts_the_message_to_the_gateway(settings, gateway, run_tasks):
    url, received, _state = gateway
    settings.PLACETTE_SMS_BACKEND = "http"
    settings.PLACETTE_SMS_URL = url
    settings.PLACETTE_SMS_TOKEN = "s3cret"
    settings.PLACETTE_SMS_SENDER = "Placette"
    sms.send(to="06 12 34 56 78", text="Votre code : ACD347.")
    assert received == []  # queued, not sent in the request
    run_tasks()
    assert received == [
        {
            "authorization": "Bearer s3cret",
            "content_type": "application/json",
            "body": {"to": "06 12 34 56 78", "text": "Votre code : ACD347.", "sender": "Placette"},
        }
    ]


def test_a_gateway_error_is_retried_later_and_a_refusal_is_not(settings, gateway):
    url, received, state = gateway
    settings.PLACETTE_SMS_BACKEND = "http"
    settings.PLACETTE_SMS_URL = url
    state["status"] = 503
    assert sms.deliver.call(to="0612345678", text="x") is False
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    state["status"] = 400
    assert sms.deliver.call(to="0612345678", text="x") is False
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert len(received) == 2


def test_without_a_gateway_nothing_is_queued(settings, gateway):
    settings.PLACETTE_SMS_BACKEND = "none"
    sms.send(to="0612345678", text="x")
    assert not DBTaskResult.objects.exists()
    assert not sms.enabled()
