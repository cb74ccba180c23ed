"""The template workbooks: current, reproducible, values visible, protected, named,
validated, written atomically, and spelled with functions every spreadsheet knows."""

from __future__ import annotations

import re

import openpyxl
import pytest

import xlfuncs
from xlfuncs import workbooks
from xlfuncs.workbooks import cached

from wbcells import ADDIN, NATIVE, TEMPLATES, contents, formulas_of, values_of

ALL = list(workbooks.WORKBOOKS)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("fresh")
    workbooks.build(out)
    return out


@pytest.mark.parametrize("name", ALL)
def test_committed_workbook_is_current(name, fresh):
    committed = TEMPLATES / name
    assert committed.exists(), f"{committed} missing: run `xlfuncs build`"
    assert contents(committed) == contents(fresh / name), f"{name} is stale: run `xlfuncs build`"


@pytest.mark.parametrize("name", ALL)
def test_build_is_reproducible(name, fresh, tmp_path):
    workbooks.build(tmp_path)
    assert contents(tmp_path / name) == contents(fresh / name)
    # The zip is rewritten with fixed dates, so even the bytes agree.
    assert (tmp_path / name).read_bytes() == (fresh / name).read_bytes()


@pytest.mark.parametrize("name", ALL)
def test_every_formula_shows_a_number_without_recalculation(name, fresh):
    formulas, values = formulas_of(fresh / name), values_of(fresh / name)
    assert len(formulas) > 100
    for key in formulas:
        if '"binding"' in formulas[key]:  # LLM_CLUSTER's answer to "which constraint binds" is a word
            assert values.get(key) in ("compute", "memory"), f"{key}: {values.get(key)!r}"
            continue
        if "Budget_Currency" in formulas[key]:  # a money label that follows the currency input
            assert any(code in values.get(key, "") for code in ("USD", "CNY")), f"{key}: {values.get(key)!r}"
            continue
        if '"weights"' in formulas[key] and "LLM_SERVE_PLAN" in formulas[key]:  # its weight format is a word
            assert values.get(key) in ("bf16", "fp8", "int8", "int4", "fp4"), f"{key}: {values.get(key)!r}"
            continue
        if '"setup"' in formulas[key] and "LLM_SERVE_PLAN" in formulas[key]:  # the chosen serve setup, as JSON
            assert values.get(key, "").startswith('{"input_len"'), f"{key}: {values.get(key)!r}"
            continue
        if "TEXTJOIN(" in formulas[key]:  # the 24 hourly shares as the text LLM_SERVE_PLAN reads
            assert len(values.get(key, "").split(",")) == 24, f"{key}: {values.get(key)!r}"
            continue
        if formulas[key].startswith("=INDEX(") and isinstance(values.get(key), str):  # a name picked from a list
            assert values[key], f"{key}: an empty name"
            continue
        assert isinstance(values.get(key), (int, float)), f"{key} has no cached number: {values.get(key)!r}"


@pytest.mark.parametrize("name", ALL)
def test_inputs_unlocked_and_named_formulas_locked_sheets_protected(name, fresh):
    wb = openpyxl.load_workbook(fresh / name)
    inputs = set()
    for n, d in wb.defined_names.items():
        for title, ref in d.destinations:
            for row in wb[title][ref.replace("$", "")] if ":" in ref else [[wb[title][ref.replace("$", "")]]]:
                inputs.update((title, c.coordinate) for c in row)
    assert len(inputs) > 40
    for ws in wb:
        assert ws.protection.sheet and not ws.protection.password, ws.title
        if ws.title in ("Budget", "预算"):  # inputs on one upright A3 page, results on the next
            assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("portrait", int(ws.PAPERSIZE_A3))
            # 9-point notes print at 8 points or more; rows no lower than 10-point text needs
            assert ws.page_setup.scale >= 89 and min(d.height for d in ws.row_dimensions.values() if d.height) >= 12.75
        else:
            assert ws.page_setup.orientation == "landscape"
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert c.protection.locked, (ws.title, c.coordinate)
                if not c.protection.locked:
                    assert (ws.title, c.coordinate) in inputs, f"unlocked cell without a name: {ws.title}!{c.coordinate}"
                    assert c.fill.fgColor.rgb.endswith("FFF2CC"), "inputs share one style"
    gpu_names = wb.defined_names["GPU_Names"]
    sheet, cells = next(gpu_names.destinations)
    listed = [c.value for row in wb[sheet][cells.replace("$", "")] for c in row if c.value]
    assert "A100-40GB" in listed
    assert len(listed) == len(set(listed)), "a GPU listed twice (aliases are not rows)"


