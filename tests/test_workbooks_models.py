"""Issue 4's sheets against figures others published, and the GPU memory sheet's native
formulas recalculated by LibreOffice for setups other than the default one.

Published figures, each with its source:
- exact parameter counts of the Hugging Face checkpoints, listed in issue 4's acceptance
  (LLaMA-7B 6,738,415,616 …; the reference data, shared/reference/NOTES.md, names them
  "exact matches to published integers"); Mixtral-8x7B 46.7B total / 12.9B active
  (Mistral AI release post); Qwen2.5 7.61B / 72.7B (model cards); Gemma Table 2
  (embedding + non-embedding); DeepSeek-V3 671B total / 37B activated (paper, README);
  Llama 3.1 405B trained with 3.8E25 FLOPs on 15.6T tokens (Dubey et al. 2024);
- ZeRO (Rajbhandari et al. 2020) sharding of the article's 20 bytes per parameter (§6, split
  2/6/12): 2 + 18/N for ZeRO-2 (issue 4's acceptance; the paper's own 16 bytes give 2 + 14/N),
  20/N for ZeRO-3;
- Korthikanti et al. 2022, Table 2: s·b·h·(34 + 5·a·s/h) bytes per layer without
  parallelism or recomputation, s·b·h·34/t with tensor + sequence parallelism and
  selective recomputation.
"""

from __future__ import annotations


import openpyxl
import pytest

import xlfuncs
from xlfuncs import InputError
from xlfuncs.catalogs import model_names

from libreoffice import convert, soffice
from wbcells import TEMPLATES, find_row, formulas_of, values_of

# Hugging Face checkpoint counts (issue 4's acceptance list and reference NOTES.md).
EXACT = {"Llama-3-8B": 8_030_261_248, "Llama-3-70B": 70_553_706_496, "Llama-3.1-405B": 405_853_388_800,
         "Mixtral-8x7B": 46_702_792_704, "Qwen2.5-7B": 7_615_616_512, "Gemma-7B": 8_537_680_896,
         "DeepSeek-V3": 671_026_404_352}
ACTIVE = {"Mixtral-8x7B": 12_879_925_248}
# Rounded figures the developers published, with the rounding they print.
ROUNDED = {"Qwen2.5-72B": (72.7e9, 0.05e9), "Gemma-2B": (524_550_144 + 1_981_884_416, 0.0002 * 2.5e9)}
# Issue 4's "Why": 12·L·h² is 0.80× the truth for Llama-3-8B, 0.57× for Qwen2.5-7B, 0.37×
# for Gemma-7B, 0.14× for Mixtral.
RATIO = {"Llama-3-8B": 0.80, "Qwen2.5-7B": 0.57, "Gemma-7B": 0.37, "Mixtral-8x7B": 0.14}


@pytest.fixture(scope="module")
def native():
    return openpyxl.load_workbook(TEMPLATES / "llm_budget.xlsx", data_only=True)


def by_model(ws, label, names_label="Model (its name in the catalog)"):
    """{catalog name: value} of a table row, keyed by the row of catalog names."""
    names, row = ws[find_row(ws, names_label)], ws[find_row(ws, label)]
    return {n.value: v.value for n, v in zip(names[2:], row[2:]) if n.value in model_names()}


def test_llama_sheet_shows_the_exact_counts_beside_the_estimates(native):
    ws = native["LLaMA"]
    exact = by_model(ws, "Parameters, exact count from the config")
    assert exact["LLaMA-7B"] == 6_738_415_616                       # issue 4's acceptance list
    for (name, count), published in zip(exact.items(), (6.7e9, 13.0e9, 32.5e9, 65.2e9)):
        assert abs(count - published) < 0.1e9, name     # Touvron et al. 2023, Table 2 (65.29B printed 65.2B)
    approx = by_model(ws, "Parameters, 12·L·h²")
    error = by_model(ws, "Error of 12·L·h² against the exact count")
    for name in exact:
        assert error[name] == pytest.approx(approx[name] / exact[name] - 1)
        assert -0.05 < error[name] < 0                                  # the article: within 1-5 % low


