from django.urls import path

from inmates import views

app_name = "inmates"

urlpatterns = [
    path("", views.inmate_list, name="list"),
    path("tambah/", views.inmate_create, name="create"),
    path("impor/", views.import_upload, name="import"),
    path("target-kinerja/", views.training_target, name="training_target"),
    path("impor/templat.csv", views.import_template, name="import_template"),
    path("impor/<int:pk>/", views.import_preview, name="import_preview"),
    path("<int:pk>/", views.inmate_detail, name="detail"),
    path("<int:pk>/ubah/", views.inmate_edit, name="edit"),
    path("<int:pk>/bebas/", views.inmate_release, name="release"),
    path("<int:pk>/pindah/", views.inmate_transfer, name="transfer"),
    path("<int:pk>/foto/", views.inmate_photo, name="photo"),
    path("<int:pk>/foto/ubah/", views.inmate_photo_edit, name="photo_edit"),
]
