"""Scoped reads of competency tests: who sees which, their assessees and results."""

from collections.abc import Callable

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from competency.models import Assessee, CompetencyTest
from lapas_training.models import Role, User
from lapas_training.scoping import get_for_user_or_404
from programs.models import Cohort
from programs.selectors import cohorts_visible_to


def tests_visible_to(*, user: User) -> QuerySet[CompetencyTest]:
    """Return the tests this user may see, with their assessees' NIK and birth data.

    The facility's staff see its tests, an LSP's administrator the LSP's tests, system
    administrators all. Instructors and other agencies see none.
    """
    if not user.is_authenticated:
        return CompetencyTest.objects.none()
    if user.role == Role.ADMIN:
        return CompetencyTest.objects.all()
    if user.role in {Role.LAPAS_OPERATOR, Role.LAPAS_HEAD}:
        return CompetencyTest.objects.filter(facility_id=user.facility_id)
    if user.role == Role.AGENCY_ADMIN:
        return CompetencyTest.objects.filter(lsp_id=user.agency_id)
    return CompetencyTest.objects.none()


def test_for_user_or_404(
    *, user: User, pk: int, may: Callable[[User, CompetencyTest], bool] | None = None
) -> CompetencyTest:
    """Return one test the user may see (and, with ``may``, act on); others get 404."""
    test = get_for_user_or_404(
        lambda user: tests_visible_to(user=user).select_related("lsp", "facility"), user, pk=pk
    )
    if may is not None and not may(user, test):
        raise Http404
    return test


def test_list(*, user: User) -> QuerySet[CompetencyTest]:
    """Return the user's tests, newest first, with how many sat and were found competent."""
    return (
        tests_visible_to(user=user)
        .select_related("lsp", "facility")
        .annotate(
            assessee_count=Count("assessees", distinct=True),
            competent_count=Count(
                "assessees", filter=Q(assessees__result=Assessee.Result.COMPETENT), distinct=True
            ),
        )
        .order_by("-date", "-id")
    )


def assessees(*, test: CompetencyTest) -> list[Assessee]:
    """Return the test's assessees by name, with their unit results and BNSP certificate."""
    return list(
        test.assessees.select_related(
            "enrollment__inmate", "enrollment__cohort__program", "bnsp_certificate"
        )
        .prefetch_related("unit_results")
        .order_by("enrollment__inmate__full_name", "id")
    )


def cohorts_to_test(*, user: User) -> QuerySet[Cohort]:
    """Return the cohorts whose participants the user may register for a test."""
    return (
        cohorts_visible_to(user=user)
        .filter(status__in=[Cohort.Status.RUNNING, Cohort.Status.CLOSED])
        .select_related("program")
        .order_by("-start_date", "name")
    )


def test_units(*, test: CompetencyTest):
    return test.units.order_by("code")


def with_units(assessee_rows: list[Assessee]) -> list[Assessee]:
    """Attach ``unit_result_of`` (unit id to K/BK) to each assessee."""
    for assessee in assessee_rows:
        assessee.unit_result_of = {r.unit_id: r.result for r in assessee.unit_results.all()}
    return assessee_rows
