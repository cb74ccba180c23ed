"""A real spreadsheet application computes the native workbooks.

LibreOffice opens each native workbook with recalculation forced on load (a private user
profile whose OOXMLRecalcMode is 0, "always"), converts it to xlsx, and we read back what
it computed: no cell may be an error, and every formula cell must equal the value stored
in the file (relative 1e-9), which the builder computed with the Python core.

To prove that LibreOffice really recalculated rather than echoing the stored values, a
copy of the English workbook with every stored value replaced by 0 goes through the same
conversion and must come back with the right numbers.

The article's GPT-3 example typed into the Budget sheet's input cells (a copy of the
workbook, changed as a user would) must come out as the article published it; and the
Budget sheet, printed on its own, must take two upright A3 pages: the inputs, then the results.

One soffice process converts all files (session fixture), so the cost is one start-up.
Without soffice the tests are skipped with a reason, unless XLFUNCS_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from xlfuncs.catalogs import gpu_names
from xlfuncs.workbooks import layout

from libreoffice import convert, soffice
from wbcells import NATIVE, TEMPLATES, close, formulas_of, values_of

STALE = "stale_llm_budget.xlsx"

# The article's GPT-3 example (§2-§6) typed into the Budget sheet, by input name: 175 B
# parameters, 300 B tokens, 1024 A100 (312 TFLOP/s, 80 GB cards as in §6), utilization 0.45
# of 8·P·T with recomputation, i.e. an MFU of 0.45 × 6/8 = 0.3375 (the Budget asks for MFU),
# nothing lost to failures (goodput 1), 20 bytes per parameter (§6), fp32 to serve (§5), GPUs
# bought one by one without spares as in §4. All three cases alike, so every column must give
# the article's figures.
GPT3_ON_BUDGET = {"Budget_Params": 175e9, "Budget_Tokens": 300e9, "Budget_GPU": "A100-80GB",
                  "Budget_GPUs": 1024, "Budget_Recompute": True, "Budget_Deadline": 30,
                  "Budget_ServeBytes": 4, "Budget_Utilization": 0.45 * 6 / 8, "Budget_Goodput": 1,
                  "Budget_BytesPerParam": 20, "Budget_GPUsPerNode": 1, "Budget_Spares": 0}
SCENARIOS = {"gpt3_30_days.xlsx": GPT3_ON_BUDGET,
             "gpt3_3_years.xlsx": {**GPT3_ON_BUDGET, "Budget_Deadline": 3 * 365},
             # the default plan with owned GPUs busy half the time, and with a 10 % cost of capital
             "usage_50.xlsx": {"Budget_Usage": 0.5},
             "capital_10.xlsx": {"Budget_CostOfCapital": 0.10},
             # the default plan on B200s; 70 B parameters on 15 T tokens against 90 days on 1,024 GPUs
             "b200.xlsx": {"Budget_GPU": "B200"},
             "llama3_90_days.xlsx": {"Budget_Tokens": 15e12, "Budget_Deadline": 90}}
# every accelerator the GPU list offers, chosen in the Budget as a user would
CATALOG_GPUS = gpu_names()
SCENARIOS.update({f"gpu_{name}.xlsx": {"Budget_GPU": name} for name in CATALOG_GPUS})


def typed_in(src, dst, inputs: dict):
    """A copy of a workbook with values typed into named input cells (every cell of a range)."""
    wb = openpyxl.load_workbook(src)
    for name, value in inputs.items():
        for title, ref in wb.defined_names[name].destinations:
            cells = wb[title][ref.replace("$", "")]
            for row in cells if isinstance(cells, tuple) else ((cells,),):
                for cell in row if isinstance(row, tuple) else (row,):
                    cell.value = value
    wb.save(dst)


def zero_cached_values(src, dst):
    """A copy of a workbook whose formula cells all claim the value 0."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data, n = re.subn(rb"(</f>)<v>[^<]*</v>", rb"\g<1><v>0</v>", data)
            zout.writestr(info, data)


@pytest.fixture(scope="session")
def recalculated(tmp_path_factory):
    """{file name: path of LibreOffice's recalculated copy}."""
    exe = soffice()
    work = tmp_path_factory.mktemp("libreoffice")
    sources = [TEMPLATES / name for name in NATIVE]
    zero_cached_values(TEMPLATES / NATIVE[0], work / STALE)
    sources.append(work / STALE)
    for name, inputs in SCENARIOS.items():
        typed_in(TEMPLATES / NATIVE[0], work / name, inputs)
        sources.append(work / name)
    return convert(exe, work, sources, "xlsx")


