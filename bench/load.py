"""Load test: the site as ``make serve`` runs it, under a mix of 50 users, on 300,000 inmates.

Run it with ``make bench-load`` (or ``.venv/bin/python bench/load.py``)::

    make bench-load BENCH_ARGS="--users 50 --duration 60"

It prepares the PostgreSQL database (``BENCH_DATABASE_URL``, by default ``lapas_load``):
migrations, ``seed_scale`` once, and the bench-only accounts and data, all named ``load.*``
(users), ``LOAD-*`` (agencies, programs) or ``load-*`` (the certificates' facility):

- operators ``load.operator.<facility>`` at scale facilities spread over the register; the
  planned cohort of each of their facilities is emptied first, so every run can enrol;
- instructors ``load.instructor.<n>`` teaching the running cohort of a scale facility, with
  past sessions to record;
- agency admins ``load.agency.<n>``, each with a TOTP device of a key made for this run and,
  every run, a fresh closed cohort of 40 qualifying participants of its own agency
  ``LOAD-AG-<n>`` to issue;
- certificates already issued, for the anonymous verification page.

Then it starts ``scripts/serve.sh`` (gunicorn and ``TASK_WORKERS`` task workers, so the
issued certificates are rendered meanwhile) on a free port in its own process group, waits
for ``/healthz``, runs bench/locustfile.py: every user logs in through the forms, then the
figures are reset and ``--duration`` seconds measured. A second run sends only the register
list page with ``--list-users`` users and no wait, for its requests per second. Serve is
stopped (TERM to its group) and the last line is machine-readable::

    users=50 duration_s=60 requests=.. errors=0 p95_ms=.. rps=.. list_page_rps=..

The verification page allows 30 requests a minute per address (``VERIFY_RATE``); every user
here comes from 127.0.0.1, so the serve run sets ``VERIFY_RATE=100000/m``: the counter still
runs on every request (its Redis round trip stays in the figures) but never refuses one.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import django_setup

ENV_BEFORE = dict(os.environ)
ROOT = django_setup.ROOT
WORK = ROOT / "var" / "load"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lapas_load")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
MEDIA_ROOT = ROOT / "var" / "load-media"
# The share of each kind of user in the mix (operators most).
MIX = {"operators": 30, "instructors": 8, "admins": 4, "anonymous": 8}
# A bench-only password, set only on the load.* accounts of the bench database.
PASSWORD = "load-test-only-not-a-secret"  # noqa: S105
PARTICIPANTS = 40
SESSION_JP = 5  # 08:00-12:00
SERVE_ENV = {
    "TASK_WORKERS": "2",
    "VERIFY_RATE": "100000/m",
    "STATIC_ROOT": str(ROOT / "var" / "load-static"),
    "MEDIA_ROOT": str(MEDIA_ROOT),
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="Simulated users of the mix.")
    parser.add_argument("--duration", type=int, default=60, help="Seconds measured.")
    parser.add_argument("--port", type=int, default=8801, help="First port to try.")
    parser.add_argument("--skip-seed", action="store_true", help="Never run seed_scale.")
    parser.add_argument("--spawn-rate", type=float, default=10, help="Users started a second.")
    parser.add_argument(
        "--list-users", type=int, default=8, help="Users of the list-page run (0: skip it)."
    )
    parser.add_argument("--list-duration", type=int, default=20, help="Seconds of that run.")
    parser.add_argument("--inmates", type=int, default=300_000, help="Inmates to seed.")
    return parser.parse_args()


def free_port(first: int) -> int:
    """Return the first port from ``first`` on that nobody listens on."""
    for port in range(first, first + 100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit(f"bench/load.py: no free port from {first}")


def counts_for(users: int) -> dict[str, int]:
    """Split the users by ``MIX``, each kind at least one."""
    total = sum(MIX.values())
    counts = {role: max(1, round(users * weight / total)) for role, weight in MIX.items()}
    counts["operators"] += users - sum(counts.values())
    if counts["operators"] < 1:
        sys.exit("bench/load.py: --users must be at least 4")
    return counts


def main() -> None:
    args = parse_args()
    # The database is created when missing, and Redis must answer, as for `make serve`.
    subprocess.run(  # noqa: S603 -- our own script
        [sys.executable, str(ROOT / "scripts" / "serve_prepare.py")],
        env={**ENV_BEFORE, "DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL},
        check=True,
    )
    port = free_port(args.port)
    site = f"http://127.0.0.1:{port}"
    django_setup.setup(
        DATABASE_URL=DATABASE_URL, SITE_URL=site, MEDIA_ROOT=str(MEDIA_ROOT), DEMO_APP="1"
    )
    import load_prepare  # needs Django set up

    WORK.mkdir(parents=True, exist_ok=True)
    counts = counts_for(args.users)
    started = time.perf_counter()
    plan = load_prepare.prepare(
        counts=counts,
        list_users=args.list_users,
        inmates=args.inmates,
        skip_seed=args.skip_seed,
        password=PASSWORD,
        participants=PARTICIPANTS,
    )
    plan["counts"] = counts
    plan_path = WORK / "plan.json"
    plan_path.write_text(json.dumps(plan, indent=1))
    plan_path.chmod(0o600)
    print(f"Prepared in {time.perf_counter() - started:.1f} s: {counts}.", flush=True)

    serve = start_serve(port)
    try:
        wait_healthy(site, serve)
        mix = run_locust(site, plan_path, "mix", args.users, args.spawn_rate, args.duration)
        listing = None
        if args.list_users:
            load_prepare.wait_for_renders(timeout=180)
            listing = run_locust(
                site, plan_path, "list", args.list_users, args.spawn_rate, args.list_duration
            )
    finally:
        stop_serve(serve)
    report(args, mix, listing)


def start_serve(port: int) -> subprocess.Popen:
    """Start scripts/serve.sh in its own process group; its output goes to var/load/."""
    env = {
        **ENV_BEFORE,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SITE_URL": f"http://127.0.0.1:{port}",
        **{name: ENV_BEFORE.get(name, value) for name, value in SERVE_ENV.items()},
    }
    log = open(WORK / "serve.log", "w")  # noqa: SIM115 -- closed with the process
    print(
        f"Starting serve on port {port} (WEB_WORKERS={env.get('WEB_WORKERS', 'default')}, "
        f"WEB_THREADS={env.get('WEB_THREADS', 'default')}); log: var/load/serve.log",
        flush=True,
    )
    return subprocess.Popen(  # noqa: S603 -- our own script
        [str(ROOT / "scripts" / "serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_healthy(site: str, serve: subprocess.Popen, timeout: float = 180) -> None:
    """Wait until /healthz answers 200; stop if serve ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if serve.poll() is not None:
            sys.exit(f"bench/load.py: serve stopped ({serve.returncode}); see var/load/serve.log")
        try:
            with urllib.request.urlopen(f"{site}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("bench/load.py: /healthz did not answer 200 in time; see var/load/serve.log")


def stop_serve(serve: subprocess.Popen) -> None:
    """TERM the serve process group; KILL it if it has not stopped in 30 seconds."""
    if serve.poll() is None:
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()


def run_locust(site, plan_path, mode, users, spawn_rate, duration) -> dict:
    """Run bench/locustfile.py in its own process; return its figures."""
    out = WORK / f"result-{mode}.json"
    out.unlink(missing_ok=True)
    print(f"Locust ({mode}): {users} users, {duration} s measured after the logins.", flush=True)
    with open(WORK / f"locust-{mode}.log", "w") as log:
        completed = subprocess.run(  # noqa: S603 -- our own script
            [
                sys.executable,
                str(ROOT / "bench" / "locustfile.py"),
                f"--host={site}",
                f"--mode={mode}",
                f"--users={users}",
                f"--spawn-rate={spawn_rate}",
                f"--duration={duration}",
                f"--out={out}",
            ],
            env={**ENV_BEFORE, "LOAD_PLAN": str(plan_path)},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
            # The logins, the measured window, and a margin: never an unbounded run.
            timeout=duration + 180 + users * 2,
        )
    if completed.returncode or not out.exists():
        tail = (WORK / f"locust-{mode}.log").read_text()[-3000:]
        sys.exit(f"bench/load.py: the {mode} run failed:\n{tail}")
    return json.loads(out.read_text())


def report(args, mix: dict, listing: dict | None) -> None:
    """Print the table of every request, the logins, and the summary as the last line."""
    print(f"\n{'request':<58} {'n':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'max':>6}")
    for title, result in (("logins", mix["logins"]), ("measured", mix)):
        print(f"-- {title}")
        for name, row in result["rows"].items():
            if not row["requests"]:
                continue
            print(
                f"{name:<58} {row['requests']:>6} {row['failures']:>5} {row['p50_ms']:>6.0f} "
                f"{row['p95_ms']:>6.0f} {row['max_ms']:>6.0f}"
            )
    errors = mix["failures"] + mix["exceptions"]
    for message, count in mix["errors"].items():
        print(f"error x{count}: {message}")
    print(f"users by kind: {mix['users']}")
    print(
        "p95 by 10 s of the window: "
        + ", ".join(f"{b['from_s']}s {b['p95_ms']:.0f} ms/{b['requests']}" for b in mix["timeline"])
    )
    list_rps = 0.0
    if listing is not None:
        list_rps = listing["rps"]
        list_errors = listing["failures"] + listing["exceptions"]
        print(
            f"list page alone: {args.list_users} users, {listing['requests']} requests in "
            f"{listing['duration_s']:.1f} s, p95 {listing['p95_ms']:.0f} ms, "
            f"{list_errors} errors"
        )
        errors += list_errors
    print(
        f"users={args.users} duration_s={args.duration} requests={mix['requests']} "
        f"errors={errors} p95_ms={mix['p95_ms']:.0f} rps={mix['rps']:.1f} "
        f"list_page_rps={list_rps:.1f}"
    )


if __name__ == "__main__":
    main()
