"""The curation dashboard: what curators see, on a small dataset whose figures are known."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from baraza.compendium import dashboard, services
from baraza.compendium.models import Label, Status, StatusChange
from tests.compendium import factories
from tests.factories import MemberFactory

URL = "/en/compendium/curation/dashboard/"


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    client.force_login(curator)
    return client


def _table(soup: BeautifulSoup, caption_start: str) -> list[list[str]]:
    """The rows of the table whose caption starts with ``caption_start``, as cell texts."""
    for table in soup.find_all("table"):
        if table.caption.get_text(" ", strip=True).startswith(caption_start):
            return [
                [
                    " ".join(cell.get_text(" ", strip=True).split())
                    for cell in row.find_all(["th", "td"])
                ]
                for row in table.tbody.find_all("tr")
            ]
    raise AssertionError(f"no table captioned {caption_start!r}")


def _page(client) -> BeautifulSoup:
    response = client.get(URL)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# --- Permissions ----------------------------------------------------------------------------


def test_only_curators_see_the_dashboard(client, member_client, staff_client, curator_client):
    assert client.get(URL).status_code == 403
    assert member_client.get(URL).status_code == 403
    assert staff_client.get(URL).status_code == 200
    soup = _page(curator_client)
    assert soup.h1.get_text() == "Curation dashboard"


def test_only_curators_can_flag_records(member_client):
    response = member_client.post("/en/compendium/curation/dashboard/flag/")
    assert response.status_code == 403


# --- The queue and the reviewers ------------------------------------------------------------


def test_the_queue_counts_records_by_state_and_shows_the_oldest(
    curator_client, submitter, curator, reviewers
):
    factories.draft(submitter)
    waiting = factories.submitted(submitter, title_en="Radio call-in shows on malaria")
    factories.in_review(submitter, curator, reviewers[:2])
    soup = _page(curator_client)
    counts = dict(_table(soup, "Records by state"))
    assert counts["Draft"] == "1"
    assert counts["Submitted"] == "1"
    assert counts["In review"] == "1"
    assert counts["Published"] == "0"
    oldest = _table(soup, "Waiting longest")
    assert [row[0] for row in oldest] == ["Submitted", "In review"]
    assert oldest[0][1] == f"{waiting.identifier} Radio call-in shows on malaria"
    link = soup.find("a", string=waiting.identifier)
    assert link["href"] == f"/en/compendium/curation/{waiting.identifier}/"


def test_reviewer_workload_counts_open_and_handed_in_reviews(
    curator_client, submitter, curator, reviewers
):
    factories.reviewed(submitter, curator, reviewers[:2], scores=(2, 2))
    factories.in_review(submitter, curator, [reviewers[0], reviewers[2]])
    rows = _table(_page(curator_client), "Reviews per reviewer")
    # The page shows dates in the curator's time zone, which may already be tomorrow.
    today = timezone.localdate(timezone=ZoneInfo(curator.timezone)).strftime("%m/%d/%Y")
    assert rows == [
        ["Rita Reviewer", "1", "1", "0", today],
        ["Remi Reviewer", "1", "0", "0", today],
        ["Rob Reviewer", "0", "1", "0", "—"],
    ]


def test_time_in_state_runs_from_entering_a_state_to_the_next_change(submitter, curator):
    now = timezone.now()
    experience = factories.submitted(submitter)
    changes = list(StatusChange.objects.filter(experience=experience).order_by("at", "pk"))
    assert [c.to_status for c in changes] == [Status.DRAFT, Status.SUBMITTED]
    StatusChange.objects.filter(pk=changes[0].pk).update(at=now - timedelta(days=10))
    StatusChange.objects.filter(pk=changes[1].pk).update(at=now - timedelta(days=4))
    other = factories.submitted(submitter)
    for change in StatusChange.objects.filter(experience=other):
        offset = 3 if change.to_status == Status.DRAFT else 2
        StatusChange.objects.filter(pk=change.pk).update(at=now - timedelta(days=offset))
    services.start_screening(experience=other, actor=curator)
    StatusChange.objects.filter(experience=other, to_status=Status.SCREENING).update(
        at=now - timedelta(days=1)
    )
    rows = {row.status: row for row in dashboard.time_in_state(now=now)}
    assert rows[Status.DRAFT].stays == 2
    assert rows[Status.DRAFT].median_days == pytest.approx(3.5)  # 6 days and 1 day
    assert rows[Status.DRAFT].mean_days == pytest.approx(3.5)
    assert rows[Status.DRAFT].ongoing == 0
    # One stay of 4 days still going on, one of 1 day that ended in screening.
    assert (rows[Status.SUBMITTED].stays, rows[Status.SUBMITTED].ongoing) == (2, 1)
    assert rows[Status.SUBMITTED].median_days == pytest.approx(2.5)
    assert rows[Status.SCREENING].median_days == pytest.approx(1)
    assert rows[Status.IN_REVIEW].stays == 0
    assert rows[Status.IN_REVIEW].median_days is None


def test_a_stay_before_publication_ends_at_publication(submitter, curator, reviewers):
    experience = factories.published(submitter, curator, reviewers[:2], scores=(2, 2))
    now = timezone.now()
    StatusChange.objects.filter(experience=experience).exclude(to_status=Status.PUBLISHED).update(
        at=now - timedelta(days=5)
    )
    StatusChange.objects.filter(experience=experience, to_status=Status.PUBLISHED).update(
        at=now - timedelta(days=2)
    )
    rows = {row.status: row for row in dashboard.time_in_state(now=now)}
    assert rows[Status.IN_REVIEW].ongoing == 0
    assert rows[Status.IN_REVIEW].median_days == pytest.approx(3)


# --- Agreement ------------------------------------------------------------------------------


def _two_reviewers_three_records(submitter, curator, reviewers):
    """Rita then Rob score every scored criterion (3, 3), (2, 2) and (1, 2); all gates pass.

    Quadratic kappa: with A = (3, 2, 1) and B = (3, 2, 2), 2·cov / (var A + var B + gap²)
    = (2/3) / (2/3 + 2/9 + 1/9) = 2/3. Ordinal alpha: the values 1, 2, 2, 2, 3, 3 give an
    observed disagreement of 8 against an expected 36, so alpha = 1 − 8/36 = 7/9.
    """
    for scores in ((3, 3), (2, 2), (1, 2)):
        factories.reviewed(submitter, curator, reviewers[:2], scores=scores)


def test_agreement_per_criterion_uses_initial_scores(submitter, curator, reviewers):
    _two_reviewers_three_records(submitter, curator, reviewers)
    [result] = dashboard.agreement_by_criterion()
    assert result.criteria_set.version == 1
    assert result.records == 3
    assert result.kappa_applies
    rows = {row.criterion.key: row for row in result.rows}
    assert len(rows) == 11
    effectiveness = rows["effectiveness"]
    assert effectiveness.kappa == pytest.approx(2 / 3)
    assert effectiveness.alpha == pytest.approx(7 / 9)
    assert effectiveness.percent == pytest.approx(200 / 3)
    assert effectiveness.reading == "tentative"
    # Every gate passed: no variation, so no coefficient, but full agreement.
    relevance = rows["relevance"]
    assert (relevance.kappa, relevance.alpha, relevance.percent) == (None, None, 100)


def test_agreement_is_shown_on_the_dashboard(curator_client, submitter, curator, reviewers):
    _two_reviewers_three_records(submitter, curator, reviewers)
    rows = _table(_page(curator_client), "Compendium criteria, version 1: 3 records")
    assert ["Effectiveness (score, ordinal)", "3", "0.78", "0.67", "67 %", "tentative"] in rows
    assert ["Relevance (gate, nominal)", "3", "—", "—", "100 %", "—"] in rows


def test_reconciled_scores_do_not_change_agreement(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    factories.reviewed(submitter, curator, reviewers[:2], scores=(2, 2))
    assert experience.status == Status.RECONCILIATION
    before = dashboard.agreement_by_criterion()[0].rows
    services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    review = experience.reviews.get(reviewer=reviewers[0])
    criteria_set = factories.active_criteria()
    services.revise_review(
        review=review, actor=reviewers[0], answers=factories.answers(criteria_set, score=3)
    )
    after = dashboard.agreement_by_criterion()[0].rows
    assert [(r.kappa, r.alpha) for r in after] == [(r.kappa, r.alpha) for r in before]


def test_kappa_needs_exactly_two_reviewers_per_record(submitter, curator, reviewers):
    factories.reviewed(submitter, curator, reviewers, scores=(2, 2, 3))
    factories.reviewed(submitter, curator, reviewers[:2], scores=(1, 2))
    [result] = dashboard.agreement_by_criterion()
    assert not result.kappa_applies
    effectiveness = next(r for r in result.rows if r.criterion.key == "effectiveness")
    assert effectiveness.kappa is None
    assert effectiveness.alpha is not None


def test_a_third_reviewer_is_left_out_of_agreement(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    factories.reviewed(submitter, curator, reviewers[:2], scores=(2, 2))
    services.choose_reconciliation(
        experience=experience, actor=curator, mode="third-reviewer", third_reviewer=reviewers[2]
    )
    tiebreak = experience.reviews.get(reviewer=reviewers[2])
    services.submit_review(
        review=tiebreak,
        actor=reviewers[2],
        has_conflict=False,
        answers=factories.answers(factories.active_criteria(), score=1),
    )
    [result] = dashboard.agreement_by_criterion()
    assert result.kappa_applies
    assert result.records == 2


# --- Labels and re-assessment ---------------------------------------------------------------


def test_label_distribution_of_published_records(curator_client, submitter, curator, reviewers):
    factories.published(submitter, curator, reviewers[:2], scores=(2, 3))
    factories.published(submitter, curator, reviewers[:2], scores=(3, 3))
    factories.published(submitter, curator, reviewers[:2], scores=(2, 2))
    factories.published(submitter, curator, reviewers[:2], scores=(1, 1))
    rows = _table(_page(curator_client), "4 published records")
    assert rows == [
        ["Best practice", "2", "50 %"],
        ["Promising practice", "1", "25 %"],
        ["Documented experience", "1", "25 %"],
        ["No label (published without review)", "0", "0 %"],
    ]


def test_records_on_a_retired_set_can_be_flagged(curator_client, submitter, curator, reviewers):
    experience = factories.published(submitter, curator, reviewers[:2], scores=(2, 2))
    soup = _page(curator_client)
    assert soup.find("button", string="Flag records for re-assessment") is None
    draft = services.new_criteria_version(actor=curator, base=factories.active_criteria())
    services.activate_criteria_set(actor=curator, criteria_set=draft)

    soup = _page(curator_client)
    text = " ".join(soup.get_text(" ").split())
    assert "1 published record has a label that rests on a retired criteria set." in text
    assert "0 records are flagged for re-assessment." in text
    rows = _table(soup, "Published with a label from a retired criteria set")
    assert rows == [
        [f"{experience.identifier} {experience.title}", "Promising practice", "version 1"]
    ]

    response = curator_client.post("/en/compendium/curation/dashboard/flag/", follow=True)
    assert response.redirect_chain == [(URL, 302)]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".messages").get_text(strip=True) == (
        "1 record is now flagged for re-assessment."
    )
    assert _table(soup, "Flagged for re-assessment")[0][0].startswith(experience.identifier)
    assert soup.find("button", string="Flag records for re-assessment") is None
    experience.refresh_from_db()
    assert experience.needs_reassessment


def test_flagging_with_nothing_to_flag_says_so(curator_client):
    response = curator_client.post("/en/compendium/curation/dashboard/flag/", follow=True)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".messages").get_text(strip=True) == "No record needed flagging."


def test_flagging_without_an_active_set_is_a_bad_request(curator_client):
    from baraza.compendium.models import CriteriaSet

    CriteriaSet.objects.update(state=CriteriaSet.State.RETIRED)
    response = curator_client.post("/en/compendium/curation/dashboard/flag/")
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".errorlist").get_text(strip=True) == (
        "No criteria set is active: a curator must activate one first."
    )


def test_the_dashboard_works_in_french(curator, submitter, reviewers):
    factories.published(submitter, curator, reviewers[:2], scores=(2, 3))
    client = Client()
    client.force_login(curator)
    response = client.get("/fr/compendium/curation/dashboard/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    assert "Efficacité" in soup.get_text()


# --- Query count ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_the_dashboard_query_count_does_not_grow(
    n, curator_client, submitter, curator, django_assert_num_queries
):
    reviewers = [MemberFactory() for _ in range(2 * n)]
    for i in range(n):
        pair = reviewers[2 * i : 2 * i + 2]
        factories.published(submitter, curator, pair, scores=(2, 3))
        factories.reviewed(submitter, curator, pair, scores=(1, 2))
        factories.in_review(submitter, curator, pair)
        factories.submitted(submitter)
    draft = services.new_criteria_version(actor=curator, base=factories.active_criteria())
    services.activate_criteria_set(actor=curator, criteria_set=draft)
    services.flag_for_reassessment(actor=curator)
    with django_assert_num_queries(14):
        _page(curator_client)


def test_the_dashboard_fits_the_page_budget(curator_client, submitter, curator, reviewers):
    import gzip

    factories.published(submitter, curator, reviewers[:2], scores=(2, 3))
    body = curator_client.get(URL).content
    assert len(gzip.compress(body)) < 20 * 1024
    assert Label.BEST in {r.label for r in dashboard.label_distribution()[0]}
