"""Settings for the whole project, read from the environment.

Development defaults are safe and need nothing installed: SQLite under ``var/``. With
``DEBUG`` off (the default) a missing ``SECRET_KEY`` stops the start with a clear message.
"""

from datetime import timedelta
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
import font_caladea
import font_lato
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lapas_training.env import (
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    media_storage_from_env,
    tasks_from_env,
)
from lapas_training.monitoring import logging_config, start_error_reporting

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set it to the host names the site is served under, "
        "comma-separated (for example: pelatihan.example.go.id)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lapas_training",
    "inmates",
    "programs",
    "certificates",
    "competency",
    "followup",
    "reports",
    "accounts",
    "privacy",
    "operations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "csp",
    "django_guid",
    "import_export",
    "django_tasks",
    "django_tasks_db",
]
# The seeding commands (seed_demo, seed_scale) and their Faker dependency are for development
# and load tests only: production runs without them.
DEMO_APP = env_bool("DEMO_APP", DEBUG)
if DEMO_APP:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # First: every log line of the request carries its id (X-Request-ID).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "lapas_training.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lapas_training.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and messages are known: idle sessions end, then the second login step.
    "accounts.middleware.SessionActivityMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lapas_training.urls"
WSGI_APPLICATION = "lapas_training.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lapas_training.context_processors.navigation",
            ],
        },
    },
]

