"""The simulated users of the load test (``make bench-load``, bench/load.py).

Every user logs in through the real forms (CSRF tokens taken from them; agency admins with
the TOTP code of their own device) with an account that bench/load.py prepared and wrote to
the plan file (``LOAD_PLAN``). The mix:

- operators of a Lapas: the register list page (pages, sorts), a search for part of a name,
  the enrollment picker of a cohort, and now and then an enrollment into the planned cohort
  of their facility (picker, confirmation page, POST of its form);
- instructors: the attendance page of a past session of the running cohort they teach, and
  its save (a few marks changed);
- agency admins: issuing the certificates of a closed cohort of 40 once, then the cohort's
  certificate page and downloads of its PDFs (a redirect while a PDF is not rendered yet is
  the expected answer, counted apart);
- anonymous visitors: the public verification page of an issued certificate.

Every answer is checked: a form that comes back with errors, a missing confirmation message
or an unexpected status is a failure. ``mode=list`` runs only the register list page, with no
wait, for the throughput figure.

bench/load.py runs this file as a script (Locust's library API: logins first, then the
measured window), with ``LOAD_PLAN`` naming the plan it wrote.
"""

import argparse
import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
from load_client import Browser, CheckFailed, Forms
from locust import FastHttpUser, between, constant, events, task
from locust.env import Environment
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if os.environ.get("LOAD_PLAN") else {}
# Users logged in, and how many must be before any starts its work (0: do not wait).
READY = {"count": 0, "target": 0}
TIMELINE: list[tuple[float, float]] = []  # (time, ms) of every request of the measured window
LIST_PAGES = 24  # 600 inmates per scale facility, 25 a page
PICKER_PAGES = 8
PICKER_ROW = re.compile(
    r'<tr class="([^"]*)">\s*<td><input type="checkbox" class="form-check-input pick" '
    r'name="pick" value="(\d+)" id="pick-\d+"([^>]*)>'
)
FREE_PLACES = re.compile(r"Sisa tempat: (\d+)\.")
LIST_ROW = re.compile(r'<td data-label="Nama"><a href="/wbp/(\d+)/">([^<]+)</a>')
CERTIFICATE_LINK = re.compile(r'href="/sertifikat/(\d+)/"')
SORTS = ["name", "name", "-name", "reg", "-release"]
STATUSES = ["hadir", "izin", "sakit", "alpa"]


def _accounts(role: str):
    """Hand out the plan's accounts of one role, one per simulated user."""
    return itertools.cycle(PLAN.get(role, [{}]))


def full_page(html: str) -> str | None:
    """A register page of a scale facility shows 25 inmates."""
    rows = len(LIST_ROW.findall(html))
    return None if rows == 25 else f"{rows} rows, not 25"


class PlannedUser(Browser):
    """Log in with the next account of the role once, then count as ready."""

    role = ""
    _pool: dict[str, itertools.cycle] = {}

    def on_start(self):
        if self.role not in PlannedUser._pool:
            PlannedUser._pool[self.role] = _accounts(self.role)
        self.account = next(PlannedUser._pool[self.role])
        self.rng = random.Random()
        try:
            if self.role != "anonymous":
                self.log_in(self.account["username"], PLAN["password"], self.account.get("key"))
        except CheckFailed as exc:
            raise StopUser() from exc
        READY["count"] += 1
        # The measured window starts when everybody is in: no work is done beside the logins.
        while READY["count"] < READY["target"]:
            gevent.sleep(0.05)
        gevent.sleep(self.rng.uniform(0, 2))  # and not everybody in the same instant


