from django.urls import path

from programs.views import cohorts, enrollment, events, printing, sessions, teaching

app_name = "programs"

urlpatterns = [
    path("kegiatan/", events.event_list, name="event_list"),
    path("kegiatan/baru/", events.event_create, name="event_create"),
    path("kegiatan/<int:pk>/", events.event_detail, name="event_detail"),
    path("kegiatan/<int:pk>/ubah/", events.event_edit, name="event_edit"),
    path(
        "kegiatan/<int:pk>/cetak/peserta/",
        events.event_print_participants,
        name="event_print_participants",
    ),
    path("angkatan/", cohorts.cohort_list, name="cohort_list"),
    path("angkatan/baru/", cohorts.cohort_create, name="cohort_create"),
    path("angkatan/<int:pk>/", cohorts.cohort_detail, name="cohort_detail"),
    path("angkatan/<int:pk>/ubah/", cohorts.cohort_edit, name="cohort_edit"),
    path("angkatan/<int:pk>/mulai/", cohorts.cohort_start, name="cohort_start"),
    path("angkatan/<int:pk>/batalkan/", cohorts.cohort_cancel, name="cohort_cancel"),
    path("angkatan/<int:pk>/jadwal/", cohorts.cohort_schedule, name="cohort_schedule"),
    path(
        "angkatan/<int:pk>/jadwal/<int:session_pk>/hapus/",
        cohorts.session_delete,
        name="session_delete",
    ),
    path(
        "angkatan/<int:pk>/peserta/tambah/", enrollment.enrollment_picker, name="enrollment_picker"
    ),
    path(
        "angkatan/<int:pk>/peserta/konfirmasi/",
        enrollment.enrollment_confirm,
        name="enrollment_confirm",
    ),
    path(
        "angkatan/<int:pk>/peserta/<int:enrollment_pk>/keluar/",
        enrollment.enrollment_withdraw,
        name="enrollment_withdraw",
    ),
    path(
        "angkatan/<int:pk>/sesi/<int:session_pk>/hadir/",
        sessions.session_attendance,
        name="session_attendance",
    ),
    path(
        "angkatan/<int:pk>/sesi/<int:session_pk>/tidak-dilaksanakan/",
        sessions.session_not_held,
        name="session_not_held",
    ),
    path("angkatan/<int:pk>/kehadiran/", teaching.cohort_attendance, name="cohort_attendance"),
    path("angkatan/<int:pk>/penilaian/", teaching.cohort_assessment, name="cohort_assessment"),
    path("angkatan/<int:pk>/tutup/", teaching.cohort_close, name="cohort_close"),
    path("angkatan/<int:pk>/buka-kembali/", teaching.cohort_reopen, name="cohort_reopen"),
    path(
        "angkatan/<int:pk>/cetak/peserta/", printing.print_participants, name="print_participants"
    ),
    path(
        "angkatan/<int:pk>/cetak/hadir/<int:session_pk>/",
        printing.print_attendance,
        name="print_attendance",
    ),
]
