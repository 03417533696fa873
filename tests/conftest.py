"""Shared fixtures: an isolated environment for every test, and the personas.

Personas: ``outsider`` (a visitor who is not logged in), ``member``, ``facilitator``,
``curator`` and ``staff``. Each ``*_client`` fixture is a test client logged in as that persona.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from baraza.compendium import default_criteria
from baraza.taxonomy import compendium_vocabularies, vocabularies
from tests.factories import MemberFactory
from tests.smtp import mailbox  # noqa: F401  (a real SMTP server on 127.0.0.1, for any test)


@pytest.fixture(autouse=True)
def _isolated_environment(settings, tmp_path):
    """Per-test cache (rate limits start from zero), media folder, plain static storage and the
    default language."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.WHITENOISE_USE_FINDERS = True
    # Background tasks run at once, in the test's thread, when the transaction commits.
    settings.BARAZA_TASKS = "inline"
    settings.BARAZA_MAIL_GROUP_SECONDS = 0
    settings.BARAZA_MAIL_DOMAIN = "baraza.test"
    settings.WHITENOISE_AUTOREFRESH = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A request leaves its language active in the thread; every test starts in the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request) -> None:
    """Put back what the migrations loaded (vocabularies, the role groups) for tests that run
    outside a transaction (live server, background threads, Celery workers): the database is
    flushed after each of them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("live_server", "transactional_db")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    for loader in (vocabularies, compendium_vocabularies):
        loader.load(lambda name: apps.get_model("taxonomy", name))
    for name in ("facilitators", "curators"):
        Group.objects.get_or_create(name=name)
    default_criteria.load(lambda name: apps.get_model("compendium", name))


@pytest.fixture
def outsider() -> Client:
    return Client()


@pytest.fixture
def member(db):
    return MemberFactory(display_name="Aminata Member", country="SN")


@pytest.fixture
def facilitator(db):
    return MemberFactory(display_name="Joseph Facilitator", groups=["facilitators"])


@pytest.fixture
def curator(db):
    return MemberFactory(display_name="Claire Curator", country="MG", groups=["curators"])


@pytest.fixture
def staff(db):
    user = MemberFactory(display_name="Priya Staff", country="IN")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(member) -> Client:
    return _client_for(member)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return _client_for(facilitator)


@pytest.fixture
def staff_client(staff) -> Client:
    return _client_for(staff)


@pytest.fixture
def request_log(caplog, monkeypatch):
    """The structured request-log records of this test.

    The ``baraza`` logger doesn't propagate to the root logger, where pytest listens; it does
    during the test. Depending on the pytest version a record can reach the capture handler
    twice, so the records are de-duplicated (they are the same objects).
    """
    monkeypatch.setattr(logging.getLogger("baraza"), "propagate", True)
    caplog.set_level(logging.INFO, logger="baraza.request")
    return lambda: list(dict.fromkeys(r for r in caplog.records if r.name == "baraza.request"))
