"""`python -m bench`: 100 000 synthetic places, the production server, timings.

Cases (--cases, all by default): `pages`, the HTTP endpoints through gunicorn; `export`, the
full open-data exports (CSV, GeoJSON) with their memory; `import`, a LaMednum CSV of 20 000
rows imported (and rolled back); `soak` (SQLite only, run last), registrations posted
together while a national-size import and an outside calendar's refresh write, through
gunicorn and one task worker, then checked: no 5xx, none lost, the worker alive, every e-mail
written. See docs/benchmarks.md.

The places go to a scratch database: a fresh SQLite file in a temporary directory, or
the database of BENCH_DATABASE_URL (PostgreSQL, say), which must be empty. The
project's own database (var/placette.sqlite3) is never opened.

Exit status: 0 when the bench ran, even if a target is missed (the table says which),
1 on an error, 130 when interrupted.
"""

import argparse
import json
import math
import os
import random
import shutil
import signal
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from bench.measure import BenchError, Client, Server, time_endpoint, warm_up
from bench.report import thousands

CITIES = {  # centre of a 1280×800 map window at zoom 13
    "lyon": (45.7578, 4.8320),
    "nantes": (47.2184, -1.5536),
}
FRANCE_MAP = "/api/v1/places.geojson?bbox=-5.5,41.2,9.8,51.2&zoom=5"
TEXT_SEARCH = {"q": "coworking lyon"}
TWO_FILTERS = {"famille": "fablab", "departement": "69"}
WARM_UP_ROUNDS = 5
CASES = ["pages", "export", "import", "soak"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--places", type=int, default=100_000, help="places to generate (100 000)")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint (200)")
    parser.add_argument("--seed", type=int, default=2019, help="random seed")
    parser.add_argument("--city", choices=sorted(CITIES), default="lyon", help="zoom-13 map city")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with BENCH_DATABASE_URL: measure the places already there, generate none",
    )
    parser.add_argument(
        "--cases",
        default=",".join(CASES),
        help="comma-separated cases to run: pages, export, import, soak (all)",
    )
    parser.add_argument(
        "--import-rows", type=int, default=20_000, help="rows of the import and soak cases (20 000)"
    )
    args = parser.parse_args(argv)
    args.cases = {case.strip() for case in args.cases.split(",") if case.strip()}
    if not args.cases or args.cases - set(CASES):
        parser.error(f"--cases takes some of {', '.join(CASES)}")
    if args.import_rows < 1:
        parser.error("--import-rows must be ≥ 1")
    if args.places < 1 or not 1 <= args.requests <= 10_000:
        parser.error("--places must be ≥ 1 and --requests between 1 and 10 000")
    if args.reuse and not os.environ.get("BENCH_DATABASE_URL"):
        parser.error("--reuse needs BENCH_DATABASE_URL")
    return args


def viewport_bbox(lat: float, lon: float, zoom: int, width: int = 1280, height: int = 800):
    """West, south, east, north of a web-mercator window of width×height pixels."""
    scale = 256 * 2**zoom
    x = (lon + 180) / 360 * scale
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * scale

    def lon_lat(px: float, py: float) -> tuple[float, float]:
        lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / scale))))
        return px / scale * 360 - 180, lat

    west, north = lon_lat(x - width / 2, y - height / 2)
    east, south = lon_lat(x + width / 2, y + height / 2)
    return round(west, 4), round(south, 4), round(east, 4), round(north, 4)


def use_scratch_database(workdir: Path) -> str:
    """Point this process at the scratch database, before Django reads its settings."""
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "placette.settings"
    os.environ.pop("PLACETTE_ENV", None)
    import django

    django.setup()
    from django.conf import settings

    name = str(settings.DATABASES["default"]["NAME"])
    if Path(name).resolve() == (Path(settings.VAR_DIR) / "placette.sqlite3").resolve():
        raise BenchError("BENCH_DATABASE_URL is the project's own database: refused.")
    return url


