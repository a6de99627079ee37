"""What a browser does for the load test's users (bench/locustfile.py): forms, checks, login.

Every request is checked and named for the statistics; a response that is not what the page
must answer is marked failed and raises ``CheckFailed`` to end the user's current task.
"""

import hashlib
import hmac
import struct
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

FORM_POST = {"Content-Type": "application/x-www-form-urlencoded"}


def totp(key: bytes, step: int = 30, digits: int = 6) -> int:
    """The TOTP code of now (RFC 6238, SHA-1), as django-otp's TOTP devices check it."""
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return (int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**digits


class CheckFailed(Exception):
    """A response was not what the page must answer; the request is already marked failed."""


class Forms(HTMLParser):
    """The forms of a page with the fields a browser would submit unchanged."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "radios": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind == "radio":
                self._form["radios"].setdefault(name, []).append(attrs.get("value", "on"))
            if kind in {"radio", "checkbox"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                self._form["fields"].append([name, attrs.get("value", "")])
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self._form["fields"].append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            value = self._select["chosen"]
            if value is None:
                value = self._select["first"] or ""
            self._form["fields"].append([self._select["name"], value])
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def form(self, form_id: str | None = None) -> dict:
        """Return the form with this id (or the first one with a CSRF token)."""
        for form in self.forms:
            if form_id is None:
                if any(name == "csrfmiddlewaretoken" for name, _ in form["fields"]):
                    return form
            elif form["attrs"].get("id") == form_id:
                return form
        raise KeyError(form_id or "csrf form")


class Browser:
    """The requests of one simulated person: checked, named for the statistics."""

    client = None  # set by the user class

    def page(self, url: str, name: str, must: tuple[str, ...] = (), check=None) -> str:
        """GET a page that must answer 200 with every text of ``must``; return its HTML.

        ``check(html)`` may return what else is wrong with the page, or None.
        """
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}, expected 200")
                raise CheckFailed(name)
            html = r.text or ""
            missing = [text for text in must if text not in html]
            if missing:
                r.failure(f"missing {missing}")
                raise CheckFailed(name)
            if "alert-danger" in html:
                r.failure("an error message on the page")
                raise CheckFailed(name)
            wrong = check(html) if check else None
            if wrong:
                r.failure(wrong)
                raise CheckFailed(name)
            r.success()
            return html

    def submit(self, url: str, fields, name: str, redirect_to: str | None = None) -> str:
        """POST a form; it must redirect (a page back with 200 is a form with errors)."""
        body = urlencode([(name, value) for name, value in fields])
        with self.client.post(
            url, data=body, headers=FORM_POST, name=name, catch_response=True, allow_redirects=False
        ) as r:
            location = r.headers.get("Location", "") if r.headers else ""
            if r.status_code != 302:
                r.failure(f"status {r.status_code}, expected a redirect (form errors?)")
                raise CheckFailed(name)
            if redirect_to is not None and not location.startswith(redirect_to):
                r.failure(f"redirected to {location}, expected {redirect_to}")
                raise CheckFailed(name)
            r.success()
            return location

    def log_in(self, username: str, password: str, key: str | None = None) -> None:
        """Both login steps through the forms, as a browser does."""
        html = self.page("/akun/masuk/", "login: page")
        fields = Forms(html).form()["fields"]
        fields = [f for f in fields if f[0] not in {"username", "password"}]
        fields += [["username", username], ["password", password]]
        self.submit("/akun/masuk/", fields, "login: password")
        if key is None:
            return
        html = self.page("/akun/dua-langkah/", "login: second step page")
        fields = [f for f in Forms(html).form()["fields"] if f[0] != "token"]
        fields.append(["token", f"{totp(bytes.fromhex(key)):06d}"])
        self.submit("/akun/dua-langkah/", fields, "login: second step")
