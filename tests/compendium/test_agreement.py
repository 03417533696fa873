"""Agreement coefficients, checked against published worked examples."""

from __future__ import annotations

import pytest

from baraza.compendium.agreement import (
    krippendorff_alpha,
    percent_agreement,
    reading,
    weighted_kappa,
)

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, values 1–5, with missing values. Published: nominal .743, ordinal .815,
# interval .849.
KRIPPENDORFF_2011 = list(
    zip(
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
        strict=True,
    )
)

# Wikipedia's computational example of Krippendorff's alpha: three coders, fifteen units.
# Published: nominal .691.
WIKIPEDIA = list(
    zip(
        [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
        [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
        [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
        strict=True,
    )
)

# Stata's manual ([R] kappa): two radiologists' assessments of 85 xeromammograms, on a
# 4-point scale (normal, benign, suspected cancer, cancer). Rows are radiologist A.
# Published: unweighted kappa .4728, linear weights (wgt(w)) .5684.
RADIOLOGISTS = [
    [21, 12, 0, 0],
    [4, 17, 1, 0],
    [3, 9, 15, 2],
    [0, 0, 0, 1],
]


def _pairs(table):
    return [(i, j) for i, row in enumerate(table) for j, n in enumerate(row) for _ in range(n)]


@pytest.mark.parametrize(
    ("metric", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_alpha_reproduces_krippendorffs_own_example(metric, expected):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, metric=metric), 3) == expected


def test_alpha_reproduces_the_wikipedia_example():
    assert round(krippendorff_alpha(WIKIPEDIA, metric="nominal"), 3) == 0.691


def test_alpha_ignores_the_order_of_raters_within_a_unit():
    shuffled = [tuple(reversed(unit)) for unit in KRIPPENDORFF_2011]
    assert krippendorff_alpha(shuffled, metric="ordinal") == krippendorff_alpha(
        KRIPPENDORFF_2011, metric="ordinal"
    )


def test_linear_weighted_kappa_reproduces_statas_example():
    assert round(weighted_kappa(_pairs(RADIOLOGISTS), weights="linear"), 4) == 0.5684


def test_quadratic_kappa_equals_its_covariance_form():
    """With quadratic weights kappa is 2·cov(A, B) / (var A + var B + (mean A − mean B)²)
    (Fleiss & Cohen 1973), an identity computed here independently of the implementation."""
    pairs = _pairs(RADIOLOGISTS)
    n = len(pairs)
    mean_a = sum(a for a, _ in pairs) / n
    mean_b = sum(b for _, b in pairs) / n
    var_a = sum((a - mean_a) ** 2 for a, _ in pairs) / n
    var_b = sum((b - mean_b) ** 2 for _, b in pairs) / n
    cov = sum((a - mean_a) * (b - mean_b) for a, b in pairs) / n
    expected = 2 * cov / (var_a + var_b + (mean_a - mean_b) ** 2)
    assert weighted_kappa(pairs) == pytest.approx(expected)
    assert round(weighted_kappa(pairs, weights="quadratic"), 4) == 0.6714


def test_kappa_on_two_categories_is_cohens_unweighted_kappa():
    # Wikipedia's Cohen's kappa example: 50 proposals, yes/no, kappa 0.4.
    pairs = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    for weights in ("linear", "quadratic"):
        assert weighted_kappa(pairs, categories=(0, 1), weights=weights) == pytest.approx(0.4)


def test_gates_can_be_booleans():
    pairs = [(True, True)] * 20 + [(True, False)] * 5 + [(False, True)] * 10 + [(False, False)] * 15
    assert weighted_kappa(pairs, categories=(False, True)) == pytest.approx(0.4)
    units = [list(p) for p in pairs]
    assert krippendorff_alpha(units, metric="nominal") == pytest.approx(
        krippendorff_alpha([[int(a), int(b)] for a, b in pairs], metric="nominal")
    )


def test_perfect_agreement_with_variation_is_one():
    pairs = [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert weighted_kappa(pairs) == 1.0
    assert krippendorff_alpha([list(p) for p in pairs], metric="ordinal") == 1.0
    assert krippendorff_alpha([list(p) for p in pairs], metric="interval") == 1.0


def test_a_one_point_gap_costs_less_with_quadratic_weights():
    pairs = [(0, 0), (1, 2), (2, 2), (3, 3), (2, 1), (0, 1)]
    assert weighted_kappa(pairs) > weighted_kappa(pairs, weights="linear")


@pytest.mark.parametrize(
    "units",
    [
        [],  # no data
        [[2, 2]],  # one unit
        [[2, N], [3, N]],  # no unit rated twice
        [[2, 2], [2, 2], [2, 2]],  # no variation at all
        [[2, 2, N], [N, N, N], [2, 2, 2]],
    ],
)
def test_undefined_alpha_is_none(units):
    for metric in ("nominal", "ordinal", "interval"):
        assert krippendorff_alpha(units, metric=metric) is None


@pytest.mark.parametrize("pairs", [[], [(1, 2)], [(2, 2), (2, 2)], [(N, 1), (2, N)]])
def test_undefined_kappa_is_none(pairs):
    assert weighted_kappa(pairs) is None


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="weights"):
        weighted_kappa([(1, 2), (2, 1)], weights="cubic")
    with pytest.raises(ValueError, match="metric"):
        krippendorff_alpha([[1, 2], [2, 1]], metric="ratio")
    with pytest.raises(ValueError, match="values"):
        weighted_kappa([(1, 4), (2, 1)])


def test_percent_agreement_counts_equal_pairs():
    assert percent_agreement([[1, 1], [1, 2], [3, 3, 3]]) == pytest.approx(4 / 5)
    assert percent_agreement([[1, N]]) is None


def test_reading_follows_krippendorffs_thresholds():
    assert [reading(v) for v in (0.85, 0.8, 0.7, 0.5, None)] == [
        "reliable",
        "reliable",
        "tentative",
        "low",
        "",
    ]
