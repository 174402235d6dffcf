"""Stored states that move along one transition table per model.

A model names its table once (`transitions`: state → the states it may move to) and every caller asks
`can_move_to`, so the table is the only place a move is allowed or refused.
"""

from collections.abc import Mapping, Set
from enum import Enum
from typing import ClassVar


class Stateful:
    """Mixed into a model whose `status` column moves only along `transitions`."""

    transitions: ClassVar[Mapping[Enum, Set[Enum]]]

    def can_move_to(self, target: Enum) -> bool:
        return target in self.transitions[self.status]
