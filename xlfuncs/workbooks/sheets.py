"""The template workbooks, described as data: six sheets of inputs, published facts and
calculations. The writer turns this one description into the native workbook (Excel
formulas), the add-in workbook (LLM_* calls) and their Chinese versions.

Every text here is English; ``locale/zh/*.json`` translates each one. Published figures carry their
source in the row's note: the article (digest in shared/seed/README.md, §1–§10), the
GPT-3 paper (Brown et al. 2020, Tables 2.1 and D.1), the LLaMA paper (Touvron et al.
2023, Table 2, §2.4, Table 15).
"""

from __future__ import annotations

from .. import excel as xl
from .. import formulas as f
from .. import money
from .. import planner as pl
from ..catalogs import gpus as gpu_catalog
from .cells import (Bars, Block, Calc, Chart, Data, Fact, Input, Panels, Paragraph, Records, Sheet, Subhead, Text,
                    gpu_field, given_or, model_params, same)

# Number formats. ",,," divides by 1e9 for display only: the cell keeps the exact value.
BILLIONS = '#,##0.0,,," B"'
BILLIONS2 = '#,##0.00,,," B"'
FLOPS = "0.00E+00"
ONE = "#,##0.0"
TWO = "#,##0.00"
WHOLE = "#,##0"
PERCENT = "0.0%"
SHARE = "0%"
# Money carries no currency sign: the unit column names the currency (the Budget's currency input).
MONEY = "#,##0"
PRICE = "#,##0.00"
TEXT = "@"
FLAG = '"TRUE";"TRUE";"FALSE"'  # so that a TRUE/FALSE cell reads TRUE/FALSE everywhere, not 1/0

GPU_PROMPT = "Pick a GPU from the list (the GPUs sheet); its dense BF16/FP16 peak and memory are looked up there."
UTIL_PROMPT = "Share of the GPU's peak actually achieved, above 0 and at most 1 (100%). Clusters of over 100 GPUs typically reach 30%-50%."
FLAG_PROMPT = "TRUE: activation recomputation, 8 FLOPs per parameter per token. FALSE: 6."
POSITIVE_PROMPT = "A number greater than 0."


def lookup(key, label, unit, gpu_key, field_name, fmt, note):
    """A value of the chosen GPU from the GPUs sheet (INDEX/MATCH natively, LLM_GPU in the add-in)."""
    return Calc(key, label, unit, gpu_field, (gpu_key, Text(field_name)), fmt,
                addin=("LLM_GPU", (gpu_key, Text(field_name))), note=note)


# --- Read me ---------------------------------------------------------------------------

