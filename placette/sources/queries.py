"""Reads of the staff pages: import runs, what a run did or would do, open duplicate pairs."""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from placette.places.models import Place, PlaceSource
from placette.sources.models import DataSource, DuplicatePair, ImportRun

LIST_CAP = 100  # rows shown per list of a run; the counts say how many there are
TAG_LABELS = {"families": _("familles"), "services": _("services"), "publics": _("publics")}


def runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("user").defer("content", "outcomes")


def known_sources() -> list[str]:
    return list(DataSource.objects.order_by("slug").values_list("slug", flat=True))


def field_label(name: str) -> str:
    if name in TAG_LABELS:
        return str(TAG_LABELS[name])
    try:
        return str(Place._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field a future format names: shown as it is
        return name


@dataclass
class Listing:
    """The first LIST_CAP rows of a list, and how many there are in all."""

    rows: list[dict] = field(default_factory=list)
    total: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


@dataclass
class RunSummary:
    rejected_rows: int
    errors: Listing
    warnings: Listing
    created: Listing
    updated: Listing
    kept_only: Listing  # unchanged places with fields kept as their manager edited them
    new_source: bool
    same_file_applied: ImportRun | None


def run_summary(run: ImportRun) -> RunSummary:
    outcomes = {"created": [], "updated": [], "kept_only": []}
    for outcome in run.outcomes:
        if outcome["action"] == "created":
            outcomes["created"].append(outcome)
        elif outcome["action"] == "updated":
            outcomes["updated"].append(outcome)
        elif outcome["kept"]:
            outcomes["kept_only"].append(outcome)
    listings = {name: _listing(rows) for name, rows in outcomes.items()}
    slugs = dict(
        Place.objects.filter(
            pk__in=[row["place_id"] for listing in listings.values() for row in listing.rows]
        ).values_list("pk", "slug")
    )
    for listing in listings.values():
        listing.rows = [_labelled(row, slugs) for row in listing.rows]
    same_file = (
        ImportRun.objects.filter(
            source=run.source, file_sha256=run.file_sha256, status=ImportRun.Status.APPLIED
        )
        .exclude(pk=run.pk)
        .order_by("-created_at")
        .only("pk", "created_at")
        .first()
    )
    return RunSummary(
        rejected_rows=len({error["line"] for error in run.errors}),
        errors=_listing(run.errors),
        warnings=_listing(run.warnings),
        new_source=not DataSource.objects.filter(slug=run.source).exists(),
        same_file_applied=same_file,
        **listings,
    )


def _listing(rows: list[dict]) -> Listing:
    return Listing(rows=list(rows[:LIST_CAP]), total=len(rows))


def _labelled(outcome: dict, slugs: dict[int, str]) -> dict:
    return {
        **outcome,
        "slug": slugs.get(outcome.get("place_id")),
        "changed_labels": [field_label(name) for name in outcome["changed"]],
        "kept_labels": [field_label(name) for name in outcome["kept"]],
    }


def open_pairs() -> QuerySet[DuplicatePair]:
    sources = PlaceSource.objects.order_by("source", "source_id")
    return (
        DuplicatePair.objects.filter(status=DuplicatePair.Status.OPEN)
        .exclude(place_a=None)
        .exclude(place_b=None)
        .select_related("place_a", "place_b")
        .prefetch_related(
            Prefetch("place_a__source_ids", queryset=sources),
            Prefetch("place_b__source_ids", queryset=sources),
        )
        .order_by("-found_at", "-id")
    )
