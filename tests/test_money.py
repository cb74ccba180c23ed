"""The money formulas against figures published outside the project: Microsoft's own
examples for NPV, SLN and DDB, the textbook annuity factor, Epoch AI's straight-line
amortisation, Young's checkpoint interval and Llama 3's interruption count."""

import math

import pytest

from xlfuncs import money as m
from xlfuncs import planner as pl
from xlfuncs.inputs import InputError


def test_capital_recovery_factor_is_the_annuity_factor():
    # 10 % over 3 years: 0.1 / (1 - 1.1^-3) = 0.402115 (annuity tables, A/P 10 % n=3)
    assert m.capital_recovery_factor(0.10, 3) == pytest.approx(0.40211, abs=1e-5)
    assert m.capital_recovery_factor(0.0, 4) == 0.25


def test_zero_rate_full_usage_is_epoch_straight_line():
    # Epoch AI's amortisation: price / (3 years × 8,766 h) per hour
    per_hour = m.hardware_cost_per_hour(40000, 0.0, 3)
    assert per_hour * 100 == pytest.approx(pl.amortized_hardware_cost(100, 40000, 3, 1, 1))
    assert m.hardware_cost_per_hour(40000, 0.0, 3, usage=0.5) == pytest.approx(2 * per_hour)


def test_residual_value_is_salvage_in_capital_recovery():
    # CR = (P - S)(A/P, i, n) + S i, Newnan's textbook form: P 10,000, S 2,000, i 10 %, n 5
    # gives (8,000 × 0.263797) + 200 = 2,310.38 a year.
    yearly = m.hardware_cost_per_hour(10000, 0.10, 5, residual=0.2, hours_per_year=1)
    assert yearly == pytest.approx(2310.38, abs=0.01)


def test_excel_examples_npv_sln_ddb():
    # Microsoft's documentation examples for NPV, SLN and DDB.
    assert m.npv(0.10, [-10000, 3000, 4200, 6800]) == pytest.approx(1188.44, abs=0.01)
    assert m.straight_line(30000, 7500, 10) == 2250
    assert m.declining_balance(2400, 300, 10, 1) == pytest.approx(480)
    assert m.declining_balance(2400, 300, 10, 2) == pytest.approx(384)
    assert m.declining_balance(2400, 300, 10, 10) == pytest.approx(22.12, abs=0.01)


def test_breakeven_without_interest_is_price_over_saving():
    # 730.5 busy hours a month at a saving of (2 - 0.2) per hour pays 36,000 back in
    # 36000 / 1314.9 = 27.38 months; with interest it takes longer.
    flat = m.breakeven_months(36000, 2.0, 0.2, 0.0)
    assert flat == pytest.approx(36000 / (730.5 * 1.8))
    assert m.breakeven_months(36000, 2.0, 0.2, 0.0, rate=0.10) > flat
    with pytest.raises(InputError):
        m.breakeven_months(36000, 0.1, 0.2, 0.0)


def test_breakeven_nets_the_residual_value_as_the_ownership_cost_does():
    # Hand arithmetic: P 36,000 with 20 % residual at r = 0 leaves 28,800 to pay back at
    # 730.5 h × 1.8 = 1,314.9 a month: 21.90 months.
    assert m.breakeven_months(36000, 2.0, 0.2, 0.0, residual=0.2, years=3) == pytest.approx(28800 / 1314.9)
    # r = 10 %, L = 3: the residual's present value is 7,200 / 1.1^3 = 5,409.47, so 30,590.53
    # is paid back at i = 1.1^(1/12) − 1 = 0.0079741: −ln(1 − 30,590.53·i/1,314.9)/ln(1+i) = 25.84.
    assert m.breakeven_months(36000, 2.0, 0.2, 0.0, rate=0.10, residual=0.2, years=3) == pytest.approx(25.84, abs=0.01)
    # Same terms: when the monthly saving equals the capital recovery with salvage value at
    # the monthly rate, (P − S)·(A/P, i, 36) + S·i (Newnan), buying breaks even at the end of the life.
    i = 1.1 ** (1 / 12) - 1
    saving = (36000 - 7200) * i / (1 - (1 + i) ** -36) + 7200 * i
    rent = saving / 730.5 + 0.2
    assert m.breakeven_months(36000, rent, 0.2, 0.0, rate=0.10, residual=0.2, years=3) == pytest.approx(36.0)


def test_serving_cost_is_months_times_the_monthly_cost():
    assert m.serving_cost(12, 17166.75) == pytest.approx(206001.0)
    assert m.with_serving(6059337.0, 206001.0) == pytest.approx(6265338.0)


def test_goodput_follows_llama3_interruptions_and_young():
    # Llama 3: 419 unexpected interruptions in 54 days on 16,384 GPUs: one about every 3.1 h
    # ("one interruption every three hours" is how the paper's figure reads).
    out = m.goodput(16384, 1.0, 10.0)
    assert out["mtbf_hours"] == pytest.approx(54 * 24 / 419, rel=1e-9)
    # Young 1974: tau = sqrt(2 delta M)
    assert out["interval_minutes"] == pytest.approx(math.sqrt(2 * 1.0 * out["mtbf_hours"] * 60))
    assert 0 < out["goodput"] < 1
    assert m.goodput(1024)["goodput"] > out["goodput"]  # fewer GPUs, fewer interruptions
    with pytest.raises(InputError):
        m.goodput(16384, 60.0, 120.0)


def test_program_cost_and_cash_flow():
    # DeepSeek-V3's $5.576M final run with ablations of the same size again, no other costs
    assert m.program_cost(5.576e6, experiments=1.0) == pytest.approx(11.152e6)
    rows = m.cash_flow(6, 100.0, 1, 3, 40.0, 5.0)
    assert rows["buy"] == [0, 105, 5, 5, 5, 5] and rows["rent"] == [0, 40, 40, 40, 0, 0]
    assert m.payback_period(rows["buy"], rows["rent"]) == 4  # 115 <= 120 in month 4
    assert m.payback_period([100, 5], [40, 40]) == 0
    assert m.payback_period([100, 5, 5, 5], [40, 40, 40, 40]) == 3


def test_every_price_has_a_source_and_date():
    for gpu, row in m.price_table().items():
        for kind in ("buy", "rent"):
            assert row[f"{kind}_source"], (gpu, kind)
            assert len(row[f"{kind}_date"]) == 10, (gpu, kind)
            assert 0 < row[f"{kind}_low"] <= row[f"{kind}_high"], (gpu, kind)
    assert m.gpu_prices("h100 sxm")["rent_low"] == 2.49
    with pytest.raises(InputError):
        m.gpu_prices("no-such-gpu")
