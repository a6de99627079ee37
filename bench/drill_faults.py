"""Fault drills of the certificate engine against real task workers, on PostgreSQL.

Run as root (the drill mounts a small tmpfs for the media), or give ``--media`` a folder on a
small file system of your own::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lapas_bench \\
        .venv/bin/python bench/drill_faults.py [--participants 40] [--chunk 10] [--media DIR]

1. A worker killed mid-render: two real workers (``db_worker``) render a fresh issuance; one
   is killed with SIGKILL while it renders. The survivor renders the rest of the queue; what
   the killed one held stays without a PDF and its task RUNNING. ``manage.py requeue_renders
   --minutes 0`` (0: the drill knows the survivor is idle) sends it back.
2. The media disk full: a ballast file fills the media file system but for room for about
   one and a half PDFs, and another cohort is issued. The workers fail, try again and give
   up; the ballast goes and the issuer's retry (the page's button) renders the rest.

After each drill every PDF recorded is checked against its SHA-256, and the media folder must
hold exactly the recorded files (nothing half-written, no temporary file left). It prints
what it saw; the last line is machine-readable. The bench's database: the task table is
emptied first.
"""

import argparse
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def small_media(folder: str | None, megabytes: int):
    """Yield the media folder: ``folder``, or a tmpfs of ``megabytes`` mounted for the drill."""
    if folder:
        yield Path(folder)
        return
    if os.geteuid() != 0:
        sys.exit("bench/drill_faults.py: run as root (to mount a tmpfs) or give --media DIR.")
    mount = Path(tempfile.mkdtemp(prefix="drill-media-"))
    subprocess.run(  # noqa: S603 -- fixed system tool
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mount)],  # noqa: S607
        check=True,
    )
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)  # noqa: S603, S607
        mount.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--chunk", type=int, default=10)
    parser.add_argument("--media", help="a folder on a small file system (default: a tmpfs)")
    parser.add_argument("--tmpfs-mb", type=int, default=64)
    args = parser.parse_args()
    with small_media(args.media, args.tmpfs_mb) as media:
        # A fresh folder on that file system: files of earlier runs do not count.
        os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="drill-", dir=media)
        os.environ["CERTIFICATE_RENDER_CHUNK"] = str(args.chunk)
        # The certificate bench builds the cohorts and starts the workers (its worker script).
        spec = importlib.util.spec_from_file_location("bench_certs", ROOT / "bench/certificates.py")
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        Drill(bench, args).run()


