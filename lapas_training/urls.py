"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from lapas_training.views import LoginView, csp_report

admin.site.site_header = _("Administrasi Pelatihan WBP")
admin.site.site_title = _("Administrasi Pelatihan WBP")
admin.site.index_title = _("Data induk dan pengguna")

# Standing alone: no database, no user (operations.errors).
handler500 = "operations.errors.server_error"

urlpatterns = [
    path("akun/masuk/", LoginView.as_view(), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", include("accounts.auth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("csp-report/", csp_report, name="csp_report"),
    path("", include("operations.urls")),
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("wbp/", include("inmates.urls")),
    path("uji-kompetensi/", include("competency.urls")),
    path("tindak-lanjut/", include("followup.urls")),
    path("", include("certificates.urls")),
    path("", include("programs.urls")),
    path("", include("reports.urls")),
]
