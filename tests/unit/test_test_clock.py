"""The suite's own clock: a test that moves the frozen clock moves it even after a `real_clock` test ran in the
same worker (freezegun hands out a new clock when the session's freezer restarts; moving the old one moved
nothing, and time-moving tests failed or passed by the order xdist gave them)."""

from datetime import timedelta

import pytest

from grants.clock import now_utc
from tests.helpers import NOW

pytestmark = pytest.mark.xdist_group("test_clock")  # one worker, in this order


@pytest.mark.real_clock
def test_a_real_clock_test_reads_the_wall_clock():
    import datetime as datetime_module

    assert type(datetime_module.datetime.now()).__name__ == "datetime"  # not freezegun's FakeDatetime


def test_after_it_moving_the_frozen_clock_moves_the_application_clock(frozen_clock):
    assert now_utc() == NOW
    frozen_clock.move_to(NOW + timedelta(days=5, hours=3))
    assert now_utc() == NOW + timedelta(days=5, hours=3)


def test_and_the_next_test_starts_at_now_again():
    assert now_utc() == NOW
