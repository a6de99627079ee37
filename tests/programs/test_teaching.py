"""Instructors: attendance, assessment, closing and reopening a cohort."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lapas_training.models import AuditEvent
from programs import services
from programs.models import Attendance, Cohort, Enrollment, UnitResult
from programs.services import Assessment
from tests import factories
from tests.helpers import assert_same_as_missing, formset_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(cohort):
    return [
        factories.EnrollmentFactory(cohort=cohort, inmate__full_name=f"Peserta {n:02d}")
        for n in range(1, 4)
    ]


@pytest.fixture
def session(cohort):
    return factories.SessionFactory(cohort=cohort)


def all_present(roster):
    return {e.pk: ("hadir", "") for e in roster}


# --- attendance service -----------------------------------------------------------------------


def test_attendance_saved_and_changed_with_audit(instructor, roster, session):
    counts = services.attendance_record(
        actor=instructor,
        session=session,
        entries={**all_present(roster), roster[1].pk: ("sakit", "Demam")},
    )
    assert counts == {"hadir": 2, "izin": 0, "sakit": 1, "alpa": 0}
    session.refresh_from_db()
    assert session.attendance_taken_at is not None
    services.attendance_record(
        actor=instructor,
        session=session,
        entries={**all_present(roster), roster[2].pk: ("alpa", "")},
    )
    marks = dict(Attendance.objects.values_list("enrollment_id", "status"))
    assert marks == {roster[0].pk: "hadir", roster[1].pk: "hadir", roster[2].pk: "alpa"}
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "attendance.recorded",
        "attendance.changed",
    ]
    changed = AuditEvent.objects.get(action="attendance.changed").data["changes"]
    assert changed == [
        {"enrollment": roster[1].pk, "from": "sakit", "to": "hadir"},
        {"enrollment": roster[2].pk, "from": "hadir", "to": "alpa"},
    ]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e, r: e.update({r[0].pk: ("bolos", "")}), "Pilih hadir, izin, sakit atau alpa"),
        (lambda e, r: e.pop(r[0].pk), "Kehadiran 1 peserta belum diisi."),
        (lambda e, r: e.update({999999: ("hadir", "")}), "Ada peserta yang bukan anggota"),
    ],
)
def test_bad_attendance_saves_nothing(instructor, roster, session, mutate, message):
    entries = all_present(roster)
    mutate(entries, roster)
    with pytest.raises(ValidationError) as excinfo:
        services.attendance_record(actor=instructor, session=session, entries=entries)
    assert excinfo.value.messages[0].startswith(message)
    assert Attendance.objects.count() == 0


def test_participant_of_another_cohort_is_refused(instructor, roster, session, other_cohort):
    stranger = factories.EnrollmentFactory(cohort=other_cohort)
    entries = {**all_present(roster), stranger.pk: ("hadir", "")}
    with pytest.raises(ValidationError):
        services.attendance_record(actor=instructor, session=session, entries=entries)
    assert Attendance.objects.count() == 0


def test_attendance_query_count_does_not_grow_with_participants(
    instructor, cohort, session, django_assert_max_num_queries
):
    roster = factories.EnrollmentFactory.create_batch(40, cohort=cohort)
    with django_assert_max_num_queries(10):
        services.attendance_record(actor=instructor, session=session, entries=all_present(roster))
    with django_assert_max_num_queries(10):
        services.attendance_record(
            actor=instructor,
            session=session,
            entries={e.pk: ("alpa", "x") for e in roster},
        )
    assert Attendance.objects.filter(status="alpa").count() == 40


# --- assessment service -----------------------------------------------------------------------


def test_units_decide_the_overall_result(instructor, cohort, roster):
    first, second = factories.CompetencyUnitFactory.create_batch(2, program=cohort.program)
    e = roster[0]
    with pytest.raises(ValidationError) as excinfo:
        services.assessments_record(
            actor=instructor,
            cohort=cohort,
            assessments={e.pk: Assessment(result="K", units={first.pk: "K", second.pk: "BK"})},
        )
    assert excinfo.value.message_dict == {
        str(e.pk): ["Hasil K hanya bila semua unit kompetensi K."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.assessments_record(
            actor=instructor,
            cohort=cohort,
            assessments={e.pk: Assessment(result="BK", units={first.pk: "K"})},
        )
    assert excinfo.value.message_dict == {
        str(e.pk): ["Isi K atau BK untuk setiap unit kompetensi."]
    }
    services.assessments_record(
        actor=instructor,
        cohort=cohort,
        assessments={
            e.pk: Assessment(
                result="K", score=Decimal("87.5"), units={first.pk: "K", second.pk: "K"}
            )
        },
    )
    e.refresh_from_db()
    assert (e.result, e.score, e.result_recorded_by) == ("K", Decimal("87.50"), instructor)
    assert set(UnitResult.objects.values_list("unit_id", "result")) == {
        (first.pk, "K"),
        (second.pk, "K"),
    }


@pytest.mark.parametrize(
    ("assessment", "message"),
    [
        (Assessment(result="X"), "Hasil harus K atau BK."),
        (Assessment(result="K", score=Decimal(101)), "Nilai harus antara 0 dan 100."),
    ],
)
def test_bad_results_are_refused(instructor, cohort, roster, assessment, message):
    with pytest.raises(ValidationError) as excinfo:
        services.assessments_record(
            actor=instructor, cohort=cohort, assessments={roster[0].pk: assessment}
        )
    assert excinfo.value.message_dict == {str(roster[0].pk): [message]}
    assert not Enrollment.objects.exclude(result="").exists()


def test_assessment_query_count_does_not_grow(instructor, cohort, django_assert_max_num_queries):
    units = factories.CompetencyUnitFactory.create_batch(3, program=cohort.program)
    roster = factories.EnrollmentFactory.create_batch(40, cohort=cohort)
    assessments = {
        e.pk: Assessment(result="K", score=Decimal(80), units={u.pk: "K" for u in units})
        for e in roster
    }
    with django_assert_max_num_queries(12):
        assert (
            services.assessments_record(actor=instructor, cohort=cohort, assessments=assessments)
            == 40
        )
    assert UnitResult.objects.count() == 120


# --- closing ----------------------------------------------------------------------------------


def test_close_refuses_while_someone_has_no_result(instructor, cohort, roster):
    services.assessments_record(
        actor=instructor,
        cohort=cohort,
        assessments={roster[0].pk: Assessment(result="K"), roster[1].pk: Assessment(result="BK")},
    )
    with pytest.raises(ValidationError) as excinfo:
        services.cohort_close(actor=instructor, cohort=cohort)
    assert excinfo.value.messages == [
        "Masih ada 1 peserta yang belum dinilai. Isi hasil K atau BK dulu."
    ]
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RUNNING


def test_close_freezes_and_reopen_needs_admin_and_reason(
    instructor, system_admin, cohort, roster, session
):
    services.attendance_record(actor=instructor, session=session, entries=all_present(roster))
    services.enrollment_withdraw(actor=instructor, enrollment=roster[2], reason="health")
    services.assessments_record(
        actor=instructor,
        cohort=cohort,
        assessments={roster[0].pk: Assessment(result="K"), roster[1].pk: Assessment(result="BK")},
    )
    summary = services.cohort_close(actor=instructor, cohort=cohort)
    assert summary == {"competent": 1, "not_yet": 1, "withdrawn": 1, "sessions_cancelled": 0}
    assert set(cohort.enrollments.values_list("status", flat=True)) == {"completed", "withdrawn"}

    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.attendance_record(actor=instructor, session=session, entries={})
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.assessments_record(actor=instructor, cohort=cohort, assessments={})
    with pytest.raises(ValidationError, match="Hanya administrator"):
        services.cohort_reopen(actor=instructor, cohort=cohort, reason="Salah input")
    with pytest.raises(ValidationError):
        services.cohort_reopen(actor=system_admin, cohort=cohort, reason=" ")

    services.cohort_reopen(actor=system_admin, cohort=cohort, reason="Nilai salah input")
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RUNNING
    assert AuditEvent.objects.get(action="cohort.reopened").data == {
        "reason": "Nilai salah input",
        "sessions_resumed": 0,
    }


# --- views ------------------------------------------------------------------------------------


def attendance_post(roster, marks=None, notes=None):
    """Return the attendance formset's POST: everyone present unless ``marks`` says otherwise."""
    marks, notes = marks or {}, notes or {}
    return formset_data(
        "hadir",
        [
            {"row": e.pk, "status": marks.get(e.pk, "hadir"), "note": notes.get(e.pk, "")}
            for e in roster
        ],
    )


