"""Fitting ranked offers into the money available for the call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.decimals import ZERO, require_money
from scoring.errors import InvalidInputError
from scoring.model import OfferId, OfferInput


@dataclass(frozen=True, slots=True)
class Allocation:
    """The grant proposed for one offer."""

    offer_id: OfferId
    requested_grant: Decimal
    proposed_amount: Decimal

    @property
    def partial(self) -> bool:
        return ZERO < self.proposed_amount < self.requested_grant


@dataclass(frozen=True, slots=True)
class BudgetFit:
    """Allocations in ranking order, with what they use and what is left."""

    allocations: tuple[Allocation, ...]
    allocated: Decimal
    remaining: Decimal

    def amount_for(self, offer_id: OfferId) -> Decimal:
        for allocation in self.allocations:
            if allocation.offer_id == offer_id:
                return allocation.proposed_amount
        raise KeyError(offer_id)


def fit_budget(ranked: Sequence[OfferInput], budget: Decimal, partial_last: bool) -> BudgetFit:
    """Propose grants walking the ranking (passing offers only, best first).

    Offers are funded in full, in rank order, while the money lasts. Both common Polish
    practices for the first offer that no longer fits are supported:

    * ``partial_last=True``: it receives whatever money is left (a partial grant, which
      the organisation may accept with an updated budget), and nobody below it receives
      anything - the money is gone.
    * ``partial_last=False``: it is skipped and the walk continues, so a smaller offer
      further down may still be funded in full; no offer is ever funded partially.

    The sum of proposed amounts never exceeds ``budget`` and no offer receives more than
    it requested.
    """
    remaining = require_money(budget, "Budget")
    allocations: list[Allocation] = []
    exhausted = False
    for offer in ranked:
        requested = require_money(offer.requested_grant, f"Requested grant of offer {offer.offer_id!r}")
        amount = ZERO
        if not exhausted and requested <= remaining:
            amount = requested
        elif not exhausted and partial_last:
            amount, exhausted = remaining, True
        remaining -= amount
        allocations.append(Allocation(offer.offer_id, requested, amount))
    _reject_duplicates(allocations)
    return BudgetFit(tuple(allocations), sum((a.proposed_amount for a in allocations), ZERO), remaining)


def _reject_duplicates(allocations: list[Allocation]) -> None:
    if len({allocation.offer_id for allocation in allocations}) != len(allocations):
        raise InvalidInputError("An offer appears twice in the ranking handed to fit_budget.")
