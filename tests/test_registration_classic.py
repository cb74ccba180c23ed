"""What Excel receives from classic xlwings (Windows COM add-in), checked on Linux.

xlwings' own ``import_udfs`` / ``generate_vba_wrapper`` run on the package in a process
of their own (tests/helpers/classic_xlwings.py stands in for pywin32 and the workbook).
"""

import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import xlfuncs

HELPER = Path(__file__).parent / "helpers" / "classic_xlwings.py"
FUNCTIONS = sorted(n for n in dir(xlfuncs) if n.startswith("LLM_"))


@pytest.fixture(scope="module")
def excel():
    env = dict(os.environ, PYTHONPATH=str(Path(xlfuncs.__file__).parent.parent))
    env.pop("XLWINGS_ON_SERVER", None)
    run = subprocess.run([sys.executable, str(HELPER)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def vba_signature(vba, name):
    match = re.search(rf"^Function {name}\((.*)\)$", vba, re.M)
    assert match, f"{name} has no VBA wrapper"
    return [a.strip() for a in match.group(1).split(",") if a.strip()]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_vba_signature_marks_defaults_optional(excel, name):
    params = inspect.signature(getattr(xlfuncs, name)).parameters.values()
    expected = [("Optional " if p.default is not p.empty else "") + p.name for p in params]
    assert vba_signature(excel["vba"], name) == expected


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_wizard_descriptions(excel, name):
    options = excel["macros"][f"'llm_budget.xlsm'!{name}"]
    assert options["Category"] == "LLM"
    assert 20 <= len(options["Description"]) <= 255
    assert "defined in" not in options["Description"]
    n_args = len(inspect.signature(getattr(xlfuncs, name)).parameters)
    docs = options["ArgumentDescriptions"]
    assert len(docs) == n_args
    assert all(d and not d.startswith("Positional argument") and len(d) <= 255 for d in docs)


def test_every_function_is_registered(excel):
    assert sorted(re.findall(r"^Function (LLM_\w+)\(", excel["vba"], re.M)) == FUNCTIONS


def test_classic_cell_gets_the_article_number(excel):
    assert excel["calls"]["days"] == [[pytest.approx(2_921_340 / 86400, abs=1e-4)]]


def test_classic_cell_gets_the_message_not_a_traceback(excel):
    assert excel["calls"]["zero_gpus"] == [["#VALUE! gpus must be > 0, got 0"]]


def test_classic_range_keeps_its_shape_and_local_errors(excel):
    column = excel["calls"]["column"]
    assert [len(r) for r in column] == [1, 1, 1]
    assert column[1] == ["#VALUE! gpus must be > 0, got 0"]
    assert column[0][0] == pytest.approx(2 * column[2][0])


def test_classic_missing_optionals_take_defaults(excel):
    # LLM_INFER_MEM(175e9) with both optionals empty: 1.2 × 175e9 × 2 bytes = 420 GB (§5)
    assert excel["calls"]["missing_optional"] == [[pytest.approx(420)]]
