"""A newcomer's first visit, in a real browser: from the home page to a public profile, in both
languages, and back again after logging out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import translated
from tests.smtp import body_of, first_link_in

pytestmark = pytest.mark.e2e

EMAIL = "wanjiru.kamau@example.org"
PASSWORD = "Maji-safi-kwa-wote-2026"
NAME = "Wanjiru Kamau"


def in_french(text: str) -> str:
    return translated(text, "fr")


def test_a_newcomer_signs_up_verifies_completes_a_profile_and_comes_back(page: Page, site, mailbox):
    # The home page, in English for an English-speaking browser.
    page.goto(site("/"))
    expect(page).to_have_url(site("/en/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A meeting place for community health"
    )

    # Signing up asks for the essentials only.
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(site("/en/accounts/signup/"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Display name").fill(NAME)
    page.get_by_label("Country").select_option(label="Kenya")
    page.get_by_label("Preferred language").select_option(label="English")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(site("/en/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    # The verification email arrives over SMTP, in English, with a link back to the site.
    message = mailbox.wait_for_message(to=EMAIL)
    assert message["Subject"].startswith("[Baraza] ")
    assert body_of(message).startswith("Hello from Baraza,")
    link = first_link_in(message)
    assert link.startswith(site("/en/accounts/confirm-email/"))

    # Following the link and confirming logs the newcomer in, on their profile form.
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(site("/en/me/profile/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit my profile")
    expect(page.get_by_role("status")).to_contain_text(f"You have confirmed {EMAIL}")
    expect(page.get_by_role("status")).to_contain_text(
        "Welcome to Baraza! Tell other members a little about yourself."
    )
    expect(page.get_by_label("Display name")).to_have_value(NAME)
    expect(page.get_by_role("banner").get_by_role("link", name="My account")).to_be_visible()

    # Completing the profile and making it public.
    page.get_by_role("textbox", name="Organisation").fill("Kisumu Community Health Volunteers")
    page.get_by_label("I am mainly a").select_option(label="Community health worker")
    page.get_by_role("group", name="Themes of interest").get_by_label("Quality of services").check()
    page.get_by_role("textbox", name="Short bio").fill(
        "I train community health volunteers in Kisumu."
    )
    page.get_by_role("radio", name="Public: anyone can see my profile").check()
    page.get_by_role("button", name="Save my profile").click()

    # The saved profile, as others will see it.
    expect(page).to_have_url(re.compile(re.escape(site("/en/members/")) + r"\d+/$"))
    profile_path = page.url.removeprefix(site("/en/"))
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Community health worker, Kisumu Community Health Volunteers")
    expect(main).to_contain_text("I train community health volunteers in Kisumu.")
    expect(main).to_contain_text("Quality of services")
    expect(main).to_contain_text("Your profile is public")

    # The language switch in the header shows the same page in French.
    header = page.get_by_role("banner")
    header.get_by_role("button", name="Français").click()
    expect(page).to_have_url(site(f"/fr/{profile_path}"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_role("main")).to_contain_text(
        in_french("Your profile is public: anyone can see this page.")
    )
    assert in_french("Log out") != "Log out"
    expect(header.get_by_role("button", name=in_french("Log out"))).to_be_visible()
    expect(header.get_by_role("button", name="English")).to_be_visible()

    # Logging out (a form button, not a link).
    header.get_by_role("button", name=in_french("Log out")).click()
    expect(page.get_by_role("status")).to_contain_text(in_french("You have signed out."))
    expect(header.get_by_role("link", name=in_french("Log in"))).to_be_visible()
    expect(header.get_by_role("link", name=in_french("My account"))).to_have_count(0)

    # Logging back in with the same address and password; the site returns to the member's
    # preferred language, English.
    header.get_by_role("link", name=in_french("Log in")).click()
    page.get_by_label(in_french("Email")).fill(EMAIL)
    page.get_by_label(in_french("Password")).fill(PASSWORD)
    page.get_by_role("button", name=in_french("Sign In")).click()
    expect(page).to_have_url(site("/en/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("banner").get_by_role("link", name="My account")).to_be_visible()
