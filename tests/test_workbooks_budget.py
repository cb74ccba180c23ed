"""The Budget sheet: a one-page plan whose every number is an input, a published figure or
a documented formula of the core.

Figures from outside the project, each with its source:
- Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training", Table 4:
  GPT-3 on 10,000 V100 for 14.8 days at 330 W average, PUE 1.10 → 1,287 MWh; at 0.429 kg
  CO2e/kWh → 552 t CO2e;
- DeepSeek-AI 2024, "DeepSeek-V3 Technical Report", Table 1: 2,788K H800 GPU-hours at an
  assumed $2 per GPU-hour → $5.576M;
- Dubey et al. 2024, "The Llama 3 Herd of Models": 3.8E+25 FLOPs for the 405B model, 38-43%
  utilization (BF16 MFU) in steady state; the Llama 3.1 model card: 30.84M H100 GPU-hours.
The article's GPT-3 example typed into the Budget sheet is checked by LibreOffice in
test_workbooks_libreoffice.py.
"""

from __future__ import annotations

import inspect
import re

import openpyxl
import pytest

from xlfuncs.workbooks import cells, layout, spelling
from xlfuncs.workbooks.cells import Calc, Fact, Input

from wbcells import TEMPLATES

NATIVE_BOOKS = {"llm_budget.xlsx": "en", "llm_budget_zh.xlsx": "zh"}


@pytest.fixture(scope="module")
def en():
    return layout("native", "en")[0]


def value(path, book, key, j=0, sheet="budget"):
    place = book.places[(sheet, key)]
    sheet = book.title(place.sheet)
    return openpyxl.load_workbook(path, data_only=True)[sheet].cell(place.r, place.c + j).value


@pytest.mark.parametrize("name", list(NATIVE_BOOKS))
def test_published_runs_come_out_as_published(name):
    book = layout("native", NATIVE_BOOKS[name])[0]
    path = TEMPLATES / name
    # Patterson et al. 2021, Table 4: 1,287 MWh and 552 t (they round; within 0.5 %)
    assert value(path, book, "p_hours", sheet="published") == 10_000 * 14.8 * 24
    assert value(path, book, "p_kwh", sheet="published") == pytest.approx(1_287_000, rel=0.005)
    assert value(path, book, "p_co2", sheet="published") == pytest.approx(552, rel=0.005)
    # DeepSeek-V3 report, Table 1: 2,788K H800 GPU-hours × $2 = $5.576M, exactly
    assert value(path, book, "d_cost", sheet="published") == pytest.approx(5_576_000, abs=0.5)
    # Llama 3.1 405B: 3.8E+25 FLOPs in 30.84M H100-hours is 34.6 % of the dense peak, below the
    # 38-43 % the paper reports in steady state (the total hours include everything else).
    assert 0.30 < value(path, book, "l_util", sheet="published") < 0.38


def _numbers(formula: str) -> set[float]:
    """The numeric literals of a formula, cell references and sheet names left out."""
    text = re.sub(r"'[^']*'!|(?<![\d.])\$?[A-Z]{1,3}\$?\d+", " ", formula)  # not the E9 of 1E9
    return {float(n) for n in re.findall(r"(?<![A-Za-z_])\d+\.?\d*(?:E[-+]?\d+)?", text)}


def test_no_number_is_buried_in_a_budget_formula(en):
    """Every number in a Budget formula is a constant of the core's documented spelling
    (86400 s a day, 1E+12 FLOP/s per TFLOP/s, 8766 h a year, ...) or a documented default
    of the core function; everything else is a cell: an input, a published figure or a
    result. The lookups' MATCH(...,0) is the exact-match flag."""
    for (sheet, key), place in en.places.items():
        if sheet != "budget" or not isinstance(place.row, Calc):
            continue
        calc = place.row
        literals = [a for a in calc.args if not isinstance(a, (str, cells.Text))]
        assert not literals, f"{key}: literal arguments {literals}"
        if calc.addin:
            assert all(isinstance(a, (str, cells.Text)) for a in calc.addin[1]), f"{key}: literal in the add-in call"
        if calc.fn in (cells.gpu_field, cells.price_field):
            allowed = {0.0}
        else:
            defaults = [p.default for p in inspect.signature(calc.fn).parameters.values()
                        if p.default is not inspect.Parameter.empty]
            allowed = _numbers(spelling.spelling(calc.fn)) | {float(d) for d in defaults}
        for j in range(place.n):
            formula = en.formula(place, j)
            assert _numbers(formula) <= allowed, f"{key}: {formula} has {_numbers(formula) - allowed}"


