"""Every case of the verdict rules: direction targets, numeric targets, missing values, zero, not comparable."""

from decimal import Decimal as D

import pytest

from goals.verdicts import DECREASE, INCREASE, Point, Verdict, assess, steps


def series(*values, flagged=()):
    return [Point(2019 + i, None if v is None else D(str(v)), 2019 + i in flagged) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "direction", "verdict"),
    [
        ((4.4, 3.8, 3.4), DECREASE, Verdict.IMPROVED),  # Sjukfrånvaro Tot: Minska, and it fell
        ((3.0, 2.6, 2.9), DECREASE, Verdict.WORSENED),
        ((66, 69, 70), INCREASE, Verdict.IMPROVED),
        ((70, 69), INCREASE, Verdict.WORSENED),
        ((5, 5), INCREASE, Verdict.UNCHANGED),
        ((5, 5), DECREASE, Verdict.UNCHANGED),
        ((0, 1), INCREASE, Verdict.IMPROVED),  # a zero previous value is an ordinary value
        ((0, 1), DECREASE, Verdict.WORSENED),
        ((0, 0), INCREASE, Verdict.UNCHANGED),
        ((1, 0), DECREASE, Verdict.IMPROVED),
        ((-2, -1), INCREASE, Verdict.IMPROVED),
        ((3.4, None), DECREASE, Verdict.NONE),  # only one value (the latest year is missing, 2019 alone)
        ((3.8, None, 3.4), DECREASE, Verdict.IMPROVED),  # a missing year in between: the nearest earlier value
        ((None, None, None), DECREASE, Verdict.NONE),
        ((), INCREASE, Verdict.NONE),
    ],
)
def test_direction_verdicts(values, direction, verdict):
    assert assess(series(*values), direction=direction).verdict is verdict


def test_the_verdict_compares_the_latest_with_the_previous_year_and_says_which():
    result = assess(series(4.4, 3.8, 3.4), direction=DECREASE)
    assert (result.latest.year, result.previous.year) == (2021, 2020)
    assert result.reason == "2021 jämfört med 2020"


def test_no_verdict_when_the_latest_value_is_not_comparable():
    result = assess(series(66, 69, 70, flagged={2021}), direction=INCREASE)
    assert result.verdict is Verdict.NONE
    assert "2021" in result.reason and "inte jämförbart" in result.reason


def test_no_verdict_across_a_value_that_is_not_comparable_even_if_an_older_one_exists():
    # 2020 is flagged: 2021 is not compared with it, nor with 2019 by skipping it.
    assert assess(series(60, 66, 70, flagged={2020}), direction=INCREASE).verdict is Verdict.NONE


def test_a_flagged_older_year_does_not_block_the_latest_comparison_but_its_own_step():
    # Styrningsindex: 2019 is "not fully comparable"; 2021 against 2020 is fine, 2020 against 2019 gets none.
    values = series(66, 69, 70, flagged={2019})
    assert assess(values, direction=INCREASE).verdict is Verdict.IMPROVED
    by_year = steps(values, direction=INCREASE)
    assert by_year[2020].verdict is Verdict.NONE
    assert by_year[2021].verdict is Verdict.IMPROVED
    assert 2019 not in by_year


@pytest.mark.parametrize(
    ("latest", "target", "direction", "verdict"),
    [
        (80, 80, INCREASE, Verdict.ACHIEVED),
        (85, 80, INCREASE, Verdict.ACHIEVED),
        (77, 80, INCREASE, Verdict.CLOSE),  # within 5 % of the target
        (76, 80, INCREASE, Verdict.CLOSE),  # exactly 5 % off
        (75.9, 80, INCREASE, Verdict.NOT_ACHIEVED),
        (3.4, 4, DECREASE, Verdict.ACHIEVED),
        (4, 4, DECREASE, Verdict.ACHIEVED),
        (4.2, 4, DECREASE, Verdict.CLOSE),
        (5, 4, DECREASE, Verdict.NOT_ACHIEVED),
        (0, 0, DECREASE, Verdict.ACHIEVED),  # a zero target
        (1, 0, DECREASE, Verdict.NOT_ACHIEVED),  # no "close" band around zero
        (-1, 0, INCREASE, Verdict.NOT_ACHIEVED),
    ],
)
def test_numeric_target_verdicts(latest, target, direction, verdict):
    result = assess(series(1, latest), direction=direction, target=D(str(target)), tolerance=0.05)
    assert result.verdict is verdict


def test_a_numeric_target_needs_a_value():
    assert assess(series(None, None), direction=INCREASE, target=D(80)).verdict is Verdict.NONE


def test_the_tolerance_comes_from_settings(settings):
    settings.GOALS_TARGET_TOLERANCE = 0.10
    assert assess(series(73), direction=INCREASE, target=D(80)).verdict is Verdict.CLOSE
    settings.GOALS_TARGET_TOLERANCE = 0.01
    assert assess(series(73), direction=INCREASE, target=D(80)).verdict is Verdict.NOT_ACHIEVED


def test_every_verdict_has_a_text_and_a_symbol_so_colour_is_never_alone():
    for verdict in Verdict:
        assert str(verdict.label) and verdict.symbol
    assert len({verdict.symbol for verdict in Verdict}) == len(Verdict)
