"""Signed invitation links to co-sign a story. A link carries the story's id and the invited
address, signed with the site's secret (salt of its own) and dated: it works for 14 days, and
only for a person signed in with that address verified."""

from dataclasses import dataclass

from django.core import signing

SALT = "placette.stories.coauthor"
MAX_AGE = 14 * 24 * 3600


class InvalidInvitation(Exception):
    """The link is broken, forged or too old."""


@dataclass(frozen=True)
class Invitation:
    story_id: int
    email: str


def make(*, story_id: int, email: str) -> str:
    return signing.dumps({"id": story_id, "email": email}, salt=SALT, compress=True)


def read(token: str) -> Invitation:
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired included
        raise InvalidInvitation from exc
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        raise InvalidInvitation
    return Invitation(story_id=value["id"], email=str(value.get("email", "")))
