"""How audit events read in the viewer: Indonesian names of actions and objects, plain details."""

import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The main actions; any other shows its code.
ACTION_LABELS = {
    "inmate.created": _("WBP ditambahkan"),
    "inmate.updated": _("Data WBP diubah"),
    "inmate.released": _("WBP dicatat bebas"),
    "inmate.transferred": _("WBP dipindahkan"),
    "inmate.photo_changed": _("Foto WBP diganti"),
    "inmate.photo_removed": _("Foto WBP dihapus"),
    "inmate.viewed": _("Data pribadi WBP dibuka"),
    "inmate.subject_report_produced": _("Laporan data pribadi dibuat"),
    "inmate.personal_data_reduced": _("Data pribadi WBP dihapus (retensi)"),
    "inmate_import.uploaded": _("Berkas register diunggah"),
    "inmate_import.applied": _("Impor register diterapkan"),
    "inmate_import.discarded": _("Impor register dibatalkan"),
    "training_target.set": _("Target pelatihan ditetapkan"),
    "cohort.created": _("Angkatan dibuat"),
    "cohort.updated": _("Angkatan diubah"),
    "cohort.running": _("Angkatan dimulai"),
    "cohort.cancelled": _("Angkatan dibatalkan"),
    "cohort.closed": _("Angkatan ditutup"),
    "cohort.reopened": _("Angkatan dibuka kembali"),
    "event.created": _("Kegiatan dibuat"),
    "event.updated": _("Kegiatan diubah"),
    "session.created": _("Sesi ditambahkan"),
    "session.generated": _("Jadwal sesi dibuat"),
    "session.deleted": _("Sesi dihapus"),
    "session.not_held": _("Sesi dicatat tidak terlaksana"),
    "session.not_held_cleared": _("Catatan sesi tidak terlaksana dihapus"),
    "enrollment.created": _("WBP didaftarkan ke angkatan"),
    "enrollment.warning_overridden": _("Peringatan pendaftaran dilewati"),
    "enrollment.withdrawn": _("Peserta mengundurkan diri"),
    "attendance.recorded": _("Presensi dicatat"),
    "attendance.changed": _("Presensi diubah"),
    "assessment.recorded": _("Penilaian dicatat"),
    "certificate.issued": _("Sertifikat diterbitkan"),
    "certificate.printed": _("Sertifikat dicetak"),
    "certificate.downloaded": _("Sertifikat diunduh"),
    "certificate.revoked": _("Sertifikat dicabut"),
    "certificate.superseded": _("Sertifikat diganti"),
    "certificate.hours_decided": _("Keputusan JP sertifikat"),
    "ceremony.created": _("Penyerahan sertifikat dijadwalkan"),
    "competency_test.created": _("Uji kompetensi dibuat"),
    "competency_test.results_recorded": _("Hasil uji kompetensi dicatat"),
    "competency_test.assessees_exported": _("Daftar asesi diunduh"),
    "report.monthly_printed": _("Laporan bulanan dicetak"),
    "report.monthly_exported": _("Laporan bulanan diunduh"),
    "report.participants_exported": _("Daftar peserta diunduh"),
    "report.certificates_exported": _("Register sertifikat diunduh"),
    "report.cohort_participants_exported": _("Daftar peserta angkatan diunduh"),
    "report.cohort_attendance_exported": _("Rekap presensi angkatan diunduh"),
    "report.report_cards_printed": _("Rapor dicetak"),
    "audit_log.exported": _("Log audit diunduh"),
    "account.user_created": _("Akun dibuat"),
    "account.user_changed": _("Akun diubah"),
    "account.user_deactivated": _("Akun dinonaktifkan"),
    "account.user_reactivated": _("Akun diaktifkan kembali"),
    "account.password_changed": _("Kata sandi diganti"),
    "account.second_factor_enabled": _("Verifikasi dua langkah diaktifkan"),
    "account.second_factor_reset": _("Verifikasi dua langkah direset"),
    "account.second_factor_failed": _("Kode verifikasi dua langkah salah"),
    "account.second_factor_disabled": _("Verifikasi dua langkah dimatikan"),
    "account.recovery_code_used": _("Masuk dengan kode pemulihan"),
    "account.recovery_codes_renewed": _("Kode pemulihan dibuat baru"),
    "account.session_ended": _("Satu sesi dikeluarkan"),
    "account.sessions_ended": _("Sesi lain dikeluarkan"),
    "account.invitation_issued": _("Tautan undangan dibuat"),
    "account.invitation_used": _("Tautan undangan dipakai"),
    "agency.settings_changed": _("Pengaturan sertifikat instansi diubah"),
    "certificate.render_retried": _("Pembuatan PDF sertifikat diulang"),
    "ceremony.render_retried": _("Pembuatan PDF penyerahan diulang"),
    "competency_test.sheet_uploaded": _("Lembar hasil uji kompetensi diunggah"),
    "competency_test.sheet_applied": _("Lembar hasil uji kompetensi diterapkan"),
    "bnsp_certificate.recorded": _("Sertifikat BNSP dicatat"),
    "standardunit.imported": _("Unit kompetensi SKKNI diimpor"),
    "operations.backup_created": _("Cadangan data dibuat"),
    "operations.restored": _("Data dipulihkan dari cadangan"),
    "followup.plan_created": _("Rencana tindak lanjut setelah bebas dibuat"),
    "followup.plan_assigned": _("Rencana tindak lanjut diserahkan ke Bapas/PK"),
    "followup.consent_recorded": _("Persetujuan tindak lanjut dicatat"),
    "followup.checkin_recorded": _("Kontak tindak lanjut dicatat"),
    "followup.checkin_corrected": _("Kontak tindak lanjut dikoreksi"),
    "followup.plans_anonymised": _("Rencana tindak lanjut dianonimkan (retensi)"),
}

