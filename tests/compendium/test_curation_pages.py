"""The curation pages: following a record, the curators' actions, reviewing, the queues.

Every step is taken through the page a person would use, and the test reads what the page
then shows. A tampered post gets a 400 or 403 with a message, and changes nothing.
"""

from __future__ import annotations

import gzip

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.compendium import services
from baraza.compendium.models import (
    CurationNote,
    Label,
    NoteKind,
    Review,
    ReviewScore,
    ReviewState,
    Status,
    StatusChange,
)
from baraza.compendium.services import Answer
from tests.compendium import factories
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def follow_url(experience, lang: str = "en") -> str:
    return f"/{lang}/compendium/curation/{experience.identifier}/"


def review_url(experience) -> str:
    return follow_url(experience) + "review/"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text(response) -> str:
    return " ".join(soup(response).find("main").get_text(" ").split())


def errors(response) -> list[str]:
    page = soup(response)
    found = [li.get_text(" ", strip=True) for li in page.select("ul.messages li.error")]
    found += [li.get_text(" ", strip=True) for li in page.select("ul.errorlist li")]
    return found


def history(experience) -> tuple:
    experience.refresh_from_db()
    return (
        experience.status,
        StatusChange.objects.filter(experience=experience).count(),
        Review.objects.filter(experience=experience).count(),
        ReviewScore.objects.filter(review__experience=experience).count(),
        CurationNote.objects.filter(experience=experience).count(),
    )


def score_post(criteria_set, score: int = 2, passed: bool = True, why: str = "Because.", **over):
    """The scoring form's fields, as a browser sends them."""
    data = {"step": "score", "comments": "Well documented."}
    for c in criteria_set.criteria.all():
        if c.kind == "gate":
            data[f"gate-{c.key}"] = "pass" if over.get(c.key, passed) else "fail"
        else:
            data[f"score-{c.key}"] = str(over.get(c.key, score))
        data[f"justification-{c.key}"] = why
    return data


def hand_in(experience, reviewer, score: int = 2, why: str = "As the anchor describes."):
    review = experience.reviews.get(reviewer=reviewer)
    answers = {
        key: Answer(passed=a.passed, score=a.score, justification=why)
        for key, a in factories.answers(review.criteria_set, score=score).items()
    }
    return services.submit_review(
        review=review, actor=reviewer, has_conflict=False, answers=answers
    )


# --- The submitter's view -------------------------------------------------------------------


def test_the_submitter_follows_a_draft_and_submits_it(submitter):
    experience = factories.draft(submitter)
    client = client_for(submitter)
    page = client.get(follow_url(experience))
    assert page.status_code == 200
    assert soup(page).h1.get_text() == "Village health committees review clinic data, Kenya"
    assert soup(page).find(id="status-heading").get_text() == "Status: Draft"
    assert "only its submitter and the curators can see it" in text(page)
    button = soup(page).select_one('form[action$="/submit/"] button')
    assert button.get_text() == "Submit to the curators"

    response = client.post(follow_url(experience) + "submit/")
    assert response.status_code == 302
    assert response["Location"] == follow_url(experience)
    page = client.get(response["Location"])
    assert "Your record has been sent to the curators." in text(page)
    assert soup(page).find(id="status-heading").get_text() == "Status: Submitted"
    assert soup(page).select('form[action$="/submit/"]') == []


def test_screening_problems_are_listed_and_block_the_submission(submitter):
    experience = factories.draft(submitter, title_en="", rights_confirmed=False)
    client = client_for(submitter)
    page = client.get(follow_url(experience))
    problems = [
        li.get_text(" ", strip=True) for li in soup(page).select("#problems-heading ~ ul li")
    ]
    assert problems == [
        "Title: This field is required.",
        "Right to share confirmed: Confirm that you have the right to share this material.",
    ]
    before = history(experience)
    response = client.post(follow_url(experience) + "submit/")
    assert response.status_code == 400
    assert errors(response) == [
        "This field is required.",
        "Confirm that you have the right to share this material.",
    ]
    assert history(experience) == before


