from django.urls import path

from followup import views

app_name = "followup"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/persetujuan/", views.plan_consent, name="consent"),
    path("<int:pk>/bapas/", views.plan_assign, name="assign"),
    path("<int:pk>/tangani/", views.plan_take, name="take"),
    path("kontak/<int:pk>/", views.checkin_record, name="checkin"),
]
