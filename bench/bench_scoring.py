"""Benchmark of scoring.rank_call on a large call.

Run by hand from the project root:

    .venv/bin/python bench/bench_scoring.py

1 000 offers x 7 members x 6 statutory criteria (42 000 scores), fixed seed, diagnostics
on. Prints the median wall time of several runs; the target is below 200 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import OfferInput, Score, ScoringRules, rank_call, statutory_criteria  # noqa: E402

OFFERS = 1_000
MEMBERS = 7
RUNS = 9
SEED = 20240501
TARGET_MS = 200.0


def build_call(seed: int) -> tuple:
    rng = random.Random(seed)
    criteria = statutory_criteria("wspieranie")
    offers = [
        OfferInput(offer_id, Decimal(rng.randrange(1_000_00, 200_000_00)) / 100) for offer_id in range(1, OFFERS + 1)
    ]
    halves = {criterion.code: [Decimal(step) / 2 for step in range(int(criterion.max_points) * 2 + 1)] for criterion in criteria}
    scores = [
        Score(member_id, offer.offer_id, criterion.code, rng.choice(halves[criterion.code]))
        for offer in offers
        for member_id in range(1, MEMBERS + 1)
        for criterion in criteria
    ]
    rng.shuffle(scores)
    rules = ScoringRules(
        aggregation="mean",
        min_total=Decimal(40),
        allow_halves=True,
        tie_break=(("criterion", "quality"), ("lower_requested",)),
        partial_last=True,
    )
    budget = Decimal("25000000.00")
    return criteria, rules, offers, scores, budget


def main() -> None:
    criteria, rules, offers, scores, budget = build_call(SEED)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = rank_call(criteria, rules, offers, scores, budget, diagnostics=True)
        timings.append((time.perf_counter() - started) * 1000)
    median_ms = statistics.median(timings)
    ranked = sum(1 for item in result.items if item.rank is not None)
    print(f"rank_call: {OFFERS} offers x {MEMBERS} members x {len(criteria)} criteria = {len(scores)} scores")
    print(f"ranked {ranked}, allocated {result.allocated} of {result.budget}, alpha {result.diagnostics.alpha:.4f}")
    print(f"median of {RUNS} runs: {median_ms:.1f} ms (min {min(timings):.1f}, max {max(timings):.1f}); "
          f"target < {TARGET_MS:.0f} ms: {'met' if median_ms < TARGET_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
