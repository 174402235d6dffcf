"""Scoring of offers in open calls under the Act on Public Benefit Activity.

Pure Python and standard library only: the web application hands in plain frozen
records and receives plain frozen records, so this package can be tested and audited
on its own. Money and points are ``Decimal`` and rounded half-up to 0.01.
"""

from scoring.aggregation import METHODS, AggregationMethod, mean, median
from scoring.budget import Allocation, BudgetFit, fit_budget
from scoring.call import Diagnostics, RankedOffer, RankingResult, rank_call
from scoring.criteria import (
    Criterion,
    Form,
    max_total,
    statutory_criteria,
    validate_criteria,
    validate_points,
)
from scoring.decimals import divide_half_up, round_half_up
from scoring.diagnostics import MemberStrictness, krippendorff_alpha_interval, member_strictness
from scoring.errors import (
    InvalidCriterionError,
    InvalidInputError,
    InvalidPointsError,
    InvalidRulesError,
    ScoringError,
)
from scoring.model import (
    CriterionTieBreak,
    DrawTieBreak,
    LowerRequestedTieBreak,
    MemberId,
    OfferId,
    OfferInput,
    Score,
    ScoringRules,
    TieBreakStep,
    tie_break_step,
)
from scoring.sheets import CriterionScore

__all__ = [
    "METHODS",
    "AggregationMethod",
    "Allocation",
    "BudgetFit",
    "Criterion",
    "CriterionScore",
    "CriterionTieBreak",
    "Diagnostics",
    "DrawTieBreak",
    "Form",
    "InvalidCriterionError",
    "InvalidInputError",
    "InvalidPointsError",
    "InvalidRulesError",
    "LowerRequestedTieBreak",
    "MemberId",
    "MemberStrictness",
    "OfferId",
    "OfferInput",
    "RankedOffer",
    "RankingResult",
    "Score",
    "ScoringError",
    "ScoringRules",
    "TieBreakStep",
    "divide_half_up",
    "fit_budget",
    "krippendorff_alpha_interval",
    "max_total",
    "mean",
    "median",
    "member_strictness",
    "rank_call",
    "round_half_up",
    "statutory_criteria",
    "tie_break_step",
    "validate_criteria",
    "validate_points",
]
