"""Real-browser fixtures: Chromium driven by Playwright against pytest-django's ``live_server``.

* The browser is found in this order: ``$BARAZA_CHROMIUM``, ``/usr/bin/chromium``, then
  Playwright's own bundled Chromium. Without one the tests are skipped, loudly, except on CI
  (``CI=true``), where a missing browser is a failure. A ``$BARAZA_CHROMIUM`` that does not exist
  is always a failure: somebody asked for that browser.
* Chromium is launched once for the e2e package (its own temporary profile), and every test gets
  a fresh browser context: no cookies, storage or cache carried over from another test.
* Outgoing email goes over real SMTP to an ``aiosmtpd`` server on 127.0.0.1 (``mailbox``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root, e.g. in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# Generous for a slow CI machine; a healthy run takes a fraction of this.
TIMEOUT_MS = 10_000


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


_skipped_for_lack_of_a_browser: list[str] = []


def _no_browser(reason: str) -> NoReturn:
    message = f"NO BROWSER FOR THE E2E TESTS: {reason}"
    if _on_ci():
        pytest.fail(f"{message} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(f"{message}. Install Debian's chromium or set BARAZA_CHROMIUM.")


def pytest_terminal_summary(terminalreporter) -> None:
    """Repeat the reason at the end of the run, where nobody can miss it."""
    for message in dict.fromkeys(_skipped_for_lack_of_a_browser):
        terminalreporter.section("browser tests skipped", sep="!", red=True, bold=True)
        terminalreporter.line(message, red=True, bold=True)


def find_chromium(playwright: Playwright) -> str:
    """The Chromium to drive, or skip (fail on CI) when there is none."""
    override = os.environ.get("BARAZA_CHROMIUM", "").strip()
    if override:
        if not Path(override).is_file():
            pytest.fail(
                f"BARAZA_CHROMIUM={override!r} does not exist or is not a file. "
                "Point it at a Chromium executable, or unset it to use /usr/bin/chromium "
                "or Playwright's bundled Chromium.",
                pytrace=False,
            )
        return override
    if SYSTEM_CHROMIUM.is_file():
        return str(SYSTEM_CHROMIUM)
    try:
        bundled = playwright.chromium.executable_path
    except Exception:  # Playwright raises if it knows no path for this platform
        bundled = ""
    if bundled and Path(bundled).is_file():
        return bundled
    _no_browser(
        f"BARAZA_CHROMIUM is not set, {SYSTEM_CHROMIUM} does not exist and Playwright's "
        f"bundled Chromium is not installed ({bundled or 'no path for this platform'})"
    )


# --- Django beside Playwright ---------------------------------------------------------------


@pytest.fixture(scope="package", autouse=True)
def _django_orm_beside_playwright() -> Iterator[None]:
    """Let the test thread use the ORM while Playwright's event loop runs in it.

    Playwright's sync API keeps an asyncio loop running in the test thread, so Django refuses
    ORM calls there (SynchronousOnlyOperation), including pytest-django's flush between tests.
    The test thread only touches the database while the browser waits, so this is safe. The
    variable is set for the e2e package only and removed after its last test's teardown.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def live_server(request, django_db_setup, tmp_path_factory) -> Iterator[LiveServer]:
    """pytest-django's live server, started for the e2e package once the test database exists.

    It replaces the session-wide fixture so that the server's middleware starts with the test
    static settings (WhiteNoise warns, and the suite turns warnings into errors, when it starts
    before the per-test settings, with a STATIC_ROOT that ``collectstatic`` never filled).
    """
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    static_root = tmp_path_factory.mktemp("e2e-static")
    with override_settings(
        STATIC_ROOT=static_root, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True
    ):
        server = LiveServer(address)
    yield server
    server.stop()


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        executable = find_chromium(playwright)
    except pytest.skip.Exception as skip:
        _skipped_for_lack_of_a_browser.append(skip.msg)
        raise
    chromium = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


def new_context(browser: Browser, **options) -> BrowserContext:
    """A fresh, isolated browser context (English unless ``locale`` says otherwise)."""
    options.setdefault("locale", "en-GB")
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def site(live_server):
    """Absolute addresses on the live server: ``site("/en/members/")``."""
    return lambda path="/": live_server.url + path


def translated(text: str, language: str) -> str:
    """What the site shows for ``text`` in ``language``, from the catalogues the site uses."""
    with translation.override(language):
        return translation.gettext(text)


def log_in_as(context: BrowserContext, user, base_url: str) -> None:
    """Give the browser a session for ``user`` without going through the login form."""
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base_url}])


# Email over real SMTP: the ``mailbox`` fixture lives in tests/conftest.py (tests/smtp.py).
