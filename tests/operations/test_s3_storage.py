"""Media on an S3-compatible object store (django-storages), as several servers share it: the
certificate engine stores there, users get the files only through the scoped views."""

import hashlib

import boto3
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from moto import mock_aws

from operations import health
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit, assert_same_as_missing
from tests.operations.helpers import fresh_process

pytestmark = pytest.mark.django_db

BUCKET = "pelatihan-media"


@pytest.fixture
def object_store(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="ap-southeast-3")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "ap-southeast-3",
                    "access_key": "testing",
                    "secret_key": "testing",
                    "location": "media",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        yield client


def test_certificates_are_stored_in_the_bucket_and_served_by_the_scoped_view(
    object_store, client, cohort, instructor, agency_admin, other_operator
):
    from certificates import services

    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad Fauzi", "Budi"])
    with after_commit():
        issued = services.certificates_issue(actor=agency_admin, cohort=cohort)
    certificate = issued[0]
    certificate.refresh_from_db()
    key = f"media/{certificate.pdf.name}"
    stored = object_store.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256
    grants = object_store.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner alone

    client.force_login(agency_admin)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert b"".join(response.streaming_content) == stored
    client.force_login(other_operator)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert_same_as_missing(client, response, reverse("certificates:download", args=[99999]))


def test_health_check_writes_to_the_bucket(object_store, client):
    health._storage_checked.update(at=0.0, ok=False)
    response = client.get(reverse("operations:healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "ok"
    assert object_store.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    assert default_storage.__class__.__name__ == "S3Storage"


def settings_in_a_fresh_process(**environment):
    probe = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    return fresh_process(probe, **environment)


def test_the_storage_is_chosen_by_the_environment():
    assert settings_in_a_fresh_process().stdout.strip() == (
        "django.core.files.storage.FileSystemStorage"
    )
    chosen = settings_in_a_fresh_process(MEDIA_STORAGE="s3", S3_BUCKET="pelatihan")
    assert chosen.stdout.strip() == "storages.backends.s3.S3Storage"
    missing = settings_in_a_fresh_process(MEDIA_STORAGE="s3")
    assert missing.returncode != 0
    assert "S3_BUCKET" in missing.stderr
