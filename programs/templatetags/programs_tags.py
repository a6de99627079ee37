"""Template filters of cohort pages: the colour of a status or mark, the attendance check."""

from django import template

from programs.models import Attendance, Cohort, Competence, SessionState

register = template.Library()

COHORT_TONES = {
    Cohort.Status.PLANNED: "info",
    Cohort.Status.RUNNING: "success",
    Cohort.Status.CLOSED: "secondary",
    Cohort.Status.CANCELLED: "danger",
}
SESSION_TONES = {
    SessionState.RECORDED: "success",
    SessionState.NOT_HELD: "secondary",
    SessionState.WAITING: "warning",
    SessionState.TODAY: "primary",
    SessionState.UPCOMING: "light",
    SessionState.UNRECORDED: "danger",
}
ATTENDANCE_TONES = {
    Attendance.Status.PRESENT: "success",
    Attendance.Status.ABSENT: "danger",
    # Bootstrap's yellow is too pale for text on white; "amber" is ours (static/css/app.css).
    Attendance.Status.EXCUSED: "amber",
    Attendance.Status.SICK: "amber",
}
RESULT_TONES = {Competence.COMPETENT: "success", Competence.NOT_YET_COMPETENT: "danger"}
ATTENDANCE_LETTERS = {
    Attendance.Status.PRESENT: "H",
    Attendance.Status.EXCUSED: "I",
    Attendance.Status.SICK: "S",
    Attendance.Status.ABSENT: "A",
}


@register.filter
def cohort_tone(status: str) -> str:
    """Return the Bootstrap colour of a cohort's status badge."""
    return COHORT_TONES.get(status, "secondary")


@register.filter
def session_tone(state: str) -> str:
    """Return the Bootstrap colour of a session's state badge."""
    return SESSION_TONES.get(state, "secondary")


@register.filter
def attendance_tone(status: str) -> str:
    """Return the Bootstrap colour of an attendance mark."""
    return ATTENDANCE_TONES.get(status, "secondary")


@register.filter
def attendance_letter(status: str | None) -> str:
    """Return the one-letter mark of the attendance grid (H, I, S, A), or a dot."""
    return ATTENDANCE_LETTERS.get(status, "·")


@register.filter
def result_tone(result: str) -> str:
    """Return the Bootstrap colour of a K/BK result."""
    return RESULT_TONES.get(result, "secondary")


@register.filter
def meets_minimum(enrollment, program) -> bool | None:
    """Return whether the participant's attendance reaches the program's minimum."""
    return enrollment.meets_min_attendance(program)
