"""Request middleware of the project."""


class IndonesianByDefaultMiddleware:
    """Ignore the browser's language so that Indonesian stays the default.

    Many office computers run an English browser; only the language switcher (its cookie)
    changes the interface language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
