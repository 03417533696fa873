"""Reads for the curation pages, with permission checks and eager loading built in.

Each page makes a fixed number of queries, whatever the number of notes, reviews, scores or
records it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from baraza.compendium.models import (
    Criterion,
    CriterionKind,
    CurationNote,
    Experience,
    NoteKind,
    Review,
    ReviewScore,
    ReviewState,
    Status,
    StatusChange,
)
from baraza.core.policies import can

# The states in which a record waits for a curator, in the order the queue shows them.
QUEUE_STATES = (
    Status.SUBMITTED,
    Status.RESUBMITTED,
    Status.SCREENING,
    Status.IN_REVIEW,
    Status.RECONCILIATION,
)
# How many suggested reviewers the assignment form lists; anyone else is added by email.
MAX_SUGGESTED_REVIEWERS = 60

PREVIEW_RELATED = ("submitter", "engagement_level", "evidence_type", "criteria_set")
PREVIEW_PREFETCH = (
    "countries",
    "settings",
    "phases",
    "health_areas",
    "approaches",
    "population_groups",
    "partner_types",
    "references",
)


def experience_for_follow(user, identifier: str) -> Experience:
    """The record for its curation page: 404 unless ``user`` may follow it (submitter,
    curators, assigned reviewers), so the page never tells others the record exists."""
    experience = (
        Experience.objects.select_related(*PREVIEW_RELATED)
        .prefetch_related(*PREVIEW_PREFETCH)
        .filter(identifier=identifier)
        .first()
    )
    if experience is None or not can(user, "follow", experience):
        raise Http404
    return experience


def experience_for_action(user, identifier: str) -> Experience:
    """The record a curation form posts to; 404 unless ``user`` may follow it (the service
    then checks the step itself)."""
    experience = (
        Experience.objects.select_related("submitter").filter(identifier=identifier).first()
    )
    if experience is None or not can(user, "follow", experience):
        raise Http404
    return experience


def review_of(user, identifier: str) -> tuple[Experience, Review | None]:
    """The record and ``user``'s own review of it (recused ones included), or None: the
    review pages then refuse (403), whoever asks."""
    experience = (
        Experience.objects.select_related(*PREVIEW_RELATED)
        .prefetch_related(*PREVIEW_PREFETCH)
        .filter(identifier=identifier)
        .first()
    )
    if experience is None:
        raise Http404
    review = (
        Review.objects.select_related("criteria_set", "reviewer")
        .prefetch_related(_scores())
        .filter(experience=experience, reviewer=user)
        .first()
    )
    if review is not None:
        review.experience = experience
    return experience, review


def _scores() -> Prefetch:
    return Prefetch(
        "scores",
        queryset=ReviewScore.objects.select_related("criterion").order_by(
            "criterion__kind", "criterion__position"
        ),
    )


def criteria(criteria_set) -> list[Criterion]:
    """The criteria of a set, gates first, in their order."""
    if criteria_set is None:
        return []
    return list(Criterion.objects.filter(criteria_set=criteria_set).order_by("kind", "position"))


def reviews(experience: Experience) -> list[Review]:
    """Every review of the record, with the reviewer and the scores."""
    return list(
        Review.objects.filter(experience=experience)
        .select_related("reviewer", "criteria_set")
        .prefetch_related(_scores())
        .order_by("is_tiebreak", "assigned_at", "pk")
    )


@dataclass
class Entry:
    """One line of a record's curation timeline: a status change or a note."""

    at: datetime
    kind: str  # "status" or a NoteKind value
    actor: object = None
    from_status: str = ""
    to_status: str = ""
    body: str = ""

    @property
    def from_label(self) -> str:
        return Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return Status(self.to_status).label if self.to_status else ""

    @property
    def kind_label(self) -> str:
        return NoteKind(self.kind).label if self.kind != "status" else ""


def visible_note_kinds(*, curator_view: bool, reviewer_submitted: bool) -> list[str]:
    """Feedback is for everyone who follows the record; internal notes for the curators;
    the reconciliation discussion for the curators and the reviewers who handed theirs in."""
    kinds = [NoteKind.FEEDBACK]
    if curator_view:
        kinds.append(NoteKind.INTERNAL)
    if curator_view or reviewer_submitted:
        kinds.append(NoteKind.RECONCILIATION)
    return kinds


