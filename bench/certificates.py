"""Measure the certificate engine: issuing answers at once, two task workers render and store.

Run on PostgreSQL (``make bench-certificates``, or by hand)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lapas_bench \\
        .venv/bin/python bench/certificates.py [--participants 40] [--workers 2] [--chunk 10] \\
        [--ceremony 200] [--downloads 30] [--pdf-variant plain]

It starts ``--workers`` real task workers (``manage.py db_worker``) beside itself, builds fresh
closed cohorts (the units and signatories of the Lamongan welding program, official layout with
letterhead, decree-less preamble, photo frame, two signatories and a units page), and measures
in one run:

- ``issue_request_ms``: the issuing click (the confirmation page's POST) until its answer;
- ``per_certificate_ms``: from that click until every PDF of the cohort is stored, divided by
  the number of certificates;
- ``naive_per_certificate_ms``: the same certificates rendered the naive way in this process,
  each its own WeasyPrint document with default settings and a new font configuration;
- ``stored_batch_ms``: serving the stored ceremony PDF through the download view (median);
- ``ceremony_200_s``: a cohort of ``--ceremony`` participants issued and its handover planned
  right after: seconds from the issuing click until the ceremony PDF is stored;
- ``signing_per_certificate_ms``: a PAdES B-B signature (``certificates.signing``) added to
  each stored certificate PDF with a throwaway RSA-2048 key made here, in this process. The
  workers sign nothing unless ``PDF_SIGNING_PKCS12`` is set, so the figures above leave it out.

The last line is machine-readable::

    issue_request_ms=.. per_certificate_ms=.. naive_per_certificate_ms=.. speedup=..
    stored_batch_ms=.. ceremony_200_s=.. signing_per_certificate_ms=..
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from datetime import time as dt_time

import django_setup
import throwaway_key

# The stored PDFs go to a throwaway folder that the workers share; tasks wait in the database.
django_setup.setup(
    SITE_URL="https://pelatihan.example.go.id",
    MEDIA_ROOT=tempfile.mkdtemp(prefix="bench-certificates-"),
    TASKS_BACKEND="database",
)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402
from finishing import finish_all_competent  # noqa: E402 - bench/, beside this file
from weasyprint import HTML  # noqa: E402

from certificates import documents, pdf, selectors, services, signing  # noqa: E402
from certificates.models import Ceremony, Certificate  # noqa: E402
from inmates.models import Facility, Inmate  # noqa: E402
from lapas_training.models import Role, TrainingField, User  # noqa: E402
from programs import services as program_services  # noqa: E402
from programs.models import (  # noqa: E402
    CompetencyUnit,
    PartnerAgency,
    Program,
)

TARGETS = {
    "issue_request_ms": ("<", 300.0),
    "per_certificate_ms": ("<=", 20.0),
    "speedup": (">=", 5.0),
    "stored_batch_ms": ("<", 20.0),
}


def check(condition: bool, what: str) -> None:
    """Stop the benchmark when a result is wrong: a broken run must not print fast numbers."""
    if not condition:
        sys.exit(f"bench/certificates.py: check failed: {what}")


def build_closed_cohort(participants: int):
    """Create a facility, agency, program with units and a closed cohort of K participants."""
    stamp = str(time.time_ns())[-9:]
    field, _ = TrainingField.objects.get_or_create(code="pengelasan", defaults={"name": "Las"})
    facility = Facility.objects.create(
        name=f"Lapas Bench {stamp}", code=f"bench-{stamp}", city="Lamongan", province="Jatim"
    )
    agency = PartnerAgency.objects.create(
        kind="disnaker",
        name=f"Disnaker Bench {stamp}",
        code=f"DB{stamp}",
        city="Kabupaten Lamongan",
        head_name="Agus Priyanto",
        head_title="Kepala Dinas Tenaga Kerja Kabupaten Lamongan",
        head_nip="196909171994031006",
        head_rank="Pembina Utama Muda (IV/c)",
        second_signatory_name="Dwi Rahmawati",
        second_signatory_title="Kepala Bidang Pelatihan dan Produktivitas",
        second_signatory_nip="198002102005012003",
        letterhead="PEMERINTAH KABUPATEN LAMONGAN\nDINAS TENAGA KERJA",
        print_photo=True,
    )
    program = Program.objects.create(
        name=f"Pengelasan Konstruksi Baja {stamp}",
        code=f"L{stamp[-4:]}",
        field=field,
        hours=200,
        certificate_kind="competency",
    )
    for position in range(1, 7):
        CompetencyUnit.objects.create(
            program=program,
            position=position,
            code=f"LAS.0{position}.001.01",
            title=f"Unit kompetensi pengelasan nomor {position}",
            hours=20,
        )
    operator = User.objects.create(
        username=f"bench.op.{stamp}",
        full_name="Operator",
        role=Role.LAPAS_OPERATOR,
        facility=facility,
    )
    instructor = User.objects.create(
        username=f"bench.in.{stamp}", full_name="Instruktur", role=Role.INSTRUCTOR, agency=agency
    )
    admin = User.objects.create(
        username=f"bench.ad.{stamp}", full_name="Admin", role=Role.AGENCY_ADMIN, agency=agency
    )
    cohort = program_services.cohort_create(
        actor=operator,
        program=program,
        facility=facility,
        agency=agency,
        name="Angkatan Bench",
        start_date=date(2025, 6, 2),
        end_date=date(2025, 9, 26),
        capacity=participants,
        instructors=[instructor],
    )
    program_services.cohort_start(actor=operator, cohort=cohort)
    inmates = Inmate.objects.bulk_create(
        Inmate(
            facility=facility,
            registration_number=f"BI.{n:04d}/2025",
            full_name=f"Peserta Pelatihan Nomor {n:02d}",
            birth_place="Lamongan",
            birth_date=date(1990, 1, 1 + n % 28),
            sex="L",
            expected_release_date=date(2030, 1, 1),
        )
        for n in range(1, participants + 1)
    )
    program_services.enrollments_create(actor=operator, cohort=cohort, inmates=inmates)
    # The program's 200 JP delivered by 40 held sessions of 5 JP (08:00-12:00), Monday to
    # Thursday; the rest of the schedule is marked as holidays. The certificates may then
    # state the program's hours.
    sessions = program_services.sessions_generate(
        actor=operator,
        cohort=cohort,
        weekdays=[0, 1, 2, 3],
        start_time=dt_time(8),
        end_time=dt_time(12),
        first_date=date(2025, 6, 3),
    )[:40]
    finish_all_competent(actor=instructor, cohort=cohort, held=sessions)
    return cohort, admin


def naive_render(certificates) -> float:
    """Render each certificate as its own document with default settings; return seconds."""
    logo = documents.agency_logo_data_url(certificates[0].agency)
    start = time.perf_counter()
    for certificate in certificates:
        html = render_to_string(
            "certificates/pdf/batch.html",
            {"certificates": [documents.render_inputs(certificate, logo=logo)]},
        )
        HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.ProjectFilesFetcher()).write_pdf()
    return time.perf_counter() - start


def measure_signing(certificates) -> float:
    """Sign each stored certificate PDF with a throwaway key; return seconds in all."""
    path, passphrase = throwaway_key.pkcs12_file(tempfile.mkdtemp(prefix="bench-signing-"))
    signer = signing.LocalPkcs12Signer(pkcs12_path=path, passphrase=passphrase, tsa_url="")
    contents = []
    for certificate in certificates:
        with certificate.pdf.open("rb") as handle:
            contents.append(handle.read())
    signer.sign(contents[0])  # warm up, as a running worker would be
    start = time.perf_counter()
    signed = [signer.sign(content) for content in contents]
    seconds = time.perf_counter() - start
    pairs = zip(signed, contents, strict=True)
    check(all(s.startswith(c) and len(s) > len(c) for s, c in pairs), "every PDF signed")
    return seconds


def start_workers(count: int, chunk: int, pdf_variant: str) -> list[subprocess.Popen]:
    """Start real database task workers with this process's settings."""
    env = {
        **os.environ,
        "CERTIFICATE_RENDER_CHUNK": str(chunk),
        "BENCH_PDF_VARIANT": pdf_variant,
    }
    return [
        subprocess.Popen(  # noqa: S603 -- our own manage.py
            [sys.executable, str(django_setup.ROOT / "bench" / "worker.py")],
            env=env,
            cwd=django_setup.ROOT,
        )
        for _ in range(count)
    ]


