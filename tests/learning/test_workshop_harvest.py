"""Case harvesting: at a run whose variant has a case-harvesting session, the facilitator
submits the cases participants told; each becomes a draft experience in the compendium (source
"workshop"), follows the normal curation and is not public until published."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from baraza.compendium.models import Experience, Source, Status
from baraza.learning import models as m
from baraza.learning.services.publishing import publish
from tests.learning.conftest import build_workshop_package
from tests.learning.test_workshop_runs import record, run_url

pytestmark = pytest.mark.django_db


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def run(workshop_package, member):
    return record(workshop_package, member)


def _session_key(run) -> str:
    day2 = run.package.versions.get().data["variants"][0]["days"][1]
    return day2["sessions"][0]["key"]


def _case(run, **overrides) -> dict:
    values = {
        "session_key": _session_key(run),
        "title": "Mothers' groups track vaccination, Kisumu",
        "summary": "Mothers' groups kept a register of their children's vaccinations.",
        "what_was_done": "Each group met weekly and shared its register with the clinic.",
        "country": "ke",
        "language": "en",
        "shared_by": "Grace Achieng",
        "shared_by_organisation": "Kisumu mothers' network",
        "consent": "on",
    }
    values.update(overrides)
    return values


def test_a_harvested_case_becomes_a_draft_experience_from_the_workshop(
    run, member, member_client, client
):
    response = member_client.post(run_url(run, "harvest/"), _case(run))
    assert response.status_code == 302
    case = m.HarvestedCase.objects.get()
    experience = case.experience
    assert (case.run, case.session_key) == (run, _session_key(run))
    assert (experience.source, experience.status, experience.submitter) == (
        Source.WORKSHOP,
        Status.DRAFT,
        member,
    )
    assert experience.title_en == "Mothers' groups track vaccination, Kisumu"
    assert experience.what_was_done_en.startswith("Each group met weekly")
    assert [c.code for c in experience.countries.all()] == ["KE"]
    assert (experience.contact_name, experience.consent_confirmed) == ("Grace Achieng", True)
    # Not public: the compendium does not show a draft to visitors.
    assert client.get(f"/en/compendium/{experience.identifier}/").status_code == 404

    soup = _soup(member_client.get(run_url(run)))
    table = soup.find(id="harvest-heading").find_next("table")
    assert [[_text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")] == [
        [experience.identifier, "Mothers' groups track vaccination, Kisumu", "Draft"]
    ]
    assert table.find("a")["href"] == f"/en/compendium/{experience.identifier}/edit/"


def test_a_case_in_french_is_written_in_french(run, member_client):
    member_client.post(run_url(run, "harvest/"), _case(run, language="fr", title="Groupes"))
    experience = Experience.objects.get(source=Source.WORKSHOP)
    assert (experience.original_language, experience.title_fr, experience.title_en) == (
        "fr",
        "Groupes",
        "",
    )


def test_without_consent_or_with_a_tampered_session_nothing_is_created(run, member_client):
    response = member_client.post(run_url(run, "harvest/"), _case(run, consent=""))
    assert response.status_code == 400
    errors = _soup(response).find(id="id_consent").find_previous("ul", class_="errorlist")
    assert _text(errors) == "This field is required."
    response = member_client.post(run_url(run, "harvest/"), _case(run, session_key="nope"))
    assert response.status_code == 400
    assert not Experience.objects.filter(source=Source.WORKSHOP).exists()
    assert not m.HarvestedCase.objects.exists()


def test_a_run_without_a_harvesting_session_has_no_harvest_form(
    author, experience, member, member_client
):
    package = build_workshop_package(author, experience, slug="no-harvest")
    m.Session.objects.filter(day__variant__package=package, method=m.Method.CASE_HARVESTING).update(
        method=m.Method.DISCUSSION
    )
    publish(package=package, actor=author)
    run = record(package, member)
    soup = _soup(member_client.get(run_url(run)))
    assert soup.find(id="harvest-heading") is None
    assert member_client.post(run_url(run, "harvest/"), {"title": "X"}).status_code == 404


def test_only_the_runs_facilitators_harvest(run, facilitator_client):
    response = facilitator_client.post(run_url(run, "harvest/"), _case(run))
    assert response.status_code == 403
    assert not Experience.objects.filter(source=Source.WORKSHOP).exists()


def test_a_drafts_title_is_shown_only_to_those_who_may_read_the_draft(
    workshop_package, member, member_client, author_client, staff_client
):
    """The package's author sees the run of another facilitator, but not the title of the
    draft that facilitator harvested there; the submitter and the curators (staff) do."""
    run = record(workshop_package, member)
    member_client.post(run_url(run, "harvest/"), _case(run, title="A private draft case"))
    experience = Experience.objects.get(source=Source.WORKSHOP)

    def rows(client) -> list[list[str]]:
        soup = _soup(client.get(run_url(run)))
        table = soup.find(id="harvest-heading").find_next("table")
        return [[_text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]

    hidden = "A draft: only its submitter and the curators see its title."
    assert rows(author_client) == [[experience.identifier, hidden, "Draft"]]
    assert "A private draft case" not in author_client.get(run_url(run)).content.decode()
    assert rows(staff_client) == [[experience.identifier, "A private draft case", "Draft"]]
    assert rows(member_client) == [[experience.identifier, "A private draft case", "Draft"]]
    # Once published, the record is public: everyone who sees the run sees its title.
    Experience.objects.filter(pk=experience.pk).update(status=Status.PUBLISHED)
    assert rows(author_client) == [[experience.identifier, "A private draft case", "Published"]]