@pytest.mark.parametrize("name", NATIVE)
def test_libreoffice_finds_no_error_cell(name, recalculated):
    errors = {k: v for k, v in values_of(recalculated[name]).items()
              if isinstance(v, str) and re.match(r"^#(NAME\?|VALUE!|REF!|DIV/0!|NUM!|N/A|NULL!|ERR)", v)}
    assert not errors


@pytest.mark.parametrize("name", NATIVE)
def test_libreoffice_computes_what_the_file_stores_and_the_core_computes(name, recalculated):
    stored, computed = values_of(TEMPLATES / name), values_of(recalculated[name])
    variant_lang = {"llm_budget.xlsx": ("native", "en"), "llm_budget_zh.xlsx": ("native", "zh")}[name]
    book, _ = layout(*variant_lang)
    core = {(sheet.title, f"{_col(c)}{r}"): value for sheet, r, c, _, value in book.formula_cells()}
    formulas = formulas_of(TEMPLATES / name)
    # money units that name the currency input are formulas too, text ones
    units = {k for k, f in formulas.items() if k not in core and "Budget_Currency" in f}
    assert formulas.keys() - units == core.keys()
    for key in units:
        assert computed.get(key) == stored[key], f"{key} {formulas[key]}: LibreOffice {computed.get(key)!r}"
    for key in core:
        if isinstance(core[key], str):  # a name picked from a list (the tornado's drivers)
            assert computed.get(key) == stored[key] == core[key], f"{key} {formulas[key]}: LibreOffice {computed.get(key)!r}"
            continue
        assert isinstance(computed.get(key), (int, float)), f"{key} {formulas[key]}: LibreOffice gave {computed.get(key)!r}"
        assert close(computed[key], stored[key]), f"{key} {formulas[key]}: LibreOffice {computed[key]!r}, file {stored[key]!r}"
        assert close(computed[key], core[key]), f"{key} {formulas[key]}: LibreOffice {computed[key]!r}, core {core[key]!r}"


def test_libreoffice_really_recalculates(recalculated):
    stored = values_of(TEMPLATES / NATIVE[0])
    computed = values_of(recalculated[STALE])
    formulas = formulas_of(TEMPLATES / NATIVE[0])
    wrong = [k for k in formulas if not close(computed.get(k), stored[k])]
    assert not wrong, f"LibreOffice kept stale values (no recalculation on load?): {wrong[:5]}"


def budget_row(book, key):
    """The (row, first value column, number of columns) of a Budget row, from the layout."""
    place = book.places[("budget", key)]
    return place.r, place.c, place.n


def budget_values(path, key):
    book, _ = layout("native", "en")
    r, c, n = budget_row(book, key)
    ws = openpyxl.load_workbook(path, data_only=True)["Budget"]
    return [ws.cell(r, c + j).value for j in range(n)]


def test_the_article_typed_into_the_budget_sheet(recalculated):
    got = {key: budget_values(recalculated["gpt3_30_days.xlsx"], key)
           for key in ("compute_days", "days", "need", "buy", "train_mem", "hold", "infer_mem")}
    for case in range(3):
        # §3: 8·175e9·300e9 / (1024 · 312e12 · 0.45) = 2,921,340 s ≈ 33.8 days; goodput 1: calendar = compute
        assert got["compute_days"][case] * 86400 == pytest.approx(2_921_340, abs=1)
        assert round(got["days"][case], 1) == 33.8
        # §4: 30 days need 1154.1 A100s; a purchase rounds up to 1155
        assert round(got["need"][case], 1) == 1154.1
        assert got["buy"][case] == 1155
        # §6: 20 bytes × 175e9 = 3500 GB, at least 44 cards of 80 GB
        assert got["train_mem"][case] == pytest.approx(3500)
        assert got["hold"][case] == 44
    # §5: 1.2 × 175e9 × 4 bytes = 840 GB (fp32)
    assert got["infer_mem"][0] == pytest.approx(840)


