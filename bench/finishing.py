"""Finishing a benchmark's cohort through the services, as its instructor would."""

from programs import services as program_services
from programs.models import Attendance, Competence, NotHeldReason


def finish_all_competent(*, actor, cohort, held: list) -> None:
    """Record everyone present at the ``held`` sessions, mark the cohort's other sessions as
    holidays, assess everyone competent in every unit, and close the cohort."""
    roster = list(cohort.enrollments.all())
    for session in held:
        program_services.attendance_record(
            actor=actor,
            session=session,
            entries={e.pk: (Attendance.Status.PRESENT, "") for e in roster},
        )
    for session in cohort.sessions.exclude(pk__in=[s.pk for s in held]):
        program_services.session_mark_not_held(
            actor=actor, session=session, reason=NotHeldReason.HOLIDAY
        )
    units = list(cohort.program.units.values_list("pk", flat=True))
    program_services.assessments_record(
        actor=actor,
        cohort=cohort,
        assessments={
            e.pk: program_services.Assessment(
                result=Competence.COMPETENT, units=dict.fromkeys(units, Competence.COMPETENT)
            )
            for e in roster
        },
    )
    program_services.cohort_close(actor=actor, cohort=cohort)