def test_attendance_page_three_users_and_default_all_present(
    client, instructor, foreign_instructor, roster, session, cohort
):
    url = reverse("programs:session_attendance", args=[cohort.pk, session.pk])
    client.force_login(instructor)
    response = client.get(url)
    forms = response.context["formset"].forms
    assert [form.row_object for form in forms] == sorted(roster, key=lambda e: e.inmate.full_name)
    assert [form["status"].value() for form in forms] == ["hadir", "hadir", "hadir"]
    client.force_login(foreign_instructor)
    assert_same_as_missing(
        client, client.get(url), reverse("programs:session_attendance", args=[cohort.pk, 99999])
    )
    client.logout()
    assert client.get(url)["Location"] == f"/akun/masuk/?next={url}"


def test_one_post_saves_the_whole_session(client, instructor, roster, session, cohort):
    client.force_login(instructor)
    data = attendance_post(roster, marks={roster[0].pk: "sakit"}, notes={roster[0].pk: "Demam"})
    response = client.post(
        reverse("programs:session_attendance", args=[cohort.pk, session.pk]), data
    )
    assert response["Location"] == reverse("programs:cohort_detail", args=[cohort.pk])
    assert Attendance.objects.get(enrollment=roster[0]).note == "Demam"
    assert Attendance.objects.filter(status="hadir").count() == 2