if not env_str("DATABASE_URL"):
    # The embedded default: a SQLite file in the git-ignored var/ folder.
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before use, so a restarted database costs the
        # requests in flight, not every request of the process until it restarts.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server and the task worker write to the same file: readers never wait
    # for the writer (WAL), and a writer takes its lock when its transaction begins.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lapas_training.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lapas_training.backends.UserWithAffiliationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Passwords Indonesians pick often (words, names, places, with digits around them).
    {"NAME": "accounts.validators.IndonesianCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "login"

# Second factor (django-otp): these roles must log in with an authenticator app; everybody
# else may turn it on. The system check accounts.E003 refuses production without admins and
# agency admins in the list.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", "admin,agency_admin,pk_officer")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Pelatihan WBP")
# Wrong codes wait 1, 2, 4, 8 ... seconds per device, on top of the session's failure limit.
OTP_TOTP_THROTTLE_FACTOR = 1
# The admin site never shows an authenticator's key or a recovery code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_STATIC_THROTTLE_FACTOR = 1

# Login throttling: failures are counted per username *and* address together, so an attacker
# guessing one account from one address cannot lock that account out for everyone else.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lapas_training.views.locked_out"
AXES_VERBOSE = False
# Behind reverse proxies: how many of them append to X-Forwarded-For (nginx in front: 1).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "lapas_training.client_ip.client_ip"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Dates are typed as dd/mm/yyyy everywhere, whatever the language.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
    # Certificate fonts, from installed packages so that every machine prints the same.
    ("vendor/fonts/lato", font_lato.font_directory),
    ("vendor/fonts/caladea", font_caladea.font_directory),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Stored PDFs, logos and photos: the file system (one server, or a shared mount), or an
# S3-compatible object store that several servers share. Users only ever get the files through
# the scoped download views: the bucket stays private and no file URL is handed out.
STORAGES = {
    "default": media_storage_from_env(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Login throttling and the verification rate limit count in the cache, so every worker must
# share it: Redis in production. A per-process memory cache is allowed in development, or in
# production only when ALLOW_LOCAL_CACHE says there is a single process.
REDIS_URL = env_str("REDIS_URL")
ALLOW_LOCAL_CACHE = env_bool("ALLOW_LOCAL_CACHE", False)
SILENCED_SYSTEM_CHECKS = []
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The reports' covering indexes (INCLUDE) are PostgreSQL's; SQLite keeps their key columns.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]
if REDIS_URL:
    # With Redis down a cache read is a miss and a write is lost (logged): pages still serve.
    # Sessions are read from Redis and written through to the database, so they are read
    # from the database then, and a Redis restart logs nobody out. README: "Redis down".
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    if not DEBUG and not ALLOW_LOCAL_CACHE:
        raise ImproperlyConfigured(
            "REDIS_URL is not set. Several workers must share one cache for login throttling "
            "and rate limits: set REDIS_URL (for example redis://127.0.0.1:6379/0), or set "
            "ALLOW_LOCAL_CACHE=1 if the site runs as a single process."
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django_ratelimit refuses a per-process cache; here there is one process by decision.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Background work (rendering certificate PDFs) goes through Django's task API: the queue in the
# database, in Redis (rq), or run at once (lapas_training.env.tasks_from_env).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS, rq_queues = tasks_from_env(TASKS_BACKEND, REDIS_URL)
if rq_queues:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = rq_queues
# A large issuance is rendered in chunks of this many certificates, one task each, so that
# several workers share it (bench/certificates.py --chunk measures the choice).
CERTIFICATE_RENDER_CHUNK = env_int("CERTIFICATE_RENDER_CHUNK", 10)
# A failed rendering is tried again this many times in all, then waits for a person's retry.
CERTIFICATE_RENDER_ATTEMPTS = env_int("CERTIFICATE_RENDER_ATTEMPTS", 3)
# Electronic signature (PAdES) on every stored certificate and ceremony PDF, made by the task
# workers with one key exported as PKCS#12 (certified by BSrE or the agency's own CA), read
# once per process; a key that cannot sign stops the start (certificates.checks). Without a
# key nothing is signed.
# With a timestamp server (RFC 3161) the signatures carry a trusted time (PAdES B-T): the only
# network call of the rendering. The passphrase may come from a file a secret store mounts.
# PDF_SIGNER names another signer class (a remote signing service): certificates.signing.
PDF_SIGNING_PKCS12 = env_str("PDF_SIGNING_PKCS12")
PDF_SIGNING_PASSPHRASE = env_str("PDF_SIGNING_PASSPHRASE")
PDF_SIGNING_PASSPHRASE_FILE = env_str("PDF_SIGNING_PASSPHRASE_FILE")
PDF_SIGNING_TSA_URL = env_str("PDF_SIGNING_TSA_URL")
PDF_SIGNING_REASON = env_str("PDF_SIGNING_REASON", "Sertifikat diterbitkan secara elektronik")
PDF_SIGNING_LOCATION = env_str("PDF_SIGNING_LOCATION")
PDF_SIGNER = env_str("PDF_SIGNER")

# The public address of the site, printed in each certificate's QR code.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is not set. Set it to the public address of the site, for example "
        "https://pelatihan.example.go.id: certificates print it in their QR codes."
    )
# Public certificate verification: requests per address per minute. When the cache cannot
# count (Redis down) the limits let requests through: an employer can still verify, and the
# codes (128 bits) cannot be guessed anyway. Login throttling counts in the database.
VERIFY_RATE = env_str("VERIFY_RATE", "30/m")
RATELIMIT_FAIL_OPEN = True

# The privacy notice (/privasi/, UU PDP): the data controller and its data protection officer.
# Development has example values; in production `check --deploy` warns while they are missing.
PRIVACY_CONTROLLER_NAME = env_str(
    "PRIVACY_CONTROLLER_NAME", "Lapas Kelas IIB Contoh (data pengembangan)" if DEBUG else ""
)
PRIVACY_CONTROLLER_ADDRESS = env_str(
    "PRIVACY_CONTROLLER_ADDRESS", "Jl. Contoh No. 1, Kota Contoh, Jawa Timur" if DEBUG else ""
)
PRIVACY_DPO_NAME = env_str("PRIVACY_DPO_NAME", "Pejabat Pelindungan Data Pribadi" if DEBUG else "")
PRIVACY_DPO_EMAIL = env_str("PRIVACY_DPO_EMAIL", "ppdp@contoh.go.id" if DEBUG else "")
PRIVACY_DPO_PHONE = env_str("PRIVACY_DPO_PHONE", "(0322) 000000" if DEBUG else "")
# How many days an invitation link to a new account (set your own password) stays valid.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
# Days after an inmate's release (or transfer out of the system) after which
# ``manage.py apply_retention`` removes the personal data no current purpose needs.
RETENTION_AFTER_RELEASE_DAYS = env_int("RETENTION_AFTER_RELEASE_DAYS", 5 * 365)
# Days after the release date after which ``apply_retention`` reduces a follow-up plan to
# anonymous figures (no person, officer, notes, employer or income; the statuses stay). At
# least 366: the last check-in falls due 12 months after release.
FOLLOWUP_RETENTION_DAYS = env_int("FOLLOWUP_RETENTION_DAYS", 3 * 365)
# Outcome figures of a group with fewer people reached than this show no working or skill
# counts: "1 of 1 working" would tell the Lapas one person's situation (followup.figures).
OUTCOME_MIN_REACHED = env_int("OUTCOME_MIN_REACHED", 3)
# An uploaded register file (NIK, birth data of a whole facility) waits this many days for its
# preview to be confirmed; ``apply_retention`` then discards it.
PENDING_IMPORT_DAYS = env_int("PENDING_IMPORT_DAYS", 14)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A cohort's attendance or assessment is posted in one form: up to 500 participants with a few
# fields each (and one per competency unit), well above Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Absolute lifetime of a session, then idle limits: shorter for the roles that must use a
# second factor (they issue certificates or administer the system).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 10)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
SESSION_IDLE_MINUTES_PRIVILEGED = env_int("SESSION_IDLE_MINUTES_PRIVILEGED", 30)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy (django-csp): the project's own scripts, styles, images and fonts
# only; no inline script or style anywhere (tests/browser fail on any violation). Bootstrap's
# stylesheet draws a few icons as data: images. Violations are logged by /csp-report/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "report-uri": "/csp-report/",
    }
}
if not DEBUG:
    # Cookies travel only over HTTPS. `make serve` turns this off to be tried over plain
    # HTTP on this machine; behind the TLS proxy it stays on.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Monitors poll the health check over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: plain text, or JSON lines for a log collector (LOG_FORMAT=json); each line carries the
# request id. Errors are reported to Sentry when SENTRY_DSN is set (lapas_training.monitoring).
LOGGING = logging_config(
    level=env_str("LOG_LEVEL", "WARNING"), json_lines=env_str("LOG_FORMAT", "text") == "json"
)
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
SENTRY_ENABLED = start_error_reporting(
    dsn=env_str("SENTRY_DSN"),
    environment=env_str("SENTRY_ENVIRONMENT", "production"),
    release=env_str("SENTRY_RELEASE"),
    traces=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
)
# /healthz answers 503 when the oldest waiting background task has waited longer than this.
HEALTH_MAX_TASK_WAIT_SECONDS = env_int("HEALTH_MAX_TASK_WAIT_SECONDS", 15 * 60)
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True  # exported text never runs as a spreadsheet formula
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"  # only those who may add catalogue units import them
