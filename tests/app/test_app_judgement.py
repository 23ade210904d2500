"""How a judgement is said: better or worse one way, closer to or further from a band, and never
for a value that cannot be compared. Hand-worked values."""

import pytest

from app.judgement import change_words, direction_words, distance_from_band, status_colour

BAND = {"judgement": "within_band", "kind": "rate", "band_low": 25.0, "band_high": 38.0}


@pytest.mark.parametrize(("new", "old", "words"), [
    (31.0, 22.0, "3.0 points closer to the band than Sep 2026"),   # 3 below it, now inside
    (41.0, 22.0, "no nearer the band than Sep 2026"),              # 3 below, now 3 above
    (60.0, 41.0, "19.0 points further from the band than Sep 2026"),  # 3 above, now 22 above
    (30.0, 26.0, "within the band, as in Sep 2026"),               # inside both months
    (38.0, 25.0, "within the band, as in Sep 2026"),               # the edges are inside
    (24.0, 25.0, "1.0 points further from the band than Sep 2026"),
])
def test_a_band_metric_is_closer_to_or_further_from_its_band(new, old, words):
    assert change_words(new, old, before="Sep 2026", **BAND) == words
    assert distance_from_band(60.0, 25.0, 38.0) == 22.0 and distance_from_band(25.0, 25.0, 38.0) == 0.0


@pytest.mark.parametrize(("new", "old", "judgement", "kind", "words"), [
    (82.3, 84.4, "higher_is_better", "rate", "2.1 points worse than Sep 2026"),
    (90.0, 60.0, "higher_is_better", "rate", "30.0 points better than Sep 2026"),
    (30.0, 20.0, "lower_is_better", "rate", "10.0 points worse than Sep 2026"),   # re-referrals up
    (33.0, 34.0, "lower_is_better", "median", "1.0 better than Sep 2026"),
    (15, 18, "lower_is_better", "count", "3 better than Sep 2026"),
    (5, 3, "none", "count", "2 more than Sep 2026"),                             # a volume
    (50.0, 50.0, "higher_is_better", "rate", "no change on Sep 2026"),
])
def test_a_one_way_metric_is_better_or_worse_never_up_or_down(new, old, judgement, kind, words):
    assert change_words(new, old, judgement=judgement, kind=kind, before="Sep 2026") == words


def test_nothing_is_said_of_a_value_that_cannot_be_compared():
    assert change_words(90.0, None, judgement="higher_is_better", kind="rate", before="Sep 2026") is None
    assert change_words(90.0, 80.0, judgement="higher_is_better", kind="rate", before="Sep 2026",
                        comparable=False) is None


def test_colours_and_directions():
    assert [status_colour(s) for s in ("green", "amber", "red", "not enough data", "history too short", None)] == [
        "green", "orange", "red", "gray", "gray", "gray"]
    assert direction_words("within_band", 25.0, 38.0) == (
        "Best within the band 25.0% to 38.0%: too high is as wrong as too low")
    assert direction_words("lower_is_better") == "Lower is better"
    assert direction_words("none") == "A volume of work: neither higher nor lower is better in itself"
