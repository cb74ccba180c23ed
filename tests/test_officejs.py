"""The Excel functions on every path Excel calls them: Office.js (xlwings Lite, xlwings
Server) and classic xlwings (Windows), for the package and for the generated Lite main.py.

Each path needs xlwings imported in its own mode, so each runs in a subprocess
(tests/excel_sim.py) over the same list of cases; this process is the reference: the
package called from Python one cell at a time. A range must give, cell by cell, what
the single cells give, and both Excel paths must agree with that and with each other.
xlwings' Office.js code is licensed for noncommercial use: the subprocess sets
XLWINGS_LICENSE_KEY=noncommercial for itself when the variable is unset.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from excel_sim import CLASSIC_OPTIONS

import xlfuncs
from xlfuncs.inputs import InputError

HERE = Path(__file__).parent
LITE_MAIN = HERE.parent / "lite" / "main.py"
FUNCTIONS = {n: getattr(xlfuncs, n) for n in xlfuncs.__all__ if n.startswith("LLM_")}

# Three good values per argument name, as a user would type them (numbers, text with a
# suffix or unit, catalog names). A new argument name needs a line here: the test
# `test_every_argument_has_samples` says which.
SAMPLES = {
    "params": [175e9, "70B", 7e9],
    "tokens": [300e9, "1.4T", 2e12],
    "layers": [96, 32, 80],
    "hidden": [12288, 4096, 8192],
    "vocab": [50257, 32000, 0],
    "method": ["exact", "approx", "APPROX"],
    "recompute": [True, False, True],
    "gpus": [1024, 8, 2048],
    "days": [30, 90, 7.5],
    "gpu": ["A100-40GB", "H100-SXM", 989.4],
    "utilization": [0.45, 0.3, 0.5],
    "bytes_per_param": [20, 16, 18],
    "precision": [2, "fp32", "int4"],
    "overhead": [0.2, 0, 0.1],
    "memory_gb": [3500, 840, 80],
    "tokens_per_param": [20, 1.7, 100],
    "gigabytes": [500, 0, 1],
    "bandwidth": ["200Gbps", "450GB/s", 25],
    "price_per_gpu_hour": [2, 0, 1.5],
    "gpu_hours": [1e6, 0, 100],
    "power": [700, "H100-SXM", 400],
    "pue": [1, 1.2, 1.5],
    "name": ["H100-SXM", "a100 80gb", "MI300X"],
    "field": ["tflops", "memory_gb", "source"],
    "goodput": [1, 0.9, 0.8],
    "flops": [5.76e23, "3.8e25", 1.21e20],
    "budget": [1e9, 5e7, 2e7],
    "price_per_gpu": [25000, 30000, 0],
    "lifetime_years": [3, 4, 5],
    "server_overhead": [1.6, 1.4, 2],
    "network_overhead": [1.15, 1.1, 1.3],
    "server_factor": [1, 1.8, 1.5],
    "kwh": [1287e3, 0, 100],
    "kg_per_kwh": [0.429, 0, 0.2],
    "cost": [5.576e6, 0, 100],
    "purchase_per_gpu": [30000, 50000, 40000],
    "rent_per_gpu_hour": [2, 3.5, 4],
    "usage": [1, 0.5, 0.8],
    "running_per_gpu_hour": [0, 0.5, 1],
    "config": ["Llama-3-8B", "Mixtral-8x7B", "GPT-3 175B"],
    "setup": ['{"micro_batch": 1, "seq_len": 2048}', '{"micro_batch": 2, "seq_len": 4096, "tp": 8, "zero": 1}',
              '{"micro_batch": 1, "seq_len": 8192, "recompute": "full"}'],
    "part": ["total", "Total", "TOTAL"],  # the one part every function with a part argument has
    "seq_len": [2048, 4096, 8192],
    "causal": [False, True, False],
    "batch": [1, 8, 32],
    "context": [8192, "128K", 2048],
    "gpus_per_node": [8, 4, 8],
    "tokens_per_day": ["1B", 1e8, 5e9],
    "bandwidth_utilization": [0.6, 0.5, 0.8],
    "rate": [0.1, 0, 0.08],
    "years": [3, 5, 4],
    "price": [45000, 30000, 60000],
    "residual": [0, 0.1, 0.2],
    "checkpoint_minutes": [1, 5, 10],
    "restart_minutes": [10, 20, 5],
    "interruptions_per_gpu_day": [0.000474, 0.001, 0.0002],
    "serve": ['{"input_len": 1024, "output_len": 256}', '{"input_len": 2048, "output_len": 128, "tp": 2, "weights": "fp8"}',
              '{"input_len": 128, "output_len": 2048, "concurrency": 64}'],
    "traffic": ['{"requests_per_s": 2, "input_len": 1024, "output_len": 256}',
                '{"tokens_per_day": "1B", "input_len": 2048, "output_len": 512}',
                '{"requests_per_s": 10, "input_len": 512, "output_len": 128}'],
    "slo": ['{"ttft_ms": 2000, "tpot_ms": 50, "price_per_gpu_hour": 2.5}', '{"ttft_ms": 500, "tpot_ms": 30}',
            '{"tpot_ms": 100, "price_per_gpu_hour": 4, "autoscale": true}'],
}
BAD = [-1, "abc"]  # a number below every range the arguments allow, and text that is no value
ERROR_CELL = {"error": "#DIV/0!"}  # a cell holding an Excel error: the function gets its text


def params(func):
    return list(inspect.signature(func).parameters.values())


def sampled(name):
    return all(p.name in SAMPLES for p in params(FUNCTIONS[name]))


def cell(v):
    return [[v]]


def make_cases():
    """Scalars, rows, columns, 2-D ranges, broadcasting, empty cells and bad cells for
    every function whose arguments have samples."""
    cases = []

    def add(func, args, what, **extra):
        cases.append({"func": func, "args": args, "what": what, **extra})

    for name, func in FUNCTIONS.items():
        if not sampled(name):
            continue
        ps = params(func)
        first = [cell(SAMPLES[p.name][0]) for p in ps]
        required = [cell(SAMPLES[p.name][0]) if p.default is p.empty else None for p in ps]
        add(name, required, "required arguments only")
        add(name, required, "cells as bare scalars", bare_scalars=True)
        add(name, first, "every argument given")
        for i, p in enumerate(ps):
            s = SAMPLES[p.name]

            def with_(value, i=i):
                args = list(required)
                args[i] = value
                return args

            add(name, with_([[v] for v in s]), f"{p.name} as a column")
            add(name, with_([list(s)]), f"{p.name} as a row")
            add(name, with_([[s[0], s[1]], [s[2], s[0]]]), f"{p.name} as a 2x2 range")
            if len(ps) > 1:
                j = (i + 1) % len(ps)
                args = with_([[v] for v in s])
                args[j] = [list(SAMPLES[ps[j].name][:2])]
                add(name, args, f"{p.name} column against {ps[j].name} row")
            for empty in (None, ""):
                add(name, with_([[None]]), f"{p.name} an empty cell", empty=empty)
                add(name, with_([[s[0]], [None], [s[1]]]), f"{p.name} with an empty cell", empty=empty)
            add(name, with_(cell(ERROR_CELL)), f"{p.name} an error cell")
            add(name, with_([[s[0]], [ERROR_CELL]]), f"{p.name} with an error cell")
            for bad in BAD:
                add(name, with_(cell(bad)), f"{p.name} = {bad!r}")
                add(name, with_([[s[0]], [bad], [s[1]]]), f"{p.name} with a bad cell {bad!r}")
                add(name, with_([[bad], [bad]]), f"{p.name} all bad {bad!r}")
                if len(ps) > 1:
                    args = with_(cell(bad))
                    args[j] = [[v] for v in SAMPLES[ps[j].name]]
                    add(name, args, f"{p.name} = {bad!r} against a {ps[j].name} column")
    # inputs are capped at 1e30, but a tiny divisor (a peak of 1e-300 TFLOP/s) still overflows
    add("LLM_GPU_HOURS", [[[1e30], [1]], cell(1), cell(1e-300), None, None, None], "a result that overflows")
    add("LLM_GPU_HOURS", [cell(1e30), cell(1), cell(1e-300), None, None, None], "a single result that overflows")
    add("LLM_TRAIN_DAYS", [cell(175e9), cell(300e9), [[1024], [0], ["x"]], cell("A100-40GB"), None, None],
        "Excel runtime 1.2: error values as text", runtime="1.2")
    for func, args, want, tol, what in ARTICLE:
        add(func, args, "article: " + what, article=(want, tol))
    return cases


# The article's worked examples (shared/seed/README.md), typed as cells are.
ARTICLE = [
    ("LLM_PARAMS", [cell(96), cell(12288), cell(50257), None], 174.6e9, 0.05e9 / 174.6e9,
     "GPT-3 parameters 174.6B"),
    ("LLM_PARAMS", [cell(96), cell(12288), [[None]], cell("approx")], 174e9, 0.5e9 / 174e9,
     "GPT-3 parameters by 12·L·h² ≈ 174B"),
    ("LLM_TRAIN_FLOPS", [cell(174.6e9), cell(300e9), cell(False)], 3.1428e23, 1e-9,
     "6·P·T = 3.1428e23 FLOPs"),
    ("LLM_TRAIN_DAYS", [cell("175B"), cell("300B"), cell(1024), cell("A100-40GB"), cell(0.45), None],
     2_921_340 / 86400, 1 / 2_921_340, "2,921,340 s on 1024 A100-40GB at 0.45"),
    ("LLM_TRAIN_GPUS", [cell(175e9), cell(300e9), cell(30), cell(312), None, cell(True)], 1154.1, 0.05 / 1154.1,
     "1154.1 GPUs for 30 days"),
    ("LLM_INFER_MEM", [cell(175e9), cell("fp32"), None], 840, 1e-12, "840 GB at 4 bytes"),
    ("LLM_TRAIN_MEM", [cell(175e9), [[""]]], 3500, 1e-12, "3500 GB of model states"),
    ("LLM_MIN_GPUS", [cell(3500), cell(80)], 44, 0, "44 cards of 80 GB"),
    ("LLM_COMM_SECONDS", [cell(500), cell("200Gbps")], 20, 1e-12, "500 GB over 200 Gbit/s: 20 s"),
    ("LLM_COMM_SECONDS", [cell(500), cell("450GB/s")], 1.1, 0.05 / 1.1, "500 GB over 450 GB/s: 1.1 s"),
    ("LLM_PARAMS", [[[32], [40], [60], [80]], [[4096], [5120], [6656], [8192]], None, cell("approx")],
     [[12 * 32 * 4096**2], [12 * 40 * 5120**2], [12 * 60 * 6656**2], [12 * 80 * 8192**2]], 1e-12,
     "the LLaMA table's 12·L·h² as a column"),
]


CASES = make_cases()


def reference(case):
    """What each cell gives when the package is called on it alone, from Python."""
    func = FUNCTIONS[case["func"]]
    grids = [a if a is not None else [[None]] for a in case["args"]]
    rows = max(len(g) for g in grids)
    cols = max(len(g[0]) for g in grids)
    out = []
    for i in range(rows):
        row = []
        for j in range(cols):
            args = [g[i if len(g) > 1 else 0][j if len(g[0]) > 1 else 0] for g in grids]
            args = [a["error"] if isinstance(a, dict) else a for a in args]
            try:
                row.append(("value", func(*args)))
            except InputError as exc:
                row.append(("error", exc.excel_error, str(exc)))
        out.append(row)
    return out


def simulate(mode, target, load="import"):
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_ON_SERVER"}
    proc = subprocess.run(
        [sys.executable, str(HERE / "excel_sim.py"), mode, str(target), load],
        input=json.dumps(CASES), capture_output=True, text=True, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def classic():
    return simulate("classic", "xlfuncs")


OFFICEJS_TARGETS = {
    "package": ("xlfuncs", "import"),
    "lite main.py imported from its path": (LITE_MAIN, "import"),
    "lite main.py exec'd as xlwings Lite does": (LITE_MAIN, "lite-exec"),
}


@pytest.fixture(scope="module", params=list(OFFICEJS_TARGETS))
def officejs(request):
    return simulate("officejs", *OFFICEJS_TARGETS[request.param])


# --- comparing ------------------------------------------------------------------------

def same_value(got, want):
    if isinstance(want, float) or isinstance(got, float):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and \
            math.isclose(got, want, rel_tol=1e-12, abs_tol=0)
    return got == want


def single_error(ref):
    """The message when every cell fails with the same one, else None: such a call fails
    as a whole, with one error that carries the message."""
    cells = [c for row in ref for c in row]
    messages = {c[2] for c in cells if c[0] == "error"}
    return messages.pop() if len(messages) == 1 and all(c[0] == "error" for c in cells) else None


def check_officejs(case, got, ref):
    """Office.js: a value (as a matrix); a raised error with the message for a call that
    fails as a whole (a single cell included); else real per-cell error values."""
    where = f"{case['func']}: {case['what']} -> {got}"
    assert "not_json" not in got, where
    message = single_error(ref)
    assert ("raised" in got) == (message is not None), where
    if message is not None:
        assert got["raised"] in ("InputError", "OutOfRange") and got["message"] == message, where
        return
    grid = got["value"]
    assert len(grid) == len(ref) and all(len(r) == len(ref[0]) for r in grid), where
    errors = {"#NUM!": "Num", "#VALUE!": "Value"}
    for got_row, ref_row in zip(grid, ref):
        for g, r in zip(got_row, ref_row):
            if r[0] == "value":
                assert same_value(g, r[1]), where
            elif case.get("runtime") == "1.2":  # before CustomFunctionsRuntime 1.4: text
                assert g == r[1], where
            else:
                assert g == {"type": "Error", "errorType": errors[r[1]]}, where


def check_classic(case, got, ref):
    """Classic: the value, or "#VALUE! <message>" in each bad cell (one text for a call
    that fails as a whole); a single cell comes back as a scalar."""
    where = f"{case['func']}: {case['what']} -> {got}"
    assert "value" in got, where  # never raised: a traceback would land in the cell
    value = got["value"]
    message = single_error(ref)
    if message is not None:
        assert value == f"#VALUE! {message}", where
        return
    grid = value if isinstance(value, list) else [[value]]
    assert len(grid) == len(ref) and all(len(r) == len(ref[0]) for r in grid), where
    for got_row, ref_row in zip(grid, ref):
        for g, r in zip(got_row, ref_row):
            if r[0] == "value":
                assert same_value(g, r[1]), where
            else:
                assert g == f"#VALUE! {r[2]}", where


# --- the tests ------------------------------------------------------------------------

def test_every_argument_has_samples():
    missing = {f"{n}({p.name})" for n, f in FUNCTIONS.items() for p in params(f) if p.name not in SAMPLES}
    assert not missing, f"add sample values for these arguments to SAMPLES: {sorted(missing)}"


def test_cases_cover_every_function_and_shape():
    assert {c["func"] for c in CASES} == set(FUNCTIONS)
    assert len(CASES) > 400
    shapes = {(len(r), len(r[0])) for c in CASES for r in [reference(c)]}
    assert {(1, 1), (3, 1), (1, 3), (2, 2), (3, 2)} <= shapes


def test_cases_have_good_and_bad_cells():
    kinds = {k for c in CASES for row in reference(c) for k, *_ in row}
    codes = {cell[1] for c in CASES for row in reference(c) for cell in row if cell[0] == "error"}
    assert kinds == {"value", "error"} and codes == {"#NUM!", "#VALUE!"}


def test_officejs_matches_python_cell_by_cell(officejs):
    for case, got in zip(CASES, officejs["results"], strict=True):
        check_officejs(case, got, reference(case))


def test_classic_matches_python_cell_by_cell(classic):
    for case, got in zip(CASES, classic["results"], strict=True):
        check_classic(case, got, reference(case))


def test_classic_and_officejs_side_by_side(classic, officejs):
    """The same case gives the same numbers and errors in the same cells on both paths."""
    compared = 0
    for case, c, o in zip(CASES, classic["results"], officejs["results"], strict=True):
        if "value" in o:
            grid = c["value"] if isinstance(c["value"], list) else [[c["value"]]]
            for crow, orow in zip(grid, o["value"], strict=True):
                for cv, ov in zip(crow, orow, strict=True):
                    if isinstance(ov, dict) or ov in ("#NUM!", "#VALUE!"):  # an error value
                        assert isinstance(cv, str) and cv.startswith("#VALUE! "), case
                    else:
                        assert same_value(cv, ov), case
                        compared += 1
        else:
            assert c["value"] == f"#VALUE! {o['message']}", case
    assert compared > 1000


def test_lite_loads_the_bundled_package():
    """The Lite runs use the copy of the package inside main.py, not this checkout."""
    for load in ("import", "lite-exec"):
        modules = simulate("officejs", LITE_MAIN, load)["modules"]
        package_dir = str(Path(xlfuncs.__file__).parent)
        assert {"xlfuncs", "xlfuncs.excel", "xlfuncs.formulas", "xlfuncs.ranges"} <= set(modules)
        assert all(f and not f.startswith(package_dir) and "-lite-" in f for f in modules.values())


# --- metadata -------------------------------------------------------------------------

def test_every_argument_is_read_as_the_classic_simulation_reads_it(officejs):
    """The classic simulation converts with CLASSIC_OPTIONS: they are what excel.py declares."""
    options = officejs["options"]
    assert set(options) == set(FUNCTIONS)
    for name, args in options.items():
        assert list(args) == [p.name for p in params(FUNCTIONS[name])]
        assert all(o == CLASSIC_OPTIONS for o in args.values()), (name, args)


def test_an_error_cell_is_not_taken_for_an_empty_one(officejs, classic):
    """xlwings would read an error cell as None, i.e. empty, i.e. the default: with
    err_to_str it arrives as its text and is refused, naming the argument."""
    for run, want in ((officejs, {"raised": "InputError",
                                  "message": "utilization holds the error #DIV/0!"}),
                      (classic, {"value": "#VALUE! utilization holds the error #DIV/0!"})):
        got = next(r for c, r in zip(CASES, run["results"])
                   if c["func"] == "LLM_TRAIN_DAYS" and c["what"] == "utilization an error cell")
        assert got == want

FALLBACKS = ("Positional argument", "Python function")


def test_officejs_metadata(officejs):
    """Every LLM_* function registers under its name with its description, and every
    parameter with its name, a description and Optional where it has a default."""
    meta = {f["name"]: f for f in officejs["meta"]["functions"]}
    assert set(meta) == set(FUNCTIONS)
    for name, func in FUNCTIONS.items():
        m = meta[name]
        assert m["id"] == name
        assert m["description"] == inspect.getdoc(func) and 0 < len(m["description"]) <= 255
        assert not m["description"].startswith(FALLBACKS)
        assert m["result"]["dimensionality"] == "matrix"
        ps = params(func)
        assert [p["name"] for p in m["parameters"]] == [p.name for p in ps]
        for p, mp in zip(ps, m["parameters"]):
            assert mp.get("optional", False) == (p.default is not p.empty), (name, p.name)
            assert mp["description"] and not mp["description"].startswith(FALLBACKS), (name, p.name)
            assert mp["dimensionality"] == "matrix" and mp["type"] == "any", (name, p.name)


# --- the article, and the errors a user sees -------------------------------------------

def test_article_examples_on_officejs(officejs):
    checked = 0
    for case, got in zip(CASES, officejs["results"]):
        if "article" in case:
            want, tol = case["article"]
            want = want if isinstance(want, list) else [[want]]
            assert [len(r) for r in got["value"]] == [len(r) for r in want], case["what"]
            for g_row, w_row in zip(got["value"], want):
                for g, w in zip(g_row, w_row):
                    assert math.isclose(g, w, rel_tol=tol), (case["what"], g, w)
            checked += 1
    assert checked == len(ARTICLE)


def test_officejs_errors_carry_the_message(officejs):
    """A bad single cell raises, which Excel shows as #VALUE! with the message."""
    got = next(r for c, r in zip(CASES, officejs["results"])
               if c["func"] == "LLM_TRAIN_DAYS" and c["what"] == "gpus = -1")
    assert got == {"raised": "OutOfRange", "message": "gpus must be > 0, got -1"}
    got = next(r for c, r in zip(CASES, officejs["results"])
               if c["func"] == "LLM_TRAIN_DAYS" and c["what"] == "gpu = 'abc'")
    assert got["raised"] == "InputError" and got["message"].startswith('gpu "abc" is not in the catalog; ')


