"""Certificate pages, a module per concern."""
