"""The soak case: registrations at once while a national-size import and an outside calendar's
refresh write, on the default SQLite setup. Not a timing: it checks that nothing fails or is lost.

- One event of a synthetic place, one date with SEATS seats, registration open; an outside
  calendar (iCal, FEED_EVENTS events) subscribed by another place, served by a small HTTP
  server on 127.0.0.1.
- The production server (gunicorn as `make run`) and ONE `manage.py db_worker`, with e-mail
  written to files (Django's file backend) and the registration rate limits raised (every
  request comes from 127.0.0.1).
- Then, at the same time: `manage.py import_places FILE --format mednum` (a LaMednum file of
  `--import-rows` rows, one all-or-nothing transaction), the feed's refresh queued for the
  worker (its server answers once the import holds the write lock, so that the refresh writes
  meanwhile), and REGISTRATIONS browsers that fetched the form (CSRF cookie and token) and post
  it together once the import holds the lock.
- Once the import ends and the worker has run every task due: no 5xx, every post answered by
  the redirect to "look in your mailbox", a registration recorded for each (and only those),
  the worker still alive, one e-mail per registration (the link to confirm: nothing else in
  this scenario sends e-mail) carrying that registration's link, the import applied, the
  feed's events created.
"""

import email
import email.policy
import http.client
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

from bench.measure import HOST, BenchError, Server
from bench.report import Check

REGISTRATIONS = 40
SEATS = 100
FEED_EVENTS = 300
FEED_WEEKLY_EVERY = 10  # one feed event in ten repeats weekly (8 dates)
LOCK_WAIT = 180  # seconds for the import to take the write lock (startup and parse before)
LOCK_HELD = 1.0  # held this long without a break: the import's transaction, not a short one
FEED_HOLD = 12  # the feed's server waits at most this for the lock (the client reads in 15 s)
POST_TIMEOUT = 180  # seconds for one registration's answer
IMPORT_TIMEOUT = 900
DRAIN_TIMEOUT = 300  # seconds for the worker to run what is due once the import ended
STOP_TIMEOUT = 10
MAIL_TASK = "placette.core.mail.deliver"
FEED_TASK = "placette.events.services.feeds.refresh_feed"
RAISED_RATE = "10000/h"


@dataclass
class Answer:
    email: str
    status: int = 0  # 0: no answer (timeout, connection error)
    location: str = ""
    error: str = ""
    sent_at: float = 0.0  # seconds since the soak started
    seconds: float = 0.0


@dataclass
class Outcome:
    answers: list[Answer]
    lock_seen_at: float | None  # seconds since the soak started
    lock_freed_at: float | None  # the first moment after that the lock was free
    import_end: float | None  # seconds since the soak started; None: still running
    import_status: int | None
    facts: dict[str, str] = field(default_factory=dict)
    items: list[Check] = field(default_factory=list)
    logs: dict[str, Path] = field(default_factory=dict)


# --- The outside calendar -------------------------------------------------------------------


