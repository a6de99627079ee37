"""The figures of a report: each row joins the counting rules of programs and certificates.

Every page, PDF and spreadsheet of this app counts through ``figure_rows`` and ``totals``, so
the dashboard, the monthly report and its XLSX give the same numbers for the same data.
"""

from dataclasses import dataclass, field, fields
from datetime import date
from urllib.parse import urlencode

from django.db.models import QuerySet

from certificates.selectors import figures as certificate_figures
from inmates.models import Facility
from lapas_training.periods import Period, month_name
from programs.models import Cohort, PartnerAgency, Program, TrainingEvent
from programs.selectors import figures as cohort_figures
from reports.selectors.scope import ReportScope

LABELS = {
    "program": Program,
    "facility": Facility,
    "agency": PartnerAgency,
    "event": TrainingEvent,
    "cohort": Cohort,
}


@dataclass
class FigureRow:
    """The figures of one group (a program, facility, agency or event), or of everything."""

    key: int | str | None = None
    label: str = ""
    group: str = ""
    cohorts: int = 0
    participants: int = 0
    withdrawn: int = 0
    withdrawn_reasons: dict[str, int] = field(default_factory=dict)
    active: int = 0
    finished: int = 0
    competent: int = 0
    not_yet_competent: int = 0
    certificates: int = 0
    handed_over: int = 0
    revoked: int = 0
    sessions_held: int = 0
    hours_delivered: int = 0
    marks: int = 0
    present: int = 0

    @property
    def query(self) -> str:
        """The query string that narrows a list to this row's group."""
        return urlencode({self.group: self.key}) if self.group and self.key is not None else ""

    @property
    def attendance_percent(self) -> float | None:
        """Share of "hadir" among the attendance marks; None when nothing was recorded."""
        return 100 * self.present / self.marks if self.marks else None


@dataclass
class Totals(FigureRow):
    """The figures of everything in scope, with what runs today."""

    cohorts_running: int = 0
    inmates_in_training: int = 0


def _collect(cohorts: QuerySet[Cohort], period: Period, by: str | None) -> dict:
    parts = [
        cohort_figures.cohort_counts(cohorts, period, by),
        cohort_figures.enrollment_counts(cohorts, period, by),
        cohort_figures.session_counts(cohorts, period, by),
        certificate_figures.certificate_counts(cohorts, period, by),
        certificate_figures.handover_counts(cohorts, period, by),
    ]
    merged: dict = {}
    for part in parts:
        for key, values in part.items():
            target = merged.setdefault(key, {})
            for name, value in values.items():
                if name.startswith(cohort_figures.LEFT):
                    if value:
                        reasons = target.setdefault("withdrawn_reasons", {})
                        reasons[name.removeprefix(cohort_figures.LEFT)] = value
                else:
                    target[name] = value or 0
    return merged


NUMBERS = [f.name for f in fields(FigureRow) if f.type in (int, "int")]
GROUPINGS = ("program", "facility", "agency", "event")


def _add(total: FigureRow, values: dict) -> None:
    for name in NUMBERS:
        if name in values:
            setattr(total, name, getattr(total, name) + values[name])
    for reason, n in values.get("withdrawn_reasons", {}).items():
        total.withdrawn_reasons[reason] = total.withdrawn_reasons.get(reason, 0) + n


