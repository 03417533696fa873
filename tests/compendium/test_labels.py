"""The published label rule, criterion by criterion (see baraza/compendium/labels.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baraza.compendium.labels import Judgement, derive, disagreements
from baraza.compendium.models import CriteriaSet, Criterion, Label

CRITERIA_SET = CriteriaSet(
    version=1,
    disagreement_threshold=2,
    best_threshold=Decimal("2.25"),
    promising_threshold=Decimal("1.5"),
)
CRITERIA = [
    Criterion(key="relevance", kind="gate"),
    Criterion(key="ethics", kind="gate"),
    Criterion(key="effectiveness", kind="scored", is_key=True),
    Criterion(key="equity", kind="scored"),
    Criterion(key="sustainability", kind="scored"),
]


def review(effectiveness, equity, sustainability, relevance=True, ethics=True):
    return [
        Judgement("relevance", passed=relevance),
        Judgement("ethics", passed=ethics),
        Judgement("effectiveness", score=effectiveness),
        Judgement("equity", score=equity),
        Judgement("sustainability", score=sustainability),
    ]


@pytest.mark.parametrize(
    ("reviews", "label", "average"),
    [
        ([review(3, 3, 2), review(3, 2, 2)], Label.BEST, Decimal("2.50")),
        # The average reaches 2.25 but the key criterion does not: promising.
        ([review(2, 3, 3), review(2, 3, 2)], Label.PROMISING, Decimal("2.50")),
        # Best needs every criterion's consensus at 1 or more.
        ([review(3, 3, 0), review(3, 3, 1)], Label.PROMISING, Decimal("2.17")),
        ([review(2, 1, 2), review(1, 1, 2)], Label.PROMISING, Decimal("1.50")),
        ([review(1, 1, 2), review(1, 2, 2)], Label.DOCUMENTED, Decimal("1.50")),
        ([review(0, 1, 1), review(1, 0, 1)], Label.DOCUMENTED, Decimal("0.67")),
    ],
)
def test_tiers(reviews, label, average):
    outcome = derive(CRITERIA_SET, CRITERIA, reviews)
    assert (outcome.label, outcome.average) == (label, average)
    assert outcome.failed_gates == []


def test_a_gate_failed_by_most_reviewers_means_no_label():
    outcome = derive(
        CRITERIA_SET, CRITERIA, [review(3, 3, 3, ethics=False), review(3, 3, 3, ethics=False)]
    )
    assert outcome.label == ""
    assert outcome.failed_gates == ["ethics"]


def test_a_split_gate_fails_and_is_a_disagreement():
    reviews = [review(3, 3, 3, relevance=False), review(3, 3, 3)]
    outcome = derive(CRITERIA_SET, CRITERIA, reviews)
    assert outcome.failed_gates == ["relevance"]
    assert outcome.disagreements == ["relevance"]


def test_a_third_reviewer_breaks_a_split_gate():
    reviews = [review(3, 3, 3, relevance=False), review(3, 3, 3), review(3, 2, 3)]
    outcome = derive(CRITERIA_SET, CRITERIA, reviews)
    assert outcome.failed_gates == []
    assert outcome.label == Label.BEST


def test_scores_two_apart_are_a_disagreement_one_apart_are_not():
    assert disagreements(CRITERIA, [review(3, 2, 1), review(1, 1, 2)], 2) == ["effectiveness"]
    assert disagreements(CRITERIA, [review(3, 2, 1), review(2, 1, 2)], 2) == []
    assert disagreements(CRITERIA, [review(3, 2, 1), review(2, 1, 2)], 1) == [
        "effectiveness",
        "equity",
        "sustainability",
    ]
