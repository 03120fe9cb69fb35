"""Signed links sent by e-mail, so that people without an account can confirm a proposal and
follow its thread. A token carries the contribution's id, signed with the site's secret and a
salt per purpose (a confirmation link cannot be used to read a thread, and the other way round),
and dated: it expires after its purpose's max age."""

from dataclasses import dataclass

from django.core import signing

CONFIRM = "placette.contributions.confirm"
FOLLOW = "placette.contributions.follow"
MAX_AGE = {
    CONFIRM: 7 * 24 * 3600,
    FOLLOW: 60 * 24 * 3600,  # a question may wait for its answer a little longer
}


class InvalidToken(Exception):
    """The link is broken or forged (`expired` False), or too old (`expired` True)."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class Token:
    contribution_id: int
    email: str


def make(*, purpose: str, contribution_id: int, email: str) -> str:
    # The address is signed too: the link only works for the address it was sent to.
    return signing.dumps({"id": contribution_id, "email": email}, salt=purpose, compress=True)


def read(token: str, *, purpose: str) -> Token:
    try:
        value = signing.loads(token, salt=purpose, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as exc:
        raise InvalidToken(expired=True) from exc
    except signing.BadSignature as exc:
        raise InvalidToken(expired=False) from exc
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        raise InvalidToken(expired=False)
    return Token(contribution_id=value["id"], email=str(value.get("email", "")))
