"""`make run` starts the task worker again when it dies, and stops it with the web server."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Stand-ins for the virtualenv's programs: the worker dies at once; the "web server" waits
# until the worker has been started twice (or gives up), then stops like a Ctrl-C would.
FAKE_PYTHON = """#!/bin/sh
[ "$2" = db_worker ] || exit 0
echo started >> "$(dirname "$0")/starts"
exit 1
"""
FAKE_GUNICORN = """#!/bin/sh
for i in $(seq 100); do
  [ "$(wc -l < "$(dirname "$0")/starts" 2>/dev/null)" -ge 2 ] 2>/dev/null && exit 0
  sleep 0.1
done
exit 3
"""


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_the_worker_is_restarted_when_it_dies(tmp_path):
    for name, text in {"python": FAKE_PYTHON, "gunicorn": FAKE_GUNICORN}.items():
        (tmp_path / name).write_text(text)
        (tmp_path / name).chmod(0o755)
    started = time.monotonic()
    done = subprocess.run(
        ["make", "-s", "-o", "setup", "run", f"BIN={tmp_path}", "WORKER_PAUSE=0.2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 9
    assert "db_worker exited (status 1), restarting" in done.stderr
    count = len((tmp_path / "starts").read_text().split())
    time.sleep(0.5)  # stopped with the server: no start after it
    assert len((tmp_path / "starts").read_text().split()) == count