def test_modern_models_sheet_against_the_published_counts(native):
    ws = native["Modern models"]
    exact = by_model(ws, "Parameters, exact count from the config")
    active = by_model(ws, "Active parameters per token, exact")
    for name, count in EXACT.items():
        assert exact[name] == count, name
    for name, count in ACTIVE.items():
        assert active[name] == count, name
    for name, (count, rounding) in ROUNDED.items():
        assert exact[name] == pytest.approx(count, abs=rounding), name
    published = by_model(ws, "Parameters, published")
    assert published["Mixtral-8x7B"] == 46.7e9 and by_model(ws, "Active parameters, published")["Mixtral-8x7B"] == 12.9e9
    # DeepSeek-V3 publishes 37B activated; the config gives 37.55B (what "activated" counts differs by ~2 %).
    assert active["DeepSeek-V3"] == pytest.approx(37e9, rel=0.02)
    approx = by_model(ws, "Parameters, 12·L·h² (the article)")
    error = by_model(ws, "Error of 12·L·h² against the exact count")
    for name, ratio in RATIO.items():
        assert round(approx[name] / EXACT[name], 2) == ratio, name
        assert error[name] == pytest.approx(approx[name] / EXACT[name] - 1)


def test_llama_3_1_405b_compute_is_the_published_3_8e25(native):
    ws = native["Modern models"]
    six_nt = by_model(ws, "Training compute, 6·N·T (N = active parameters)")["Llama-3.1-405B"]
    assert by_model(ws, "Training tokens T")["Llama-3.1-405B"] == 15.6e12     # Dubey et al. 2024
    assert round(six_nt / 1e25, 1) == 3.8                                     # Dubey et al. 2024: 3.8E25
    detailed = by_model(ws, "Training compute, detailed count")["Llama-3.1-405B"]
    assert 1 < detailed / six_nt < 1.15   # attention scores at 8,192 tokens add a few percent


def test_addin_workbook_computes_the_exact_counts_with_the_add_in():
    formulas = formulas_of(TEMPLATES / "llm_budget_addin.xlsx")
    ws = openpyxl.load_workbook(TEMPLATES / "llm_budget_addin.xlsx")["Modern models"]
    r = find_row(ws, "Parameters, exact count from the config")
    calls = [formulas[("Modern models", f"{c.column_letter}{r}")] for c in ws[r][2:11]]
    assert all(f.startswith("=LLM_PARAMS_HF(") for f in calls), calls
    ws = openpyxl.load_workbook(TEMPLATES / "llm_budget.xlsx")["Modern models"]
    assert all(isinstance(c.value, int) for c in ws[r][2:11])   # natively: data, not a formula


# --- the GPU memory sheet under other setups, recalculated by LibreOffice ----------------

VARIANTS = {
    # no parallelism and no recomputation: Korthikanti's s·b·h·(34 + 5·a·s/h); ZeRO-2 over 8
    "mixtral_zero2": ("Mixtral-8x7B", "A100-80GB", dict(micro_batch=2, seq_len=4096, tp=1, pp=1, dp=8, zero=2,
                                                        recompute="none", optimizer="adamw", precision="bf16-mixed",
                                                        reserve=0.1, framework="article", flash_attention=False)),
    "gpt3_zero3_full": ("GPT-3 175B", "H100-SXM", dict(micro_batch=1, seq_len=2048, tp=8, pp=8, dp=16, zero=3,
                                                       recompute="full", optimizer="sgd", precision="fp32",
                                                       reserve=0.05, framework="article", flash_attention=False)),
    "deepseek_fp8": ("DeepSeek-V3", "H200", dict(micro_batch=1, seq_len=4096, tp=8, pp=1, dp=256, zero=3,
                                                 recompute="none", optimizer="adamw8bit", precision="fp8-mixed",
                                                 flash_attention=True, reserve=0.1, framework="article")),
    "gemma_tp2": ("Gemma-2B", "A100-40GB", dict(micro_batch=4, seq_len=8192, tp=2, pp=1, dp=1, zero=0,
                                                recompute="none", optimizer="adamw", precision="fp16-mixed",
                                                reserve=0, framework="article", flash_attention=False)),
    # 3 does not divide Llama-3-70B's 64 heads: the add-in refuses, the native sheet says so
    "llama_bad_split": ("Llama-3-70B", "H100-SXM", dict(micro_batch=1, seq_len=8192, tp=3, pp=4, dp=32, zero=1,
                                                        recompute="selective", optimizer="adamw",
                                                        precision="bf16-mixed", reserve=0.1, framework="article", flash_attention=False)),
}
PARTS = {"Weights": "weights", "Gradients": "gradients", "Optimizer state": "optimizer",
         "Activations": "activations", "Total": "total"}


