"""Rendering after issuance: certificate and ceremony PDFs made by background tasks.

Issuing decides (numbers, snapshots, codes) and commits; the certificates verify from then on.
Turning their snapshots into stored PDFs is separate work that runs after the commit, in the
task workers, chunk by chunk so that several workers share a large issuance. Every step here
can run twice without harm: a certificate that already has its PDF is skipped, and a file is
named after its own SHA-256, so a second rendering finds the first one's file. Nothing is
written to storage inside a transaction that could still roll back.

A file is stored whole or not at all (``_put``): a disk that fills up, or a worker killed while
writing, leaves no truncated PDF under a final name, and a file found under a final name is
checked before it is taken. A failed write fails the attempt like any rendering error (tried
again, then marked failed for a person's retry). Work lost with a killed worker is sent back
by ``certificates.services.recovery``.

When a signer is configured (``certificates.signing``), each PDF is signed right before it is
stored, so the stored SHA-256 is that of the signed file. A signed file carries its signing
time, so two renderings of one certificate differ; only the first is recorded.
"""

import errno
import hashlib
import json
import logging
import os
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import default_task_backend, task

from certificates import documents, pdf, signing
from certificates.models import Ceremony, Certificate
from lapas_training.audit import audit_log
from lapas_training.disk import fsync_path
from lapas_training.models import User
from programs.models import Cohort

logger = logging.getLogger(__name__)

# A retry waits this many seconds times the attempts so far (when the backend can defer).
RETRY_DELAY_SECONDS = 5
# A ceremony whose certificates are still being rendered looks again after this many seconds.
WAIT_SECONDS = 0.5
# ... but not for ever: after this, it renders the missing ones itself (a worker may have died).
MAX_WAIT = timedelta(minutes=10)


# A file being written has this ending until it is complete and renamed to its final name.
PARTIAL_SUFFIX = ".part"
# Hard links do not exist on some network shares: then the complete file is renamed instead.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}


def _sha256_of(name: str) -> str:
    """Return the SHA-256 of the stored file ``name``."""
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_whole_pdf(content: bytes) -> bool:
    """Whether ``content`` looks like a PDF written to its end (a cut-short file does not)."""
    return content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")


def _take_name(source: str, name: str) -> str:
    """Give the complete file at path ``source`` the storage name ``name``, or a free name
    beside it when that one is taken; return the name given."""
    while True:
        target = default_storage.path(name)
        try:
            os.link(source, target)
            return name
        except FileExistsError:
            name = default_storage.get_available_name(name)
        except OSError as error:
            if error.errno not in _NO_LINKS:
                raise
            if not os.path.exists(target):
                os.replace(source, target)
                return name
            name = default_storage.get_available_name(name)


def _put(name: str, content: bytes, *, replace: bool) -> str:
    """Store ``content`` under ``name``, whole or not at all; return the name it is stored under.

    The file system storage writes straight into the final file, so a full disk or a worker
    killed half-way would leave a truncated PDF under a name that promises a whole one. Here
    the bytes go to a temporary file beside it, which takes the final name once complete (a
    link or rename in one folder is atomic); a failed write removes its temporary file and
    raises. ``replace`` puts the file in the place of one already there; otherwise the file
    gets a free name beside it, as ``Storage.save`` does. Object stores (S3) write an object
    whole or not at all, so there the content is saved directly.
    """
    try:
        final = default_storage.path(name)
    except NotImplementedError:
        if replace:
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(content))
    temporary = f"{name}.{secrets.token_hex(8)}{PARTIAL_SUFFIX}"
    try:
        temporary = default_storage.save(temporary, ContentFile(content))
        fsync_path(default_storage.path(temporary))  # on the disk before it takes a final name
        if replace:
            os.replace(default_storage.path(temporary), final)
        else:
            name = _take_name(default_storage.path(temporary), name)
        fsync_path(os.path.dirname(final))  # and the name too, through a power cut
    except Exception as error:
        logger.error("Storing %s failed (%s): nothing recorded, no partial file kept", name, error)
        raise
    finally:
        try:
            default_storage.delete(temporary)  # gone already after a rename
        except OSError:
            logger.exception("The temporary file %s could not be removed", temporary)
    return name


def _store(folder: str, stem: str, content: bytes) -> tuple[str, str]:
    """Store ``content`` once under a name carrying its SHA-256; return (name, sha256).

    A file already under that name is taken only if it is this content (a file cut short by
    an earlier failure, before writes were made whole, is written again).
    """
    sha256 = hashlib.sha256(content).hexdigest()
    name = f"{folder}/{stem}-{sha256[:16]}.pdf"
    if default_storage.exists(name):
        if _sha256_of(name) == sha256:
            return name, sha256
        logger.warning("%s does not hold the content its name promises: writing it again", name)
    return _put(name, content, replace=True), sha256


