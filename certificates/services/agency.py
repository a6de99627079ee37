"""Writes of an agency's certificate settings: signatories, number format, logo."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from lapas_training.audit import audit_log
from lapas_training.changes import UNCHANGED, apply_changes, given
from lapas_training.models import User
from programs.models import PartnerAgency

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 600


@transaction.atomic
def agency_update_settings(
    *,
    actor: User,
    agency: PartnerAgency,
    address: str = UNCHANGED,
    city: str = UNCHANGED,
    head_name: str = UNCHANGED,
    head_title: str = UNCHANGED,
    head_nip: str = UNCHANGED,
    head_rank: str = UNCHANGED,
    second_signatory_name: str = UNCHANGED,
    second_signatory_title: str = UNCHANGED,
    second_signatory_nip: str = UNCHANGED,
    second_signatory_rank: str = UNCHANGED,
    letterhead: str = UNCHANGED,
    print_photo: bool = UNCHANGED,
    bilingual: bool = UNCHANGED,
    certificate_number_format: str = UNCHANGED,
    logo_file=None,
) -> PartnerAgency:
    """Change how an agency's certificates look: letterhead, signatories, photo, languages,
    number format, logo (re-encoded as a small PNG).

    Fields left ``UNCHANGED`` keep their value.
    """
    changes = given(
        address=address,
        city=city,
        head_name=head_name,
        head_title=head_title,
        head_nip=head_nip,
        head_rank=head_rank,
        second_signatory_name=second_signatory_name,
        second_signatory_title=second_signatory_title,
        second_signatory_nip=second_signatory_nip,
        second_signatory_rank=second_signatory_rank,
        letterhead=letterhead,
        print_photo=print_photo,
        bilingual=bilingual,
        certificate_number_format=certificate_number_format,
    )
    agency = PartnerAgency.objects.select_for_update().get(pk=agency.pk)
    changed = apply_changes(agency, changes)
    agency.full_clean(exclude=["logo"])
    if logo_file is not None:
        png = reencode_logo(logo_file)
        agency.logo.save(f"{agency.code}.png", ContentFile(png), save=False)
        changed["logo"] = {"sha256": hashlib.sha256(png).hexdigest()}
    if changed:
        agency.save()
        audit_log(action="agency.settings_changed", actor=actor, obj=agency, data=changed)
    return agency


def reencode_logo(upload) -> bytes:
    """Return an uploaded PNG or JPEG re-encoded as a PNG of at most 600 px a side.

    Re-encoding drops anything but pixels; a file that is not a real image is refused.
    """
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError({"logo": _("Logo terlalu besar (maksimal 2 MB).")})
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"PNG", "JPEG"}:
                raise ValidationError({"logo": _("Logo harus berkas PNG atau JPEG.")})
            if probe.width * probe.height > 40_000_000:
                raise ValidationError({"logo": _("Ukuran gambar logo terlalu besar.")})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((MAX_LOGO_PIXELS, MAX_LOGO_PIXELS))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            {"logo": _("Berkas ini bukan gambar PNG atau JPEG yang valid.")}
        ) from exc
    return out.getvalue()
