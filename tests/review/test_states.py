"""`grants.states.Stateful`: a model's `can_move_to` asks its one transition table."""

import enum

from grants import models  # noqa: F401  every mapper known before a model is built
from grants.review.models import FORMAL_TRANSITIONS, FormalReview, FormalStatus
from grants.states import Stateful


class Light(enum.Enum):
    red = "red"
    green = "green"


class Signal(Stateful):
    transitions = {Light.red: {Light.green}, Light.green: set()}

    def __init__(self, status: Light):
        self.status = status


def test_a_move_is_allowed_only_when_the_table_lists_it():
    assert Signal(Light.red).can_move_to(Light.green)
    assert not Signal(Light.green).can_move_to(Light.red)
    assert not Signal(Light.red).can_move_to(Light.red)


def test_the_review_models_ask_their_tables():
    assert FormalReview.transitions is FORMAL_TRANSITIONS
    review = FormalReview(status=FormalStatus.accepted)
    assert review.can_move_to(FormalStatus.rejected)
    assert not review.can_move_to(FormalStatus.correction_requested)
