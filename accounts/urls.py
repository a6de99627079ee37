from django.urls import path

from accounts.views import invitation, second_factor, security, users

app_name = "accounts"

urlpatterns = [
    # Second factor and sessions (accounts/views/second_factor.py, security.py).
    path("dua-langkah/", second_factor.verify, name="verify"),
    path("dua-langkah/pasang/", second_factor.setup, name="setup"),
    path("dua-langkah/kode-pemulihan/", second_factor.recovery_codes, name="recovery_codes"),
    path("keamanan/", security.security, name="security"),
    path("keamanan/matikan-dua-langkah/", security.disable, name="second_factor_disable"),
    path(
        "keamanan/kode-pemulihan-baru/",
        security.renew_recovery_codes,
        name="recovery_codes_renew",
    ),
    path("keamanan/sesi/keluar-lainnya/", security.end_other_sessions, name="sessions_end_others"),
    path("keamanan/sesi/akhiri/", security.end_session, name="session_end"),
    # Users managed by a facility head or an agency admin (accounts/views/users.py).
    path("pengguna/", users.user_list, name="user_list"),
    path("pengguna/baru/", users.user_create, name="user_create"),
    path("pengguna/<int:pk>/ubah/", users.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/nonaktifkan/", users.user_deactivate, name="user_deactivate"),
    path("pengguna/<int:pk>/aktifkan/", users.user_reactivate, name="user_reactivate"),
    path(
        "pengguna/<int:pk>/reset-dua-langkah/",
        users.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("pengguna/<int:pk>/undangan/", users.user_invitation, name="user_invitation"),
    path("undangan/<uidb64>/<token>/", invitation.invitation, name="invitation"),
]