def ics(events: int, *, today: datetime) -> bytes:
    """An iCal feed of `events` events over the coming months; one in FEED_WEEKLY_EVERY weekly."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Placette bench//soak//FR"]
    for n in range(events):
        start = today + timedelta(days=1 + n % 120, hours=9 + n % 9)  # 8 weeks fit in 180 days
        lines += [
            "BEGIN:VEVENT",
            f"UID:soak-{n}@bench.invalid",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Paris:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Paris:{start + timedelta(hours=2):%Y%m%dT%H%M%S}",
            f"SUMMARY:Atelier numérique n° {n}",
            "DESCRIPTION:Initiation, sur inscription auprès du lieu.",
        ]
        if n % FEED_WEEKLY_EVERY == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=8")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def expected_feed_dates(events: int) -> int:
    weekly = len(range(0, events, FEED_WEEKLY_EVERY))
    return events - weekly + 8 * weekly


class FeedServer:
    """Serves one .ics on 127.0.0.1; answers once `go` is set (FEED_HOLD seconds at most)."""

    def __init__(self, body: bytes, go: threading.Event):
        self.requests = 0
        self.answered_at: float | None = None  # time.monotonic() of the last answer

        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler):  # noqa: N802, N805 (http.server's name; `self` is the server)
                self.requests += 1
                go.wait(FEED_HOLD)
                handler.send_response(200)
                handler.send_header("Content-Type", "text/calendar; charset=utf-8")
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)
                self.answered_at = time.monotonic()

            def log_message(handler, *args):  # noqa: N805
                pass

        self.httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}/agenda.ics"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(STOP_TIMEOUT)


# --- The task worker ------------------------------------------------------------------------


class Worker:
    """ONE `manage.py db_worker`, as `make run` starts it but without its restart loop: a worker
    that dies stays dead, and the soak sees it."""

    def __init__(self, *, env: dict[str, str], log_path: Path):
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        from django.conf import settings

        log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (fixed command, our own interpreter)
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "2"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        _stop(self.process)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)
    except ProcessLookupError:
        pass


# --- Registrations, as browsers send them ---------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def register(port: int, path: str, answer: Answer, go: threading.Event, started: float) -> None:
    """Fetch the form (CSRF cookie and token), wait for `go`, post it; fill `answer`."""
    connection = http.client.HTTPConnection(HOST, port, timeout=POST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        page = response.read().decode("utf-8", "replace")
        cookies = [
            value.split(";", 1)[0]
            for name, value in response.getheaders()
            if name.lower() == "set-cookie"
        ]
        token = CSRF_INPUT.search(page)
        if response.status != 200 or token is None:
            answer.status, answer.error = response.status, "form page without a CSRF token"
            return
        connection.close()  # gunicorn closes idle keep-alive connections after 2 s
        go.wait()
        connection = http.client.HTTPConnection(HOST, port, timeout=POST_TIMEOUT)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "name": f"Personne {answer.email.split('@')[0]}",
                "email": answer.email,
                "phone": "",
                "public": "",
            }
        )
        headers = {
            "Host": HOST,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(cookies),
            "Referer": f"http://{HOST}:{port}{path}",
        }
        answer.sent_at = time.monotonic() - started
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        answer.seconds = time.monotonic() - started - answer.sent_at
        answer.status = response.status
        answer.location = response.getheader("Location", "")
    except (OSError, http.client.HTTPException) as exc:
        answer.error = repr(exc)
    finally:
        connection.close()


# --- Waiting ------------------------------------------------------------------------------


def wait_for_write_lock(database: str, process: subprocess.Popen, started: float) -> float | None:
    """Seconds (since `started`) when a writer was seen holding SQLite's write lock for LOCK_HELD
    without a break (the import's transaction); None if the import ended or LOCK_WAIT passed.
    Each probe is BEGIN IMMEDIATE with no wait, rolled back at once when it gets the lock."""
    probe = sqlite3.connect(database, timeout=0, isolation_level=None)
    held_since = None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                held_since = None
            except sqlite3.OperationalError:
                held_since = held_since or time.monotonic()
                if time.monotonic() - held_since >= LOCK_HELD:
                    return held_since - started
            time.sleep(0.05)
    finally:
        probe.close()
    return None


def watch_release(database: str, started: float, into: list[float]) -> None:
    """Append the moment (since `started`) the write lock was first free again (IMPORT_TIMEOUT
    at most)."""
    probe = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        deadline = time.monotonic() + IMPORT_TIMEOUT
        while time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                into.append(time.monotonic() - started)
                return
            except sqlite3.OperationalError:
                time.sleep(0.05)
    finally:
        probe.close()


def drain(worker: Worker, timeout: float) -> bool:
    """Wait until no task due is left (READY now, or RUNNING); False on timeout or a dead worker."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.alive():
        tasks = DBTaskResult.objects
        if not tasks.ready().exists() and not tasks.running().exists():
            return True
        connections.close_all()
        time.sleep(1)
    return False


# --- Reading what happened -----------------------------------------------------------------


def read_mailbox(directory: Path) -> list[email.message.EmailMessage]:
    """The messages Django's file backend wrote (each followed by a line of 79 dashes)."""
    messages = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def body_text(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def log_lines(path: Path, *words: str, limit: int = 12) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [line for line in lines if any(word in line for word in words)][:limit]


# --- The case -------------------------------------------------------------------------------


def setup_agenda(feed_url: str):
    """The event open to registration and the subscribed feed, on two synthetic places."""
    from django.utils import timezone

    from placette.events.services import events as event_services
    from placette.events.services import feeds
    from placette.places.models import Place

    places = list(Place.objects.filter(is_published=True).order_by("pk")[:2])
    if len(places) < 2:
        raise BenchError("the soak needs two published places (--places 2 at least)")
    day = timezone.localdate() + timedelta(days=14)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=14)
    event = event_services.create_event(
        place=places[0],
        fields={
            "title": "Atelier soak",
            "kind": "atelier",
            "registration": True,
            "capacity": SEATS,
        },
        dates=[{"start": start, "end": start + timedelta(hours=2)}],
    )
    event_services.publish(event=event)
    occurrence = event.occurrences.get()
    feed = feeds.add_feed(place=places[1], url=feed_url)
    return occurrence, feed


def environment(mailbox: Path) -> dict[str, str]:
    """What the server, the worker and the import get besides the bench's usual environment."""
    return {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mailbox),
        # Every request comes from 127.0.0.1, all to one date.
        "PLACETTE_REGISTRATION_RATE_IP": RAISED_RATE,
        "PLACETTE_REGISTRATION_RATE_DATE": RAISED_RATE,
        "PLACETTE_FEEDS_ALLOW_PRIVATE": "1",  # the feed is served from 127.0.0.1
    }


