"""Experiences in every workflow state, built through the compendium's services."""

from __future__ import annotations

from baraza.compendium import services
from baraza.compendium.models import CriteriaSet, Criterion, CriterionKind, Experience
from baraza.compendium.services import Answer
from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    Phase,
    Setting,
)

LOREM = (
    "Community members, health workers and local leaders met every month to review the "
    "health centre's data, agreed on actions and followed them up together in each village. "
)


def words(n: int) -> str:
    base = LOREM.split()
    return " ".join(base[i % len(base)] for i in range(n))


def complete_values(**overrides) -> dict:
    """Everything a record needs to pass screening, in English."""
    values = {
        "original_language": "en",
        "title_en": "Village health committees review clinic data, Kenya",
        "summary_en": words(60),
        "what_was_done_en": words(50),
        "outcomes_en": words(30),
        "lessons_learned_en": "Meet monthly.\nShare data simply.",
        "evidence_description_en": "Routine programme monitoring over two years.",
        "countries": [Country.objects.get(code="KE")],
        "settings": [Setting.objects.get(slug="rural")],
        "phases": [Phase.objects.get(slug="routine-phc")],
        "health_areas": [HealthArea.objects.get(slug="maternal-newborn-health")],
        "approaches": [EngagementApproach.objects.get(slug="community-health-committees")],
        "engagement_level": EngagementLevel.objects.get(slug="collaborate"),
        "evidence_type": EvidenceType.objects.get(slug="programme-monitoring"),
        "start_year": 2019,
        "end_year": 2021,
        "references": [
            {
                "title": "Community health committees in Kenya",
                "publisher": "Ministry of Health",
                "year": 2021,
                "doi": "",
                "url": "https://example.org/report",
            }
        ],
        "consent_confirmed": True,
        "safeguarding_confirmed": True,
        "rights_confirmed": True,
    }
    values.update(overrides)
    return values


def active_criteria() -> CriteriaSet:
    """The active criteria set: the shipped default, or a small one if none is loaded."""
    active = CriteriaSet.objects.filter(state=CriteriaSet.State.ACTIVE).first()
    if active is not None:
        return active
    criteria_set = CriteriaSet.objects.create(
        version=(
            CriteriaSet.objects.order_by("-version").values_list("version", flat=True).first() or 0
        )
        + 1,
        name_en="Test criteria",
        name_fr="Critères de test",
        state=CriteriaSet.State.ACTIVE,
    )
    for i, key in enumerate(("relevance", "ethics")):
        Criterion.objects.create(
            criteria_set=criteria_set,
            key=key,
            kind=CriterionKind.GATE,
            position=i,
            name_en=key.title(),
            name_fr=key.title(),
        )
    for i, key in enumerate(("effectiveness", "equity", "participation")):
        Criterion.objects.create(
            criteria_set=criteria_set,
            key=key,
            kind=CriterionKind.SCORED,
            position=i,
            name_en=key.title(),
            name_fr=key.title(),
            is_key=key == "effectiveness",
            anchor_0_en="None",
            anchor_1_en="Some",
            anchor_2_en="Good",
            anchor_3_en="Strong",
        )
    return criteria_set


def answers(criteria_set: CriteriaSet, score: int = 2, passed: bool = True, **per_key) -> dict:
    """An answer for every criterion: ``score`` everywhere, except ``key=value`` overrides."""
    result = {}
    for c in criteria_set.criteria.all():
        value = per_key.get(c.key, passed if c.kind == CriterionKind.GATE else score)
        if c.kind == CriterionKind.GATE:
            result[c.key] = Answer(passed=value, justification="Clearly described.")
        else:
            result[c.key] = Answer(score=value, justification="As the anchor describes.")
    return result


def draft(submitter, **overrides) -> Experience:
    return services.create_experience(actor=submitter, values=complete_values(**overrides))


def submitted(submitter, **overrides) -> Experience:
    return services.submit(experience=draft(submitter, **overrides), actor=submitter)


def in_review(submitter, curator, reviewers, **overrides) -> Experience:
    active_criteria()
    experience = submitted(submitter, **overrides)
    services.start_screening(experience=experience, actor=curator)
    services.assign_reviewers(experience=experience, actor=curator, reviewers=reviewers)
    experience.refresh_from_db()
    return experience


def reviewed(submitter, curator, reviewers, scores=(2, 2), **overrides) -> Experience:
    """In review with every reviewer's scores in (one score per reviewer, on every criterion)."""
    experience = in_review(submitter, curator, reviewers, **overrides)
    criteria_set = active_criteria()
    for reviewer, score in zip(reviewers, scores, strict=True):
        review = experience.reviews.get(reviewer=reviewer)
        services.submit_review(
            review=review,
            actor=reviewer,
            has_conflict=False,
            answers=answers(criteria_set, score=score),
        )
    experience.refresh_from_db()
    return experience


def published(submitter, curator, reviewers, scores=(2, 2), **overrides) -> Experience:
    experience = reviewed(submitter, curator, reviewers, scores=scores, **overrides)
    services.decide(experience=experience, actor=curator, accept=True)
    experience.refresh_from_db()
    return experience