def _rows_below(ws, label, heading):
    """The row of ``label`` in the block titled ``heading`` (labels repeat across blocks)."""
    start = find_row(ws, heading)
    for row in ws.iter_rows(min_row=start, min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise KeyError(label)


@pytest.fixture(scope="module")
def recalculated_variants(tmp_path_factory):
    """{variant: the GPU memory sheet as LibreOffice recalculated it}."""
    exe = soffice()
    work = tmp_path_factory.mktemp("memory_variants")
    sources = []
    for name, (model, gpu, setup) in VARIANTS.items():
        wb = openpyxl.load_workbook(TEMPLATES / "llm_budget.xlsx")
        ws = wb["GPU memory"]
        ws[f"C{find_row(ws, 'Model')}"] = model
        ws[f"C{find_row(ws, 'GPU type')}"] = gpu
        for row in ws.iter_rows(min_col=2, max_col=2):
            if row[0].value in setup:
                ws[f"C{row[0].row}"] = setup[row[0].value]
        sources.append(work / f"{name}.xlsx")
        wb.save(sources[-1])
    converted = convert(exe, work, sources, "xlsx")
    return {name: openpyxl.load_workbook(converted[f"{name}.xlsx"], data_only=True)["GPU memory"] for name in VARIANTS}


@pytest.mark.parametrize("variant", VARIANTS)
def test_native_memory_formulas_equal_the_core_for_other_setups(variant, recalculated_variants):
    ws = recalculated_variants[variant]
    model, gpu, setup = VARIANTS[variant]
    heading = "Memory per GPU, on the most loaded GPU (the first pipeline stage)"
    split = ws[f"C{find_row(ws, 'Split accepted: t divides the heads, no more stages than layers')}"].value
    if variant == "llama_bad_split":
        assert split in (0, False)
        with pytest.raises(InputError, match="must divide the model's 64 attention heads"):
            xlfuncs.LLM_TRAIN_MEM_GPU(model, setup)
        return
    assert split in (1, True)
    for label, part in PARTS.items():
        got = ws[f"C{_rows_below(ws, label, heading)}"].value
        assert got == pytest.approx(xlfuncs.LLM_TRAIN_MEM_GPU(model, setup, part), rel=1e-9), (label, got)
    headroom = ws[f"C{_rows_below(ws, 'Headroom: memory × (1 − kept free) − total', heading)}"].value
    assert headroom == pytest.approx(xlfuncs.LLM_HEADROOM_GB(model, setup, gpu), rel=1e-9, abs=1e-9)
    fits = ws[f"C{_rows_below(ws, 'Fits on the GPU', heading)}"].value   # LibreOffice saves TRUE/FALSE as 1/0
    assert fits in (0, 1) and bool(fits) is xlfuncs.LLM_FITS(model, setup, gpu)


def test_native_memory_formulas_are_the_published_expressions(recalculated_variants):
    ws = recalculated_variants["mixtral_zero2"]
    states = ws[f"C{find_row(ws, 'Model states per GPU')}"].value
    assert states == pytest.approx(2 + 18 / 8)                       # ZeRO-2: 2 + 18/N
    s, b, h, a = 4096, 2, 4096, 32                                    # Mixtral: h 4096, 32 heads
    layer = ws[f"C{find_row(ws, 'Activations of one layer')}"].value
    assert layer == pytest.approx(s * b * h * (34 + 5 * a * s / h))  # Korthikanti et al. 2022, Table 2
    ws = recalculated_variants["gpt3_zero3_full"]
    assert ws[f"C{find_row(ws, 'Model states per GPU')}"].value == pytest.approx((4 + 4 + 4) / 16)  # fp32 SGD, ZeRO-3
    assert ws[f"C{find_row(ws, 'Activations of one layer')}"].value == pytest.approx(2 * 2048 * 1 * 12288 / 8)
    ws = recalculated_variants["deepseek_fp8"]                        # FlashAttention drops 5·a·s/h
    s, h, t = 4096, 7168, 8
    assert ws[f"C{find_row(ws, 'Activations of one layer')}"].value == pytest.approx(s * h * 34 / t)


def test_default_memory_setup_states_follow_zero(native):
    ws = native["GPU memory"]
    cell = {key: ws[f"C{row[0].row}"].value for row in ws.iter_rows(min_col=2, max_col=2)
            for key in [row[0].value] if key in ("zero", "dp")}
    expected = {0: 20, 1: 8 + 12 / cell["dp"], 2: 2 + 18 / cell["dp"], 3: 20 / cell["dp"]}[cell["zero"]]
    assert ws[f"C{find_row(ws, 'Model states per GPU')}"].value == pytest.approx(expected)
    values = values_of(TEMPLATES / "llm_budget.xlsx")
    assert values[("GPU memory", f"C{find_row(ws, 'Fits on the GPU')}")] is True