def click_issue(client: Client, cohort) -> float:
    """Send the confirmation page's POST, as the agency admin's click does; return seconds."""
    rows = [row for row in selectors.issuance_preview(cohort=cohort) if row.to_issue]
    plan = selectors.hours_plan(cohort=cohort)
    first = selectors.next_sequence(agency=cohort.agency, year=date.today().year)
    data = {"enrollment": [row.enrollment.pk for row in rows], "hours": plan.printed}
    data["first"] = first
    start = time.perf_counter()
    response = client.post(f"/angkatan/{cohort.pk}/sertifikat/terbitkan/", data)
    seconds = time.perf_counter() - start
    check(response.status_code == 302, "the issuing click is accepted")
    return seconds


def wait_until(what: str, done, timeout: float = 600.0) -> float:
    """Poll the database until ``done()``; return the time it took."""
    start = time.perf_counter()
    while not done():
        check(time.perf_counter() - start < timeout, f"{what} within {timeout:.0f} s")
        check(not DBTaskResult.objects.filter(status="FAILED").exists(), "no task failed")
        time.sleep(0.01)
    return time.perf_counter() - start


def all_stored(cohort) -> bool:
    return not Certificate.objects.filter(enrollment__cohort=cohort, pdf="").exists()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=settings.CERTIFICATE_RENDER_CHUNK)
    parser.add_argument("--ceremony", type=int, default=200)
    parser.add_argument("--downloads", type=int, default=30)
    parser.add_argument(
        "--pdf-variant",
        default=pdf.PDF_VARIANT,
        help=f"the stored PDFs' form ({pdf.PDF_VARIANT}); 'plain' measures what PDF/A costs",
    )
    args = parser.parse_args()
    pdf.PDF_VARIANT = None if args.pdf_variant == "plain" else args.pdf_variant
    settings.CERTIFICATE_RENDER_CHUNK = args.chunk
    if connection.vendor != "postgresql":
        print("bench/certificates.py measures PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        sys.exit(2)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    setup_test_environment()
    DBTaskResult.objects.all().delete()  # the bench's own database: start with an empty queue
    workers = start_workers(args.workers, args.chunk, args.pdf_variant)
    try:
        measure(args)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def measure(args) -> None:
    client = Client()
    # Warm up fonts and templates in every worker, as running workers would be.
    warm_cohort, warm_admin = build_closed_cohort(args.chunk * args.workers)
    django_setup.log_in(client, warm_admin)
    click_issue(client, warm_cohort)
    wait_until("the warm-up PDFs", lambda: all_stored(warm_cohort))

    cohort, admin = build_closed_cohort(args.participants)
    django_setup.log_in(client, admin)
    start = time.perf_counter()
    issue_seconds = click_issue(client, cohort)
    wait_until("every PDF stored", lambda: all_stored(cohort))
    render_seconds = time.perf_counter() - start
    certificates = list(Certificate.objects.filter(enrollment__cohort=cohort))
    check(len(certificates) == args.participants, "every participant qualifies")
    for certificate in certificates:
        check(bool(certificate.pdf_sha256) and certificate.pdf.size > 10_000, "PDF stored")

    naive_seconds = naive_render(certificates)
    signing_seconds = measure_signing(certificates)

    ceremony = services.ceremony_create(
        actor=admin, cohort=cohort, date=date(2025, 9, 30), place="Aula Lapas"
    )
    wait_until("the ceremony PDF", lambda: Ceremony.objects.get(pk=ceremony.pk).pdf)
    ceremony.refresh_from_db()
    url = f"/penyerahan/{ceremony.pk}/unduh/"
    timings = []
    for _ in range(args.downloads):
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
        check(response.status_code == 200 and body.startswith(b"%PDF"), "download works")
    with ceremony.pdf.open("rb") as handle:
        check(handle.read() == body, "the download is the stored file")

    big, big_admin = build_closed_cohort(args.ceremony)
    django_setup.log_in(client, big_admin)
    start = time.perf_counter()
    click_issue(client, big)
    big_ceremony = services.ceremony_create(
        actor=big_admin, cohort=big, date=date(2025, 9, 30), place="Aula Lapas"
    )
    wait_until("the large ceremony PDF", lambda: Ceremony.objects.get(pk=big_ceremony.pk).pdf)
    ceremony_seconds = time.perf_counter() - start

    count = len(certificates)
    figures = {
        "issue_request_ms": issue_seconds * 1000,
        "per_certificate_ms": render_seconds * 1000 / count,
        "naive_per_certificate_ms": naive_seconds * 1000 / count,
        "speedup": naive_seconds / render_seconds,
        "stored_batch_ms": statistics.median(timings),
        "ceremony_200_s": ceremony_seconds,
        "signing_per_certificate_ms": signing_seconds * 1000 / count,
    }
    print(f"certificates: {count}, pages each: 2 (front and units)")
    print(f"workers: {args.workers}, chunk: {args.chunk} certificates a task")
    print(f"click to every PDF stored: {render_seconds * 1000:.0f} ms in all")
    print(f"naive rendering:           {naive_seconds * 1000:.0f} ms in all")
    print(f"ceremony PDF: {len(body) // 1024} KB, served {args.downloads} times")
    print(f"{args.ceremony} certificates issued and handed over: {ceremony_seconds:.1f} s")
    print(f"PAdES B-B signature: {signing_seconds * 1000 / count:.1f} ms a certificate")
    for label, (better, target) in TARGETS.items():
        value = figures[label]
        ok = {"<": value < target, "<=": value <= target, ">=": value >= target}[better]
        print(f"  {label:20} {value:8.1f}  target {better} {target:<6} {'ok' if ok else 'MISSED'}")
    print(
        f"issue_request_ms={figures['issue_request_ms']:.1f} "
        f"per_certificate_ms={figures['per_certificate_ms']:.1f} "
        f"naive_per_certificate_ms={figures['naive_per_certificate_ms']:.1f} "
        f"speedup={figures['speedup']:.2f} "
        f"stored_batch_ms={figures['stored_batch_ms']:.1f} "
        f"ceremony_200_s={figures['ceremony_200_s']:.1f} "
        f"signing_per_certificate_ms={figures['signing_per_certificate_ms']:.1f}"
    )


if __name__ == "__main__":
    main()
