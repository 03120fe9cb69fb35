"""The client address that rate limits count by (core.limits.client_ip)."""

from placette.core.limits import client_ip


def test_client_ip_behind_a_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.2")
    assert client_ip(request) == "127.0.0.1"
    settings.PLACETTE_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_ip(request) == "198.51.100.2"  # the proxy's entry, not the client's claim
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.2")) == "127.0.0.2"
