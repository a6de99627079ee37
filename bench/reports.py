"""Measure the reports at national scale: dashboards per role, the monthly PDF, a 100k export.

Run on PostgreSQL (``make bench-reports``, or by hand)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lapas_bench \\
        .venv/bin/python bench/reports.py [--requests 30]

It migrates, seeds what is missing (``seed_scale``'s 300,000 inmates, then ``seed_history``'s
five years at 500 facilities: 500,000 enrollments), and sends requests in-process through
``django.test.Client`` with production settings (DEBUG off): server time only. Every answer must
be 200 and show its figures, so a broken page cannot look fast. Dashboards are asked for a month,
a year and five years, in turn. The export streams a CSV of one year's participants nationally
(about 100,000 rows); its peak is the largest Python allocation growth while it streams
(tracemalloc). The last line is machine-readable::

    dashboard_facility_p95_ms=.. dashboard_kanwil_p95_ms=.. dashboard_national_p95_ms=..
    monthly_pdf_ms=.. export_100k_rows_s=.. export_peak_mb=.. queries_max=..
"""

import argparse
import statistics
import sys
import time
import tracemalloc
import warnings
from collections import Counter

import django_setup

django_setup.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from inmates.models import Facility  # noqa: E402
from lapas_training.models import Role, User  # noqa: E402
from programs.models import Cohort, Enrollment  # noqa: E402

WARMUP = 3
PERIODS = [
    "dari=2025-03-01&sampai=2025-03-31",
    "dari=2024-01-01&sampai=2024-12-31",
    "dari=2021-01-01&sampai=2025-12-31",
]
EXPORT_PERIOD = "dari=2024-01-01&sampai=2024-12-31"


def main() -> None:
    args = parse_args()
    if connection.vendor != "postgresql":
        print("The benchmark needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        sys.exit(2)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    warnings.filterwarnings("ignore", message="No directory at")
    call_command("migrate", interactive=False, verbosity=0)
    ensure_data()
    setup_test_environment()
    users = bench_users()
    results, queries = {}, []
    for name in ("facility", "kanwil", "national"):
        times, counts = dashboards(users[name], args.requests)
        results[f"dashboard_{name}_p95_ms"] = p95(times)
        queries.extend(counts)
        median = statistics.median(times)
        print(f"dashboard {name:9} median {median:7.1f} ms  p95 {p95(times):7.1f} ms")
    results["monthly_pdf_ms"] = monthly_pdf(users["facility"])
    seconds, rows, peak = export(users["national"])
    print(f"export: {rows} rows in {seconds:.2f} s, peak allocation growth {peak:.1f} MB")
    results["export_100k_rows_s"] = seconds * 100_000 / rows
    results["export_peak_mb"] = peak
    results["queries_max"] = max(queries)
    print(
        " ".join(
            f"{key}={value:.1f}" if isinstance(value, float) else f"{key}={value}"
            for key, value in results.items()
        )
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="Dashboards per role.")
    return parser.parse_args()


def ensure_data() -> None:
    """Seed the register and the history unless they are there."""
    if not Facility.objects.filter(code__startswith="scale-").exists():
        started = time.perf_counter()
        call_command("seed_scale", inmates=300_000)
        print(f"seed_scale: {time.perf_counter() - started:.0f} s")
    if not Cohort.objects.filter(agency__code__startswith="HST-").exists():
        started = time.perf_counter()
        call_command("seed_history")
        print(f"seed_history: {time.perf_counter() - started:.0f} s")
    print(f"Enrollments: {Enrollment.objects.count()}")


def bench_users() -> dict[str, Client]:
    """Log in a Lapas head, the Kanwil of the busiest province and a system administrator."""
    counts = Counter(
        Facility.objects.filter(code__startswith="scale-").values_list("province", flat=True)
    )
    province = counts.most_common(1)[0][0]
    facility = (
        Facility.objects.filter(code__startswith="scale-", province=province)
        .order_by("code")
        .first()
    )
    accounts = {
        "facility": {"username": "bench.kalapas", "role": Role.LAPAS_HEAD, "facility": facility},
        "kanwil": {"username": "bench.kanwil", "role": Role.KANWIL, "province": province},
        "national": {
            "username": "bench.admin",
            "role": Role.ADMIN,
            "is_staff": True,
            "is_superuser": True,
        },
    }
    clients = {}
    for name, fields in accounts.items():
        username = fields.pop("username")
        user, _ = User.objects.update_or_create(
            username=username, defaults={"full_name": username, **fields}
        )
        client = Client()
        django_setup.log_in(client, user)
        clients[name] = client
    print(f"Kanwil province: {province} ({counts[province]} facilities); facility: {facility.name}")
    return clients


def dashboards(client: Client, requests: int) -> tuple[list[float], list[int]]:
    """Return the server times and query counts of the role's dashboard over the periods."""
    for n in range(WARMUP):
        get(client, f"/?{PERIODS[n % len(PERIODS)]}", b'id="stat-participants"')
    times, counts = [], []
    for n in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            get(client, f"/?{PERIODS[n % len(PERIODS)]}", b'id="stat-participants"')
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(captured))
    return times, counts


def monthly_pdf(client: Client) -> float:
    get(client, "/laporan/bulanan.pdf?bulan=2025-03", b"%PDF")
    times = []
    for _ in range(5):
        started = time.perf_counter()
        get(client, "/laporan/bulanan.pdf?bulan=2025-03", b"%PDF")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def export(client: Client) -> tuple[float, int, float]:
    """Stream one year's national participant history as CSV; return seconds, rows, peak MB.

    Timed once as it runs, then streamed again under tracemalloc (which slows every
    allocation) for the peak of Python memory above what was held before.
    """
    started = time.perf_counter()
    rows = stream_export(client)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    stream_export(client)
    peak = (tracemalloc.get_traced_memory()[1] - base) / 1024 / 1024
    tracemalloc.stop()
    return seconds, rows, peak


def stream_export(client: Client) -> int:
    response = client.get(f"/laporan/peserta/?{EXPORT_PERIOD}&format=csv")
    if response.status_code != 200:
        raise SystemExit(f"export answered {response.status_code}")
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
    return lines - 1


def get(client: Client, url: str, marker: bytes):
    response = client.get(url)
    body = response.content
    if response.status_code != 200 or marker not in body:
        raise SystemExit(f"{url} answered {response.status_code} without {marker!r}")
    return response


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


if __name__ == "__main__":
    main()
