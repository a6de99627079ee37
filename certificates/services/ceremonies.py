"""Writes of handover ceremonies: plan one with its print PDF, record its printing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from certificates import selectors
from certificates.models import Ceremony, CeremonyCertificate
from certificates.services import rendering
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.models import User
from programs.models import Cohort, PartnerAgency, TrainingEvent


@transaction.atomic
def ceremony_create(
    *,
    actor: User,
    date: date,
    place: str,
    cohort: Cohort | None = None,
    event: TrainingEvent | None = None,
    agency: PartnerAgency | None = None,
    officials: str = "",
    order: list[int] | None = None,
) -> Ceremony:
    """Plan the handover of a cohort's valid certificates, or of an event's.

    Its print PDF is assembled by a task after the commit (``rendering.assemble_ceremony``).

    For an event, ``agency`` names whose certificates are handed over (each agency hands over
    its own). ``order`` lists certificate ids in handover order; by default, by the holders'
    names (for an event, by program first).
    """
    if (cohort is None) == (event is None):
        raise ValueError("A ceremony is of one cohort or of one event.")
    if cohort is not None:
        agency = cohort.agency
        if not rules.can_issue_certificates(actor, cohort):
            raise ValidationError(
                _("Hanya admin instansi penerbit yang dapat menyiapkan penyerahan.")
            )
        candidates = selectors.ceremony_candidates(cohort=cohort)
    else:
        allowed = selectors.event_ceremony_agencies(user=actor, event=event)
        if agency is None or agency not in allowed or not rules.can_hand_over_event(actor, event):
            raise ValidationError(
                _("Hanya admin instansi penyelenggara yang dapat menyiapkan penyerahan.")
            )
        candidates = selectors.event_ceremony_candidates(event=event, agency=agency)
    place = place.strip()
    if not place:
        raise ValidationError({"place": _("Tempat penyerahan wajib diisi.")})
    valid = {c.pk: c for c in candidates}
    if not valid:
        raise ValidationError(_("Belum ada sertifikat sah untuk diserahkan."))
    if order is None:
        order = list(valid)
    if sorted(order) != sorted(valid):
        raise ValidationError(
            {"order": _("Urutan penyerahan harus memuat setiap sertifikat sah tepat satu kali.")}
        )
    ceremony = Ceremony(
        cohort=cohort,
        event=event,
        agency=agency,
        date=date,
        place=place,
        officials=officials.strip(),
        created_by=actor,
    )
    ceremony.full_clean(exclude=["pdf"])
    ceremony.save()
    CeremonyCertificate.objects.bulk_create(
        CeremonyCertificate(ceremony=ceremony, certificate_id=pk, position=position)
        for position, pk in enumerate(order, start=1)
    )
    rendering.schedule_ceremony(ceremony.pk)
    audit_log(
        action="ceremony.created",
        actor=actor,
        obj=ceremony,
        data={"certificates": len(order), "event": event.pk if event else None},
    )
    return ceremony


def record_ceremony_print(*, actor: User, ceremony: Ceremony) -> None:
    """Write the audit events of a ceremony's combined PDF being downloaded for printing."""
    audit_log(
        action="certificate.printed",
        actor=actor,
        obj=ceremony,
        data={
            "numbers": selectors.ceremony_numbers(ceremony=ceremony),
            "sha256": ceremony.pdf_sha256,
        },
    )