def test_with_a_long_deadline_memory_sets_the_gpus_to_buy(recalculated):
    # With three years instead of 30 days, the deadline needs 1154.1 × 30/1095 ≈ 32 GPUs, but
    # holding the model states takes 44 cards of 80 GB (§6): 44 is what to buy.
    need = budget_values(recalculated["gpt3_3_years.xlsx"], "need")
    buy = budget_values(recalculated["gpt3_3_years.xlsx"], "buy")
    assert need[0] == pytest.approx(1154.1 * 30 / 1095, rel=1e-4)
    assert buy == [44, 44, 44]


def only_the_budget_sheet(src, dst):
    """A copy whose other sheets are hidden: LibreOffice prints only the visible ones."""
    wb = openpyxl.load_workbook(src)
    for ws in wb:
        ws.sheet_state = "visible" if ws.title in ("Budget", "预算") else "hidden"
    wb.active = next(i for i, ws in enumerate(wb) if ws.sheet_state == "visible")
    wb.save(dst)


@pytest.mark.parametrize("name", NATIVE)
def test_the_budget_sheet_prints_inputs_then_results_readably_with_footers(name, tmp_path):
    """The inputs panel prints on one page, then the results panel on the next, at a fixed 90 %
    (9-point notes print at 8.1 points), each page with its footer "Page n of N"."""
    exe = soffice()
    ws = openpyxl.load_workbook(TEMPLATES / name)[1 and ("Budget" if name == NATIVE[0] else "预算")]
    assert ws.page_setup.scale >= 89 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_margins.footer < ws.page_margins.bottom
    only_the_budget_sheet(TEMPLATES / name, tmp_path / name)
    pdf_path = convert(exe, tmp_path, [tmp_path / name], "pdf")[name]
    pdf = pdf_path.read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 2, f"the Budget sheet prints on {len(pages)} pages"
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True).stdout.split("\f")
    first_inputs = next(i for i, page in enumerate(text) if "1. The training run" in page or "1. 训练方案" in page)
    first_results = next(i for i, page in enumerate(text) if "6. Model, compute" in page or "6. 模型、计算量" in page)
    assert first_results > first_inputs  # the results start on a page of their own
    footer = "Page" if name == NATIVE[0] else "页"
    assert all(footer in page for page in text if page.strip())
    if name != NATIVE[0]:
        # Chinese amounts in 万 and 亿, rendered by LibreOffice: the default plan's base-case cash up
        # front, 640 H800 × (30,000 × 7.1884 CNY, the table's midpoint) × 1.6 × 1.15 = 2.5395 亿, reads 2.54亿
        assert "2.54亿" in "".join(text)


def _col(c):
    from openpyxl.utils import get_column_letter

    return get_column_letter(c)


# The default plan by hand, from published figures: 70 B parameters × 20 tokens each (Hoffmann
# et al. 2022) = 1.4 T tokens, 8·P·T FLOPs with recomputation; 1,024 H100-SXM at 989.4 dense
# TFLOP/s (NVIDIA datasheet); MFU 38 % (Llama 3 405B, Dubey et al. 2024), so HFU 38 % × 8/6;
# goodput from Llama 3's 419 interruptions in 54 days on 16,384 GPUs, 1-minute checkpoints at
# Young's interval, 10-minute restarts; the H100's $25,000-30,000 (midpoint $27,500) × Epoch AI's
# server 1.6 and network 1.15; 3 years of 8,766 h; 700 W × 1.82 (DGX H100) × PUE 1.25 at $0.08;
# colocation $184.06 per kW-month (CBRE H2 2024); support 5 % a year.
def _by_hand(usage=1.0, tokens=1.4e12):
    import math

    rate = 419 / (54 * 16384)
    mtbf = 1440 / (1024 * rate)
    tau = math.sqrt(2 * 1 * mtbf)
    g = 1 - 1 / tau - (tau / 2 + 10) / mtbf
    hfu = 0.38 * 8 / 6
    hours = 8 * 70e9 * tokens / (989.4e12 * hfu * g) / 3600
    days = 8 * 70e9 * tokens / (1024 * 989.4e12 * hfu) / 86400 / g
    installed = 27_500 * 1.6 * 1.15
    hardware = hours * installed / (3 * 8766 * usage)
    kw = 0.7 * 1.82
    fixed = hours * (kw * 184.06 * 12 + 0.05 * installed) / (8766 * usage)
    energy = hours * kw * 1.25 * 0.08
    return {"days": days, "hours": hours, "hardware": hardware, "fixed": fixed, "energy": energy,
            "own": hardware + fixed + energy}


