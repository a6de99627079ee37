"""Browser hardening headers on pages, files and errors; CSP reports are logged."""

import json
import logging

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from lapas_training.security import DEFAULT_POLICY
from tests import factories

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"


def assert_hardened(response):
    policy = response[CSP]
    for directive in (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "report-uri /csp-report/",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_errors_and_the_login_carry_the_headers(client, operator):
    assert_hardened(client.get(reverse("login")))
    client.force_login(operator)
    assert_hardened(client.get("/"))
    assert_hardened(client.get("/wbp/999999/"))  # a 404
    assert client.get("/").headers["Permissions-Policy"] == DEFAULT_POLICY


def test_stored_pdfs_carry_the_headers(client, operator, agency_admin, cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort, inmate__full_name='Budi "\r\nX-Evil: 1')
    certificate = Certificate(
        enrollment=enrollment,
        agency=cohort.agency,
        year=2026,
        sequence=1,
        number="0001/X/Y/IX/2026",
        verification_code="d" * 32,
        issued_at=timezone.now(),
        issued_by=agency_admin,
        snapshot={"holder": {"name": enrollment.inmate.full_name}, "program": {"name": "Las"}},
    )
    certificate.pdf.save("c.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    client.force_login(operator)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert_hardened(response)
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition


def test_the_inmate_photo_page_may_use_the_camera(client, operator):
    inmate = factories.InmateFactory(facility=operator.facility)
    client.force_login(operator)
    response = client.get(reverse("inmates:photo_edit", args=[inmate.pk]))
    assert response.status_code == 200
    assert "camera=(self)" in response["Permissions-Policy"]


def test_csp_reports_are_logged_and_bounded(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://pelatihan.example.go.id/",
            "violated-directive": "style-src-attr",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level(logging.WARNING, logger="security.csp"):
        response = client.post(
            "/csp-report/", json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    assert (
        "CSP violation: 'style-src-attr' blocked 'inline' on 'https://pelatihan.example.go.id/'"
        in caplog.text
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="security.csp"):
        assert (
            client.post("/csp-report/", "x" * 20_000, content_type="text/plain").status_code == 204
        )
        assert client.post("/csp-report/", "not json", content_type="text/plain").status_code == 204
        assert (
            client.post("/csp-report/", "[1]", content_type="application/json").status_code == 204
        )
    assert caplog.text == ""
    assert client.get("/csp-report/").status_code == 405


def test_hostile_csp_reports_neither_fail_nor_forge_log_lines(client, caplog):
    assert (
        client.post("/csp-report/", "[" * 5000, content_type="application/json").status_code == 204
    )
    report = {"csp-report": {"violated-directive": "script-src\nCRITICAL forged: admin"}}
    with caplog.at_level(logging.WARNING, logger="security.csp"):
        client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert "\n" not in caplog.records[0].getMessage()
