"""The package as a user meets it: import cost, the command line."""

import json
import subprocess
import sys

import xlfuncs
from xlfuncs import cli


def test_import_does_not_load_the_workbook_builder():
    code = "import sys, xlfuncs; print(sorted(m for m in ('openpyxl', 'formulas', 'xlfuncs.workbooks') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_package_exports_only_functions_and_the_error():
    assert set(xlfuncs.__all__) == {n for n in dir(xlfuncs) if n.startswith("LLM_")} | {"InputError"}


def test_estimate_prints_the_articles_plan(capsys):
    assert cli.main(["estimate"]) == 0
    out = capsys.readouterr().out
    for figure in ("174.6 B", "33.8", "1,154.1 (buy 1,155)", "420 GB / 840 GB", "3,500 GB", "44"):
        assert figure in out


def test_estimate_json_with_overrides(capsys):
    assert cli.main(["estimate", "--json", "--params", "70B", "--tokens", "1.4T", "--gpus", "2048",
                     "--gpu", "A100-80GB", "--no-recompute"]) == 0
    plan = json.loads(capsys.readouterr().out)
    # the flags reach the plan: 6·P·T without recomputation (§2)
    assert plan["train_flops"] == 6 * 70e9 * 1.4e12
    assert plan["gpus"] == 2048


def test_estimate_reports_bad_input_in_one_line(capsys):
    assert cli.main(["estimate", "--gpu", "A100"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith('xlfuncs: gpu "A100" is not in the catalog; did you mean A100-40GB, A100-80GB')
