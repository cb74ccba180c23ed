"""The Cash flow and Sensitivity sheets, against figures worked out by hand from published
ones: the annuity table's present-value factor, Microsoft's own examples for VDB and EDATE,
the article's C/(X·u·g) with NVIDIA's H100 peak, and the Budget sheet's break-even month.

LibreOffice recalculates the native workbooks (and copies with inputs changed by name, as a
user would change them) in one soffice run; what it computes is read back cell by cell.
"""

from __future__ import annotations

import math
import re

import openpyxl
import pytest

from xlfuncs import money
from xlfuncs.workbooks import WORKBOOKS, layout

from libreoffice import convert, recalculate_copies, soffice
from test_workbooks_libreoffice import typed_in
from wbcells import NATIVE, TEMPLATES, close, formulas_of, values_of

TITLES = {"en": ("Cash flow", "Sensitivity"), "zh": ("现金流", "敏感性分析")}
# A yearly cost of capital whose monthly rate is exactly 1 %: (1.01)^12 − 1.
ONE_PERCENT_A_MONTH = 1.01 ** 12 - 1
# The present value of 1 a period for 36 periods at 1 % (annuity tables, a(36, 1 %)).
ANNUITY_36_AT_1_PERCENT = 30.1075
SCENARIOS = {
    "monthly_1pct.xlsx": {"Budget_CostOfCapital": ONE_PERCENT_A_MONTH},
    "yearly_10pct.xlsx": {"Budget_CostOfCapital": 0.10},
    "declining.xlsx": {"CashFlow_Depreciation": "declining"},
    "wide_tokens.xlsx": {"Sensitivity_TokenRange": None},  # filled per column below
}


def _typed(src, dst, inputs):
    if "Sensitivity_TokenRange" in inputs:  # three different values, one per case
        wb = openpyxl.load_workbook(src)
        title, ref = next(wb.defined_names["Sensitivity_TokenRange"].destinations)
        for cell, value in zip(wb[title][ref.replace("$", "")][0], (0.5, 1.0, 1.5)):
            cell.value = value
        wb.save(dst)
    else:
        typed_in(src, dst, inputs)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    work = tmp_path_factory.mktemp("finance")
    return recalculate_copies(work, [TEMPLATES / name for name in NATIVE], TEMPLATES / NATIVE[0], SCENARIOS, _typed)


def cell_of(key, sheet="cashflow", lang="en", j=0):
    """(sheet title, coordinate) of a row's column j, from the layout."""
    book, _ = layout("native", lang)
    place = book.places[(sheet, key)]
    return book.title(place.sheet), f"{openpyxl.utils.get_column_letter(place.c + j)}{place.r}"


def row_of(values, key, sheet="cashflow", lang="en"):
    book, _ = layout("native", lang)
    place = book.places[(sheet, key)]
    return [values[cell_of(key, sheet, lang, j)] for j in range(place.n)]


def named(path, name):
    wb = openpyxl.load_workbook(path, data_only=True)
    title, ref = next(wb.defined_names[name].destinations)
    return wb[title][ref.replace("$", "")].value


# --- the core's functions against published examples -------------------------------------

def test_vdb_is_excels_with_microsofts_examples():
    # Microsoft's VDB page: cost 2,400, salvage 300, life 10 years
    assert money.variable_declining(2400, 300, 3650, 0, 1) == pytest.approx(1.32, abs=0.005)
    assert money.variable_declining(2400, 300, 120, 0, 1) == pytest.approx(40.00, abs=0.005)
    assert money.variable_declining(2400, 300, 10, 0, 1) == pytest.approx(480.00, abs=0.005)
    assert money.variable_declining(2400, 300, 120, 6, 18) == pytest.approx(396.31, abs=0.005)
    assert money.variable_declining(2400, 300, 120, 6, 18, 1.5) == pytest.approx(311.81, abs=0.005)


