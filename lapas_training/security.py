"""Response headers that tell the browser what a page may not do."""

from functools import wraps

# Browser features no page of the project uses. A view that needs one allows it with
# ``permissions_policy`` (the inmate photo page allows the camera).
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)


def _header(allowed: dict[str, str]) -> str:
    return ", ".join(f"{feature}=({allowed.get(feature, '')})" for feature in DENIED_FEATURES)


DEFAULT_POLICY = _header({})


class PermissionsPolicyMiddleware:
    """Set ``Permissions-Policy`` on every response, stored PDFs and errors included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", DEFAULT_POLICY)
        return response


def permissions_policy(**allowed: str):
    """Allow features for one view, e.g. ``@permissions_policy(camera="self")``."""
    header = _header({feature.replace("_", "-"): value for feature, value in allowed.items()})

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Permissions-Policy"] = header
            return response

        return wrapped

    return decorator
