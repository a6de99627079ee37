"""What the monthly report "Laporan Pembinaan Kemandirian" prints, for one scope and month."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from lapas_training.periods import Period, indonesian_date
from programs.models import Enrollment, TrainingEvent
from programs.selectors import figures as cohort_figures
from reports.selectors import targets
from reports.selectors.figures import FigureRow, Figures, Totals
from reports.selectors.outcomes import Outcomes, outcome_figures
from reports.selectors.scope import ReportScope


@dataclass
class Signatory:
    place: str
    title: str
    name: str = ""
    nip: str = ""


@dataclass
class MonthlyReport:
    scope: ReportScope
    period: Period
    totals: Totals
    programs: list[FigureRow]
    reasons: list[tuple[str, int]]
    cohorts: list = field(default_factory=list)
    events: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    signatory: Signatory | None = None
    printed_on: str = ""
    outcomes: Outcomes | None = None


def _place(city: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if city.startswith(prefix):
            return city[len(prefix) :]
    return city


def signatory(scope: ReportScope) -> Signatory:
    """Return who signs the report: the facility's head, the agency's, or the regional head."""
    if scope.facility is not None and scope.kind == "facility":
        f = scope.facility
        return Signatory(
            place=_place(f.city),
            title=f.head_title or _("Kepala %(facility)s") % {"facility": f.name},
            name=f.head_name,
            nip=f.head_nip,
        )
    if scope.agency is not None:
        a = scope.agency
        return Signatory(place=_place(a.city), title=a.head_title, name=a.head_name, nip=a.head_nip)
    if scope.kind == "province":
        return Signatory(
            place=scope.province,
            title=_("Kepala Kantor Wilayah Direktorat Jenderal Pemasyarakatan %(province)s")
            % {"province": scope.province},
        )
    return Signatory(place="Jakarta", title=_("Direktur Jenderal Pemasyarakatan"))


def monthly_report(scope: ReportScope, period: Period, facilities=()) -> MonthlyReport:
    """Return the figures of the monthly report: the same counting as the dashboard.

    ``facilities``: those whose yearly indicator (LKjIP) the report lists, up to the month's end.
    """
    reasons = dict(Enrollment.WithdrawalReason.choices)
    figures = Figures(scope, period)
    overall, programs = figures.totals(), figures.rows("program")
    ran = (
        cohort_figures.cohorts_ran(scope.cohorts, period)
        .select_related("program", "agency", "facility", "event")
        .order_by("start_date", "name", "pk")
    )
    events = (
        TrainingEvent.objects.filter(pk__in=ran.exclude(event=None).values("event_id"))
        .prefetch_related("agencies")
        .order_by("start_date", "pk")
    )
    event_programs = {}
    cohorts = list(ran)
    for cohort in cohorts:
        # The cohort's own figures for the month, counted as the program table counts them.
        counted = figures.per_cohort.get(cohort.pk, {})
        cohort.participants = counted.get("participants", 0)
        cohort.finished = counted.get("finished", 0)
        if cohort.event_id:
            event_programs.setdefault(cohort.event_id, []).append(cohort.program.name)
    events = list(events)
    for event in events:
        event.program_names = sorted(set(event_programs.get(event.pk, [])))
    return MonthlyReport(
        scope=scope,
        period=period,
        totals=overall,
        programs=programs,
        reasons=sorted(
            ((str(reasons.get(key, key)), n) for key, n in overall.withdrawn_reasons.items()),
            key=lambda item: -item[1],
        ),
        cohorts=cohorts,
        events=events,
        indicators=targets.indicators(
            scope,
            targets.scope_facilities(scope, facilities),
            period.end.year,
            until=min(period.end, timezone.localdate()),
        ),
        signatory=signatory(scope),
        printed_on=indonesian_date(timezone.localdate()),
        # Counted like the other figures: the 6- and 12-month check-ins due in the month.
        outcomes=outcome_figures(scope, period),
    )


def monthly_rows(report: MonthlyReport) -> tuple[list[str], list[list]]:
    """Return the program table of the report as spreadsheet rows (the XLSX)."""
    header = [
        "program",
        "angkatan",
        "peserta_awal",
        "aktif",
        "keluar",
        "selesai",
        "kompeten",
        "belum_kompeten",
        "sertifikat",
        "diserahkan",
        "jp_terlaksana",
        "kehadiran_persen",
    ]

    def row(label, r):
        attendance = r.attendance_percent
        return [
            label,
            r.cohorts,
            r.participants,
            r.active,
            r.withdrawn,
            r.finished,
            r.competent,
            r.not_yet_competent,
            r.certificates,
            r.handed_over,
            r.hours_delivered,
            "" if attendance is None else round(attendance, 1),
        ]

    rows = [row(r.label, r) for r in report.programs]
    rows.append(row(_("Jumlah"), report.totals))
    return header, rows


OUTCOME_HEADER = [
    "kelompok",
    "nama",
    "bulan_setelah_bebas",
    "lulusan_bebas",
    "bersedia",
    "menolak",
    "menarik_persetujuan",
    "belum_ditanyakan",
    "kontak_tercatat",
    "tidak_dapat_dihubungi",
    "lewat_jatuh_tempo",
    "dapat_dihubungi",
    "bekerja_berwirausaha",
    "bekerja_persen",
    "memakai_keterampilan",
    "keterampilan_persen",
]


def outcome_sheet_rows(report: MonthlyReport) -> list[list]:
    """Return the outcome figures of the report as spreadsheet rows: the totals, then by
    program and by the scope's breakdown, one row per milestone (a share without anyone
    reached is left empty, not 0)."""
    outcomes = report.outcomes
    groups = [("jumlah", [outcomes.totals])]
    groups += [("program", outcomes.programs), (report.scope.breakdown, outcomes.breakdown)]
    rows = []
    for group, outcome_rows in groups:
        for r in outcome_rows:
            for m in r.milestones.values():
                rows.append(
                    [
                        group,
                        r.label or _("Jumlah"),
                        m.months,
                        m.plans,
                        m.given,
                        m.refused,
                        m.withdrawn,
                        m.pending,
                        m.recorded,
                        m.unreachable,
                        m.overdue,
                        m.reached,
                        m.working,
                        _round(m.working_percent),
                        m.uses_skill,
                        _round(m.skill_percent),
                    ]
                )
    return rows


def _round(value):
    return "" if value is None else round(value, 1)
