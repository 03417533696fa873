"""A community with its own facilitator; the data builders are in builders.py."""

from __future__ import annotations

import pytest

from tests.factories import CommunityFactory, MemberFactory


@pytest.fixture
def leader(db):
    """The community's own facilitator (not a site-wide one)."""
    return MemberFactory(display_name="Fatou Leader", country="SN")


@pytest.fixture
def community(leader):
    return CommunityFactory(slug="chw", facilitators=[leader])
