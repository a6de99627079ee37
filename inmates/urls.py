from django.urls import path

from inmates import views

app_name = "inmates"

urlpatterns = [
    path("", views.inmate_list, name="list"),
    path("<int:pk>/", views.inmate_detail, name="detail"),
]
