"""Proposals and reports in the privacy export and account deletion (collected by the privacy
app). Past ones stay in the commons, anonymised; those never confirmed go."""

from placette.accounts.queries import by_person
from placette.contributions.models import Contribution, Report


def export(user) -> dict:
    contributions = (
        Contribution.objects.filter(by_person(user))
        .select_related("place")
        .prefetch_related("thread")
        .order_by("created_at", "pk")
    )
    reports = (
        Report.objects.filter(by_person(user)).select_related("place").order_by("created_at", "pk")
    )
    return {
        "contributions": [
            {
                "id": c.pk,
                "kind": c.kind,
                "status": c.status,
                "place": c.place.name if c.place else None,
                "data": c.data,
                "message": c.message,
                "email": c.email,
                "created_at": c.created_at,
                "confirmed_at": c.confirmed_at,
                "decided_at": c.decided_at,
                "reason": c.reason,
                "messages": [
                    {
                        "from_moderator": m.from_moderator,
                        "body": m.body,
                        "created_at": m.created_at,
                    }
                    for m in c.thread.all()
                ],
            }
            for c in contributions
        ],
        "reports": [
            {
                "id": r.pk,
                "page": r.path,
                "place": r.place.name if r.place else None,
                "reason": r.reason,
                "message": r.message,
                "status": r.status,
                "email": r.email,
                "created_at": r.created_at,
                "confirmed_at": r.confirmed_at,
                "decided_at": r.decided_at,
            }
            for r in reports
        ],
    }


def forget(user) -> None:
    """Never confirmed: never sent, nothing to keep. The rest loses the e-mail copied on it;
    the account's foreign keys (and the thread's authors) are SET_NULL with the account."""
    for model in (Contribution, Report):
        mine = model.objects.filter(by_person(user))
        mine.filter(status=model.Status.UNCONFIRMED).delete()
        mine.update(email="")
