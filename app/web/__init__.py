"""The manual-fix web form (see routes.py)."""