def test_the_submitter_sees_feedback_but_not_internal_notes(submitter, curator):
    experience = factories.submitted(submitter)
    services.add_note(
        experience=experience, actor=curator, kind=NoteKind.INTERNAL, body="Secret remark."
    )
    services.request_changes(experience=experience, actor=curator, message="Add the costs.")
    page = client_for(submitter).get(follow_url(experience))
    assert "Add the costs." in text(page)
    assert "Secret remark." not in page.content.decode()
    # Status changes do not name the curators to the submitter.
    assert "Claire Curator moved" not in text(page)
    assert "The record moved from “Screening”" not in text(page)
    assert "The record moved from “Submitted” to “Changes requested”." in text(page)
    assert soup(page).select_one('form[action$="/submit/"] button').get_text() == "Submit it again"


def test_the_record_preview_shows_its_fields(submitter):
    experience = factories.draft(submitter)
    page = client_for(submitter).get(follow_url(experience))
    facts = soup(page).select_one("#record dl.facts")
    pairs = dict(
        zip(
            [dt.get_text() for dt in facts.find_all("dt")],
            [dd.get_text() for dd in facts.find_all("dd")],
            strict=True,
        )
    )
    assert pairs["Countries"] == "Kenya"
    assert pairs["Period"] == "2019 to 2021"
    assert pairs["Type of evidence"] == "Programme monitoring data"
    headings = [h.get_text() for h in soup(page).select("#record h3")]
    assert headings == [
        "Title",
        "Summary",
        "What was done",
        "Outcomes",
        "Lessons learned",
        "Evidence",
        "References",
    ]


# --- The curators' actions ------------------------------------------------------------------


def test_a_curator_screens_and_asks_for_changes(submitter, curator):
    experience = factories.submitted(submitter)
    client = client_for(curator)
    page = client.get(follow_url(experience))
    assert "Start screening" in text(page)
    assert client.post(follow_url(experience) + "screen/").status_code == 302
    experience.refresh_from_db()
    assert experience.status == Status.SCREENING

    response = client.post(follow_url(experience) + "request-changes/", {"message": ""})
    assert response.status_code == 400
    assert errors(response) == ["This field is required."]
    assert history(experience)[0] == Status.SCREENING

    response = client.post(
        follow_url(experience) + "request-changes/", {"message": "Please add the costs."}
    )
    assert response.status_code == 302
    page = client.get(follow_url(experience))
    assert "The submitter has been asked for changes." in text(page)
    assert "Please add the costs." in text(page)
    assert soup(page).find(id="status-heading").get_text() == "Status: Changes requested"


def test_assigning_reviewers_offers_likely_people_and_takes_any_by_email(
    submitter, curator, facilitator, reviewers
):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    services.start_screening(experience=experience, actor=curator)
    client = client_for(curator)
    page = client.get(follow_url(experience))
    offered = [
        label.get_text(" ", strip=True)
        for label in soup(page).select('form[action$="/assign/"] #assign-reviewers label')
    ]
    # Curators and facilitators, not every member (and never the submitter).
    assert offered == ["Claire Curator", "Joseph Facilitator"]

    response = client.post(
        follow_url(experience) + "assign/",
        {"reviewers": [facilitator.pk], "emails": f"{reviewers[0].email.upper()}"},
    )
    assert response.status_code == 302
    assert {r.reviewer for r in experience.reviews.all()} == {facilitator, reviewers[0]}
    assert history(experience)[0] == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Choose the reviewers, or give their email addresses."),
        ({"emails": "nobody@example.org"}, "No member has the address “nobody@example.org”."),
        ({"emails": "not-an-address"}, "“not-an-address” is not an email address."),
        ({"reviewers": ["abc"]}, "“abc” is not a valid value."),
    ],
)
def test_bad_reviewer_choices_are_explained(submitter, curator, reviewers, post, message):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    before = history(experience)
    response = client_for(curator).post(follow_url(experience) + "assign/", post)
    # The assignment form only shows in screening, but the post is answered all the same.
    assert response.status_code == 400
    assert message in errors(response)
    assert history(experience) == before


