"""Open-data cases of the bench: a LaMednum import, and the full exports, timed in-process.

- Import: a realistic LaMednum CSV of N rows (synthetic places, see generate.py, with the
  standard's fields filled as real files fill them) goes through `sources.services.import_text`,
  the path of `manage.py import_places` (parse, checks, run_import, recorded run), in one
  transaction rolled back afterwards: the scratch database is left as it was. The search for
  duplicates that the commit would run is timed apart, before the rollback. The parse alone
  is timed too.
- Exports: what /donnees/lieux.csv and /donnees/lieux.geojson stream (opendata.streams over
  opendata.queries.exported(); the views only add headers), read to the end in this process
  and encoded as the response encodes it (uncompressed). Memory
  is measured twice: the peak of Python allocations (tracemalloc, in a separate pass, since
  tracing slows Python down), and the highest anonymous resident memory (RssAnon, sampled at
  each streamed chunk: what the process holds, without the SQLite file pages it maps).
"""

import csv
import io
import random
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction

from bench.generate import KINDS, Generator
from placette.opendata import lamednum
from placette.places import vocab
from placette.places.models import Place

IMPORT_ROWS = 20_000
IMPORT_TARGET_S = 20.0
EXPORT_TARGET_S = 10.0
SMALL_EXPORT = 10_000
FLAT_MEMORY_RATIO = 1.5  # the 100,000-place export's peak may be at most 1.5 × the 10,000's
FEES, PROGRAMMES = list(vocab.Fee.values), list(vocab.NationalProgramme.values)
TRAINING = list(vocab.TrainingLabel.values)
COLLECTORS = ["Hubik", "Les Assembleurs", "France Tiers-Lieux", "La MedNum", ""]


@dataclass
class Measure:
    key: str  # "import", "duplicates", "csv", "csv-small" or "geojson"
    name: str
    seconds: float  # wall-clock
    cpu_seconds: float  # CPU time of this process (the machine may be shared)
    places: int
    size: int = 0  # bytes written (exports) or read (import)
    python_peak: int | None = None  # bytes, tracemalloc
    rss_anon_peak: int | None = None  # bytes, /proc/self/status
    details: dict[str, str] = field(default_factory=dict)


def lamednum_csv(rows: int, *, seed: int) -> str:
    """A LaMednum v1.0.2 file of `rows` synthetic places, written by the export's row code."""
    generator = Generator(seed)
    rng = random.Random(seed + 1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(lamednum.COLUMNS)
    written = 0
    while written < rows:
        place, tags = generator.place()
        if not lamednum.exportable(place):
            continue  # a census row without commune or postal code: a LaMednum file has them
        written += 1
        enrich(place, rng)
        kinds = {KINDS[name]: codes for name, codes in tags.items()}
        writer.writerow(lamednum.row(place, site_name=settings.SITE_NAME, tags=kinds).values())
    return out.getvalue()


def enrich(place: Place, rng: random.Random) -> None:
    """The LaMednum fields the bench generator leaves empty, filled as real files fill them."""
    place.uid = uuid.UUID(int=rng.getrandbits(128), version=4)
    place.checked_on = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
    place.siret = "".join(rng.choices("0123456789", k=14)) if rng.random() < 0.6 else ""
    place.collected_by = rng.choice(COLLECTORS)
    place.fees = rng.sample(FEES, rng.choice([0, 1, 1, 2]))
    place.national_programmes = rng.sample(PROGRAMMES, rng.choice([0, 0, 1, 2]))
    place.training_labels = rng.sample(TRAINING, rng.choice([0, 0, 0, 1]))
    place.itinerant = rng.random() < 0.05
    if rng.random() < 0.3:
        place.address_extra = f"{rng.randint(1, 4)}e étage"


def measure_import(text: str, rows: int) -> list[Measure]:
    """The import, then what its commit runs (the search for duplicates of the new places),
    timed apart: the command and the staff page wait for both, but only the import holds
    the transaction (on SQLite, the write lock)."""
    from django.test import TestCase

    from placette.places.importers import mednum
    from placette.sources.services import import_text

    started = time.perf_counter()
    records, errors = mednum.parse(text)
    parse_seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"the generated file has errors: {errors[:3]}")
    with transaction.atomic():
        with TestCase.captureOnCommitCallbacks() as on_commit:
            started, cpu_started = time.perf_counter(), time.process_time()
            run = import_text(text=text, file_name="bench-lamednum.csv", format="mednum")
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
        started, cpu_started = time.perf_counter(), time.process_time()
        for callback in on_commit:  # run here, before the rollback
            callback()
        after_seconds = time.perf_counter() - started
        after_cpu_seconds = time.process_time() - cpu_started
        transaction.set_rollback(True)  # leave the scratch database as it was
    if run.status != "applied" or run.created != rows:
        raise RuntimeError(f"import {run.status}: {run.created} created, {run.errors[:3]}")
    return [
        Measure(
            key="import",
            name=f"Import, LaMednum CSV, {rows:,} rows",
            seconds=seconds,
            cpu_seconds=cpu_seconds,
            places=run.created,
            size=len(text.encode()),
            details={"parse": f"{parse_seconds:.1f} s"},
        ),
        Measure(
            key="duplicates",
            name="then, once committed, the search for their duplicates",
            seconds=after_seconds,
            cpu_seconds=after_cpu_seconds,
            places=run.created,
            details={"pairs found": f"{run.duplicates_found:,}"},
        ),
    ]


