"""The demo compendium: the 36 records of the demo data set, published through the importer,
and records in every workflow state with feedback and reviews by demo members."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from baraza.accounts import demo as accounts_demo
from baraza.accounts.models import User
from baraza.compendium import demo, services
from baraza.compendium.models import (
    CurationNote,
    Experience,
    Label,
    NoteKind,
    ReviewState,
    Source,
    Status,
)

pytestmark = pytest.mark.django_db

SHARED = Path("/work/shared/data/ce-experiences-demo.json")


@pytest.fixture
def loaded_twice():
    """Load the demo twice (the second time must create nothing) and return its logins."""
    accounts_demo.load()
    demo.load()
    return demo.load()


def _workflow(state: str) -> Experience:
    return Experience.objects.get(external_key=f"demo-workflow:{state}")


def test_the_demo_data_set_is_a_copy_of_the_shared_one():
    if not SHARED.exists():
        pytest.skip("the shared data folder is not mounted here")
    assert filecmp.cmp(demo.DEMO_FILE, SHARED, shallow=False)


def test_the_demo_loads_36_published_records_and_every_workflow_state_once(loaded_twice):
    imported = Experience.objects.filter(source=Source.IMPORT)
    assert imported.count() == 36
    assert set(imported.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert set(imported.values_list("label", flat=True)) == {""}
    assert all(e.version_number == 1 for e in imported)

    workflow = Experience.objects.filter(external_key__startswith="demo-workflow:")
    assert workflow.count() == len(demo.RECORDS) == 11
    assert {e.status for e in workflow} == set(Status.values)
    assert Experience.objects.count() == 36 + 11
    assert [(role, email) for role, email, _password in loaded_twice] == [
        ("reviewer", "reviewer@example.org"),
        ("reviewer", "relectrice@example.org"),
    ]


def test_loading_the_demo_again_keeps_the_curators_edits(loaded_twice):
    curator = User.objects.get(email="curator@example.org")
    record = Experience.objects.filter(source=Source.IMPORT).first()
    services.publish_edit(
        experience=record,
        actor=curator,
        values={"outcomes_en": record.outcomes_en + " Checked by the curator."},
        change_note="Checked the figures.",
    )
    demo.load()
    record.refresh_from_db()
    assert record.version_number == 2
    assert record.outcomes_en.endswith("Checked by the curator.")
    assert Experience.objects.count() == 36 + 11

    curator = "curator@example.org"

    changes = _workflow("changes-requested")
    assert changes.status == Status.CHANGES_REQUESTED
    feedback = CurationNote.objects.get(experience=changes, kind=NoteKind.FEEDBACK)
    assert feedback.author.email == curator
    assert feedback.body == demo.FEEDBACK["changes-requested"]

    resubmitted = _workflow("resubmitted")
    assert resubmitted.status == Status.RESUBMITTED
    assert resubmitted.outcomes_fr.endswith("selon les rapports de gestion.")

    in_review = _workflow("in-review")
    assert sorted((r.reviewer.email, r.state) for r in in_review.reviews.all()) == [
        ("relectrice@example.org", ReviewState.ASSIGNED),
        ("reviewer@example.org", ReviewState.SUBMITTED),
    ]

    reconciliation = _workflow("reconciliation")
    assert reconciliation.status == Status.RECONCILIATION
    assert reconciliation.reconciliation_mode == "discussion"
    assert {r.state for r in reconciliation.reviews.all()} == {ReviewState.SUBMITTED}
    scores = {
        r.reviewer.email: sorted(s.score for s in r.scores.all() if s.score is not None)
        for r in reconciliation.reviews.all()
    }
    assert max(scores["reviewer@example.org"]) - min(scores["relectrice@example.org"]) == 3

    best, promising = _workflow("published-best"), _workflow("published-promising")
    assert (best.status, best.label, best.version_number) == (
        Status.PUBLISHED,
        Label.BEST,
        1,
    )
    assert (promising.status, promising.label) == (Status.PUBLISHED, Label.PROMISING)
    for record in (best, promising):
        assert record.criteria_set is not None
        assert record.reviews.filter(state=ReviewState.SUBMITTED).count() == 2
        assert not record.reviews.filter(reviewer=record.submitter).exists()

    declined = _workflow("declined")
    assert declined.status == Status.DECLINED
    assert declined.decision_reasons == demo.DECLINE_REASONS

    withdrawn = _workflow("withdrawn")
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.withdrawal_reason == demo.WITHDRAWAL_REASON
    assert withdrawn.version_number == 1

    draft = _workflow("draft")
    assert (draft.status, draft.submitter.email, draft.original_language) == (
        Status.DRAFT,
        "member@example.org",
        "fr",
    )
