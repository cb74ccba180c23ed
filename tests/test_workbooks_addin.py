"""The add-in workbooks compute with the real functions.

The `formulas` package evaluates each add-in workbook with every LLM_* name bound to the
real xlfuncs function; each formula cell must equal the same cell of the native workbook
(relative 1e-9), whose values LibreOffice has checked (test_workbooks_libreoffice.py).
"""

from __future__ import annotations

import numpy as np
import pytest

import xlfuncs

from wbcells import ADDIN, TEMPLATES, close, formulas_of, values_of

formulas = pytest.importorskip("formulas")


def _plain(arg):
    """A `formulas` argument as xlwings would hand it: a scalar, or a list of rows."""
    value = getattr(arg, "value", arg)
    if isinstance(value, np.ndarray):
        rows = [[None if str(v) == "empty" else v for v in row] for row in value.tolist()]
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows
    return None if str(value) == "empty" else value


def _bound(fn):
    def call(*args):
        return fn(*[_plain(a) for a in args])
    return call


@pytest.fixture(scope="module")
def llm_functions():
    table = formulas.get_functions()
    saved = {n: table.get(n) for n in xlfuncs.excel.__all__}
    table.update({n: _bound(getattr(xlfuncs, n)) for n in xlfuncs.excel.__all__})
    yield
    for n, f in saved.items():
        if f is None:
            table.pop(n, None)
        else:
            table[n] = f


@pytest.mark.parametrize("name", list(ADDIN))
def test_addin_workbook_equals_the_native_one_cell_for_cell(name, llm_functions):
    path = TEMPLATES / name
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    computed = {}
    for key, value in solution.items():
        book_sheet, cell = key.rsplit("!", 1)
        computed[(book_sheet.split("]", 1)[1].rstrip("'").upper(), cell.upper())] = value.value[0, 0]
    native = values_of(TEMPLATES / ADDIN[name])
    stored = values_of(path)
    addin = formulas_of(path)
    assert sum("LLM_" in f for f in addin.values()) > 50
    for (sheet, cell), formula in addin.items():
        got = computed[(sheet.upper(), cell)]
        if isinstance(got, str) and sheet in ("Serving", "推理服务"):
            # LLM_SERVE_PLAN's weight format and setup (JSON), the hourly shares as text: as the
            # builder stored them, and as the native workbook shows the layout
            assert got == stored[(sheet, cell)], f"{sheet}!{cell} {formula}: {got!r} vs stored {stored[(sheet, cell)]!r}"
            assert native.get((sheet, cell)) in (got, None), f"{sheet}!{cell}: {got!r} vs native {native[(sheet, cell)]!r}"
            continue
        if (sheet, cell) not in native:
            # The cluster and serving sections, which only the add-in workbook has: the value
            # the builder stored, computed by the same functions in Python.
            if isinstance(got, str):
                assert got == stored[(sheet, cell)] and got in ("compute", "memory"), f"{sheet}!{cell} {formula}: {got!r}"
            else:
                assert close(float(got), stored[(sheet, cell)]), f"{sheet}!{cell} {formula}: {got!r} vs stored {stored[(sheet, cell)]!r}"
            continue
        if isinstance(got, str):  # a money unit naming the currency, or a name picked from a list
            assert got == native[(sheet, cell)], f"{sheet}!{cell} {formula}: {got!r} vs native {native[(sheet, cell)]!r}"
            continue
        assert isinstance(got, (int, float, np.number, np.bool_)), f"{sheet}!{cell} {formula} gave {got!r}"
        # a book value written off to 0: Excel shows a difference within rounding as 0, the
        # formulas package keeps the float noise (about 1e-9 of a purchase of 1e7)
        noise = abs(float(got) - native[(sheet, cell)]) < 1e-6
        assert noise or close(float(got), native[(sheet, cell)]), f"{sheet}!{cell} {formula}: {got!r} vs native {native[(sheet, cell)]!r}"


def test_the_budget_sheet_recommends_a_cluster_set_by_memory_for_a_long_deadline(llm_functions):
    """GPT-3 175B, the article's 300 B tokens, A100-80GB, typed into the add-in Budget sheet:
    for 30 days the deadline sets the cluster (at least the article's 1154.1 GPUs, §4); for
    three years memory does (at least the article's 44 cards of 80 GB, §6)."""
    from xlfuncs.workbooks import layout

    book, _ = layout("addin", "en")
    path = TEMPLATES / "llm_budget_addin.xlsx"
    model = formulas.ExcelModel().loads(str(path)).finish()

    def cell(key, j=0):
        place = book.places[("budget", key)]
        from openpyxl.utils import get_column_letter

        return f"'[{path.name}]BUDGET'!{get_column_letter(place.c + j)}{place.r}"

    typed = {cell("params_in"): 175e9, cell("tokens_in"): 300e9, cell("gpu"): "A100-80GB",
             cell("arch"): "GPT-3 175B", cell("util", 1): 0.45, cell("goodput", 1): 1.0}
    for days, binding in ((30, "compute"), (3 * 365, "memory")):
        solution = model.calculate(inputs={**typed, cell("deadline"): days})
        got = {k: solution[cell(k, 1 if k == "need" else 0)].value[0, 0] for k in ("c_nodes", "c_binding", "c_days", "need")}
        if days == 30:
            assert round(float(got["need"]), 1) == 1154.1  # §4, the base case column
        assert got["c_binding"] == binding
        assert got["c_days"] <= days
        assert got["c_nodes"] * 8 >= max(got["need"], 44)
