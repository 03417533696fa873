"""Personas for the compendium: a submitter, a curator (from tests/conftest.py), reviewers."""

from __future__ import annotations

import pytest

from tests.factories import MemberFactory


@pytest.fixture
def submitter(db):
    return MemberFactory(display_name="Sara Submitter", country="SN", language="fr")


@pytest.fixture
def reviewers(db):
    return [
        MemberFactory(display_name="Rita Reviewer", country="GH"),
        MemberFactory(display_name="Rob Reviewer", country="NG"),
        MemberFactory(display_name="Remi Reviewer", country="CM", language="fr"),
    ]