def test_one_reviewer_is_not_enough(submitter, curator, reviewers):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    services.start_screening(experience=experience, actor=curator)
    before = history(experience)
    response = client_for(curator).post(
        follow_url(experience) + "assign/", {"reviewers": [curator.pk]}
    )
    assert response.status_code == 400
    assert errors(response) == ["Assign at least 2 independent reviewers."]
    assert history(experience) == before
    # The form comes back with the choice kept.
    checked = soup(response).select("#assign-reviewers input[checked]")
    assert [i["value"] for i in checked] == [str(curator.pk)]


def test_the_decision_panel_shows_the_derived_outcome(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(2, 3))
    client = client_for(curator)
    page = client.get(follow_url(experience))
    rows = {
        tr.th.get_text(" ", strip=True): tr.find_all("td")[0].get_text()
        for tr in soup(page)
        .select('form[action$="/decide/"]')[0]
        .find_previous("table")
        .tbody.find_all("tr")
    }
    assert rows["Ethics"] == "Passes"
    assert rows["Effectiveness key criterion"] == "2.50"
    facts = soup(page).select_one('form[action$="/decide/"]').find_previous("dl")
    assert facts.dd.get_text() == "2.50"
    assert "The published rule gives the label “Best practice”." in text(page)

    response = client.post(follow_url(experience) + "decide/", {"decision": "publish"})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert (experience.status, experience.label) == (Status.PUBLISHED, Label.BEST)
    page = client.get(follow_url(experience))
    assert "Label: Best practice." in text(page)
    assert "Withdraw the record" in text(page)


def test_declining_needs_reasons(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2])
    client = client_for(curator)
    before = history(experience)
    response = client.post(follow_url(experience) + "decide/", {"decision": "decline"})
    assert response.status_code == 400
    assert errors(response) == ["Give the reasons for declining."]
    assert history(experience) == before
    response = client.post(
        follow_url(experience) + "decide/", {"decision": "decline", "reasons": "Out of scope."}
    )
    assert response.status_code == 302
    page = client_for(submitter).get(follow_url(experience))
    assert soup(page).find(id="status-heading").get_text() == "Status: Declined"
    assert "Out of scope." in text(page)


