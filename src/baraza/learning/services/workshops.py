"""Workshop runs: recording a delivery, its participants, scores and evaluations, the cases
harvested there, and the training cascade that links runs together.

Writes are keyword-only functions that check the actor's permission, change the database in
one transaction and write an audit entry. Uploads arrive here already checked row by row (see
``workshop_forms``); a service writes every row or, when anything is refused, none.

The reads of runs (the cascade, a run's summary) are here too, next to the writes they mirror.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from baraza.compendium import services as compendium
from baraza.compendium.models import Source
from baraza.core import audit
from baraza.core.policies import can, require
from baraza.learning import queries
from baraza.learning.models import (
    Evaluation,
    HarvestedCase,
    Kind,
    Package,
    PackageVersion,
    Participant,
    RunKind,
    WorkshopRun,
)
from baraza.learning.workshop_outputs import harvesting_sessions, variant_of
from baraza.taxonomy.models import Country

PARTICIPANT_FIELDS = ("name", "email", "organisation", "attended", "pre_score", "post_score")
# The public cascade shows a run's mean gain only over this many scored participants, so
# that no one's own score can be worked out from it.
MIN_SCORED_FOR_MEANS = 3
RUN_FIELDS = (
    "variant_key",
    "kind",
    "co_facilitators",
    "venue",
    "city",
    "country",
    "language",
    "starts_on",
    "ends_on",
    "trained_in",
    "notes",
)


class WorkshopError(ValidationError):
    """Input the run's package, version or state does not allow; the message says why."""


# --- Runs -------------------------------------------------------------------------------------


def trainings_of(package: Package) -> QuerySet[WorkshopRun]:
    """The package's trainings of trainers: where a facilitator may have been trained."""
    return (
        WorkshopRun.objects.filter(package=package, kind=RunKind.TRAINING_OF_TRAINERS)
        .select_related("facilitator")
        .order_by("-starts_on", "-id")
    )


def _check_run(package: Package, values: dict) -> None:
    """Refuse what the package does not allow; name the variant by its key."""
    version = queries.latest_version(package)
    variant = variant_of(version.data, values["variant_key"]) if version else None
    if variant is None:
        raise WorkshopError(_("Choose one of the package's variants."))
    values["variant_key"] = variant["key"]
    if values["ends_on"] < values["starts_on"]:
        raise WorkshopError(_("The last day cannot be before the first day."))
    if not Country.objects.filter(code=values["country"]).exists():
        raise WorkshopError(
            _("“%(code)s” is not a country code we know."), params={"code": values["country"]}
        )
    trained_in = values.get("trained_in")
    if trained_in is not None:
        if trained_in.package_id != package.pk or trained_in.kind != RunKind.TRAINING_OF_TRAINERS:
            raise WorkshopError(_("Choose one of this package's trainings of trainers."))
        if trained_in.starts_on > values["starts_on"]:
            raise WorkshopError(
                _("The training of trainers you name starts after this workshop does.")
            )