def render_certificates(certificate_ids: list[int]) -> int:
    """Lay out these certificates once, store each one's PDF; return how many were stored.

    Reads only the frozen snapshots (and the logo file they name). Certificates that already
    have their PDF are skipped, so a repeated or overlapping task changes nothing.
    """
    pending = list(
        Certificate.objects.filter(pk__in=certificate_ids, pdf="")
        .select_related("agency")
        .order_by("agency_id", "year", "sequence")
    )
    if not pending:
        return 0
    signer = signing.get_signer()
    logos: dict[str, str | None] = {}
    inputs = []
    for certificate in pending:
        logo_name = documents.snapshot_logo_name(certificate)
        if logo_name not in logos:
            logos[logo_name] = documents.logo_data_url(logo_name)
        inputs.append(
            {
                **documents.render_inputs(certificate, logo=logos[logo_name]),
                "signed_electronically": signer.signs,
            }
        )
    rendered = pdf.render_batch(inputs, with_batch=False)
    stored = 0
    for certificate, content in zip(pending, rendered.singles, strict=True):
        name, sha256 = _store(
            f"certificates/{certificate.agency.code}/{certificate.year}",
            f"{certificate.sequence:05d}",
            signer.sign(content),
        )
        stored += Certificate.objects.filter(pk=certificate.pk, pdf="").update(
            pdf=name, pdf_sha256=sha256, render_failed_at=None
        )
    return stored