def test_a_failed_gate_offers_only_to_decline(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    for reviewer in reviewers[:2]:
        review = experience.reviews.get(reviewer=reviewer)
        services.submit_review(
            review=review,
            actor=reviewer,
            has_conflict=False,
            answers=factories.answers(review.criteria_set, score=3, ethics=False),
        )
    client = client_for(curator)
    page = client.get(follow_url(experience))
    buttons = [b.get_text() for b in soup(page).select('form[action$="/decide/"] button')]
    assert buttons == ["Decline"]
    assert "Failed gates Ethics" in text(page)
    before = history(experience)
    response = client.post(follow_url(experience) + "decide/", {"decision": "publish"})
    assert response.status_code == 400
    assert errors(response) == [
        "A gate criterion failed, so the record cannot be published: decline it instead."
    ]
    assert history(experience) == before


def test_reconciliation_by_discussion_from_the_page(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    assert experience.status == Status.RECONCILIATION
    client = client_for(curator)
    response = client.post(follow_url(experience) + "reconcile/", {"mode": "discussion"})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.reconciliation_mode == "discussion"


def test_reconciliation_by_a_third_reviewer_from_the_page(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    client = client_for(curator)
    response = client.post(follow_url(experience) + "reconcile/", {"mode": "third-reviewer"})
    assert response.status_code == 400
    assert errors(response) == ["Choose one third reviewer, from the list or by email."]
    response = client.post(
        follow_url(experience) + "reconcile/",
        {"mode": "third-reviewer", "third_reviewer_email": submitter.email},
    )
    assert response.status_code == 400
    assert errors(response) == ["Sara Submitter submitted this record and cannot review it."]
    assert experience.reviews.count() == 2
    response = client.post(
        follow_url(experience) + "reconcile/",
        {"mode": "third-reviewer", "third_reviewer_email": reviewers[2].email},
    )
    assert response.status_code == 302
    third = experience.reviews.get(reviewer=reviewers[2])
    assert third.is_tiebreak


def test_curators_add_notes_and_withdraw(submitter, curator, reviewers):
    experience = factories.published(submitter, curator, reviewers[:2])
    client = client_for(curator)
    response = client.post(
        follow_url(experience) + "note/", {"kind": "internal", "body": "Check in a year."}
    )
    assert response.status_code == 302
    response = client.post(follow_url(experience) + "note/", {"kind": "gossip", "body": "Hi"})
    assert response.status_code == 400
    response = client.post(follow_url(experience) + "withdraw/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(follow_url(experience) + "withdraw/", {"reason": "A duplicate."})
    assert response.status_code == 302
    page = client.get(follow_url(experience))
    assert soup(page).find(id="status-heading").get_text() == "Status: Withdrawn"
    assert "A duplicate." in text(page)
    assert "Check in a year." in text(page)


@pytest.mark.parametrize(
    ("path", "post"),
    [
        ("decide/", {"decision": "publish"}),
        ("screen/", {}),
        ("withdraw/", {"reason": "Spam."}),
        ("reconcile/", {"mode": "discussion"}),
        ("request-changes/", {"message": "More please."}),
    ],
)
def test_a_step_the_state_does_not_allow_is_a_400_with_the_reason(submitter, curator, path, post):
    experience = factories.draft(submitter)
    before = history(experience)
    response = client_for(curator).post(follow_url(experience) + path, post)
    assert response.status_code == 400
    assert errors(response) == ["This step is not possible while the record is “Draft”."]
    assert history(experience) == before


def test_a_tampered_decision_value_is_a_400(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2])
    before = history(experience)
    response = client_for(curator).post(follow_url(experience) + "decide/", {"decision": "maybe"})
    assert response.status_code == 400
    assert history(experience) == before


# --- Reviewing ------------------------------------------------------------------------------


def test_a_reviewer_declares_no_conflict_then_scores_with_the_anchors(
    submitter, curator, reviewers
):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    criteria_set = factories.active_criteria()
    client = client_for(reviewers[0])
    page = client.get(review_url(experience))
    assert page.status_code == 200
    assert soup(page).find(id="step-heading").get_text() == "Step 1 of 2: conflict of interest"

    page = client.post(review_url(experience), {"step": "declare", "conflict": "no"})
    assert page.status_code == 200
    assert soup(page).find(id="step-heading").get_text() == "Step 2 of 2: your assessment"
    effectiveness = soup(page).find("input", attrs={"name": "score-effectiveness", "value": "0"})
    label = soup(page).find("label", attrs={"for": effectiveness["id"]}).get_text()
    assert label == (
        "0 — No outcome is reported, or the outcomes reported are not linked to the engagement."
    )
    assert [i["value"] for i in soup(page).find_all("input", attrs={"name": "gate-ethics"})] == [
        "pass",
        "fail",
    ]
    assert (
        len(
            soup(page).find_all(
                "textarea", attrs={"name": lambda n: n and n.startswith("justification-")}
            )
        )
        == 11
    )

    response = client.post(review_url(experience), score_post(criteria_set, score=3))
    assert response.status_code == 302
    review = experience.reviews.get(reviewer=reviewers[0])
    assert review.state == ReviewState.SUBMITTED
    assert review.comments == "Well documented."
    page = client.get(review_url(experience))
    assert soup(page).find(id="own-heading").get_text() == "Your review"
    assert "Thank you: your review has been handed in." in text(page)
    assert soup(page).find("form", attrs={"method": "post", "action": ""}) is None


def test_a_reviewer_with_a_conflict_stands_down(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    client = client_for(reviewers[0])
    response = client.post(review_url(experience), {"step": "declare", "conflict": "yes"})
    assert response.status_code == 400
    assert errors(response) == ["Describe the conflict of interest."]
    response = client.post(
        review_url(experience),
        {"step": "declare", "conflict": "yes", "statement": "I ran this project."},
    )
    assert response.status_code == 302
    review = experience.reviews.get(reviewer=reviewers[0])
    assert (review.state, review.conflict_statement) == (ReviewState.RECUSED, "I ran this project.")
    page = client.get(review_url(experience))
    assert soup(page).find(id="state-heading").get_text() == "You stood down from this review"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"score-effectiveness": "7"},
            "Select a valid choice. 7 is not one of the available choices.",
        ),
        (
            {"score-effectiveness": "-1"},
            "Select a valid choice. -1 is not one of the available choices.",
        ),
        (
            {"score-effectiveness": "two"},
            "Select a valid choice. two is not one of the available choices.",
        ),
        (
            {"score-effectiveness": "2.5"},
            "Select a valid choice. 2.5 is not one of the available choices.",
        ),
        (
            {"gate-ethics": "maybe"},
            "Select a valid choice. maybe is not one of the available choices.",
        ),
        ({"score-made-up": "2", "justification-made-up": "x"}, "Unknown criteria: made-up."),
        ({"justification-sustainability": ""}, "Justify your answer."),
        ({"score-effectiveness": ""}, "This field is required."),
    ],
)
def test_a_tampered_review_is_a_400_and_stores_nothing(
    submitter, curator, reviewers, change, message
):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    criteria_set = factories.active_criteria()
    before = history(experience)
    response = client_for(reviewers[0]).post(
        review_url(experience), {**score_post(criteria_set), **change}
    )
    assert response.status_code == 400
    assert message in errors(response)
    assert history(experience) == before
    assert experience.reviews.get(reviewer=reviewers[0]).state == ReviewState.ASSIGNED


