"""Fault drill: PostgreSQL restarted while the site is in use (issue: production operation).

Starts `make serve`'s script on its own database and port, logs a Lapas operator in, then keeps
asking for the inmate list and /healthz while the local PostgreSQL cluster restarts. Requests
during the restart must fail cleanly (503 with Retry-After, never a 500 or a hung request), and
once PostgreSQL is back they must succeed again without restarting gunicorn or the workers.

    .venv/bin/python bench/drill_postgres.py [--port 8811] [--after 3] [--watch 20]

It restarts the machine's PostgreSQL cluster: run it where nothing else uses PostgreSQL. The
last line is machine-readable.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lapas_drill"
USERNAME, PASSWORD = "drill.operator", "drill-operator-password-2026"


def serve_environment(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "MEDIA_ROOT": str(ROOT / "var" / "drill-media"),
        "TASK_WORKERS": "1",
        "LOG_LEVEL": "ERROR",
    }


def prepare_operator(environment: dict[str, str]) -> None:
    """A facility and an operator with a known password (bench-only names)."""
    code = (
        "from inmates.models import Facility; from lapas_training.models import Role, User\n"
        "f, _ = Facility.objects.get_or_create(code='drill', defaults={'name': 'Lapas Latihan',"
        " 'city': 'Kota Contoh', 'province': 'Jawa Timur'})\n"
        f"u, _ = User.objects.get_or_create(username={USERNAME!r}, defaults={{"
        "'role': Role.LAPAS_OPERATOR, 'facility': f})\n"
        f"u.set_password({PASSWORD!r}); u.save()\n"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=environment, check=True
    )


def wait_healthy(base: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("The site did not become healthy.")


def log_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/akun/masuk/", timeout=5).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{base}/akun/masuk/",
        data={"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD},
        headers={"Referer": f"{base}/akun/masuk/"},
        timeout=5,
    )
    response.raise_for_status()
    if session.get(f"{base}/wbp/", timeout=5).status_code != 200:
        raise SystemExit("The drill operator could not log in.")
    return session


def gunicorn_pids(group: int) -> set[int]:
    found = subprocess.run(  # noqa: S603
        ["pgrep", "-g", str(group), "-f", "gunicorn"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    return {int(pid) for pid in found.stdout.split()}


def restart_postgresql() -> float:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],  # noqa: S607
        check=True,
    )
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--after", type=float, default=3, help="seconds of traffic before")
    parser.add_argument("--watch", type=float, default=20, help="seconds of traffic after")
    args = parser.parse_args()
    environment = serve_environment(args.port)
    base = f"http://127.0.0.1:{args.port}"
    serve = subprocess.Popen(  # noqa: S603
        [str(ROOT / "scripts" / "serve.sh")],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(base, 180)
        prepare_operator(
            {
                **environment,
                "DEBUG": "0",
                "SECRET_KEY": "drill",
                "ALLOWED_HOSTS": "*",
                "SITE_URL": base,
                "REDIS_URL": "redis://127.0.0.1:6379/1",
            }
        )
        session = log_in(base)
        before = gunicorn_pids(serve.pid)
        results: list[tuple[float, str, int | str]] = []
        stop = threading.Event()

        def traffic(path: str, client) -> None:
            while not stop.is_set():
                at = time.monotonic()
                try:
                    status = client.get(f"{base}{path}", timeout=10).status_code
                except requests.RequestException as exc:
                    status = type(exc).__name__
                results.append((at, path, status))
                time.sleep(0.05)

        threads = [
            threading.Thread(target=traffic, args=("/wbp/", session)),
            threading.Thread(target=traffic, args=("/healthz", requests.Session())),
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.after)
        restart_began = time.monotonic()
        restart_s = restart_postgresql()
        time.sleep(args.watch)
        stop.set()
        for thread in threads:
            thread.join()
        after = gunicorn_pids(serve.pid)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=60)

    counts = Counter(status for _, _, status in results)
    failed = [(at, status) for at, _, status in results if status != 200]
    last_failure = max((at for at, _ in failed), default=restart_began)
    settled = [status for at, _, status in results if at > last_failure]
    for status, count in sorted(counts.items(), key=str):
        print(f"status {status}: {count}")
    print(
        f"requests={len(results)} ok={counts[200]} unavailable_503={counts[503]} "
        f"errors_500={counts[500]} other_failures={len(failed) - counts[503] - counts[500]} "
        f"restart_s={restart_s:.1f} recovered_after_s={last_failure - restart_began:.1f} "
        f"ok_after_recovery={len(settled)} gunicorn_restarted={int(before != after)}"
    )


if __name__ == "__main__":
    main()
