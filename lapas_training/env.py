"""Reading settings from the environment, with a clear message when a value is malformed."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    """Return the environment variable ``name``, or ``default`` when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return the environment variable ``name`` read as a yes/no flag."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Return the environment variable ``name`` as a whole number."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from exc


def env_float(name: str, default: float) -> float:
    """Return the environment variable ``name`` as a number (``0.1``)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    """Return the comma-separated environment variable ``name`` as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def media_storage_from_env() -> dict:
    """Return the default storage (``STORAGES["default"]``) that ``MEDIA_STORAGE`` chooses."""
    kind = env_str("MEDIA_STORAGE", "filesystem")
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {kind!r}.")
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL ...).")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            # Private objects, never overwritten; files reach users only through the views.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_from_env(backend: str, redis_url: str) -> tuple[dict, dict | None]:
    """Return ``TASKS`` for ``TASKS_BACKEND``, and ``RQ_QUEUES`` when the queue is in Redis.

    "database" keeps the queue in the database and needs nothing else (``manage.py
    db_worker``); "rq" keeps it in Redis for many workers on many machines (``manage.py
    rqworker --with-scheduler --job-class django_tasks_rq.Job``; ``TASKS_REDIS_URL``, else
    ``REDIS_URL``); "immediate" runs each task in the process that enqueues it.
    """
    if backend not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {backend!r}."
        )
    tasks = {"default": {"BACKEND": TASK_BACKENDS[backend], "QUEUES": ["default"]}}
    if backend != "rq":
        return tasks, None
    url = env_str("TASKS_REDIS_URL", redis_url)
    if not url:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (or TASKS_REDIS_URL).")
    return tasks, {"default": {"URL": url, "DEFAULT_TIMEOUT": 900}}
