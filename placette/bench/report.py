"""The results table, the machine it ran on, and the generated part of docs/benchmarks.md."""

import os
import platform
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django

from .measure import Timing

P95_TARGET_MS = 100.0
PAYLOAD_TARGET_BYTES = 50_000  # 50 kB, counted in thousands: the stricter reading
START = "<!-- bench:start — généré par `make bench BENCH_ARGS=--write`, ne pas éditer à la main -->"
END = "<!-- bench:end -->"


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class Check:
    label: str
    value: str
    target: str
    ok: bool


def checks(timings: list[Timing], baseline: Timing, map_france: Timing) -> list[Check]:
    result = [
        Check(f"p95 {t.name}", f"{t.p95:.1f} ms", f"< {P95_TARGET_MS:.0f} ms", t.p95 < P95_TARGET_MS)
        for t in timings
        if t is not baseline
    ]
    result.append(
        Check(
            f"poids {map_france.name}",
            f"{thousands(map_france.payload_bytes)} o",
            f"< {PAYLOAD_TARGET_BYTES // 1000} ko",
            map_france.payload_bytes < PAYLOAD_TARGET_BYTES,
        )
    )
    return result


def table(timings: list[Timing], baseline: Timing) -> str:
    lines = [
        "| Mesure | Requête | Médiane (ms) | p95 (ms) | × /sante/ (médiane) | Réponse (octets) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for t in timings:
        ratio = t.median / baseline.median if baseline.median else float("nan")
        lines.append(
            f"| {t.name} | `{t.path}` | {t.median:.1f} | {t.p95:.1f} | {ratio:.1f} "
            f"| {thousands(t.payload_bytes)} |"
        )
    return "\n".join(lines)


def checks_table(items: list[Check]) -> str:
    lines = ["| Cible | Mesuré | Objectif | Résultat |", "|---|---:|---:|---|"]
    for item in items:
        verdict = "PASS" if item.ok else "**FAIL**"
        lines.append(f"| {item.label} | {item.value} | {item.target} | {verdict} |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} Gio"
    except OSError:
        pass
    return "?"


def _database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} (fichier temporaire, WAL)"
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 10000} (BENCH_DATABASE_URL)"
    return connection.vendor


def machine() -> dict[str, str]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "Processeur": _cpu_model(),
        "Cœurs": f"{usable} utilisables ({os.cpu_count()} vus par le système)",
        "Mémoire": _ram(),
        "Système": platform.platform(),
        "Python": sys.version.split()[0],
        "Django": django.get_version(),
        "SQLite (bibliothèque)": sqlite3.sqlite_version,
        "Base mesurée": _database(),
    }


def section(
    *, timings, baseline, items, facts: dict[str, str], requests: int, when: datetime
) -> str:
    verdict = "toutes les cibles sont atteintes" if all(i.ok for i in items) else "cibles manquées"
    info = "\n".join(f"- **{key}** : {value}" for key, value in {**machine(), **facts}.items())
    return "\n\n".join(
        [
            START,
            f"Mesures du {when:%Y-%m-%d %H:%M} ({when.tzname() or 'heure locale'}), "
            f"{requests} requêtes séquentielles par ligne : **{verdict}**.",
            info,
            table(timings, baseline),
            checks_table(items),
            END,
        ]
    )


def write(path: Path, text: str) -> None:
    """Replace the generated section of `path` (or append it, or create the file)."""
    if path.exists():
        current = path.read_text(encoding="utf-8")
        start, end = current.find(START), current.find(END)
        if start != -1 and end != -1:
            current = current[:start] + text + current[end + len(END) :]
        else:
            current = current.rstrip() + "\n\n" + text + "\n"
    else:
        current = f"# Mesures de performance\n\n{text}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(current, encoding="utf-8")
