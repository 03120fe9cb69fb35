"""Reading the site through the test client: a page's HTML, a download's bytes."""


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def download(client, url: str) -> tuple[bytes, object]:
    """A streamed file's bytes, and the response."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content), response