OBJECT_LABELS = {
    "inmates.facility": _("UPT"),
    "inmates.inmate": _("WBP"),
    "inmates.inmateimport": _("Impor register"),
    "inmates.trainingtarget": _("Target pelatihan"),
    "lapas_training.user": _("Pengguna"),
    "programs.cohort": _("Angkatan"),
    "programs.trainingevent": _("Kegiatan"),
    "programs.session": _("Sesi"),
    "programs.enrollment": _("Peserta"),
    "programs.partneragency": _("Instansi mitra"),
    "certificates.certificate": _("Sertifikat"),
    "certificates.ceremony": _("Penyerahan"),
    "competency.competencytest": _("Uji kompetensi"),
    "followup.followupplan": _("Rencana tindak lanjut"),
    "followup.checkin": _("Kontak tindak lanjut"),
    "followup.bapas": _("Bapas"),
    # One program (the app's name, the same words, is plural in English).
    "programs.program": pgettext_lazy("audit log object", "Program pelatihan"),
    "programs.standardunit": _("Unit kompetensi SKKNI"),
    "lapas_training.trainingfield": _("Bidang pelatihan"),
}

# What the Django admin site did (lapas_training.admin_mixins.AuditedAdmin writes
# "<model>.<verb>_in_admin").
ADMIN_VERBS = {
    "created_in_admin": _("dibuat di Administrasi"),
    "changed_in_admin": _("diubah di Administrasi"),
    "deleted_in_admin": _("dihapus di Administrasi"),
}

INMATE_TYPE = "inmates.inmate"


def action_label(code: str) -> str:
    """Return the Indonesian name of an action code, or the code itself."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    model, _dot, verb = code.partition(".")
    things = {key.partition(".")[2]: label for key, label in OBJECT_LABELS.items()}
    if verb in ADMIN_VERBS and model in things:
        return f"{things[model]} {ADMIN_VERBS[verb]}"
    return code


def object_label(object_type: str) -> str:
    """Return the Indonesian name of an object type, or the type itself."""
    return str(OBJECT_LABELS.get(object_type, object_type))


def _plain(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        return f"{_plain(value['from'])} → {_plain(value['to'])}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if value is None:
        return "–"
    return str(value)


def detail_lines(data: Any) -> list[tuple[str, str]]:
    """Return an event's data as (key, value) text pairs in key order (PostgreSQL's jsonb keeps
    no order of its own), a change shown as "old → new"."""
    if not isinstance(data, dict):
        return [("data", _plain(data))] if data not in (None, "", []) else []
    return [
        (str(key), _plain(value)) for key, value in sorted(data.items(), key=lambda i: str(i[0]))
    ]


def detail_text(data: Any) -> str:
    """Return an event's data as one line of "key: value" pairs, for exports."""
    return "; ".join(f"{key}: {value}" for key, value in detail_lines(data))
