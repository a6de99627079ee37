"""Honest hours: every past session is recorded or marked not held, and only held ones count."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lapas_training.models import AuditEvent
from programs import selectors, services
from programs.models import Attendance, NotHeldReason, Session
from programs.services import Assessment
from tests import factories
from tests.helpers import formset_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(cohort):
    return factories.EnrollmentFactory.create_batch(2, cohort=cohort)


def past(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def session_on(cohort, day: date, hours: int = 4) -> Session:
    return factories.SessionFactory(cohort=cohort, date=day, hours=hours)


def record(session, roster, actor) -> None:
    services.attendance_record(
        actor=actor, session=session, entries={e.pk: ("hadir", "") for e in roster}
    )


def assess_all(cohort, roster, actor) -> None:
    services.assessments_record(
        actor=actor, cohort=cohort, assessments={e.pk: Assessment(result="K") for e in roster}
    )


@pytest.fixture
def cohort(cohort):
    # Dates around today, so that sessions can lie in the past and in the future.
    cohort.start_date, cohort.end_date = past(60), past(-60)
    cohort.save()
    return cohort


def test_a_past_session_neither_recorded_nor_marked_blocks_closing(cohort, roster, instructor):
    held = session_on(cohort, past(10))
    forgotten = session_on(cohort, past(3))
    record(held, roster, instructor)
    assess_all(cohort, roster, instructor)
    with pytest.raises(ValidationError) as refused:
        services.cohort_close(actor=instructor, cohort=cohort)
    assert refused.value.messages == [
        "1 sesi yang sudah lewat belum dicatat presensinya atau ditandai tidak dilaksanakan: "
        f"{forgotten.date:%d/%m/%Y}."
    ]
    services.session_mark_not_held(
        actor=instructor, session=forgotten, reason=NotHeldReason.HOLIDAY
    )
    summary = services.cohort_close(actor=instructor, cohort=cohort)
    assert summary["competent"] == 2


def test_not_held_needs_a_reason_and_other_needs_a_note(cohort, instructor):
    session = session_on(cohort, past(2))
    with pytest.raises(ValidationError) as refused:
        services.session_mark_not_held(actor=instructor, session=session, reason="")
    assert refused.value.message_dict == {"reason": ["Pilih alasan sesi tidak dilaksanakan."]}
    with pytest.raises(ValidationError) as refused:
        services.session_mark_not_held(
            actor=instructor, session=session, reason=NotHeldReason.OTHER, note="  "
        )
    assert refused.value.message_dict == {"note": ["Tuliskan keterangan untuk alasan lainnya."]}
    services.session_mark_not_held(
        actor=instructor, session=session, reason=NotHeldReason.OTHER, note="Banjir"
    )
    session.refresh_from_db()
    assert (session.not_held_reason, session.not_held_note, session.not_held_by) == (
        "other",
        "Banjir",
        instructor,
    )
    event = AuditEvent.objects.get(action="session.not_held")
    assert event.data == {"cohort": cohort.pk, "reason": "other", "note": "Banjir", "before": ""}


def test_a_not_held_session_takes_no_attendance_until_the_mark_is_taken_back(
    cohort, roster, instructor
):
    session = session_on(cohort, past(1))
    services.session_mark_not_held(actor=instructor, session=session, reason=NotHeldReason.LOCKDOWN)
    with pytest.raises(ValidationError, match="ditandai tidak dilaksanakan"):
        record(session, roster, instructor)
    services.session_clear_not_held(actor=instructor, session=session)
    record(session, roster, instructor)
    session.refresh_from_db()
    assert session.is_recorded and not session.is_not_held
    with pytest.raises(ValidationError, match="sudah tercatat"):
        services.session_mark_not_held(
            actor=instructor, session=session, reason=NotHeldReason.HOLIDAY
        )
    assert list(
        AuditEvent.objects.filter(object_type="programs.session")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["session.not_held", "session.not_held_cleared", "attendance.recorded"]


def test_closing_before_the_last_sessions_asks_what_to_do_with_them(cohort, roster, instructor):
    record(session_on(cohort, past(7)), roster, instructor)
    ahead = [session_on(cohort, past(-7)), session_on(cohort, past(-14))]
    assess_all(cohort, roster, instructor)
    with pytest.raises(ValidationError, match="Masih ada 2 sesi yang belum tiba"):
        services.cohort_close(actor=instructor, cohort=cohort)
    summary = services.cohort_close(actor=instructor, cohort=cohort, cancel_remaining=True)
    assert summary["sessions_cancelled"] == 2
    for session in ahead:
        session.refresh_from_db()
        assert session.not_held_reason == NotHeldReason.CLOSED_EARLY


def test_only_held_sessions_count_hours(cohort, roster, instructor):
    cohort.program.hours = 20
    cohort.program.save()
    record(session_on(cohort, past(9), hours=5), roster, instructor)
    services.session_mark_not_held(
        actor=instructor, session=session_on(cohort, past(8), hours=5), reason="holiday"
    )
    session_on(cohort, past(-3), hours=4)
    hours = selectors.cohort_hours(cohort=cohort)
    assert (hours.program, hours.delivered, hours.still_planned, hours.shortfall) == (20, 5, 4, 15)


def test_session_jp_default_to_what_the_times_hold(cohort, operator):
    morning = services.session_create(
        actor=operator, cohort=cohort, date=past(1), start_time=time(8), end_time=time(12)
    )
    assert morning.hours == 5  # 240 minutes of 45
    generated = services.sessions_generate(
        actor=operator,
        cohort=cohort,
        weekdays=[0],
        start_time=time(13),
        end_time=time(14, 30),
        first_date=past(7),
        last_date=past(1),
    )
    assert [s.hours for s in generated] == [2]


def test_the_program_of_a_cohort_with_attendance_cannot_change(cohort, roster, instructor):
    record(session_on(cohort, past(1)), roster, instructor)
    other = factories.ProgramFactory()
    with pytest.raises(ValidationError) as refused:
        services.cohort_update(actor=instructor, cohort=cohort, program=other)
    assert refused.value.message_dict == {
        "program": [
            "Program tidak dapat diganti: angkatan ini sudah memiliki presensi atau hasil unit "
            "kompetensi."
        ]
    }


# --- pages ------------------------------------------------------------------------------------


def test_instructor_marks_a_session_not_held_from_its_page(client, instructor, cohort):
    session = session_on(cohort, past(2))
    url = reverse("programs:session_not_held", args=[cohort.pk, session.pk])
    client.force_login(instructor)
    response = client.post(url, {"mark": "1", "reason": "other", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "note": ["Tuliskan keterangan untuk alasan lainnya."]
    }
    response = client.post(url, {"mark": "1", "reason": "instructor_absent", "note": "Sakit"})
    assert response["Location"] == reverse("programs:cohort_detail", args=[cohort.pk])
    session.refresh_from_db()
    assert session.not_held_reason == "instructor_absent"
    attendance = reverse("programs:session_attendance", args=[cohort.pk, session.pk])
    response = client.post(url, {"clear": "1"})
    assert response["Location"] == attendance
    session.refresh_from_db()
    assert session.not_held_reason == ""
    # Taken back twice (a double tap, a stale tab): said plainly, nothing breaks.
    response = client.post(url, {"clear": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Sesi ini tidak ditandai tidak dilaksanakan."
    )


def test_cohort_page_puts_today_first_then_waiting_oldest_first(client, instructor, cohort, roster):
    recorded = session_on(cohort, past(9))
    record(recorded, roster, instructor)
    old, newer = session_on(cohort, past(8)), session_on(cohort, past(2))
    today = session_on(cohort, past(0))
    session_on(cohort, past(-5))
    client.force_login(instructor)
    response = client.get(reverse("programs:cohort_detail", args=[cohort.pk]))
    assert response.context["needs_action"] == [today, old, newer]
    waiting = client.get(reverse("programs:cohort_detail", args=[cohort.pk]), {"sesi": "waiting"})
    assert waiting.context["sessions"] == [old, newer]
    counts = {state: n for state, _label, n in waiting.context["session_states"]}
    assert counts == {
        "recorded": 1,
        "not_held": 0,
        "waiting": 2,
        "today": 1,
        "upcoming": 1,
        "unrecorded": 0,
    }


def test_instructor_home_lists_sessions_waiting_to_be_recorded(client, instructor, cohort):
    old, newer = session_on(cohort, past(8)), session_on(cohort, past(2))
    client.force_login(instructor)
    response = client.get(reverse("reports:home"))
    (card,) = response.context["cohorts"]
    assert card.waiting == [old, newer]
    assert reverse("programs:session_attendance", args=[cohort.pk, old.pk]) in (
        response.content.decode()
    )


def test_close_page_lists_waiting_sessions_with_links(client, instructor, cohort, roster):
    forgotten = session_on(cohort, past(3))
    client.force_login(instructor)
    response = client.get(reverse("programs:cohort_close", args=[cohort.pk]))
    assert response.context["waiting"] == [forgotten]
    body = response.content.decode()
    assert reverse("programs:session_attendance", args=[cohort.pk, forgotten.pk]) in body
    assert 'type="submit" class="btn btn-danger" disabled' in body


def test_closed_cohorts_unrecorded_session_shows_no_invented_marks(
    client, operator, instructor, cohort, roster
):
    unrecorded = session_on(cohort, past(-3))
    record(session_on(cohort, past(3)), roster, instructor)
    assess_all(cohort, roster, instructor)
    services.cohort_close(actor=instructor, cohort=cohort, cancel_remaining=True)
    client.force_login(operator)
    response = client.get(reverse("programs:session_attendance", args=[cohort.pk, unrecorded.pk]))
    assert [form["status"].value() for form in response.context["formset"]] == ["", ""]


def test_forged_or_repeated_rows_save_nothing(client, instructor, cohort, roster):
    session = session_on(cohort, past(1))
    url = reverse("programs:session_attendance", args=[cohort.pk, session.pk])
    client.force_login(instructor)
    for rows in (
        [{"row": f"{roster[0].pk}.0", "status": "hadir"}, {"row": roster[1].pk, "status": "hadir"}],
        [{"row": roster[0].pk, "status": "hadir"}, {"row": roster[0].pk, "status": "alpa"}],
    ):
        response = client.post(url, formset_data("hadir", rows))
        assert response.status_code == 200
        assert response.context["formset"].is_valid() is False
    assert Attendance.objects.count() == 0
    assessment = reverse("programs:cohort_assessment", args=[cohort.pk])
    rows = [{"row": f"{roster[0].pk}.0", "result": "K"}, {"row": roster[1].pk, "result": "K"}]
    assert client.post(assessment, formset_data("nilai", rows)).status_code == 200


def test_a_full_cohort_of_500_saves_its_attendance_in_one_post(client, instructor, cohort):
    cohort.capacity = 500
    cohort.save()
    inmates = factories.InmateFactory.create_batch(500, facility=cohort.facility)
    roster = [factories.EnrollmentFactory(cohort=cohort, inmate=inmate) for inmate in inmates]
    session = session_on(cohort, past(1))
    client.force_login(instructor)
    data = formset_data("hadir", [{"row": e.pk, "status": "hadir", "note": ""} for e in roster])
    response = client.post(
        reverse("programs:session_attendance", args=[cohort.pk, session.pk]), data
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == 500


def test_cancelling_says_what_it_ends(client, operator, cohort, roster):
    client.force_login(operator)
    page = client.get(reverse("programs:cohort_cancel", args=[cohort.pk]))
    assert page.context["consequences"][1] == (
        "2 peserta tetap tercatat pada angkatan yang dibatalkan dan tidak mendapat sertifikat "
        "darinya."
    )
    assert 'id="consequences"' in page.content.decode()


def test_only_a_holiday_is_marked_ahead_and_reopening_resumes_cancelled_sessions(
    cohort, roster, instructor, system_admin
):
    ahead = session_on(cohort, past(-5))
    with pytest.raises(ValidationError) as refused:
        services.session_mark_not_held(
            actor=instructor, session=ahead, reason=NotHeldReason.INSTRUCTOR_ABSENT
        )
    assert list(refused.value.message_dict) == ["reason"]
    services.session_mark_not_held(actor=instructor, session=ahead, reason=NotHeldReason.HOLIDAY)
    services.session_clear_not_held(actor=instructor, session=ahead)
    record(session_on(cohort, past(2)), roster, instructor)
    assess_all(cohort, roster, instructor)
    services.cohort_close(actor=instructor, cohort=cohort, cancel_remaining=True)
    ahead.refresh_from_db()
    assert ahead.not_held_reason == NotHeldReason.CLOSED_EARLY
    services.cohort_reopen(actor=system_admin, cohort=cohort, reason="Pelatihan dilanjutkan")
    ahead.refresh_from_db()
    assert ahead.not_held_reason == ""


def test_sessions_neither_overlap_nor_claim_more_hours_than_their_times(cohort, operator):
    services.session_create(
        actor=operator, cohort=cohort, date=past(1), start_time=time(8), end_time=time(12)
    )
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=operator, cohort=cohort, date=past(1), start_time=time(8, 1), end_time=time(12)
        )
    assert list(refused.value.message_dict) == ["start_time"]
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=operator, cohort=cohort, date=past(2), start_time=time(8), end_time=time(8, 30)
        )
    assert refused.value.message_dict == {"end_time": ["Sesi paling singkat 45 menit (1 JP)."]}
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=operator,
            cohort=cohort,
            date=past(2),
            start_time=time(8),
            end_time=time(10),
            hours=5,
        )
    assert refused.value.message_dict == {"hours": ["Sesi ini paling banyak 2 JP menurut jamnya."]}
    generated = services.sessions_generate(
        actor=operator,
        cohort=cohort,
        weekdays=list(range(7)),
        start_time=time(9),
        end_time=time(11),
        first_date=past(1),
        last_date=past(1),
    )
    assert generated == []  # that day already has an overlapping session


def test_a_finished_cohorts_unrecorded_sessions_wait_for_nobody(client, instructor, cohort, roster):
    record(session_on(cohort, past(9)), roster, instructor)
    forgotten = session_on(cohort, past(5))
    services.cohort_cancel(actor=instructor, cohort=cohort, reason="Dibatalkan")
    client.force_login(instructor)
    page = client.get(reverse("programs:cohort_detail", args=[cohort.pk]))
    states = {s.pk: s.current_state for s in page.context["sessions"]}
    assert states[forgotten.pk] == "unrecorded"
    assert page.context["needs_action"] == []


def test_a_session_still_ahead_is_shown_but_not_offered_for_recording(client, cohort, instructor):
    ahead = factories.SessionFactory(cohort=cohort, date=timezone.localdate() + timedelta(days=3))
    client.force_login(instructor)
    page = client.get(reverse("programs:session_attendance", args=[cohort.pk, ahead.pk]))
    assert page.context["ahead"] is True and page.context["can_edit"] is False
    assert "Simpan kehadiran" not in page.content.decode()


def test_the_instructor_home_offers_today_s_session(client, cohort, instructor):
    cohort.start_date = timezone.localdate() - timedelta(days=10)
    cohort.save()
    today = factories.SessionFactory(cohort=cohort, date=timezone.localdate())
    client.force_login(instructor)
    page = client.get("/").content.decode()
    assert reverse("programs:session_attendance", args=[cohort.pk, today.pk]) in page
    assert "Presensi hari ini" in page