def prepare(args: argparse.Namespace, say) -> dict[str, str]:
    """Migrate the scratch database and fill it; return facts for the report."""
    from django.conf import settings
    from django.core.management import call_command

    from bench import generate
    from placette.places.models import Place, PlaceTag

    call_command("migrate", interactive=False, verbosity=0)
    existing = Place.objects.count()
    facts = {}
    if args.reuse and existing:
        say(f"{existing} places already there, none generated (--reuse).")
    elif existing:
        raise BenchError(
            f"the BENCH_DATABASE_URL database already holds {existing} places: "
            "give an empty one (or --reuse to measure those)."
        )
    else:
        say(f"Generating {args.places} synthetic places…")
        done = generate.populate(args.places, seed=args.seed, progress=say)
        say(f"  done in {done['seconds']:.1f} s")
        facts["Generation"] = (
            f"{thousands(done['places'])} places, {thousands(done['tags'])} tags "
            f"in {done['seconds']:.0f} s (bulk_create, search index included)"
        )
    published = Place.objects.filter(is_published=True).count()
    facts["Database"] = (
        f"{thousands(Place.objects.count())} places ({thousands(published)} published), "
        f"{thousands(PlaceTag.objects.count())} tags"
    )
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        say("collectstatic (no manifest yet)…")
        call_command("collectstatic", interactive=False, verbosity=0)
    return facts


def endpoints(args: argparse.Namespace) -> dict[str, list[str]]:
    """Name → the paths to request in turn (the first is the one shown in the table)."""
    from placette.places.models import Place

    slugs = list(Place.objects.filter(is_published=True).values_list("slug", flat=True))
    sample = random.Random(args.seed).sample(slugs, min(len(slugs), args.requests))
    city = ",".join(str(v) for v in viewport_bbox(*CITIES[args.city], zoom=13))
    return {
        "/sante/ (trivial view)": ["/sante/"],
        "Map, France, zoom 5": [FRANCE_MAP],
        f"Map, {args.city.capitalize()}, zoom 13": [f"/api/v1/places.geojson?bbox={city}&zoom=13"],
        "List, text search": [f"/lieux/?{urlencode(TEXT_SEARCH)}"],
        "List, two filters": [f"/lieux/?{urlencode(TWO_FILTERS)}"],
        "Site search (4 kinds)": [f"/recherche/?{urlencode(TEXT_SEARCH)}"],
        "Place page": [f"/lieux/{slug}/" for slug in sample],
    }


def describe_results(client: Client, paths: dict[str, list[str]]) -> dict[str, str]:
    """What the map and list requests return, for the record."""
    from django.http import QueryDict

    from placette.places import queries

    facts = {}
    for name, (path, *_others) in paths.items():
        if path.startswith("/api/"):
            data = json.loads(client.get(path)[1])
            clusters = sum(1 for f in data["features"] if f["properties"].get("cluster"))
            facts[name] = (
                f"{len(data['features'])} features ({clusters} clusters), "
                f"{thousands(data['total'])} places"
            )
        elif path.startswith("/lieux/?"):
            filters = queries.PlaceFilters.from_query(QueryDict(path.split("?", 1)[1]))
            facts[name] = f"{thousands(queries.search(filters).count())} places found"
    return facts


def load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def say(text: str) -> None:
    print(text, flush=True)


def run(args: argparse.Namespace, workdir: Path) -> int:
    database_url = use_scratch_database(workdir)
    facts = {"Command": " ".join(["python -m bench", *sys.argv[1:]])}
    facts.update(prepare(args, say))
    if "pages" in args.cases:
        run_pages(args, workdir, database_url, dict(facts))
    if args.cases & {"export", "import"}:
        run_opendata(args, dict(facts))
    if "soak" in args.cases:  # last: its import is committed
        if database_url.startswith("sqlite"):
            run_soak(args, workdir, database_url)
        else:
            say("Soak skipped: it checks the default SQLite setup (BENCH_DATABASE_URL is set).")
    return 0


