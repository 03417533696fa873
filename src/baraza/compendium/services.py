"""Every write to the compendium, one function per workflow step.

Each step checks the actor's permission, checks the record is in a state the step starts
from, changes the record in one transaction, writes an audit entry and a ``StatusChange``, and
notifies the people concerned once the transaction commits; publishing and withdrawing also
update the search index, in the same transaction (see ``indexing.py``). A step that is not
allowed raises ``WorkflowError`` (a message for the person, answered with 400) or ``Refused``
(403), and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.compendium import labels, notify, screening
from baraza.compendium.models import (
    TEXT_FIELDS,
    CriteriaSet,
    Criterion,
    CriterionKind,
    CurationNote,
    Experience,
    ExperienceVersion,
    IdentifierCounter,
    NoteKind,
    Reference,
    Relation,
    Review,
    ReviewScore,
    ReviewState,
    Source,
    Status,
    StatusChange,
    text_hash,
)
from baraza.compendium.policies import Compendium, is_curator
from baraza.compendium.snapshot import snapshot
from baraza.core import audit
from baraza.core.policies import Refused, require
from baraza.search import services as search

MIN_REVIEWERS = 2
M2M_FIELDS = (
    "countries",
    "settings",
    "phases",
    "health_areas",
    "approaches",
    "population_groups",
    "partner_types",
    "related_resources",
)


class WorkflowError(ValidationError):
    """A step the record's state or the input does not allow; the message says why."""


class ScreeningFailed(WorkflowError):
    def __init__(self, problems: list[screening.Problem]):
        super().__init__([str(p) for p in problems])
        self.problems = problems


# --- Identifiers ----------------------------------------------------------------------------


def next_identifier(year: int | None = None) -> str:
    """``CE-<year>-<number>``, numbered per year, never reused (call inside a transaction)."""
    year = year or timezone.now().year
    counter, _created = IdentifierCounter.objects.select_for_update().get_or_create(year=year)
    IdentifierCounter.objects.filter(pk=year).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"CE-{year}-{counter.last:04d}"


# --- Writing the record ---------------------------------------------------------------------


def _apply_text(experience: Experience, values: dict) -> None:
    """Set text fields, keeping each translation's link to the original it was made from."""
    original_language = values.get("original_language", experience.original_language)
    experience.original_language = original_language
    other = "fr" if original_language == "en" else "en"
    for field in TEXT_FIELDS:
        original_key, translation_key = f"{field}_{original_language}", f"{field}_{other}"
        translation_changed = translation_key in values and values[translation_key] != getattr(
            experience, translation_key
        )
        for key in (original_key, translation_key):
            if key in values:
                setattr(experience, key, values[key] or "")
        original = getattr(experience, original_key)
        if translation_changed and getattr(experience, translation_key) and original:
            experience.translated_from[field] = text_hash(original)
        elif not getattr(experience, translation_key):
            experience.translated_from.pop(field, None)


def _apply(experience: Experience, values: dict) -> None:
    values = dict(values)
    _apply_text(experience, values)
    text_keys = {f"{f}_{lang}" for f in TEXT_FIELDS for lang in ("en", "fr")}
    m2m = {k: values.pop(k) for k in list(values) if k in M2M_FIELDS}
    references = values.pop("references", None)
    relations = values.pop("relations", None)
    for key, value in values.items():
        if key in text_keys or key == "original_language":
            continue
        setattr(experience, key, value)
    experience.updated_at = timezone.now()
    experience.full_clean(exclude=["identifier", *M2M_FIELDS], validate_unique=False)
    experience.save()
    for key, value in m2m.items():
        getattr(experience, key).set(value)
    if "countries" in m2m:
        regions = [c.who_region for c in m2m["countries"] if c.who_region]
        region = values.get("who_region") or (regions[0] if regions else "")
        if region != experience.who_region:
            experience.who_region = region
            Experience.objects.filter(pk=experience.pk).update(who_region=region)
    if references is not None:
        experience.references.all().delete()
        Reference.objects.bulk_create(
            Reference(experience=experience, position=i, **ref) for i, ref in enumerate(references)
        )
    if relations is not None:
        experience.relations.all().delete()
        Relation.objects.bulk_create(
            Relation(source=experience, target=target, kind=kind)
            for kind, target in relations
            if target.pk != experience.pk
        )


