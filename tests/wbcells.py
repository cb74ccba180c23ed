"""Reading workbooks back for the tests: formulas, cached values, committed files."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "workbook_templates"
NATIVE = ("llm_budget.xlsx", "llm_budget_zh.xlsx")
ADDIN = {"llm_budget_addin.xlsx": "llm_budget.xlsx", "llm_budget_addin_zh.xlsx": "llm_budget_zh.xlsx"}


def formulas_of(path) -> dict:
    """{(sheet, cell): formula text} of every formula cell."""
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")}


def values_of(path) -> dict:
    """{(sheet, cell): value} of every non-empty cell as stored (cached values for formulas);
    a date as the number a spreadsheet keeps (days since 1899-12-30), not as openpyxl's datetime."""
    from openpyxl.utils.datetime import to_excel

    wb = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, c.coordinate): to_excel(c.value) if isinstance(c.value, datetime.datetime) else c.value
            for ws in wb for row in ws.iter_rows() for c in row if c.value is not None}


def contents(path) -> dict:
    """Everything a user sees in the cells: formula or value, the cached value, the format."""
    wb, cached = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out[(ws.title, c.coordinate)] = (c.value, cached[ws.title][c.coordinate].value,
                                                      c.number_format, c.protection.locked)
    out["names"] = sorted((n, d.attr_text) for n, d in wb.defined_names.items())
    return out


def close(a, b, rel=1e-9) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= rel * max(abs(a), abs(b)) or a == b
    return a == b


def find_row(ws, label) -> int:
    """The row whose column A reads ``label`` (first match)."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise KeyError(label)