class Operator(PlannedUser, FastHttpUser):
    """A Lapas operator at work on the register and the enrollments of their facility."""

    role = "operators"
    weight = 30
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.names: list[str] = []

    @task(4)
    def register(self):
        try:
            page = self.rng.randint(1, LIST_PAGES)
            sort = self.rng.choice(SORTS)
            html = self.page(
                f"/wbp/?sort={sort}&page={page}",
                "operator: register list",
                ("orang</span>",),
                check=full_page,
            )
            self.names = [name for _pk, name in LIST_ROW.findall(html)]
        except CheckFailed:
            return

    @task(3)
    def search(self):
        if not self.names:
            return self.register()
        name = self.rng.choice(self.names)
        word = self.rng.choice(name.split())
        term = name if self.rng.random() < 0.3 else word[: self.rng.choice([3, 4, 5])]
        url = "/wbp/?" + urlencode({"q": term})
        try:
            self.page(url, "operator: register search", ("orang</span>",))
        except CheckFailed:
            return

    @task(2)
    def picker(self):
        cohort = self.rng.choice([self.account["running"], self.account["planned"]])
        page = self.rng.randint(1, PICKER_PAGES)
        try:
            self.page(
                f"/angkatan/{cohort}/peserta/tambah/?page={page}",
                "operator: enrollment picker",
                ("Tambah peserta",),
            )
        except CheckFailed:
            return

    @task(1)
    def enrol(self):
        cohort = self.account["planned"]
        try:
            html = self.page(
                f"/angkatan/{cohort}/peserta/tambah/?page={self.rng.randint(1, PICKER_PAGES)}",
                "operator: enrollment picker",
                ("Tambah peserta",),
            )
            free = int(FREE_PLACES.search(html).group(1))
            rows = [
                (int(pk), "table-warning" in css)
                for css, pk, rest in PICKER_ROW.findall(html)
                if "disabled" not in rest and "table-secondary" not in css
            ]
            if not free or not rows:
                return
            picks = self.rng.sample(rows, k=min(free, len(rows), self.rng.randint(1, 3)))
            query = urlencode([("pick", pk) for pk, _warn in picks])
            url = f"/angkatan/{cohort}/peserta/konfirmasi/"
            html = self.page(f"{url}?{query}", "operator: enrollment confirm", ("Daftarkan ",))
            fields = Forms(html).form("confirm-form")["fields"]
            for field in fields:
                if field[0].startswith("reason_"):
                    field[1] = "Uji beban: tetap didaftarkan atas persetujuan kepala seksi."
            self.submit(url, fields, "operator: enrol (POST)", redirect_to=f"/angkatan/{cohort}/")
            self.page(f"/angkatan/{cohort}/", "operator: cohort page", ("WBP didaftarkan.",))
        except CheckFailed:
            return


class Instructor(PlannedUser, FastHttpUser):
    """An instructor recording the attendance of the sessions of the cohort they teach."""

    role = "instructors"
    weight = 8
    wait_time = between(2, 6)

    @task
    def attendance(self):
        cohort = self.account["cohort"]
        session = self.rng.choice(self.account["sessions"])
        url = f"/angkatan/{cohort}/sesi/{session}/hadir/"
        try:
            html = self.page(url, "instructor: attendance page", ("Simpan kehadiran",))
            form = Forms(html).form("attendance-form")
            fields = form["fields"]
            radios = [name for name in form["radios"] if name.endswith("-status")]
            for name in self.rng.sample(radios, k=min(len(radios), self.rng.randint(0, 3))):
                value = self.rng.choice(STATUSES)
                fields = [f for f in fields if f[0] != name] + [[name, value]]
            self.submit(url, fields, "instructor: attendance save", f"/angkatan/{cohort}/")
            self.page(f"/angkatan/{cohort}/", "instructor: cohort page", ("Kehadiran disimpan",))
        except CheckFailed:
            return


class AgencyAdmin(PlannedUser, FastHttpUser):
    """An agency admin issuing a closed cohort's 40 certificates, then downloading them."""

    role = "admins"
    weight = 4
    wait_time = between(2, 5)

    def on_start(self):
        super().on_start()
        self.issued = False
        self.certificates: list[str] = []

    @task
    def work(self):
        cohort = self.account["cohort"]
        page_url = f"/angkatan/{cohort}/sertifikat/"
        try:
            listed = self._forty
            if not self.issued:
                url = f"/angkatan/{cohort}/sertifikat/terbitkan/"
                html = self.page(url, "admin: issue confirm", ('id="issue-form"',))
                fields = Forms(html).form("issue-form")["fields"]
                self.submit(url, fields, "admin: issue 40 (POST)", redirect_to=page_url)
                self.issued = True
                html = self.page(
                    page_url, "admin: certificates page", ("sertifikat diterbitkan",), listed
                )
            else:
                html = self.page(page_url, "admin: certificates page", check=listed)
            self.certificates = CERTIFICATE_LINK.findall(html)
            self.download(self.rng.choice(self.certificates))
        except CheckFailed:
            return

    @staticmethod
    def _forty(html: str) -> str | None:
        count = len(set(CERTIFICATE_LINK.findall(html)))
        return None if count >= 40 else f"{count} certificates listed, not 40"

    def download(self, pk: str) -> None:
        url = f"/sertifikat/{pk}/unduh/"
        with self.client.get(
            url, name="admin: download", catch_response=True, allow_redirects=False
        ) as r:
            kind = r.headers.get("Content-Type", "") if r.headers else ""
            if r.status_code == 200 and kind == "application/pdf" and r.content[:5] == b"%PDF-":
                r.success()
                return
            location = r.headers.get("Location", "") if r.headers else ""
            if r.status_code == 302 and location == f"/sertifikat/{pk}/":
                # Not rendered yet: the page says so; a browser lands on the certificate page.
                r.request_meta["name"] = "admin: download (PDF not rendered yet)"
                r.success()
            else:
                r.failure(f"status {r.status_code} {kind} {location}")
                raise CheckFailed(url)
        self.page(location, "admin: certificate page", ("sedang dibuat",))


