"""Printable A4 lists of a cohort: participants, and one session's attendance sheet."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from programs import selectors


@login_required
def print_participants(request, pk: int):
    """The participant list, for printing on A4."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "programs/print_participants.html",
        {
            "cohort": cohort,
            "participants": list(
                selectors.cohort_participants(cohort=cohort, include_withdrawn=False)
            ),
            "instructors": cohort.instructors.all(),
        },
    )


@login_required
def print_attendance(request, pk: int, session_pk: int):
    """The attendance sheet of one session with a signature column, for printing on A4."""
    cohort = selectors.cohort_for_user_or_404(user=request.user, pk=pk)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    return render(
        request,
        "programs/print_attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "participants": list(
                selectors.cohort_participants(cohort=cohort, include_withdrawn=False)
            ),
            "instructors": cohort.instructors.all(),
        },
    )
