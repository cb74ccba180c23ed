"""The core formulas added for the workbooks, against published figures."""

import pytest

from xlfuncs import formulas as f
from xlfuncs.workbooks import spelling


def test_one_a100_at_peak_needs_about_32_years():
    # Article §9: 3.1428e23 FLOPs / 312e12 FLOP/s on one A100 → "at least 32 years".
    days = f.train_days(3.1428e23, 1, 312, 1)
    assert round(f.days_to_years(days)) == 32


def test_link_speeds_in_bytes():
    # Article §10: a 200 Gbit/s NIC; NVLink 4 at 450 GB/s = 3600 Gbit/s.
    assert f.gbits_to_gbytes(200) == 25
    assert f.gbits_to_gbytes(3600) == 450
    assert f.comm_seconds(500, f.gbits_to_gbytes(200)) == pytest.approx(20)  # "20 s"


def test_relative_error_of_the_article_gpt3_estimate():
    # Article §1: 12·L·h² "= 174B" against GPT-3's published 175B: about -0.6 %.
    assert f.relative_error(f.params_approx(96, 12288), 175e9) == pytest.approx(-0.006, abs=0.0005)


def test_purchase_cost():
    assert f.purchase_cost(1155, 10_000) == 11_550_000


def test_llama_65b_days_and_utilization_from_its_reported_throughput():
    # Touvron et al. 2023 §2.4: 380 tokens/s/GPU on 2048 A100-80GB → 1.4T tokens in about 21 days.
    assert round(f.days_from_throughput(1.4e12, 380, 2048)) == 21
    # 6 × 65.2e9 × 380 / 312e12 = 0.476; the reference data derives 47.8 % from Table 15's GPU-hours.
    assert f.utilization_from_throughput(65.2e9, 380, 312) == pytest.approx(0.478, abs=0.003)
    assert f.utilization_from_throughput(65.2e9, 380, 312, True) == pytest.approx(0.476 * 8 / 6, rel=1e-3)


def test_the_new_formulas_work_on_columns():
    import numpy as np

    days = f.days_from_throughput(np.array([1.0e12, 1.4e12]), 380, 2048)
    assert days.shape == (2,) and days[1] == pytest.approx(20.82, abs=0.01)


def test_every_formula_the_workbooks_use_states_its_excel_spelling():
    for fn, symbols in spelling.SYMBOLS.items():
        text = spelling.spelling(fn)
        assert text.startswith("="), fn.__name__
        # every symbol appears in the spelling, and the spelling uses no other name
        refs = [f"R{i}C" for i in range(len(symbols.split()))]
        out = spelling.native(fn, refs)
        for r in refs:
            assert r in out, (fn.__name__, text)