def test_missing_mark_is_shown_on_its_row_and_nothing_is_saved(
    client, instructor, roster, session, cohort
):
    client.force_login(instructor)
    data = attendance_post(roster)
    del data["hadir-1-status"]
    response = client.post(
        reverse("programs:session_attendance", args=[cohort.pk, session.pk]), data
    )
    assert response.status_code == 200
    errors = [form.errors for form in response.context["formset"].forms]
    assert errors == [{}, {"status": ["Pilih hadir, izin, sakit atau alpa."]}, {}]
    assert Attendance.objects.count() == 0


def test_attendance_posted_for_a_stranger_or_a_changed_roster_saves_nothing(
    client, instructor, roster, session, cohort, other_cohort
):
    stranger = factories.EnrollmentFactory(cohort=other_cohort)
    url = reverse("programs:session_attendance", args=[cohort.pk, session.pk])
    client.force_login(instructor)
    response = client.post(url, attendance_post([*roster, stranger]))
    assert response.context["formset"].non_form_errors() == [
        "Ada peserta yang bukan anggota angkatan ini."
    ]
    response = client.post(url, attendance_post(roster[:2]))
    assert response.context["formset"].non_form_errors() == [
        "Daftar peserta berubah sejak halaman dibuka. Muat ulang halaman lalu isi lagi."
    ]
    assert Attendance.objects.count() == 0


