from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.home, name="home"),
    path("angkatan/", views.cohort_list, name="cohort_list"),
    path("angkatan/<int:pk>/", views.cohort_detail, name="cohort_detail"),
]