def test_idle_hours_and_the_cost_of_capital_raise_the_cost_if_bought(recalculated):
    # Busy half the hours, each busy hour carries twice the hardware, colocation and support;
    # at 10 % over the default 3 years the yearly charge is the annuity factor 0.40211 (A/P
    # tables) instead of 1/3, so the hardware cost grows by 3 × 0.40211.
    full, half = _by_hand(1.0), _by_hand(0.5)
    assert budget_values(TEMPLATES / NATIVE[0], "own")[1] == pytest.approx(full["own"], rel=1e-6)
    assert budget_values(recalculated["usage_50.xlsx"], "own")[1] == pytest.approx(half["own"], rel=1e-6)
    assert half["own"] - full["own"] == pytest.approx(full["hardware"] + full["fixed"])
    base = budget_values(TEMPLATES / NATIVE[0], "amortized")
    capital = budget_values(recalculated["capital_10.xlsx"], "amortized")
    assert base[1] == pytest.approx(full["hardware"], rel=1e-6)
    for b, c in zip(base, capital):
        assert c == pytest.approx(b * 3 * 0.40211, rel=1e-4)


def test_the_default_plan_passes_every_check(recalculated):
    book, _ = layout("native", "en")
    ws = openpyxl.load_workbook(recalculated[NATIVE[0]], data_only=True)["Budget"]
    assert _named(ws, book, "Budget_ChecksFailing") == 0
    assert budget_values(recalculated[NATIVE[0]], "days")[1] == pytest.approx(_by_hand()["days"], rel=1e-9)


def test_a_b200_uses_its_own_power(recalculated):
    # NVIDIA's HGX B200 datasheet: 1,000 W per GPU; the energy follows from the run's GPU-hours
    power = budget_values(recalculated["b200.xlsx"], "power")
    hours = budget_values(recalculated["b200.xlsx"], "hours")
    kwh = budget_values(recalculated["b200.xlsx"], "kwh")
    assert power == [1000]
    assert kwh == pytest.approx([h * 1.0 * 1.82 * 1.25 for h in hours])
    # 2,250 dense TFLOP/s (datasheet) instead of the H100's 989.4: fewer GPU-hours
    assert hours[1] == pytest.approx(_by_hand()["hours"] * 989.4 / 2250, rel=1e-9)
    assert budget_values(recalculated["b200.xlsx"], "ck_power") == [True]


def test_15_trillion_tokens_on_1024_gpus_miss_a_90_day_deadline(recalculated):
    days = budget_values(recalculated["llama3_90_days.xlsx"], "days")[1]
    assert days == pytest.approx(_by_hand(tokens=15e12)["days"], rel=1e-9) and days > 90
    assert budget_values(recalculated["llama3_90_days.xlsx"], "ck_time") == [False]
    assert budget_values(recalculated["llama3_90_days.xlsx"], "failing")[0] >= 1


def _named(ws, book, name):
    """The value of a named result cell, by the name's target."""
    for (sheet, key), place in book.places.items():
        if getattr(place.row, "name", "").split("@")[0] == name:
            column = place.row.name.partition("@")[2]
            return ws.cell(place.r, place.c + int(column or 0)).value
    raise KeyError(name)


@pytest.mark.parametrize("gpu", CATALOG_GPUS)
def test_every_catalog_gpu_gives_numbers_not_errors_or_zero_energy(gpu, recalculated):
    # A GPU the list offers must price and power the plan: no error cell on the Budget
    # sheet, energy above 0 in every case, and the "price and power known" check TRUE.
    path = recalculated[f"gpu_{gpu}.xlsx"]
    title = "Budget"
    errors = {k: v for k, v in values_of(path).items() if k[0] == title
              and isinstance(v, str) and re.match(r"^#(NAME\?|VALUE!|REF!|DIV/0!|NUM!|N/A|NULL!|ERR)", v)}
    assert not errors, f"{gpu}: {errors}"
    assert all(isinstance(k, (int, float)) and k > 0 for k in budget_values(path, "kwh")), gpu
    assert budget_values(path, "ck_known") == [True]