def test_lapas_staff_follow_read_only(client, operator, roster, session, cohort):
    client.force_login(operator)
    url = reverse("programs:session_attendance", args=[cohort.pk, session.pk])
    assert client.get(url).context["can_edit"] is False
    roster_pks = [e.pk for e in roster]
    data = attendance_post(roster, marks=dict.fromkeys(roster_pks, "alpa"))
    response = client.post(url, data)
    missing = reverse("programs:session_attendance", args=[cohort.pk, 99999])
    assert_same_as_missing(client, response, missing, method="post", data=data)
    assert Attendance.objects.count() == 0
    assert client.get(reverse("programs:cohort_attendance", args=[cohort.pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_attendance_grid_query_count(client, instructor, cohort, rows, django_assert_num_queries):
    roster = factories.EnrollmentFactory.create_batch(rows, cohort=cohort)
    for _ in range(rows):
        session = factories.SessionFactory(cohort=cohort)
        services.attendance_record(actor=instructor, session=session, entries=all_present(roster))
    client.force_login(instructor)
    with django_assert_num_queries(6):
        response = client.get(reverse("programs:cohort_attendance", args=[cohort.pk]))
    assert [e.attendance_percent for e, _marks in response.context["rows"]] == [100.0] * rows


def assessment_post(roster, results=None, scores=None):
    """Return the assessment formset's POST: everyone K unless ``results`` says otherwise."""
    results, scores = results or {}, scores or {}
    return formset_data(
        "nilai",
        [
            {"row": e.pk, "result": results.get(e.pk, "K"), "score": scores.get(e.pk, "")}
            for e in roster
        ],
    )


def test_assessment_page_rejects_bad_score_and_saves_nothing(client, instructor, roster, cohort):
    client.force_login(instructor)
    data = assessment_post(roster, scores={roster[0].pk: "abc"})
    response = client.post(reverse("programs:cohort_assessment", args=[cohort.pk]), data)
    assert response.status_code == 200
    errors = {form.row_object.pk: form.errors for form in response.context["formset"].forms}
    assert errors == {
        roster[0].pk: {"score": ["Nilai harus berupa angka 0 sampai 100."]},
        roster[1].pk: {},
        roster[2].pk: {},
    }
    assert not Enrollment.objects.exclude(result="").exists()


def test_assessment_service_error_is_shown_on_the_participants_row(
    client, instructor, roster, cohort
):
    unit = factories.CompetencyUnitFactory(program=cohort.program)
    client.force_login(instructor)
    data = assessment_post(roster)
    for index in range(len(roster)):
        data[f"nilai-{index}-unit_{unit.pk}"] = "K"
    data[f"nilai-2-unit_{unit.pk}"] = "BK"
    response = client.post(reverse("programs:cohort_assessment", args=[cohort.pk]), data)
    forms = response.context["formset"].forms
    assert [form.non_field_errors() for form in forms] == [
        [],
        [],
        ["Hasil K hanya bila semua unit kompetensi K."],
    ]
    assert not Enrollment.objects.exclude(result="").exists()


def test_assessment_page_saves_all_at_once(client, instructor, roster, cohort):
    client.force_login(instructor)
    data = assessment_post(roster, results={roster[2].pk: "BK"}, scores={roster[0].pk: "90,5"})
    client.post(reverse("programs:cohort_assessment", args=[cohort.pk]), data)
    assert dict(Enrollment.objects.values_list("pk", "result")) == {
        roster[0].pk: "K",
        roster[1].pk: "K",
        roster[2].pk: "BK",
    }
    assert Enrollment.objects.get(pk=roster[0].pk).score == Decimal("90.50")


def test_smuggled_participant_in_assessment_changes_nothing(
    client, instructor, roster, cohort, other_cohort
):
    stranger = factories.EnrollmentFactory(cohort=other_cohort)
    client.force_login(instructor)
    data = assessment_post([*roster, stranger])
    response = client.post(reverse("programs:cohort_assessment", args=[cohort.pk]), data)
    assert response.context["formset"].non_form_errors() == [
        "Ada peserta yang bukan anggota angkatan ini."
    ]
    assert not Enrollment.objects.exclude(result="").exists()


def test_close_page_and_reopen_page(client, instructor, system_admin, operator, roster, cohort):
    client.force_login(instructor)
    url = reverse("programs:cohort_close", args=[cohort.pk])
    page = client.get(url)
    assert len(page.context["unassessed"]) == 3
    response = client.post(url)
    assert response.context["errors"] == [
        "Masih ada 3 peserta yang belum dinilai. Isi hasil K atau BK dulu."
    ]
    services.assessments_record(
        actor=instructor, cohort=cohort, assessments={e.pk: Assessment(result="K") for e in roster}
    )
    client.post(url)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.CLOSED

    reopen = reverse("programs:cohort_reopen", args=[cohort.pk])
    assert "Angkatan ditutup" in client.get(reverse("reports:home")).content.decode()
    for user in (instructor, operator):
        client.force_login(user)
        missing = reverse("programs:cohort_reopen", args=[99999])
        assert_same_as_missing(client, client.get(reopen), missing)
    client.force_login(system_admin)
    response = client.post(reopen, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Bidang ini tidak boleh kosong."]}
    client.post(reopen, {"reason": "Koreksi nilai"})
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RUNNING


def test_instructor_home_shows_progress(client, instructor, cohort, roster):
    sessions = factories.SessionFactory.create_batch(4, cohort=cohort)
    services.attendance_record(
        actor=instructor,
        session=sessions[0],
        entries={**all_present(roster), roster[0].pk: ("alpa", "")},
    )
    client.force_login(instructor)
    (shown,) = client.get("/").context["cohorts"]
    assert (shown.sessions_held, shown.session_count) == (1, 4)
    assert round(shown.average_attendance, 1) == 66.7


def test_unit_results_are_checked_even_without_an_overall_result(instructor, cohort, roster):
    unit = factories.CompetencyUnitFactory(program=cohort.program)
    with pytest.raises(ValidationError) as excinfo:
        services.assessments_record(
            actor=instructor,
            cohort=cohort,
            assessments={roster[0].pk: Assessment(result="", units={unit.pk: "ZZ"})},
        )
    assert excinfo.value.message_dict == {
        str(roster[0].pk): ["Hasil unit kompetensi tidak dikenali."]
    }
    assert UnitResult.objects.count() == 0


def test_attendance_for_a_future_session_is_refused(instructor, cohort, roster):
    from datetime import timedelta

    from django.utils import timezone

    cohort.end_date = timezone.localdate() + timedelta(days=30)
    cohort.save()
    session = factories.SessionFactory(cohort=cohort, date=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="pada hari sesi atau sesudahnya"):
        services.attendance_record(actor=instructor, session=session, entries=all_present(roster))


def test_duplicate_session_is_explained_on_the_date(operator, cohort):
    from datetime import time

    services.session_create(
        actor=operator, cohort=cohort, date=cohort.start_date, start_time=time(8), end_time=time(10)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(
            actor=operator,
            cohort=cohort,
            date=cohort.start_date,
            start_time=time(8),
            end_time=time(11),
        )
    assert excinfo.value.message_dict == {
        "start_time": ["Jam sesi ini bertumpang tindih dengan sesi lain pada tanggal itu."]
    }


@pytest.mark.parametrize(
    "tampered",
    [
        {},  # no management form at all
        {"hadir-TOTAL_FORMS": "abc", "hadir-INITIAL_FORMS": "0"},
        {"hadir-TOTAL_FORMS": "100000", "hadir-INITIAL_FORMS": "0"},
        {"hadir-TOTAL_FORMS": "1", "hadir-INITIAL_FORMS": "1", "hadir-0-row": "x' OR 1=1"},
    ],
)
def test_tampered_attendance_post_is_refused_in_indonesian_and_saves_nothing(
    client, instructor, roster, session, cohort, tampered
):
    client.force_login(instructor)
    url = reverse("programs:session_attendance", args=[cohort.pk, session.pk])
    response = client.post(url, tampered)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.is_valid() is False
    assert "alert-danger" in response.content.decode()
    assert "tampered" not in response.content.decode()
    assert Attendance.objects.count() == 0