@transaction.atomic
def create_experience(*, actor, values: dict, source: str = Source.SUBMISSION) -> Experience:
    """A new draft by any member; curators may also create records for others."""
    require(actor, "submit", Compendium())
    experience = Experience(identifier=next_identifier(), submitter=actor, source=source)
    _apply(experience, values)
    _change_status(experience, None, Status.DRAFT, actor)
    audit.record(actor=actor, action="experience.create", target=experience)
    return experience


@transaction.atomic
def save_draft(*, experience: Experience, actor, values: dict) -> Experience:
    """Save changes to a record that is not public yet (a form step, an API write)."""
    experience = _locked(experience)
    require(actor, "edit", experience)
    if experience.status == Status.PUBLISHED:
        raise WorkflowError(_("A published record changes only by publishing a new version."))
    _apply(experience, values)
    audit.record(actor=actor, action="experience.edit", target=experience)
    return experience


@transaction.atomic
def publish_edit(
    *, experience: Experience, actor, values: dict, change_note: str
) -> ExperienceVersion:
    """A curator's edit of a published record, which becomes its next version."""
    experience = _locked(experience)
    require(actor, "edit", experience)
    if experience.status != Status.PUBLISHED:
        raise WorkflowError(_("Only a published record gets new versions."))
    if not change_note.strip():
        raise WorkflowError(_("Say what changed: the note is shown in the version history."))
    _apply(experience, values)
    problems = screening.check(experience)
    if problems:
        raise ScreeningFailed(problems)
    version = _publish_version(experience, actor, change_note)
    search.index("experience", experience)
    audit.record(
        actor=actor, action="experience.new_version", target=experience, version=version.number
    )
    notify.later(notify.new_version, experience.pk, version.number)
    return version


def _publish_version(experience: Experience, actor, change_note: str) -> ExperienceVersion:
    data = snapshot(experience)
    latest = experience.versions.order_by("-number").first()
    if latest is not None and _same_content(latest.data, data):
        raise WorkflowError(_("Nothing changed since version %(n)d.") % {"n": latest.number})
    number = (latest.number if latest else 0) + 1
    data["version"] = number
    version = ExperienceVersion.objects.create(
        experience=experience,
        number=number,
        data=data,
        label=experience.label,
        criteria_set=experience.criteria_set,
        change_note=change_note,
        published_by=actor if getattr(actor, "pk", None) else None,
    )
    now = timezone.now()
    Experience.objects.filter(pk=experience.pk).update(
        version_number=number, published_at=experience.published_at or now
    )
    experience.version_number = number
    experience.published_at = experience.published_at or now
    return version


def _same_content(old: dict, new: dict) -> bool:
    ignore = {"version", "translation_status"}
    return {k: v for k, v in old.items() if k not in ignore} == {
        k: v for k, v in new.items() if k not in ignore
    }


# --- The workflow ---------------------------------------------------------------------------


def _locked(experience: Experience) -> Experience:
    return Experience.objects.select_for_update().get(pk=experience.pk)


def _expect(experience: Experience, *states: str) -> None:
    if experience.status not in states:
        raise WorkflowError(
            _("This step is not possible while the record is “%(status)s”.")
            % {"status": experience.get_status_display()}
        )


def _change_status(experience: Experience, old: str | None, new: str, actor) -> None:
    now = timezone.now()
    experience.status = new
    experience.status_changed_at = now
    Experience.objects.filter(pk=experience.pk).update(status=new, status_changed_at=now)
    StatusChange.objects.create(
        experience=experience,
        from_status=old or "",
        to_status=new,
        actor=actor if getattr(actor, "pk", None) else None,
        at=now,
    )


