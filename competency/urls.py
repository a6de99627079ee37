from django.urls import path

from competency import views

app_name = "competency"

urlpatterns = [
    path("", views.test_list, name="list"),
    path("baru/", views.test_create, name="create"),
    path("<int:pk>/", views.test_detail, name="detail"),
    path("<int:pk>/asesi.xlsx", views.assessee_export, name="export"),
    path("<int:pk>/hasil/", views.results, name="results"),
    path("<int:pk>/hasil/unggah/", views.sheet_upload, name="sheet_upload"),
    path("<int:pk>/hasil/unggah/<int:sheet_pk>/", views.sheet_preview, name="sheet_preview"),
    path("<int:pk>/asesi/<int:assessee_pk>/bnsp/", views.bnsp_certificate, name="bnsp_certificate"),
]