def _rss_anon() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) * 1024
    return 0


def consume(
    text: Callable[[], Iterator[str]], *, trace: bool = False
) -> tuple[float, float, int, int]:
    """(seconds, CPU seconds, bytes, peak) of an export streamed to its end and encoded as the
    response encodes it; the peak is tracemalloc's when tracing, else the highest RssAnon."""
    if trace:
        tracemalloc.start()
    peak = _rss_anon()
    started, cpu_started = time.perf_counter(), time.process_time()
    size = 0
    for part in text():
        size += len(part.encode())
        if not trace:
            peak = max(peak, _rss_anon())
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return seconds, cpu_seconds, size, peak


def measure_export(
    key: str, name: str, text: Callable[[], Iterator[str]], *, places: int
) -> Measure:
    """Best time of two runs, then a traced run for the peak of Python allocations."""
    timings = [consume(text) for _ in range(2)]
    seconds, cpu_seconds, size, _rss = min(timings)
    *_others, python_peak = consume(text, trace=True)
    return Measure(
        key=key,
        name=name,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        places=places,
        size=size,
        python_peak=python_peak,
        rss_anon_peak=max(t[3] for t in timings),
    )


def run_cases(cases: set[str], *, seed: int, import_rows: int, say) -> list[Measure]:
    measures = []
    if "export" in cases:
        measures += export_cases(say)
    if "import" in cases:
        say(f"Writing a LaMednum CSV of {import_rows:,} synthetic places…")
        text = lamednum_csv(import_rows, seed=seed)
        say(f"  Import ({len(text.encode()) / 1e6:.1f} MB)…")
        measures += measure_import(text, import_rows)
    return measures


def export_cases(say) -> list[Measure]:
    """The full CSV and GeoJSON exports (what /donnees/lieux.csv and .geojson stream: the
    views add only headers), and the CSV of the first SMALL_EXPORT places, for memory."""
    from placette.opendata import queries, streams
    from placette.places.queries import PlaceFilters

    everything = queries.exported(PlaceFilters())
    ids = everything.order_by("pk").values_list("pk", flat=True)
    total = everything.count()
    cases = [
        ("csv", "Export CSV", streams.csv_text, everything),
        ("geojson", "Export GeoJSON", streams.geojson_text, everything),
    ]
    if total > SMALL_EXPORT:
        first = everything.filter(pk__lte=ids[SMALL_EXPORT - 1])
        cases.insert(1, ("csv-small", "Export CSV", streams.csv_text, first))
    measures = []
    for key, name, writer, places in cases:
        count = places.count()
        say(f"  {name}, {count:,} places…")
        text = partial(writer, places)
        measures.append(measure_export(key, f"{name}, {count:,} places", text, places=count))
    return measures