@transaction.atomic
def record_run(*, package: Package, actor, values: dict) -> WorkshopRun:
    """A delivery of the package's latest version, led by ``actor``."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    require(actor, "record_run", package)
    values = {name: values.get(name) for name in RUN_FIELDS}
    for name in ("co_facilitators", "venue", "city", "notes"):
        values[name] = (values[name] or "").strip()
    _check_run(package, values)
    run = WorkshopRun.objects.create(
        package=package,
        version_number=package.version_number,
        facilitator=actor,
        created_by=actor,
        **values,
    )
    audit.record(actor=actor, action="workshop_run.create", target=run, scope=package)
    return run


def _locked(run: WorkshopRun) -> WorkshopRun:
    return WorkshopRun.objects.select_for_update().select_related("package").get(pk=run.pk)


# --- Participants -----------------------------------------------------------------------------


def _participant_values(values: dict) -> dict:
    cleaned = {name: values.get(name) for name in PARTICIPANT_FIELDS}
    for name in ("name", "email", "organisation"):
        cleaned[name] = (cleaned[name] or "").strip()
    cleaned["attended"] = bool(cleaned["attended"])
    for name in ("pre_score", "post_score"):
        score = cleaned[name]
        if score is not None and not 0 <= score <= 100:
            raise WorkshopError(_("A score is a percentage, from 0 to 100."))
    if not cleaned["name"]:
        raise WorkshopError(_("Each participant needs a name."))
    return cleaned


@transaction.atomic
def add_participant(*, run: WorkshopRun, actor, values: dict) -> Participant:
    run = _locked(run)
    require(actor, "edit", run)
    participant = Participant.objects.create(run=run, **_participant_values(values))
    audit.record(actor=actor, action="workshop_run.participant_add", target=run, scope=run.package)
    return participant


@transaction.atomic
def save_participants(*, run: WorkshopRun, actor, rows: list[dict]) -> tuple[int, int]:
    """Add the rows as participants, all or none; a row whose email is already on the run's
    list updates that participant instead. Returns (added, updated)."""
    run = _locked(run)
    require(actor, "edit", run)
    rows = [_participant_values(row) for row in rows]
    by_email = {p.email.lower(): p for p in run.participants.exclude(email="")}
    added, updated = [], []
    for row in rows:
        existing = by_email.get(row["email"].lower()) if row["email"] else None
        if existing is None:
            added.append(Participant(run=run, **row))
        else:
            for name, value in row.items():
                setattr(existing, name, value)
            updated.append(existing)
    Participant.objects.bulk_create(added)
    if updated:
        Participant.objects.bulk_update(updated, list(PARTICIPANT_FIELDS))
    audit.record(
        actor=actor,
        action="workshop_run.participants_upload",
        target=run,
        scope=run.package,
        added=len(added),
        updated=len(updated),
    )
    return len(added), len(updated)


@transaction.atomic
def remove_participant(*, participant: Participant, actor) -> None:
    run = _locked(participant.run)
    require(actor, "edit", run)
    Participant.objects.filter(pk=participant.pk, run=run).delete()
    audit.record(
        actor=actor, action="workshop_run.participant_remove", target=run, scope=run.package
    )


# --- Evaluations ------------------------------------------------------------------------------


def version_data(run: WorkshopRun) -> dict:
    """The frozen version of the package the run used."""
    version = queries.version(run.package, run.version_number)
    return version.data if version else {}


def evaluation_questions(data: dict) -> list[dict]:
    """The evaluation form of a version."""
    return data.get("evaluation") or []


@transaction.atomic
def add_evaluations(*, run: WorkshopRun, actor, answers: list[dict]) -> int:
    """One evaluation per participant's answers (question key → a rating from 1 to 5, or a text)."""
    run = _locked(run)
    require(actor, "edit", run)
    questions = {q["key"]: q["scale"] for q in evaluation_questions(version_data(run))}
    for answer in answers:
        for key, value in answer.items():
            scale = questions.get(key)
            if scale is None:
                raise WorkshopError(_("The evaluation form has no such question."))
            if scale == "rating" and not (isinstance(value, int) and 1 <= value <= 5):
                raise WorkshopError(_("A rating is a whole number from 1 to 5."))
            if scale == "text" and not isinstance(value, str):
                raise WorkshopError(_("This question takes a written answer."))
    kept = [answer for answer in answers if answer]
    Evaluation.objects.bulk_create(Evaluation(run=run, answers=answer) for answer in kept)
    audit.record(
        actor=actor,
        action="workshop_run.evaluations_upload",
        target=run,
        scope=run.package,
        count=len(kept),
    )
    return len(kept)


# --- Case harvesting --------------------------------------------------------------------------


def harvest_sessions(data: dict, variant_key: str) -> list[dict]:
    """The case-harvesting sessions of a version's variant (often none)."""
    variant = variant_of(data, variant_key)
    return harvesting_sessions(variant) if variant else []


@transaction.atomic
def harvest_case(*, run: WorkshopRun, actor, session_key: str, values: dict) -> HarvestedCase:
    """A case told at the workshop, as a draft experience in the compendium: it then follows
    the normal curation, submitted by ``actor`` like any other draft."""
    run = _locked(run)
    require(actor, "edit", run)
    sessions = harvest_sessions(version_data(run), run.variant_key)
    if session_key not in {s["key"] for s in sessions}:
        raise WorkshopError(_("This workshop has no such case-harvesting session."))
    if not values.get("consent"):
        raise WorkshopError(
            _("Confirm that the people who shared the case agreed to its submission.")
        )
    language = values["language"]
    country = Country.objects.filter(code=values["country"]).first()
    if country is None:
        raise WorkshopError(
            _("“%(code)s” is not a country code we know."), params={"code": values["country"]}
        )
    experience = compendium.create_experience(
        actor=actor,
        source=Source.WORKSHOP,
        values={
            "original_language": language,
            f"title_{language}": values["title"].strip(),
            f"summary_{language}": values["summary"].strip(),
            f"what_was_done_{language}": values["what_was_done"].strip(),
            "countries": [country],
            "contact_name": (values.get("shared_by") or "").strip(),
            "contact_organisation": (values.get("shared_by_organisation") or "").strip(),
            "consent_confirmed": True,
        },
    )
    case = HarvestedCase.objects.create(run=run, session_key=session_key, experience=experience)
    audit.record(
        actor=actor,
        action="workshop_run.harvest",
        target=run,
        scope=run.package,
        experience=experience.identifier,
    )
    return case


