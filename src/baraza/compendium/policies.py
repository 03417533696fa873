"""Who may see and move experiences through curation.

Published and withdrawn records are public (a withdrawn one shows only its tombstone). Every
other state, and every review, is visible only to the submitter, the curators and the
assigned reviewers; a reviewer sees other reviews only once their own is submitted, and a
submitter never reviews their own record.
"""

from __future__ import annotations

from dataclasses import dataclass

from baraza.compendium.models import Experience, Review, ReviewState, Status
from baraza.core.policies import rule

EDITABLE_BY_SUBMITTER = (Status.DRAFT, Status.CHANGES_REQUESTED)
EDITABLE_BY_CURATOR = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.SCREENING,
    Status.CHANGES_REQUESTED,
    Status.RESUBMITTED,
    Status.PUBLISHED,
)


def is_curator(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_baraza_curator", None)
    if cached is None:
        cached = user.groups.filter(name="curators").exists()
        user._baraza_curator = cached
    return cached


def is_reviewer_of(user, experience: Experience) -> bool:
    if not user.is_authenticated:
        return False
    return experience.reviews.filter(reviewer=user).exclude(state=ReviewState.RECUSED).exists()


@dataclass(frozen=True)
class Compendium:
    """The compendium as a whole: what one submits to and curates."""


@rule(Compendium, "submit")
def can_submit_new(user, _compendium) -> bool:
    return user.is_authenticated and user.is_active


@rule(Compendium, "curate", "import")
def can_curate_compendium(user, _compendium) -> bool:
    return is_curator(user)


@rule(Experience, "read")
def can_read(user, experience: Experience) -> bool:
    if experience.status == Status.PUBLISHED:
        return True
    return can_follow(user, experience)


@rule(Experience, "read_tombstone")
def can_read_tombstone(user, experience: Experience) -> bool:
    return experience.status == Status.WITHDRAWN or can_read(user, experience)


@rule(Experience, "read_history")
def can_read_history(user, experience: Experience) -> bool:
    """The version history stays listed after withdrawal, so citations can be checked."""
    return experience.status == Status.WITHDRAWN or can_read(user, experience)


@rule(Experience, "follow")
def can_follow(user, experience: Experience) -> bool:
    """See a record in curation: its status, feedback and (for curators) everything."""
    if not user.is_authenticated:
        return False
    return (
        experience.submitter_id == user.pk or is_curator(user) or is_reviewer_of(user, experience)
    )


@rule(Experience, "edit")
def can_edit(user, experience: Experience) -> bool:
    if not user.is_authenticated:
        return False
    if is_curator(user) and experience.status in EDITABLE_BY_CURATOR:
        return True
    return experience.submitter_id == user.pk and experience.status in EDITABLE_BY_SUBMITTER


@rule(Experience, "submit")
def can_submit(user, experience: Experience) -> bool:
    return experience.status in EDITABLE_BY_SUBMITTER and (
        experience.submitter_id == user.pk or is_curator(user)
    )


@rule(Experience, "curate")
def can_curate(user, experience: Experience) -> bool:
    return is_curator(user)


@rule(Experience, "review")
def can_be_reviewer(user, experience: Experience) -> bool:
    """May ``user`` be assigned to review this record? Never its submitter."""
    return user.is_authenticated and user.is_active and experience.submitter_id != user.pk


@rule(Review, "write")
def can_write_review(user, review: Review) -> bool:
    return (
        user.is_authenticated
        and review.reviewer_id == user.pk
        and review.experience.submitter_id != user.pk
    )


@rule(Review, "read")
def can_read_review(user, review: Review) -> bool:
    """Curators read every review; a reviewer their own, and the others once theirs is in."""
    if not user.is_authenticated:
        return False
    if review.reviewer_id == user.pk:
        return True
    if is_curator(user) and review.experience.submitter_id != user.pk:
        # A curator who is also a reviewer of this record is blind like any reviewer.
        own = Review.objects.filter(experience_id=review.experience_id, reviewer=user).first()
        return own is None or own.state != ReviewState.ASSIGNED
    return (
        review.state == ReviewState.SUBMITTED
        and Review.objects.filter(
            experience_id=review.experience_id, reviewer=user, state=ReviewState.SUBMITTED
        ).exists()
    )