class Drill:
    def __init__(self, bench, args):
        from django.conf import settings

        self.bench, self.args = bench, args
        self.media = Path(settings.MEDIA_ROOT)
        self.cohorts = []
        self.figures: dict[str, float] = {}

    def run(self) -> None:
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django_tasks_db.models import DBTaskResult

        if connection.vendor != "postgresql":
            sys.exit("bench/drill_faults.py runs on PostgreSQL: set DATABASE_URL.")
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        call_command("migrate", verbosity=0)
        DBTaskResult.objects.all().delete()
        self.workers = {
            name: subprocess.Popen(  # noqa: S603 -- our own worker script
                [sys.executable, str(ROOT / "bench/worker.py"), "--worker-id", name],
                env=dict(os.environ),
                cwd=ROOT,
            )
            for name in ("drill-a", "drill-b")
        }
        try:
            self.worker_killed()
            self.disk_full()
        finally:
            for worker in self.workers.values():
                worker.terminate()
            for worker in self.workers.values():
                worker.wait(timeout=60)
        print(" ".join(f"{key}={value:g}" for key, value in self.figures.items()))

    # The drills.

    def worker_killed(self) -> None:
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from certificates import services
        from certificates.models import Certificate

        print(f"Drill 1: a worker killed mid-render ({self.args.participants} certificates)")
        cohort, admin = self.bench.build_closed_cohort(self.args.participants)
        self.cohorts.append(cohort)
        pending = Certificate.objects.filter(enrollment__cohort=cohort, pdf="")
        services.certificates_issue(actor=admin, cohort=cohort)
        running = DBTaskResult.objects.filter(status="RUNNING", worker_ids__contains=["drill-a"])
        # Killed within a tenth of a second of taking a chunk: surely in the middle of it.
        self.wait(
            "drill-a to take a chunk",
            lambda: running.filter(
                started_at__gte=timezone.now() - timedelta(seconds=0.1)
            ).exists(),
        )
        killed_at = time.perf_counter()
        self.workers["drill-a"].kill()
        self.workers["drill-a"].wait(timeout=60)
        held = [
            pk for args in running.values_list("args_kwargs", flat=True) for pk in args["args"][0]
        ]
        print(f"  drill-a killed (SIGKILL) while rendering {len(held)} certificates")
        self.wait(
            "the survivor to finish the queue",
            lambda: (
                not DBTaskResult.objects.filter(status="READY").exists()
                and not DBTaskResult.objects.filter(
                    status="RUNNING", worker_ids__contains=["drill-b"]
                ).exists()
            ),
        )
        stuck = sorted(pending.values_list("pk", flat=True))
        print(
            f"  survivor done: {self.args.participants - len(stuck)} stored, {len(stuck)} "
            f"without PDF, {running.count()} task(s) still RUNNING, no one coming back for them"
        )
        self.check(set(stuck) <= set(held), "only the killed worker's certificates are missing")
        self.check(bool(stuck), "the kill caught unfinished work")
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "manage.py", "requeue_renders", "--minutes", "0"],
            cwd=ROOT,
            env=dict(os.environ),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(f"  manage.py requeue_renders --minutes 0: {out}")
        self.wait("every PDF stored", lambda: not pending.exists())
        recovered = time.perf_counter() - start
        print(f"  all {self.args.participants} stored {recovered:.1f} s after the requeue")
        self.check_files()
        self.figures.update(
            killed_holding=len(held),
            left_without_pdf=len(stuck),
            recovered_after_requeue_s=round(recovered, 1),
            kill_to_all_stored_s=round(time.perf_counter() - killed_at, 1),
        )

    def disk_full(self) -> None:
        from django.test import Client
        from django.urls import reverse

        from certificates import services
        from certificates.models import Certificate

        count = max(4, self.args.participants // 4)
        print(f"Drill 2: the media disk full ({count} certificates)")
        stored = Certificate.objects.filter(enrollment__cohort__in=self.cohorts).exclude(pdf="")
        size = max(c.pdf.size for c in stored)
        ballast = self.media.parent / f"{self.media.name}.ballast"
        free = shutil.disk_usage(self.media).free
        with open(ballast, "wb") as handle:
            handle.write(b"\0" * max(0, free - size * 3 // 2))
        print(
            f"  {shutil.disk_usage(self.media).free // 1024} KB left for PDFs of {size // 1024} KB"
        )
        self.workers["drill-c"] = subprocess.Popen(  # noqa: S603 -- a second worker again
            [sys.executable, str(ROOT / "bench/worker.py"), "--worker-id", "drill-c"],
            env=dict(os.environ),
            cwd=ROOT,
        )
        cohort, admin = self.bench.build_closed_cohort(count)
        self.cohorts.append(cohort)
        mine = Certificate.objects.filter(enrollment__cohort=cohort)
        services.certificates_issue(actor=admin, cohort=cohort)
        start = time.perf_counter()
        self.wait(
            "the workers to give up",
            lambda: not mine.filter(pdf="", render_failed_at__isnull=True).exists(),
            timeout=300,
        )
        gave_up = time.perf_counter() - start
        client = Client()
        self.bench.django_setup.log_in(client, admin)
        progress = client.get(reverse("certificates:cohort_progress", args=[cohort.pk])).json()
        page = client.get(reverse("certificates:cohort", args=[cohort.pk])).content.decode()
        shown = 'id="render-failed"' in page and 'id="render-retry"' in page
        print(
            f"  after {gave_up:.1f} s: {progress['stored']} stored, {progress['failed']} marked "
            f"failed; the cohort page shows the failure and the retry button: {shown}"
        )
        self.check(progress["failed"] > 0 and shown, "the failure is shown with a retry button")
        self.check_files()
        ballast.unlink()
        start = time.perf_counter()
        response = client.post(reverse("certificates:cohort_retry", args=[cohort.pk]))
        self.check(response.status_code == 302, "the retry click is accepted")
        self.wait("every PDF stored", lambda: not mine.filter(pdf="").exists())
        retried = time.perf_counter() - start
        print(f"  space freed, retry clicked: all {count} stored {retried:.1f} s later")
        self.check_files()
        self.figures.update(
            disk_full_failed=progress["failed"],
            disk_full_stored=progress["stored"],
            gave_up_s=round(gave_up, 1),
            retry_to_all_stored_s=round(retried, 1),
        )

    # Checks.

    def check_files(self) -> None:
        """Every recorded PDF is whole under its SHA-256; no other file in the media folders."""
        from certificates.models import Certificate

        recorded = set()
        mine = Certificate.objects.filter(enrollment__cohort__in=self.cohorts).exclude(pdf="")
        for name, sha256 in mine.values_list("pdf", "pdf_sha256"):
            content = (self.media / name).read_bytes()
            self.check(hashlib.sha256(content).hexdigest() == sha256, f"{name} is whole")
            recorded.add(name)
        on_disk = {
            str(path.relative_to(self.media))
            for folder in ("certificates", "ceremonies")
            for path in (self.media / folder).rglob("*")
            if path.is_file()
        }
        extra = on_disk - recorded
        self.check(not extra, f"no file but the recorded ones (found {sorted(extra)[:3]})")
        print(f"  checked: {len(recorded)} recorded PDFs whole, no other file in the media folder")

    def wait(self, what: str, done, timeout: float = 600.0) -> None:
        start = time.perf_counter()
        while not done():
            self.check(time.perf_counter() - start < timeout, f"{what} within {timeout:.0f} s")
            time.sleep(0.05)

    @staticmethod
    def check(condition: bool, what: str) -> None:
        if not condition:
            sys.exit(f"bench/drill_faults.py: check failed: {what}")


if __name__ == "__main__":
    main()
