"""Cohort management pages: create, edit, schedule, enrol, withdraw, print."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lapas_training.models import AuditEvent
from programs.models import Cohort, Enrollment, Session
from tests import factories
from tests.helpers import assert_same_as_missing

pytestmark = pytest.mark.django_db


def cohort_post(program, **overrides):
    data = {
        "name": "Angkatan II 2026",
        "program": program.pk,
        "start_date": "05/01/2026",
        "end_date": "27/03/2026",
        "capacity": 40,
        "place": "Aula Lapas",
    }
    data.update(overrides)
    return data


# --- create and edit --------------------------------------------------------------------------


def test_operator_creates_cohort_in_own_facility(client, operator, facility, agency, instructor):
    program = factories.ProgramFactory()
    client.force_login(operator)
    response = client.post(
        reverse("programs:cohort_create"),
        cohort_post(program, agency=agency.pk, instructors=[instructor.pk]),
    )
    cohort = Cohort.objects.get()
    assert response["Location"] == reverse("programs:cohort_detail", args=[cohort.pk])
    assert (cohort.facility, cohort.agency, cohort.start_date, cohort.status) == (
        facility,
        agency,
        date(2026, 1, 5),
        Cohort.Status.PLANNED,
    )
    assert list(cohort.instructors.all()) == [instructor]
    assert AuditEvent.objects.get().action == "cohort.created"


def test_agency_admin_creates_cohort_for_own_agency(client, agency_admin, agency, facility):
    client.force_login(agency_admin)
    program = factories.ProgramFactory()
    client.post(reverse("programs:cohort_create"), cohort_post(program, facility=facility.pk))
    assert Cohort.objects.get().agency == agency


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"end_date": "31/11/2026"},
            "end_date",
            "Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025.",
        ),
        (
            {"end_date": "01/01/2026"},
            "end_date",
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
        ),
        ({"capacity": 0}, "capacity", "Pastikan nilai ini lebih besar dari atau sama dengan 1."),
    ],
)
def test_bad_cohort_input_is_explained_and_nothing_saved(
    client, operator, agency, overrides, field, message
):
    client.force_login(operator)
    program = factories.ProgramFactory()
    response = client.post(
        reverse("programs:cohort_create"), cohort_post(program, agency=agency.pk, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[field or "__all__"] == [message]
    assert Cohort.objects.count() == 0


def test_instructor_of_another_agency_is_not_offered_and_refused(
    client, operator, agency, foreign_instructor
):
    client.force_login(operator)
    program = factories.ProgramFactory()
    response = client.post(
        reverse("programs:cohort_create"),
        cohort_post(program, agency=agency.pk, instructors=[foreign_instructor.pk]),
    )
    assert response.context["form"].errors == {
        "instructors": ["Instruktur ini bukan instruktur dari instansi mitra yang dipilih."]
    }
    assert Cohort.objects.count() == 0


def test_capacity_below_enrolled_is_refused(client, operator, cohort):
    factories.EnrollmentFactory.create_batch(3, cohort=cohort)
    client.force_login(operator)
    response = client.post(
        reverse("programs:cohort_edit", args=[cohort.pk]),
        cohort_post(cohort.program, capacity=2, start_date="01/06/2026", end_date="30/09/2026"),
    )
    assert response.context["form"].errors == {
        "capacity": ["Kapasitas tidak boleh kurang dari jumlah peserta terdaftar (3)."]
    }
    cohort.refresh_from_db()
    assert cohort.capacity == 40


def test_edit_three_users(client, operator, other_operator, instructor, cohort):
    url = reverse("programs:cohort_edit", args=[cohort.pk])
    client.force_login(operator)
    assert client.get(url).status_code == 200
    client.force_login(other_operator)
    assert_same_as_missing(client, client.get(url), reverse("programs:cohort_edit", args=[99999]))
    client.force_login(instructor)  # sees the cohort, may not change it
    assert_same_as_missing(client, client.get(url), reverse("programs:cohort_edit", args=[99999]))
    client.logout()
    assert client.get(url)["Location"] == f"/akun/masuk/?next={url}"


def test_post_to_another_facilitys_cohort_changes_nothing(client, other_operator, cohort):
    client.force_login(other_operator)
    data = cohort_post(cohort.program, name="Diretas")
    response = client.post(reverse("programs:cohort_edit", args=[cohort.pk]), data)
    missing = reverse("programs:cohort_edit", args=[99999])
    assert_same_as_missing(client, response, missing, method="post", data=data)
    cohort.refresh_from_db()
    assert cohort.name == "Angkatan I 2026"


# --- schedule ---------------------------------------------------------------------------------


def test_schedule_generated_from_weekdays(client, operator, cohort):
    client.force_login(operator)
    url = reverse("programs:cohort_schedule", args=[cohort.pk])
    data = {
        "generate": "1",
        "schedule-weekdays": ["1", "3"],
        "schedule-start_time": "08:00",
        "schedule-end_time": "12:00",
        "schedule-first_date": "01/06/2026",
        "schedule-last_date": "14/06/2026",
        "schedule-topic_prefix": "Pertemuan",
    }
    client.post(url, data)
    sessions = list(Session.objects.order_by("date").values_list("date", "topic"))
    assert sessions == [
        (date(2026, 6, 2), "Pertemuan 1"),
        (date(2026, 6, 4), "Pertemuan 2"),
        (date(2026, 6, 9), "Pertemuan 3"),
        (date(2026, 6, 11), "Pertemuan 4"),
    ]
    client.post(url, data)  # generating again adds nothing
    assert Session.objects.count() == 4


def test_schedule_errors_next_to_the_field(client, operator, cohort):
    client.force_login(operator)
    response = client.post(
        reverse("programs:cohort_schedule", args=[cohort.pk]),
        {
            "generate": "1",
            "schedule-start_time": "12:00",
            "schedule-end_time": "08:00",
        },
    )
    errors = response.context["schedule_form"].errors
    assert errors["weekdays"] == ["Pilih minimal satu hari."]
    assert errors["end_time"] == ["Jam selesai harus setelah jam mulai."]
    assert Session.objects.count() == 0


def test_session_outside_cohort_is_refused(client, operator, cohort):
    client.force_login(operator)
    response = client.post(
        reverse("programs:cohort_schedule", args=[cohort.pk]),
        {
            "add": "1",
            "session-date": "01/01/2030",
            "session-start_time": "08:00",
            "session-end_time": "10:00",
        },
    )
    assert response.context["session_form"].errors == {
        "date": ["Tanggal sesi harus di antara tanggal mulai dan selesai angkatan."]
    }


def test_session_delete_asks_first(client, operator, cohort):
    today = timezone.localdate()
    cohort.start_date, cohort.end_date = today, today + timedelta(days=30)
    cohort.save()
    session = factories.SessionFactory(cohort=cohort, date=today + timedelta(days=7))
    client.force_login(operator)
    url = reverse("programs:session_delete", args=[cohort.pk, session.pk])
    assert "Hapus sesi" in client.get(url).content.decode()
    assert Session.objects.count() == 1
    client.post(url)
    assert Session.objects.count() == 0


def test_a_past_session_is_explained_never_deleted(client, operator, cohort):
    session = factories.SessionFactory(cohort=cohort)  # in June, long past
    client.force_login(operator)
    response = client.post(
        reverse("programs:session_delete", args=[cohort.pk, session.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Sesi yang sudah lewat atau ditandai tidak dilaksanakan tidak dapat dihapus: catat "
        "presensinya atau tandai tidak dilaksanakan dengan alasan."
    ]
    assert Session.objects.count() == 1


# --- enrollment -------------------------------------------------------------------------------


def test_picker_shows_eligibility_and_keeps_ticks(client, operator, cohort, other_facility):
    ok = factories.InmateFactory(facility=cohort.facility, full_name="Ahmad Fauzi")
    soon = factories.InmateFactory(
        facility=cohort.facility, full_name="Bayu Saputra", expected_release_date=date(2026, 7, 1)
    )
    factories.InmateFactory(facility=other_facility, full_name="Orang Lain")
    client.force_login(operator)
    response = client.get(
        reverse("programs:enrollment_picker", args=[cohort.pk]), {"q": "bayu", "pick": [ok.pk]}
    )
    rows = response.context["rows"]
    assert [(e.inmate, e.blocks, e.warnings, picked) for e, picked in rows] == [
        (soon, [], ["Tanggal bebas (01/07/2026) sebelum angkatan selesai."], False)
    ]
    assert response.context["picked_off_page"] == [ok]
    assert "Orang Lain" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_picker_query_count_is_fixed(client, operator, cohort, rows, django_assert_num_queries):
    factories.InmateFactory.create_batch(rows, facility=cohort.facility)
    picked = factories.InmateFactory.create_batch(rows, facility=cohort.facility)
    client.force_login(operator)
    url = reverse("programs:enrollment_picker", args=[cohort.pk])
    # session, user, cohort, picked, count, page, active count, overlaps, completed, active count
    with django_assert_num_queries(10):
        response = client.get(url, {"pick": [i.pk for i in picked]})
    assert len(response.context["rows"]) == 2 * rows


def test_enrol_several_with_one_override(client, operator, cohort):
    first = factories.InmateFactory(facility=cohort.facility)
    second = factories.InmateFactory(facility=cohort.facility)
    soon = factories.InmateFactory(facility=cohort.facility, expected_release_date=date(2026, 7, 1))
    client.force_login(operator)
    url = reverse("programs:enrollment_confirm", args=[cohort.pk])
    picks = [first.pk, second.pk, soon.pk]

    response = client.post(url, {"pick": picks})
    assert response.status_code == 200
    assert [errors for _e, _r, errors in response.context["rows"]] == [
        [],
        [],
        [
            "Tuliskan alasan untuk tetap mendaftarkan WBP ini: "
            "Tanggal bebas (01/07/2026) sebelum angkatan selesai."
        ],
    ]
    assert Enrollment.objects.count() == 0

    response = client.post(url, {"pick": picks, f"reason_{soon.pk}": "Remisi belum pasti"})
    assert response["Location"] == reverse("programs:cohort_detail", args=[cohort.pk])
    assert set(Enrollment.objects.values_list("inmate_id", flat=True)) == set(picks)
    assert Enrollment.objects.get(inmate=soon).override_reason == "Remisi belum pasti"
    assert list(
        AuditEvent.objects.filter(action="enrollment.warning_overridden").values_list(
            "data__reason", flat=True
        )
    ) == ["Remisi belum pasti"]


def test_enrolling_beyond_capacity_saves_nothing(client, operator, cohort):
    cohort.capacity = 2
    cohort.save()
    inmates = factories.InmateFactory.create_batch(3, facility=cohort.facility)
    client.force_login(operator)
    response = client.post(
        reverse("programs:enrollment_confirm", args=[cohort.pk]),
        {"pick": [i.pk for i in inmates]},
    )
    assert response.context["general_errors"] == [
        "Kapasitas tidak cukup: 2 tempat tersisa, 3 WBP dipilih."
    ]
    assert Enrollment.objects.count() == 0


def test_smuggled_inmate_of_another_facility_changes_nothing(
    client, operator, cohort, other_facility
):
    mine = factories.InmateFactory(facility=cohort.facility)
    foreign = factories.InmateFactory(facility=other_facility)
    client.force_login(operator)
    client.post(
        reverse("programs:enrollment_confirm", args=[cohort.pk]), {"pick": [mine.pk, foreign.pk]}
    )
    assert list(Enrollment.objects.values_list("inmate_id", flat=True)) == [mine.pk]


def test_enrollment_pages_are_404_to_others(
    client, other_operator, head, agency_admin, instructor, cohort
):
    inmate = factories.InmateFactory(facility=cohort.facility)
    for user in (other_operator, head, agency_admin, instructor):
        client.force_login(user)
        response = client.get(reverse("programs:enrollment_picker", args=[cohort.pk]))
        missing = reverse("programs:enrollment_picker", args=[99999])
        assert_same_as_missing(client, response, missing)
        data = {"pick": [inmate.pk]}
        response = client.post(reverse("programs:enrollment_confirm", args=[cohort.pk]), data)
        missing = reverse("programs:enrollment_confirm", args=[99999])
        assert_same_as_missing(client, response, missing, method="post", data=data)
    assert Enrollment.objects.count() == 0


def test_withdraw_with_reason(client, operator, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    client.force_login(operator)
    url = reverse("programs:enrollment_withdraw", args=[cohort.pk, enrollment.pk])
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Bidang ini tidak boleh kosong."]}
    client.post(url, {"reason": "health", "note": "Dirawat di RS"})
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.withdrawal_reason, enrollment.withdrawal_note) == (
        Enrollment.Status.WITHDRAWN,
        "health",
        "Dirawat di RS",
    )


def test_released_inmate_is_withdrawn_from_open_cohorts(operator, cohort):
    from inmates.services import inmate_release

    enrollment = factories.EnrollmentFactory(cohort=cohort)
    inmate_release(actor=operator, inmate=enrollment.inmate, released_on=date(2026, 7, 1))
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.withdrawal_reason) == ("withdrawn", "released")
    assert AuditEvent.objects.get(action="inmate.released").data["enrollments_withdrawn"] == 1


# --- printables -------------------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["operator", "instructor", "agency_admin"])
def test_printables_for_whoever_sees_the_cohort(client, request, user_fixture, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort, inmate__full_name="Ahmad Fauzi")
    factories.EnrollmentFactory(
        cohort=cohort,
        inmate__full_name="Sudah Keluar",
        status="withdrawn",
        withdrawal_reason="health",
    )
    session = factories.SessionFactory(cohort=cohort, date=date(2026, 6, 2), start_time=time(8))
    client.force_login(request.getfixturevalue(user_fixture))
    participants = client.get(reverse("programs:print_participants", args=[cohort.pk]))
    assert participants.context["participants"] == [enrollment]
    sheet = client.get(reverse("programs:print_attendance", args=[cohort.pk, session.pk]))
    body = sheet.content.decode()
    assert "Ahmad Fauzi" in body
    assert "Sudah Keluar" not in body
    assert "Tanda tangan" in body
    assert "Selasa, 2 Juni 2026" in body


def test_printables_are_404_to_outsiders(client, other_operator, cohort):
    session = factories.SessionFactory(cohort=cohort)
    client.force_login(other_operator)
    response = client.get(reverse("programs:print_participants", args=[cohort.pk]))
    assert_same_as_missing(client, response, reverse("programs:print_participants", args=[99999]))
    response = client.get(reverse("programs:print_attendance", args=[cohort.pk, session.pk]))
    missing = reverse("programs:print_attendance", args=[cohort.pk, 99999])
    assert_same_as_missing(client, response, missing)


def test_operator_is_offered_only_the_chosen_agencys_instructors(
    client, operator, instructor, foreign_instructor, agency, other_agency, cohort
):
    client.force_login(operator)
    page = client.get(reverse("programs:cohort_create"))
    body = page.content.decode()
    # Without a chosen agency every instructor is listed with his agency, for the script.
    assert f'data-agency="{agency.pk}"' in body and f'data-agency="{other_agency.pk}"' in body
    data = cohort_post(cohort.program, agency=agency.pk, instructors=[foreign_instructor.pk])
    response = client.post(reverse("programs:cohort_create"), data)
    assert response.context["form"].errors["instructors"] == [
        "Instruktur ini bukan instruktur dari instansi mitra yang dipilih."
    ]
    lonely = factories.PartnerAgencyFactory(name="LPK Tanpa Instruktur")
    response = client.post(
        reverse("programs:cohort_create"), cohort_post(cohort.program, agency=lonely.pk, name="")
    )
    assert "belum memiliki instruktur terdaftar" in response.content.decode()
