"""Test fixture: deliberately broken schulerfolg district plugins, one per module."""
