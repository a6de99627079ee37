"""The account checks refuse a production set-up that would weaken login."""

from accounts.checks import (
    check_second_factor_for_admins,
    check_second_factor_roles,
    check_shared_cache,
)

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://x"}}


def ids(errors):
    return [error.id for error in errors]


def test_a_per_process_cache_fails_the_deploy_check_unless_allowed(settings):
    settings.DEBUG = False
    settings.CACHES = LOCAL
    settings.ALLOW_LOCAL_CACHE = False
    assert ids(check_shared_cache(None)) == ["accounts.E002"]
    settings.ALLOW_LOCAL_CACHE = True
    assert check_shared_cache(None) == []
    settings.ALLOW_LOCAL_CACHE = False
    settings.CACHES = REDIS
    assert check_shared_cache(None) == []


def test_admins_agency_admins_and_pk_officers_keep_their_second_factor_in_production(settings):
    settings.DEBUG = False
    settings.TWO_FACTOR_REQUIRED_ROLES = ["admin"]
    errors = check_second_factor_for_admins(None)
    assert ids(errors) == ["accounts.E003"]
    assert "leaves agency_admin, pk_officer without" in errors[0].msg
    settings.TWO_FACTOR_REQUIRED_ROLES = ["admin", "agency_admin", "pk_officer", "lapas_head"]
    assert check_second_factor_for_admins(None) == []
    settings.DEBUG = True
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    assert check_second_factor_for_admins(None) == []


def test_unknown_roles_are_named(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["admin", "superuser"]
    errors = check_second_factor_roles(None)
    assert ids(errors) == ["accounts.E001"] and "superuser" in errors[0].msg