def run_soak(args: argparse.Namespace, workdir: Path, database_url: str) -> None:
    from bench import report, soak

    load_before = load()
    outcome = soak.run(
        workdir=workdir,
        database_url=database_url,
        import_rows=args.import_rows,
        seed=args.seed,
        say=say,
    )
    outcome.facts["Load average (1, 5, 15 min) before / after"] = f"{load_before} — {load()}"
    print()
    for name, value in outcome.facts.items():
        print(f"- {name}: {value}")
    print(f"\n{report.checks_table(outcome.items)}\n")
    missed = [item for item in outcome.items if not item.ok]
    if missed:
        details = "; ".join(f"{item.label} = {item.value} ({item.target})" for item in missed)
        print(f"SOAK CHECKS FAILED: {details}")
        for line in soak.problems(outcome):
            print(line)
    else:
        print("All soak checks passed.")


def run_opendata(args: argparse.Namespace, facts: dict[str, str]) -> None:
    from django.conf import settings

    from bench import opendata, report

    say("Open data…")
    load_before = load()
    measures = opendata.run_cases(args.cases, seed=args.seed, import_rows=args.import_rows, say=say)
    facts["Load average (1, 5, 15 min) before / after"] = f"{load_before} — {load()}"
    items = report.opendata_checks(
        measures,
        import_target=opendata.IMPORT_TARGET_S,
        export_target=opendata.EXPORT_TARGET_S,
        ratio=opendata.FLAT_MEMORY_RATIO,
    )
    print(f"\n{report.opendata_table(measures)}\n\n{report.checks_table(items)}\n")
    missed = [item for item in items if not item.ok]
    if missed:
        details = "; ".join(f"{item.label} = {item.value} ({item.target})" for item in missed)
        print(f"TARGETS MISSED: {details}")
    else:
        print("All open-data targets met.")
    if args.write:
        path = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
        text = report.opendata_section(
            measures=measures, items=items, facts=facts, when=datetime.now().astimezone()
        )
        report.write(path, text, start_mark=report.OPENDATA_START, end_mark=report.OPENDATA_END)
        print(f"{path.relative_to(settings.BASE_DIR)} updated (open data).")


def run_pages(args: argparse.Namespace, workdir: Path, database_url: str, facts: dict) -> None:
    import gunicorn
    from django.conf import settings
    from django.db import connections

    from bench import report

    paths = endpoints(args)
    connections.close_all()

    server = Server(database_url=database_url, log_path=workdir / "gunicorn.log")
    facts["Server"] = (
        f"gunicorn {gunicorn.__version__}, {server.workers} workers × {server.threads} threads, "
        "DEBUG off; one keep-alive connection, sequential requests"
    )
    say(f"gunicorn on http://127.0.0.1:{server.port}/ …")
    client = None
    load_before = load()
    try:
        server.start()
        client = Client(server.port)
        warm_up(client, paths, WARM_UP_ROUNDS)
        facts.update(describe_results(client, paths))
        timings = []
        for name, urls in paths.items():
            say(f"  {name}: {args.requests} requests…")
            timings.append(time_endpoint(client, name, urls, args.requests))
    finally:
        if client:
            client.close()
        server.stop()
    facts["Load average (1, 5, 15 min) before / after"] = f"{load_before} — {load()}"
    facts["Keep-alive reconnections"] = str(client.reconnects) if client else "0"

    baseline, map_france = timings[0], timings[1]
    items = report.checks(timings, baseline, map_france)
    print(f"\n{report.table(timings, baseline)}\n\n{report.checks_table(items)}\n")
    missed = [item for item in items if not item.ok]
    if missed:
        details = "; ".join(f"{item.label} = {item.value} ({item.target})" for item in missed)
        print(f"TARGETS MISSED: {details}")
    else:
        print("All targets met.")
    if args.write:
        path = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
        text = report.section(
            timings=timings,
            baseline=baseline,
            items=items,
            facts=facts,
            requests=args.requests,
            when=datetime.now().astimezone(),
        )
        report.write(path, text)
        print(f"{path.relative_to(settings.BASE_DIR)} updated.")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A SIGTERM (a CI timeout, say) unwinds like Ctrl-C, so that gunicorn is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    workdir = Path(tempfile.mkdtemp(prefix="placette-bench-"))
    try:
        return run(args, workdir)
    except BenchError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"Temporary directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
