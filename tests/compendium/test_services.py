"""The workflow's rules, one service function at a time.

Each step is tried from every state it starts from and from the states it must refuse; a
refused step raises ``WorkflowError`` (400) or ``Refused`` (403) and changes nothing. The
label rule is checked through ``decide``, on the shipped criteria set (two key criteria:
effectiveness, community participation and ownership; best practice from 2.25, promising
from 1.5). Emails are sent once the transaction commits, in the recipient's language.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from baraza.compendium import services
from baraza.compendium.models import (
    CriteriaSet,
    CurationNote,
    Label,
    NoteKind,
    Review,
    ReviewState,
    Status,
    StatusChange,
)
from baraza.compendium.services import Answer, WorkflowError
from baraza.core.policies import Refused
from tests.compendium import factories
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ALL_STATES = [s.value for s in Status]


def _state(experience) -> tuple[str, int]:
    """What a refused step must leave untouched: the status and the history."""
    experience.refresh_from_db()
    return experience.status, StatusChange.objects.filter(experience=experience).count()


def _force(experience, status: str):
    """Put a record in ``status`` directly: only to try a step from a state it refuses."""
    type(experience).objects.filter(pk=experience.pk).update(status=status)
    experience.refresh_from_db()
    return experience


def hand_in(experience, reviewer, score: int = 2, passed: bool = True, **per_key):
    review = experience.reviews.get(reviewer=reviewer)
    return services.submit_review(
        review=review,
        actor=reviewer,
        has_conflict=False,
        answers=factories.answers(review.criteria_set, score=score, passed=passed, **per_key),
    )


def decide_with(submitter, curator, reviewers, per_reviewer: list[dict]):
    """Publish a record whose reviewers answered ``per_reviewer`` (score + overrides)."""
    experience = factories.in_review(submitter, curator, reviewers[: len(per_reviewer)])
    for reviewer, answers in zip(reviewers, per_reviewer, strict=False):
        hand_in(experience, reviewer, **answers)
    experience.refresh_from_db()
    return experience


def _recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


# --- submit ---------------------------------------------------------------------------------


def test_submitting_a_draft_sends_it_to_the_curators(submitter, curator):
    experience = factories.draft(submitter)
    services.submit(experience=experience, actor=submitter)
    experience.refresh_from_db()
    assert experience.status == Status.SUBMITTED
    assert experience.submitted_at is not None
    assert list(
        StatusChange.objects.filter(experience=experience).values_list("from_status", "to_status")
    ) == [("", Status.DRAFT), (Status.DRAFT, Status.SUBMITTED)]


def test_submitting_after_changes_makes_it_resubmitted(submitter, curator):
    experience = factories.submitted(submitter)
    first_submitted_at = experience.submitted_at
    services.request_changes(experience=experience, actor=curator, message="Add the costs.")
    services.submit(experience=experience, actor=submitter)
    experience.refresh_from_db()
    assert experience.status == Status.RESUBMITTED
    assert experience.submitted_at == first_submitted_at


@pytest.mark.parametrize(
    "status", [s for s in ALL_STATES if s not in (Status.DRAFT, Status.CHANGES_REQUESTED)]
)
def test_submit_is_refused_from_every_other_state(submitter, status):
    experience = _force(factories.draft(submitter), status)
    before = _state(experience)
    with pytest.raises((WorkflowError, Refused)):
        services.submit(experience=experience, actor=submitter)
    assert _state(experience) == before


def test_screening_problems_block_the_submission_with_their_messages(submitter):
    experience = factories.draft(submitter, title_en="", rights_confirmed=False, references=[])
    experience.evidence_description_en = ""
    services.save_draft(
        experience=experience, actor=submitter, values={"evidence_description_en": ""}
    )
    with pytest.raises(services.ScreeningFailed) as caught:
        services.submit(experience=experience, actor=submitter)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["title", "references", "rights_confirmed"]
    assert "Confirm that you have the right to share this material." in caught.value.messages
    assert _state(experience)[0] == Status.DRAFT


def test_only_the_submitter_or_a_curator_submits(submitter, member, curator):
    experience = factories.draft(submitter)
    with pytest.raises(Refused):
        services.submit(experience=experience, actor=member)
    assert _state(experience)[0] == Status.DRAFT
    services.submit(experience=experience, actor=curator)
    assert _state(experience)[0] == Status.SUBMITTED


# --- screening and changes ------------------------------------------------------------------


@pytest.mark.parametrize("status", ALL_STATES)
def test_screening_starts_only_from_submitted_or_resubmitted(submitter, curator, status):
    experience = _force(factories.draft(submitter), status)
    before = _state(experience)
    if status in (Status.SUBMITTED, Status.RESUBMITTED):
        services.start_screening(experience=experience, actor=curator)
        assert _state(experience)[0] == Status.SCREENING
    else:
        with pytest.raises(WorkflowError):
            services.start_screening(experience=experience, actor=curator)
        assert _state(experience) == before


def test_only_curators_screen(submitter, member):
    experience = factories.submitted(submitter)
    for person in (member, submitter):
        with pytest.raises(Refused):
            services.start_screening(experience=experience, actor=person)
    assert _state(experience)[0] == Status.SUBMITTED


@pytest.mark.parametrize("status", ALL_STATES)
def test_changes_are_requested_only_before_review(submitter, curator, status):
    experience = _force(factories.draft(submitter), status)
    before = _state(experience)
    allowed = (Status.SUBMITTED, Status.RESUBMITTED, Status.SCREENING)
    if status in allowed:
        services.request_changes(experience=experience, actor=curator, message="Add the costs.")
        assert _state(experience)[0] == Status.CHANGES_REQUESTED
        note = CurationNote.objects.get(experience=experience)
        assert (note.kind, note.body, note.author) == (NoteKind.FEEDBACK, "Add the costs.", curator)
    else:
        with pytest.raises(WorkflowError):
            services.request_changes(experience=experience, actor=curator, message="Add it.")
        assert _state(experience) == before
        assert not CurationNote.objects.filter(experience=experience).exists()


def test_a_request_for_changes_needs_a_message(submitter, curator):
    experience = factories.submitted(submitter)
    with pytest.raises(WorkflowError) as caught:
        services.request_changes(experience=experience, actor=curator, message="   ")
    assert caught.value.messages == ["Tell the submitter what to change."]
    assert _state(experience)[0] == Status.SUBMITTED


# --- assigning reviewers --------------------------------------------------------------------


@pytest.mark.parametrize("status", ALL_STATES)
def test_reviewers_are_assigned_from_screening_states_only(submitter, curator, reviewers, status):
    factories.active_criteria()
    experience = _force(factories.draft(submitter), status)
    before = _state(experience)
    allowed = (Status.SUBMITTED, Status.RESUBMITTED, Status.SCREENING, Status.IN_REVIEW)
    if status in allowed:
        created = services.assign_reviewers(
            experience=experience, actor=curator, reviewers=reviewers[:2]
        )
        assert [r.reviewer for r in created] == reviewers[:2]
        assert _state(experience)[0] == Status.IN_REVIEW
    else:
        with pytest.raises(WorkflowError):
            services.assign_reviewers(experience=experience, actor=curator, reviewers=reviewers[:2])
        assert _state(experience) == before
        assert not Review.objects.filter(experience=experience).exists()


def test_at_least_two_reviewers(submitter, curator, reviewers):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    with pytest.raises(WorkflowError) as caught:
        services.assign_reviewers(experience=experience, actor=curator, reviewers=reviewers[:1])
    assert caught.value.messages == ["Assign at least 2 independent reviewers."]
    # The same person twice is one reviewer.
    with pytest.raises(WorkflowError):
        services.assign_reviewers(
            experience=experience, actor=curator, reviewers=[reviewers[0], reviewers[0]]
        )
    assert _state(experience)[0] == Status.SUBMITTED
    assert not Review.objects.filter(experience=experience).exists()


def test_the_submitter_can_never_be_assigned(submitter, curator, reviewers):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    with pytest.raises(Refused) as caught:
        services.assign_reviewers(
            experience=experience, actor=curator, reviewers=[reviewers[0], submitter]
        )
    assert str(caught.value.reason) == "Sara Submitter submitted this record and cannot review it."
    assert not Review.objects.filter(experience=experience).exists()
    assert _state(experience)[0] == Status.SUBMITTED


def test_a_curator_who_submitted_cannot_review_their_own_record(curator, reviewers):
    factories.active_criteria()
    experience = factories.submitted(curator)
    with pytest.raises(Refused):
        services.assign_reviewers(
            experience=experience, actor=curator, reviewers=[reviewers[0], curator]
        )


def test_already_assigned_reviewers_are_not_assigned_again(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    with pytest.raises(WorkflowError) as caught:
        services.assign_reviewers(experience=experience, actor=curator, reviewers=reviewers[:2])
    assert caught.value.messages == ["These reviewers are already assigned."]
    assert experience.reviews.count() == 2


def test_only_curators_assign(submitter, member, reviewers):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    with pytest.raises(Refused):
        services.assign_reviewers(experience=experience, actor=member, reviewers=reviewers[:2])
    assert not Review.objects.filter(experience=experience).exists()


def test_assigning_needs_an_active_criteria_set(submitter, curator, reviewers):
    CriteriaSet.objects.update(state=CriteriaSet.State.RETIRED)
    experience = factories.submitted(submitter)
    with pytest.raises(WorkflowError) as caught:
        services.assign_reviewers(experience=experience, actor=curator, reviewers=reviewers[:2])
    assert caught.value.messages == [
        "No criteria set is active: a curator must activate one first."
    ]
    assert _state(experience)[0] == Status.SUBMITTED


def test_assigned_reviewers_are_told_by_email(
    submitter, curator, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    factories.active_criteria()
    experience = factories.submitted(submitter)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewers(experience=experience, actor=curator, reviewers=reviewers[:2])
    assert _recipients(mailoutbox) == sorted(r.email for r in reviewers[:2])
    assert all(experience.identifier in m.subject for m in mailoutbox)


# --- reviewing ------------------------------------------------------------------------------


def test_a_review_stores_every_answer_and_its_first_value(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    review = hand_in(experience, reviewers[0], score=3, ethics=False)
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED
    assert review.has_conflict is False
    scores = {s.criterion.key: s for s in review.scores.select_related("criterion")}
    assert len(scores) == 11
    assert (scores["ethics"].passed, scores["ethics"].initial_passed) == (False, False)
    assert (scores["effectiveness"].score, scores["effectiveness"].initial_score) == (3, 3)
    assert _state(experience)[0] == Status.IN_REVIEW


def test_a_conflict_of_interest_stands_the_reviewer_down(
    submitter, curator, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    review = experience.reviews.get(reviewer=reviewers[0])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_review(
            review=review,
            actor=reviewers[0],
            has_conflict=True,
            conflict_statement="I led this project.",
        )
    review.refresh_from_db()
    assert (review.state, review.has_conflict, review.conflict_statement) == (
        ReviewState.RECUSED,
        True,
        "I led this project.",
    )
    assert not review.scores.exists()
    assert _recipients(mailoutbox) == [curator.email]
    # A replacement: one more reviewer is enough, since one active reviewer remains.
    services.assign_reviewers(experience=experience, actor=curator, reviewers=[reviewers[2]])
    assert experience.reviews.exclude(state=ReviewState.RECUSED).count() == 2


def test_a_conflict_needs_a_statement(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    review = experience.reviews.get(reviewer=reviewers[0])
    with pytest.raises(WorkflowError) as caught:
        services.submit_review(review=review, actor=reviewers[0], has_conflict=True)
    assert caught.value.messages == ["Describe the conflict of interest."]
    review.refresh_from_db()
    assert review.state == ReviewState.ASSIGNED


def test_only_the_assigned_reviewer_writes_the_review(submitter, curator, reviewers, member):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    review = experience.reviews.get(reviewer=reviewers[0])
    criteria_set = review.criteria_set
    for person in (reviewers[1], member, submitter, curator):
        with pytest.raises(Refused):
            services.submit_review(
                review=review,
                actor=person,
                has_conflict=False,
                answers=factories.answers(criteria_set),
            )
    review.refresh_from_db()
    assert review.state == ReviewState.ASSIGNED
    assert not review.scores.exists()


def test_a_review_is_handed_in_once(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:3])
    hand_in(experience, reviewers[0], score=2)
    with pytest.raises(WorkflowError) as caught:
        hand_in(experience, reviewers[0], score=3)
    assert caught.value.messages == ["This review has already been handed in."]
    assert {s.score for s in experience.reviews.get(reviewer=reviewers[0]).scores.all()} == {
        None,
        2,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"effectiveness": Answer(score=4, justification="Too high.")}, "from 0 to 3"),
        ({"effectiveness": Answer(score=-1, justification="Too low.")}, "from 0 to 3"),
        ({"effectiveness": Answer(score=None, justification="Missing.")}, "from 0 to 3"),
        ({"ethics": Answer(passed=None, justification="Undecided.")}, "passes"),
        ({"effectiveness": Answer(score=2, justification="  ")}, "Justify"),
        ({"made-up": Answer(score=2, justification="Extra.")}, "Unknown criteria: made-up."),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(
    submitter, curator, reviewers, change, message
):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    review = experience.reviews.get(reviewer=reviewers[0])
    answers = {**factories.answers(review.criteria_set), **change}
    with pytest.raises(WorkflowError) as caught:
        services.submit_review(
            review=review, actor=reviewers[0], has_conflict=False, answers=answers
        )
    assert any(message in m for m in caught.value.messages), caught.value.messages
    review.refresh_from_db()
    assert review.state == ReviewState.ASSIGNED
    assert not review.scores.exists()


def test_a_missing_answer_is_named(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    review = experience.reviews.get(reviewer=reviewers[0])
    answers = factories.answers(review.criteria_set)
    del answers["sustainability"]
    with pytest.raises(WorkflowError) as caught:
        services.submit_review(
            review=review, actor=reviewers[0], has_conflict=False, answers=answers
        )
    assert caught.value.messages == ["Answer “Sustainability”."]


def test_no_review_once_the_record_is_decided(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:3])
    hand_in(experience, reviewers[0])
    hand_in(experience, reviewers[1])
    # The third reviewer stands down so the curator can decide; then nobody can review.
    services.submit_review(
        review=experience.reviews.get(reviewer=reviewers[2]),
        actor=reviewers[2],
        has_conflict=True,
        conflict_statement="My employer funded it.",
    )
    services.decide(experience=experience, actor=curator, accept=True)
    review = experience.reviews.get(reviewer=reviewers[2])
    Review.objects.filter(pk=review.pk).update(state=ReviewState.ASSIGNED)
    with pytest.raises(WorkflowError):
        hand_in(experience, reviewers[2])


def test_when_every_review_is_in_the_curators_are_told(
    submitter, curator, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hand_in(experience, reviewers[0], score=2)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        hand_in(experience, reviewers[1], score=3)
    assert _recipients(mailoutbox) == [curator.email]
    assert experience.identifier in mailoutbox[0].subject
    assert _state(experience)[0] == Status.IN_REVIEW


# --- reconciliation -------------------------------------------------------------------------


def test_scores_one_apart_need_no_reconciliation(submitter, curator, reviewers):
    experience = decide_with(submitter, curator, reviewers, [{"score": 1}, {"score": 2}])
    assert experience.status == Status.IN_REVIEW


def test_scores_two_apart_start_reconciliation(submitter, curator, reviewers):
    experience = decide_with(
        submitter, curator, reviewers, [{"score": 2}, {"score": 2, "sustainability": 0}]
    )
    assert experience.status == Status.RECONCILIATION
    assert services.outcome(experience).disagreements == ["sustainability"]


def test_a_split_on_a_gate_starts_reconciliation(submitter, curator, reviewers):
    experience = decide_with(
        submitter, curator, reviewers, [{"score": 2}, {"score": 2, "ethics": False}]
    )
    assert experience.status == Status.RECONCILIATION
    assert services.outcome(experience).disagreements == ["ethics"]


def test_the_threshold_comes_from_the_criteria_set(submitter, curator, reviewers):
    CriteriaSet.objects.filter(state=CriteriaSet.State.ACTIVE).update(disagreement_threshold=1)
    experience = decide_with(submitter, curator, reviewers, [{"score": 1}, {"score": 2}])
    assert experience.status == Status.RECONCILIATION


def _reconciling(submitter, curator, reviewers):
    return decide_with(submitter, curator, reviewers, [{"score": 1}, {"score": 3}])


@pytest.mark.parametrize("status", [s for s in ALL_STATES if s != Status.RECONCILIATION])
def test_reconciliation_is_chosen_only_in_reconciliation(submitter, curator, reviewers, status):
    experience = _force(factories.reviewed(submitter, curator, reviewers[:2]), status)
    with pytest.raises(WorkflowError):
        services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    experience.refresh_from_db()
    assert experience.reconciliation_mode == ""


def test_a_discussion_tells_the_reviewers(
    submitter, curator, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    experience = _reconciling(submitter, curator, reviewers)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    experience.refresh_from_db()
    assert experience.reconciliation_mode == "discussion"
    assert _recipients(mailoutbox) == sorted(r.email for r in reviewers[:2])


def test_reconciliation_mode_must_be_known(submitter, curator, reviewers):
    experience = _reconciling(submitter, curator, reviewers)
    with pytest.raises(WorkflowError):
        services.choose_reconciliation(experience=experience, actor=curator, mode="coin-toss")
    with pytest.raises(WorkflowError) as caught:
        services.choose_reconciliation(experience=experience, actor=curator, mode="third-reviewer")
    assert caught.value.messages == ["Choose the third reviewer."]
    experience.refresh_from_db()
    assert experience.reconciliation_mode == ""


def test_a_third_reviewer_breaks_the_tie_and_counts_like_the_others(
    submitter, curator, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    experience = decide_with(
        submitter, curator, reviewers, [{"score": 3}, {"score": 3, "ethics": False}]
    )
    assert experience.status == Status.RECONCILIATION
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.choose_reconciliation(
            experience=experience,
            actor=curator,
            mode="third-reviewer",
            third_reviewer=reviewers[2],
        )
    third = experience.reviews.get(reviewer=reviewers[2])
    assert third.is_tiebreak and third.state == ReviewState.ASSIGNED
    assert _recipients(mailoutbox) == [reviewers[2].email]
    # A decision waits for the third review.
    with pytest.raises(WorkflowError):
        services.decide(experience=experience, actor=curator, accept=True)
    hand_in(experience, reviewers[2], score=3)
    experience.refresh_from_db()
    assert experience.status == Status.RECONCILIATION
    result = services.outcome(experience)
    assert result.consensus["ethics"] is True  # two passes out of three
    services.decide(experience=experience, actor=curator, accept=True)
    experience.refresh_from_db()
    assert (experience.status, experience.label) == (Status.PUBLISHED, Label.BEST)


def test_the_third_reviewer_is_never_the_submitter_nor_a_reviewer(submitter, curator, reviewers):
    experience = _reconciling(submitter, curator, reviewers)
    with pytest.raises(Refused):
        services.choose_reconciliation(
            experience=experience, actor=curator, mode="third-reviewer", third_reviewer=submitter
        )
    with pytest.raises(WorkflowError) as caught:
        services.choose_reconciliation(
            experience=experience,
            actor=curator,
            mode="third-reviewer",
            third_reviewer=reviewers[0],
        )
    assert caught.value.messages == ["The third reviewer must not have reviewed this record."]
    assert experience.reviews.count() == 2


def test_only_curators_choose_the_reconciliation(submitter, curator, reviewers):
    experience = _reconciling(submitter, curator, reviewers)
    for person in (reviewers[0], submitter):
        with pytest.raises(Refused):
            services.choose_reconciliation(experience=experience, actor=person, mode="discussion")


def test_in_a_discussion_a_reviewer_revises_and_the_first_scores_stay(
    submitter, curator, reviewers
):
    experience = _reconciling(submitter, curator, reviewers)
    services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    review = experience.reviews.get(reviewer=reviewers[0])
    services.revise_review(
        review=review,
        actor=reviewers[0],
        answers=factories.answers(review.criteria_set, score=2),
    )
    review.refresh_from_db()
    assert review.revised_at is not None
    assert {(s.score, s.initial_score) for s in review.scores.exclude(score=None)} == {(2, 1)}
    assert services.outcome(experience).disagreements == []


def test_revising_is_for_discussions_only(submitter, curator, reviewers):
    experience = _reconciling(submitter, curator, reviewers)
    review = experience.reviews.get(reviewer=reviewers[0])
    answers = factories.answers(review.criteria_set, score=2)
    with pytest.raises(WorkflowError) as caught:
        services.revise_review(review=review, actor=reviewers[0], answers=answers)
    assert caught.value.messages == ["Scores can be revised only in a reconciliation discussion."]
    services.choose_reconciliation(
        experience=experience, actor=curator, mode="third-reviewer", third_reviewer=reviewers[2]
    )
    with pytest.raises(WorkflowError):
        services.revise_review(review=review, actor=reviewers[0], answers=answers)
    assert {s.score for s in review.scores.exclude(score=None)} == {1}


def test_nobody_else_revises_a_review(submitter, curator, reviewers):
    experience = _reconciling(submitter, curator, reviewers)
    services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    review = experience.reviews.get(reviewer=reviewers[0])
    for person in (reviewers[1], curator, submitter):
        with pytest.raises(Refused):
            services.revise_review(
                review=review, actor=person, answers=factories.answers(review.criteria_set)
            )
    assert {s.score for s in review.scores.exclude(score=None)} == {1}


def test_revised_answers_are_validated(submitter, curator, reviewers):
    experience = _reconciling(submitter, curator, reviewers)
    services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
    review = experience.reviews.get(reviewer=reviewers[0])
    answers = factories.answers(review.criteria_set, effectiveness=9)
    with pytest.raises(WorkflowError):
        services.revise_review(review=review, actor=reviewers[0], answers=answers)
    assert {s.score for s in review.scores.exclude(score=None)} == {1}


# --- notes ----------------------------------------------------------------------------------


def test_the_reconciliation_discussion_is_for_reviewers_who_handed_in_and_curators(
    submitter, curator, reviewers, member
):
    experience = _reconciling(submitter, curator, reviewers)
    services.choose_reconciliation(
        experience=experience, actor=curator, mode="third-reviewer", third_reviewer=reviewers[2]
    )
    services.add_note(
        experience=experience, actor=reviewers[0], kind=NoteKind.RECONCILIATION, body="I gave 1."
    )
    services.add_note(
        experience=experience, actor=curator, kind=NoteKind.RECONCILIATION, body="Thanks."
    )
    # The third reviewer has not handed in; the submitter and others never take part.
    for person in (reviewers[2], submitter, member):
        with pytest.raises(Refused):
            services.add_note(
                experience=experience, actor=person, kind=NoteKind.RECONCILIATION, body="Hello"
            )
    assert list(
        CurationNote.objects.filter(experience=experience).values_list("author", "body")
    ) == [(reviewers[0].pk, "I gave 1."), (curator.pk, "Thanks.")]


def test_no_reconciliation_note_outside_reconciliation(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2])
    with pytest.raises(Refused):
        services.add_note(
            experience=experience, actor=reviewers[0], kind=NoteKind.RECONCILIATION, body="Hi"
        )


def test_feedback_reaches_the_submitter_and_internal_notes_do_not(
    submitter, curator, mailoutbox, django_capture_on_commit_callbacks
):
    experience = factories.submitted(submitter)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(
            experience=experience, actor=curator, kind=NoteKind.INTERNAL, body="Looks good."
        )
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(
            experience=experience, actor=curator, kind=NoteKind.FEEDBACK, body="Thank you!"
        )
    assert _recipients(mailoutbox) == [submitter.email]


def test_members_cannot_write_curation_notes(submitter, member, curator):
    experience = factories.submitted(submitter)
    for person in (member, submitter):
        for kind in (NoteKind.FEEDBACK, NoteKind.INTERNAL):
            with pytest.raises(Refused):
                services.add_note(experience=experience, actor=person, kind=kind, body="Hi")
    with pytest.raises(WorkflowError):
        services.add_note(experience=experience, actor=curator, kind=NoteKind.INTERNAL, body=" ")
    assert not CurationNote.objects.filter(experience=experience).exists()


# --- decisions and the label rule -----------------------------------------------------------


@pytest.mark.parametrize(
    "status", [s for s in ALL_STATES if s not in (Status.IN_REVIEW, Status.RECONCILIATION)]
)
def test_decide_is_refused_outside_review(submitter, curator, reviewers, status):
    experience = _force(factories.reviewed(submitter, curator, reviewers[:2]), status)
    before = _state(experience)
    with pytest.raises(WorkflowError):
        services.decide(experience=experience, actor=curator, accept=True)
    assert _state(experience) == before
    assert experience.versions.count() == 0


def test_a_draft_cannot_be_decided(submitter, curator):
    experience = factories.draft(submitter)
    with pytest.raises(WorkflowError) as caught:
        services.decide(experience=experience, actor=curator, accept=True)
    assert caught.value.messages == ["This step is not possible while the record is “Draft”."]


def test_a_decision_waits_for_every_review(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(experience, reviewers[0])
    with pytest.raises(WorkflowError) as caught:
        services.decide(experience=experience, actor=curator, accept=True)
    assert caught.value.messages == ["Wait for every assigned reviewer to hand in their review."]


def test_a_decision_needs_two_submitted_reviews(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    hand_in(experience, reviewers[0])
    services.submit_review(
        review=experience.reviews.get(reviewer=reviewers[1]),
        actor=reviewers[1],
        has_conflict=True,
        conflict_statement="A relative ran it.",
    )
    with pytest.raises(WorkflowError) as caught:
        services.decide(experience=experience, actor=curator, accept=True)
    assert caught.value.messages == ["A decision needs at least 2 submitted reviews."]
    assert _state(experience)[0] == Status.IN_REVIEW


def test_only_curators_decide(submitter, curator, reviewers):
    experience = factories.reviewed(submitter, curator, reviewers[:2])
    for person in (submitter, reviewers[0]):
        with pytest.raises(Refused):
            services.decide(experience=experience, actor=person, accept=True)
    assert _state(experience)[0] == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("per_reviewer", "label", "average"),
    [
        # Every criterion 3: the strongest tier.
        ([{"score": 3}, {"score": 3}], Label.BEST, "3.00"),
        # 2 and 3 everywhere: a mean of 2.5 reaches 2.25.
        ([{"score": 2}, {"score": 3}], Label.BEST, "2.50"),
        # A high average, but a key criterion (effectiveness) at 2 keeps it promising.
        (
            [{"score": 3, "effectiveness": 2}, {"score": 3, "effectiveness": 2}],
            Label.PROMISING,
            "2.86",
        ),
        # A high average, but one criterion's consensus below 1 keeps it promising.
        ([{"score": 3, "efficiency": 0}, {"score": 3, "efficiency": 0}], Label.PROMISING, "2.57"),
        # Exactly the promising threshold (1 and 2 everywhere: 1.5) is promising.
        ([{"score": 1}, {"score": 2}], Label.PROMISING, "1.50"),
        # Just below it is a documented experience.
        ([{"score": 1}, {"score": 1, "transferability": 2}], Label.DOCUMENTED, "1.07"),
        # A promising average, but a key criterion below 1.5: documented.
        (
            [
                {"score": 2, "participation-ownership": 1},
                {"score": 2, "participation-ownership": 1},
            ],
            Label.DOCUMENTED,
            "1.86",
        ),
        # Zero everywhere still passes the gates: documented.
        ([{"score": 0}, {"score": 0}], Label.DOCUMENTED, "0.00"),
    ],
)
def test_the_label_follows_the_published_rule(
    submitter, curator, reviewers, per_reviewer, label, average
):
    experience = decide_with(submitter, curator, reviewers, per_reviewer)
    assert services.outcome(experience).average == Decimal(average)
    services.decide(experience=experience, actor=curator, accept=True)
    experience.refresh_from_db()
    assert (experience.status, experience.label) == (Status.PUBLISHED, label)
    assert experience.criteria_set == CriteriaSet.objects.get(state=CriteriaSet.State.ACTIVE)
    assert experience.version_number == 1
    assert experience.versions.get().label == label


def test_a_failed_gate_cannot_be_published_only_declined(
    submitter, curator, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    experience = decide_with(
        submitter,
        curator,
        reviewers,
        [{"score": 3, "ethics": False}, {"score": 3, "ethics": False}],
    )
    assert experience.status == Status.IN_REVIEW  # they agree: no reconciliation
    result = services.outcome(experience)
    assert (result.label, result.failed_gates) == ("", ["ethics"])
    with pytest.raises(WorkflowError):
        services.decide(experience=experience, actor=curator, accept=True)
    assert _state(experience)[0] == Status.IN_REVIEW
    with pytest.raises(WorkflowError) as caught:
        services.decide(experience=experience, actor=curator, accept=False, reasons=" ")
    assert caught.value.messages == ["Give the reasons for declining."]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            experience=experience, actor=curator, accept=False, reasons="Consent is unclear."
        )
    experience.refresh_from_db()
    assert (experience.status, experience.decision_reasons) == (
        Status.DECLINED,
        "Consent is unclear.",
    )
    assert experience.versions.count() == 0
    assert CurationNote.objects.get(experience=experience).body == "Consent is unclear."
    assert _recipients(mailoutbox) == [submitter.email]


def test_a_tied_gate_fails(submitter, curator, reviewers):
    experience = decide_with(
        submitter, curator, reviewers, [{"score": 3}, {"score": 3, "relevance": False}]
    )
    result = services.outcome(experience)
    assert result.failed_gates == ["relevance"]
    assert result.disagreements == ["relevance"]


def test_publishing_tells_the_submitter(
    submitter, curator, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    experience = factories.reviewed(submitter, curator, reviewers[:2])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(experience=experience, actor=curator, accept=True, reasons="Clear.")
    assert _recipients(mailoutbox) == [submitter.email]
    assert experience.identifier in mailoutbox[0].subject


# --- withdrawal and direct publication ------------------------------------------------------


@pytest.mark.parametrize("status", [s for s in ALL_STATES if s != Status.PUBLISHED])
def test_only_published_records_are_withdrawn(submitter, curator, status):
    experience = _force(factories.draft(submitter), status)
    before = _state(experience)
    with pytest.raises(WorkflowError):
        services.withdraw(experience=experience, actor=curator, reason="Duplicate.")
    assert _state(experience) == before


def test_withdrawing_needs_a_reason_and_tells_the_submitter(
    submitter, curator, reviewers, member, mailoutbox, django_capture_on_commit_callbacks
):
    experience = factories.published(submitter, curator, reviewers[:2])
    with pytest.raises(WorkflowError):
        services.withdraw(experience=experience, actor=curator, reason="")
    with pytest.raises(Refused):
        services.withdraw(experience=experience, actor=member, reason="Spam.")
    assert _state(experience)[0] == Status.PUBLISHED
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(experience=experience, actor=curator, reason="A duplicate of CE-1.")
    experience.refresh_from_db()
    assert experience.status == Status.WITHDRAWN
    assert experience.withdrawal_reason == "A duplicate of CE-1."
    assert experience.withdrawn_at is not None
    assert _recipients(mailoutbox) == [submitter.email]


@pytest.mark.parametrize("status", ALL_STATES)
def test_direct_publication_skips_review_only_before_it(submitter, curator, status):
    experience = _force(factories.draft(submitter), status)
    allowed = (Status.DRAFT, Status.SUBMITTED, Status.SCREENING, Status.RESUBMITTED)
    if status in allowed:
        services.publish_directly(experience=experience, actor=curator)
        experience.refresh_from_db()
        assert (experience.status, experience.label, experience.version_number) == (
            Status.PUBLISHED,
            "",
            1,
        )
    else:
        before = _state(experience)
        with pytest.raises(WorkflowError):
            services.publish_directly(experience=experience, actor=curator)
        assert _state(experience) == before


def test_direct_publication_is_for_curators_and_complete_records(submitter, curator):
    experience = factories.draft(submitter, title_en="")
    with pytest.raises(Refused):
        services.publish_directly(experience=experience, actor=submitter)
    with pytest.raises(services.ScreeningFailed):
        services.publish_directly(experience=experience, actor=curator)
    assert _state(experience)[0] == Status.DRAFT


# --- emails in the recipient's language -----------------------------------------------------


def test_a_submission_is_announced_to_the_curators(
    submitter, curator, staff, mailoutbox, django_capture_on_commit_callbacks
):
    experience = factories.draft(submitter)
    other = MemberFactory(display_name="Inactive Curator", groups=["curators"])
    other.is_active = False
    other.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(experience=experience, actor=submitter)
    assert _recipients(mailoutbox) == [curator.email]
    assert mailoutbox[0].subject.endswith(f"New submission to screen: {experience.identifier}")
    assert f"/en/compendium/curation/{experience.identifier}/" in mailoutbox[0].body


def test_changes_requested_reach_a_french_submitter_in_french(
    submitter, curator, mailoutbox, django_capture_on_commit_callbacks
):
    assert submitter.language == "fr"
    experience = factories.submitted(submitter)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(experience=experience, actor=curator, message="Add the costs.")
    assert _recipients(mailoutbox) == [submitter.email]
    message = mailoutbox[0]
    assert experience.identifier in message.subject
    # The link points at the French pages: the email was rendered in French.
    assert f"/fr/compendium/curation/{experience.identifier}/" in message.body
    assert "Add the costs." not in message.body  # details stay on the page