class Watch:
    """When a process ended, seen from a thread (seconds since `started`)."""

    def __init__(self, process: subprocess.Popen, started: float):
        self.ended_at: float | None = None

        def wait() -> None:
            process.wait()
            self.ended_at = time.monotonic() - started

        self.thread = threading.Thread(target=wait, daemon=True)
        self.thread.start()

    def wait(self, timeout: float) -> float | None:
        self.thread.join(timeout)
        return self.ended_at


def run(*, workdir: Path, database_url: str, import_rows: int, seed: int, say) -> Outcome:
    from django.conf import settings
    from django.db import connections
    from django.utils import timezone

    from bench.opendata import lamednum_csv
    from placette.events.services import feeds

    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        raise BenchError("the soak case is for the default SQLite setup: unset BENCH_DATABASE_URL")
    database = str(settings.DATABASES["default"]["NAME"])
    mailbox = workdir / "mail"
    mailbox.mkdir()
    csv_path = workdir / "soak-lamednum.csv"
    say(f"Soak: writing a LaMednum CSV of {import_rows:,} places and a feed of {FEED_EVENTS}…")
    csv_path.write_text(lamednum_csv(import_rows, seed=seed + 14), encoding="utf-8")
    go = threading.Event()
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    feed_server = FeedServer(ics(FEED_EVENTS, today=today), go)
    occurrence, feed = setup_agenda(feed_server.url)
    path = f"/agenda/dates/{occurrence.uid}/inscription/"
    connections.close_all()

    server = Server(
        database_url=database_url,
        log_path=workdir / "gunicorn.log",
        extra_env=environment(mailbox),
    )
    env = server.environment()
    worker = Worker(env=env, log_path=workdir / "worker.log")
    import_log = workdir / "import.log"
    importer = None
    lock_seen_at = import_end = import_status = None
    freed: list[float] = []
    drained = alive = False
    drain_end = 0.0
    answers = [Answer(email=f"soak{n:02d}@example.org") for n in range(REGISTRATIONS)]
    threads = []
    try:
        feed_server.start()
        say(f"  gunicorn on http://{HOST}:{server.port}/ and one db_worker…")
        server.start()
        worker.start()
        started = time.monotonic()
        feeds.refresh_later(feed=feed)
        connections.close_all()
        with import_log.open("wb") as log:
            importer = subprocess.Popen(  # noqa: S603 (fixed command, our own interpreter)
                [sys.executable, "manage.py", "import_places", str(csv_path), "--format", "mednum"],
                cwd=settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        watch = Watch(importer, started)
        for answer in answers:
            thread = threading.Thread(
                target=register, args=(server.port, path, answer, go, started), daemon=True
            )
            thread.start()
            threads.append(thread)
        say("  import started, feed refresh queued; waiting for the import's write lock…")
        lock_seen_at = wait_for_write_lock(database, importer, started)
        go.set()
        if lock_seen_at is not None:
            release = threading.Thread(
                target=watch_release, args=(database, started, freed), daemon=True
            )
            release.start()
        say(
            f"  {REGISTRATIONS} registrations posted at {time.monotonic() - started:.1f} s"
            + (f" (lock held since {lock_seen_at:.1f} s)" if lock_seen_at is not None else "")
        )
        for thread in threads:
            thread.join(POST_TIMEOUT + 30)
        import_end = watch.wait(IMPORT_TIMEOUT)
        import_status = importer.poll()
        say(
            f"  import ended at {import_end:.1f} s; waiting for the worker to run what is due…"
            if import_end is not None
            else f"  import still running after {IMPORT_TIMEOUT} s: stopped"
        )
        drained = drain(worker, DRAIN_TIMEOUT)
        alive = worker.alive()
        drain_end = time.monotonic() - started
    finally:
        go.set()
        _stop(importer)
        worker.stop()
        server.stop()
        feed_server.stop()
    outcome = Outcome(
        answers=answers,
        lock_seen_at=lock_seen_at,
        lock_freed_at=freed[0] if freed else None,
        import_end=import_end,
        import_status=import_status,
        logs={"gunicorn": server.log_path, "worker": worker.log_path, "import": import_log},
    )
    check(
        outcome,
        occurrence=occurrence,
        feed=feed,
        mailbox=mailbox,
        alive=alive,
        drained=drained,
        drain_end=drain_end,
        import_rows=import_rows,
        feed_requests=feed_server.requests,
        feed_answered=feed_server.answered_at and feed_server.answered_at - started,
    )
    return outcome


def check(outcome: Outcome, *, occurrence, feed, mailbox, alive, drained, drain_end, **more):
    from django_tasks_db.models import DBTaskResult

    from placette.events.models import Event, Occurrence, Registration
    from placette.sources.models import ImportRun

    answers = outcome.answers
    statuses = Counter(a.status for a in answers)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    no_answer = statuses.get(0, 0)
    redirected = {a.email for a in answers if a.status == 302 and "/courriel/" in a.location}
    rows = {r.email: r for r in Registration.objects.filter(occurrence=occurrence)}
    lost = redirected - set(rows)
    unanswered = set(rows) - redirected  # recorded, but the person saw an error
    locked, freed, ended = outcome.lock_seen_at, outcome.lock_freed_at, outcome.import_end
    during = [
        a
        for a in answers
        if a.sent_at and locked is not None and freed is not None and locked <= a.sent_at < freed
    ]
    tasks = DBTaskResult.objects.all()
    mail_tasks = Counter(tasks.filter(task_path=MAIL_TASK).values_list("status", flat=True))
    feed_tasks = Counter(tasks.filter(task_path=FEED_TASK).values_list("status", flat=True))
    messages = read_mailbox(mailbox)
    to = Counter(str(address) for m in messages for address in m.get_all("To", []))
    with_link = sum(
        1
        for m in messages
        for address in map(str, m.get_all("To", []))
        if address in rows and rows[address].token in body_text(m)
    )
    run = ImportRun.objects.order_by("-pk").first()
    feed.refresh_from_db()
    feed_events = Event.objects.filter(feed=feed).count()
    feed_dates = Occurrence.objects.filter(event__feed=feed).count()
    seconds = sorted(a.seconds for a in answers if a.status)
    rows_expected = more["import_rows"]
    by_status = ", ".join(f"{n} {s}" for s, n in Counter(r.status for r in rows.values()).items())

    outcome.facts.update(
        {
            "Answers to the posts": ", ".join(
                f"{n} × {status or 'none'}" for status, n in sorted(statuses.items())
            ),
            "Import's write lock": (
                f"held from {locked:.1f} s (at the latest) to {freed or 0:.1f} s"
                if locked is not None
                else "never seen held"
            ),
            "Posted while the import held the write lock": f"{len(during)} of {len(answers)}",
            "Registration answer time": (
                f"median {seconds[len(seconds) // 2]:.1f} s, max {seconds[-1]:.1f} s"
                if seconds
                else "no answer"
            ),
            "Registrations recorded": f"{len(rows)} ({by_status})",
            "Import": (
                f"exit {outcome.import_status}, ended at {ended or 0:.1f} s; run "
                + (f"{run.status}, {run.created:,} created" if run else "not recorded")
            ),
            "Feed": (
                f"fetched {more['feed_requests']} time(s), answered at "
                f"{more['feed_answered'] or 0:.1f} s; "
                f"{feed_events} events, {feed_dates} dates "
                f"(expected {FEED_EVENTS}, {expected_feed_dates(FEED_EVENTS)}); "
                f"error: {feed.last_error or 'none'}; tasks {dict(feed_tasks)}"
            ),
            "Mail tasks": str(dict(mail_tasks)),
            "Worker": f"{'alive' if alive else 'DEAD'}; queue drained by {drain_end:.1f} s"
            if drained
            else f"{'alive' if alive else 'DEAD'}; queue NOT drained",
        }
    )
    expected_mail = len(rows)
    outcome.items = [
        Check("HTTP 5xx answers", str(server_errors), "0", server_errors == 0),
        Check("posts without an answer", str(no_answer), "0", no_answer == 0),
        Check(
            "posts answered by the redirect",
            f"{len(redirected)} of {len(answers)}",
            f"{len(answers)}",
            len(redirected) == len(answers),
        ),
        Check("registrations lost (answered, not recorded)", str(len(lost)), "0", not lost),
        Check(
            "registrations recorded, answered by an error",
            str(len(unanswered)),
            "0",
            not unanswered,
        ),
        Check(
            "posts sent while the import held the lock",
            f"{len(during)}",
            f"{len(answers)}",
            len(during) == len(answers),
        ),
        Check("worker alive at the end", "yes" if alive else "no", "yes", alive),
        Check("queue drained (tasks due)", "yes" if drained else "no", "yes", drained),
        Check(
            "e-mails written",
            f"{len(messages)}",
            f"{expected_mail} (one per registration)",
            len(messages) == expected_mail
            and set(to) == set(rows)
            and all(n == 1 for n in to.values()),
        ),
        Check(
            "e-mails with the registration's own link",
            str(with_link),
            str(expected_mail),
            with_link == expected_mail,
        ),
        Check(
            "import applied",
            f"{run.created:,} created" if run else "no run",
            f"{rows_expected:,}",
            bool(run and run.status == ImportRun.Status.APPLIED and run.created == rows_expected),
        ),
        Check(
            "feed events created",
            f"{feed_events} ({feed_dates} dates)",
            f"{FEED_EVENTS} ({expected_feed_dates(FEED_EVENTS)} dates)",
            feed_events == FEED_EVENTS
            and feed_dates == expected_feed_dates(FEED_EVENTS)
            and not feed.last_error,
        ),
    ]
    return outcome


def problems(outcome: Outcome) -> list[str]:
    """Log lines worth showing when a check failed."""
    words = ("Traceback", "Error", "locked", "500", "exited", "CRITICAL")
    lines = [f"[client] {a.email}: {a.error}" for a in outcome.answers if a.error][:5]
    for name, path in outcome.logs.items():
        lines += [f"[{name}] {line}" for line in log_lines(path, *words)]
    return lines
