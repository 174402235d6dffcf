"""Exceptions raised for invalid scoring input.

All of them derive from ``ValueError`` so callers that already guard form input with
``except ValueError`` keep working; the subclasses let the app tell the cases apart.
"""

from __future__ import annotations

from decimal import Decimal


class ScoringError(ValueError):
    """Base class for every invalid input detected by the scoring package."""


class InvalidCriterionError(ScoringError):
    """A criterion definition (or a set of them) cannot be used for scoring."""


class InvalidRulesError(ScoringError):
    """The scoring rules of a call are inconsistent or refer to unknown things."""


class InvalidInputError(ScoringError):
    """Offers, score sheets or money amounts handed to the scoring are inconsistent."""


class InvalidPointsError(ScoringError):
    """Points given for a criterion are out of range or not an allowed step.

    The offending criterion code and points are kept as attributes so the web layer can
    show a translated message next to the right field.
    """

    def __init__(self, message: str, criterion_code: str, points: object) -> None:
        super().__init__(message)
        self.criterion_code = criterion_code
        self.points = points


def describe(value: object) -> str:
    """Render a value for an error message without scientific notation surprises."""
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return repr(value)
