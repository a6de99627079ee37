"""Each session keeps its count of attendance marks and of "hadir" for the reports: they never
drift from the marks, because one service writes attendance and recounts in the same
transaction, and nothing else in the code writes an attendance mark."""

import re
from pathlib import Path

import pytest
from django.db.models import Count, Q

from programs import services
from programs.models import Attendance, Enrollment, Session
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def assert_counts_match(session):
    session.refresh_from_db()
    truth = Attendance.objects.filter(session=session).aggregate(
        marks=Count("pk"), present=Count("pk", filter=Q(status="hadir"))
    )
    assert (session.marks, session.present) == (truth["marks"], truth["present"])
    return session.marks, session.present


def test_the_counts_follow_every_save_of_attendance(cohort, instructor, operator):
    roster = [factories.EnrollmentFactory(cohort=cohort) for _ in range(3)]
    session = factories.SessionFactory(cohort=cohort)
    entries = {e.pk: ("hadir", "") for e in roster}
    services.attendance_record(actor=instructor, session=session, entries=entries)
    assert assert_counts_match(session) == (3, 3)
    entries[roster[0].pk] = ("alpa", "")
    services.attendance_record(actor=instructor, session=session, entries=entries)
    assert assert_counts_match(session) == (3, 2)
    # A participant who leaves keeps his mark; the next save of the session counts it still.
    services.enrollment_withdraw(
        actor=operator, enrollment=roster[2], reason=Enrollment.WithdrawalReason.HEALTH
    )
    del entries[roster[2].pk]
    entries[roster[1].pk] = ("izin", "")
    services.attendance_record(actor=instructor, session=session, entries=entries)
    assert assert_counts_match(session) == (3, 1)


def test_a_new_session_holds_no_marks(cohort):
    session = factories.SessionFactory(cohort=cohort)
    assert (session.marks, session.present) == (0, 0)
    assert Session.objects.filter(pk=session.pk, marks=0, present=0).exists()


WRITES = re.compile(
    r"Attendance(\.objects\.(bulk_create|bulk_update|create|update|get_or_create|update_or_create)|\()"
)
ALLOWED = {"programs/services/teaching.py", "programs/models/enrollment.py"}


def test_only_the_attendance_service_writes_marks():
    """Any other writer would have to recount (``session_counts_refresh``) as the service does."""
    writers = set()
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv", "tests/", "bench/")) or "/migrations/" in relative:
            continue
        if WRITES.search(path.read_text()):
            writers.add(relative)
    assert writers <= ALLOWED | {"demo/management/commands/seed_history.py"}, writers
    seeder = (ROOT / "demo/management/commands/seed_history.py").read_text()
    assert "session_counts_refresh(" in seeder