def test_a_review_posted_twice_is_refused(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    criteria_set = factories.active_criteria()
    client = client_for(reviewers[0])
    assert client.post(review_url(experience), score_post(criteria_set, 1)).status_code == 302
    before = history(experience)
    response = client.post(review_url(experience), score_post(criteria_set, 3))
    assert response.status_code == 400
    assert errors(response) == ["This review has already been handed in."]
    assert history(experience) == before


def test_a_post_without_a_step_is_a_400(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    response = client_for(reviewers[0]).post(review_url(experience), {"step": "jump"})
    assert response.status_code == 400
    assert errors(response) == ["This form is not complete: please start again."]


def test_in_a_discussion_reviewers_compare_talk_and_revise(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(experience, reviewers[0], score=0, why="Rita thinks nothing happened.")
    hand_in(experience, reviewers[1], score=3, why="Rob saw strong results.")
    services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    client = client_for(reviewers[0])
    page = client.get(review_url(experience))
    table = soup(page).find(id="compare-heading").find_next("table")
    assert [th.get_text() for th in table.thead.find_all("th")] == [
        "Criterion",
        "You",
        "Rob Reviewer",
    ]
    highlighted = [mark.get_text() for mark in table.find_all("mark")]
    assert "Effectiveness" in highlighted and "Ethics" not in highlighted
    assert "Rob saw strong results." in text(page)

    response = client.post(
        review_url(experience) + "discuss/", {"body": "I missed the monitoring data."}
    )
    assert response.status_code == 302
    criteria_set = factories.active_criteria()
    response = client.post(review_url(experience) + "revise/", score_post(criteria_set, 2))
    assert response.status_code == 302
    page = client.get(review_url(experience))
    assert "I missed the monitoring data." in text(page)
    assert "first score: 0" in text(page)
    # The submitter never sees the discussion.
    assert (
        "I missed the monitoring data."
        not in client_for(submitter).get(follow_url(experience)).content.decode()
    )


def test_a_revision_with_a_bad_score_is_a_400(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    criteria_set = factories.active_criteria()
    before = history(experience)
    response = client_for(reviewers[0]).post(
        review_url(experience) + "revise/", score_post(criteria_set, 5)
    )
    assert response.status_code == 400
    assert history(experience) == before
    assert {
        s.score for s in experience.reviews.get(reviewer=reviewers[0]).scores.exclude(score=None)
    } == {0}


def test_revising_outside_a_discussion_is_a_400(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    criteria_set = factories.active_criteria()
    response = client_for(reviewers[0]).post(
        review_url(experience) + "revise/", score_post(criteria_set, 2)
    )
    assert response.status_code == 400
    assert errors(response) == ["Scores can be revised only in a reconciliation discussion."]


def test_a_third_reviewer_gets_the_blind_form(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(experience, reviewers[0], score=0, why="Rita thinks nothing happened.")
    hand_in(experience, reviewers[1], score=3, why="Rob saw strong results.")
    services.add_note(
        experience=experience, actor=curator, kind=NoteKind.RECONCILIATION, body="Let us see."
    )
    services.choose_reconciliation(
        experience=experience, actor=curator, mode="third-reviewer", third_reviewer=reviewers[2]
    )
    client = client_for(reviewers[2])
    for response in (
        client.get(review_url(experience)),
        client.post(review_url(experience), {"step": "declare", "conflict": "no"}),
        client.get(follow_url(experience)),
    ):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Rita thinks" not in html and "Rob saw" not in html and "Let us see." not in html
    criteria_set = factories.active_criteria()
    response = client.post(review_url(experience), score_post(criteria_set, 3))
    assert response.status_code == 302
    assert "Rita thinks nothing happened." in text(client.get(review_url(experience)))


# --- Lists ----------------------------------------------------------------------------------


def test_my_page_lists_pending_reviews_first_and_my_submissions(submitter, curator, reviewers):
    first = factories.in_review(submitter, curator, reviewers[:2], title_en="First record")
    second = factories.in_review(submitter, curator, reviewers[:2], title_en="Second record")
    hand_in(first, reviewers[0])
    page = client_for(reviewers[0]).get("/en/compendium/curation/mine/")
    rows = soup(page).find(id="reviews-heading").find_next("table").tbody.find_all("tr")
    assert [(r.a.get_text(), r.find_all("td")[1].get_text()) for r in rows] == [
        ("Second record", "To do"),
        ("First record", "Submitted"),
    ]
    page = client_for(submitter).get("/en/compendium/curation/mine/")
    rows = soup(page).find(id="submissions-heading").find_next("table").tbody.find_all("tr")
    assert [r.a["href"] for r in rows] == [follow_url(second), follow_url(first)]
    assert "No review has been assigned to you." in text(page)


def test_the_queue_groups_records_by_what_they_need(submitter, curator, reviewers):
    factories.draft(submitter, title_en="A draft")
    factories.submitted(submitter, title_en="Fresh one")
    pending = factories.in_review(submitter, curator, reviewers[:2], title_en="Being reviewed")
    hand_in(pending, reviewers[0])
    factories.reviewed(submitter, curator, reviewers[:2], title_en="Ready one")
    factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3), title_en="Disputed")
    factories.published(submitter, curator, reviewers[:2], title_en="Done one")
    page = client_for(curator).get("/en/compendium/curation/")
    assert page.status_code == 200
    assert soup(page).select_one("p.lead").get_text() == "4 records are waiting for a curator."
    groups = {
        section.h2["id"]: [a.get_text() for a in section.select("tbody a")]
        for section in soup(page).select("main section")
    }
    assert groups == {
        "group-submitted": ["Fresh one"],
        "group-resubmitted": [],
        "group-screening": [],
        "group-reviews-pending": ["Being reviewed"],
        "group-reviews-complete": ["Ready one"],
        "group-reconciliation": ["Disputed"],
    }
    row = soup(page).find(id="group-reviews-pending").find_next("tbody").tr
    assert [td.get_text(" ", strip=True) for td in row.find_all("td")][1:] == [
        "Sara Submitter",
        "1 of 2",
        "0 days",
    ]


def test_the_queue_is_for_curators(member, submitter):
    assert client_for(member).get("/en/compendium/curation/").status_code == 403
    assert client_for(submitter).get("/en/compendium/curation/").status_code == 403
    assert Client().get("/en/compendium/curation/").status_code == 302


@pytest.mark.parametrize("n", [1, 3])
def test_the_queue_makes_the_same_queries_for_1_and_3_records(
    submitter, curator, reviewers, n, django_assert_num_queries
):
    for _ in range(n):
        factories.submitted(submitter)
        factories.reviewed(submitter, curator, reviewers[:2])
    client = client_for(curator)
    client.get("/en/compendium/curation/")  # warm the session and the user
    with django_assert_num_queries(4):
        assert client.get("/en/compendium/curation/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_my_page_makes_the_same_queries_for_1_and_3_items(
    submitter, curator, reviewers, n, django_assert_num_queries
):
    for _ in range(n):
        factories.in_review(submitter, curator, [reviewers[0], curator])
    client = client_for(curator)
    with django_assert_num_queries(5):
        assert client.get("/en/compendium/curation/mine/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_the_follow_page_makes_the_same_queries_for_1_and_3_notes_and_reviewers(
    submitter, curator, reviewers, n, django_assert_num_queries
):
    team = [*reviewers, MemberFactory(), MemberFactory()][: n + 1]
    experience = factories.in_review(submitter, curator, team)
    for reviewer in team:
        hand_in(experience, reviewer, score=2)
    for i in range(n):
        services.add_note(
            experience=experience, actor=curator, kind=NoteKind.INTERNAL, body=f"Note {i}"
        )
    client = client_for(curator)
    with django_assert_num_queries(18):
        assert client.get(follow_url(experience)).status_code == 200


# --- Pages fit the site's rules -------------------------------------------------------------


def _pages(submitter, curator, reviewers):
    disputed = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(disputed, reviewers[0], score=0)
    hand_in(disputed, reviewers[1], score=3)
    services.choose_reconciliation(experience=disputed, actor=curator, mode="discussion")
    fresh = factories.in_review(submitter, curator, reviewers[:2])
    screening = factories.submitted(submitter)
    services.start_screening(experience=screening, actor=curator)
    return [
        (client_for(curator), "GET", follow_url(disputed), None),
        (client_for(curator), "GET", follow_url(screening, "fr"), None),
        (client_for(curator), "GET", "/en/compendium/curation/", None),
        (client_for(reviewers[0]), "GET", review_url(disputed), None),
        (
            client_for(reviewers[0]),
            "POST",
            review_url(fresh),
            {"step": "declare", "conflict": "no"},
        ),
        (client_for(reviewers[0]), "GET", "/fr/compendium/curation/mine/", None),
        (client_for(submitter), "GET", follow_url(fresh), None),
    ]


def test_the_pages_are_light_labelled_and_free_of_inline_code(submitter, curator, reviewers):
    for client, method, path, data in _pages(submitter, curator, reviewers):
        response = client.post(path, data) if method == "POST" else client.get(path)
        assert response.status_code == 200, path
        page = soup(response)
        assert len(gzip.compress(response.content)) < 20 * 1024, path
        assert len(page.find_all("h1")) == 1, path
        assert page.find_all("style") == [], path
        assert [s for s in page.find_all("script") if not s.get("src")] == [], path
        assert [t for t in page.find_all(True) if "style" in t.attrs] == [], path
        labelled = {label.get("for") for label in page.find_all("label")}
        for control in page.find_all(["input", "select", "textarea"]):
            if control.get("type") in ("hidden", "submit", "button"):
                continue
            assert control.get("id") in labelled or control.find_parent("label"), (
                path,
                str(control)[:120],
            )
        ids = [t["id"] for t in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), path


def test_the_pages_speak_french(submitter, curator):
    experience = factories.submitted(submitter)
    page = client_for(submitter).get(follow_url(experience, "fr"))
    assert page.status_code == 200
    assert soup(page).html["lang"] == "fr"
