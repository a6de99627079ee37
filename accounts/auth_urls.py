"""Django's account URL names (no namespace), served by the accounts app's views."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views.password import PasswordChangeView

urlpatterns = [
    path("kata-sandi/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
