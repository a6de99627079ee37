"""Small helpers shared by the tests."""

import re

# Parts of a page that differ between any two requests: the CSRF token, and the language
# switcher's link back to the page itself.
PER_REQUEST = re.compile(rb'name="(csrfmiddlewaretoken|next)" (type="hidden" )?value="[^"]+"')


def page_without_csrf(response) -> bytes:
    """Return the response body with its per-request values blanked out."""
    return PER_REQUEST.sub(rb'name="\1" value=""', response.content)


def assert_same_as_missing(client, response, missing_url: str) -> None:
    """Assert a 404 that reveals nothing: the same page as for an object that does not exist."""
    missing = client.get(missing_url)
    assert response.status_code == 404
    assert missing.status_code == 404
    assert page_without_csrf(response) == page_without_csrf(missing)
