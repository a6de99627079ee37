"""Pages of cohorts, enrollment and teaching, a module per concern."""
