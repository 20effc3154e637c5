"""Shared test settings."""

from hypothesis import settings

# Timing belongs in bench/, not in tests: no per-example deadline on a busy CI machine.
settings.register_profile("dejiden", deadline=None, print_blob=True)
settings.load_profile("dejiden")
