"""The site works with JavaScript turned off, as on a basic phone or a locked-down computer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import new_context
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def page_without_javascript(browser: Browser):
    context = new_context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_a_member_logs_in_and_reaches_their_account_without_javascript(
    page_without_javascript, site
):
    member = MemberFactory(email="kofi.mensah@example.org", display_name="Kofi Mensah")
    page = page_without_javascript
    page.goto(site("/en/"))

    page.get_by_role("banner").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    header = page.get_by_role("banner")
    expect(header.get_by_role("button", name="Log out")).to_be_visible()
    header.get_by_role("link", name="My account").click()
    expect(page).to_have_url(site("/en/me/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_role("main")).to_contain_text(
        "You are logged in as Kofi Mensah (kofi.mensah@example.org)."
    )