class Figures:
    """The figures of a scope over a period, counted once per cohort and added up from there.

    Every counted row (an enrollment, a session, an attendance mark, a certificate, a handover)
    belongs to exactly one cohort, so adding the cohorts' figures by program, facility or
    agency gives each table, and adding them all gives the totals: one set of queries serves
    the whole dashboard, and its tables and "Jumlah" line can never disagree.
    """

    def __init__(self, scope: ReportScope, period: Period):
        self.scope, self.period = scope, period
        self.per_cohort = _collect(scope.cohorts, period, "cohort")
        self._groups: dict[int, tuple] | None = None

    def groups(self) -> dict[int, tuple]:
        """Return each counted cohort's (program, facility, agency, event) ids and start date."""
        if self._groups is None:
            rows = Cohort.objects.filter(pk__in=list(self.per_cohort)).values_list(
                "pk", *(f"{name}_id" for name in GROUPINGS), "start_date"
            )
            self._groups = {pk: keys for pk, *keys in rows}
        return self._groups

    def months(self) -> list["MonthBar"]:
        """Return, for every month of the period, participants starting and certificates issued.

        The participants of the cohorts that started in a month are those cohorts' counted
        participants (a cohort that started in the period ran in it).
        """
        starting: dict = {}
        for pk, keys in self.groups().items():
            start = keys[-1]
            if self.period.start <= start <= self.period.end:
                month = start.replace(day=1)
                participants = self.per_cohort[pk].get("participants", 0)
                starting[month] = starting.get(month, 0) + participants
        certificates = certificate_figures.certificates_by_month(self.scope.cohorts, self.period)
        return [
            MonthBar(
                month=month,
                label=f"{month_name(month.month)[:3]} {month.year}",
                participants=starting.get(month, 0),
                certificates=certificates.get(month, 0),
            )
            for month in self.period.months()
        ]

    def totals(self) -> "Totals":
        total = Totals(**cohort_figures.in_training_now(self.scope.cohorts))
        for values in self.per_cohort.values():
            _add(total, values)
        return total

    def rows(self, by: str, *, every: QuerySet | None = None) -> list[FigureRow]:
        """Return one row per group with activity in the period, by label.

        ``every`` (a queryset of the grouping model) adds a row of zeros for each of its
        members without activity, so a regional office sees the facilities that trained nobody.
        """
        if by == "cohort":
            keyed = {pk: [pk] for pk in self.per_cohort}
        elif by == "province":
            return self._province_rows()
        else:
            position = GROUPINGS.index(by)
            keyed = {}
            for pk, keys in self.groups().items():
                keyed.setdefault(keys[position], []).append(pk)
            keyed.pop(None, None)  # cohorts of no event, when grouping by event
        names = dict(LABELS[by].objects.filter(pk__in=list(keyed)).values_list("pk", "name"))
        if every is not None:
            for pk, name in every.values_list("pk", "name"):
                names[pk] = name
                keyed.setdefault(pk, [])
        rows = []
        for key, cohort_ids in keyed.items():
            row = FigureRow(key=key, label=names.get(key, ""), group=by)
            for pk in cohort_ids:
                _add(row, self.per_cohort[pk])
            rows.append(row)
        return sorted(rows, key=lambda row: (row.label.casefold(), row.key))

    def _province_rows(self) -> list[FigureRow]:
        """Return one row per province (the national view), from each cohort's facility."""
        position = GROUPINGS.index("facility")
        facilities = {keys[position] for keys in self.groups().values()}
        provinces = dict(Facility.objects.filter(pk__in=facilities).values_list("pk", "province"))
        rows: dict[str, FigureRow] = {}
        for pk, keys in self.groups().items():
            province = provinces[keys[position]]
            row = rows.setdefault(
                province, FigureRow(key=province, label=province, group="province")
            )
            _add(row, self.per_cohort[pk])
        return sorted(rows.values(), key=lambda row: row.label.casefold())


def program_figures(scope: ReportScope, period: Period) -> tuple[Totals, list[FigureRow]]:
    """Return the totals and the rows by program (see ``Figures``)."""
    figures = Figures(scope, period)
    return figures.totals(), figures.rows("program")


def totals(scope: ReportScope, period: Period) -> Totals:
    """Return the figures of everything in the scope over the period, and what runs today."""
    return Figures(scope, period).totals()


def figure_rows(
    scope: ReportScope, period: Period, by: str, *, every: QuerySet | None = None
) -> list[FigureRow]:
    """Return one row per group with activity in the period (see ``Figures.rows``)."""
    return Figures(scope, period).rows(by, every=every)


@dataclass
class MonthBar:
    month: date
    label: str
    participants: int
    certificates: int
