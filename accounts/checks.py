"""System checks for the account settings: they fail ``check --deploy`` before users do."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from lapas_training.models import Role

# They administer the system, issue and revoke certificates, or read what the Bapas recorded
# about released people (their work, income, notes).
MANDATORY = frozenset({Role.ADMIN, Role.AGENCY_ADMIN, Role.PK_OFFICER})
LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security)
def check_second_factor_roles(app_configs, **kwargs):
    """TWO_FACTOR_REQUIRED_ROLES names roles that exist."""
    unknown = sorted(set(settings.TWO_FACTOR_REQUIRED_ROLES) - set(Role.values))
    if unknown:
        return [
            Error(
                f"TWO_FACTOR_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
                hint=f"Use some of: {', '.join(Role.values)}.",
                id="accounts.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Login throttling and rate limits count in the cache: every worker must share it."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or settings.ALLOW_LOCAL_CACHE or backend not in LOCAL_CACHES:
        return []
    return [
        Error(
            "The cache is local to each process, so login throttling and rate limits would "
            "count per worker.",
            hint="Set REDIS_URL, or ALLOW_LOCAL_CACHE=1 if the site runs as a single process.",
            id="accounts.E002",
        )
    ]


@register(Tags.security, deploy=True)
def check_second_factor_for_admins(app_configs, **kwargs):
    """In production the roles that administer, issue certificates or follow released people
    always use one."""
    missing = sorted(MANDATORY - set(settings.TWO_FACTOR_REQUIRED_ROLES))
    if settings.DEBUG or not missing:
        return []
    return [
        Error(
            f"TWO_FACTOR_REQUIRED_ROLES leaves {', '.join(missing)} without a second factor.",
            hint=(
                "In production keep at least 'admin,agency_admin,pk_officer' in "
                "TWO_FACTOR_REQUIRED_ROLES."
            ),
            id="accounts.E003",
        )
    ]
