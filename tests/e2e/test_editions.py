"""Editions in a real browser (issue 6's end-to-end proof).

A curator releases edition 1, publishes an edit of one record, withdraws another and releases
edition 2. Edition 2's change log names both; every file of both editions downloads; a harvester
(the real ``sickle`` OAI-PMH client) sees the withdrawn record as deleted.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sickle import Sickle

from baraza.compendium.models import Experience
from baraza.editions import services as editions
from baraza.editions.models import BuildState, EditionFile
from baraza.editions.outputs import offline
from tests.e2e.conftest import log_in_as, new_context
from tests.editions.conftest import RECORDS, publish
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUILD_TIMEOUT_MS = 120_000  # the six files are built inline when the release commits


def release(page, site, number: str, notes: str) -> None:
    page.goto(site("/en/compendium/editions/release/"))
    page.locator("#id_number").fill(number)
    page.locator("#id_notes_en").fill(notes)
    page.get_by_role("button", name="Release this edition").click(timeout=BUILD_TIMEOUT_MS)
    expect(page).to_have_url(site(f"/en/compendium/editions/{number}/"), timeout=BUILD_TIMEOUT_MS)


def test_a_curator_releases_two_editions_and_a_harvester_sees_the_withdrawal(browser, site):
    curator = MemberFactory(display_name="Claire Curator", groups=["curators"])
    kenya, sierra_leone, haiti = (publish(curator, *row) for row in RECORDS)
    context = new_context(browser, locale="en-GB")
    log_in_as(context, curator, site("/"))
    page = context.new_page()

    # 1. Edition 1.
    release(page, site, "2026.1", "The first three records.")
    main = page.locator("main")
    expect(main).to_contain_text("3 records added")
    expect(main).to_contain_text("Cite this edition")

    # 2. An edit publishes version 2 of one record; another record is withdrawn.
    page.goto(site(f"/en/compendium/{kenya.identifier}/edit/about/"))
    page.locator("#id_title").fill(f"{kenya.title_en} (2019–2021)")
    page.locator("#id_change_note").fill("Period added to the title.")
    page.get_by_role("button", name="Publish a new version").click()
    page.goto(site(f"/en/compendium/curation/{sierra_leone.identifier}/"))
    page.get_by_text("Withdraw the record").click()
    page.locator("#withdraw-reason").fill("The community asked for it to be taken down.")
    page.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.locator("main")).to_contain_text("Withdrawn")

    # 3. Edition 2, and its change log.
    release(page, site, "2026.2", "One record updated, one withdrawn.")
    changes = page.locator("section[aria-labelledby=changes-heading]")
    expect(changes).to_contain_text("Changes since edition 2026.1")
    expect(changes).to_contain_text(f"1 record updated: {kenya.identifier}")
    expect(changes).to_contain_text(f"1 record withdrawn: {sierra_leone.identifier}")
    expect(changes).to_contain_text("0 records added")

    # Edition 1 is unchanged, and marks the record withdrawn since.
    page.goto(site("/en/compendium/editions/2026.1/"))
    expect(page.locator("main")).to_contain_text("withdrawn since")
    expect(page.locator("main")).to_contain_text(f"{kenya.identifier}.v1")

    # 4. Every file of both editions is ready and downloads, as its checksum says.
    outputs = list(EditionFile.objects.select_related("edition"))
    assert len(outputs) == 12
    for output in outputs:
        assert output.state == BuildState.READY, (output, output.error)
        page.goto(site(f"/en/compendium/editions/{output.edition.number}/"))
        with page.expect_download() as download:
            page.locator(f"a[href$='/files/{output.filename}']").click()
        body = Path(download.value.path()).read_bytes()
        assert hashlib.sha256(body).hexdigest() == output.sha256, output.filename

    # 5. A harvester sees the withdrawal as a deletion.
    harvester = Sickle(site("/oai"))
    headers = {
        h.identifier.rsplit(":", 1)[-1]: h.deleted
        for h in harvester.ListIdentifiers(metadataPrefix="oai_dc")
    }
    assert headers == {
        kenya.identifier: False,
        sierra_leone.identifier: True,
        haiti.identifier: False,
    }
    assert Experience.objects.get(pk=sierra_leone.pk).status == "withdrawn"


def test_the_offline_website_searches_from_file_without_a_server(browser, tmp_path):
    """Unzipped and opened from file://, the French index finds records whatever the accents,
    the case or the ligatures typed (œ as oe), and says when nothing matches."""
    curator = MemberFactory(display_name="Claire Curator", groups=["curators"])
    for row in RECORDS:
        publish(curator, *row)
    publish(curator, "Le cœur du village: comités de santé, Sénégal", "SN")
    edition = editions.release(actor=curator, number="2026.1", notes_en="First edition.")
    out = io.BytesIO()
    offline.build(edition, "", out, lambda percent: None)
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path)

    page = new_context(browser, locale="fr-FR").new_page()
    page.goto((tmp_path / "fr" / "index.html").as_uri())
    search = page.locator("#search-query")
    search.fill("COEUR senegal")
    expect(page.locator("#search-results li")).to_have_count(1)
    expect(page.locator("#search-results")).to_contain_text("Le cœur du village")
    search.fill("ebola")
    expect(page.locator("#search-results li")).to_have_count(1)
    search.fill("zzzz")
    expect(page.locator("#search-status")).to_have_text("Aucune fiche ne correspond.")
    search.fill("coeur")
    page.locator("#search-results a").first.click()
    expect(page.locator("h1")).to_contain_text("Le cœur du village")