class Anonymous(PlannedUser, FastHttpUser):
    """Someone checking a certificate through its QR code."""

    role = "anonymous"
    weight = 8
    wait_time = between(1, 3)

    @task
    def verify(self):
        code = self.rng.choice(PLAN["codes"])
        try:
            self.page(f"/v/{code}", "anonymous: verify", ("Sertifikat ini sah",))
        except CheckFailed:
            return


class ListPage(PlannedUser, FastHttpUser):
    """The register list page only, as fast as it answers (``mode=list``)."""

    role = "operators"
    wait_time = constant(0)

    @task
    def register(self):
        page = self.rng.randint(1, LIST_PAGES)
        try:
            self.page(f"/wbp/?page={page}", "operator: register list", ("orang</span>",), full_page)
        except CheckFailed:
            return


MIX = [Operator, Instructor, AgencyAdmin, Anonymous]


@events.request.add_listener
def _timeline(start_time, response_time, **_kwargs):
    TIMELINE.append((start_time, response_time))


def _buckets(started: float, seconds: int = 10) -> list[dict]:
    """The requests and their 95th percentile in each ``seconds`` of the measured window."""
    buckets: dict[int, list[float]] = {}
    for at, ms in TIMELINE:
        if at >= started:
            buckets.setdefault(int((at - started) // seconds), []).append(ms)
    result = []
    for index in sorted(buckets):
        times = sorted(buckets[index])
        result.append(
            {
                "from_s": index * seconds,
                "requests": len(times),
                "p95_ms": times[int(0.95 * (len(times) - 1))],
            }
        )
    return result


def _summary(stats, elapsed: float | None) -> dict:
    """The figures of every request name and of all of them."""
    rows = {}
    for (name, method), entry in sorted(stats.entries.items()):
        rows[f"{method} {name}"] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5) or 0,
            "p95_ms": entry.get_response_time_percentile(0.95) or 0,
            "max_ms": entry.max_response_time or 0,
        }
    total = stats.total
    return {
        "rows": rows,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5) or 0,
        "p95_ms": total.get_response_time_percentile(0.95) or 0,
        "rps": total.num_requests / elapsed if elapsed else 0,
        "errors": {str(key): error.occurrences for key, error in stats.errors.items()},
    }


def _counts(users: int, classes) -> dict[type, int]:
    """Split ``users`` by the classes' weights, each class at least one."""
    weights = sum(c.weight for c in classes)
    counts = {c: max(1, round(users * c.weight / weights)) for c in classes}
    counts[classes[0]] += users - sum(counts.values())
    return counts


def main() -> None:
    """Log everybody in, reset the figures, measure ``--duration`` seconds, write JSON."""
    parser = argparse.ArgumentParser(description="Run the load test's users (bench/load.py).")
    parser.add_argument("--host", required=True)
    parser.add_argument("--mode", choices=["mix", "list"], default="mix")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.mode == "mix" and "counts" in PLAN:
        counts = {c: PLAN["counts"][c.role] for c in MIX}
    elif args.mode == "mix":
        counts = _counts(args.users, MIX)
    else:
        counts = {ListPage: args.users}
    for user_class, count in counts.items():
        user_class.fixed_count = count
    classes = list(counts)
    env = Environment(user_classes=classes, host=args.host, events=events)
    runner = env.create_local_runner()
    READY["target"] = args.users
    runner.start(args.users, spawn_rate=args.spawn_rate)
    deadline = time.monotonic() + 60 + args.users * 2
    while READY["count"] < args.users:
        if time.monotonic() > deadline or env.stats.total.num_failures or runner.exceptions:
            runner.quit()
            print(json.dumps(_summary(env.stats, None)["errors"]), file=sys.stderr)
            sys.exit(f"locustfile: {READY['count']} of {args.users} users logged in")
        gevent.sleep(0.1)
    logins = _summary(env.stats, None)
    env.stats.reset_all()
    TIMELINE.clear()
    wall_started = time.time()
    started = time.monotonic()
    gevent.sleep(args.duration)
    elapsed = time.monotonic() - started
    result = _summary(env.stats, elapsed)
    runner.quit()
    result.update(
        logins=logins,
        duration_s=elapsed,
        users={c.__name__: n for c, n in counts.items()},
        exceptions=sum(e["count"] for e in runner.exceptions.values()),
        timeline=_buckets(wall_started),
    )
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    main()
