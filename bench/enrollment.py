"""Measure the server time of the inmate register and the enrollment picker at full scale.

Run on PostgreSQL (``make bench``, or by hand)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lapas_bench \\
        .venv/bin/python bench/enrollment.py [--inmates 300000] [--requests 200]

It migrates the database, loads ``seed_scale`` once (skipped when the scale data is there),
then sends requests in-process through ``django.test.Client`` as the Lapas operators of
randomly chosen facilities, with production settings (DEBUG off). The time is the view's
server time only: no network, no connection set-up (the test client keeps the connection).
Every response must be 200 with the expected rows, so a broken page cannot look fast. The last
line is machine-readable::

    inmate_list_p95_ms=.. inmate_search_p95_ms=.. picker_p95_ms=.. queries_max=..
"""

import argparse
import random
import re
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_setup

django_setup.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from inmates.models import Facility, Inmate  # noqa: E402
from lapas_training.models import User  # noqa: E402
from programs.models import Cohort  # noqa: E402

SEED = 7
FACILITY_SAMPLE = 20
WARMUP_PER_KIND = 10
LIST_PAGE_SIZE = 25
PICKER_PAGE_SIZE = 50
TARGET_MS = 100.0
KINDS = ("inmate_list", "inmate_search", "picker")
LIST_ROW = re.compile(r'<td[^>]*><a href="/wbp/\d+/">')
PICKER_ROW = re.compile(r'class="form-check-input pick" name="pick"')
# (query string, filters that give the expected count, page)
LIST_VARIANTS = [
    ("", {}, 1),
    ("?page=5", {}, 5),
    ("?sort=-name", {}, 1),
    ("?sort=reg&page=3", {}, 3),
    ("?sort=-release&page=12", {}, 12),
    ("?sort=release", {}, 1),
    ("?status=active&page=2", {"status": "active"}, 2),
    ("?interest=pengelasan&sort=-reg", {"interests__code": "pengelasan"}, 1),
]


@dataclass
class Probe:
    """One request to send and what its page must show."""

    kind: str
    client: Client
    url: str
    rows: int
    row_pattern: re.Pattern
    texts: list[str] = field(default_factory=list)


@dataclass
class Site:
    """A sampled facility with its logged-in operator and its cohorts."""

    facility: Facility
    client: Client
    cohorts: list[Cohort]
    inmates: list[Inmate]


def main() -> None:
    """Seed when needed, measure every kind of request, print the table and the summary."""
    args = parse_args()
    refuse_sqlite()
    # No collectstatic needed: the manifest storage only adds a dict lookup per static URL.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise warns that STATIC_ROOT is missing; static files are not what is measured.
    warnings.filterwarnings("ignore", message="No directory at")
    call_command("migrate", interactive=False, verbosity=0)
    ensure_data(args.inmates)
    setup_test_environment()
    rng = random.Random(SEED)
    sites = sample_sites(rng)
    probes = {kind: build_probes(kind, sites, rng, args.requests) for kind in KINDS}
    warm_up(probes)
    results = measure(probes, rng)
    report(results)


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inmates", type=int, default=300_000, help="Inmates to seed.")
    parser.add_argument("--requests", type=int, default=200, help="Requests per kind.")
    return parser.parse_args()


def refuse_sqlite() -> None:
    """Stop with a clear message unless the database is PostgreSQL."""
    if connection.vendor != "postgresql":
        print(
            f"The benchmark needs PostgreSQL, but DATABASE_URL points to {connection.vendor}. "
            "Run it as: DATABASE_URL=postgres://postgres@127.0.0.1:5432/lapas_bench "
            ".venv/bin/python bench/enrollment.py",
            file=sys.stderr,
        )
        sys.exit(2)


def ensure_data(inmates: int) -> None:
    """Run seed_scale unless the scale data is already there, and say how long it took."""
    scale = Inmate.objects.filter(facility__code__startswith="scale-")
    if Facility.objects.filter(code__startswith="scale-").exists():
        present = scale.count()
        print(f"Scale data present: {present} inmates (seeding skipped).")
        if present != inmates:
            print(f"Note: {inmates} asked for; drop the database to seed that size.")
        return
    started = time.perf_counter()
    call_command("seed_scale", inmates=inmates)
    print(f"Seeded {scale.count()} inmates in {time.perf_counter() - started:.1f} s.")


def sample_sites(rng: random.Random) -> list[Site]:
    """Log in the operators of randomly chosen facilities."""
    facilities = list(Facility.objects.filter(code__startswith="scale-").order_by("code"))
    sites = []
    for facility in rng.sample(facilities, k=min(FACILITY_SAMPLE, len(facilities))):
        client = Client()
        django_setup.log_in(client, User.objects.get(username=f"scale.operator.{facility.code}"))
        cohorts = list(
            Cohort.objects.filter(
                facility=facility, status__in=[Cohort.Status.RUNNING, Cohort.Status.PLANNED]
            )
            .select_related("program")
            .order_by("start_date")
        )
        inmates = list(facility.inmates.order_by("id"))
        sites.append(Site(facility, client, cohorts, inmates))
    return sites


