"""Templates keep style and behaviour in static files, so a strict Content Security Policy holds."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# PDFs (certificates, reports) are laid out by WeasyPrint from their own <style> block, never
# by a browser: their templates live in a "pdf" folder.
BROWSER_TEMPLATES = sorted(
    path for path in (ROOT / "templates").rglob("*.html") if "/pdf/" not in path.as_posix()
)
INLINE = [
    ("a style attribute", re.compile(r"\sstyle\s*=", re.IGNORECASE)),
    ("an event handler attribute", re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)),
    ("an inline script", re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)),
    ("a style element", re.compile(r"<style[\s>]", re.IGNORECASE)),
    ("a javascript: URL", re.compile(r"javascript:", re.IGNORECASE)),
]


def test_there_are_templates_to_check():
    assert len(BROWSER_TEMPLATES) > 40


@pytest.mark.parametrize("what, pattern", INLINE, ids=[what for what, _ in INLINE])
def test_no_template_carries_inline_style_or_script(what, pattern):
    offenders = [
        str(path.relative_to(ROOT))
        for path in BROWSER_TEMPLATES
        if pattern.search(path.read_text())
    ]
    assert offenders == []


# The one markup the project marks safe itself: the second-factor QR code, drawn by segno from
# the device's key (no user text in it).
MARKED_SAFE = {"accounts/views/second_factor.py"}


def test_nothing_is_marked_safe_but_the_known_markup():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    unescaped = re.compile(r"\|\s*safe\b|{%\s*autoescape\s+off", re.IGNORECASE)
    assert [str(p.relative_to(ROOT)) for p in templates if unescaped.search(p.read_text())] == []
    sources = [
        path
        for path in ROOT.glob("*/**/*.py")
        if path.parts[len(ROOT.parts)] not in {".venv", "tests", "bench", "demo"}
    ]
    marking = {
        str(path.relative_to(ROOT))
        for path in sources
        if "mark_safe(" in path.read_text() or "SafeString(" in path.read_text()
    }
    assert marking == MARKED_SAFE
