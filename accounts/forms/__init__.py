"""Account forms."""