def build_probes(kind: str, sites: list[Site], rng: random.Random, count: int) -> list[Probe]:
    """Return ``count`` requests of one kind, spread over the sites and their variants."""
    builder = {"inmate_list": list_probe, "inmate_search": search_probe, "picker": picker_probe}
    return [builder[kind](sites[i % len(sites)], rng, i // len(sites)) for i in range(count)]


def list_probe(site: Site, rng: random.Random, round_: int) -> Probe:
    """Return a register page: a plain, sorted, filtered or later page."""
    query, filters, page = LIST_VARIANTS[round_ % len(LIST_VARIANTS)]
    total = site.facility.inmates.filter(**filters).count()
    rows = max(0, min(LIST_PAGE_SIZE, total - (page - 1) * LIST_PAGE_SIZE))
    return Probe("inmate_list", site.client, f"/wbp/{query}", rows, LIST_ROW, [f"{total} orang"])


def search_term(site: Site, rng: random.Random) -> str:
    """Return part of a name or registration number of the site, or now and then a miss."""
    inmate = rng.choice(site.inmates)
    choice = rng.randrange(10)
    if choice == 0:
        return "xqzw"
    if choice < 3:
        return inmate.registration_number.split(".")[1][:4]
    if choice == 3:
        return inmate.full_name
    word = rng.choice(inmate.full_name.split())
    start = rng.randrange(max(1, len(word) - 3))
    term = word[start : start + rng.choice([3, 4, 5])]
    return term.lower() if rng.random() < 0.5 else term


def matching(site: Site, term: str, **filters) -> int:
    """Count the site's inmates whose name or registration number contains ``term``."""
    match = Q(full_name__icontains=term) | Q(registration_number__icontains=term)
    return site.facility.inmates.filter(match, **filters).count()


def search_probe(site: Site, rng: random.Random, round_: int) -> Probe:
    """Return a register search for part of a name or number."""
    term = search_term(site, rng)
    total = matching(site, term)
    texts = [f"{total} orang"] + ([] if total else ["Tidak ada WBP yang cocok."])
    url = "/wbp/?" + urlencode({"q": term})
    return Probe("inmate_search", site.client, url, min(LIST_PAGE_SIZE, total), LIST_ROW, texts)


def picker_probe(site: Site, rng: random.Random, round_: int) -> Probe:
    """Return a picker page of the running or planned cohort: plain, searched, with ticks."""
    cohort = site.cohorts[round_ % len(site.cohorts)]
    variant = round_ % 5
    params, term, page = [], "", 1
    if variant in (1, 4):
        term = search_term(site, rng)
        params.append(urlencode({"q": term}))
    if variant == 2:
        page = 3
        params.append("page=3")
    picks = []
    if variant >= 3:
        active = [i for i in site.inmates if i.status == Inmate.Status.ACTIVE]
        picks = [i.pk for i in rng.sample(active, k=3)]
        params += [f"pick={pk}" for pk in picks]
    total = matching(site, term, status=Inmate.Status.ACTIVE)
    rows = max(0, min(PICKER_PAGE_SIZE, total - (page - 1) * PICKER_PAGE_SIZE))
    texts = [cohort.program.name] + [f'name="pick" value="{pk}"' for pk in picks]
    url = f"/angkatan/{cohort.pk}/peserta/tambah/" + ("?" + "&".join(params) if params else "")
    return Probe("picker", site.client, url, rows, PICKER_ROW, texts)


def send(probe: Probe) -> tuple[float, int]:
    """Send one request, check its page, and return its milliseconds and query count."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = probe.client.get(probe.url)
        elapsed = (time.perf_counter() - started) * 1000
    check(probe, response)
    return elapsed, len(queries.captured_queries)


def check(probe: Probe, response) -> None:
    """Fail loudly unless the page is a 200 showing the expected rows and texts."""
    if response.status_code != 200:
        raise AssertionError(f"{probe.url}: status {response.status_code}")
    html = response.content.decode()
    rows = len(probe.row_pattern.findall(html))
    if rows != probe.rows:
        raise AssertionError(f"{probe.url}: {rows} rows, expected {probe.rows}")
    missing = [text for text in probe.texts if text not in html]
    if missing:
        raise AssertionError(f"{probe.url}: missing {missing}")


def warm_up(probes: dict[str, list[Probe]]) -> None:
    """Fill the caches (templates, translations, database) before measuring."""
    for kind_probes in probes.values():
        for probe in kind_probes[:WARMUP_PER_KIND]:
            send(probe)


def measure(probes: dict[str, list[Probe]], rng: random.Random) -> dict[str, list]:
    """Send every probe in a shuffled order; return (ms, queries) per kind."""
    order = [probe for kind_probes in probes.values() for probe in kind_probes]
    rng.shuffle(order)
    results: dict[str, list] = {kind: [] for kind in KINDS}
    for probe in order:
        results[probe.kind].append(send(probe))
    return results


def p95(values: list[float]) -> float:
    """Return the 95th percentile."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def report(results: dict[str, list]) -> None:
    """Print the table and, as the last line, the summary."""
    print(f"{'kind':<14} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>9}")
    summary = {}
    queries_max = 0
    for kind in KINDS:
        times = [ms for ms, _ in results[kind]]
        counts = [n for _, n in results[kind]]
        queries_max = max(queries_max, *counts)
        summary[kind] = p95(times)
        flag = "" if summary[kind] < TARGET_MS else "  over target"
        print(
            f"{kind:<14} {len(times):>5} {statistics.median(times):>8.1f} {summary[kind]:>8.1f} "
            f"{max(times):>8.1f} {min(counts):>4}-{max(counts):<4}{flag}"
        )
    print(
        f"inmate_list_p95_ms={summary['inmate_list']:.1f} "
        f"inmate_search_p95_ms={summary['inmate_search']:.1f} "
        f"picker_p95_ms={summary['picker']:.1f} queries_max={queries_max}"
    )


if __name__ == "__main__":
    main()
