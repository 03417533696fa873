"""The published rule that turns reviewers' scores into a label.

The rule is shown on the site (``/compendium/criteria/``) exactly as implemented here:

1. **Consensus per criterion.** A gate passes when more than half of the reviewers pass it. A
   scored criterion's consensus is the mean of the reviewers' scores (after reconciliation,
   their revised scores; a third reviewer's scores count like the others).
2. **Gates.** If any gate fails, the experience gets no label: the recommended decision is to
   decline it, giving the failed gates as reasons.
3. **Tiers.** With every gate passed, the *average* is the mean of the scored criteria's
   consensus scores.
   - *Best practice*: the average reaches the set's best-practice threshold (2.25 in the
     default set), every key criterion reaches it too, and no criterion's consensus is
     below 1.
   - *Promising practice*: the average reaches the promising threshold (1.5 by default) and
     every key criterion reaches it too.
   - *Documented experience*: any other experience that passes the gates.
4. **Disagreement.** Reconciliation is needed when, for some criterion, two reviewers' scores
   differ by at least the set's disagreement threshold (2 by default), or reviewers split on
   a gate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from baraza.compendium.models import CriteriaSet, Criterion, CriterionKind, Label


@dataclass(frozen=True)
class Judgement:
    """What one reviewer said about one criterion."""

    criterion_key: str
    passed: bool | None = None
    score: int | None = None


@dataclass
class Outcome:
    label: str  # a ``Label`` value, or "" when a gate failed
    average: Decimal | None
    consensus: dict[str, Decimal | bool] = field(default_factory=dict)
    failed_gates: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"))


def disagreements(criteria: list[Criterion], reviews: list[list[Judgement]], threshold: int):
    """The keys of the criteria on which the reviewers disagree beyond the threshold."""
    found = []
    for criterion in criteria:
        said = [j for review in reviews for j in review if j.criterion_key == criterion.key]
        if criterion.kind == CriterionKind.GATE:
            if len({j.passed for j in said if j.passed is not None}) > 1:
                found.append(criterion.key)
        else:
            scores = [j.score for j in said if j.score is not None]
            if scores and max(scores) - min(scores) >= threshold:
                found.append(criterion.key)
    return found


def derive(criteria_set: CriteriaSet, criteria: list[Criterion], reviews: list[list[Judgement]]):
    """Apply the rule to the submitted reviews (each a list of judgements)."""
    outcome = Outcome(label="", average=None)
    outcome.disagreements = disagreements(criteria, reviews, criteria_set.disagreement_threshold)
    scored = {}
    for criterion in criteria:
        said = [j for review in reviews for j in review if j.criterion_key == criterion.key]
        if criterion.kind == CriterionKind.GATE:
            votes = [j.passed for j in said if j.passed is not None]
            passed = bool(votes) and sum(votes) * 2 > len(votes)
            outcome.consensus[criterion.key] = passed
            if not passed:
                outcome.failed_gates.append(criterion.key)
        else:
            scores = [j.score for j in said if j.score is not None]
            if scores:
                scored[criterion.key] = _mean(scores)
                outcome.consensus[criterion.key] = scored[criterion.key]
    if outcome.failed_gates or not scored:
        return outcome
    outcome.average = _mean_decimal(list(scored.values()))
    keys = [c.key for c in criteria if c.is_key and c.key in scored]

    def reaches(threshold: Decimal) -> bool:
        return outcome.average >= threshold and all(scored[k] >= threshold for k in keys)

    if reaches(criteria_set.best_threshold) and min(scored.values()) >= 1:
        outcome.label = Label.BEST
    elif reaches(criteria_set.promising_threshold):
        outcome.label = Label.PROMISING
    else:
        outcome.label = Label.DOCUMENTED
    return outcome


def _mean_decimal(values: list[Decimal]) -> Decimal:
    return (sum(values) / Decimal(len(values))).quantize(Decimal("0.01"))