def timeline(experience: Experience, *, note_kinds: list[str]) -> list[Entry]:
    """Status changes and the notes of the given kinds, oldest first."""
    entries = [
        Entry(
            at=c.at, kind="status", actor=c.actor, from_status=c.from_status, to_status=c.to_status
        )
        for c in StatusChange.objects.filter(experience=experience).select_related("actor")
    ]
    entries += [
        Entry(at=n.created_at, kind=n.kind, actor=n.author, body=n.body)
        for n in CurationNote.objects.filter(
            experience=experience, kind__in=note_kinds
        ).select_related("author")
    ]
    entries.sort(key=lambda e: e.at)
    return entries


def discussion(experience: Experience) -> list[CurationNote]:
    """The reconciliation discussion, oldest first."""
    return list(
        CurationNote.objects.filter(experience=experience, kind=NoteKind.RECONCILIATION)
        .select_related("author")
        .order_by("created_at", "pk")
    )


# --- Choosing reviewers ---------------------------------------------------------------------


def eligible_reviewers(experience: Experience) -> QuerySet:
    """Everyone who may be assigned: active members other than the submitter."""
    users = get_user_model().objects.filter(is_active=True)
    if experience.submitter_id:
        users = users.exclude(pk=experience.submitter_id)
    return users


def suggested_reviewers(experience: Experience) -> list:
    """The people a curator most likely wants: curators, facilitators and anyone who has
    reviewed before, least busy first, without the submitter and this record's reviewers.
    Each carries ``open_reviews``, the number of reviews they have not handed in yet."""
    return list(
        eligible_reviewers(experience)
        .filter(
            Q(groups__name__in=("curators", "facilitators"))
            | Q(pk__in=Review.objects.values("reviewer_id"))
        )
        .exclude(pk__in=Review.objects.filter(experience=experience).values("reviewer_id"))
        .annotate(open_reviews=Coalesce(Subquery(_open_reviews()), 0))
        .distinct()
        .order_by("display_name", "pk")[:MAX_SUGGESTED_REVIEWERS]
    )


def _open_reviews():
    return (
        Review.objects.filter(reviewer=OuterRef("pk"), state=ReviewState.ASSIGNED)
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values("n")
    )


# --- Lists ----------------------------------------------------------------------------------


def my_submissions(user) -> QuerySet[Experience]:
    """The records ``user`` submitted, most recently changed first."""
    return (
        Experience.objects.filter(submitter=user)
        .only(
            "identifier",
            "status",
            "original_language",
            "title_en",
            "title_fr",
            "status_changed_at",
            "label",
            "submitter_id",
        )
        .order_by("-status_changed_at", "-pk")
    )


def my_reviews(user) -> QuerySet[Review]:
    """``user``'s review assignments: the ones waiting for them first, then the newest."""
    return (
        Review.objects.filter(reviewer=user)
        .select_related("experience")
        .only(
            "state",
            "is_tiebreak",
            "assigned_at",
            "submitted_at",
            "reviewer_id",
            "experience__identifier",
            "experience__status",
            "experience__original_language",
            "experience__title_en",
            "experience__title_fr",
        )
        .annotate(
            waiting=Case(
                When(state=ReviewState.ASSIGNED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-assigned_at", "-pk")
    )


def queue() -> list[Experience]:
    """Every record waiting for a curator, oldest change first, with its review counts."""
    experiences = (
        Experience.objects.filter(status__in=QUEUE_STATES)
        .select_related("submitter")
        .only(
            "identifier",
            "status",
            "original_language",
            "title_en",
            "title_fr",
            "status_changed_at",
            "submitted_at",
            "reconciliation_mode",
            "submitter__display_name",
            "submitter__deleted_at",
        )
        .annotate(
            n_pending=Count("reviews", filter=Q(reviews__state=ReviewState.ASSIGNED)),
            n_submitted=Count("reviews", filter=Q(reviews__state=ReviewState.SUBMITTED)),
        )
        .order_by("status_changed_at", "pk")
    )
    now = timezone.now()
    records = list(experiences)
    for record in records:
        record.waiting_days = (now - record.status_changed_at).days
    return records


def gate_and_scored(criteria_list: list[Criterion]) -> tuple[list[Criterion], list[Criterion]]:
    gates = [c for c in criteria_list if c.kind == CriterionKind.GATE]
    scored = [c for c in criteria_list if c.kind == CriterionKind.SCORED]
    return gates, scored
