"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from lapas_training.views import LoginView

admin.site.site_header = _("Administrasi Pelatihan WBP")
admin.site.site_title = _("Administrasi Pelatihan WBP")
admin.site.index_title = _("Data induk dan pengguna")

urlpatterns = [
    path("akun/masuk/", LoginView.as_view(), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "akun/kata-sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "akun/kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("wbp/", include("inmates.urls")),
    path("uji-kompetensi/", include("competency.urls")),
    path("", include("certificates.urls")),
    path("", include("programs.urls")),
    path("", include("reports.urls")),
]
