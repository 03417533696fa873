"""Who sees what in curation (issue section 8).

- Drafts and reviews are visible only to the submitter, the curators and the assigned
  reviewers: checked on the curation page, the review page and the public record page.
- A reviewer cannot see other reviews before handing in their own: the other reviewer's
  justification is absent from every page they can open.
- A submitter can never review their own record: not assigned, and the review page refuses.
- An anonymous visitor and a plain member get nothing on a record in curation, whatever page
  or form they try, and nothing changes.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from baraza.compendium import services
from baraza.compendium.models import NoteKind, Review, ReviewState, Status, StatusChange
from baraza.compendium.services import Answer
from baraza.core.policies import can
from tests.compendium import factories
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

RITA_SAYS = "Rita found the monitoring data thin."
ROB_SAYS = "Rob found the outcomes convincing."
INTERNAL = "Internal: the funder asked about this one."

CURATOR_POSTS = [
    ("screen/", {}),
    ("request-changes/", {"message": "Change it."}),
    ("assign/", {"emails": "someone@example.org"}),
    ("reconcile/", {"mode": "discussion"}),
    ("decide/", {"decision": "publish"}),
    ("withdraw/", {"reason": "Gone."}),
    ("note/", {"kind": "internal", "body": "Hello."}),
]


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(experience, tail: str = "") -> str:
    return f"/en/compendium/curation/{experience.identifier}/{tail}"


def detail_url(experience) -> str | None:
    try:
        return reverse("compendium:detail", args=[experience.identifier])
    except NoReverseMatch:
        return None


def hand_in(experience, reviewer, score: int, why: str):
    review = experience.reviews.get(reviewer=reviewer)
    answers = {
        key: Answer(passed=a.passed, score=a.score, justification=why)
        for key, a in factories.answers(review.criteria_set, score=score).items()
    }
    services.submit_review(review=review, actor=reviewer, has_conflict=False, answers=answers)


def snapshot(experience) -> tuple:
    experience.refresh_from_db()
    return (
        experience.status,
        experience.reconciliation_mode,
        StatusChange.objects.filter(experience=experience).count(),
        experience.reviews.count(),
        experience.notes.count(),
    )


@pytest.fixture
def people(submitter, curator, member, reviewers):
    return {
        "anonymous": None,
        "member": member,
        "submitter": submitter,
        "curator": curator,
        "reviewer": reviewers[0],
        "other reviewer": reviewers[1],
        "unassigned reviewer": reviewers[2],
    }


# --- The curation page ----------------------------------------------------------------------

# persona -> status code of the curation page, for a draft and for a record in review.
FOLLOW = {
    "anonymous": (302, 302),  # to the log-in page, which tells nothing about the record
    "member": (404, 404),
    "submitter": (200, 200),
    "curator": (200, 200),
    "reviewer": (404, 200),
    "other reviewer": (404, 200),
    "unassigned reviewer": (404, 404),
}


@pytest.mark.parametrize("persona", sorted(FOLLOW))
def test_the_curation_page_is_for_the_submitter_curators_and_assigned_reviewers(
    people, submitter, curator, reviewers, persona
):
    draft = factories.draft(submitter)
    in_review = factories.in_review(submitter, curator, reviewers[:2])
    client = client_for(people[persona])
    codes = tuple(client.get(url(e)).status_code for e in (draft, in_review))
    assert codes == FOLLOW[persona]
    if persona == "anonymous":
        location = client.get(url(draft))["Location"]
        assert location.startswith("/en/accounts/login/")
    if FOLLOW[persona][0] != 200:
        assert draft.title_en not in client.get(url(draft)).content.decode()


def test_a_missing_record_and_a_hidden_one_look_the_same(member, submitter):
    draft = factories.draft(submitter)
    client = client_for(member)
    hidden = client.get(url(draft))
    missing = client.get("/en/compendium/curation/CE-2001-9999/")
    assert hidden.status_code == missing.status_code == 404


def test_a_recused_reviewer_no_longer_follows_the_record(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    services.submit_review(
        review=experience.reviews.get(reviewer=reviewers[0]),
        actor=reviewers[0],
        has_conflict=True,
        conflict_statement="I am the author's sister.",
    )
    client = client_for(reviewers[0])
    assert client.get(url(experience)).status_code == 404
    # Their own declaration stays readable on the review page.
    page = client.get(url(experience, "review/"))
    assert page.status_code == 200
    assert "I am the author&#x27;s sister." in page.content.decode()


# --- Drafts on the public pages -------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "submitted", "in-review", "declined"])
def test_the_public_record_page_never_shows_a_record_in_curation(
    submitter, curator, reviewers, member, status
):
    if status == "draft":
        experience = factories.draft(submitter)
    elif status == "submitted":
        experience = factories.submitted(submitter)
    else:
        experience = factories.reviewed(submitter, curator, reviewers[:2])
        if status == "declined":
            services.decide(experience=experience, actor=curator, accept=False, reasons="No.")
    path = detail_url(experience)
    if path is None:
        pytest.skip("the public record page is not built yet")
    for user in (None, member, reviewers[2]):
        response = client_for(user).get(path)
        assert response.status_code == 404
        assert experience.title_en not in response.content.decode()
    # The people following it are sent to the curation page instead.
    for user in (submitter, curator):
        response = client_for(user).get(path)
        assert response.status_code == 302
        assert response["Location"] == url(experience)


def test_the_published_record_page_shows_no_review(submitter, curator, reviewers, member):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(experience, reviewers[0], 2, RITA_SAYS)
    hand_in(experience, reviewers[1], 3, ROB_SAYS)
    services.add_note(experience=experience, actor=curator, kind=NoteKind.INTERNAL, body=INTERNAL)
    services.decide(experience=experience, actor=curator, accept=True)
    path = detail_url(experience)
    if path is None:
        pytest.skip("the public record page is not built yet")
    for user in (None, member, submitter, reviewers[0], curator):
        html = client_for(user).get(path).content.decode()
        assert RITA_SAYS not in html and ROB_SAYS not in html and INTERNAL not in html


# --- Reviews --------------------------------------------------------------------------------


def test_the_review_page_is_for_the_assigned_reviewer_only(
    people, submitter, curator, reviewers, staff
):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    expected = {
        "anonymous": 302,
        "member": 403,
        "unassigned reviewer": 403,
        "submitter": 403,
        "curator": 403,
        "reviewer": 200,
        "other reviewer": 200,
    }
    actual = {
        persona: client_for(user).get(url(experience, "review/")).status_code
        for persona, user in people.items()
    }
    assert actual == expected
    for user in (submitter, people["member"]):
        refused = client_for(user).get(url(experience, "review/")).content.decode()
        assert "Only the reviewers assigned to this record can review it." in refused
        assert experience.title_en not in refused
    assert client_for(staff).get(url(experience, "review/")).status_code == 403


def test_a_reviewer_sees_no_other_review_before_handing_in_theirs(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(experience, reviewers[1], 3, ROB_SAYS)
    rita = client_for(reviewers[0])
    pages = [
        rita.get(url(experience)),
        rita.get(url(experience, "review/")),
        rita.post(url(experience, "review/"), {"step": "declare", "conflict": "no"}),
        rita.get("/en/compendium/curation/mine/"),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert ROB_SAYS not in html
        assert "Rob Reviewer" not in html
    # Once hers is in, she reads his.
    hand_in(experience, reviewers[0], 2, RITA_SAYS)
    html = rita.get(url(experience, "review/")).content.decode()
    assert ROB_SAYS in html and RITA_SAYS in html


def test_a_curator_who_also_reviews_stays_blind_until_handing_in(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, [reviewers[0], curator])
    hand_in(experience, reviewers[0], 0, RITA_SAYS)
    client = client_for(curator)
    html = client.get(url(experience)).content.decode()
    assert RITA_SAYS not in html
    assert "the other reviews stay hidden until you hand in yours" in html
    hand_in(experience, curator, 3, ROB_SAYS)
    html = client.get(url(experience)).content.decode()
    assert RITA_SAYS in html


def test_a_curator_who_submitted_the_record_never_sees_its_reviews(curator, reviewers):
    experience = factories.in_review(curator, curator, reviewers[:2])
    hand_in(experience, reviewers[0], 2, RITA_SAYS)
    hand_in(experience, reviewers[1], 2, ROB_SAYS)
    html = client_for(curator).get(url(experience)).content.decode()
    assert RITA_SAYS not in html and ROB_SAYS not in html
    assert "You submitted this record, so its reviews are hidden from you." in html
    assert not can(curator, "read", experience.reviews.first())


def test_the_submitter_sees_neither_reviews_nor_the_reconciliation(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(experience, reviewers[0], 0, RITA_SAYS)
    hand_in(experience, reviewers[1], 3, ROB_SAYS)
    services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    services.add_note(
        experience=experience, actor=reviewers[0], kind=NoteKind.RECONCILIATION, body="I'd say 1."
    )
    services.add_note(experience=experience, actor=curator, kind=NoteKind.INTERNAL, body=INTERNAL)
    html = client_for(submitter).get(url(experience)).content.decode()
    for secret in (
        RITA_SAYS,
        ROB_SAYS,
        "I&#x27;d say 1.",
        INTERNAL,
        "Rita Reviewer",
        "Rob Reviewer",
    ):
        assert secret not in html
    # The reviewers read the discussion, not the curators' internal notes.
    html = client_for(reviewers[1]).get(url(experience)).content.decode()
    assert "I&#x27;d say 1." in html and INTERNAL not in html


def test_the_policy_on_reading_reviews(submitter, curator, reviewers, member):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    rita, rob = (experience.reviews.get(reviewer=r) for r in reviewers[:2])
    hand_in(experience, reviewers[1], 3, ROB_SAYS)
    rob.refresh_from_db()
    assert can(reviewers[1], "read", rob)
    assert can(curator, "read", rob)
    assert not can(reviewers[0], "read", rob)  # Rita has not handed in yet
    assert not can(submitter, "read", rob)
    assert not can(member, "read", rob)
    hand_in(experience, reviewers[0], 2, RITA_SAYS)
    assert can(reviewers[0], "read", rob)
    assert not can(submitter, "read", rita)


# --- The submitter never reviews their own record -------------------------------------------


def test_the_submitter_cannot_be_assigned_from_the_page(submitter, curator, reviewers):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    services.start_screening(experience=experience, actor=curator)
    page = client_for(curator).get(url(experience))
    assert f'value="{submitter.pk}"' not in page.content.decode()
    before = snapshot(experience)
    for post in (
        {"reviewers": [reviewers[0].pk, submitter.pk]},
        {"reviewers": [reviewers[0].pk], "emails": submitter.email},
    ):
        response = client_for(curator).post(url(experience, "assign/"), post)
        assert response.status_code == 400
        assert "Sara Submitter submitted this record and cannot review it." in (
            response.content.decode()
        )
        assert snapshot(experience) == before
    assert not Review.objects.filter(experience=experience, reviewer=submitter).exists()


def test_a_submitter_who_somehow_holds_a_review_is_still_refused(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    # A review row for the submitter can only be made behind the services' back.
    Review.objects.create(
        experience=experience,
        reviewer=submitter,
        criteria_set=factories.active_criteria(),
    )
    criteria_set = factories.active_criteria()
    data = {"step": "score", "comments": ""}
    for c in criteria_set.criteria.all():
        data[f"{'gate' if c.kind == 'gate' else 'score'}-{c.key}"] = (
            "pass" if c.kind == "gate" else "3"
        )
        data[f"justification-{c.key}"] = "Mine is great."
    response = client_for(submitter).post(url(experience, "review/"), data)
    assert response.status_code == 403
    review = experience.reviews.get(reviewer=submitter)
    assert review.state == ReviewState.ASSIGNED and not review.scores.exists()


# --- Outsiders and members get nothing, and change nothing ----------------------------------


@pytest.mark.parametrize(("tail", "post"), CURATOR_POSTS)
def test_outsiders_and_members_cannot_act(submitter, curator, reviewers, member, tail, post):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    before = snapshot(experience)
    assert client_for(None).post(url(experience, tail), post).status_code == 302
    assert client_for(member).post(url(experience, tail), post).status_code == 404
    # The submitter and the reviewers follow the record but are not curators.
    for user in (submitter, reviewers[0]):
        response = client_for(user).post(url(experience, tail), post)
        assert response.status_code == 403
        assert "Only the curators can do this." in response.content.decode()
    assert snapshot(experience) == before


def test_nobody_else_submits_or_reviews(submitter, curator, reviewers, member):
    draft = factories.draft(submitter)
    for user, code in ((None, 302), (member, 404), (reviewers[2], 404)):
        assert client_for(user).post(url(draft, "submit/")).status_code == code
    assert snapshot(draft)[0] == Status.DRAFT
    experience = factories.in_review(submitter, curator, reviewers[:2])
    before = snapshot(experience)
    declare = {"step": "declare", "conflict": "yes", "statement": "x"}
    for tail in ("review/", "review/revise/", "review/discuss/"):
        assert client_for(member).post(url(experience, tail), declare).status_code == 403
        assert client_for(curator).post(url(experience, tail), declare).status_code == 403
        assert client_for(submitter).post(url(experience, tail), declare).status_code == 403
    assert snapshot(experience) == before


def test_a_reviewer_cannot_post_into_a_discussion_before_handing_in(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2], scores=(0, 3))
    services.choose_reconciliation(
        experience=experience, actor=curator, mode="third-reviewer", third_reviewer=reviewers[2]
    )
    before = snapshot(experience)
    response = client_for(reviewers[2]).post(url(experience, "review/discuss/"), {"body": "Hi"})
    assert response.status_code == 403
    assert snapshot(experience) == before


def test_an_outsider_cannot_see_the_lists(member):
    assert client_for(None).get("/en/compendium/curation/mine/").status_code == 302
    page = client_for(MemberFactory()).get("/en/compendium/curation/mine/")
    assert page.status_code == 200
    assert "You have not shared an experience yet." in page.content.decode()
    assert client_for(member).get("/en/compendium/curation/").status_code == 403
