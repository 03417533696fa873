"""Writing an experience in steps, saving drafts, and submitting once the checks pass."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baraza.compendium.models import Experience, Status
from tests.compendium import factories
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def step_url(experience, step):
    return reverse("compendium:edit_step", args=[experience.identifier, step])


def about(**overrides):
    data = {
        "original_language": "fr",
        "title": "Dialogues communautaires sur la vaccination, Sénégal",
        "summary": factories.words(40),
        "what_was_done": factories.words(40),
        "outcomes": factories.words(20),
        "next": "",
    }
    data.update(overrides)
    return data


def test_step_one_creates_a_draft_in_the_writers_language(member_client, member):
    response = member_client.post(reverse("compendium:submit"), about())
    experience = Experience.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step_url(experience, "context")
    assert experience.status == Status.DRAFT
    assert experience.submitter == member
    assert experience.original_language == "fr"
    assert experience.title_fr == "Dialogues communautaires sur la vaccination, Sénégal"
    assert experience.title_en == ""
    assert experience.identifier.startswith("CE-")


def test_a_draft_without_a_title_is_not_created(member_client):
    response = member_client.post(reverse("compendium:submit"), about(title=""))
    assert response.status_code == 400
    assert Experience.objects.count() == 0
    assert "Give the experience a title" in response.content.decode()


def test_outsiders_are_sent_to_log_in(client):
    response = client.get(reverse("compendium:submit"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_each_step_saves_and_moves_on(member_client, member):
    experience = factories.draft(member)
    response = member_client.post(
        step_url(experience, "context"),
        {
            "countries": ["SN", "ML"],
            "settings": ["rural"],
            "phases": ["prevention"],
            "health_areas": ["immunization"],
            "approaches": ["community-dialogues"],
            "engagement_level": "involve",
            "start_year": "2018",
            "ongoing": "on",
            "next": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(experience, "learning")
    experience.refresh_from_db()
    assert sorted(c.code for c in experience.countries.all()) == ["ML", "SN"]
    assert experience.who_region == "AFR"
    assert experience.ongoing is True
    assert experience.end_year is None


def test_bad_values_are_explained_and_nothing_is_saved(member_client, member):
    experience = factories.draft(member)
    response = member_client.post(
        step_url(experience, "context"),
        {"start_year": "2020", "end_year": "2010", "cost_amount": "100", "cost_currency": "XYZ"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The end year is before the start year." in page
    assert "is not an ISO 4217 currency code" in page
    experience.refresh_from_db()
    assert (experience.start_year, experience.end_year) == (2019, 2021)


def test_references_and_a_doi_link(member_client, member):
    experience = factories.draft(member)
    response = member_client.post(
        step_url(experience, "evidence"),
        {
            "evidence_type": "before-after",
            "licence": "cc-by-4.0",
            "evidence_description": "A before-after survey in 12 villages.",
            "ref-TOTAL_FORMS": "2",
            "ref-INITIAL_FORMS": "0",
            "ref-0-title": "Engaging communities",
            "ref-0-doi": "https://doi.org/10.1136/bmjgh-2019-002145",
            "ref-0-year": "2020",
            "ref-1-title": "",
            "rel-TOTAL_FORMS": "1",
            "rel-INITIAL_FORMS": "0",
            "save": "",
        },
    )
    assert response.status_code == 302
    reference = experience.references.get()
    assert reference.doi == "10.1136/bmjgh-2019-002145"
    assert reference.link == "https://doi.org/10.1136/bmjgh-2019-002145"


def test_submitting_an_incomplete_record_lists_what_is_missing(member_client, member):
    experience = factories.draft(member, approaches=[], consent_confirmed=False)
    response = member_client.post(step_url(experience, "submit"), {"submit": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose at least one community engagement approach." in page
    assert "Confirm that the people and communities described agreed to be shared." in page
    assert step_url(experience, "context") in page
    experience.refresh_from_db()
    assert experience.status == Status.DRAFT


def test_a_record_without_reference_or_evidence_cannot_be_submitted(member_client, member):
    experience = factories.draft(member, references=[], evidence_description_en="")
    response = member_client.post(
        step_url(experience, "submit"),
        {
            "consent_confirmed": "on",
            "safeguarding_confirmed": "on",
            "rights_confirmed": "on",
            "submit": "",
        },
    )
    assert response.status_code == 400
    assert "Add at least one reference, or describe the evidence" in response.content.decode()


def test_a_complete_record_is_submitted(
    member_client, member, curator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = factories.draft(member, consent_confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            step_url(experience, "submit"),
            {
                "consent_confirmed": "on",
                "safeguarding_confirmed": "on",
                "rights_confirmed": "on",
                "submit": "",
            },
        )
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Status.SUBMITTED
    assert [m.to for m in mailoutbox] == [[curator.email]]
    assert experience.identifier in mailoutbox[0].subject


def test_a_submitted_record_is_no_longer_editable_by_its_submitter(member_client, member):
    experience = factories.submitted(member)
    response = member_client.post(step_url(experience, "about"), about())
    assert response.status_code == 403
    experience.refresh_from_db()
    assert experience.title_en == "Village health committees review clinic data, Kenya"


def test_someone_elses_draft_is_not_editable(client, member):
    experience = factories.draft(member)
    other = MemberFactory()
    client.force_login(other)
    assert client.get(step_url(experience, "about")).status_code == 403


def test_the_translation_turns_stale_when_the_original_changes(member_client, member):
    experience = factories.draft(member)
    member_client.post(
        step_url(experience, "translation"),
        {"title": "Des comités de santé examinent les données", "save": ""},
    )
    experience.refresh_from_db()
    assert experience.translation_status("title") == "current"
    assert experience.translation_status("summary") == "missing"
    member_client.post(
        step_url(experience, "about"), about(original_language="en", title="A new title")
    )
    experience.refresh_from_db()
    assert experience.translation_status("title") == "stale"
    page = member_client.get(step_url(experience, "translation")).content.decode()
    assert "Out of date" in page


def test_a_curator_edit_of_a_published_record_publishes_version_2(
    client, submitter, curator, reviewers
):
    experience = factories.published(submitter, curator, reviewers[:2])
    client.force_login(curator)
    url = step_url(experience, "about")
    data = about(original_language="en", title="Village health committees, Kenya (updated)")
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert experience.versions.count() == 1
    response = client.post(url, {**data, "change_note": "Clearer title."})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.version_number == 2
    version = experience.versions.get(number=2)
    assert version.change_note == "Clearer title."
    assert version.data["text"]["title"]["en"] == "Village health committees, Kenya (updated)"
    assert experience.versions.get(number=1).data["text"]["title"]["en"] == (
        "Village health committees review clinic data, Kenya"
    )
