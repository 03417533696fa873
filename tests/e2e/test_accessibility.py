"""The main pages pass axe-core's checks: no "serious" or "critical" accessibility violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from baraza.taxonomy.models import Language, StakeholderType, Theme
from tests.e2e.conftest import log_in_as
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e

BLOCKING_IMPACTS = {"serious", "critical"}
AXE = Axe()

# (address, whether the visitor is logged in); "{member}" is a member with a public profile.
PAGES = [
    pytest.param("/en/", False, id="home-en"),
    pytest.param("/fr/", False, id="home-fr"),
    pytest.param("/en/accounts/signup/", False, id="signup"),
    pytest.param("/en/accounts/login/", False, id="login"),
    pytest.param("/en/accounts/password/reset/", False, id="password-reset"),
    pytest.param("/en/members/", False, id="member-directory"),
    pytest.param("/en/members/{member}/", False, id="member-profile"),
    pytest.param("/en/me/profile/", True, id="edit-profile"),
    pytest.param("/en/me/", True, id="my-account"),
    pytest.param("/en/no-such-page/", False, id="not-found"),
    pytest.param("/en/search/", False, id="search-empty"),
    pytest.param("/fr/search/?q=relais+communautaires", True, id="search-results"),
]


@pytest.fixture
def public_member():
    """A member whose public profile fills every section of the profile and directory pages."""
    member = MemberFactory(display_name="Fatou Sarr", country="SN", visibility="public")
    profile = member.profile
    profile.organisation = "Réseau des relais communautaires"
    profile.stakeholder_type = StakeholderType.objects.get(slug="community-health-worker")
    profile.level = "community"
    profile.bio = "Relais communautaire depuis 2015."
    profile.save()
    profile.themes.set(Theme.objects.order_by("position")[:2])
    profile.languages.set(Language.objects.filter(code__in=["fr", "wo"]))
    return member


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    at {' '.join(map(str, node['target']))}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize(("path", "logged_in"), PAGES)
def test_page_has_no_serious_accessibility_violations(
    path, logged_in, page: Page, site, public_member
):
    if logged_in:
        log_in_as(page.context, public_member, site())
    page.goto(site(path.format(member=public_member.pk)))

    violations = AXE.run(page).response["violations"]

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(f"Accessibility violations on {path}:\n{describe(blocking)}", pytrace=False)
