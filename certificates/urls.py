from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("sertifikat/", views.certificate_list, name="list"),
    path("sertifikat/<int:pk>/", views.certificate_detail, name="detail"),
    path("sertifikat/<int:pk>/unduh/", views.certificate_download, name="download"),
    path("sertifikat/<int:pk>/cabut/", views.certificate_revoke, name="revoke"),
    path("sertifikat/<int:pk>/koreksi/", views.certificate_reissue, name="reissue"),
    path("angkatan/<int:pk>/sertifikat/", views.cohort_certificates, name="cohort"),
    path("angkatan/<int:pk>/penyerahan/baru/", views.ceremony_create, name="ceremony_create"),
    path("penyerahan/<int:pk>/", views.ceremony_detail, name="ceremony"),
    path("penyerahan/<int:pk>/unduh/", views.ceremony_download, name="ceremony_download"),
    path("instansi/sertifikat/", views.agency_settings, name="agency_settings"),
    path("instansi/sertifikat/contoh.pdf", views.agency_preview, name="agency_preview"),
    path("v/<str:code>", views.verify, name="verify"),
]