def test_edate_is_excels():
    # Microsoft's EDATE page: 15-Jan-2011 one month on is 15-Feb-2011 (serial 40589);
    # a month-end date moves to the shorter month's last day (31-Jan-2011 -> 28-Feb-2011).
    assert money.month_start(40558, 2) == 40589
    assert money.month_start(40574, 2) == 40602
    assert money.month_start(40558, 0) == 40527  # one month back: 15-Dec-2010


def test_a_run_ending_mid_month_is_paid_to_the_day():
    # delivery after 3 months, a 0.25-month run: a quarter of month 4, nothing of month 5
    assert money.share_of_month(4, 3, 0.25) == pytest.approx(0.25)
    assert money.share_of_month(5, 3, 0.25) == 0
    assert money.share_of_month(3, 3, 0.25) == 0


# --- the sheets in every workbook ------------------------------------------------------------

@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_both_sheets_and_the_named_npvs_are_in_every_workbook(name):
    wb = openpyxl.load_workbook(TEMPLATES / name)
    lang = WORKBOOKS[name][1]
    cash, sens = TITLES[lang]
    assert cash in wb.sheetnames and sens in wb.sheetnames
    for npv in ("CashFlow_NPV_Buy", "CashFlow_NPV_Rent"):
        title, ref = next(wb.defined_names[npv].destinations)
        assert title == cash and ":" not in ref, (npv, title, ref)
        assert wb[title][ref.replace("$", "")].value.startswith("=NPV(")
    for chart_sheet, kinds in ((cash, {"LineChart"}), (sens, {"BarChart", "ScatterChart"})):
        assert {type(c).__name__ for c in wb[chart_sheet]._charts} == kinds


def test_no_literal_currency_sign_in_the_finance_sheets():
    wb = openpyxl.load_workbook(TEMPLATES / NATIVE[0])
    for title in TITLES["en"]:
        formats = {c.number_format for row in wb[title].iter_rows() for c in row}
        assert not any("$" in f for f in formats), formats


def test_the_sensitivity_axes_are_logarithmic():
    wb = openpyxl.load_workbook(TEMPLATES / NATIVE[0])
    scatters = [c for c in wb["Sensitivity"]._charts if type(c).__name__ == "ScatterChart"]
    assert len(scatters) == 2
    for chart in scatters:
        assert chart.x_axis.scaling.logBase and chart.y_axis.scaling.logBase


# --- LibreOffice recalculates them ----------------------------------------------------------

@pytest.mark.parametrize("name", NATIVE)
def test_libreoffice_finds_no_error_and_the_stored_values_on_the_finance_sheets(name, recalculated):
    lang = "zh" if "_zh" in name else "en"
    stored, computed = values_of(TEMPLATES / name), values_of(recalculated[name])
    formulas = {k: f for k, f in formulas_of(TEMPLATES / name).items() if k[0] in TITLES[lang]}
    assert len(formulas) > 1200  # 60 months × the cash-flow rows, and the sensitivity tables
    for key, formula in formulas.items():
        got = computed.get(key)
        assert not (isinstance(got, str) and got.startswith("#")), f"{key} {formula}: {got}"
        # a book value written down to 0 may differ by float noise (LibreOffice rounds it to 0)
        near = all(isinstance(v, (int, float)) for v in (got, stored[key])) and abs(got - stored[key]) < 1e-6
        assert near or close(got, stored[key]), f"{key} {formula}: LibreOffice {got!r}, file {stored[key]!r}"


def test_npv_at_one_percent_a_month_is_the_annuity_table(recalculated):
    # The GPUs work every hour of their 36-month life (usage 100 %), from delivery after 3
    # months: renting pays R = GPUs × 730.5 h × price in months 4 to 39, buying the purchase
    # P in month 4 and c = GPUs × (730.5 h × running cost + colocation and support a month)
    # in months 4 to 39. At 1 % a month:
    # NPV(rent) = R · a(36, 1 %) / 1.01^3 and NPV(buy) = (P / 1.01 + c · a(36, 1 %)) / 1.01^3.
    values = values_of(recalculated["monthly_1pct.xlsx"])
    gpus, price, running, fixed, capex = (values[cell_of(k)] for k in ("gpus", "price", "running", "fixed", "capex"))
    assert values[cell_of("usage")] == 1 and values[cell_of("lead")] == 3 and values[cell_of("lifetime")] == 3
    rent, run = gpus * 730.5 * price, gpus * (730.5 * running + fixed)
    npv_rent = named(recalculated["monthly_1pct.xlsx"], "CashFlow_NPV_Rent")
    npv_buy = named(recalculated["monthly_1pct.xlsx"], "CashFlow_NPV_Buy")
    assert npv_rent == pytest.approx(rent * ANNUITY_36_AT_1_PERCENT / 1.01 ** 3, rel=3e-6)
    assert npv_buy == pytest.approx((capex / 1.01 + run * ANNUITY_36_AT_1_PERCENT) / 1.01 ** 3, rel=3e-6)


