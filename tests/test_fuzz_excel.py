"""Property-based fuzzing of every LLM_* function on the two Excel paths: Office.js
(xlwings Lite and Server) and classic xlwings (Windows COM).

The arguments are drawn with the fuzz suite's strategies (tests/helpers/fuzzing.py: odd
values, and plausible-only ones that reach the searches), written as cells, and sent
through the harnesses tests/test_officejs.py uses (tests/excel_sim.py: xlwings' own
Office.js call code, and classic xlwings' argument conversion). Each path runs once, in
a subprocess, over all the drawn cases. On each path:

- nothing but a finite number, a text field or TRUE/FALSE comes back as a value; never
  a traceback, an internal error, ``inf`` or ``NaN`` (not strict JSON);
- an error is one line of at most 255 characters in plain words, naming an argument:
  raised as InputError/OutOfRange on Office.js, "#VALUE! <message>" text on classic;
- a two-cell column gives, cell by cell, what the two single cells give;
- both paths agree (except on dates: Office.js sends a date cell as its serial number).

Derandomized: the same cases on every run.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).parent / "helpers"))
from fuzzing import FUNCTIONS, arguments, check_message, check_value  # noqa: E402

HERE = Path(__file__).parent
ODD_PAIRS, PLAUSIBLE_PAIRS = 8, 3  # drawn per function; each pair gives three cases
ERROR_CELLS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}  # excel_sim sends these


def as_cell(v):
    """A Python value as the cell a user would have: an error value, a date, a number as
    Excel holds it (a double: no inf, NaN or 40-digit int), a table as its JSON text."""
    if isinstance(v, str) and v.strip().upper() in ERROR_CELLS:
        return {"error": v.strip().upper()}
    if isinstance(v, (datetime.date, datetime.datetime)):
        d = v if isinstance(v, datetime.datetime) else datetime.datetime(v.year, v.month, v.day)
        return {"date": d.isoformat()}
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # no cell holds inf: the text "inf" is what can be typed
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2 ** 53:
        return float(v)
    if isinstance(v, dict):
        return json.dumps(v)
    return v


def draw(func, plausible, count):
    """`count` pairs of argument tuples, the same on every run."""
    strategy = arguments(func, plausible_only=plausible)[1]
    pairs = []

    @settings(max_examples=count, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy, strategy)
    def collect(a, b):
        pairs.append(([as_cell(v) for v in a], [as_cell(v) for v in b]))

    collect()
    return pairs[:count]


def make_cases():
    """Per drawn pair (a, b): a alone, b's first argument with a's others, and the two first
    arguments as a column with a's others."""
    cases = []
    for name, func in sorted(FUNCTIONS.items()):
        for plausible, count in ((False, ODD_PAIRS), (True, PLAUSIBLE_PAIRS)):
            for a, b in draw(func, plausible, count):
                rest = [[[v]] for v in a[1:]]
                dated = any(isinstance(v, dict) and "date" in v for v in a + b[:1])
                base = {"func": name, "dated": dated}
                cases.append({**base, "args": [[[a[0]]], *rest], "what": "a"})
                cases.append({**base, "args": [[[b[0]]], *rest], "what": "b"})
                cases.append({**base, "args": [[[a[0]], [b[0]]], *rest], "what": "column"})
    return cases


CASES = make_cases()


def simulate(mode):
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_ON_SERVER"}
    proc = subprocess.run([sys.executable, str(HERE / "excel_sim.py"), mode, "xlfuncs"],
                          input=json.dumps(CASES), capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)["results"]


@pytest.fixture(scope="module")
def officejs():
    return simulate("officejs")


@pytest.fixture(scope="module")
def classic():
    return simulate("classic")


def triples(results):
    """(a, b, column) results per drawn pair."""
    for i in range(0, len(CASES), 3):
        yield CASES[i], results[i], results[i + 1], results[i + 2]


# --- Office.js ---------------------------------------------------------------------------

def officejs_cell(got, names, where):
    """One single-cell call on Office.js: ("value", v) or ("error", message)."""
    assert "not_json" not in got, where  # inf, NaN or a numpy type would reach the cell
    if "raised" in got:
        assert got["raised"] in ("InputError", "OutOfRange"), where
        check_message(got["message"], names)
        return "error", got["message"]
    [[value]] = got["value"]
    assert not isinstance(value, dict), where  # a single cell that fails raises, with its message
    check_value(value, where)
    return "value", value