# --- Reads ------------------------------------------------------------------------------------


def readable_workshop(user, slug: str) -> tuple[Package, PackageVersion] | None:
    """A workshop package ``user`` may read, with its latest published version."""
    package = queries.package_by_slug(slug)
    if package is None or package.kind != Kind.WORKSHOP or not can(user, "read", package):
        return None
    version = queries.latest_version(package)
    return (package, version) if version is not None else None


def run_of(package: Package, pk: int) -> WorkshopRun | None:
    return (
        WorkshopRun.objects.filter(package=package, pk=pk)
        .select_related("package", "facilitator", "trained_in__facilitator")
        .first()
    )


def runs_of(package: Package, user) -> QuerySet[WorkshopRun]:
    """The runs of the package that ``user`` leads or recorded."""
    if not user.is_authenticated:
        return WorkshopRun.objects.none()
    return WorkshopRun.objects.filter(package=package).filter(
        Q(facilitator=user) | Q(created_by=user)
    )


def country_names(codes) -> dict[str, str]:
    return dict(Country.objects.filter(code__in=set(codes)).values_list("code", "name"))


def _mean(values: list) -> float | None:
    return round(mean(values), 1) if values else None


@dataclass
class Summary:
    participants: int
    attended: int
    pre: float | None
    post: float | None
    gain: float | None
    evaluations: int
    # (question, mean rating or None, number of answers, written answers)
    questions: list[tuple[dict, float | None, int, list[str]]] = field(default_factory=list)


def summary(run: WorkshopRun, participants: list[Participant], questions: list[dict]) -> Summary:
    """Mean pre- and post-test scores, the mean gain of those with both, evaluation means."""
    scored = [p for p in participants if p.pre_score is not None and p.post_score is not None]
    answers: dict[str, list] = defaultdict(list)
    evaluations = list(run.evaluations.all())
    for evaluation in evaluations:
        for key, value in evaluation.answers.items():
            answers[key].append(value)
    rows = []
    for question in questions:
        given = answers.get(question["key"], [])
        if question["scale"] == "rating":
            ratings = [v for v in given if isinstance(v, int)]
            rows.append((question, _mean(ratings), len(ratings), []))
        else:
            texts = [v for v in given if isinstance(v, str) and v]
            rows.append((question, None, len(texts), texts))
    return Summary(
        participants=len(participants),
        attended=sum(p.attended for p in participants),
        pre=_mean([p.pre_score for p in participants if p.pre_score is not None]),
        post=_mean([p.post_score for p in participants if p.post_score is not None]),
        gain=_mean([p.post_score - p.pre_score for p in scored]),
        evaluations=len(evaluations),
        questions=rows,
    )


@dataclass
class Node:
    run: WorkshopRun
    country_name: str
    children: list[Node] = field(default_factory=list)


def cascade(package: Package) -> list[Node]:
    """The package's runs as a forest: each training of trainers with, below it, the runs led
    by the trainers it trained, and so on. Counts and mean gains only; no participant.

    A run's ``mean_gain`` is None when fewer than ``MIN_SCORED_FOR_MEANS`` of its participants
    have both scores (``n_scored`` says how many do): a mean over one or two people would
    give their own scores away."""
    both_scores = Q(participants__pre_score__isnull=False, participants__post_score__isnull=False)
    runs = list(
        WorkshopRun.objects.filter(package=package)
        .select_related("facilitator")
        .annotate(
            n_participants=Count("participants"),
            n_scored=Count("participants", filter=both_scores),
            mean_gain=Avg(
                F("participants__post_score") - F("participants__pre_score"), filter=both_scores
            ),
        )
        .order_by("starts_on", "id")
    )
    for run in runs:
        run.too_few_scored = 0 < run.n_scored < MIN_SCORED_FOR_MEANS
        if run.n_scored < MIN_SCORED_FOR_MEANS:
            run.mean_gain = None
    names = country_names(run.country for run in runs)
    nodes = {
        run.pk: Node(run=run, country_name=names.get(run.country, run.country)) for run in runs
    }
    roots = []
    for run in runs:
        parent = nodes.get(run.trained_in_id)
        if parent is None or _is_descendant(nodes, parent, run.pk):
            roots.append(nodes[run.pk])
        else:
            parent.children.append(nodes[run.pk])
    return roots


def _is_descendant(nodes: dict[int, Node], node: Node, ancestor: int) -> bool:
    """Whether ``node`` sits below run ``ancestor`` (a loop in hand-edited data)."""
    seen = set()
    current = node.run
    while current is not None and current.pk not in seen:
        if current.pk == ancestor:
            return True
        seen.add(current.pk)
        parent = nodes.get(current.trained_in_id)
        current = parent.run if parent else None
    return False
