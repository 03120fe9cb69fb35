"""`python -m placette.bench`: 100 000 synthetic places, the production server, timings.

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
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from .measure import BenchError, Client, Server, time_endpoint, warm_up
from .report import thousands

CITIES = {  # map centre of a 1280×800 window at zoom 13
    "lyon": (45.7578, 4.8320),
    "nantes": (47.2184, -1.5536),
}
FRANCE_MAP = "/api/v1/places.geojson?bbox=-5.5,41.2,9.8,51.2&zoom=5"
TEXT_SEARCH = {"q": "coworking lyon"}
TWO_FILTERS = {"famille": "fablab", "departement": "69"}
WARM_UP_ROUNDS = 5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m placette.bench", description=__doc__)
    parser.add_argument("--places", type=int, default=100_000, help="lieux générés (100 000)")
    parser.add_argument("--requests", type=int, default=200, help="requêtes par mesure (200)")
    parser.add_argument("--seed", type=int, default=2019, help="graine du générateur")
    parser.add_argument("--city", choices=sorted(CITIES), default="lyon", help="carte zoom 13")
    parser.add_argument("--write", action="store_true", help="mettre à jour docs/benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="garder le dossier temporaire")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="avec BENCH_DATABASE_URL : mesurer les lieux déjà présents sans en générer",
    )
    args = parser.parse_args(argv)
    if args.places < 1 or not 1 <= args.requests <= 10_000:
        parser.error("--places ≥ 1 et 1 ≤ --requests ≤ 10 000")
    if args.reuse and not os.environ.get("BENCH_DATABASE_URL"):
        parser.error("--reuse demande BENCH_DATABASE_URL")
    return args


def viewport_bbox(lat: float, lon: float, zoom: int, width: int = 1280, height: int = 800):
    """West, south, east, north of a web-mercator window of width×height pixels."""
    scale = 256 * 2**zoom
    x = (lon + 180) / 360 * scale
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * scale

    def lon_lat(px: float, py: float) -> tuple[float, float]:
        return px / scale * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / scale))))

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
        raise BenchError("BENCH_DATABASE_URL désigne la base du projet : refusé.")
    return url


def prepare(args: argparse.Namespace, say) -> dict[str, str]:
    from django.conf import settings
    from django.core.management import call_command

    from placette.places.models import Place, PlaceTag

    from . import generate

    call_command("migrate", interactive=False, verbosity=0)
    existing = Place.objects.count()
    facts = {}
    if args.reuse and existing:
        say(f"{existing} lieux déjà présents, pas de génération (--reuse).")
    elif existing:
        raise BenchError(
            f"la base de BENCH_DATABASE_URL contient déjà {existing} lieux : "
            "il faut une base vide (ou --reuse pour mesurer ceux-là)."
        )
    else:
        say(f"Génération de {args.places} lieux synthétiques…")
        done = generate.populate(args.places, seed=args.seed, progress=say)
        say(f"  fait en {done['seconds']:.1f} s")
        facts["Génération"] = (
            f"{thousands(done['places'])} lieux, {thousands(done['tags'])} étiquettes "
            f"en {done['seconds']:.0f} s"
        )
    published = Place.objects.filter(is_published=True).count()
    facts["Lieux en base"] = (
        f"{thousands(Place.objects.count())} dont {thousands(published)} publiés, "
        f"{thousands(PlaceTag.objects.count())} étiquettes"
    )
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        say("collectstatic (manifeste absent)…")
        call_command("collectstatic", interactive=False, verbosity=0)
    return facts


def endpoints(args: argparse.Namespace) -> dict[str, list[str]]:
    from placette.places.models import Place

    slugs = list(Place.objects.filter(is_published=True).values_list("slug", flat=True))
    rng = random.Random(args.seed)
    sample = rng.sample(slugs, min(len(slugs), args.requests))
    city = ",".join(str(v) for v in viewport_bbox(*CITIES[args.city], zoom=13))
    return {
        "/sante/ (vue triviale)": ["/sante/"],
        "Carte France, zoom 5": [FRANCE_MAP],
        f"Carte {args.city.capitalize()}, zoom 13": [
            f"/api/v1/places.geojson?bbox={city}&zoom=13"
        ],
        "Liste, recherche texte": [f"/lieux/?{urlencode(TEXT_SEARCH)}"],
        "Liste, deux filtres": [f"/lieux/?{urlencode(TWO_FILTERS)}"],
        "Fiche d'un lieu": [f"/lieux/{slug}/" for slug in sample],
    }


def describe_results(client: Client, paths: dict[str, list[str]]) -> dict[str, str]:
    """How much each map and list request returns, for the record."""
    from placette.places import queries
    from placette.places.models import Place  # noqa: F401 (settings already loaded)

    facts = {}
    for name, (path, *_rest) in paths.items():
        if "geojson" in path:
            data = json.loads(client.get(path)[1])
            clusters = sum(1 for f in data["features"] if f["properties"].get("cluster"))
            facts[name] = (
                f"{len(data['features'])} éléments ({clusters} groupes) "
                f"pour {thousands(data['total'])} lieux"
            )
    for name, params in (("Liste, recherche texte", TEXT_SEARCH), ("Liste, deux filtres", TWO_FILTERS)):
        from django.http import QueryDict

        filters = queries.PlaceFilters.from_query(QueryDict(urlencode(params)))
        facts[name] = f"{thousands(queries.search(filters).count())} lieux trouvés"
    return facts


def run(args: argparse.Namespace, workdir: Path) -> int:
    def say(text: str) -> None:
        print(text, flush=True)

    database_url = use_scratch_database(workdir)
    from django.conf import settings
    from django.db import connections

    from . import report

    facts = prepare(args, say)
    paths = endpoints(args)
    connections.close_all()

    server = Server(database_url=database_url, log_path=workdir / "gunicorn.log")
    say(f"gunicorn sur http://127.0.0.1:{server.port}/ (2 workers × 4 threads, DEBUG off)…")
    client = None
    try:
        server.start()
        client = Client(server.port)
        warm_up(client, paths, WARM_UP_ROUNDS)
        facts.update(describe_results(client, paths))
        timings = []
        for name, urls in paths.items():
            say(f"  {name} : {args.requests} requêtes…")
            timings.append(time_endpoint(client, name, urls, args.requests))
    finally:
        if client:
            client.close()
        server.stop()

    baseline, map_france = timings[0], timings[1]
    items = report.checks(timings, baseline, map_france)
    print()
    print(report.table(timings, baseline))
    print()
    print(report.checks_table(items))
    print()
    missed = [item for item in items if not item.ok]
    if missed:
        print("CIBLES MANQUÉES : " + "; ".join(f"{i.label} = {i.value} ({i.target})" for i in missed))
    else:
        print("Toutes les cibles sont atteintes.")
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
        print(f"{path.relative_to(settings.BASE_DIR)} mis à jour.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="placette-bench-"))
    try:
        return run(args, workdir)
    except BenchError as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrompu", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"Dossier temporaire gardé : {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