def ceremony_inputs_sha256(*, receipt: dict, certificates: list[Certificate]) -> str:
    """Return the content hash of what a ceremony PDF is made of, in order."""
    payload = {"receipt": receipt, "certificates": [c.pdf_sha256 for c in certificates]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def assemble_ceremony(ceremony_id: int, *, wait_for_workers: bool = False) -> bool:
    """Put a ceremony's print PDF together: the stored certificates in order, then the receipt.

    Certificates still without a PDF are rendered here first, unless ``wait_for_workers``:
    then, while some are still in the workers' hands (not given up) and for at most
    ``MAX_WAIT``, nothing is done and False is returned, so that the caller comes back later
    instead of rendering them twice.
    The result is stored under the hash of its inputs, so the same ceremony assembled again
    reuses the file. Returns whether the ceremony has its PDF now.
    """
    ceremony = Ceremony.objects.select_related("agency", "cohort__program", "event").get(
        pk=ceremony_id
    )
    if ceremony.pdf:
        return True
    ids = list(ceremony.items.order_by("position").values_list("certificate_id", flat=True))
    rendering = Certificate.objects.filter(pk__in=ids, pdf="", render_failed_at__isnull=True)
    waited = timezone.now() - ceremony.created_at
    if wait_for_workers and waited < MAX_WAIT and rendering.exists():
        return False
    render_certificates(ids)
    by_id = Certificate.objects.in_bulk(ids)
    ordered = [by_id[pk] for pk in ids]
    receipt = documents.receipt_inputs(ceremony=ceremony, certificates=ordered)
    inputs_sha256 = ceremony_inputs_sha256(receipt=receipt, certificates=ordered)
    name = f"ceremonies/{ceremony.agency.code}/ceremony-{ceremony.pk}-{inputs_sha256[:16]}.pdf"
    existing = None
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            existing = handle.read()
    if existing is not None and _is_whole_pdf(existing):
        sha256 = hashlib.sha256(existing).hexdigest()
    else:
        if existing is not None:
            logger.warning("%s is cut short: assembling it again", name)
        parts = []
        for certificate in ordered:
            with certificate.pdf.open("rb") as handle:
                # The certificates' own signatures would break in the joined file.
                parts.append(signing.rendered_revision(handle.read()))
        parts.append(pdf.render_receipt(receipt))
        content = signing.get_signer().sign(pdf.concatenate(parts))
        sha256 = hashlib.sha256(content).hexdigest()
        name = _put(name, content, replace=existing is not None)
    Ceremony.objects.filter(pk=ceremony.pk, pdf="").update(
        pdf=name, pdf_sha256=sha256, inputs_sha256=inputs_sha256, render_failed_at=None
    )
    return True


def _failed(waiting, task_obj, *args) -> None:
    """Count a failed attempt on the ``waiting`` rows; enqueue ``task_obj`` again, after a pause
    where the backend can wait, or give up and mark them failed after the last attempt."""
    attempt = args[-1]
    waiting.update(render_attempts=F("render_attempts") + 1)
    if attempt >= settings.CERTIFICATE_RENDER_ATTEMPTS:
        waiting.update(render_failed_at=timezone.now())
    elif default_task_backend.supports_defer:
        delay = timedelta(seconds=RETRY_DELAY_SECONDS * attempt)
        task_obj.using(run_after=timezone.now() + delay).enqueue(*args[:-1], attempt + 1)
    else:
        task_obj.enqueue(*args[:-1], attempt + 1)


@task()
def render_certificates_task(certificate_ids: list[int], attempt: int = 1) -> int:
    """Render a chunk of certificates; on failure, isolate the culprit and try again later."""
    try:
        return render_certificates(certificate_ids)
    except Exception:
        logger.exception("Rendering certificates %s failed (attempt %s)", certificate_ids, attempt)
        if len(certificate_ids) > 1:
            # One bad certificate must not hold back the others: each alone, same attempt.
            for certificate_id in certificate_ids:
                render_certificates_task.enqueue([certificate_id], attempt)
            return 0
        waiting = Certificate.objects.filter(pk__in=certificate_ids, pdf="")
        _failed(waiting, render_certificates_task, certificate_ids, attempt)
        raise


@task()
def assemble_ceremony_task(ceremony_id: int, attempt: int = 1) -> bool:
    """Assemble a ceremony's print PDF; on failure, try again later, then wait for a person."""
    try:
        ready = assemble_ceremony(ceremony_id, wait_for_workers=default_task_backend.supports_defer)
        if not ready:  # its certificates are still being rendered: look again shortly
            assemble_ceremony_task.using(
                run_after=timezone.now() + timedelta(seconds=WAIT_SECONDS)
            ).enqueue(ceremony_id, attempt)
        return ready
    except Exception:
        logger.exception("Assembling ceremony %s failed (attempt %s)", ceremony_id, attempt)
        _failed(
            Ceremony.objects.filter(pk=ceremony_id, pdf=""),
            assemble_ceremony_task,
            ceremony_id,
            attempt,
        )
        raise


def schedule_certificates(certificate_ids: list[int]) -> None:
    """Once the current transaction commits, enqueue these certificates' rendering in chunks."""
    ids = list(certificate_ids)
    size = max(1, settings.CERTIFICATE_RENDER_CHUNK)

    def enqueue() -> None:
        for start in range(0, len(ids), size):
            render_certificates_task.enqueue(ids[start : start + size])

    if ids:
        transaction.on_commit(enqueue)


def schedule_ceremony(ceremony_id: int) -> None:
    """Once the current transaction commits, enqueue the assembly of a ceremony's PDF."""
    transaction.on_commit(lambda: assemble_ceremony_task.enqueue(ceremony_id))


@transaction.atomic
def retry_rendering(*, actor: User, cohort: Cohort) -> int:
    """Try again the PDFs of a cohort's certificates and ceremonies whose rendering gave up.

    Returns how many certificates were sent back to the workers; audited.
    """
    waiting = Certificate.objects.filter(enrollment__cohort=cohort, pdf="")
    ids = list(waiting.values_list("pk", flat=True))
    waiting.update(render_failed_at=None, render_attempts=0)
    schedule_certificates(ids)
    ceremonies = list(
        Ceremony.objects.filter(items__certificate__enrollment__cohort=cohort, pdf="")
        .values_list("pk", flat=True)
        .distinct()
    )
    Ceremony.objects.filter(pk__in=ceremonies).update(render_failed_at=None, render_attempts=0)
    for ceremony_id in ceremonies:
        schedule_ceremony(ceremony_id)
    audit_log(
        action="certificate.render_retried",
        actor=actor,
        obj=cohort,
        data={"certificates": len(ids), "ceremonies": len(ceremonies)},
    )
    return len(ids)


def render_everything_pending() -> tuple[int, int]:
    """Render, here and now, every certificate and ceremony PDF not stored yet.

    For ``seed_demo`` and ``manage.py render_pending``: no worker needed. Returns the numbers
    of certificates and ceremonies stored.
    """
    ids = list(Certificate.objects.filter(pdf="").values_list("pk", flat=True))
    size = max(1, settings.CERTIFICATE_RENDER_CHUNK)
    stored = sum(render_certificates(ids[i : i + size]) for i in range(0, len(ids), size))
    ceremonies = list(Ceremony.objects.filter(pdf="").values_list("pk", flat=True))
    for ceremony_id in ceremonies:
        assemble_ceremony(ceremony_id)
    return stored, len(ceremonies)


@transaction.atomic
def retry_ceremony(*, actor: User, ceremony: Ceremony) -> None:
    """Try again a ceremony's print PDF (and its certificates' PDFs) after it gave up; audited."""
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    ids = list(ceremony.items.filter(certificate__pdf="").values_list("certificate_id", flat=True))
    Certificate.objects.filter(pk__in=ids).update(render_failed_at=None, render_attempts=0)
    Ceremony.objects.filter(pk=ceremony.pk, pdf="").update(render_failed_at=None, render_attempts=0)
    schedule_ceremony(ceremony.pk)
    audit_log(
        action="ceremony.render_retried",
        actor=actor,
        obj=ceremony,
        data={"certificates": len(ids)},
    )