def _move(experience: Experience, new: str, actor, action: str, **data) -> None:
    old = experience.status
    _change_status(experience, old, new, actor)
    audit.record(actor=actor, action=f"experience.{action}", target=experience, **data)


@transaction.atomic
def submit(*, experience: Experience, actor) -> Experience:
    """Send a draft (or a changed record) to the curators, once the checks pass."""
    experience = _locked(experience)
    require(actor, "submit", experience)
    _expect(experience, Status.DRAFT, Status.CHANGES_REQUESTED)
    problems = screening.check(experience)
    if problems:
        raise ScreeningFailed(problems)
    first = experience.status == Status.DRAFT
    if first and experience.submitted_at is None:
        experience.submitted_at = timezone.now()
        Experience.objects.filter(pk=experience.pk).update(submitted_at=experience.submitted_at)
    _move(experience, Status.SUBMITTED if first else Status.RESUBMITTED, actor, "submit")
    notify.later(notify.submitted, experience.pk)
    return experience


@transaction.atomic
def start_screening(*, experience: Experience, actor) -> Experience:
    experience = _locked(experience)
    require(actor, "curate", experience)
    _expect(experience, Status.SUBMITTED, Status.RESUBMITTED)
    _move(experience, Status.SCREENING, actor, "screen")
    return experience


@transaction.atomic
def request_changes(*, experience: Experience, actor, message: str) -> Experience:
    experience = _locked(experience)
    require(actor, "curate", experience)
    _expect(experience, Status.SUBMITTED, Status.RESUBMITTED, Status.SCREENING)
    if not message.strip():
        raise WorkflowError(_("Tell the submitter what to change."))
    CurationNote.objects.create(
        experience=experience, author=actor, kind=NoteKind.FEEDBACK, body=message.strip()
    )
    _move(experience, Status.CHANGES_REQUESTED, actor, "request_changes")
    notify.later(notify.changes_requested, experience.pk)
    return experience


def active_criteria_set() -> CriteriaSet:
    criteria_set = CriteriaSet.objects.filter(state=CriteriaSet.State.ACTIVE).first()
    if criteria_set is None:
        raise WorkflowError(_("No criteria set is active: a curator must activate one first."))
    return criteria_set


@transaction.atomic
def assign_reviewers(*, experience: Experience, actor, reviewers: Iterable) -> list[Review]:
    """Send a screened record to at least two independent reviewers."""
    experience = _locked(experience)
    require(actor, "curate", experience)
    _expect(experience, Status.SUBMITTED, Status.RESUBMITTED, Status.SCREENING, Status.IN_REVIEW)
    reviewers = list(dict.fromkeys(reviewers))
    for reviewer in reviewers:
        require(
            reviewer,
            "review",
            experience,
            reason=_("%(name)s submitted this record and cannot review it.") % {"name": reviewer},
        )
    existing = set(experience.reviews.values_list("reviewer_id", flat=True))
    new = [r for r in reviewers if r.pk not in existing]
    active = experience.reviews.exclude(state=ReviewState.RECUSED).count()
    if active + len(new) < MIN_REVIEWERS:
        raise WorkflowError(
            _("Assign at least %(n)d independent reviewers.") % {"n": MIN_REVIEWERS}
        )
    if not new:
        raise WorkflowError(_("These reviewers are already assigned."))
    criteria_set = active_criteria_set()
    created = [
        Review.objects.create(
            experience=experience, reviewer=r, criteria_set=criteria_set, assigned_by=actor
        )
        for r in new
    ]
    if experience.status != Status.IN_REVIEW:
        _move(experience, Status.IN_REVIEW, actor, "assign", reviewers=[r.pk for r in new])
    else:
        audit.record(
            actor=actor,
            action="experience.assign",
            target=experience,
            reviewers=[r.pk for r in new],
        )
    for review in created:
        notify.later(notify.review_assigned, review.pk)
    return created


