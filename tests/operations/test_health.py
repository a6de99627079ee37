"""The health check a monitor polls: no login, no data, 200 when everything answers, else 503."""

import json
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from operations import health
from tests.certificates.helpers import DATABASE_QUEUE

pytestmark = pytest.mark.django_db


@task()
def waiting_task() -> None:
    """Never run here: it only waits in the queue."""


@pytest.fixture(autouse=True)
def _storage_checked_now():
    """Every test checks the storage itself rather than reusing an earlier test's answer."""
    health._storage_checked.update(at=0.0, ok=False)
    yield
    health._storage_checked.update(at=0.0, ok=False)


def get_health(client):
    response = client.get(reverse("operations:healthz"))
    return response, json.loads(response.content)


def test_healthy_answers_200_with_each_check(client, settings):
    response, body = get_health(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert body == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "cache": "ok",
            "storage": "ok",
            "tasks": {"status": "ok", "waiting": 0, "oldest_wait_s": 0},
        },
    }
    # The probe file is gone again.
    assert not list((settings.MEDIA_ROOT / "healthz").glob("*"))


def test_not_redirected_to_https_for_monitors_inside_the_network(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get(reverse("operations:healthz")).status_code == 200
    assert client.get(reverse("login")).status_code == 301


def test_only_reads(client):
    assert client.post(reverse("operations:healthz")).status_code == 405


def test_database_down_is_503_without_the_error_text(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("password=secret host=db.internal")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response, body = get_health(client)
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    assert body["checks"]["cache"] == "ok"
    assert b"secret" not in response.content


def test_cache_that_loses_writes_is_503(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response, body = get_health(client)
    assert response.status_code == 503
    assert body["checks"]["cache"] == "unavailable"


class FullDisk(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(28, "No space left on device")


def test_storage_not_writable_is_503(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(tmp_path)}},
    }
    response, body = get_health(client)
    assert response.status_code == 503
    assert body["checks"]["storage"] == "not writable"


def test_storage_is_checked_at_most_every_few_seconds(client, settings, tmp_path):
    assert get_health(client)[0].status_code == 200
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(tmp_path)}},
    }
    # Polled again at once: the answer of a moment ago, no new file written.
    assert get_health(client)[0].status_code == 200
    health._storage_checked["at"] -= health.STORAGE_CHECK_SECONDS
    assert get_health(client)[1]["checks"]["storage"] == "not writable"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    yield default_task_backend


def enqueue_waiting(since):
    from django_tasks_db.models import DBTaskResult

    result = waiting_task.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=since)


def test_queue_depth_and_oldest_wait(client, settings, database_queue):
    settings.HEALTH_MAX_TASK_WAIT_SECONDS = 600
    enqueue_waiting(timezone.now() - timedelta(seconds=120))
    enqueue_waiting(timezone.now() - timedelta(seconds=5))
    response, body = get_health(client)
    assert response.status_code == 200
    tasks = body["checks"]["tasks"]
    assert tasks["status"] == "ok"
    assert tasks["waiting"] == 2
    assert 120 <= tasks["oldest_wait_s"] < 180


def test_a_task_waiting_too_long_means_no_worker_takes_it(client, settings, database_queue):
    settings.HEALTH_MAX_TASK_WAIT_SECONDS = 600
    enqueue_waiting(timezone.now() - timedelta(minutes=11))
    response, body = get_health(client)
    assert response.status_code == 503
    assert body["checks"]["tasks"]["status"] == "stalled"
    assert body["checks"]["database"] == "ok"


def test_queue_depth_in_redis(settings, redis_url, django_capture_on_commit_callbacks):
    """With the RQ backend the waiting tasks are read from Redis."""
    import django_rq

    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    queue = django_rq.get_queue("default")
    with django_capture_on_commit_callbacks(execute=True):  # RQ enqueues on commit
        queue.enqueue("operations.health.check_database")
        queue.enqueue("operations.health.check_database")
    waiting, oldest = health._waiting_in_redis()
    assert waiting == 2
    assert timezone.now() - oldest < timedelta(seconds=30)
