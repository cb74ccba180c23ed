"""The Serving sheet, in all four workbooks.

The add-in workbooks plan with LLM_SERVE_PLAN and LLM_SERVE_PERF on the sheet's traffic and
objectives ranges. The native workbooks show the build's layout as data and compute every
hour's GPUs, the GPU-hours, the monthly cost and the cost per million tokens with formulas:
LibreOffice recalculates them with no error cell, to the stored values, and when a user
types other traffic (a busier 14:00, twice the requests, no autoscaling, a daily token
count) they move to what ``serving.plan`` answers for the same inputs.
"""

from __future__ import annotations

import functools
import json
import re

import openpyxl
import pytest

from xlfuncs import architectures, serving
from xlfuncs.catalogs import gpu

from libreoffice import recalculate_copies
from test_workbooks_libreoffice import typed_in
from wbcells import ADDIN, NATIVE, TEMPLATES, close, formulas_of, values_of

TITLE = {"en": "Serving", "zh": "推理服务"}
LANG = {"llm_budget.xlsx": "en", "llm_budget_addin.xlsx": "en", "llm_budget_zh.xlsx": "zh",
        "llm_budget_addin_zh.xlsx": "zh"}
RESULTS = ("peak", "replicas", "average", "monthly", "per_mtok", *(f"g{h}" for h in range(24)))
PLANNED = {"peak": "gpus", "replicas": "replicas", "average": "gpus_average", "monthly": "monthly_cost",
           "per_mtok": "cost_per_mtok"}


@functools.lru_cache(maxsize=None)
def _layout(variant, lang):
    from xlfuncs.workbooks import layout

    return layout(variant, lang)[0]


def cell(variant, lang, key):
    """The A1 address of a Serving row's value cell."""
    from openpyxl.utils import get_column_letter

    p = _layout(variant, lang).places[("serving", key)]
    return f"{get_column_letter(p.c)}{p.r}"


def named(wb, name):
    """(sheet title, cell values) of a defined name."""
    title, ref = next(wb.defined_names[name].destinations)
    cells = wb[title][ref.replace("$", "")]
    flat = [c for row in cells for c in row] if isinstance(cells, tuple) else [cells]
    return title, [c.value for c in flat]


def inputs(path):
    """The sheet's inputs as ``serving.plan`` reads them, from the named cells of a workbook
    (the fixed figures of the native workbook from their cells)."""
    lang = LANG.get(path.name, "en")
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[TITLE[lang]]
    get = lambda key: ws[cell("native", lang, key)].value  # noqa: E731 (both variants share the layout)
    shares = [get(f"h{h}") for h in range(24)]
    traffic = {"requests_per_s": get("requests_per_s"), "tokens_per_day": get("tokens_per_day"),
               "input_len": get("input_len"), "output_len": get("output_len"), "hourly": shares}
    slo = {"ttft_ms": get("ttft_ms"), "tpot_ms": get("tpot_ms"), "price_per_gpu_hour": get("price_per_gpu_hour"),
           "autoscale": get("autoscale")}
    return get("model"), get("gpu"), traffic, slo


def plan_of(path):
    model, gpu_name, traffic, slo = inputs(path)
    return serving.plan(architectures.catalog(model), traffic, slo, gpu(gpu_name))


@pytest.mark.parametrize("name", list(LANG))
def test_every_workbook_has_the_serving_sheet_and_its_named_results(name):
    wb = openpyxl.load_workbook(TEMPLATES / name, data_only=True)
    title = TITLE[LANG[name]]
    assert title in wb.sheetnames
    found = plan_of(TEMPLATES / name)
    where, (monthly,) = named(wb, "Serving_MonthlyCost")
    assert where == title
    assert close(monthly, found["monthly_cost"])
    # 730.5 hours a month (365.25 days × 24 / 12), at the price typed, for the average GPUs
    price = named(wb, "Serving_PricePerGPUHour")[1][0]
    assert monthly == pytest.approx(found["gpus_average"] * 730.5 * price)
    # per million output tokens: 20 requests/s × 500 output tokens = 10,000 tokens/s by default
    _, (per_mtok,) = named(wb, "Serving_CostPerMTok")
    assert per_mtok == pytest.approx(monthly / (10_000 * 3600 * 730.5) * 1e6)
    # the money labels follow the Budget sheet's currency
    unit = openpyxl.load_workbook(TEMPLATES / name)[title]["G" + cell("native", LANG[name], "monthly")[1:]].value
    assert "Budget_Currency" in unit
    # 24 hourly shares, named one by one
    assert all(f"Serving_Hour{h:02d}" in wb.defined_names for h in range(24))