README = Sheet("readme", "Read me", (
    Paragraph("Estimates of the compute, time, GPUs, memory, cost and energy of training a large "
              "language model, with the formulas of the article \"Estimating the parameters of "
              "large-model training\" (xlfuncs project)."),
    Paragraph("This workbook computes with formulas that Excel (desktop and web), LibreOffice and "
              "Google Sheets all know: no add-in, no macro, no Python.", only="native"),
    Paragraph("In this workbook every estimate is a call of the xlfuncs add-in (LLM_TRAIN_DAYS, "
              "LLM_TRAIN_GPUS, ...). The values saved in the file show when it opens; Excel without "
              "the add-in shows #NAME? once it recalculates. For the same sheets without the add-in "
              "use llm_budget.xlsx.", only="addin"),
    Paragraph("Which cells to edit", "heading"),
    Paragraph("Yellow cells with blue figures are inputs: type over them. Everything else is "
              "computed or published and is locked. Each input has a name (Formulas > Name Manager), "
              "a check on what it accepts and a hint shown when the cell is selected."),
    Paragraph("The sheets are protected without a password, only so that a stray keystroke cannot "
              "overwrite a formula: Review > Unprotect Sheet to change anything else."),
    Paragraph("The sheets", "heading"),
    Paragraph("GPT-3: the article's worked example (96 layers, hidden size 12288, 300 B tokens, "
              "1024 A100 GPUs) and the eight GPT-3 sizes beside their published parameter counts."),
    Paragraph("LLaMA: the four LLaMA-1 sizes, the article's parameter estimates against the "
              "published counts, and training time and GPU-hours on 2048 A100-80GB GPUs against "
              "what the LLaMA paper reports."),
    Paragraph("Modern models: Llama 3, Mixtral, Qwen2.5, Gemma, DeepSeek-V3; 12·L·h² against exact and published "
              "counts, active parameters, compute."),
    Paragraph("GPU memory: one model, one setup (parallelism, ZeRO, recomputation, precision): memory per GPU, "
              "and whether it fits."),
    Paragraph("Budget: the plan, on two pages. Checks at the top (deadline, memory, break-even, case order, "
              "overrides, a price and a power for the GPU); the run, its uncertain inputs as a best, base and worst "
              "case, the factors and the program around the final run, each with its source; calendar time, whole "
              "nodes to buy, the cost to rent, to buy (capital recovery, colocation, support, energy), the cash up "
              "front, the break-even month, the program's whole cost and the serving after it (months × the Serving "
              "sheet's monthly cost)."),
    Paragraph("Published runs: GPT-3's energy, DeepSeek-V3's rental cost and Llama 3.1's utilization, recomputed "
              "with the Budget's formulas against the published figures."),
    Paragraph("Prices: the price table per GPU (purchase and rental, low and high, each with its source and "
              "date, or marked example), which the Budget uses unless its override cells are filled."),
    Paragraph("Sensitivity: the run's rental cost against utilization × price per GPU-hour; a tornado of what moves "
              "it most (each uncertain input at its best and worst case); training days against the GPU count and "
              "GPUs against the deadline, on log scales."),
    Paragraph("Serving: one model on one GPU type under a traffic forecast (requests per second, prompt and output "
              "lengths, 24 hourly shares) and latency objectives (TTFT, TPOT): the cheapest layout, the GPUs of every "
              "hour as a chart, the monthly cost (Serving_MonthlyCost) and the cost per million output tokens."),
    Paragraph("Cash flow: buying the Budget's GPUs against renting the same GPU-hours, month by month from a start "
              "date: the purchase on delivery, running costs, rent, depreciation, the cumulative costs with the "
              "crossover month, and both in today's money at the cost of capital (their NPVs are named "
              "CashFlow_NPV_Buy and CashFlow_NPV_Rent)."),
    Paragraph("GPUs: the GPU catalog (dense peaks, memory, bandwidth, power) with the source and "
              "date of every entry."),
    Paragraph("Models: the model catalog, sizes and exact parameters counted from each config."),
    Paragraph("Where the formulas come from", "heading"),
    Paragraph("The column \"How it is computed\" beside each figure names its formula and source: the "
              "article (sections §1-§10), Hoffmann et al. 2022 (20 tokens per parameter), Patterson et "
              "al. 2021 (energy), Epoch AI (Cottier et al. 2024: hardware and energy factors), the GPT-3 "
              "paper (Brown et al. 2020) and the LLaMA paper (Touvron et al. 2023)."),
    Paragraph("Units: B = billion (1E+9); GB = 1E+9 bytes, as in the article; FLOPs = floating-point "
              "operations; TFLOP/s = dense BF16/FP16 peak of one GPU; utilization = share of that peak "
              "achieved (MFU counts 6·P·T FLOPs; HFU also counts the recomputed forward pass). The prices "
              "are a dated table, not quotes: type yours over them, in the currency the Budget names."),
    Paragraph("How to get the add-in", "heading"),
    Paragraph("Windows Excel: 1. install Python and run  pip install xlfuncs  (or  pip install -e .  in "
              "a copy of the repository); 2. run  xlwings addin install ; 3. in Excel, on the xlwings "
              "tab, set UDF Modules to xlfuncs and click Import Functions. The LLM_* functions then "
              "appear in the LLM category. Mac and Excel for the web: xlwings Lite (see the "
              "repository's README)."),
), widths={"A": 110}, subtitle="LLM training budget: a template workbook of the xlfuncs project", pages_tall=1)


