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
MONEY = '"$"#,##0'
PRICE = '"$"#,##0.00'
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
    Paragraph("Budget: a one-page plan. The run, its uncertain inputs as a low, base and high case, and factors "
              "with their sources; calendar time, GPUs to buy, the cost to rent, to buy (amortised) and in energy "
              "and CO2, the break-even month, a chart; published runs recomputed as a check."),
    Paragraph("Sensitivity: the run's rental cost against utilization × price per GPU-hour; a tornado of what moves "
              "it most (each uncertain input at its best and worst case); training days against the GPU count and "
              "GPUs against the deadline, on log scales."),
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
              "achieved. The prices on the Budget sheet are example values, not quotes: replace them "
              "with yours (any currency; the costs come out in the same currency)."),
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
# A one-page plan: inputs on the left (the run; the uncertain inputs as low, base and high
# case; prices and factors, each with its source), results on the right (model and
# compute; time, GPUs and the three cost views for each case; published runs recomputed).

CASES = ("Low case", "Base case", "High case")
TOKENS_B = '#,##0,,," B"'
GOODPUT_PROMPT = ("Share of wall-clock time spent on useful training, above 0 and at most 1: failures, restarts, "
                  "checkpoints and evaluation take the rest. Llama 3 405B reported over 90%.")
EXAMPLE = "Example value, not a quote: type your own."

# LLM_CLUSTER(config, tokens, days, gpu, setup, field, utilization, goodput, gpus_per_node): the
# default setup (""), the base case's utilization and goodput.
CLUSTER_ARGS = ("arch", "tokens", "deadline", "gpu", Text(""))
CLUSTER_REST = ("util@1", "goodput@1", "per_node")
# LLM_SERVE_GPUS(config, tokens_per_day, context, gpu, precision, batch, bandwidth_utilization, field)
SERVE_ARGS = ("arch", "s_tpd", "s_context", "gpu", "infer_bytes", "s_batch", "s_bw")

