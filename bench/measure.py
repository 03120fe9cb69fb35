"""The production server on a loopback port, and sequential timed requests to it."""

import http.client
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, for the server and the client
START_TIMEOUT = 60.0  # seconds for gunicorn to answer /sante/
REQUEST_TIMEOUT = 30.0  # seconds for one response
STOP_TIMEOUT = 10.0


class BenchError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn placette.wsgi as `make run` starts it, DEBUG off, on the scratch database."""

    def __init__(
        self,
        *,
        database_url: str,
        log_path: Path,
        workers: int = 2,
        threads: int = 4,
        extra_env: dict[str, str] | None = None,
    ):
        self.database_url = database_url
        self.extra_env = extra_env or {}
        self.log_path = log_path
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "placette.wsgi",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.workers),
            "--threads", str(self.threads),
            "--no-control-socket",  # as `make run`: no socket left in ~/.gunicorn
        ]  # fmt: skip

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PLACETTE_ENV", None)  # no HTTPS redirect on a loopback port
        env.update(
            DATABASE_URL=self.database_url,
            DJANGO_DEBUG="0",
            DJANGO_ALLOWED_HOSTS=HOST,
            DJANGO_SETTINGS_MODULE="placette.settings",
        )
        env.update(self.extra_env)
        return env

    def start(self) -> None:
        from django.conf import settings

        log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (fixed command, our own interpreter)
            self.command,
            cwd=settings.BASE_DIR,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that stop() reaches workers
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped while starting:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
                connection.request("GET", "/sante/")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
                connection.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"no answer from /sante/ after {START_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        process = self.process
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

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Timing:
    name: str
    path: str  # the path requested, or the first of those requested in turn
    latencies_ms: list[float]
    payload_bytes: int  # size of the body of the first measured response

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies_ms)  # nearest-rank percentile
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Client:
    """One keep-alive HTTP/1.1 connection; reconnects if the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.connection = self._connect()
        self.reconnects = 0

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)

    def get(self, path: str) -> tuple[float, bytes]:
        """(milliseconds from sending to the last byte, body) of a GET that must answer 200."""
        for attempt in range(2):
            started = time.perf_counter()
            try:
                self.connection.request("GET", path, headers={"Host": HOST})
                response = self.connection.getresponse()
                body = response.read()
            except TimeoutError as exc:
                raise BenchError(f"GET {path}: no answer in {REQUEST_TIMEOUT:.0f} s") from exc
            except (http.client.RemoteDisconnected, ConnectionError) as exc:
                self.connection.close()
                self.connection = self._connect()
                self.reconnects += 1
                if attempt:
                    raise BenchError(f"GET {path}: {exc}") from exc
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                snippet = body[:300].decode("utf-8", "replace")
                raise BenchError(f"GET {path}: HTTP {response.status}\n{snippet}")
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = self._connect()
            return elapsed, body
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def time_endpoint(client: Client, name: str, paths: list[str], requests: int) -> Timing:
    """`requests` sequential GETs, cycling through `paths`."""
    latencies, payload = [], 0
    for i in range(requests):
        elapsed, body = client.get(paths[i % len(paths)])
        latencies.append(elapsed)
        if i == 0:
            payload = len(body)
    shown = paths[0] if len(paths) == 1 else f"{paths[0]} … ({len(paths)} pages in turn)"
    return Timing(name=name, path=shown, latencies_ms=latencies, payload_bytes=payload)


def warm_up(client: Client, endpoints: dict[str, list[str]], rounds: int) -> None:
    for _ in range(rounds):
        for paths in endpoints.values():
            for path in paths[:3]:
                client.get(path)