def test_every_factor_and_price_names_its_source(en):
    rows = [p.row for (s, _), p in en.places.items()
            if p.block.key in ("budget_cases", "budget_factors", "budget_program_in", "budget_constants")]
    assert len(rows) >= 30
    for row in rows:
        assert isinstance(row, (Input, Fact)) and row.note, f"{row.label}: no source"
    # the prices come from the dated price table unless an override is typed; empty overrides by default
    for key in ("price_hour_in", "price_gpu_in", "power_in", "goodput_in"):
        assert all(v is None for v in en.places[("budget", key)].row.values), key
    assert en.places[("prices", "p_gpu")].block.records


def test_no_money_format_carries_a_currency_sign():
    for lang in NATIVE_BOOKS.values():
        book = layout("native", lang)[0]
        for place in book.places.values():
            fmt = getattr(place.row, "fmt", "") or ""
            assert "$" not in fmt and "¥" not in fmt, (place.sheet.key, getattr(place.row, "key", place.row), fmt)


def test_hints_are_cut_at_whole_words():
    from xlfuncs.workbooks.writer import fit

    assert fit("Rental price per GPU-hour (empty: table)", 32) == "Rental price per GPU-hour"
    assert fit("Hidden size h (if model size is empty)", 32) == "Hidden size h"
    assert fit("Residual value at the end of the lifetime", 32) == "Residual value at the end"
    assert fit("短" * 40, 32) == "短" * 32
    assert fit("short", 32) == "short"


@pytest.mark.parametrize("name", list(NATIVE_BOOKS))
def test_low_base_high_side_by_side_with_a_chart(name):
    book = layout("native", NATIVE_BOOKS[name])[0]
    wb = openpyxl.load_workbook(TEMPLATES / name, data_only=True)
    ws = wb[book.title(book.places[("budget", "days")].sheet)]
    # The low case (the inputs that give the least time and cost) is below the base case,
    # the base case below the high case: calendar days, GPUs to buy, rental cost, cost if bought.
    for key in ("days", "buy", "rent", "own", "capex"):
        place = book.places[("budget", key)]
        low, base, high = (ws.cell(place.r, place.c + j).value for j in range(3))
        assert low < base < high, key
    assert len(ws._charts) == 1  # the cost chart


@pytest.mark.parametrize("name", list(NATIVE_BOOKS))
def test_checks_are_green_or_red_and_money_columns_hold_a_billion(name):
    from openpyxl.utils import get_column_letter

    book = layout("native", NATIVE_BOOKS[name])[0]
    ws = openpyxl.load_workbook(TEMPLATES / name)[book.title(book.places[("budget", "days")].sheet)]
    ruled = {str(rng.sqref): len(rng.rules) for rng in ws.conditional_formatting}
    checks = [p for (s, _), p in book.places.items() if s == "budget" and isinstance(p.row, cells.Check)]
    assert len(checks) == 9
    for place in checks:
        assert ruled.get(ws.cell(place.r, place.c).coordinate) == 2, place.row.key
    # "1,000,000,000" is 13 characters; a column of 14 shows it in bold without ####
    for key in ("capex", "program", "rent", "own"):
        place = book.places[("budget", key)]
        for j in range(place.n):
            assert ws.column_dimensions[get_column_letter(place.c + j)].width >= 14, key


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_prompt_fits_excels_input_message(lang):
    """Excel shows at most 255 characters of an input message: every prompt fits whole."""
    book = layout("addin", lang)[0]
    long = {key: len(p.row.prompt) for (s, key), p in book.places.items()
            if isinstance(p.row, Input) and len(p.row.prompt) > 255}
    assert not long


def test_the_price_table_and_the_power_cover_every_gpu_the_list_offers():
    # Every catalog GPU has a price row (each figure with a source or "example", and a date)
    # and a board power above 0 (with its own source where the entry's does not give it).
    from xlfuncs import money
    from xlfuncs.catalogs import gpu, gpu_names

    for name in gpu_names():
        row = money.gpu_prices(name)
        assert 0 < row["buy_low"] <= row["buy_high"] and 0 < row["rent_low"] <= row["rent_high"], name
        assert row["buy_source"] and row["rent_source"] and row["buy_date"] and row["rent_date"], name
        entry = gpu(name)
        assert entry["tdp_w"] > 0, name
        if "tdp_source" in entry:
            assert entry["tdp_verification"] in ("secondary", "UNVERIFIED", "estimate") and entry["tdp_date"], name
