"""Who of the committee evaluates which offer: the assignment rules as functions of plain ids.

Pure (no database, no request): `grants.review.operations.assignments` loads the committee, the offers, the
conflicts and the standing assignments, asks here, and writes what comes back. A pair is (member id, offer
id); a member who declared a conflict for an offer is never paired with it (KPA art. 24).
"""

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Pair = tuple[int, int]


@dataclass
class BalancedPlan:
    pairs: set[Pair]
    cap: int | None
    # {"code": "understaffed", "offer_id", "assigned"} or {"code": "cap_exceeded", "offer_id", "member_id"}
    warnings: list[dict] = field(default_factory=list)


def fair_share(offers: int, per_offer: int, members: int) -> int:
    """Offers per member when `per_offer` members evaluate each of `offers`, rounded up."""
    return math.ceil(offers * per_offer / members)


def every_pair(members: Iterable[int], offers: Collection[int], conflicts: Collection[Pair] = ()) -> set[Pair]:
    return {(member, offer) for member in members for offer in offers if (member, offer) not in conflicts}


def least_loaded(candidates: Iterable[int], load: Mapping[int, int], need: int, cap: int | None = None) -> list[int]:
    """The `need` candidates with the fewest offers so far (those already at `cap` last), lower id first."""
    ranked = sorted(candidates, key=lambda m: (cap is not None and load.get(m, 0) >= cap, load.get(m, 0), m))
    return ranked[: max(need, 0)]


def balanced(
    offers: Sequence[int],
    voting: Collection[int],
    per_offer: int,
    *,
    cap: int | None = None,
    conflicts: Collection[Pair] = (),
    current: Collection[Pair] = (),
    with_sheets: Collection[Pair] = (),
    declared: Collection[Pair] = (),
) -> BalancedPlan:
    """Each offer gets `per_offer` voting members.

    Standing pairs (`current`) that still fit are kept, a pair with a score sheet always, then those with an
    impartial declaration (`declared`); the gaps go to the least loaded members, offers with the fewest
    eligible members first (so a split from scratch without conflicts leaves loads that differ by one at
    most). `cap` (default: the fair share) is exceeded only when conflicts leave no one else, and then with
    a warning; an offer left short is warned of too.
    """
    if cap is None and offers:
        cap = fair_share(len(offers), per_offer, len(voting))
    kept: dict[int, list[int]] = {offer: [] for offer in offers}
    for offer in offers:
        standing = sorted(
            (pair for pair in current if pair[1] == offer and pair[0] in voting and pair not in conflicts),
            key=lambda pair: (pair not in with_sheets, pair not in declared, pair[0]),
        )
        for index, pair in enumerate(standing):
            if index < per_offer or pair in with_sheets:
                kept[offer].append(pair[0])
    load = Counter(member for offer in offers for member in kept[offer])
    eligible = {offer: [m for m in voting if (m, offer) not in conflicts] for offer in offers}
    warnings: list[dict] = []
    for offer in sorted(offers, key=lambda offer: (len(eligible[offer]), offer)):
        need = per_offer - len(kept[offer])
        chosen = least_loaded((m for m in eligible[offer] if m not in kept[offer]), load, need, cap)
        if len(chosen) < need:
            warnings.append({"code": "understaffed", "offer_id": offer, "assigned": len(kept[offer]) + len(chosen)})
        for member in chosen:
            if load[member] >= cap:
                warnings.append({"code": "cap_exceeded", "offer_id": offer, "member_id": member})
            kept[offer].append(member)
            load[member] += 1
    return BalancedPlan({(member, offer) for offer in offers for member in kept[offer]}, cap, warnings)


def top_up(
    offer: int,
    voting: Sequence[int],
    advisory: Sequence[int],
    *,
    per_offer: int | None,
    active: Collection[Pair],
    conflicts: Collection[Pair] = (),
) -> list[int]:
    """The members to add to one offer: the least loaded voting members up to `per_offer` (None: every voting
    member), then every advisory member (`advisory`'s order); none already on it or with a conflict for it."""
    load = Counter(member for member, _offer in active)
    free = [m for m in voting if (m, offer) not in active and (m, offer) not in conflicts]
    need = len(voting) if per_offer is None else per_offer - sum(1 for m in voting if (m, offer) in active)
    advisers = [m for m in advisory if (m, offer) not in active and (m, offer) not in conflicts]
    return least_loaded(free, load, need) + advisers
