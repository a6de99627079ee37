from django.urls import path

from reports.views import cohort_exports, home, index, lists, monthly, report_cards

app_name = "reports"

urlpatterns = [
    path("", home.home, name="home"),
    path("laporan/", index.index, name="index"),
    path("laporan/rapor.pdf", report_cards.report_cards_pdf, name="report_cards"),
    path("laporan/bulanan.pdf", monthly.monthly_pdf, name="monthly_pdf"),
    path("laporan/bulanan.xlsx", monthly.monthly_xlsx, name="monthly_xlsx"),
    path("laporan/angkatan/", lists.cohort_figures_list, name="cohorts"),
    path("laporan/peserta/", lists.participant_list, name="participants"),
    path("laporan/register-sertifikat/", lists.certificate_register, name="certificates"),
    path(
        "laporan/angkatan/<int:pk>/peserta/",
        cohort_exports.cohort_participants_export,
        name="cohort_participants",
    ),
    path(
        "laporan/angkatan/<int:pk>/presensi/",
        cohort_exports.cohort_attendance_export,
        name="cohort_attendance",
    ),
]