def test_the_cost_of_capital_moves_npv_buy_as_the_annuity_formula_says(recalculated):
    base = values_of(TEMPLATES / NATIVE[0])
    gpus, running, fixed, capex = (base[cell_of(k)] for k in ("gpus", "running", "fixed", "capex"))
    run = gpus * (730.5 * running + fixed)
    # no cost of capital: the cash itself
    assert named(TEMPLATES / NATIVE[0], "CashFlow_NPV_Buy") == pytest.approx(capex + 36 * run, rel=1e-12)
    # 10 % a year by name in LibreOffice: i = 1.1^(1/12) − 1, a(36, i) = (1 − (1+i)^−36) / i
    i = 1.1 ** (1 / 12) - 1
    annuity = (1 - (1 + i) ** -36) / i
    got = named(recalculated["yearly_10pct.xlsx"], "CashFlow_NPV_Buy")
    assert got == pytest.approx((capex / (1 + i) + run * annuity) / (1 + i) ** 3, rel=1e-9)
    assert got < capex + 36 * run


def test_crossover_month_follows_the_budgets_break_even(recalculated):
    # No cost of capital, usage 100 %: buying catches up after P / (R − c) months of use, the
    # Budget sheet's break-even (its own formula); the first whole month after delivery at 3.
    values = values_of(recalculated["llm_budget.xlsx"])
    breakeven = values[cell_of("breakeven", "budget", j=1)]
    crossover = values[cell_of("crossover")]
    assert crossover == 3 + math.ceil(breakeven)
    marks = row_of(values, "mark")
    assert marks.index(1) + 1 == crossover and sum(marks) == 1
    cheaper = row_of(values, "cheaper")
    assert not any(cheaper[:crossover - 1]) and all(cheaper[crossover - 1:])


def test_depreciation_writes_the_purchase_off_over_the_accounting_life(recalculated):
    for name, first_share in (("llm_budget.xlsx", 1 / 48), ("declining.xlsx", 2 / 48)):
        values = values_of(recalculated[name])
        capex = values[cell_of("capex")]
        depreciation = row_of(values, "depr")
        # delivered in month 4, written off over 4 years = 48 months: months 4 to 51
        assert depreciation[:3] == [0, 0, 0] and all(d == 0 for d in depreciation[51:])
        # straight line: 1/48 a month; 200 % declining balance: 2/48 of the cost first (DDB)
        assert depreciation[3] == pytest.approx(capex * first_share, rel=1e-9)
        assert sum(depreciation) == pytest.approx(capex, rel=1e-9)
        assert row_of(values, "book")[50] == pytest.approx(0, abs=1e-6 * capex)


def test_two_way_table_corner_by_hand(recalculated):
    # The Budget's default run: 70 B parameters, 20 tokens each (Hoffmann et al. 2022),
    # recomputation (8·P·T, article §2), H100 dense BF16 989.4 TFLOP/s (NVIDIA), and the
    # Budget's goodput g (from the cluster: tested on the Budget sheet). Rental cost =
    # 8·P·T / (X·u·g) / 3600 × price (article §3), u being the share of peak the GPUs are busy.
    values = values_of(recalculated["llm_budget.xlsx"])
    g = values[cell_of("goodput", "budget", j=1)]
    flops = 8 * 70e9 * (20 * 70e9)
    corner = flops / (989.4e12 * 0.25 * g) / 3600 * 1.0    # utilization 25 %, 1.00 per GPU-hour
    far = flops / (989.4e12 * 0.50 * g) / 3600 * 4.0       # utilization 50 %, 4.00 per GPU-hour
    assert values[cell_of("grid1", "sens")] == pytest.approx(corner, rel=1e-12)
    assert values[cell_of("grid6", "sens", j=5)] == pytest.approx(far, rel=1e-12)
    assert corner * g == pytest.approx(880_444, abs=1)  # the same without goodput's share


