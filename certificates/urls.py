from django.urls import path

from certificates.views import agency, ceremonies, issuing, public, records, rendering

app_name = "certificates"

urlpatterns = [
    path("sertifikat/", records.certificate_list, name="list"),
    path("sertifikat/<int:pk>/", records.certificate_detail, name="detail"),
    path("sertifikat/<int:pk>/unduh/", records.certificate_download, name="download"),
    path("sertifikat/<int:pk>/cabut/", records.certificate_revoke, name="revoke"),
    path("sertifikat/<int:pk>/koreksi/", records.certificate_reissue, name="reissue"),
    path("angkatan/<int:pk>/sertifikat/", issuing.cohort_certificates, name="cohort"),
    path("angkatan/<int:pk>/sertifikat/terbitkan/", issuing.certificates_issue, name="issue"),
    path("angkatan/<int:pk>/sertifikat/pdf/", rendering.cohort_progress, name="cohort_progress"),
    path("angkatan/<int:pk>/sertifikat/pdf/ulang/", rendering.cohort_retry, name="cohort_retry"),
    path("angkatan/<int:pk>/sertifikat/jp/", issuing.hours_decision, name="hours_decision"),
    path("angkatan/<int:pk>/penyerahan/baru/", ceremonies.ceremony_create, name="ceremony_create"),
    path(
        "kegiatan/<int:pk>/penyerahan/baru/",
        ceremonies.event_ceremony_create,
        name="event_ceremony_create",
    ),
    path("penyerahan/<int:pk>/", ceremonies.ceremony_detail, name="ceremony"),
    path("penyerahan/<int:pk>/unduh/", ceremonies.ceremony_download, name="ceremony_download"),
    path("penyerahan/<int:pk>/pdf/", rendering.ceremony_progress, name="ceremony_progress"),
    path("penyerahan/<int:pk>/pdf/ulang/", rendering.ceremony_retry, name="ceremony_retry"),
    path("instansi/sertifikat/", agency.agency_settings, name="agency_settings"),
    path("instansi/sertifikat/contoh.pdf", agency.agency_preview, name="agency_preview"),
    path("v/<str:code>", public.verify, name="verify"),
]
