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
Budget sheet, printed on its own, must take one landscape page.

One soffice process converts all files (session fixture), so the cost is one start-up.
Without soffice the tests are skipped with a reason, unless XLFUNCS_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from xlfuncs.workbooks import layout

from libreoffice import convert, soffice
from wbcells import NATIVE, TEMPLATES, close, formulas_of, values_of

STALE = "stale_llm_budget.xlsx"

# The article's GPT-3 example (§2-§6) typed into the Budget sheet, by input name: 175 B
# parameters, 300 B tokens, 1024 A100 (312 TFLOP/s, 80 GB cards as in §6), utilization 0.45,
# recomputation (8·P·T), nothing lost to failures (goodput 1), 20 bytes per parameter (§6),
# fp32 to serve (§5). All three cases alike, so every column must give the article's figures.
GPT3_ON_BUDGET = {"Budget_Params": 175e9, "Budget_Tokens": 300e9, "Budget_GPU": "A100-80GB",
                  "Budget_GPUs": 1024, "Budget_Recompute": True, "Budget_Deadline": 30,
                  "Budget_ServeBytes": 4, "Budget_Utilization": 0.45, "Budget_Goodput": 1,
                  "Budget_BytesPerParam": 20}
SCENARIOS = {"gpt3_30_days.xlsx": GPT3_ON_BUDGET,
             "gpt3_3_years.xlsx": {**GPT3_ON_BUDGET, "Budget_Deadline": 3 * 365},
             # the default plan with owned GPUs busy half the time, and with a 10 % cost of capital
             "usage_50.xlsx": {"Budget_Usage": 0.5},
             "capital_10.xlsx": {"Budget_CostOfCapital": 0.10}}


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
def test_the_budget_sheet_prints_on_one_landscape_page(name, tmp_path):
    exe = soffice()
    only_the_budget_sheet(TEMPLATES / name, tmp_path / name)
    pdf = convert(exe, tmp_path, [tmp_path / name], "pdf")[name].read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1, f"the Budget sheet prints on {len(pages)} pages"
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", pdf).group(1).split()]
    assert box[2] - box[0] > box[3] - box[1], "landscape: wider than tall"


def _col(c):
    from openpyxl.utils import get_column_letter

    return get_column_letter(c)


def test_idle_hours_and_the_cost_of_capital_raise_the_cost_if_bought(recalculated):
    # By hand: busy half the hours, each busy hour carries twice the hardware; at 10 % over
    # the default 3 years the yearly charge is the annuity factor 0.40211 (A/P tables)
    # instead of 1/3, so the hardware cost grows by 3 × 0.40211.
    base = budget_values(TEMPLATES / NATIVE[0], "amortized")
    half = budget_values(recalculated["usage_50.xlsx"], "amortized")
    capital = budget_values(recalculated["capital_10.xlsx"], "amortized")
    for b, h, c in zip(base, half, capital):
        assert h == pytest.approx(2 * b, rel=1e-9)
        assert c == pytest.approx(b * 3 * 0.40211, rel=1e-4)
    energy = budget_values(recalculated["usage_50.xlsx"], "kwh_cost")
    own = budget_values(recalculated["usage_50.xlsx"], "own")
    assert own == pytest.approx([h + e for h, e in zip(half, energy)])
