"""The compendium's whole curation loop in a real browser (issue 5's end-to-end proof).

A member submits a record in French; a curator requests changes and the member resubmits;
two reviewers score it blind and disagree; the curator settles it by discussion and decides;
the record is public with its label, its citation and version 1; a curator's edit publishes
version 2, whose diff the history shows.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from baraza.compendium.models import Experience, Label, Status
from tests.compendium.factories import words
from tests.e2e.conftest import log_in_as, new_context
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE_FR = "Dialogues communautaires pour la vaccination des enfants, Thiès"


def as_user(browser, user, site) -> tuple[BrowserContext, Page]:
    context = new_context(browser, locale="fr-FR" if user.language == "fr" else "en-GB")
    log_in_as(context, user, site("/"))
    return context, context.new_page()


def click_save(page: Page, name: str = "next") -> None:
    page.locator(f"button[name={name}]").click()


def score_all(page: Page, score: int, key_scores: dict[str, int] | None = None) -> None:
    """Fill the blind review form: every gate passes; every criterion gets ``score``."""
    key_scores = key_scores or {}
    page.locator("input[name=conflict][value=no]").check()
    page.get_by_role("button", name="Continue").click()
    for gate in page.locator("input[name^='gate-'][value=pass]").all():
        gate.check()
    for name in {n.get_attribute("name") for n in page.locator("input[name^='score-']").all()}:
        key = name.removeprefix("score-")
        page.locator(f"input[name='{name}'][value='{key_scores.get(key, score)}']").check()
    for box in page.locator("textarea[name^='justification-']").all():
        box.fill("D’après les faits décrits et l’ancre de la grille.")
    page.get_by_role("button", name="Hand in my review").click()


def test_a_french_submission_goes_through_review_to_version_2(browser, site):
    member = MemberFactory(display_name="Awa Diop", country="SN", language="fr")
    curator = MemberFactory(display_name="Claire Curator", groups=["curators"])
    rita = MemberFactory(display_name="Rita Reviewer", email="rita@example.org")
    rob = MemberFactory(display_name="Rob Reviewer", email="rob@example.org")

    # 1. A member submits a record in French, step by step.
    _member_context, page = as_user(browser, member, site)
    page.goto(site("/fr/compendium/submit/"))
    page.locator("#id_original_language").select_option("fr")
    page.locator("#id_title").fill(TITLE_FR)
    page.locator("#id_summary").fill(words(60))
    page.locator("#id_what_was_done").fill(words(50))
    page.locator("#id_outcomes").fill(words(30))
    click_save(page)
    experience = Experience.objects.get()
    expect(page).to_have_url(site(f"/fr/compendium/{experience.identifier}/edit/context/"))
    page.locator("#id_countries").select_option(["SN"])
    for name, value in (
        ("settings", "rural"),
        ("phases", "prevention"),
        ("health_areas", "immunization"),
        ("approaches", "community-dialogues"),
        ("engagement_level", "involve"),
    ):
        page.locator(f"input[name={name}][value='{value}']").check()
    page.locator("#id_start_year").fill("2019")
    page.locator("#id_ongoing").check()
    click_save(page)
    click_save(page)  # learning: nothing more for now
    page.locator("input[name=evidence_type][value='programme-monitoring']").check()
    page.locator("#id_evidence_description").fill("Registres de vaccination des postes de santé.")
    click_save(page)
    click_save(page)  # translation: later
    expect(page).to_have_url(site(f"/fr/compendium/{experience.identifier}/edit/submit/"))
    for name in ("consent_confirmed", "safeguarding_confirmed", "rights_confirmed"):
        page.locator(f"#id_{name}").check()
    click_save(page, "submit")
    expect(page).to_have_url(site(f"/fr/compendium/curation/{experience.identifier}/"))
    experience.refresh_from_db()
    assert experience.status == Status.SUBMITTED
    assert experience.original_language == "fr"

    # 2. The curator screens it and requests changes; the member edits and resubmits.
    _curator_context, desk = as_user(browser, curator, site)
    follow = site(f"/en/compendium/curation/{experience.identifier}/")
    desk.goto(follow)
    desk.get_by_role("button", name="Start screening").click()
    desk.locator("summary", has_text="Ask the submitter for changes").click()
    desk.locator("#changes-message").fill("Merci d’ajouter les résultats chiffrés.")
    desk.get_by_role("button", name="Send the request for changes").click()
    experience.refresh_from_db()
    assert experience.status == Status.CHANGES_REQUESTED

    page.goto(site(f"/fr/compendium/curation/{experience.identifier}/"))
    expect(page.locator("main")).to_contain_text("Merci d’ajouter les résultats chiffrés.")
    page.goto(site(f"/fr/compendium/{experience.identifier}/edit/about/"))
    page.locator("#id_outcomes").fill(words(30) + " La couverture est passée de 62 % à 88 %.")
    click_save(page, "save")
    page.goto(site(f"/fr/compendium/{experience.identifier}/edit/submit/"))
    click_save(page, "submit")
    experience.refresh_from_db()
    assert experience.status == Status.RESUBMITTED

    # 3. The curator assigns two reviewers.
    desk.goto(follow)
    desk.get_by_role("button", name="Start screening").click()
    desk.locator("#assign-emails").fill("rita@example.org, rob@example.org")
    desk.get_by_role("button", name="Assign and notify them").click()
    experience.refresh_from_db()
    assert experience.status == Status.IN_REVIEW

    # 4. The reviewers score it blind, and they disagree on effectiveness.
    rita_context, rita_page = as_user(browser, rita, site)
    rita_page.goto(site(f"/en/compendium/curation/{experience.identifier}/review/"))
    score_all(rita_page, 2)
    rob_context, rob_page = as_user(browser, rob, site)
    rob_page.goto(site(f"/en/compendium/curation/{experience.identifier}/review/"))
    expect(rob_page.locator("main")).not_to_contain_text("Rita Reviewer")
    score_all(rob_page, 2, {"effectiveness": 0})
    experience.refresh_from_db()
    assert experience.status == Status.RECONCILIATION

    # 5. The curator settles it by discussion; Rob revises his score; the curator decides.
    desk.goto(follow)
    desk.locator("input[name=mode][value=discussion]").check()
    desk.get_by_role("button", name="Start the reconciliation").click()
    rob_page.goto(site(f"/en/compendium/curation/{experience.identifier}/review/"))
    expect(rob_page.locator("main")).to_contain_text("Rita Reviewer")
    rob_page.locator("#discuss-body").fill("Rita’s reading of the coverage data convinces me.")
    rob_page.get_by_role("button", name="Add to the discussion").click()
    revise = rob_page.locator("form:has(button:text('Save my revised scores'))")
    revise.locator("input[name='score-effectiveness'][value='1']").check()
    rob_page.get_by_role("button", name="Save my revised scores").click()
    desk.goto(follow)
    expect(desk.locator("main")).to_contain_text("The published rule gives the label")
    desk.get_by_role("button", name="Publish with this label").click()
    experience.refresh_from_db()
    assert experience.status == Status.PUBLISHED
    assert experience.label == Label.PROMISING
    rita_context.close()
    rob_context.close()

    # 6. The record is public with its label, citation and version 1.
    reader = new_context(browser, locale="fr-FR").new_page()
    reader.goto(site(f"/fr/compendium/{experience.identifier}/"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE_FR)
    main = reader.locator("main")
    expect(main).to_contain_text(f"{experience.identifier} · version 1")
    expect(main.get_by_role("heading", name="Comment citer")).to_be_visible()
    expect(main).to_contain_text(f"{experience.identifier}, version 1.")
    expect(main.get_by_role("link", name="BibTeX")).to_have_attribute(
        "href", f"/fr/compendium/{experience.identifier}/cite.bib?version=1"
    )
    expect(main).to_contain_text("Pratique prometteuse")

    # 7. A curator's edit publishes version 2, and the history shows the diff.
    desk.goto(site(f"/en/compendium/{experience.identifier}/edit/about/"))
    desk.locator("#id_title").fill(TITLE_FR + " (2019–2024)")
    desk.locator("#id_change_note").fill("Période précisée dans le titre.")
    desk.get_by_role("button", name="Publish a new version").click()
    experience.refresh_from_db()
    assert experience.version_number == 2
    reader.goto(site(f"/fr/compendium/{experience.identifier}/history/"))
    history = reader.locator("main")
    expect(history).to_contain_text("Période précisée dans le titre.")
    expect(history.locator("ins").first).to_contain_text("(2019–2024)")
    reader.context.close()
    _member_context.close()
    _curator_context.close()