def test_officejs_range_keeps_good_cells_and_marks_bad_ones(officejs):
    got = next(r for c, r in zip(CASES, officejs["results"])
               if c["func"] == "LLM_TRAIN_DAYS" and c["what"] == "gpus with a bad cell -1")
    assert got["value"][1] == [{"type": "Error", "errorType": "Num"}]
    assert math.isclose(got["value"][0][0], 2_921_340 / 86400, rel_tol=1 / 2_921_340)  # 1024 GPUs
    got = next(r for c, r in zip(CASES, officejs["results"]) if c["what"] == "a result that overflows")
    assert got["value"][0] == [{"type": "Error", "errorType": "Num"}] and math.isclose(got["value"][1][0], 8 / (1e-300 * 1e12 * 0.45) / 3600)
    got = next(r for c, r in zip(CASES, officejs["results"]) if c["what"] == "a single result that overflows")
    assert got == {"raised": "OutOfRange", "message": "the result is not a finite number: check the inputs' magnitudes"}
    got = next(r for c, r in zip(CASES, officejs["results"]) if c["what"].startswith("Excel runtime 1.2"))
    assert got["value"][1:] == [["#NUM!"], ["#VALUE!"]]


def test_classic_error_text(classic):
    got = next(r for c, r in zip(CASES, classic["results"])
               if c["func"] == "LLM_TRAIN_DAYS" and c["what"] == "gpus with a bad cell -1")
    assert got["value"][1] == ["#VALUE! gpus must be > 0, got -1"]
    got = next(r for c, r in zip(CASES, classic["results"])
               if c["func"] == "LLM_TRAIN_DAYS" and c["what"] == "gpus = -1")
    assert got == {"value": "#VALUE! gpus must be > 0, got -1"}