# --- GPT-3 -----------------------------------------------------------------------------

GPT3_SIZES = ("Small", "Medium", "Large", "XL", "2.7B", "6.7B", "13B", "175B")

GPT3 = Sheet("gpt3", "GPT-3", (
    Block("gpt3_in", "Inputs: the article's GPT-3 175B example", ("Input",), (
        Input("layers", "Layers L", "layers", (96,), WHOLE, "whole", "Transformer layers (blocks).", "GPT3_Layers", "§1"),
        Input("hidden", "Hidden size h", "width", (12288,), WHOLE, "whole", "Width of the model (d_model).", "GPT3_Hidden", "§1"),
        Input("vocab", "Vocabulary V", "tokens", (50257,), WHOLE, "whole", "Vocabulary size (embedding rows).", "GPT3_Vocab", "GPT-2/GPT-3 tokenizer"),
        Input("tokens", "Training tokens T", "tokens", (300e9,), '#,##0,,," B"', "positive", "Training tokens; type 300E9 for 300 billion.", "GPT3_Tokens", "§2: 300 B"),
        Input("params", "Parameters P for time, GPUs and memory", "parameters", (175e9,), BILLIONS, "positive",
              "The article rounds GPT-3 to 175 B parameters for these estimates; type 175E9.", "GPT3_Params", "the article rounds to 175 B"),
        Input("gpus", "GPUs n", "GPUs", (1024,), WHOLE, "whole", "Number of GPUs training together.", "GPT3_GPUs", "§3"),
        Input("gpu", "GPU type", "", ("A100-40GB",), TEXT, "gpu", GPU_PROMPT, "GPT3_GPU", "§3: A100 40 GB, 312 TFLOP/s"),
        Input("util", "Utilization u", "share of peak", (0.45,), SHARE, "fraction", UTIL_PROMPT, "GPT3_Utilization", "§3: 0.45"),
        Input("recompute", "Activation recomputation", "TRUE/FALSE", (True,), FLAG, "flag", FLAG_PROMPT, "GPT3_Recompute", "§2: 8·P·T with recomputation"),
        Input("deadline", "Deadline", "days", (30,), WHOLE, "positive", "Days the training must fit in.", "GPT3_Deadline", "§4: 30 days"),
        Input("card", "Memory per GPU, to hold the model", "GB", (80,), WHOLE, "positive", "GB of memory on each card (A100/H100: 80).", "GPT3_CardGB", "§6: 80 GB cards"),
        Input("tp_gb", "Tensor-parallel traffic per GPU per iteration", "GB", (500,), WHOLE, "positive", "GB one GPU sends per iteration.", "GPT3_TPTraffic", "§10: about 500 GB"),
        Input("nic", "Network card (NIC) speed", "Gbit/s", (200,), WHOLE, "positive", "Gbit/s per GPU to other servers.", "GPT3_NIC", "§10: 200 Gbit/s"),
        Input("nvlink", "NVLink 4 speed", "Gbit/s", (3600,), WHOLE, "positive", "Gbit/s per GPU inside the server.", "GPT3_NVLink", "§10: 450 GB/s = 3600 Gbit/s"),
    )),
    Block("gpt3_out", "Results", ("Result",), (
        Calc("p_exact", "Parameters, L·(12h²+13h)+V·h", "parameters", f.params_exact, ("layers", "hidden", "vocab"), BILLIONS,
             ("LLM_PARAMS", ("layers", "hidden", "vocab")), "§1: 174.6 B", strong=True),
        Calc("p_approx", "Parameters, 12·L·h²", "parameters", f.params_approx, ("layers", "hidden"), BILLIONS,
             ("LLM_PARAMS", ("layers", "hidden", 0, Text("approx"))), "§1: about 174 B"),
        Calc("flops6", "Training compute, 6·P·T with P = L·(12h²+13h)+V·h", "FLOPs", f.train_flops, ("p_exact", "tokens", False), FLOPS,
             ("LLM_TRAIN_FLOPS", ("p_exact", "tokens", False)), "§2: 6 × 174.6 B × 300 B = 3.1428E+23", strong=True),
        Calc("flops8", "Training compute with recomputation, 8·P·T", "FLOPs", f.train_flops, ("p_exact", "tokens", True), FLOPS,
             ("LLM_TRAIN_FLOPS", ("p_exact", "tokens", True)), "§2: one more forward pass"),
        lookup("peak", "Peak of the GPU type (dense BF16/FP16)", "TFLOP/s", "gpu", "tflops", WHOLE, "GPUs sheet"),
        Calc("flops", "Training compute used below (P, recomputation as set)", "FLOPs", f.train_flops, ("params", "tokens", "recompute"), FLOPS,
             ("LLM_TRAIN_FLOPS", ("params", "tokens", "recompute")), "§2-§3: 8 × 175 B × 300 B"),
        Calc("days", "Training time on n GPUs", "days", f.train_days, ("flops", "gpus", "peak", "util"), ONE,
             ("LLM_TRAIN_DAYS", ("params", "tokens", "gpus", "peak", "util", "recompute")), "§3: C/(n·X·u), about 34 days", strong=True),
        Calc("gpus_need", "GPUs to finish within the deadline", "GPUs", f.gpus_for_days, ("flops", "deadline", "peak", "util"), ONE,
             ("LLM_TRAIN_GPUS", ("params", "tokens", "deadline", "peak", "util", "recompute")), "§4: C/(t·X·u), about 1154", strong=True),
        Calc("gpus_buy", "GPUs to buy for the deadline (whole)", "GPUs", f.ceil_whole, ("gpus_need",), WHOLE,
             note="§4 rounded up"),
        Calc("infer16", "Inference memory, fp16 (2 bytes per parameter)", "GB", f.infer_memory_gb, ("params", 2), WHOLE,
             ("LLM_INFER_MEM", ("params", Text("fp16"))), "§5: 1.2 × P × 2 bytes"),
        Calc("infer32", "Inference memory, fp32 (4 bytes per parameter)", "GB", f.infer_memory_gb, ("params", 4), WHOLE,
             ("LLM_INFER_MEM", ("params", Text("fp32"))), "§5: 1.2 × P × 4 bytes, about 840 GB", strong=True),
        Calc("train_mem", "Training memory, model states (20 bytes per parameter)", "GB", f.train_memory_gb, ("params",), WHOLE,
             ("LLM_TRAIN_MEM", ("params",)), "§6: mixed-precision AdamW, about 3500 GB", strong=True),
        Calc("hold", "GPUs to hold one copy of the model states", "GPUs", f.gpus_to_hold, ("train_mem", "card"), WHOLE,
             ("LLM_MIN_GPUS", ("train_mem", "card")), "§6: at least 44 cards of 80 GB", strong=True),
        Calc("one_days", "Time on one GPU at full peak, 6·P·T / X", "days", f.train_days, ("flops6", 1, "peak", 1), WHOLE,
             ("LLM_TRAIN_DAYS", ("p_exact", "tokens", 1, "peak", 1, False)), "§9: compute bottleneck"),
        Calc("one_years", "The same in years", "years", f.days_to_years, ("one_days",), ONE,
             note="§9: about 32 years", strong=True),
        Calc("nic_gbs", "NIC speed in bytes", "GB/s", f.gbits_to_gbytes, ("nic",), ONE, note="8 bits per byte"),
        Calc("nvlink_gbs", "NVLink speed in bytes", "GB/s", f.gbits_to_gbytes, ("nvlink",), ONE, note="8 bits per byte"),
        Calc("tp_nic", "Tensor-parallel traffic time over the NIC", "s per iteration", f.comm_seconds, ("tp_gb", "nic_gbs"), ONE,
             ("LLM_COMM_SECONDS", ("tp_gb", "nic_gbs")), "§10: about 20 s", strong=True),
        Calc("tp_nvlink", "Tensor-parallel traffic time over NVLink", "s per iteration", f.comm_seconds, ("tp_gb", "nvlink_gbs"), ONE,
             ("LLM_COMM_SECONDS", ("tp_gb", "nvlink_gbs")), "§10: about 1.1 s", strong=True),
    )),
    Block("gpt3_family", "The GPT-3 family: estimates against the published counts (GPT-3 paper, Table 2.1)", GPT3_SIZES, (
        Fact("f_layers", "Layers L", "layers", (12, 24, 24, 24, 32, 32, 40, 96), WHOLE, "Table 2.1"),
        Fact("f_hidden", "Hidden size h", "width", (768, 1024, 1536, 2048, 2560, 4096, 5120, 12288), WHOLE,
             "Table 2.1 (13B: 5120)"),
        Calc("f_exact", "Parameters, L·(12h²+13h)+V·h", "parameters", f.params_exact, ("f_layers", "f_hidden", "vocab"), BILLIONS2,
             ("LLM_PARAMS", ("f_layers", "f_hidden", "vocab")), "§1, V as above"),
        Calc("f_approx", "Parameters, 12·L·h²", "parameters", f.params_approx, ("f_layers", "f_hidden"), BILLIONS2,
             ("LLM_PARAMS", ("f_layers", "f_hidden", 0, Text("approx"))), "§1"),
        Fact("f_pub", "Published parameters", "parameters", (125e6, 350e6, 760e6, 1.3e9, 2.7e9, 6.7e9, 13.0e9, 175.0e9), BILLIONS2,
             "Table 2.1"),
        Calc("f_err", "Error of L·(12h²+13h)+V·h", "%", f.relative_error, ("f_exact", "f_pub"), PERCENT, note="estimate/published - 1"),
        Calc("f_err_approx", "Error of 12·L·h²", "%", f.relative_error, ("f_approx", "f_pub"), PERCENT, note="estimate/published - 1"),
        Calc("f_flops", "Training compute, 6·P·T, T as above", "FLOPs", f.train_flops, ("f_exact", "tokens", False), FLOPS,
             ("LLM_TRAIN_FLOPS", ("f_exact", "tokens", False)), "§2"),
        Fact("f_flops_pub", "Published training compute", "FLOPs", (2.25e20, 6.41e20, 1.37e21, 2.38e21, 4.77e21, 1.2e22, 2.31e22, 3.14e23), FLOPS,
             "Table D.1"),
    )),
), widths={"A": 46, "B": 13, "C": 13, **{c: 11 for c in "DEFGHIJ"}, "K": 24},
    subtitle="The article's worked example, step by step (§ = section of the article).")


