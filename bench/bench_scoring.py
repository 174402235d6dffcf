"""Benchmark of scoring.rank_call on a large call.

Run by hand from the project root:

    .venv/bin/python bench/bench_scoring.py

1 000 offers x 7 members x 6 statutory criteria (42 000 scores in half points), fixed
seed, diagnostics on. Prints the median wall time of several runs; the target is below
200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import Summary, json_argument

from scoring import OfferInput, Score, ScoringRules, rank_call, statutory_criteria

OFFERS = 1_000
MEMBERS = 7
RUNS = 9
SEED = 20240501
TARGET_MS = 200.0


def build_call(seed: int) -> tuple:
    """A call whose offers differ in quality and whose members differ in strictness.

    Realistic structure matters: it gives real ties, a meaningful alpha and members
    with non-trivial z-scores, so every code path is timed, not just the happy one.
    """
    rng = random.Random(seed)
    criteria = statutory_criteria("wspieranie")
    offers = [
        OfferInput(offer_id, Decimal(rng.randrange(100_000, 20_000_000)).scaleb(-2))
        for offer_id in range(1, OFFERS + 1)
    ]
    quality = {offer.offer_id: rng.uniform(0.2, 0.95) for offer in offers}
    strictness = {member: rng.gauss(0, 0.04) for member in range(1, MEMBERS + 1)}
    scores = [
        Score(
            member,
            offer.offer_id,
            criterion.code,
            _points(rng, criterion.max_points, quality[offer.offer_id] + bias),
        )
        for offer in offers
        for member, bias in strictness.items()
        for criterion in criteria
    ]
    rng.shuffle(scores)
    rules = ScoringRules(
        aggregation="mean",
        min_total=Decimal(50),
        allow_halves=True,
        tie_break=(("criterion", "quality"), ("lower_requested",)),
        partial_last=True,
    )
    return criteria, rules, offers, scores, Decimal("25000000.00")


def _points(rng: random.Random, maximum: Decimal, share: float) -> Decimal:
    halves = round((share + rng.gauss(0, 0.07)) * float(maximum) * 2)
    return Decimal(min(max(halves, 0), int(maximum) * 2)) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    json_argument(parser)
    report = Summary("scoring", parser.parse_args().json)
    criteria, rules, offers, scores, budget = build_call(SEED)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = rank_call(criteria, rules, offers, scores, budget, diagnostics=True)
        timings.append((time.perf_counter() - started) * 1000)
    median_ms = statistics.median(timings)
    ranked = sum(1 for item in result.items if item.rank is not None)
    funded = sum(1 for item in result.items if item.proposed_amount > 0)
    print(f"rank_call: {OFFERS} offers x {MEMBERS} members x {len(criteria)} criteria = {len(scores)} scores")
    print(f"ranked {ranked}, funded {funded}, allocated {result.allocated} of {result.budget}")
    print(f"alpha {result.diagnostics.alpha:.4f}, disagreements {len(result.diagnostics.disagreements)}")
    verdict = "met" if median_ms < TARGET_MS else "MISSED"
    print(f"median of {RUNS} runs: {median_ms:.1f} ms (min {min(timings):.1f}, max {max(timings):.1f})")
    print(f"target < {TARGET_MS:.0f} ms: {verdict}")
    table = report.table(("measurement", "result", "target"), printed=False)
    table.row(
        f"`rank_call` with diagnostics, {OFFERS} × {MEMBERS} × {len(criteria)}, median of {RUNS}",
        f"{median_ms:.1f} ms (min {min(timings):.1f}, max {max(timings):.1f})",
        f"< {TARGET_MS:.0f} ms: {verdict}",
    )
    report.write()


if __name__ == "__main__":
    main()
