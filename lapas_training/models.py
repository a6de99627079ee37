"""Cross-cutting models: user accounts with their role, training fields, and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator sistem")
    LAPAS_OPERATOR = "lapas_operator", _("Operator Lapas")
    LAPAS_HEAD = "lapas_head", _("Kepala Lapas")
    AGENCY_ADMIN = "agency_admin", _("Admin instansi mitra")
    INSTRUCTOR = "instructor", _("Instruktur")
    KANWIL = "kanwil", _("Kanwil Ditjenpas (baca saja)")
    PK_OFFICER = "pk_officer", _("Pembimbing Kemasyarakatan (Bapas)")


FACILITY_ROLES = frozenset({Role.LAPAS_OPERATOR, Role.LAPAS_HEAD})
AGENCY_ROLES = frozenset({Role.AGENCY_ADMIN, Role.INSTRUCTOR})
# The regional office reads aggregate figures of every facility in its province, nothing else.
REGIONAL_ROLES = frozenset({Role.KANWIL})
# A Bapas officer follows the released graduates assigned to his Bapas, nothing else.
BAPAS_ROLES = frozenset({Role.PK_OFFICER})


class User(AbstractUser):
    """A person who logs in; the role says what they may see and do."""

    full_name = models.CharField(_("nama lengkap"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    job_title = models.CharField(_("jabatan"), max_length=150, blank=True)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    facility = models.ForeignKey(
        "inmates.Facility",
        verbose_name=_("UPT"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    agency = models.ForeignKey(
        "programs.PartnerAgency",
        verbose_name=_("instansi mitra"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    province = models.CharField(
        _("provinsi"),
        max_length=100,
        blank=True,
        help_text=_("Untuk Kanwil: provinsi yang UPT-nya dapat dibaca angka-angkanya."),
    )
    bapas = models.ForeignKey(
        "followup.Bapas",
        verbose_name=_("Bapas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "full_name", "role"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="user_role_matches_affiliation",
                condition=(
                    Q(
                        role=Role.ADMIN,
                        facility__isnull=True,
                        agency__isnull=True,
                        province="",
                        bapas__isnull=True,
                    )
                    | Q(
                        role__in=[Role.LAPAS_OPERATOR, Role.LAPAS_HEAD],
                        facility__isnull=False,
                        agency__isnull=True,
                        province="",
                        bapas__isnull=True,
                    )
                    | Q(
                        role__in=[Role.AGENCY_ADMIN, Role.INSTRUCTOR],
                        facility__isnull=True,
                        agency__isnull=False,
                        province="",
                        bapas__isnull=True,
                    )
                    | (
                        Q(
                            role=Role.KANWIL,
                            facility__isnull=True,
                            agency__isnull=True,
                            bapas__isnull=True,
                        )
                        & ~Q(province="")
                    )
                    | Q(
                        role=Role.PK_OFFICER,
                        facility__isnull=True,
                        agency__isnull=True,
                        province="",
                        bapas__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="user_only_admins_are_staff",
                condition=Q(role=Role.ADMIN) | Q(is_staff=False, is_superuser=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.role in FACILITY_ROLES:
            if not self.facility_id:
                errors["facility"] = _("Peran ini wajib terikat pada satu UPT.")
            if self.agency_id:
                errors["agency"] = _("Petugas Lapas tidak terikat pada instansi mitra.")
        elif self.role in AGENCY_ROLES:
            if not self.agency_id:
                errors["agency"] = _("Peran ini wajib terikat pada satu instansi mitra.")
            if self.facility_id:
                errors["facility"] = _("Pengguna instansi mitra tidak terikat pada UPT.")
        elif self.role == Role.ADMIN:
            if self.facility_id:
                errors["facility"] = _("Administrator sistem tidak terikat pada UPT.")
            if self.agency_id:
                errors["agency"] = _("Administrator sistem tidak terikat pada instansi mitra.")
        elif self.role in REGIONAL_ROLES:
            if not self.province.strip():
                errors["province"] = _("Kanwil wajib terikat pada satu provinsi.")
            if self.facility_id:
                errors["facility"] = _("Kanwil tidak terikat pada satu UPT.")
            if self.agency_id:
                errors["agency"] = _("Kanwil tidak terikat pada instansi mitra.")
        elif self.role in BAPAS_ROLES:
            if not self.bapas_id:
                errors["bapas"] = _("Pembimbing Kemasyarakatan wajib terikat pada satu Bapas.")
            if self.facility_id:
                errors["facility"] = _("Petugas Bapas tidak terikat pada UPT.")
            if self.agency_id:
                errors["agency"] = _("Petugas Bapas tidak terikat pada instansi mitra.")
        if self.role not in BAPAS_ROLES and self.bapas_id:
            errors["bapas"] = _("Hanya Pembimbing Kemasyarakatan yang terikat pada Bapas.")
        if self.role not in REGIONAL_ROLES and self.province:
            errors["province"] = _("Hanya pengguna Kanwil yang terikat pada provinsi.")
        if self.role != Role.ADMIN and (self.is_staff or self.is_superuser):
            errors["role"] = _("Hanya administrator sistem yang boleh membuka halaman admin.")
        if errors:
            raise ValidationError(errors)

    def _get_session_auth_hash(self, secret=None):
        """Sign sessions with the password *and* the role and scope.

        Django ends every session of a user whose password changes; a changed role, facility,
        agency, province or active flag ends them too, so nobody keeps rights they lost.
        """
        scope = (
            f"{self.password}|{self.role}|{self.facility_id}|{self.agency_id}|{self.province}"
            f"|{self.bapas_id}"
        )
        return salted_hmac(
            "lapas_training.User.session_auth_hash",
            f"{scope}|{self.is_active}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_system_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_facility_staff(self) -> bool:
        return self.role in FACILITY_ROLES

    @property
    def is_agency_staff(self) -> bool:
        return self.role in AGENCY_ROLES


class TrainingField(models.Model):
    """A vocational field (welding, catfish farming, ...) of programs and inmates' interests."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bidang pelatihan")
        verbose_name_plural = _("bidang pelatihan")

    def __str__(self) -> str:
        return self.name


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One thing that happened, kept for ever; written only through ``audit_log``."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        # Accounts with a history are deactivated, never deleted.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=80, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    object_repr = models.CharField(_("objek"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # The facility whose affairs the event concerns: its head reads it in the audit log.
    facility = models.ForeignKey(
        "inmates.Facility",
        verbose_name=_("UPT"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=True,
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("log audit")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # A facility's events, newest first: the audit log viewer of its head.
            models.Index(fields=["facility", "-created_at", "-id"], name="audit_facility_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")