# --- LLaMA -----------------------------------------------------------------------------

LLAMA = Sheet("llama", "LLaMA", (
    Block("llama_in", "Inputs: the training cluster", ("Input",), (
        Input("gpus", "GPUs n", "GPUs", (2048,), WHOLE, "whole", "Number of GPUs training together.", "LLaMA_GPUs", "LLaMA paper §2.4: 2048"),
        Input("gpu", "GPU type", "", ("A100-80GB",), TEXT, "gpu", GPU_PROMPT, "LLaMA_GPU", "LLaMA paper §2.4: A100 80 GB"),
        Input("util", "Utilization u", "share of peak", (0.45,), SHARE, "fraction", UTIL_PROMPT, "LLaMA_Utilization", "§3: 0.45 (try 0.48)"),
        Input("recompute", "Activation recomputation", "TRUE/FALSE", (False,), FLAG, "flag", FLAG_PROMPT, "LLaMA_Recompute", "FALSE: 6·P·T"),
        lookup("peak", "Peak of the GPU type (dense BF16/FP16)", "TFLOP/s", "gpu", "tflops", WHOLE, "GPUs sheet"),
    )),
    Block("llama_family", "LLaMA-1: the article's estimates against the LLaMA paper", ("7B", "13B", "33B", "65B"), (
        Fact("layers", "Layers L", "layers", (32, 40, 60, 80), WHOLE, "Touvron et al. 2023, Table 2"),
        Fact("hidden", "Hidden size h", "width", (4096, 5120, 6656, 8192), WHOLE, "Table 2"),
        Fact("heads", "Attention heads", "heads", (32, 40, 52, 64), WHOLE, "Table 2"),
        Fact("ffn", "FFN width (SwiGLU)", "width", (11008, 13824, 17920, 22016), WHOLE, "model code: 2/3 × 4h, to a multiple of 256"),
        Fact("vocab", "Vocabulary V", "tokens", (32000, 32000, 32000, 32000), WHOLE, "LLaMA paper §2.1"),
        Fact("tokens", "Training tokens T", "tokens", (1.0e12, 1.0e12, 1.4e12, 1.4e12), '#,##0,,," B"', "Table 2"),
        Calc("p_approx", "Parameters, 12·L·h²", "parameters", f.params_approx, ("layers", "hidden"), BILLIONS,
             ("LLM_PARAMS", ("layers", "hidden", 0, Text("approx"))), "§1: the article's table", strong=True),
        Calc("p_exact", "Parameters, L·(12h²+13h)+V·h", "parameters", f.params_exact, ("layers", "hidden", "vocab"), BILLIONS,
             ("LLM_PARAMS", ("layers", "hidden", "vocab")), "§1 (GPT-style layer, one tied embedding)"),
        Fact("pub", "Published parameters", "parameters", (6.7e9, 13.0e9, 32.5e9, 65.2e9), BILLIONS, "Touvron et al. 2023, Table 2", ),
        Fact("model", "Model (its name in the catalog)", "", ("LLaMA-7B", "LLaMA-13B", "LLaMA-33B", "LLaMA-65B"), TEXT,
             "Models sheet"),
        Data("p_hf", "Parameters, exact count from the config", "parameters", model_params, ("model",), WHOLE,
             ("LLM_PARAMS_HF", ("model",)), "data: every weight of Meta's checkpoint"),
        Calc("err_approx", "Error of 12·L·h²", "%", f.relative_error, ("p_approx", "pub"), PERCENT, note="estimate/published - 1"),
        Calc("err_exact", "Error of L·(12h²+13h)+V·h", "%", f.relative_error, ("p_exact", "pub"), PERCENT, note="SwiGLU FFN and untied output differ"),
        Calc("err_approx_hf", "Error of 12·L·h² against the exact count", "%", f.relative_error, ("p_approx", "p_hf"),
             PERCENT, note="estimate/exact - 1"),
        Calc("err_exact_hf", "Error of L·(12h²+13h)+V·h against the exact count", "%", f.relative_error,
             ("p_exact", "p_hf"), PERCENT, note="estimate/exact - 1"),
        Calc("flops", "Training compute with the published P", "FLOPs", f.train_flops, ("pub", "tokens", "recompute"), FLOPS,
             ("LLM_TRAIN_FLOPS", ("pub", "tokens", "recompute")), "§2: 6·P·T (8 with recomputation)"),
        Calc("days", "Training time on n GPUs", "days", f.train_days, ("flops", "gpus", "peak", "util"), ONE,
             ("LLM_TRAIN_DAYS", ("pub", "tokens", "gpus", "peak", "util", "recompute")), "§3", strong=True),
        Calc("hours", "GPU-hours", "GPU-hours", f.gpu_hours, ("flops", "peak", "util"), WHOLE,
             ("LLM_GPU_HOURS", ("pub", "tokens", "peak", "util", "recompute")), "C/(X·u)/3600"),
        Fact("hours_pub", "Published GPU-hours", "GPU-hours", (82432, 135168, 530432, 1022362), WHOLE, "Touvron et al. 2023, Table 15"),
        Calc("hours_err", "Error of the GPU-hours", "%", f.relative_error, ("hours", "hours_pub"), PERCENT, note="estimate/published - 1"),
    )),
    Block("llama_reported", "LLaMA-65B as reported: about 21 days at 380 tokens/s per GPU", ("Value",), (
        Fact("rep_tps", "Reported throughput", "tokens/s per GPU", (380,), WHOLE, "LLaMA paper §2.4"),
        Fact("rep_gpus", "Reported GPUs", "GPUs", (2048,), WHOLE, "LLaMA paper §2.4"),
        Fact("rep_days", "Reported training time", "days", (21,), WHOLE, "LLaMA paper §2.4: about 21 days"),
        Calc("tps_days", "Days implied by the reported throughput", "days", f.days_from_throughput, ("tokens@3", "rep_tps", "rep_gpus"), ONE,
             note="T/(r·n)/86400"),
        Calc("tps_util", "Utilization implied by the reported throughput", "share of peak", f.utilization_from_throughput,
             ("pub@3", "rep_tps", "peak", "recompute"), PERCENT, note="6·P·r/X: compare with u above"),
        Calc("est_days", "Days estimated above for 65B", "days", same, ("days@3",), ONE, note="the 65B column of the table"),
    )),
), widths={"A": 52, "B": 17, **{c: 15 for c in "CDEF"}, "G": 40},
    subtitle="The four LLaMA-1 sizes with the article's formulas (§ = section of the article).")


