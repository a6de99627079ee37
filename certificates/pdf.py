"""Certificate PDFs: data in, bytes out. The only module that imports WeasyPrint.

One HTML document holds a whole batch (laid out once, with one shared font configuration);
single-certificate PDFs are written from its pages. The URL fetcher hands WeasyPrint nothing but
``data:`` URLs and the project's own static and media files: no file system path, no network,
no redirect. Whatever a name contains is printed as text.
"""

import base64
import io
import itertools
import mimetypes
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import pypdf
import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Stored certificates are PDF/A-3b, the archival form government records keep.
PDF_VARIANT = "pdf/a-3b"

# Relative URLs in the certificate templates resolve against this made-up origin; the
# fetcher maps it to the project's files and refuses every other address.
ASSET_ORIGIN = "https://assets.invalid"
BASE_URL = f"{ASSET_ORIGIN}/"

_font_config: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    """Return the font configuration shared by every rendering, so memory stays flat."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


class RefusedURL(ValueError):
    """A resource the certificate may not load."""


class ProjectFilesFetcher(URLFetcher):
    """Fetch ``data:`` URLs and the project's static and media files; refuse anything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == ASSET_ORIGIN and not parts.query:
            path = posixpath.normpath(unquote(parts.path))
            static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
            media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
            if path.startswith(static_prefix):
                name = path.removeprefix(static_prefix)
                if ".." not in name.split("/"):
                    # Collected (and hashed) files in production, the finders in development.
                    if staticfiles_storage.exists(name):
                        with staticfiles_storage.open(name, "rb") as handle:
                            return self._response(url, handle.read())
                    found = finders.find(name)
                    if found:
                        with open(found, "rb") as handle:
                            return self._response(url, handle.read())
            elif path.startswith(media_prefix):
                name = path.removeprefix(media_prefix)
                if name and ".." not in name.split("/") and default_storage.exists(name):
                    with default_storage.open(name, "rb") as handle:
                        return self._response(url, handle.read())
        self.refused.append(url)
        raise RefusedURL(f"Certificates load only the project's own files, not {url!r}")

    @staticmethod
    def _response(url: str, body: bytes) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(url)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def qr_data_url(text: str) -> str:
    """Return a QR code of ``text`` as a PNG ``data:`` URL (cheaper to draw than SVG paths)."""
    buffer = io.BytesIO()
    # A fixed mask: every mask pattern is valid and scans; choosing the "best" one costs
    # segno about 3 ms a code, a twentieth of a certificate's whole rendering.
    segno.make(text, error="m", mask=0).save(buffer, kind="png", scale=6, border=0)
    return image_data_url(buffer.getvalue(), "image/png")


def image_data_url(content: bytes, content_type: str = "image/png") -> str:
    """Return image bytes as a ``data:`` URL."""
    return f"data:{content_type};base64," + base64.b64encode(content).decode()


@dataclass
class RenderedBatch:
    """A batch PDF (if asked for) and, for each certificate in it, its own PDF (if asked for)."""

    pdf: bytes | None
    singles: list[bytes]
    refused_urls: list[str]


def render_batch(
    certificates: list[dict],
    *,
    receipt: dict | None = None,
    with_batch: bool = True,
    with_singles: bool = True,
    preview: bool = False,
) -> RenderedBatch:
    """Lay out every certificate (and a handover receipt) as one document.

    Each item of ``certificates`` is a frozen snapshot plus ``qr`` and ``logo`` data URLs.
    Returns the batch PDF and one PDF per certificate cut from the same layout, each only
    when asked for.
    """
    html = render_to_string(
        "certificates/pdf/batch.html",
        {"certificates": certificates, "receipt": receipt, "preview": preview},
    )
    fetcher = ProjectFilesFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        font_config=font_config()
    )
    singles = []
    if with_singles:
        # Each certificate's first page carries the anchor "cert-<n>", the receipt "receipt".
        starts = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                if anchor.startswith("cert-") or anchor == "receipt":
                    starts.setdefault(anchor, index)
        bounds = [starts[f"cert-{n}"] for n in range(len(certificates))]
        bounds.append(starts.get("receipt", len(document.pages)))
        for first, after in itertools.pairwise(bounds):
            singles.append(
                document.copy(document.pages[first:after]).write_pdf(pdf_variant=PDF_VARIANT)
            )
    batch = document.write_pdf(pdf_variant=PDF_VARIANT) if with_batch else None
    return RenderedBatch(pdf=batch, singles=singles, refused_urls=fetcher.refused)


def render_document(template_name: str, context: dict) -> bytes:
    """Lay out any printed document of the project (a report, a report card) as a PDF.

    Through the same fetcher as the certificates: nothing but the project's files and
    ``data:`` URLs is loaded, whatever the context contains.
    """
    html = render_to_string(template_name, context)
    fetcher = ProjectFilesFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        font_config=font_config()
    )


def render_receipt(receipt: dict) -> bytes:
    """Lay out a ceremony's handover receipt on its own."""
    return render_batch([], receipt=receipt, with_singles=False).pdf


def concatenate(parts: list[bytes]) -> bytes:
    """Join PDFs into one, in order, without laying anything out again."""
    writer = pypdf.PdfWriter()
    for part in parts:
        writer.append(pypdf.PdfReader(io.BytesIO(part)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