BUDGET = Sheet("budget", "Budget", (
    Panels((
        (
            Block("budget_in", "1. The training run", ("Input",), (
                Input("params_in", "Model size (empty: from layers and hidden size)", "parameters", (70e9,), BILLIONS, "optional",
                      "Parameters, e.g. 70E9 for 70 billion. Leave empty to use layers, hidden size and vocabulary below.", "Budget_Params"),
                Input("layers", "Layers L (if model size is empty)", "layers", (80,), WHOLE, "whole", "Transformer layers.", "Budget_Layers"),
                Input("hidden", "Hidden size h (if model size is empty)", "width", (8192,), WHOLE, "whole", "Width of the model.", "Budget_Hidden"),
                Input("vocab", "Vocabulary V (if model size is empty)", "tokens", (32000,), WHOLE, "whole", "Vocabulary size.", "Budget_Vocab"),
                Input("tokens_in", "Training tokens (empty: per parameter below)", "tokens", (None,), TOKENS_B, "optional",
                      "Training tokens, e.g. 15E12 for 15 trillion. Leave empty for tokens per parameter × model size.", "Budget_Tokens"),
                Input("tpp", "Tokens per parameter (if tokens is empty)", "per parameter", (20,), ONE, "positive",
                      "20 is compute-optimal (Hoffmann et al. 2022); GPT-3 used about 2.", "Budget_TokensPerParam", "Hoffmann et al. 2022: 20"),
                Input("gpu", "GPU type", "", ("H100-SXM",), TEXT, "gpu", GPU_PROMPT, "Budget_GPU", "GPUs sheet"),
                Input("gpus", "GPUs n", "GPUs", (1024,), WHOLE, "whole", "Number of GPUs training together.", "Budget_GPUs"),
                Input("recompute", "Activation recomputation", "TRUE/FALSE", (True,), FLAG, "flag", FLAG_PROMPT, "Budget_Recompute",
                      "§2: 8·P·T with, 6·P·T without"),
                Input("deadline", "Deadline", "calendar days", (30,), WHOLE, "positive",
                      "Calendar days the training must finish in, time lost to failures included.", "Budget_Deadline"),
                Input("infer_bytes", "Bytes per parameter to serve the model", "bytes", (2,), WHOLE, "positive",
                      "2 for bf16/fp16, 1 for int8/fp8, 4 for fp32.", "Budget_ServeBytes", "§5: bf16 2, fp32 4"),
            )),
            Block("budget_cases", "2. Uncertain inputs: low, base and high case", CASES, (
                Input("util", "Utilization u", "share of peak", (0.50, 0.40, 0.30), SHARE, "fraction", UTIL_PROMPT,
                      "Budget_Utilization", "§3: 30%-50%"),
                Input("goodput", "Goodput g", "share of time", (1.0, 0.9, 0.8), SHARE, "fraction", GOODPUT_PROMPT,
                      "Budget_Goodput", "1: §3; 0.9: Llama 3 405B; 0.8: allowance"),
                Input("bytes", "Training memory per parameter", "bytes", (16, 18, 20), WHOLE, "positive",
                      "Bytes per parameter for weights, gradients and Adam states: 16 (ZeRO paper), 18 (Megatron-LM), 20 (the article §6).",
                      "Budget_BytesPerParam", "ZeRO 16; Megatron-LM 18; §6 20"),
                Input("price_hour", "Rental price per GPU-hour", "$ per GPU-hour", (1.5, 2.0, 3.0), PRICE, "nonnegative",
                      "Your rental price for one GPU for one hour. " + EXAMPLE, "Budget_PricePerGPUHour", "examples, not quotes"),
                Input("price_gpu", "Purchase price per GPU", "$ per GPU", (20000, 25000, 30000), MONEY, "nonnegative",
                      "Your price for one GPU, without the rest of its server (see the overheads below). " + EXAMPLE,
                      "Budget_PricePerGPU", "examples, not quotes"),
            ), intro="Low case: the inputs that give the least time and cost; high case: the most."),
            Block("budget_factors", "3. Factors, each with its source", ("Input",), (
                Input("currency", "Currency of every amount", "", ("USD",), TEXT, "text",
                      "The code or sign your prices are in (USD, EUR, CNY, $); every money label shows it.",
                      "Budget_Currency", "your prices"),
                Input("power", "Power per GPU (board power)", "W", (700,), WHOLE, "positive",
                      "Watts per GPU; the GPUs sheet lists each board's power (H100-SXM: 700 W).", "Budget_PowerW",
                      "GPUs sheet: H100-SXM 700 W"),
                Input("server_factor", "Server power per GPU power", "ratio", (1.82,), TWO, "positive",
                      "A server draws more than its GPUs (CPUs, memory, network): NVIDIA DGX H100 10.2 kW for 8 GPUs of 0.7 kW = 1.82.",
                      "Budget_ServerPowerFactor", "DGX H100: 10.2 kW / 8 / 0.7 kW; Epoch AI ~1.8"),
                Input("pue", "PUE of the data centre", "ratio", (1.25,), TWO, "positive",
                      "Power usage effectiveness: total facility power / IT power, 1 or more; hyperscalers about 1.1.",
                      "Budget_PUE", "Epoch AI 1.25; hyperscalers ~1.1"),
                Input("price_kwh", "Electricity price", "$ per kWh", (0.08,), PRICE, "nonnegative",
                      "Your electricity price per kWh; US industrial average 2023 about $0.08 (EIA).", "Budget_PricePerKWh",
                      "EIA: US industrial 2023 ≈ $0.08"),
                Input("grid", "Grid carbon intensity", "kg CO2e per kWh", (0.429,), "0.000", "nonnegative",
                      "Emissions per kWh of your grid; 0.429 is the US average used by Patterson et al. 2021.", "Budget_GridKgPerKWh",
                      "Patterson et al. 2021: US average"),
                Input("server_overhead", "Server cost per GPU cost", "ratio", (1.6,), TWO, "positive",
                      "What a server costs as a multiple of its GPUs' price (Epoch AI: 1.6).", "Budget_ServerOverhead",
                      "Epoch AI (Cottier et al. 2024)"),
                Input("network_overhead", "Cluster network cost per server cost", "ratio", (1.15,), TWO, "positive",
                      "The cluster interconnect as a multiple of server cost (Epoch AI: 1.15).", "Budget_NetworkOverhead",
                      "Epoch AI (Cottier et al. 2024)"),
                Input("lifetime", "Hardware lifetime", "years", (3,), ONE, "positive",
                      "Years the hardware is written off over (Epoch AI: 3).", "Budget_LifetimeYears",
                      "Epoch AI (Cottier et al. 2024)"),
                Input("usage", "Share of hours owned GPUs are busy", "share of time", (1.0,), SHARE, "fraction",
                      "Your plan for owned GPUs, above 0 and at most 1 (100%: busy every hour); idle hours are paid for too, so it sets the cost if bought and the break-even month.",
                      "Budget_Usage", "your plan"),
                Input("cost_of_capital", "Cost of capital", "per year", (0.0,), PERCENT, "nonnegative",
                      "Yearly rate the money tied up in the hardware costs (0: straight line, as Epoch AI).",
                      "Budget_CostOfCapital", "your finance team; 0 as Epoch AI"),
            )),
            Bars("Cost of the run: rent or buy", ("rent", "own"), "$", '"$"#,##0.0,,"M"'),
            Paragraph("7. Recommended cluster, 8. Serving", "heading", only="native"),
            Paragraph("In llm_budget_addin.xlsx: the add-in searches the tensor × pipeline × data splits of a catalog model.",
                      "note", only="native"),
            Block("budget_cluster", "7. Recommended cluster (add-in, the model's own architecture)", ("Result",), (
                Input("arch", "Model architecture (catalog name)", "", ("Llama-3-70B",), TEXT, "text",
                      "A model of the xlfuncs catalog (LLM_MODEL), e.g. Llama-3-70B, GPT-3 175B, Mixtral-8x7B: its layers, "
                      "heads and widths set the memory per GPU and the valid splits.", "Budget_Model", "xlfuncs model catalog"),
                Input("per_node", "GPUs per node", "GPUs", (8,), WHOLE, "whole",
                      "GPUs in one server; tensor parallelism stays inside one.", "Budget_GPUsPerNode", "DGX/HGX servers: 8"),
                Calc("c_nodes", "Nodes to buy (whole)", "nodes", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("nodes"),) + CLUSTER_REST, WHOLE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("nodes"),) + CLUSTER_REST), "meets the deadline and holds the model", strong=True),
                Calc("c_gpus", "GPUs in those nodes", "GPUs", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("gpus"),) + CLUSTER_REST, WHOLE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("gpus"),) + CLUSTER_REST), "nodes × GPUs per node"),
                Calc("c_tp", "Split: tensor parallel", "GPUs", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("tp"),) + CLUSTER_REST, WHOLE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("tp"),) + CLUSTER_REST), "inside a node; divides the heads"),
                Calc("c_pp", "Split: pipeline stages", "stages", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("pp"),) + CLUSTER_REST, WHOLE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("pp"),) + CLUSTER_REST), "at most one per layer"),
                Calc("c_dp", "Split: data-parallel replicas", "replicas", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("dp"),) + CLUSTER_REST, WHOLE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("dp"),) + CLUSTER_REST), "tp × pp × dp = GPUs"),
                Calc("c_mem", "Memory on the busiest GPU", "GB", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("mem_gb"),) + CLUSTER_REST, ONE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("mem_gb"),) + CLUSTER_REST), "states + activations (Korthikanti 2022)"),
                Calc("c_compute", "Nodes the deadline needs", "nodes", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("compute_nodes"),) + CLUSTER_REST, WHOLE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("compute_nodes"),) + CLUSTER_REST), "§4 with the model's exact FLOPs"),
                Calc("c_memory", "Nodes the memory needs", "nodes", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("memory_nodes"),) + CLUSTER_REST, WHOLE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("memory_nodes"),) + CLUSTER_REST), "smallest split that fits"),
                Calc("c_binding", "Which one sets the size", "", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("binding"),) + CLUSTER_REST, TEXT,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("binding"),) + CLUSTER_REST), "compute or memory", strong=True),
                Calc("c_days", "Calendar time on this cluster", "days", xl.LLM_CLUSTER, CLUSTER_ARGS + (Text("days"),) + CLUSTER_REST, ONE,
                     ("LLM_CLUSTER", CLUSTER_ARGS + (Text("days"),) + CLUSTER_REST), "base case u and g"),
            ), only="addin"),
        ),
        (
            Block("budget_model", "4. Model and compute", ("Result",), (
                Calc("p_shape", "Parameters from layers and hidden size", "parameters", f.params_exact, ("layers", "hidden", "vocab"),
                     BILLIONS, ("LLM_PARAMS", ("layers", "hidden", "vocab")), "§1: L·(12h²+13h)+V·h"),
                Calc("params", "Parameters P", "parameters", given_or, ("params_in", "p_shape"), BILLIONS,
                     note="model size if given, else the line above", strong=True),
                Calc("tokens_pp", "Tokens at tokens per parameter", "tokens", f.optimal_tokens, ("params", "tpp"), TOKENS_B,
                     ("LLM_OPTIMAL_TOKENS", ("params", "tpp")), "tokens per parameter × P"),
                Calc("tokens", "Training tokens T", "tokens", given_or, ("tokens_in", "tokens_pp"), TOKENS_B,
                     note="tokens if given, else the line above", strong=True),
                Calc("flops", "Training compute C", "FLOPs", f.train_flops, ("params", "tokens", "recompute"), FLOPS,
                     ("LLM_TRAIN_FLOPS", ("params", "tokens", "recompute")), "§2: 8·P·T (6·P·T without recomputation)"),
                lookup("peak", "Peak of the GPU type X (dense BF16/FP16)", "TFLOP/s", "gpu", "tflops", ONE, "GPUs sheet"),
                lookup("mem", "Memory per GPU", "GB", "gpu", "memory_gb", WHOLE, "GPUs sheet"),
                Calc("infer_mem", "Memory to serve the model", "GB", f.infer_memory_gb, ("params", "infer_bytes"), WHOLE,
                     ("LLM_INFER_MEM", ("params", "infer_bytes")), "§5: 1.2 × P × bytes"),
            )),
            Block("budget_plan", "5. Time, GPUs and cost: low, base and high case", CASES, (
                Subhead("h_time", "Time"),
                Calc("compute_days", "Compute time on n GPUs", "days", f.train_days, ("flops", "gpus", "peak", "util"), ONE,
                     ("LLM_TRAIN_DAYS", ("params", "tokens", "gpus", "peak", "util", "recompute")), "§3: C/(n·X·u)"),
                Calc("days", "Calendar time on n GPUs", "days", pl.calendar_days, ("compute_days", "goodput"), ONE,
                     ("LLM_TRAIN_DAYS", ("params", "tokens", "gpus", "peak", "util", "recompute", "goodput")),
                     "compute time / g", strong=True),
                Calc("hours", "GPU-hours paid for", "GPU-hours", f.gpu_hours, ("flops", "peak", "util", "goodput"), WHOLE,
                     ("LLM_GPU_HOURS", ("params", "tokens", "peak", "util", "recompute", "goodput")), "C/(X·u·g)/3600"),
                Subhead("h_gpus", "GPUs"),
                Calc("train_mem", "Training memory, model states", "GB", f.train_memory_gb, ("params", "bytes"), WHOLE,
                     ("LLM_TRAIN_MEM", ("params", "bytes")), "§6: bytes × P; activations extra"),
                Calc("hold", "GPUs to hold the model states", "GPUs", f.gpus_to_hold, ("train_mem", "mem"), WHOLE,
                     ("LLM_MIN_GPUS", ("train_mem", "mem")), "§6: memory / GPU memory"),
                Calc("need", "GPUs to finish by the deadline", "GPUs", f.gpus_for_days, ("flops", "deadline", "peak", "util", "goodput"), ONE,
                     ("LLM_TRAIN_GPUS", ("params", "tokens", "deadline", "peak", "util", "recompute", "goodput")), "§4: C/(t·X·u·g)"),
                Calc("buy", "GPUs to buy for the deadline (whole)", "GPUs", pl.gpus_to_buy, ("need", "hold"), WHOLE,
                     note="the larger of the two above, rounded up", strong=True),
                Subhead("h_rent", "Rent"),
                Calc("rent", "Rental cost of the run", "$", f.cost, ("hours", "price_hour"), MONEY,
                     ("LLM_TRAIN_COST", ("params", "tokens", "peak", "price_hour", "util", "recompute", "goodput")),
                     "GPU-hours × rental price", strong=True),
                Subhead("h_buy", "Buy"),
                Calc("all_in", "Price per GPU with server and network", "$ per GPU", pl.all_in_gpu_price,
                     ("price_gpu", "server_overhead", "network_overhead"), MONEY, note="price × the two overheads"),
                Calc("capex", "Up-front purchase of the GPUs to buy", "$", f.purchase_cost, ("buy", "all_in"), MONEY,
                     note="GPUs to buy × the line above", strong=True),
                Calc("amortized", "Hardware cost of this run, with cost of capital and usage", "$", money.run_hardware_cost,
                     ("hours", "all_in", "cost_of_capital", "lifetime", "usage"), MONEY,
                     ("LLM_OWN_RUN_COST", ("hours", "all_in", "cost_of_capital", "lifetime", "usage")),
                     note="GPU-hours × installed price × capital recovery / (8766 h × usage)"),
                Subhead("h_energy", "Energy"),
                Calc("kwh", "Energy of the run", "kWh", f.energy_kwh, ("hours", "power", "pue", "server_factor"), WHOLE,
                     ("LLM_ENERGY_KWH", ("hours", "power", "pue", "server_factor")), "GPU-hours × kW × server × PUE"),
                Calc("kwh_cost", "Energy cost", "$", f.cost, ("kwh", "price_kwh"), MONEY, note="kWh × electricity price"),
                Calc("co2", "Emissions", "t CO2e", pl.co2_tonnes, ("kwh", "grid"), WHOLE,
                     ("LLM_CO2_TONNES", ("kwh", "grid")), "kWh × grid intensity"),
                Subhead("h_compare", "Rent or buy"),
                Calc("own", "Cost of this run if bought", "$", pl.cost_if_bought, ("amortized", "kwh_cost"), MONEY,
                     note="amortised hardware + energy", strong=True),
                Calc("rent_mtok", "Rental cost per million tokens", "$ per M tokens", pl.cost_per_million_tokens, ("rent", "tokens"),
                     PRICE, ("LLM_COST_PER_MTOK", ("rent", "tokens")), "rental cost / T × 1E+6"),
                Calc("own_mtok", "Cost if bought per million tokens", "$ per M tokens", pl.cost_per_million_tokens, ("own", "tokens"),
                     PRICE, ("LLM_COST_PER_MTOK", ("own", "tokens")), "cost if bought / T × 1E+6"),
                Calc("running", "Electricity per owned GPU-hour", "$ per GPU-hour", pl.running_cost_per_gpu_hour,
                     ("power", "price_kwh", "pue", "server_factor"), PRICE, note="kW × server × PUE × price"),
                Calc("breakeven", "Break-even: buying beats renting after", "months", pl.breakeven_months,
                     ("all_in", "price_hour", "usage", "running"), ONE,
                     ("LLM_BREAKEVEN_MONTHS", ("all_in", "price_hour", "usage", "running")), "installed price / monthly saving", strong=True),
            )),
            Block("budget_checks", "6. Published runs, recomputed with the same formulas", ("Value",), (
                Subhead("h_gpt3", "GPT-3: energy and emissions (Patterson et al. 2021, Table 4)"),
                Fact("p_gpus", "GPUs (V100)", "GPUs", (10000,), WHOLE, "Patterson et al. 2021"),
                Fact("p_days", "Training time", "days", (14.8,), ONE, "Patterson et al. 2021"),
                Calc("p_hours", "GPU-hours", "GPU-hours", pl.gpu_hours_from_days, ("p_gpus", "p_days"), WHOLE, note="n × d × 24"),
                Fact("p_power", "Average power per GPU, measured", "W", (330,), WHOLE, "Patterson et al. 2021"),
                Fact("p_pue", "PUE", "ratio", (1.1,), TWO, "Patterson et al. 2021"),
                Calc("p_kwh", "Energy", "kWh", f.energy_kwh, ("p_hours", "p_power", "p_pue"), WHOLE,
                     ("LLM_ENERGY_KWH", ("p_hours", "p_power", "p_pue")), "published: 1,287 MWh"),
                Fact("p_grid", "Grid carbon intensity", "kg CO2e per kWh", (0.429,), "0.000", "Patterson et al. 2021"),
                Calc("p_co2", "Emissions", "t CO2e", pl.co2_tonnes, ("p_kwh", "p_grid"), WHOLE,
                     ("LLM_CO2_TONNES", ("p_kwh", "p_grid")), "published: 552 t"),
                Subhead("h_ds", "DeepSeek-V3: rental cost (DeepSeek-AI 2024, Table 1)"),
                Fact("d_hours", "H800 GPU-hours", "GPU-hours", (2.788e6,), WHOLE, "DeepSeek-V3 report: 2,788K"),
                Fact("d_price", "Rental price assumed", "$ per GPU-hour", (2.0,), PRICE, "DeepSeek-V3 report: $2"),
                Calc("d_cost", "Rental cost", "$", f.cost, ("d_hours", "d_price"), MONEY, note="published: $5.576M"),
                Subhead("h_llama", "Llama 3.1 405B: the utilization it implies (Llama 3 paper)"),
                Fact("l_flops", "Training compute", "FLOPs", (3.8e25,), FLOPS, "Llama 3 paper: 3.8E+25"),
                Fact("l_hours", "H100 GPU-hours", "GPU-hours", (30.84e6,), WHOLE, "Llama 3.1 model card: 30.84M"),
                Fact("l_peak", "Peak of the H100 (dense BF16)", "TFLOP/s", (989.4,), ONE, "GPUs sheet: H100-SXM"),
                Calc("l_util", "Utilization implied", "share of peak", pl.implied_utilization, ("l_flops", "l_hours", "l_peak"),
                     PERCENT, ("LLM_UTILIZATION", ("l_flops", "l_hours", "l_peak")), "paper: 38%-43% in steady state"),
            )),
            Block("budget_serving", "8. Serving after training (add-in)", ("Result",), (
                Input("s_tpd", "Tokens generated per day", "tokens per day", (1e9,), TOKENS_B, "positive",
                      "Tokens all users get from the model in a day, e.g. 1E9 for a billion.", "Budget_ServeTokensPerDay", "your plan"),
                Input("s_context", "Context per sequence", "tokens", (8192,), WHOLE, "whole",
                      "Tokens of prompt and answer held per sequence (its KV cache).", "Budget_ServeContext", "your plan"),
                Input("s_batch", "Sequences served at once", "sequences", (32,), WHOLE, "whole",
                      "Sequences decoded together on one replica.", "Budget_ServeBatch", "your plan"),
                Input("s_bw", "Share of memory bandwidth decoding reaches", "share of peak", (0.6,), SHARE, "fraction",
                      "Decoding reads all weights and the KV cache each step; it reaches only part of the peak bandwidth.",
                      "Budget_ServeBandwidthShare", "LLM_SERVE_GPUS default"),
                Calc("s_gpus", "GPUs to serve (whole)", "GPUs", xl.LLM_SERVE_GPUS, SERVE_ARGS + (Text("gpus"),), WHOLE,
                     ("LLM_SERVE_GPUS", SERVE_ARGS + (Text("gpus"),)), "memory or bandwidth, the larger", strong=True),
                Calc("s_replicas", "Model replicas", "replicas", xl.LLM_SERVE_GPUS, SERVE_ARGS + (Text("replicas"),), WHOLE,
                     ("LLM_SERVE_GPUS", SERVE_ARGS + (Text("replicas"),)), "daily tokens / replica throughput"),
                Calc("s_per", "GPUs per replica", "GPUs", xl.LLM_SERVE_GPUS, SERVE_ARGS + (Text("gpus_per_replica"),), WHOLE,
                     ("LLM_SERVE_GPUS", SERVE_ARGS + (Text("gpus_per_replica"),)), "weights + KV cache / GPU memory"),
                Calc("s_tps", "Tokens per second per replica", "tokens/s", xl.LLM_SERVE_GPUS, SERVE_ARGS + (Text("tokens_per_s"),), WHOLE,
                     ("LLM_SERVE_GPUS", SERVE_ARGS + (Text("tokens_per_s"),)), "Pope et al. 2022: bandwidth-bound"),
                Calc("s_month", "Monthly rental cost of serving", "$ per month", xl.LLM_MONTHLY_COST, ("s_gpus", "price_hour@1"), MONEY,
                     ("LLM_MONTHLY_COST", ("s_gpus", "price_hour@1")), "GPUs × 730.5 h × base rental price", strong=True),
            ), only="addin"),
        ),
    )),
), widths={"A": 34, "B": 12, "C": 11, "D": 11, "E": 11, "F": 30, "G": 2,
           "H": 36, "I": 13, "J": 12, "K": 12, "L": 12, "M": 30},
    subtitle="A one-page training plan: type over the yellow cells on the left; every result on the right names "
             "its formula and source (§ = section of the article).")


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
            intro="Dense peaks (2:4 sparsity not counted). An empty cell: not published. No price is built into "
                  "any formula: prices are the yellow cells of the Budget sheet.",
            translated={"verification": {}}),
), subtitle="The GPUs the other sheets can look up, with the source and date of every figure.")


from .modern import CATALOG, MEMORY, MODERN  # noqa: E402  (the model sheets, which use the formats above)

from .throughput import sheet as _throughput  # noqa: E402

THROUGHPUT = _throughput()
from .finance import CASHFLOW, SENSITIVITY  # noqa: E402  (the finance sheets, which read the Budget sheet)

SHEETS = (README, GPT3, LLAMA, MODERN, MEMORY, BUDGET, CASHFLOW, SENSITIVITY, GPUS, CATALOG, THROUGHPUT)
