"""Which Chromium the browser tests drive, and what happens when there is none.

These tests exercise ``find_chromium`` with stand-in paths; they start no browser.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.e2e import conftest
from tests.e2e.conftest import find_chromium

pytestmark = pytest.mark.e2e


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A machine with no browser anywhere, until a test installs one."""
    monkeypatch.delenv("BARAZA_CHROMIUM", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest, "SYSTEM_CHROMIUM", tmp_path / "usr-bin-chromium")
    bundled = tmp_path / "ms-playwright" / "chrome"
    return SimpleNamespace(
        system=conftest.SYSTEM_CHROMIUM,
        bundled=bundled,
        playwright=SimpleNamespace(chromium=SimpleNamespace(executable_path=str(bundled))),
        tmp_path=tmp_path,
    )


def install(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    return path


def test_baraza_chromium_comes_first(machine, monkeypatch):
    install(machine.system)
    chosen = install(machine.tmp_path / "my-chromium")
    monkeypatch.setenv("BARAZA_CHROMIUM", str(chosen))
    assert find_chromium(machine.playwright) == str(chosen)


def test_a_baraza_chromium_that_does_not_exist_is_an_error_not_a_fallback(machine, monkeypatch):
    install(machine.system)
    monkeypatch.setenv("BARAZA_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match=r"BARAZA_CHROMIUM='/nonexistent/chromium'"):
        find_chromium(machine.playwright)


def test_debians_chromium_comes_before_playwrights_own(machine):
    install(machine.system)
    install(machine.bundled)
    assert find_chromium(machine.playwright) == str(machine.system)


def test_playwrights_own_chromium_is_the_last_resort(machine):
    install(machine.bundled)
    assert find_chromium(machine.playwright) == str(machine.bundled)


def test_without_a_browser_the_tests_are_skipped_loudly(machine):
    with pytest.raises(pytest.skip.Exception, match="NO BROWSER FOR THE E2E TESTS"):
        find_chromium(machine.playwright)


def test_without_a_browser_on_ci_the_tests_fail(machine, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"NO BROWSER FOR THE E2E TESTS.*CI=true"):
        find_chromium(machine.playwright)
