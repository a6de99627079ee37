"""Build a closed cohort whose participants qualify (or not) for certificates; work the task
queue."""

from decimal import Decimal

from django.core.management import call_command

from programs import services as program_services
from programs.services import Assessment
from tests import factories


def closed_cohort(*, cohort, instructor, names, failing=(), absent=(), units=0, short_by=0):
    """Enrol ``names``, hold two sessions, assess and close; return the enrollments by name.

    The two sessions deliver the program's JP, or ``short_by`` JP fewer.
    """
    program_units = factories.CompetencyUnitFactory.create_batch(units, program=cohort.program)
    enrollments = {
        name: factories.EnrollmentFactory(
            cohort=cohort, inmate__full_name=name, inmate__birth_place="Tuban"
        )
        for name in names
    }
    program_hours = cohort.program.hours - short_by
    for hours in (program_hours // 2, program_hours - program_hours // 2):
        session = factories.SessionFactory(cohort=cohort, hours=hours)
        program_services.attendance_record(
            actor=instructor,
            session=session,
            entries={
                e.pk: ("alpa" if name in absent else "hadir", "") for name, e in enrollments.items()
            },
        )
    program_services.assessments_record(
        actor=instructor,
        cohort=cohort,
        assessments={
            e.pk: Assessment(
                result="BK" if name in failing else "K",
                score=Decimal(80),
                units={u.pk: ("BK" if name in failing else "K") for u in program_units},
            )
            for name, e in enrollments.items()
        },
    )
    program_services.cohort_close(actor=instructor, cohort=cohort)
    for enrollment in enrollments.values():
        enrollment.refresh_from_db()
    return enrollments


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker(**options) -> None:
    """Work the database task queue with the real worker command until it is empty."""
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        verbosity=0,
        **options,
    )
