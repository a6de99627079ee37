"""Backup and restore: one tar archive holding the database, the media files and a manifest."""

from operations.backup.archive import BackupError
from operations.backup.create import BackupResult, create_backup
from operations.backup.restore import RestorePlan, RestoreResult, prepared_restore, restore

__all__ = [
    "BackupError",
    "BackupResult",
    "RestorePlan",
    "RestoreResult",
    "create_backup",
    "prepared_restore",
    "restore",
]
