"""Reads for the curation dashboard and the criteria pages (no writes here).

``dashboard()`` gathers every figure of the curators' dashboard in a fixed number of queries,
whatever the number of records:

- the queue: how many records are in each state, and the ones waiting longest;
- reviewer workload: open and handed-in reviews per reviewer;
- time in each state: median and mean days from entering a state to leaving it (or to now);
- inter-rater agreement per criterion, on the reviewers' *initial* judgements (before any
  reconciliation), see ``agreement.py``;
- the labels of the published records;
- the records flagged for re-assessment, and the published records whose label rests on a
  retired criteria set.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, Min, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Lead, RowNumber
from django.http import Http404
from django.utils import timezone

from baraza.compendium import agreement
from baraza.compendium.models import (
    CriteriaSet,
    Criterion,
    CriterionKind,
    Experience,
    Label,
    Review,
    ReviewScore,
    ReviewState,
    Status,
    StatusChange,
)
from baraza.compendium.policies import is_curator

# The states a record waits in while curators, reviewers or the submitter have work to do.
QUEUE_STATES = (
    Status.SUBMITTED,
    Status.SCREENING,
    Status.CHANGES_REQUESTED,
    Status.RESUBMITTED,
    Status.IN_REVIEW,
    Status.RECONCILIATION,
)
# Time in state is measured for every state a record leaves again (not the final ones).
TIMED_STATES = (Status.DRAFT, *QUEUE_STATES)
OLDEST_PER_STATE = 5
TIME_WINDOW_DAYS = 365
LIST_LIMIT = 50
_RECORD_FIELDS = (
    "identifier",
    "status",
    "status_changed_at",
    "original_language",
    "title_en",
    "title_fr",
    "label",
    "needs_reassessment",
    "criteria_set",
)


@dataclass
class StateCount:
    status: str
    label: str
    count: int


@dataclass
class Workload:
    reviewer: str
    open: int
    submitted: int
    recused: int
    oldest_open: datetime | None


@dataclass
class TimeInState:
    status: str
    label: str
    stays: int
    ongoing: int
    median_days: float | None
    mean_days: float | None


@dataclass
class CriterionAgreement:
    criterion: Criterion
    records: int
    kappa: float | None
    alpha: float | None
    percent: float | None  # of the pairs of answers that are the same, 0–100

    @property
    def alpha_metric(self) -> str:
        return "nominal" if self.criterion.kind == CriterionKind.GATE else "ordinal"

    @property
    def reading(self) -> str:
        return agreement.reading(self.alpha)


@dataclass
class SetAgreement:
    criteria_set: CriteriaSet
    records: int
    kappa_applies: bool
    rows: list[CriterionAgreement] = field(default_factory=list)


@dataclass
class LabelCount:
    label: str
    name: str
    count: int
    share: float  # percent of the published records


@dataclass
class Dashboard:
    now: datetime
    queue: list[StateCount]
    total: int
    oldest: dict[str, list[Experience]]
    workload: list[Workload]
    time_in_state: list[TimeInState]
    time_window_days: int
    agreement: list[SetAgreement]
    labels: list[LabelCount]
    published: int
    flagged: list[Experience]
    flagged_count: int
    on_retired: list[Experience]
    on_retired_count: int
    on_retired_unflagged: int
    active_set: CriteriaSet | None

    @property
    def oldest_rows(self) -> list[tuple[str, list[Experience]]]:
        return [(s.label, self.oldest[s.status]) for s in self.queue if self.oldest.get(s.status)]


def dashboard(*, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    queue, total = state_counts()
    label_counts, published = label_distribution()
    figures = reassessment_counts()
    return Dashboard(
        now=now,
        queue=queue,
        total=total,
        oldest=oldest_waiting(),
        workload=reviewer_workload(),
        time_in_state=time_in_state(now=now),
        time_window_days=TIME_WINDOW_DAYS,
        agreement=agreement_by_criterion(),
        labels=label_counts,
        published=published,
        flagged=list(_records().filter(needs_reassessment=True)[:LIST_LIMIT]),
        flagged_count=figures["flagged"],
        on_retired=list(_on_retired()[:LIST_LIMIT]),
        on_retired_count=figures["on_retired"],
        on_retired_unflagged=figures["on_retired_unflagged"],
        active_set=CriteriaSet.objects.filter(state=CriteriaSet.State.ACTIVE).first(),
    )


# --- The queue ------------------------------------------------------------------------------


def state_counts() -> tuple[list[StateCount], int]:
    """The number of records in every state (zeros included), in workflow order."""
    counts = dict(Experience.objects.order_by().values_list("status").annotate(n=Count("pk")))
    rows = [StateCount(s.value, s.label, counts.get(s.value, 0)) for s in Status]
    return rows, sum(r.count for r in rows)


def oldest_waiting(per_state: int = OLDEST_PER_STATE) -> dict[str, list[Experience]]:
    """For each queue state, the records that entered it longest ago (one query)."""
    ranked = (
        Experience.objects.filter(status__in=QUEUE_STATES)
        .only(*_RECORD_FIELDS)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("status_changed_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=per_state)
        .order_by("status_changed_at", "pk")
    )
    found: dict[str, list[Experience]] = defaultdict(list)
    for experience in ranked:
        found[experience.status].append(experience)
    return dict(found)


# --- Reviewers ------------------------------------------------------------------------------


def reviewer_workload() -> list[Workload]:
    """Per reviewer: reviews still to hand in, handed in, and stood down from."""
    rows = (
        Review.objects.order_by()
        .values("reviewer_id", "reviewer__display_name")
        .annotate(
            open=Count("pk", filter=Q(state=ReviewState.ASSIGNED)),
            submitted=Count("pk", filter=Q(state=ReviewState.SUBMITTED)),
            recused=Count("pk", filter=Q(state=ReviewState.RECUSED)),
            oldest_open=Min("assigned_at", filter=Q(state=ReviewState.ASSIGNED)),
        )
    )
    workload = [
        Workload(
            reviewer=row["reviewer__display_name"],
            open=row["open"],
            submitted=row["submitted"],
            recused=row["recused"],
            oldest_open=row["oldest_open"],
        )
        for row in rows
    ]
    return sorted(workload, key=lambda w: (-w.open, -w.submitted, w.reviewer.casefold()))


# --- Time in each state ---------------------------------------------------------------------


def time_in_state(*, now: datetime, days: int = TIME_WINDOW_DAYS) -> list[TimeInState]:
    """Median and mean days spent in each state, over the stays that began in the last
    ``days`` days. A stay runs from a record's entering the state to its next change of state,
    or to ``now`` for the state it is in (an *ongoing* stay)."""
    # Every later change of a record is inside the window too, so the next change (LEAD) of
    # each row kept is found although older rows are left out. Changes to final states stay
    # in the query, as the end of the stay before them, and are skipped below.
    rows = (
        StatusChange.objects.filter(at__gte=now - timedelta(days=days))
        .annotate(
            left_at=Window(
                Lead("at"),
                partition_by=[F("experience_id")],
                order_by=[F("at").asc(), F("pk").asc()],
            )
        )
        .values_list("to_status", "at", "left_at")
        .order_by()
    )
    timed = {s.value for s in TIMED_STATES}
    stays: dict[str, list[float]] = defaultdict(list)
    ongoing: dict[str, int] = defaultdict(int)
    for status, entered, left in rows:
        if status not in timed:
            continue
        if left is None:
            ongoing[status] += 1
        stays[status].append(((left or now) - entered).total_seconds() / 86400)
    result = []
    for status in TIMED_STATES:
        values = stays.get(status.value, [])
        result.append(
            TimeInState(
                status=status.value,
                label=status.label,
                stays=len(values),
                ongoing=ongoing.get(status.value, 0),
                median_days=statistics.median(values) if values else None,
                mean_days=statistics.fmean(values) if values else None,
            )
        )
    return result


# --- Agreement ------------------------------------------------------------------------------


def agreement_by_criterion() -> list[SetAgreement]:
    """Agreement of the reviewers' initial judgements, per criterion, for every criteria set
    that has reviews (newest first).

    The units are the records; the raters are the reviewers first assigned (third reviewers
    are left out: they are called in *because* the others disagreed, so counting them would
    bias the figures). Krippendorff's alpha (ordinal for scores, nominal for gates) is always
    given when defined; weighted Cohen's kappa (quadratic weights) only when every record of
    the set has exactly two such reviewers, rater A being the first assigned.
    """
    scores = (
        ReviewScore.objects.filter(review__state=ReviewState.SUBMITTED, review__is_tiebreak=False)
        .order_by("criterion_id", "review__experience_id", "review__assigned_at", "review_id")
        .values_list(
            "criterion_id",
            "review__experience_id",
            "review_id",
            "initial_score",
            "initial_passed",
        )
    )
    by_criterion: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    reviews_per_record: dict[int, set[int]] = defaultdict(set)
    for criterion_id, experience_id, review_id, score, passed in scores:
        by_criterion[criterion_id][experience_id].append(passed if score is None else score)
        reviews_per_record[experience_id].add(review_id)
    if not by_criterion:
        return []
    criteria = (
        Criterion.objects.filter(
            pk__in=ReviewScore.objects.filter(
                review__state=ReviewState.SUBMITTED, review__is_tiebreak=False
            ).values("criterion_id")
        )
        .select_related("criteria_set")
        .order_by("-criteria_set__version", "kind", "position")
    )
    sets: dict[int, SetAgreement] = {}
    for criterion in criteria:
        per_record = by_criterion.get(criterion.pk, {})
        entry = sets.get(criterion.criteria_set_id)
        if entry is None:
            entry = sets[criterion.criteria_set_id] = SetAgreement(
                criteria_set=criterion.criteria_set, records=0, kappa_applies=True
            )
        entry.records = max(entry.records, len(per_record))
        if any(len(reviews_per_record[record]) != 2 for record in per_record):
            entry.kappa_applies = False
        entry.rows.append(_criterion_agreement(criterion, per_record))
    for entry in sets.values():
        if not entry.kappa_applies:
            for row in entry.rows:
                row.kappa = None
    return list(sets.values())


def _criterion_agreement(criterion: Criterion, per_record: dict[int, list]) -> CriterionAgreement:
    gate = criterion.kind == CriterionKind.GATE
    units = [values for values in per_record.values() if len(values) >= 2]
    pairs = [(values[0], values[1]) for values in units if len(values) == 2]
    kappa = None
    if len(pairs) == len(units):
        kappa = agreement.weighted_kappa(
            pairs, categories=(False, True) if gate else agreement.SCORES
        )
    percent = agreement.percent_agreement(units)
    return CriterionAgreement(
        criterion=criterion,
        records=len(units),
        kappa=kappa,
        alpha=agreement.krippendorff_alpha(units, metric="nominal" if gate else "ordinal"),
        percent=None if percent is None else 100 * percent,
    )


# --- Labels and re-assessment ---------------------------------------------------------------


def label_distribution() -> tuple[list[LabelCount], int]:
    """How many published records carry each label (and how many carry none)."""
    counts = dict(
        Experience.objects.filter(status=Status.PUBLISHED)
        .order_by()
        .values_list("label")
        .annotate(n=Count("pk"))
    )
    total = sum(counts.values())
    rows = [
        LabelCount(label.value, label.label, counts.get(label.value, 0), 0.0) for label in Label
    ]
    rows.append(LabelCount("", "", counts.get("", 0), 0.0))
    for row in rows:
        row.share = 100 * row.count / total if total else 0.0
    return rows, total


def reassessment_counts() -> dict[str, int]:
    retired = Q(status=Status.PUBLISHED, criteria_set__state=CriteriaSet.State.RETIRED)
    return Experience.objects.aggregate(
        flagged=Count("pk", filter=Q(needs_reassessment=True)),
        on_retired=Count("pk", filter=retired),
        on_retired_unflagged=Count("pk", filter=retired & Q(needs_reassessment=False)),
    )


def _records() -> QuerySet[Experience]:
    return (
        Experience.objects.only(*_RECORD_FIELDS, "criteria_set__version", "criteria_set__state")
        .select_related("criteria_set")
        .order_by("identifier")
    )


def _on_retired() -> QuerySet[Experience]:
    return _records().filter(status=Status.PUBLISHED, criteria_set__state=CriteriaSet.State.RETIRED)


# --- Criteria pages -------------------------------------------------------------------------


MAX_VERSION = 2**31 - 1


def _check_version(version: int | None) -> None:
    """A version number from an address: one no database column can hold is simply absent."""
    if version is not None and version > MAX_VERSION:
        raise Http404


def _with_criteria(queryset: QuerySet[CriteriaSet]) -> QuerySet[CriteriaSet]:
    return queryset.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("kind", "position", "pk"))
    )


def criteria_set_for_page(viewer, version: int | None = None) -> CriteriaSet:
    """The active set (or the given version) with its criteria; drafts only for curators."""
    sets = _with_criteria(CriteriaSet.objects.all())
    _check_version(version)
    if version is None:
        found = sets.filter(state=CriteriaSet.State.ACTIVE).first()
    else:
        found = sets.filter(version=version).first()
    if found is None or (found.state == CriteriaSet.State.DRAFT and not is_curator(viewer)):
        raise Http404
    return found


def criteria_set_by_version(version: int) -> CriteriaSet:
    """Any version, drafts included, with its criteria (for the curators' pages)."""
    _check_version(version)
    found = _with_criteria(CriteriaSet.objects.filter(version=version)).first()
    if found is None:
        raise Http404
    return found


def criteria_versions(viewer) -> list[CriteriaSet]:
    """Every version a viewer may read, newest first (drafts only for curators)."""
    sets = CriteriaSet.objects.order_by("-version")
    if not is_curator(viewer):
        sets = sets.exclude(state=CriteriaSet.State.DRAFT)
    return list(sets)


@dataclass
class VersionRow:
    criteria_set: CriteriaSet
    gates: int
    scored: int
    labelled: int


def criteria_versions_for_curators() -> list[VersionRow]:
    """Every version with its criteria counts and its published labelled records."""
    sets = CriteriaSet.objects.order_by("-version").annotate(
        gates=Count("criteria", filter=Q(criteria__kind=CriterionKind.GATE)),
        scored=Count("criteria", filter=Q(criteria__kind=CriterionKind.SCORED)),
    )
    labelled = dict(
        Experience.objects.filter(status=Status.PUBLISHED, criteria_set__isnull=False)
        .order_by()
        .values_list("criteria_set")
        .annotate(n=Count("pk"))
    )
    return [VersionRow(s, s.gates, s.scored, labelled.get(s.pk, 0)) for s in sets]
