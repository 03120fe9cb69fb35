"""The results table, the machine it ran on, and the generated part of docs/benchmarks.md."""

import os
import platform
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django

from bench.measure import Timing

P95_TARGET_MS = 100.0
PAYLOAD_TARGET_BYTES = 50_000  # 50 kB in thousands of bytes, the stricter reading
START = "<!-- bench:start (written by `make bench BENCH_ARGS=--write`: do not edit by hand) -->"
END = "<!-- bench:end -->"
OPENDATA_START = "<!-- bench-opendata:start (written by `make bench BENCH_ARGS=--write`) -->"
OPENDATA_END = "<!-- bench-opendata:end -->"


def thousands(number: int) -> str:
    return f"{number:,}"


@dataclass(frozen=True)
class Check:
    label: str
    value: str
    target: str
    ok: bool


def checks(timings: list[Timing], baseline: Timing, map_france: Timing) -> list[Check]:
    result = [
        Check(
            f"p95 {t.name}", f"{t.p95:.1f} ms", f"< {P95_TARGET_MS:.0f} ms", t.p95 < P95_TARGET_MS
        )
        for t in timings
        if t is not baseline
    ]
    result.append(
        Check(
            f"payload {map_france.name}",
            f"{thousands(map_france.payload_bytes)} B",
            f"< {PAYLOAD_TARGET_BYTES // 1000} kB",
            map_france.payload_bytes < PAYLOAD_TARGET_BYTES,
        )
    )
    return result


def table(timings: list[Timing], baseline: Timing) -> str:
    lines = [
        "| Endpoint | Request | Median (ms) | p95 (ms) | × /sante/ (median) | Response (bytes) |",
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
    lines = ["| Target | Measured | Goal | Result |", "|---|---:|---:|---|"]
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
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def _database() -> str:
    from django.db import connection

    where = "BENCH_DATABASE_URL" if os.environ.get("BENCH_DATABASE_URL") else "temporary file"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} ({where}, WAL, mmap)"
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 10000} ({where})"
    return f"{connection.vendor} ({where})"


def machine() -> dict[str, str]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "CPU": _cpu_model(),
        "Cores": f"{usable} usable ({os.cpu_count()} seen by the system)",
        "Memory": _ram(),
        "System": platform.platform(),
        "Python": sys.version.split()[0],
        "Django": django.get_version(),
        "SQLite library": sqlite3.sqlite_version,
        "Database measured": _database(),
    }


def section(
    *, timings, baseline, items, facts: dict[str, str], requests: int, when: datetime
) -> str:
    verdict = "all targets met" if all(i.ok for i in items) else "targets missed"
    info = "\n".join(f"- **{key}**: {value}" for key, value in {**machine(), **facts}.items())
    return "\n\n".join(
        [
            START,
            f"Measured on {when:%Y-%m-%d %H:%M} ({when.tzname() or 'local time'}), "
            f"{requests} sequential requests per row: **{verdict}**.",
            info,
            table(timings, baseline),
            checks_table(items),
            END,
        ]
    )


def write(path: Path, text: str, *, start_mark: str = START, end_mark: str = END) -> None:
    """Replace the generated section of `path` (or append it, or create the file)."""
    if path.exists():
        current = path.read_text(encoding="utf-8")
        start, end = current.find(start_mark), current.find(end_mark)
        if start != -1 and end != -1:
            current = current[:start] + text + current[end + len(end_mark) :]
        else:
            current = current.rstrip() + "\n\n" + text + "\n"
    else:
        current = f"# Benchmarks\n\n{text}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(current, encoding="utf-8")


def _mib(value: int | None) -> str:
    return f"{value / 2**20:,.0f}" if value is not None else "–"


def opendata_table(measures) -> str:
    """The open-data cases (bench.opendata.Measure)."""
    lines = [
        "| Case | Places | Time (s) | CPU (s) | Places per second | Output (MB) "
        "| Python peak (MiB) | RssAnon peak (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        rate = m.places / m.seconds if m.seconds else 0
        extra = "".join(f" ({key} {value})" for key, value in m.details.items())
        size = f"{m.size / 1e6:,.1f}" if m.size else "–"
        lines.append(
            f"| {m.name}{extra} | {thousands(m.places)} | {m.seconds:.1f} | {m.cpu_seconds:.1f} "
            f"| {thousands(round(rate))} | {size} "
            f"| {_mib(m.python_peak)} | {_mib(m.rss_anon_peak)} |"
        )
    return "\n".join(lines)


def opendata_checks(measures, *, import_target: float, export_target: float, ratio: float):
    targets = {"import": import_target, "csv": export_target, "geojson": export_target}
    items = [
        Check(m.name, f"{m.seconds:.1f} s", f"< {targets[m.key]:.0f} s", m.seconds < targets[m.key])
        for m in measures
        if m.key in targets
    ]
    by_key = {m.key: m for m in measures}
    if "csv" in by_key and "csv-small" in by_key:
        big, small = by_key["csv"], by_key["csv-small"]
        value = big.python_peak / small.python_peak
        items.append(
            Check(
                f"Python peak, {thousands(big.places)} vs {thousands(small.places)} places (CSV)",
                f"× {value:.2f}",
                f"≤ × {ratio}",
                value <= ratio,
            )
        )
    return items


def opendata_section(*, measures, items, facts: dict[str, str], when: datetime) -> str:
    verdict = "all targets met" if all(i.ok for i in items) else "targets missed"
    info = "\n".join(f"- **{key}**: {value}" for key, value in {**machine(), **facts}.items())
    return "\n\n".join(
        [
            OPENDATA_START,
            f"Measured on {when:%Y-%m-%d %H:%M} ({when.tzname() or 'local time'}): **{verdict}**.",
            info,
            opendata_table(measures),
            checks_table(items),
            OPENDATA_END,
        ]
    )
