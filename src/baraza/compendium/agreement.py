"""Inter-rater agreement: weighted Cohen's kappa and Krippendorff's alpha, in plain Python.

The dashboard measures how far reviewers agree *before* reconciliation (their initial scores),
criterion by criterion. Two coefficients, both "1 = perfect agreement, 0 = what chance alone
would give, below 0 = systematic disagreement":

- **Weighted Cohen's kappa** (Cohen 1968) compares exactly two raters who rated the same units.
  The 0–3 scores are ordered, so a 1-point disagreement should cost less than a 3-point one:
  the disagreement weight of scores *i* and *j* is ``((i - j) / (k - 1)) ** 2`` with
  **quadratic** weights (the default) or ``|i - j| / (k - 1)`` with **linear** weights, for *k*
  categories. Quadratic weights are the usual choice for ordinal rating scales: they make
  kappa equal to an intraclass correlation of the scores (Fleiss & Cohen 1973), so a reviewer
  who is one point off counts as nearly agreeing while large gaps weigh heavily, which is
  also how the disagreement threshold of the label rule thinks.
- **Krippendorff's alpha** (Krippendorff 2004, 2011) works for any number of raters, tolerates
  missing values (a unit rated by only some raters) and takes the metric of the data:
  *nominal* (pass/fail gates), *ordinal* (0–3 scores, where only the order counts) or
  *interval* (the distances between scores count).

Every function returns ``None`` instead of a number when the coefficient is undefined: fewer
than two units with two ratings each, or no variation at all in the data (every rater gave
every unit the same value, so chance agreement is already perfect and the ratio is 0/0).

Computations use exact fractions and return a ``float``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

SCORES = (0, 1, 2, 3)
METRICS = ("nominal", "ordinal", "interval")
WEIGHTS = ("linear", "quadratic")

# Krippendorff's (2004) conventions for reading alpha: rely on data with alpha >= .800, draw
# tentative conclusions from .667 upwards, discard what is lower.
RELIABLE = 0.8
TENTATIVE = 0.667


def weighted_kappa(
    pairs: Iterable[tuple[int | None, int | None]],
    *,
    categories: Sequence[int] = SCORES,
    weights: str = "quadratic",
) -> float | None:
    """Cohen's weighted kappa of two raters, from the pairs (rater A's value, rater B's value)
    of the units both rated; a pair with a missing value is left out.

    ``categories`` is the ordered scale (0–3 by default); ``weights`` is ``"quadratic"`` (the
    default) or ``"linear"``. With two categories both weightings give the unweighted kappa.
    """
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {WEIGHTS}, not {weights!r}")
    categories = list(categories)
    k = len(categories)
    index = {value: i for i, value in enumerate(categories)}
    table = Counter()
    for a, b in pairs:
        if a is None or b is None:
            continue
        if a not in index or b not in index:
            raise ValueError(f"values must be among {categories}, not {a!r}, {b!r}")
        table[index[a], index[b]] += 1
    n = sum(table.values())
    if n < 2 or k < 2:
        return None

    def weight(i: int, j: int) -> Fraction:
        distance = Fraction(abs(i - j), k - 1)
        return distance**2 if weights == "quadratic" else distance

    rows = [sum(table[i, j] for j in range(k)) for i in range(k)]
    cols = [sum(table[i, j] for i in range(k)) for j in range(k)]
    observed = sum(weight(i, j) * table[i, j] for i in range(k) for j in range(k)) / n
    expected = sum(weight(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k)) / n**2
    if expected == 0:
        return None
    return float(1 - observed / expected)


def krippendorff_alpha(
    units: Iterable[Sequence[Hashable | None]], *, metric: str = "ordinal"
) -> float | None:
    """Krippendorff's alpha of the reliability data ``units``: one sequence per unit, holding
    the values the raters gave it (``None`` where a rater gave none; order does not matter).

    ``metric`` is ``"nominal"`` (any difference is a full disagreement), ``"ordinal"`` (the
    distance between two values grows with how many values were given between them) or
    ``"interval"`` (the squared numeric difference). Units with fewer than two values cannot
    be paired and are left out.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, not {metric!r}")
    pairable = []
    for unit in units:
        values = Counter(v for v in unit if v is not None)
        if sum(values.values()) >= 2:
            pairable.append(values)
    if len(pairable) < 2:
        return None

    # The coincidence matrix: each unit's m values make m(m-1) ordered pairs, each counted
    # 1/(m-1), so every value contributes exactly 1 in total.
    coincidences: Counter = Counter()
    for values in pairable:
        m = sum(values.values())
        for c, n_c in values.items():
            for k, n_k in values.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    coincidences[c, k] += Fraction(pairs, m - 1)
    categories = sorted({c for c, _k in coincidences})
    totals = {c: sum(coincidences[c, k] for k in categories) for c in categories}
    n = sum(totals.values())
    delta = _distance(metric, categories, totals)
    observed = sum(coincidences[c, k] * delta(c, k) for c in categories for k in categories)
    expected = sum(totals[c] * totals[k] * delta(c, k) for c in categories for k in categories) / (
        n - 1
    )
    if expected == 0:
        return None
    return float(1 - observed / expected)


def _distance(metric: str, categories: list, totals: dict):
    """The squared distance δ²(c, k) of the metric, over the values present."""
    if metric == "nominal":
        return lambda c, k: 0 if c == k else 1
    if metric == "interval":
        return lambda c, k: Fraction(c - k) ** 2
    position = {c: i for i, c in enumerate(categories)}

    def ordinal(c, k) -> Fraction:
        low, high = sorted((position[c], position[k]))
        between = sum(totals[categories[g]] for g in range(low, high + 1))
        return (between - (totals[c] + totals[k]) / 2) ** 2

    return ordinal


def percent_agreement(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """The share of pairs of ratings of the same unit that are equal (no chance correction):
    shown next to alpha, which is undefined when nobody ever disagrees."""
    agree = total = 0
    for unit in units:
        values = [v for v in unit if v is not None]
        for i, a in enumerate(values):
            for b in values[i + 1 :]:
                total += 1
                agree += a == b
    return agree / total if total else None


def reading(value: float | None) -> str:
    """``reliable``, ``tentative``, ``low`` or ``""`` (undefined), by Krippendorff's rule of
    thumb for alpha."""
    if value is None:
        return ""
    if value >= RELIABLE:
        return "reliable"
    if value >= TENTATIVE:
        return "tentative"
    return "low"