@pytest.mark.parametrize("name", list(ADDIN))
def test_the_addin_workbook_plans_with_llm_serve_plan_on_the_sheets_ranges(name):
    lang = LANG[name]
    wb = openpyxl.load_workbook(TEMPLATES / name)
    ws = wb[TITLE[lang]]
    f = {key: ws[cell("addin", lang, key)].value for key in ("tp", "weights", "concurrency", "peak", "monthly",
                                                              "per_mtok", "setup", "per_gpu", "hourly", "g14")}
    call = re.compile(r'^=LLM_SERVE_PLAN\(\$C\$\d+,(\$B\$\d+:\$C\$\d+),(\$B\$\d+:\$C\$\d+),\$C\$\d+,"(\w+)"\)$')
    ranges = set()
    for key, field in (("tp", "tp"), ("weights", "weights"), ("concurrency", "concurrency"), ("peak", "gpus"),
                       ("monthly", "monthly_cost"), ("per_mtok", "cost_per_mtok"), ("setup", "setup")):
        m = call.match(f[key])
        assert m and m.group(3) == field, f"{key}: {f[key]}"
        ranges.add(m.groups()[:2])
    (traffic, slo), = ranges                     # every call reads the same two key/value ranges
    keys = lambda ref: [c.value for row in ws[ref.replace("$", "")] for c in row[:1]]  # noqa: E731
    assert keys(traffic) == ["requests_per_s", "tokens_per_day", "input_len", "output_len", "hourly"]
    assert set(keys(traffic)) == set(serving.TRAFFIC_KEYS)
    assert keys(slo) == ["ttft_ms", "tpot_ms", "price_per_gpu_hour", "autoscale"]
    assert f["hourly"].startswith("=_xlfn.TEXTJOIN(\",\",TRUE,$C$")
    model, gpu_cell, setup = (re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", cell("addin", lang, k)) for k in ("model", "gpu", "setup"))
    assert f["per_gpu"] == f'=LLM_SERVE_PERF({model},{setup},{gpu_cell},"output_tokens_per_s_per_gpu")'
    assert "LLM_" not in f["g14"] and "ROUNDUP" in f["g14"]   # the hours are formulas on the plan's layout
    # the native workbook: no add-in call; the layout is the build's answer, as data
    native = openpyxl.load_workbook(TEMPLATES / ADDIN[name])[TITLE[lang]]
    assert not any(str(c.value).startswith("=") and "LLM_" in c.value for row in native.iter_rows() for c in row)
    found = plan_of(TEMPLATES / ADDIN[name])
    for key, field in (("tp", "tp"), ("weights", "weights"), ("concurrency", "concurrency"), ("setup", "setup")):
        assert native[cell("native", lang, key)].value == found[field]


def test_the_plan_meets_the_objectives_typed_in_the_sheet():
    found = plan_of(TEMPLATES / NATIVE[0])
    model, gpu_name, traffic, slo = inputs(TEMPLATES / NATIVE[0])
    from xlfuncs import excel as x

    for field, objective in (("ttft_ms", slo["ttft_ms"]), ("tpot_ms", slo["tpot_ms"])):
        assert x.LLM_SERVE_PERF(model, found["setup"], gpu_name, field) <= objective


# Typed into a copy of the native workbook, by input name, as a user would.
SCENARIOS = {
    "busy_afternoon.xlsx": {"Serving_Hour14": 0.12},          # 14:00 twice as busy as the default 6%
    "double_traffic.xlsx": {"Serving_RequestsPerSecond": 40},
    "peak_sized.xlsx": {"Serving_Autoscale": False},
    "tokens_per_day.xlsx": {"Serving_RequestsPerSecond": 0, "Serving_TokensPerDay": 5e8},
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    work = tmp_path_factory.mktemp("serving")
    return work, recalculate_copies(work, [TEMPLATES / name for name in NATIVE], TEMPLATES / NATIVE[0], SCENARIOS,
                                    typed_in)


@pytest.mark.parametrize("name", NATIVE)
def test_libreoffice_recalculates_the_serving_sheet_to_the_stored_values(name, recalculated):
    _, converted = recalculated
    title = TITLE[LANG[name]]
    computed = {k[1]: v for k, v in values_of(converted[name]).items() if k[0] == title}
    stored = {k[1]: v for k, v in values_of(TEMPLATES / name).items() if k[0] == title}
    errors = {k: v for k, v in computed.items() if isinstance(v, str) and re.match(r"^#[A-Z/0!?]+|^Err:", v)}
    assert not errors
    formulas = {k[1] for k in formulas_of(TEMPLATES / name) if k[0] == title}
    assert {cell("native", LANG[name], key) for key in RESULTS} <= formulas
    for ref in formulas:
        assert close(computed.get(ref), stored[ref]), f"{title}!{ref}: LibreOffice {computed.get(ref)!r}, file {stored[ref]!r}"


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_typed_traffic_moves_the_native_results_as_the_core_plans(scenario, recalculated):
    work, converted = recalculated
    typed = plan_of(work / scenario)           # the core's plan for the inputs typed in
    built = plan_of(TEMPLATES / NATIVE[0])
    # the native workbook keeps the build's layout; for these inputs the core keeps it too
    assert typed["setup"] == built["setup"]
    ws = openpyxl.load_workbook(converted[scenario], data_only=True)["Serving"]
    got = {key: ws[cell("native", "en", key)].value for key in RESULTS}
    for key, field in PLANNED.items():
        assert close(got[key], typed[field]), f"{key}: LibreOffice {got[key]!r}, core {typed[field]!r}"
    assert [got[f"g{h}"] for h in range(24)] == typed["gpus_by_hour"]
    before = {key: v for key, v in values_of(TEMPLATES / NATIVE[0]).items()}
    base = lambda key: before[("Serving", cell("native", "en", key))]  # noqa: E731
    if scenario == "busy_afternoon.xlsx":       # 14:00 becomes the busiest hour by far
        assert got["g14"] == got["peak"] > base("peak")
    elif scenario == "double_traffic.xlsx":     # about twice the GPUs, never fewer than before in any hour
        assert all(got[f"g{h}"] >= base(f"g{h}") for h in range(24))
        assert 1.6 < got["monthly"] / base("monthly") <= 2.0
    elif scenario == "peak_sized.xlsx":         # the busiest hour's GPUs all day
        assert got["average"] == got["peak"] == base("peak")
        assert got["monthly"] > base("monthly")
    else:                                       # 5E8 tokens a day = 5,787 tokens/s, below 20 × 500
        assert got["monthly"] < base("monthly")
        assert ws[cell("native", "en", "mean_rate")].value == pytest.approx(5e8 / 86400)


def test_the_hourly_text_is_what_llm_serve_plan_reads():
    shares = (0.025, 0.02, 0.015) + (1 / 21,) * 21
    text = serving.hourly_text(shares)
    traffic = serving.read_traffic({"requests_per_s": 1, "input_len": 10, "output_len": 10, "hourly": text})
    assert traffic["shares"] == pytest.approx(list(shares), rel=1e-14)
    assert json.loads("[" + text + "]") == pytest.approx(list(shares), rel=1e-14)
