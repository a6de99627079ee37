"""Pas foto 3x4 of an inmate: taken or uploaded by facility staff, kept as a small clean JPEG.

Re-encoding keeps only the pixels: EXIF (camera, place, time) and anything hidden in the file
is dropped, and a file that is not a real image is refused.
"""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from inmates.models import Inmate
from lapas_training.audit import audit_log
from lapas_training.models import User

MAX_PHOTO_BYTES = 8 * 1024 * 1024  # a phone camera's picture
MAX_SOURCE_PIXELS = 50_000_000
PHOTO_SIZE = (450, 600)  # 3x4 at 150 dpi, enough for 30 x 40 mm on paper
ACCEPTED = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: a phone's JPEG with a second frame


def reencode_photo(upload) -> bytes:
    """Return an uploaded picture as a 3x4 JPEG of 450 x 600 px with no metadata."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"photo": _("Foto terlalu besar (maksimal 8 MB).")})
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED:
                raise ValidationError({"photo": _("Foto harus berkas JPEG, PNG atau WEBP.")})
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise ValidationError({"photo": _("Ukuran gambar foto terlalu besar.")})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # upright as taken, then the EXIF goes
            image = ImageOps.fit(image.convert("RGB"), PHOTO_SIZE, centering=(0.5, 0.4))
            image.info = {}  # no comment, profile or anything else rides along
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({"photo": _("Berkas ini bukan gambar yang valid.")}) from exc
    return out.getvalue()


@transaction.atomic
def inmate_photo_set(*, actor: User, inmate: Inmate, upload) -> Inmate:
    """Store an inmate's pas foto (replacing any earlier one), re-encoded."""
    jpeg = reencode_photo(upload)
    inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
    old = inmate.photo.name if inmate.photo else ""
    digest = hashlib.sha256(jpeg).hexdigest()
    inmate.photo.save(f"{inmate.pk}-{digest[:12]}.jpg", ContentFile(jpeg), save=False)
    inmate.save(update_fields=["photo"])
    if old:
        transaction.on_commit(lambda: inmate.photo.storage.delete(old))
    audit_log(action="inmate.photo_changed", actor=actor, obj=inmate, data={"sha256": digest})
    return inmate


@transaction.atomic
def inmate_photo_remove(*, actor: User, inmate: Inmate) -> Inmate:
    """Remove an inmate's pas foto."""
    inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
    if inmate.photo:
        old = inmate.photo.name
        inmate.photo = ""
        inmate.save(update_fields=["photo"])
        transaction.on_commit(lambda: inmate.photo.storage.delete(old))
        audit_log(action="inmate.photo_removed", actor=actor, obj=inmate)
    return inmate


def photo_bytes(inmate: Inmate) -> bytes | None:
    """Return the stored pas foto, or None."""
    if not inmate.photo:
        return None
    with inmate.photo.open("rb") as handle:
        return handle.read()
