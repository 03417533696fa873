"""Fixtures for the library tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def media(settings):
    """The per-test media folder (see tests/conftest.py), to look at what was stored."""
    return settings.MEDIA_ROOT