@pytest.mark.parametrize("name", ALL)
def test_every_input_is_validated_with_a_prompt(name, fresh):
    wb = openpyxl.load_workbook(fresh / name)
    for ws in wb:
        checked = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.prompt and dv.showInputMessage and dv.error, (ws.title, dv.sqref)
            for rng in dv.sqref.ranges:
                for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                    for c in row:
                        checked[c.coordinate] = dv
        for row in ws.iter_rows():
            for c in row:
                if not c.protection.locked:
                    assert c.coordinate in checked, f"{ws.title}!{c.coordinate} has no validation"
        kinds = {(dv.type, dv.formula1) for dv in checked.values()}
        if ws.title in ("GPT-3", "Budget", "预算"):
            assert ("list", "GPU_Names") in kinds
            assert any(t == "custom" and f.startswith("AND(") and "<=1" in f for t, f in kinds)  # 0 < u <= 1


def functions_in(formula):
    return set(re.findall(r"([A-Z][A-Z0-9_.]*)\(", formula))


@pytest.mark.parametrize("name", NATIVE)
def test_native_workbook_uses_only_functions_every_spreadsheet_knows(name, fresh):
    used = set().union(*(functions_in(f) for f in formulas_of(fresh / name).values()))
    known = {"IF", "ROUNDUP", "INDEX", "MATCH", "MAX", "MIN", "AND", "NOT", "SQRT", "NPER", "SUM",
             # the finance sheets: dates, sums, NPV, depreciation, sorting
             "ABS", "OR", "IFERROR", "NPV", "EDATE", "SLN", "VDB", "LARGE", "ISNUMBER"}
    assert used <= known, used - known  # all in Excel 2007+, LibreOffice, Google Sheets


