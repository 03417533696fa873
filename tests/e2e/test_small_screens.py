"""Usable from 320 px wide: nothing on the main pages forces sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import new_context
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e

PAGES = ["/en/", "/fr/", "/fr/members/", "/en/accounts/signup/", "/fr/accounts/login/"]


def test_main_pages_fit_a_320_pixel_screen(browser: Browser, site):
    person = MemberFactory(
        display_name="Wolfeschlegelsteinhausenbergerdorffvoralternwaren",
        country="CD",
        visibility="public",
    )
    context = new_context(browser, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for path in [*PAGES, f"/fr/members/{person.pk}/"]:
            page.goto(site(path))
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} is {overflow}px wider than a 320px screen"
    finally:
        context.close()
