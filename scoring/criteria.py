"""Evaluation criteria and the validation of points given for them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scoring.errors import InvalidCriterionError, InvalidPointsError, describe

_WHOLE = Decimal(1)
_HALF = Decimal("0.5")


@dataclass(frozen=True, slots=True)
class Criterion:
    """One line of the committee's score sheet.

    ``min_points`` is the minimum the aggregated points on this criterion must reach for
    the offer to pass. ``advisory`` criteria are scored and reported but never count
    towards the total nor towards passing (a minimum on them is ignored), which lets a
    call collect e.g. a remark-like rating without changing the statutory result.
    """

    code: str
    name: str
    max_points: Decimal
    min_points: Decimal | None = None
    advisory: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise InvalidCriterionError(f"Criterion code must be a non-empty string, got {self.code!r}.")
        if not _is_finite_decimal(self.max_points) or self.max_points <= 0:
            raise InvalidCriterionError(
                f"Criterion {self.code!r}: max_points must be a positive Decimal, got {describe(self.max_points)}."
            )
        if self.min_points is not None and not _minimum_fits(self.min_points, self.max_points):
            raise InvalidCriterionError(
                f"Criterion {self.code!r}: min_points must be a Decimal between 0 and "
                f"{describe(self.max_points)}, got {describe(self.min_points)}."
            )


def _is_finite_decimal(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def _minimum_fits(minimum: object, maximum: Decimal) -> bool:
    return _is_finite_decimal(minimum) and 0 <= minimum <= maximum


class Form(StrEnum):
    """The two forms of commissioning a public task (art. 11 ust. 1 of the Act)."""

    # pkt 1: the grant co-finances the task, so the organisation's own money matters.
    WSPIERANIE = "wspieranie"
    # pkt 2: the grant finances the whole task.
    POWIERZANIE = "powierzanie"


def statutory_criteria(form: str | Form) -> tuple[Criterion, ...]:
    """Default criteria of art. 15 ust. 1 of the Act on Public Benefit Activity and Volunteerism.

    Ustawa z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie,
    art. 15 ust. 1: when considering offers the authority

    * pkt 1 - assesses the organisation's ability to carry out the task (``ability``);
    * pkt 2 - assesses the cost calculation, also against the scope of the task (``costs``);
    * pkt 3 - assesses the proposed quality and the qualifications of the people who will
      carry it out (``quality``);
    * pkt 4 - takes into account, only when the task is supported (``wspieranie``), the
      planned own financial contribution or funds from other sources (``own_funds``);
    * pkt 5 - takes into account the planned personal and in-kind contribution, including
      volunteers' work and members' unpaid work (``non_financial``);
    * pkt 6 - takes into account the assessment of tasks commissioned in previous years:
      reliability, timeliness and the way the funds were settled (``track_record``).

    The weights are this package's defaults, not the statute's: 20/20/30/10/10/10 = 100
    points for ``wspieranie``; for ``powierzanie`` pkt 4 does not apply, leaving 90 points.
    A call may define its own criteria instead.
    """
    chosen = Form(form)
    return tuple(
        Criterion(code, name, Decimal(points))
        for code, name, points in _STATUTORY
        if code != "own_funds" or chosen is Form.WSPIERANIE
    )


_STATUTORY: tuple[tuple[str, str, int], ...] = (
    ("ability", "Możliwość realizacji zadania publicznego", 20),
    ("costs", "Kalkulacja kosztów realizacji zadania", 20),
    ("quality", "Jakość wykonania zadania i kwalifikacje osób realizujących zadanie", 30),
    ("own_funds", "Udział środków finansowych własnych lub pochodzących z innych źródeł", 10),
    (
        "non_financial",
        "Wkład rzeczowy i osobowy, w tym świadczenia wolontariuszy i praca społeczna członków",
        10,
    ),
    (
        "track_record",
        "Ocena realizacji zadań zleconych w latach poprzednich (rzetelność, terminowość, rozliczenie)",
        10,
    ),
)


def validate_points(criterion: Criterion, points: object, allow_halves: bool) -> Decimal:
    """Return ``points`` if they are a valid score for ``criterion``, else raise.

    Valid points are a Decimal from 0 to ``max_points`` in whole steps, or in half steps
    when the call allows halves.
    """
    if not _is_finite_decimal(points):
        raise InvalidPointsError(
            f"Points for criterion {criterion.code!r} must be a finite Decimal, got {describe(points)}.",
            criterion.code,
            points,
        )
    if not 0 <= points <= criterion.max_points:
        raise InvalidPointsError(
            f"Points {describe(points)} for criterion {criterion.code!r} must be between 0 and "
            f"{describe(criterion.max_points)}.",
            criterion.code,
            points,
        )
    if points % (_HALF if allow_halves else _WHOLE) != 0:
        step = "whole or half points" if allow_halves else "whole points"
        raise InvalidPointsError(
            f"Points {describe(points)} for criterion {criterion.code!r} must be given in {step}.",
            criterion.code,
            points,
        )
    return points


def validate_criteria(criteria: Iterable[Criterion]) -> tuple[Criterion, ...]:
    """Check that a call's criteria can be scored: unique codes and something that counts."""
    checked = tuple(criteria)
    for criterion in checked:
        if not isinstance(criterion, Criterion):
            raise InvalidCriterionError(f"Expected Criterion objects, got {criterion!r}.")
    codes = [criterion.code for criterion in checked]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise InvalidCriterionError(f"Criterion codes must be unique, repeated: {', '.join(duplicates)}.")
    if all(criterion.advisory for criterion in checked):
        raise InvalidCriterionError("At least one criterion must count towards the total (not advisory).")
    return checked


def max_total(criteria: Iterable[Criterion]) -> Decimal:
    """The highest total a member can give: the sum of the non-advisory maxima."""
    return sum((c.max_points for c in criteria if not c.advisory), Decimal(0))
