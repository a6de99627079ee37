from django.urls import path

from privacy.views import audit, notice, subject

app_name = "privacy"

urlpatterns = [
    # The audit log and the privacy notice (privacy/views/audit.py, notice.py).
    path("log-audit/", audit.audit_log_list, name="audit_log"),
    path("privasi/", notice.privacy_notice, name="notice"),
    path("v/privasi/", notice.verification_privacy, name="verification_notice"),
    # The data subject report (privacy/views/subject.py).
    path("wbp/<int:pk>/data-pribadi.pdf", subject.subject_pdf, name="subject_pdf"),
    path("wbp/<int:pk>/data-pribadi.json", subject.subject_json, name="subject_json"),
]
