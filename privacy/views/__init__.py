"""Privacy pages: the audit log, the data subject report, the privacy notice."""
