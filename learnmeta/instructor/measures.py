"""The class report's test statistics, as pure functions over lists of numbers. No files, no text.

Variances are sample variances (divided by n - 1), as Moodle's quiz statistics compute them, so
an instructor comparing with Moodle sees the same figures. (Where a figure is a ratio of two
variances, KR-20 and alpha, the divisor cancels out and the choice does not matter.)

* :func:`kr20`: Kuder-Richardson 20, the internal consistency of a test of right/wrong items:
  ``k/(k-1) * (1 - sum(p*q) / var(totals))`` with p the share right on each item, q = 1 - p
  (population variance of the totals, which is what p*q is the item variance of).
* :func:`cronbach_alpha`: ``k/(k-1) * (1 - sum(var(item)) / var(totals))`` for items scored
  any way; for right/wrong items it is KR-20.
* :func:`standard_error_of_measurement`: ``sd(totals) * sqrt(1 - reliability)``, in the units of
  the totals (Moodle's "standard error").
* :func:`discriminative_efficiency`: Moodle's definition, in percent: the covariance between
  the item's marks and the rest of the test (the marks on the other items), divided by the
  largest covariance those same two lists of values could have, which is when both are sorted
  and paired in order. 100 means the item separates the learners as well as its facility
  allows; an item everyone gets right (or wrong) has none (None).
* :func:`histogram`: scores in percent counted into bins of equal width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def sample_variance(values: Sequence[float]) -> float | None:
    """The sample variance (n - 1); None for fewer than two values."""
    n = len(values)
    if n < 2:
        return None
    mean = _mean(values)
    return sum((v - mean) ** 2 for v in values) / (n - 1)


def _totals(matrix: Sequence[Sequence[float]]) -> list[float]:
    return [float(sum(row)) for row in matrix]


def _shape_ok(matrix: Sequence[Sequence[float]]) -> bool:
    """At least two learners and two items, every learner with a score on every item."""
    if len(matrix) < 2:
        return False
    width = len(matrix[0])
    return width >= 2 and all(len(row) == width for row in matrix)


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a learners x items score matrix; None when it is not defined (fewer
    than 2 learners or items, or every learner with the same total)."""
    if not _shape_ok(matrix):
        return None
    k = len(matrix[0])
    totals = _totals(matrix)
    total_variance = sample_variance(totals)
    if not total_variance:
        return None
    item_variances = [sample_variance([row[i] for row in matrix]) or 0.0 for i in range(k)]
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


def kr20(matrix: Sequence[Sequence[bool | int]]) -> float | None:
    """Kuder-Richardson 20 of a learners x items matrix of right (1) and wrong (0); None when not
    defined (fewer than 2 learners or items, or every learner with the same total)."""
    if not _shape_ok(matrix):
        return None
    n, k = len(matrix), len(matrix[0])
    totals = _totals(matrix)
    mean = _mean(totals)
    total_variance = sum((t - mean) ** 2 for t in totals) / n  # population: p*q is one too
    if total_variance == 0:
        return None
    pq = 0.0
    for i in range(k):
        p = sum(1 for row in matrix if row[i]) / n
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / total_variance)


def standard_error_of_measurement(totals: Sequence[float], reliability: float | None) -> float | None:
    """sd(totals) * sqrt(1 - reliability) (sample sd); None when either is not known. A negative
    reliability (items that do not hang together) is taken as 0: the error is the whole sd."""
    variance = sample_variance(totals)
    if variance is None or reliability is None:
        return None
    return math.sqrt(variance) * math.sqrt(1 - min(max(reliability, 0.0), 1.0))


def discriminative_efficiency(marks: Sequence[float], others: Sequence[float]) -> float | None:
    """Moodle's discriminative efficiency in percent: 100 * cov(marks, others) / cov(sorted
    marks, sorted others). ``marks[i]`` is learner i's mark on the item, ``others[i]`` their
    score on the rest of the test. None when it is not defined (fewer than 2 learners, or no
    spread in either list)."""
    n = len(marks)
    if n < 2 or len(others) != n:
        return None
    mark_mean, other_mean = _mean(marks), _mean(others)
    covariance = sum((m - mark_mean) * (o - other_mean) for m, o in zip(marks, others))
    best = sum((m - mark_mean) * (o - other_mean) for m, o in zip(sorted(marks), sorted(others)))
    if best <= 1e-12:
        return None
    return 100 * covariance / best


def histogram(scores: Sequence[float], width: int = 10) -> list[tuple[int, int, int]]:
    """``(low, high, count)`` for each bin of scores in percent: 0-9, 10-19, ... 90-100 for a
    width of 10 (the last bin holds 100). Every bin is listed, empty ones too."""
    bins = list(range(0, 100, width))
    counts = [0] * len(bins)
    for score in scores:
        index = min(int(max(score, 0) // width), len(bins) - 1)
        counts[index] += 1
    return [(low, min(low + width - 1, 100) if low + width < 100 else 100, count)
            for low, count in zip(bins, counts)]
