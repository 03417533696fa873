"""The member directory: visitors see public profiles; members see everyone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.e2e


def test_visitors_see_public_profiles_and_log_in_from_the_directory_to_see_everyone(
    page: Page, site
):
    MemberFactory(display_name="Fatou Sarr", country="SN", visibility="public")
    member = MemberFactory(display_name="Kofi Mensah", country="GH", visibility="members")

    page.goto(site("/en/members/"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="1 member")).to_be_visible()
    expect(main.get_by_role("link", name="Fatou Sarr")).to_be_visible()
    expect(main.get_by_role("link", name="Kofi Mensah")).to_have_count(0)

    main.get_by_role("link", name="Log in").click()
    expect(page).to_have_url(site("/en/accounts/login/?next=/en/members/"))
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Back on the directory, which now lists everyone.
    expect(page).to_have_url(site("/en/members/"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="2 members")).to_be_visible()
    expect(main.get_by_role("link", name="Fatou Sarr")).to_be_visible()
    expect(main.get_by_role("link", name="Kofi Mensah")).to_be_visible()
