"""Visitors arrive in the language their browser asks for."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import new_context, translated

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("browser_locale", "language"),
    [pytest.param("fr-FR", "fr", id="french"), pytest.param("en-US", "en", id="english")],
)
def test_the_home_address_opens_the_site_in_the_browsers_language(
    browser: Browser, site, browser_locale, language
):
    context = new_context(browser, locale=browser_locale)
    page = context.new_page()
    try:
        response = page.goto(site("/"))
        assert response.ok
        expect(page).to_have_url(site(f"/{language}/"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        log_in = translated("Log in", language)
        expect(page.get_by_role("banner").get_by_role("link", name=log_in)).to_be_visible()
    finally:
        context.close()