@dataclass(frozen=True)
class Answer:
    """A reviewer's answer on one criterion, as a form or the API hands it in."""

    passed: bool | None = None
    score: int | None = None
    justification: str = ""


def _validate_answers(criteria: list[Criterion], answers: dict[str, Answer]) -> None:
    unknown = set(answers) - {c.key for c in criteria}
    if unknown:
        raise WorkflowError(_("Unknown criteria: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    errors = []
    for criterion in criteria:
        answer = answers.get(criterion.key)
        if answer is None:
            errors.append(_("Answer “%(c)s”.") % {"c": criterion.name})
            continue
        if criterion.kind == CriterionKind.GATE:
            if answer.passed is None:
                errors.append(_("Say whether “%(c)s” passes.") % {"c": criterion.name})
        elif answer.score is None or not 0 <= answer.score <= 3:
            errors.append(_("Score “%(c)s” from 0 to 3.") % {"c": criterion.name})
        if not answer.justification.strip():
            errors.append(_("Justify your answer on “%(c)s”.") % {"c": criterion.name})
    if errors:
        raise WorkflowError(errors)


@transaction.atomic
def submit_review(
    *,
    review: Review,
    actor,
    has_conflict: bool,
    conflict_statement: str = "",
    answers: dict[str, Answer] | None = None,
    comments: str = "",
) -> Review:
    """A reviewer's conflict-of-interest declaration and, without a conflict, their scores."""
    review = Review.objects.select_for_update().select_related("experience").get(pk=review.pk)
    experience = _locked(review.experience)
    require(actor, "write", review)
    _expect(experience, Status.IN_REVIEW, Status.RECONCILIATION)
    if review.state != ReviewState.ASSIGNED:
        raise WorkflowError(_("This review has already been handed in."))
    now = timezone.now()
    if has_conflict:
        if not conflict_statement.strip():
            raise WorkflowError(_("Describe the conflict of interest."))
        review.has_conflict = True
        review.conflict_statement = conflict_statement.strip()
        review.state = ReviewState.RECUSED
        review.submitted_at = now
        review.save()
        audit.record(actor=actor, action="review.recuse", target=experience)
        notify.later(notify.reviewer_recused, review.pk)
        return review
    criteria = list(review.criteria_set.criteria.all())
    answers = answers or {}
    _validate_answers(criteria, answers)
    ReviewScore.objects.bulk_create(
        ReviewScore(
            review=review,
            criterion=c,
            passed=answers[c.key].passed if c.kind == CriterionKind.GATE else None,
            score=answers[c.key].score if c.kind == CriterionKind.SCORED else None,
            initial_passed=answers[c.key].passed if c.kind == CriterionKind.GATE else None,
            initial_score=answers[c.key].score if c.kind == CriterionKind.SCORED else None,
            justification=answers[c.key].justification.strip(),
        )
        for c in criteria
    )
    review.has_conflict = False
    review.conflict_statement = ""
    review.comments = comments.strip()
    review.state = ReviewState.SUBMITTED
    review.submitted_at = now
    review.save()
    audit.record(actor=actor, action="review.submit", target=experience)
    _after_review(experience, actor)
    return review


def judgements(reviews: Iterable[Review]) -> list[list[labels.Judgement]]:
    return [
        [
            labels.Judgement(s.criterion.key, passed=s.passed, score=s.score)
            for s in review.scores.all()
        ]
        for review in reviews
    ]


def submitted_reviews(experience: Experience) -> list[Review]:
    return list(
        experience.reviews.filter(state=ReviewState.SUBMITTED).prefetch_related("scores__criterion")
    )


def outcome(experience: Experience) -> labels.Outcome | None:
    """The label rule applied to the record's submitted reviews (None before any review)."""
    reviews = submitted_reviews(experience)
    if not reviews:
        return None
    criteria_set = reviews[0].criteria_set
    return labels.derive(criteria_set, list(criteria_set.criteria.all()), judgements(reviews))


def _after_review(experience: Experience, actor) -> None:
    pending = experience.reviews.filter(state=ReviewState.ASSIGNED).exists()
    if pending or experience.status != Status.IN_REVIEW:
        if not pending:
            notify.later(notify.reviews_complete, experience.pk)
        return
    reviews = submitted_reviews(experience)
    if len(reviews) < MIN_REVIEWERS:
        return
    result = outcome(experience)
    if result is not None and result.disagreements:
        _move(experience, Status.RECONCILIATION, actor, "reconcile", criteria=result.disagreements)
    notify.later(notify.reviews_complete, experience.pk)


@transaction.atomic
def choose_reconciliation(
    *, experience: Experience, actor, mode: str, third_reviewer=None
) -> Experience:
    """Settle a disagreement by discussion among the reviewers, or by a third reviewer."""
    experience = _locked(experience)
    require(actor, "curate", experience)
    _expect(experience, Status.RECONCILIATION)
    if mode not in ("discussion", "third-reviewer"):
        raise WorkflowError(_("Choose discussion or a third reviewer."))
    if mode == "third-reviewer":
        if third_reviewer is None:
            raise WorkflowError(_("Choose the third reviewer."))
        require(
            third_reviewer,
            "review",
            experience,
            reason=_("%(name)s submitted this record and cannot review it.")
            % {"name": third_reviewer},
        )
        if experience.reviews.filter(reviewer=third_reviewer).exists():
            raise WorkflowError(_("The third reviewer must not have reviewed this record."))
        review = Review.objects.create(
            experience=experience,
            reviewer=third_reviewer,
            criteria_set=experience.reviews.first().criteria_set,
            assigned_by=actor,
            is_tiebreak=True,
        )
        notify.later(notify.review_assigned, review.pk)
    else:
        notify.later(notify.discussion_opened, experience.pk)
    experience.reconciliation_mode = mode
    Experience.objects.filter(pk=experience.pk).update(reconciliation_mode=mode)
    audit.record(actor=actor, action="experience.reconciliation", target=experience, mode=mode)
    return experience


@transaction.atomic
def revise_review(*, review: Review, actor, answers: dict[str, Answer]) -> Review:
    """In a reconciliation discussion, a reviewer revises their submitted scores."""
    review = Review.objects.select_for_update().select_related("experience").get(pk=review.pk)
    experience = _locked(review.experience)
    require(actor, "write", review)
    _expect(experience, Status.RECONCILIATION)
    if experience.reconciliation_mode != "discussion":
        raise WorkflowError(_("Scores can be revised only in a reconciliation discussion."))
    if review.state != ReviewState.SUBMITTED:
        raise WorkflowError(_("Hand in your review before revising it."))
    criteria = list(review.criteria_set.criteria.all())
    _validate_answers(criteria, answers)
    for score in review.scores.select_related("criterion"):
        answer = answers[score.criterion.key]
        score.passed = answer.passed if score.criterion.kind == CriterionKind.GATE else None
        score.score = answer.score if score.criterion.kind == CriterionKind.SCORED else None
        score.justification = answer.justification.strip()
        score.save(update_fields=["passed", "score", "justification"])
    review.revised_at = timezone.now()
    review.save(update_fields=["revised_at"])
    audit.record(actor=actor, action="review.revise", target=experience)
    return review


@transaction.atomic
def add_note(*, experience: Experience, actor, kind: str, body: str) -> CurationNote:
    """A comment in the record's curation timeline."""
    experience = _locked(experience)
    if kind == NoteKind.RECONCILIATION:
        if not (
            experience.status == Status.RECONCILIATION
            and (
                experience.reviews.filter(reviewer=actor, state=ReviewState.SUBMITTED).exists()
                or is_curator(actor)
            )
        ):
            raise Refused(_("Only the curators and the reviewers take part in reconciliation."))
    else:
        require(actor, "curate", experience)
    if not body.strip():
        raise WorkflowError(_("Write a message."))
    note = CurationNote.objects.create(
        experience=experience, author=actor, kind=kind, body=body.strip()
    )
    audit.record(actor=actor, action="experience.note", target=experience, kind=kind)
    if kind == NoteKind.FEEDBACK:
        notify.later(notify.feedback, experience.pk)
    return note


@transaction.atomic
def decide(*, experience: Experience, actor, accept: bool, reasons: str = "") -> Experience:
    """Publish the record with the label the rule derives, or decline it with reasons."""
    experience = _locked(experience)
    require(actor, "curate", experience)
    if experience.submitter_id == actor.pk:
        raise Refused(_("Another curator decides on a record you submitted."))
    _expect(experience, Status.IN_REVIEW, Status.RECONCILIATION)
    if experience.reviews.filter(state=ReviewState.ASSIGNED).exists():
        raise WorkflowError(_("Wait for every assigned reviewer to hand in their review."))
    reviews = submitted_reviews(experience)
    if len(reviews) < MIN_REVIEWERS:
        raise WorkflowError(
            _("A decision needs at least %(n)d submitted reviews.") % {"n": MIN_REVIEWERS}
        )
    now = timezone.now()
    if not accept:
        if not reasons.strip():
            raise WorkflowError(_("Give the reasons for declining."))
        experience.decision_reasons = reasons.strip()
        experience.decided_at = now
        experience.save(update_fields=["decision_reasons", "decided_at"])
        CurationNote.objects.create(
            experience=experience, author=actor, kind=NoteKind.FEEDBACK, body=reasons.strip()
        )
        _move(experience, Status.DECLINED, actor, "decline")
        notify.later(notify.declined, experience.pk)
        return experience
    result = outcome(experience)
    if result.failed_gates:
        raise WorkflowError(
            _("A gate criterion failed, so the record cannot be published: decline it instead.")
        )
    experience.label = result.label
    experience.criteria_set = reviews[0].criteria_set
    experience.decision_reasons = reasons.strip()
    experience.decided_at = now
    experience.needs_reassessment = False
    experience.save(
        update_fields=[
            "label",
            "criteria_set",
            "decision_reasons",
            "decided_at",
            "needs_reassessment",
        ]
    )
    _move(experience, Status.PUBLISHED, actor, "publish", label=result.label)
    _publish_version(experience, actor, "")
    search.index("experience", experience)
    notify.later(notify.published, experience.pk)
    return experience


@transaction.atomic
def publish_directly(
    *, experience: Experience, actor, label: str = "", change_note: str = ""
) -> Experience:
    """Publish a curator-made or imported record without review (it carries no label unless
    a label was assessed elsewhere and given here)."""
    experience = _locked(experience)
    require(actor, "curate", experience)
    _expect(experience, Status.DRAFT, Status.SUBMITTED, Status.SCREENING, Status.RESUBMITTED)
    problems = screening.check(experience)
    if problems:
        raise ScreeningFailed(problems)
    if label:
        experience.label = label
        experience.save(update_fields=["label"])
    _move(experience, Status.PUBLISHED, actor, "publish", label=label)
    _publish_version(experience, actor, change_note)
    search.index("experience", experience)
    return experience


@transaction.atomic
def withdraw(*, experience: Experience, actor, reason: str) -> Experience:
    """Take a published record down; its address then shows a tombstone with the reason."""
    experience = _locked(experience)
    require(actor, "curate", experience)
    _expect(experience, Status.PUBLISHED)
    if not reason.strip():
        raise WorkflowError(_("Give the reason for withdrawing: it is shown to readers."))
    experience.withdrawn_at = timezone.now()
    experience.withdrawal_reason = reason.strip()
    experience.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    _move(experience, Status.WITHDRAWN, actor, "withdraw")
    search.index("experience", experience)  # a withdrawn record has no entry: it goes
    notify.later(notify.withdrawn, experience.pk)
    return experience


# --- Criteria sets --------------------------------------------------------------------------


@transaction.atomic
def new_criteria_version(*, actor, base: CriteriaSet) -> CriteriaSet:
    """A draft copy of ``base`` with the next version number, for curators to edit."""
    require(actor, "curate", Compendium())
    latest = CriteriaSet.objects.order_by("-version").first()
    copy = CriteriaSet.objects.create(
        version=latest.version + 1,
        name_en=base.name_en,
        name_fr=base.name_fr,
        disagreement_threshold=base.disagreement_threshold,
        best_threshold=base.best_threshold,
        promising_threshold=base.promising_threshold,
    )
    for criterion in base.criteria.all():
        criterion.pk = None
        criterion.criteria_set = copy
        criterion.save()
    audit.record(actor=actor, action="criteria.new_version", target=copy)
    return copy


@transaction.atomic
def activate_criteria_set(*, actor, criteria_set: CriteriaSet) -> CriteriaSet:
    require(actor, "curate", Compendium())
    if criteria_set.state != CriteriaSet.State.DRAFT:
        raise WorkflowError(_("Only a draft criteria set can be activated."))
    kinds = set(criteria_set.criteria.values_list("kind", flat=True))
    if kinds != {CriterionKind.GATE, CriterionKind.SCORED}:
        raise WorkflowError(_("A criteria set needs gate criteria and scored criteria."))
    CriteriaSet.objects.filter(state=CriteriaSet.State.ACTIVE).update(
        state=CriteriaSet.State.RETIRED
    )
    criteria_set.state = CriteriaSet.State.ACTIVE
    criteria_set.activated_at = timezone.now()
    criteria_set.save(update_fields=["state", "activated_at"])
    audit.record(actor=actor, action="criteria.activate", target=criteria_set)
    return criteria_set


@transaction.atomic
def flag_for_reassessment(*, actor) -> int:
    """Flag every labelled record whose label rests on a criteria set that is no longer
    active; returns how many were flagged."""
    require(actor, "curate", Compendium())
    active = active_criteria_set()
    count = (
        Experience.objects.filter(status=Status.PUBLISHED, criteria_set__isnull=False)
        .exclude(criteria_set=active)
        .filter(needs_reassessment=False)
        .update(needs_reassessment=True)
    )
    audit.record(actor=actor, action="criteria.flag_reassessment", count=count)
    return count


# --- Discussion -----------------------------------------------------------------------------


@transaction.atomic
def open_discussion(*, experience: Experience, actor):
    """The published record's discussion topic, started by the first member who asks for it
    (in the featured community, open to all members); later calls return the same topic."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from baraza.communities.queries import featured_community
    from baraza.discussions.services import start_topic

    experience = _locked(experience)
    if experience.status != Status.PUBLISHED:
        raise WorkflowError(_("Only a published experience can be discussed."))
    if experience.topic_id is not None:
        return experience.topic
    community = featured_community()
    if community is None:
        raise WorkflowError(_("There is no open community to hold the discussion yet."))
    require(
        actor,
        "post",
        community,
        reason=_("Join the community “%(name)s” to start the discussion.")
        % {"name": community.name},
    )
    language = actor.language if actor.language in ("en", "fr") else experience.original_language
    with translation.override(language):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "compendium:detail", args=[experience.identifier]
        )
        title = experience.text("title", language)
        body = render_to_string(
            "compendium/topic_body.txt",
            {
                "experience": experience,
                "title": title,
                "link": link,
                "summary": experience.text("summary", language),
            },
        ).strip()
    topic = start_topic(
        author=actor, community=community, title=title[:200], body=body, language=language
    )
    experience.topic = topic
    Experience.objects.filter(pk=experience.pk).update(topic=topic)
    audit.record(actor=actor, action="experience.discussion", target=experience)
    return topic