@pytest.mark.parametrize("name", list(ADDIN))
def test_addin_workbook_calls_the_add_in_for_every_estimate(name, fresh):
    addin, native = formulas_of(fresh / name), formulas_of(fresh / ADDIN[name])
    assert native.keys() <= addin.keys()  # the same layout, cell for cell, and then:
    only_addin = {k: f for k, f in addin.items() if k not in native}
    # a figure no readable native formula computes (an exact count from a config, FLOPs per
    # token): data in the native workbook, a call here
    native_values = values_of(fresh / ADDIN[name])
    data = {k: f for k, f in only_addin.items() if functions_in(f) & {"LLM_PARAMS_HF", "LLM_TRAIN_FLOPS_HF"}}
    # and the published layouts of the GPU memory sheet, as the frameworks allocate them
    data.update({k: f for k, f in only_addin.items() if k[0] in ("GPU memory", "GPU 显存")
                 and functions_in(f) & {"LLM_TRAIN_MEM_GPU", "LLM_FITS"}})
    for key, formula in data.items():
        assert isinstance(native_values.get(key), (int, float)), f"{key}: neither a formula nor a number natively"
    assert {sheet for sheet, _ in data} in ({"LLaMA", "Modern models", "GPU memory"}, {"LLaMA", "现代模型", "GPU 显存"})
    # the Serving sheet's layout search: the build's answer as data in the native workbook (a
    # number, or the weight format and setup as text), LLM_SERVE_PLAN / LLM_SERVE_PERF here, and the
    # hourly shares joined into the text LLM_SERVE_PLAN reads (a row with no formula natively)
    serving = {k: f for k, f in only_addin.items() if k[0] in ("Serving", "推理服务")}
    assert serving and {functions_in(f).pop() for f in serving.values()} == {"LLM_SERVE_PLAN", "LLM_SERVE_PERF",
                                                                           "TEXTJOIN"}
    for key, formula in serving.items():
        assert "TEXTJOIN" in formula or native_values.get(key) is not None, f"{key}: neither a formula nor data natively"
    only_addin = {k: f for k, f in only_addin.items() if k not in data and k not in serving}
    # the model-aware cluster section of the Budget sheet, in the add-in workbook only
    assert {functions_in(f).pop() for f in only_addin.values()} == {"LLM_CLUSTER"}
    assert {sheet for sheet, _ in only_addin} <= {"Budget", "预算"}
    native_functions = {"IF", "ROUNDUP", "MAX", "MIN", "ABS", "AND", "OR", "NOT", "SQRT", "NPER", "IFERROR", "SUM",
                        "NPV", "EDATE", "SLN", "VDB", "LARGE", "MATCH", "INDEX", "TEXTJOIN",
                        "ISNUMBER"}  # native formulas, also in the add-in
    calls = set().union(*(functions_in(f) for f in addin.values())) - native_functions
    assert calls <= set(xlfuncs.excel.__all__)
    for needed in ("LLM_PARAMS", "LLM_TRAIN_FLOPS", "LLM_TRAIN_DAYS", "LLM_TRAIN_GPUS", "LLM_GPU_HOURS",
                   "LLM_INFER_MEM", "LLM_TRAIN_MEM", "LLM_MIN_GPUS", "LLM_TRAIN_COST", "LLM_ENERGY_KWH",
                   "LLM_COMM_SECONDS", "LLM_OPTIMAL_TOKENS", "LLM_GPU", "LLM_OWN_HOUR_COST", "LLM_CO2_TONNES",
                   "LLM_COST_PER_MTOK", "LLM_UTILIZATION", "LLM_CLUSTER", "LLM_GOODPUT", "LLM_CAPITAL_RECOVERY",
                   "LLM_SERVE_PLAN", "LLM_SERVE_PERF"):
        assert needed in calls, needed
    # the cash flow's months are spreadsheet finance (NPV, SUM, VDB), the same in both workbooks;
    # a money unit that names the currency is a label and the Budget's checks are comparisons,
    # not estimates
    checks = _check_cells(name)
    estimates = [f for (sheet, cell), f in addin.items()
                 if sheet not in ("Cash flow", "现金流") and "Budget_Currency" not in f and (sheet, cell) not in checks]
    assert sum("LLM_" in f for f in estimates) > len(estimates) / 2


def _check_cells(name):
    from openpyxl.utils import get_column_letter

    from xlfuncs.workbooks import cells, layout

    book = layout("addin", "zh" if name.endswith("_zh.xlsx") else "en")[0]
    return {(book.title(p.sheet), f"{get_column_letter(p.c)}{p.r}")
            for p in book.places.values() if isinstance(p.row, cells.Check)}


def test_a_failed_build_leaves_the_previous_workbooks(tmp_path, monkeypatch):
    workbooks.build(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.xlsx")}
    calls = []

    def fail_on_third(path, variant="native", lang="en"):
        calls.append(path)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        path.write_bytes(b"half-written")
        return path

    monkeypatch.setattr(workbooks, "write", fail_on_third)
    with pytest.raises(RuntimeError):
        workbooks.build(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.xlsx")} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_cli_build_writes_the_workbooks(tmp_path, capsys):
    from xlfuncs.cli import main

    assert main(["build", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == sorted(ALL)


def test_cached_value_pass_fails_loudly_on_a_missing_value():
    xml = '<c r="C5" s="3"><f>A1*2</f><v /></c><c r="C6"><f>A1*3</f><v /></c>'
    assert cached.fill(xml, {"C5": 2.5, "C6": 7.0}).count("<v>") == 2
    with pytest.raises(KeyError):
        cached.fill(xml, {"C5": 2.5})
    with pytest.raises(ValueError):
        cached.fill(xml, {"C5": float("inf"), "C6": 1.0})


def test_importing_xlfuncs_does_not_load_the_workbook_builder():
    import subprocess
    import sys

    code = "import sys, xlfuncs; print('openpyxl' in sys.modules, 'xlfuncs.workbooks' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == ["False", "False"]