def test_officejs_answers_plainly_and_a_range_equals_its_cells(officejs):
    assert len(officejs) == len(CASES)
    for case, a, b, column in triples(officejs):
        names = arguments(FUNCTIONS[case["func"]])[0]
        where = (case["func"], case["args"], a, b, column)
        cells = [officejs_cell(a, names, where), officejs_cell(b, names, where)]
        assert "not_json" not in column, where
        if "raised" in column:  # the call failed as a whole: both cells fail
            assert column["raised"] in ("InputError", "OutOfRange"), where
            check_message(column["message"], names)
            assert all(kind == "error" for kind, _ in cells), where
            continue
        for [got], (kind, want) in zip(column["value"], cells, strict=True):
            if kind == "error":
                assert got in ({"type": "Error", "errorType": "Value"}, {"type": "Error", "errorType": "Num"}), where
            else:
                assert same(got, want), where


# --- classic -----------------------------------------------------------------------------

def classic_cell(value, names, where):
    if isinstance(value, str) and value.startswith("#VALUE! "):
        check_message(value[len("#VALUE! "):], names)
        return "error", value
    check_value(value, where)
    return "value", value


def test_classic_answers_plainly_and_a_range_equals_its_cells(classic):
    assert len(classic) == len(CASES)
    for case, a, b, column in triples(classic):
        names = arguments(FUNCTIONS[case["func"]])[0]
        where = (case["func"], case["args"], a, b, column)
        for got in (a, b, column):
            assert "value" in got, where  # never raised: a traceback would land in the cell
        cells = [classic_cell(a["value"], names, where), classic_cell(b["value"], names, where)]
        got = column["value"]
        if isinstance(got, str) and got.startswith("#VALUE! "):  # failed as a whole
            check_message(got[len("#VALUE! "):], names)
            assert all(kind == "error" for kind, _ in cells), where
            continue
        for [g], (kind, want) in zip(got, cells, strict=True):
            assert (g == want) if kind == "error" else same(g, want), where


def test_classic_and_officejs_agree(classic, officejs):
    """Same value or an error in the same place, except where a date is involved."""
    compared = 0
    for case, c, o in zip(CASES, classic, officejs, strict=True):
        if case["dated"] or case["what"] == "column":
            continue
        if "raised" in o:
            assert isinstance(c["value"], str) and c["value"] == f"#VALUE! {o['message']}", (case, c, o)
        else:
            assert same(c["value"], o["value"][0][0]), (case, c, o)
            compared += 1
    assert compared > len(CASES) // 10  # the cases are not all errors


def test_the_cases_reach_answers_on_every_function(officejs):
    """Drawn cases that answer, per function: the plausible ones get past reading the input."""
    answered = {r_case["func"] for r_case, r in zip(CASES, officejs) if "value" in r}
    assert answered == set(FUNCTIONS)


def test_a_date_cell_is_refused_on_classic(classic):
    """Classic xlwings hands a date cell over as a date: refused with the argument's name
    ("days must be a number, got a date"), never read as a number. (Office.js hands it over
    as its serial number, a plain number it cannot tell apart: see the README.)"""
    messages = [c["value"] for case, c in zip(CASES, classic) if case["dated"] and case["what"] != "column"]
    assert messages, "no drawn case holds a date"
    refused = [m for m in messages if isinstance(m, str) and m.endswith("must be a number, got a date")]
    assert refused, messages
    assert all(m.startswith("#VALUE! ") for m in refused)


def same(got, want):
    if isinstance(want, float) or isinstance(got, float):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and \
            math.isclose(got, want, rel_tol=1e-12, abs_tol=0)
    return got == want


def test_a_date_for_days_never_gives_a_number_on_officejs(officejs):
    """Office.js sends a date cell as its serial number (45292 for 1 Jan 2024): for a
    deadline that is over a century, refused; so a date typed for days is never counted."""
    checked = 0
    for case, got in zip(CASES, officejs):
        names = arguments(FUNCTIONS[case["func"]])[0]
        cells = {n: a[0][0] for n, a in zip(names, case["args"]) if case["what"] != "column"}
        if isinstance(cells.get("days"), dict) and "date" in cells["days"]:
            assert "raised" in got, (case, got)
            checked += 1
    assert checked, "no drawn case put a date in days"
