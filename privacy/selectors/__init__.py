"""Scoped reads of the privacy pages."""