# --- Budget ----------------------------------------------------------------------------
# The Budget sheet and its price table have their own module (budget.py); it uses the
# formats above, so it is imported at the end of this file.


# --- GPUs ------------------------------------------------------------------------------

GPU_FIELDS = (
    ("name", "GPU", TEXT, 12),
    ("vendor", "Vendor", TEXT, 9),
    ("released", "Released", TEXT, 9),
    ("tflops", "BF16/FP16 dense (TFLOP/s)", ONE, 12),
    ("tflops_fp8", "FP8 dense (TFLOP/s)", ONE, 11),
    ("tflops_fp32", "FP32 (TFLOP/s)", ONE, 11),
    ("memory_gb", "Memory (GB)", WHOLE, 10),
    ("memory_exposed_gb", "Exposed to CUDA (GB)", TWO, 10),
    ("bandwidth_gbps", "Memory bandwidth (GB/s)", WHOLE, 11),
    ("interconnect_gbps", "GPU-to-GPU link (GB/s)", WHOLE, 11),
    ("tdp_w", "Board power (W)", WHOLE, 10),
    ("verification", "Checked", TEXT, 18),
    ("date", "Checked on", TEXT, 11),
    ("source", "Source", TEXT, 70),
)

GPUS = Sheet("gpus", "GPUs", (
    Records("catalog", "GPU catalog", GPU_FIELDS, tuple(gpu_catalog().values()),
            intro="Dense peaks (2:4 sparsity not counted). An empty cell: not published. Prices are on the "
                  "Prices sheet, with their sources.",
            translated={"verification": {}}),
), subtitle="The GPUs the other sheets can look up, with the source and date of every figure.")


from .modern import CATALOG, MEMORY, MODERN  # noqa: E402  (the model sheets, which use the formats above)

from .throughput import sheet as _throughput  # noqa: E402

from . import budget as _budget  # noqa: E402

THROUGHPUT = _throughput()
BUDGET = _budget.sheet()
PRICES = _budget.prices_sheet()
PUBLISHED = _budget.published_sheet()
from .serving_sheet import SERVING  # noqa: E402
from .finance import CASHFLOW, SENSITIVITY  # noqa: E402  (the finance sheets, which read the Budget sheet)

SHEETS = (README, GPT3, LLAMA, MODERN, MEMORY, BUDGET, CASHFLOW, SENSITIVITY, SERVING, GPUS, PRICES, PUBLISHED, CATALOG,
          THROUGHPUT)
