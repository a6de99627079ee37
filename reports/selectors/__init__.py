"""Every read of this app: the scope of a report and its figures, through the other apps."""

from reports.selectors.figures import (
    FigureRow,
    Figures,
    MonthBar,
    Totals,
    figure_rows,
    program_figures,
    totals,
)
from reports.selectors.scope import ReportScope, facility_choices, report_scope

__all__ = [
    "FigureRow",
    "Figures",
    "MonthBar",
    "ReportScope",
    "Totals",
    "facility_choices",
    "figure_rows",
    "program_figures",
    "report_scope",
    "totals",
]
