"""The client's address, as login throttling needs it."""

from django.conf import settings


def client_ip(request) -> str | None:
    """Return the address of the client, trusting only our own reverse proxies.

    With ``TRUSTED_PROXY_COUNT`` proxies in front of the application, each one appends the
    address it received the request from to ``X-Forwarded-For``; the client is the entry
    that many places from the right. Entries further left were written by the client and
    are ignored, so nobody can pick the address they are throttled under.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
