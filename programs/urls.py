from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.home, name="home"),
    path("angkatan/", views.cohort_list, name="cohort_list"),
    path("angkatan/baru/", views.cohort_create, name="cohort_create"),
    path("angkatan/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("angkatan/<int:pk>/ubah/", views.cohort_edit, name="cohort_edit"),
    path("angkatan/<int:pk>/mulai/", views.cohort_start, name="cohort_start"),
    path("angkatan/<int:pk>/batalkan/", views.cohort_cancel, name="cohort_cancel"),
    path("angkatan/<int:pk>/jadwal/", views.cohort_schedule, name="cohort_schedule"),
    path(
        "angkatan/<int:pk>/jadwal/<int:session_pk>/hapus/",
        views.session_delete,
        name="session_delete",
    ),
    path("angkatan/<int:pk>/peserta/tambah/", views.enrollment_picker, name="enrollment_picker"),
    path(
        "angkatan/<int:pk>/peserta/konfirmasi/",
        views.enrollment_confirm,
        name="enrollment_confirm",
    ),
    path(
        "angkatan/<int:pk>/peserta/<int:enrollment_pk>/keluar/",
        views.enrollment_withdraw,
        name="enrollment_withdraw",
    ),
    path(
        "angkatan/<int:pk>/sesi/<int:session_pk>/hadir/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("angkatan/<int:pk>/kehadiran/", views.cohort_attendance, name="cohort_attendance"),
    path("angkatan/<int:pk>/penilaian/", views.cohort_assessment, name="cohort_assessment"),
    path("angkatan/<int:pk>/tutup/", views.cohort_close, name="cohort_close"),
    path("angkatan/<int:pk>/buka-kembali/", views.cohort_reopen, name="cohort_reopen"),
    path("angkatan/<int:pk>/cetak/peserta/", views.print_participants, name="print_participants"),
    path(
        "angkatan/<int:pk>/cetak/hadir/<int:session_pk>/",
        views.print_attendance,
        name="print_attendance",
    ),
]
