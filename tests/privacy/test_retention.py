"""Retention: personal data of inmates long released is reduced; name, registration number,
certificates, their verification and the statistics stay as they were."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from inmates.models import Inmate, InmateCorrection, InmateImport, InmateTransfer
from inmates.retention import inmate_personal_data_reduce
from inmates.services import inmate_release, inmate_update
from lapas_training.models import AuditEvent
from lapas_training.periods import Period
from programs.models import Enrollment
from reports.selectors import report_scope, totals
from tests import factories
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit, page_without_csrf

pytestmark = pytest.mark.django_db

DAYS = 5 * 365


def long_ago(days: int = DAYS + 1) -> date:
    return timezone.localdate() - timedelta(days=days)


def gone(inmate: Inmate, *, status=Inmate.Status.RELEASED, on: date | None = None) -> Inmate:
    """Mark the inmate released (or transferred out) on ``on``, long ago by default."""
    Inmate.objects.filter(pk=inmate.pk).update(status=status, status_date=on or long_ago())
    return Inmate.objects.get(pk=inmate.pk)


def run(*args: str) -> str:
    out = StringIO()
    with after_commit():
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def released(facility, other_facility, operator):
    """A former inmate with every kind of reducible data: NIK, birth data, photo, notes,
    corrections."""
    inmate = factories.InmateFactory(
        facility=facility,
        full_name="Budi Santoso",
        registration_number="BI.0007/2019",
        nik="3524011708900001",
        birth_place="Lamongan",
        birth_date=date(1985, 3, 2),
    )
    inmate.photo.save("budi.jpg", ContentFile(b"\xff\xd8 foto"))
    InmateTransfer.objects.create(
        inmate=inmate,
        from_facility=other_facility,
        to_facility=facility,
        from_registration_number="MJK.7/2018",
        transferred_on=date(2019, 1, 2),
        note="Dipindah karena kasus keluarga",
        recorded_by=operator,
    )
    inmate_update(actor=operator, inmate=inmate, nik="3524011708900002", reason="Salah ketik")
    return gone(inmate)


def test_the_personal_data_goes_and_the_name_and_number_stay(released):
    photo = released.photo.name
    assert default_storage.exists(photo)
    output = run()
    inmate = Inmate.objects.get(pk=released.pk)
    assert (inmate.full_name, inmate.registration_number, inmate.sex, inmate.education) == (
        "Budi Santoso",
        "BI.0007/2019",
        "L",
        "sma",
    )
    assert (
        inmate.nik,
        inmate.birth_place,
        inmate.birth_date,
        inmate.expected_release_date,
        inmate.photo.name,
    ) == ("", "", None, None, "")
    assert inmate.personal_data_reduced_at is not None
    assert not default_storage.exists(photo)  # the file left storage too
    assert list(InmateTransfer.objects.values_list("note", "from_registration_number")) == [
        ("", "MJK.7/2018")
    ]
    correction = InmateCorrection.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == ("nik", "", "")
    assert (correction.values_removed, correction.reason) == (True, "Salah ketik")
    event = AuditEvent.objects.get(action="inmate.personal_data_reduced")
    assert (event.actor, event.object_id) == (None, str(inmate.pk))
    assert event.data == {
        "fields": ["nik", "birth_place", "birth_date", "expected_release_date"],
        "photo": True,
        "transfer_notes": 1,
        "corrections": 1,
        "retention_days": DAYS,
        "status": "released",
        "status_date": long_ago().isoformat(),
    }
    assert output.splitlines()[-3:] == [
        "Dikurangi: 1 WBP.",
        "Rincian: NIK 1, tempat lahir 1, tanggal lahir 1, tanggal bebas 1, pas foto 1, "
        "catatan pindah 1, nilai riwayat koreksi 1.",
        "Dibuang: 0 berkas impor register yang tidak dikonfirmasi dalam 14 hari (ID: -).",
    ]
    assert f"ID: {inmate.pk}" in output


def test_running_it_again_changes_nothing(released):
    run()
    events = AuditEvent.objects.count()
    output = run()
    assert AuditEvent.objects.count() == events
    assert "Dikurangi: 0 WBP." in output


def test_new_personal_data_of_a_reduced_inmate_is_reduced_on_the_next_run(released, operator):
    run()
    inmate = Inmate.objects.get(pk=released.pk)
    inmate_update(actor=operator, inmate=inmate, birth_place="Tuban", reason="Data susulan")
    run()
    inmate.refresh_from_db()
    assert inmate.birth_place == ""
    assert list(InmateCorrection.objects.values_list("values_removed", flat=True)) == [True, True]


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(released, facility):
    other = gone(factories.InmateFactory(facility=facility), status=Inmate.Status.TRANSFERRED)
    output = run("--dry-run")
    assert output.splitlines() == [
        "[uji coba, tidak ada yang diubah] Masa retensi tindak lanjut 1095 hari: rencana dengan "
        f"tanggal bebas sebelum {long_ago(3 * 365).isoformat()}.",
        "[uji coba, tidak ada yang diubah] Akan dianonimkan: 0 rencana tindak lanjut dengan 0 "
        "kontak; dihapus: catatan 0, tempat kerja 0, penghasilan 0 (keadaan dan tanggal tetap "
        "untuk angka hasil).",
        "[uji coba, tidak ada yang diubah] Masa retensi 1825 hari: WBP bebas/pindah sebelum "
        f"{long_ago(DAYS).isoformat()}.",
        f"[uji coba, tidak ada yang diubah] ID: {released.pk}, {other.pk}",
        "[uji coba, tidak ada yang diubah] Akan dikurangi: 2 WBP.",
        "[uji coba, tidak ada yang diubah] Rincian: NIK 2, tempat lahir 2, tanggal lahir 2, "
        "tanggal bebas 2, pas foto 1, catatan pindah 1, nilai riwayat koreksi 1.",
        "[uji coba, tidak ada yang diubah] Akan dibuang: 0 berkas impor register yang tidak "
        "dikonfirmasi dalam 14 hari (ID: -).",
    ]
    released.refresh_from_db()
    assert (released.nik, released.personal_data_reduced_at) == ("3524011708900002", None)
    assert default_storage.exists(released.photo.name)
    assert not AuditEvent.objects.filter(action="inmate.personal_data_reduced").exists()


def test_only_those_gone_long_enough_and_out_of_training_are_reduced(facility, cohort):
    active = factories.InmateFactory(facility=facility)
    recent = gone(factories.InmateFactory(facility=facility), on=long_ago(DAYS - 1))
    no_date = factories.InmateFactory(facility=facility, status=Inmate.Status.OTHER)
    enrolled = gone(factories.EnrollmentFactory(cohort=cohort).inmate)
    due = gone(factories.InmateFactory(facility=facility), status=Inmate.Status.OTHER)
    run()
    reduced = set(
        Inmate.objects.exclude(personal_data_reduced_at=None).values_list("pk", flat=True)
    )
    assert reduced == {due.pk}
    for kept in (active, recent, no_date, enrolled):
        kept.refresh_from_db()
        assert kept.nik != ""


def test_the_period_comes_from_the_setting_and_batches_cover_everyone(settings, facility):
    settings.RETENTION_AFTER_RELEASE_DAYS = 30
    inmates = [gone(factories.InmateFactory(facility=facility), on=long_ago(31)) for _ in range(3)]
    output = run("--batch-size", "2")
    assert [line for line in output.splitlines() if line.startswith("ID:")] == [
        f"ID: {inmates[0].pk}, {inmates[1].pk}",
        f"ID: {inmates[2].pk}",
    ]
    assert not Inmate.objects.filter(personal_data_reduced_at=None).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--days", "0"], "at least one day"), (["--batch-size", "0"], "at least one")],
)
def test_a_period_of_nothing_is_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("apply_retention", *args)


def test_an_active_inmate_is_never_reduced(operator, facility):
    inmate = factories.InmateFactory(facility=facility)
    with pytest.raises(ValidationError):
        inmate_personal_data_reduce(inmate=inmate, retention_days=DAYS, actor=operator)
    inmate.refresh_from_db()
    assert inmate.personal_data_reduced_at is None


def test_the_detail_page_says_the_data_was_reduced(client, operator, released):
    run()
    client.force_login(operator)
    body = client.get(reverse("inmates:detail", args=[released.pk])).content.decode()
    assert 'id="reduced-notice"' in body
    assert "dihapus (masa retensi berakhir)" in body


def test_certificates_verification_and_statistics_stay_the_same(
    client, cohort, instructor, agency_admin, operator
):
    enrollments = closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"])
    with after_commit():
        issued = certificate_services.certificates_issue(actor=agency_admin, cohort=cohort)
    for enrollment in enrollments.values():
        assert enrollment.status == Enrollment.Status.COMPLETED
        gone(enrollment.inmate)
    verify = reverse("certificates:verify", args=[issued[0].verification_code])
    page_before = page_without_csrf(client.get(verify))
    year = Period.year(cohort.start_date.year)
    figures_before = totals(report_scope(user=operator), year)
    assert (figures_before.participants, figures_before.competent) == (2, 2)

    run()
    assert Inmate.objects.exclude(personal_data_reduced_at=None).count() == 2
    response = client.get(verify)
    assert response.status_code == 200
    assert page_without_csrf(response) == page_before
    assert "Ahmad" in response.content.decode()
    assert totals(report_scope(user=operator), year) == figures_before
    for certificate in issued:
        certificate.refresh_from_db()
        assert certificate.snapshot["holder"]["name"] in {"Ahmad", "Budi"}
        assert certificate.is_valid


def test_register_files_left_unconfirmed_are_discarded(facility, operator, settings):
    settings.PENDING_IMPORT_DAYS = 14
    csv = b"nomor_registrasi,nama_lengkap,jenis_kelamin,nik\nBI.1/2025,Budi,L,3524010101010001\n"
    stale, fresh, applied = (
        InmateImport.objects.create(
            facility=facility, uploaded_by=operator, file_name=name, content=csv, sha256="0" * 64
        )
        for name in ("lama.csv", "baru.csv", "sudah.csv")
    )
    InmateImport.objects.filter(pk__in=[stale.pk, applied.pk]).update(
        uploaded_at=timezone.now() - timedelta(days=15)
    )
    InmateImport.objects.filter(pk=applied.pk).update(
        status=InmateImport.Status.APPLIED, content=b""
    )
    out = run("--dry-run")
    assert (
        "Akan dibuang: 1 berkas impor register yang tidak dikonfirmasi dalam 14 hari "
        f"(ID: {stale.pk})"
    ) in out
    assert bytes(InmateImport.objects.get(pk=stale.pk).content) == csv
    run()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, bytes(stale.content)) == (InmateImport.Status.DISCARDED, b"")
    assert (fresh.status, bytes(fresh.content)) == (InmateImport.Status.PENDING, csv)
    event = AuditEvent.objects.get(action="inmate_import.discarded", object_id=str(stale.pk))
    assert event.actor is None and event.data == {"reason": "not confirmed within 14 days"}


def test_a_release_typed_years_back_is_counted_from_when_it_was_recorded(facility, operator):
    """A typo (2015 for 2025) must not wipe someone's data the same night."""
    inmate = factories.InmateFactory(facility=facility, nik="3524011708900009")
    inmate_release(actor=operator, inmate=inmate, released_on=long_ago())
    assert "Dikurangi: 0 WBP." in run()
    inmate.refresh_from_db()
    assert inmate.nik == "3524011708900009"
    Inmate.objects.filter(pk=inmate.pk).update(
        status_recorded_at=timezone.now() - timedelta(days=DAYS + 1)
    )
    assert "Dikurangi: 1 WBP." in run()