def test_tornado_sorted_by_swing_by_hand(recalculated):
    # The Budget's cases: MFU 45/38/30 % (best/base/worst), so with recomputation the GPUs are
    # busy 8/6 of that: 60/50.67/40 %; H100-SXM rental 2.49 to 3.99 a GPU-hour (the Prices
    # sheet: best the low quote, base the midpoint 3.24, worst the high one); goodput from
    # the cluster, the same in the three cases; tokens ±20 %. The cost is ∝ T·price/(u·g), so
    # the changes, as shares of the base cost, are: price −0.2315/+0.2315, utilization
    # 0.5067/0.6 − 1 = −0.1556 and 0.5067/0.4 − 1 = +0.2667, tokens −0.2/+0.2, goodput 0.
    import json
    from pathlib import Path

    prices = json.loads((Path(money.__file__).parent / "catalogs" / "prices.json").read_text())
    h100 = next(r for r in prices["prices"] if r["gpu"] == "H100-SXM")
    low, high = h100["rent_low"], h100["rent_high"]
    mid = (low + high) / 2
    values = values_of(recalculated["llm_budget.xlsx"])
    g = values[cell_of("goodput", "budget", j=1)]
    hfu = 0.38 * 8 / 6
    base = 8 * 70e9 * 1.4e12 / (989.4e12 * hfu * g) / 3600 * mid
    assert row_of(values, "driver", "sens") == ["Price per GPU-hour", "Utilization u", "Training tokens", "Goodput g"]
    assert row_of(values, "low_change", "sens") == pytest.approx(
        [(low / mid - 1) * base, (hfu / 0.6 - 1) * base, -0.2 * base, 0.0], abs=1e-6 * base)
    assert row_of(values, "high_change", "sens") == pytest.approx(
        [(high / mid - 1) * base, (hfu / 0.4 - 1) * base, 0.2 * base, 0.0], abs=1e-6 * base)
    # tokens ±50 % typed in: a swing of 1.0 × base, now the largest, goes on top
    wide = values_of(recalculated["wide_tokens.xlsx"])
    assert row_of(wide, "driver", "sens")[:2] == ["Training tokens", "Price per GPU-hour"]
    # the Chinese workbook names the same drivers in Chinese (its H800 prices in CNY sort them its own way)
    from xlfuncs.workbooks.locale import table

    zh = values_of(recalculated["llm_budget_zh.xlsx"])
    names = ("Price per GPU-hour", "Utilization u", "Training tokens", "Goodput g")
    assert sorted(row_of(zh, "driver", "sens", "zh")) == sorted(table("zh")[n] for n in names)


@pytest.mark.parametrize("name", NATIVE)
def test_the_cash_flow_prints_a_year_a_page(name, tmp_path):
    # Printed alone: the summary, five pages of 12 months (labels repeated), the notes.
    exe = soffice()
    lang = "zh" if "_zh" in name else "en"
    wb = openpyxl.load_workbook(TEMPLATES / name)
    assert wb[TITLES[lang][0]].print_title_cols == "$A:$B"
    for ws in wb:
        ws.sheet_state = "visible" if ws.title == TITLES[lang][0] else "hidden"
        if ws.sheet_state == "hidden":
            ws.print_area = None  # LibreOffice prints a hidden sheet's print area all the same
    wb.active = wb.sheetnames.index(TITLES[lang][0])
    wb.save(tmp_path / name)
    pdf = convert(exe, tmp_path, [tmp_path / name], "pdf")[name].read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 7, f"the Cash flow sheet prints on {len(pages)} pages"
