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
    addin = formulas_of(path)
    assert sum("LLM_" in f for f in addin.values()) > 50
    for (sheet, cell), formula in addin.items():
        got = computed[(sheet.upper(), cell)]
        assert isinstance(got, (int, float, np.number)), f"{sheet}!{cell} {formula} gave {got!r}"
        assert close(float(got), native[(sheet, cell)]), f"{sheet}!{cell} {formula}: {got!r} vs native {native[(sheet, cell)]!r}"
