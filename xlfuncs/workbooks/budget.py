"""The Budget sheet, described as data: a training plan a finance team can defend.

Printed on two upright A3 pages: the inputs (checks at the top, the run, the uncertain
inputs as a best, base and worst case, the factors, the program around the final run), then
the results (the constants, model and compute, what follows the GPU, goodput from the
cluster; time, GPUs, renting, buying, the program and its serving for each case; a chart).
Published runs recomputed with the same formulas have a sheet of their own.

Prices, power and goodput follow the GPU and the cluster unless an override is typed: an
empty override cell uses the GPUs sheet (board power, the price table), a typed one is
used and a check turns red. Every formula is a function of the core (``formulas``,
``planner``, ``money``) whose docstring states it, its source and its Excel spelling.
"""

from __future__ import annotations

from .. import excel as xl
from .. import formulas as f
from .. import money
from .. import planner as pl
from .cells import Bars, Block, Calc, Check, Data, Fact, Input, Panels, Records, Subhead, Text, gpu_field, given_or, price_field
from .sheets import BILLIONS, FLAG, FLAG_PROMPT, FLOPS, GPU_PROMPT, MONEY, ONE, PERCENT, PRICE, SHARE, TEXT, TWO, WHOLE, lookup

CASES = ("Best", "Base", "Worst")
TOKENS_B = '#,##0,,," B"'
CUR = "{currency}"
EXAMPLE = "Example value, not a quote: type your own."
GOODPUT_PROMPT = ("Empty: the cluster's goodput below (Llama 3's interruption rate, Young/Daly checkpoints). "
                  "Or type a share above 0 and at most 1 of wall-clock time that trains usefully.")
MFU_PROMPT = ("Model FLOPs utilization: 6·P·T FLOPs per second over the GPUs' dense peak, as papers publish it "
              "(Llama 3 405B: 38-43%). Above 0 and at most 1.")
OVERRIDE = "Empty: the price table on the Prices sheet. Type a price to use yours instead; a check turns red."

# LLM_CLUSTER(config, tokens, days, gpu, setup, field, utilization, goodput, gpus_per_node): the
# default setup (""), the base case's utilization and goodput.
CLUSTER_ARGS = ("arch", "tokens", "deadline", "gpu", Text(""))
CLUSTER_REST = ("util@1", "goodput@1", "per_node")


def price(key, label, field_name, note):
    """A figure of the chosen GPU's row in the price table (US dollars)."""
    return Calc(key, label, "US$", price_field, ("gpu", Text(field_name)), PRICE, note=note)


def cluster(key, label, unit, field_name, fmt, note, strong=False):
    args = CLUSTER_ARGS + (Text(field_name),) + CLUSTER_REST
    return Calc(key, label, unit, xl.LLM_CLUSTER, args, fmt, ("LLM_CLUSTER", args), note, strong=strong)


CHECKS = Block("budget_flags", "Checks of the plan (base case)", ("Check",), (
    Check("ck_time", "Calendar time within the deadline", "TRUE/FALSE", pl.at_most,
          ("days@1", "deadline"), FLAG, note="calendar days ≤ deadline; FALSE: more GPUs, or a later deadline"),
    Check("ck_hold", "The chosen GPUs hold the model states", "TRUE/FALSE", pl.at_least, ("gpus", "hold@1"), FLAG,
          note="GPUs n ≥ GPUs to hold the model; FALSE: more GPUs, or fewer bytes per parameter"),
    Check("ck_breakeven", "Buying pays back within the hardware's lifetime", "TRUE/FALSE", pl.within_years,
          ("breakeven@1", "lifetime"), FLAG, note="break-even month ≤ 12 × lifetime; FALSE: renting costs less"),
    Check("ck_order", "Best ≤ base ≤ worst, in time and in cost", "TRUE/FALSE", pl.cases_in_order,
          ("days@0", "days@1", "days@2", "final@0", "final@1", "final@2"), FLAG,
          note="calendar days and final-run cost; FALSE: a case's inputs are out of order"),
    Check("ck_power", "Power per GPU is the GPU's own", "TRUE/FALSE", pl.same_value, ("power", "tdp"), FLAG,
          note="GPUs sheet; FALSE: an override is typed in power per GPU"),
    Check("ck_rent", "Rental prices are the price table's", "TRUE/FALSE", pl.same_values,
          ("price_hour@0", "price_hour@1", "price_hour@2", "price_hour_def@0", "price_hour_def@1", "price_hour_def@2"),
          FLAG, note="Prices sheet; FALSE: an override is typed: is it for this GPU?"),
    Check("ck_buy", "Purchase prices are the price table's", "TRUE/FALSE", pl.same_values,
          ("price_gpu@0", "price_gpu@1", "price_gpu@2", "price_gpu_def@0", "price_gpu_def@1", "price_gpu_def@2"),
          FLAG, note="Prices sheet; FALSE: an override is typed: is it for this GPU?"),
    Check("ck_known", "A price and a power are known for the GPU", "TRUE/FALSE", pl.known,
          ("price_hour@0", "price_hour@1", "price_hour@2", "price_gpu@0", "price_gpu@1", "price_gpu@2", "power"), FLAG,
          note="FALSE: the GPU has no price row or no power: type the overrides"),
    Check("failing", "Checks failing", "checks", pl.failing,
          ("ck_time", "ck_hold", "ck_breakeven", "ck_order", "ck_power", "ck_rent", "ck_buy", "ck_known"), WHOLE,
          note="how many of the eight above are FALSE", strong=True, name="Budget_ChecksFailing"),
))

RUN = Block("budget_in", "1. The training run", ("Input",), (
    Input("params_in", "Model size (empty: from layers and hidden size)", "parameters", (70e9,), BILLIONS, "optional",
          "Parameters, e.g. 70E9 for 70 billion. Leave empty to use layers, hidden size and vocabulary below.", "Budget_Params"),
    Input("layers", "Layers L (if model size is empty)", "layers", (80,), WHOLE, "whole", "Transformer layers.", "Budget_Layers"),
    Input("hidden", "Hidden size h (if model size is empty)", "width", (8192,), WHOLE, "whole", "Width of the model.", "Budget_Hidden"),
    Input("vocab", "Vocabulary V (if model size is empty)", "tokens", (32000,), WHOLE, "whole", "Vocabulary size.", "Budget_Vocab"),
    Input("tokens_in", "Training tokens (empty: per parameter below)", "tokens", (None,), TOKENS_B, "optional",
          "Training tokens, e.g. 15E12 for 15 trillion. Leave empty for tokens per parameter × model size.", "Budget_Tokens"),
    Input("tpp", "Tokens per parameter (if tokens is empty)", "per parameter", (20,), ONE, "positive",
          "20 is compute-optimal (Hoffmann et al. 2022); GPT-3 used about 2.", "Budget_TokensPerParam", "Hoffmann et al. 2022: 20"),
    Input("gpu", "GPU type", "", ("H100-SXM",), TEXT, "gpu", GPU_PROMPT + " Its power and prices follow it.", "Budget_GPU",
          "GPUs sheet"),
    Input("gpus", "GPUs n", "GPUs", (1024,), WHOLE, "whole", "Number of GPUs training together.", "Budget_GPUs"),
    Input("per_node", "GPUs per node", "GPUs", (8,), WHOLE, "whole",
          "GPUs in one server; GPUs are bought as whole servers.", "Budget_GPUsPerNode", "HGX/DGX servers: 8"),
    Input("spares", "Spare GPUs, share of those needed", "share", (0.02,), PERCENT, "nonnegative",
          "Extra GPUs bought to replace failed ones without waiting, e.g. 0.02 for 2%.", "Budget_Spares", "example"),
    Input("recompute", "Activation recomputation", "TRUE/FALSE", (True,), FLAG, "flag", FLAG_PROMPT, "Budget_Recompute",
          "§2: 8·P·T with, 6·P·T without"),
    Input("deadline", "Deadline", "calendar days", (30,), WHOLE, "positive",
          "Calendar days the training must finish in, time lost to failures included.", "Budget_Deadline"),
    Input("infer_bytes", "Bytes per parameter to serve the model", "bytes", (2,), WHOLE, "positive",
          "2 for bf16/fp16, 1 for int8/fp8, 4 for fp32.", "Budget_ServeBytes", "§5: bf16 2, fp32 4"),
))

UNCERTAIN = Block("budget_cases", "2. Uncertain inputs: best, base and worst case", CASES, (
    Input("mfu", "Model FLOPs utilization (MFU)", "share of peak", (0.45, 0.38, 0.30), SHARE, "fraction", MFU_PROMPT,
          "Budget_Utilization", "Llama 3 405B: 38%-43% (Dubey et al. 2024)"),
    Input("goodput_in", "Goodput g (empty: from the cluster)", "share of time", (None, None, None), SHARE, "optional",
          GOODPUT_PROMPT, "Budget_Goodput", "empty: Llama 3 interruptions, Young/Daly"),
    Input("bytes", "Training memory per parameter", "bytes", (16, 18, 20), WHOLE, "positive",
          "Bytes per parameter for weights, gradients and Adam states: 16 (ZeRO paper), 18 (Megatron-LM), 20 (the article §6).",
          "Budget_BytesPerParam", "ZeRO 16; Megatron-LM 18; §6 20"),
    Fact("position", "Place in the price table's range", "0 low, 1 high", (0, 0.5, 1), TWO,
         "best: low; base: midpoint; worst: high"),
    Input("price_hour_in", "Rental price per GPU-hour (empty: table)", CUR + " per GPU-hour", (None, None, None), PRICE,
          "optional", OVERRIDE, "Budget_PricePerGPUHour", "override; empty: the price table"),
    Input("price_gpu_in", "Purchase price per GPU (empty: table)", CUR + " per GPU", (None, None, None), MONEY,
          "optional", OVERRIDE + " The GPU alone, without its server.", "Budget_PricePerGPU", "override; empty: the price table"),
), intro="Best case: the inputs that give the least time and cost; worst case: the most.")

FACTORS = Block("budget_factors", "3. Factors, each with its source", ("Input",), (
    Input("currency", "Currency of every amount", "", ("USD",), TEXT, "text",
          "The code or sign your prices are in (USD, EUR, CNY, $); every money label shows it.",
          "Budget_Currency", "your prices"),
    Input("fx", "Exchange rate: currency units per US dollar", "per US$", (1.0,), "0.0000", "positive",
          "The price table is in US dollars; its prices are multiplied by this rate. 1 for US dollars.",
          "Budget_ExchangeRate", "1: the Budget in US dollars"),
    Input("power_in", "Power per GPU (empty: the GPU's)", "W", (None,), WHOLE, "optional",
          "Empty: the board power of the GPU on the GPUs sheet (H100-SXM 700 W, B200 1,000 W). Type watts to override.",
          "Budget_PowerW", "override; empty: GPUs sheet"),
    Input("server_factor", "Server power per GPU power", "ratio", (1.82,), TWO, "positive",
          "A server draws more than its GPUs (CPUs, memory, network): NVIDIA DGX H100 10.2 kW for 8 GPUs of 0.7 kW = 1.82.",
          "Budget_ServerPowerFactor", "DGX H100: 10.2 kW / 8 / 0.7 kW; Epoch AI ~1.8"),
    Input("pue", "PUE of the data centre", "ratio", (1.25,), TWO, "positive",
          "Power usage effectiveness: total facility power / IT power, 1 or more; hyperscalers about 1.1.",
          "Budget_PUE", "Epoch AI 1.25; hyperscalers ~1.1"),
    Input("price_kwh", "Electricity price", CUR + " per kWh", (0.08,), PRICE, "nonnegative",
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
    Input("colocation", "Colocation, per kW of IT load", CUR + " per kW-month", (184.06,), PRICE, "nonnegative",
          "Rent of data-centre space and cooling per kW of IT load per month; 0 in your own building (then PUE and electricity carry it).",
          "Budget_ColocationPerKWMonth", "CBRE H2 2024: US average $184.06 (2025-02-26)"),
    Input("support", "Support and maintenance, share of capex", "per year", (0.05,), PERCENT, "nonnegative",
          "Yearly hardware support contract as a share of the installed price, e.g. 0.05 for 5%. " + EXAMPLE,
          "Budget_SupportShare", "example"),
    Input("residual", "Residual value at the end of the lifetime", "share of price", (0.0,), PERCENT, "nonnegative",
          "Share of the installed price the hardware still fetches when written off (0: none, as Epoch AI).",
          "Budget_ResidualValue", "0 as Epoch AI"),
    Input("ckpt_min", "Time to write a checkpoint", "minutes", (1.0,), ONE, "nonnegative",
          "Minutes training pauses to save a checkpoint (asynchronous saving: under 1).", "Budget_CheckpointMinutes",
          "example; measure yours"),
    Input("restart_min", "Time to restart after an interruption", "minutes", (10.0,), ONE, "nonnegative",
          "Minutes from a failure to training again, reloading the last checkpoint included.", "Budget_RestartMinutes",
          "example; measure yours"),
    Input("lambda_in", "Interruptions per GPU-day (empty: Llama 3)", "per GPU-day", (None,), "0.000000", "optional",
          "Empty: the rate of Llama 3 405B's run (constants below). Type your cluster's rate to override.",
          "Budget_InterruptionsPerGPUDay", "override; empty: Llama 3"),
))

PROGRAM_IN = Block("budget_program_in", "4. The program around the final run", ("Input",), (
    Input("experiments", "Experiments, ablations, failed runs", "× final run", (1.0,), TWO, "nonnegative",
          "Compute before the final run, as a multiple of it: 1 = as much again. " + EXAMPLE, "Budget_Experiments",
          "example; Epoch AI: final runs ~10% of OpenAI's 2024 R&D compute"),
    Input("evaluation", "Evaluation", "share of final run", (0.05,), PERCENT, "nonnegative",
          "Compute for evaluations, as a share of the final run. " + EXAMPLE, "Budget_EvaluationShare", "example"),
    Input("post_training", "Context extension and post-training", "share of final run", (0.047,), PERCENT, "nonnegative",
          "Compute after pre-training, as a share of it; DeepSeek-V3: 119K + 5K of 2,664K GPU-hours.",
          "Budget_PostTrainingShare", "DeepSeek-V3 report, Table 1: 124K / 2,664K"),
    Input("fte", "Staff", "full-time people", (20,), WHOLE, "nonnegative",
          "People working on the program full time. " + EXAMPLE, "Budget_StaffFTE", "example"),
    Input("staff_cost", "Loaded cost per person", CUR + " per year", (300000,), MONEY, "nonnegative",
          "Salary, benefits and overhead of one person for a year. " + EXAMPLE, "Budget_StaffCostPerYear", "example"),
    Input("months", "Length of the program", "months", (6,), ONE, "positive",
          "Months of staff and storage the program pays for.", "Budget_ProgramMonths", "example"),
    Input("checkpoints", "Checkpoints kept", "checkpoints", (20,), WHOLE, "nonnegative",
          "Full checkpoints (weights and optimizer states) kept in storage. " + EXAMPLE, "Budget_CheckpointsKept", "example"),
    Input("data_tb", "Training data stored", "TB", (60,), WHOLE, "nonnegative",
          "Terabytes of raw and tokenized data kept (15T tokens at 4 bytes: 60 TB).", "Budget_DataTB", "example: 15T × 4 bytes"),
    Input("storage_price", "Storage price", CUR + " per TB-month", (23,), PRICE, "nonnegative",
          "Price of one terabyte stored for a month; AWS S3 Standard: $0.023 per GB-month.", "Budget_StoragePricePerTBMonth",
          "AWS S3 Standard, first 50 TB: $0.023/GB-month"),
    Input("networking", "Networking and data egress", CUR, (0,), MONEY, "nonnegative",
          "Egress, inter-site links and data transfer for the program, in total. " + EXAMPLE, "Budget_Networking", "example"),
    Input("contingency", "Contingency", "share", (0.10,), PERCENT, "nonnegative",
          "Allowance for what the plan leaves out, as a share of everything above. " + EXAMPLE, "Budget_Contingency", "example"),
    Input("serving_months", "Serving after training", "months", (12,), ONE, "nonnegative",
          "Months the trained model is served, at the Serving sheet's monthly cost; 0 for none. " + EXAMPLE,
          "Budget_ServingMonths", "example: a year; Serving sheet"),
))

CONSTANTS = Block("budget_constants", "5. Constants, each with its source", ("Value",), (
    Fact("hours_year", "Hours in a year", "hours", (money.HOURS_PER_YEAR,), WHOLE, "365.25 days × 24"),
    Fact("ckpt_bytes", "Checkpoint bytes per parameter", "bytes", (14,), WHOLE,
         "bf16 weights 2 + fp32 master and Adam 12 (ZeRO paper)"),
    Fact("l3_interruptions", "Llama 3 405B: unexpected interruptions", "interruptions", (419,), WHOLE,
         "Dubey et al. 2024, Table 5"),
    Fact("l3_days", "Llama 3 405B: days observed", "days", (54,), WHOLE, "Dubey et al. 2024, §3.3.4"),
    Fact("l3_gpus", "Llama 3 405B: GPUs", "GPUs", (16384,), WHOLE, "Dubey et al. 2024, §3.3.4"),
))

CLUSTER = Block("budget_cluster", "Recommended cluster (add-in, the model's own architecture)", ("Result",), (
    Input("arch", "Model architecture (catalog name)", "", ("Llama-3-70B",), TEXT, "text",
          "A model of the xlfuncs catalog (LLM_MODEL), e.g. Llama-3-70B, GPT-3 175B, Mixtral-8x7B: its layers, "
          "heads and widths set the memory per GPU and the valid splits.", "Budget_Model", "xlfuncs model catalog"),
    cluster("c_nodes", "Nodes to buy (whole)", "nodes", "nodes", WHOLE, "meets the deadline and holds the model", True),
    cluster("c_gpus", "GPUs in those nodes", "GPUs", "gpus", WHOLE, "nodes × GPUs per node"),
    cluster("c_tp", "Split: tensor parallel", "GPUs", "tp", WHOLE, "inside a node; divides the heads"),
    cluster("c_pp", "Split: pipeline stages", "stages", "pp", WHOLE, "at most one per layer"),
    cluster("c_dp", "Split: data-parallel replicas", "replicas", "dp", WHOLE, "tp × pp × dp = GPUs"),
    cluster("c_mem", "Memory on the busiest GPU", "GB", "mem_gb", ONE, "states + activations (Korthikanti 2022)"),
    cluster("c_compute", "Nodes the deadline needs", "nodes", "compute_nodes", WHOLE, "§4 with the model's exact FLOPs"),
    cluster("c_memory", "Nodes the memory needs", "nodes", "memory_nodes", WHOLE, "smallest split that fits"),
    cluster("c_binding", "Which one sets the size", "", "binding", TEXT, "compute or memory", True),
    cluster("c_days", "Calendar time on this cluster", "days", "days", ONE, "base case u and g"),
    Calc("c_mfu", "Predicted MFU of the model on such a cluster", "share of peak", xl.LLM_CLUSTER,
         CLUSTER_ARGS + (Text("mfu"), Text("predicted"), "goodput@1", "per_node"), PERCENT,
         ("LLM_CLUSTER", CLUSTER_ARGS + (Text("mfu"), Text("predicted"), "goodput@1", "per_node")),
         "step-time model: type it as the base MFU", strong=True),
), only="addin")

MODEL = Block("budget_model", "6. Model, compute, and what follows the GPU", ("Result",), (
    Calc("p_shape", "Parameters from layers and hidden size", "parameters", f.params_exact, ("layers", "hidden", "vocab"),
         BILLIONS, ("LLM_PARAMS", ("layers", "hidden", "vocab")), "§1: L·(12h²+13h)+V·h"),
    Calc("params", "Parameters P", "parameters", given_or, ("params_in", "p_shape"), BILLIONS,
         note="model size if given, else the line above", strong=True),
    Calc("tokens_pp", "Tokens at tokens per parameter", "tokens", f.optimal_tokens, ("params", "tpp"), TOKENS_B,
         ("LLM_OPTIMAL_TOKENS", ("params", "tpp")), "tokens per parameter × P"),
    Calc("tokens", "Training tokens T", "tokens", given_or, ("tokens_in", "tokens_pp"), TOKENS_B,
         note="tokens if given, else the line above", strong=True),
    Calc("flops", "Training compute C, as the GPUs run it", "FLOPs", f.train_flops, ("params", "tokens", "recompute"), FLOPS,
         ("LLM_TRAIN_FLOPS", ("params", "tokens", "recompute")), "§2: 8·P·T with recomputation, else 6·P·T"),
    lookup("peak", "Peak of the GPU type X (dense BF16/FP16)", "TFLOP/s", "gpu", "tflops", ONE, "GPUs sheet"),
    lookup("mem", "Memory per GPU", "GB", "gpu", "memory_gb", WHOLE, "GPUs sheet"),
    Calc("infer_mem", "Memory to serve the model", "GB", f.infer_memory_gb, ("params", "infer_bytes"), WHOLE,
         ("LLM_INFER_MEM", ("params", "infer_bytes")), "§5: 1.2 × P × bytes"),
    Subhead("h_follow", "What follows the GPU (GPUs and Prices sheets)"),
    lookup("tdp", "Board power of the GPU", "W", "gpu", "tdp_w", WHOLE, "GPUs sheet"),
    Calc("power", "Power per GPU used", "W", given_or, ("power_in", "tdp"), WHOLE,
         note="the override if typed, else the board power", strong=True),
    price("rent_low", "Rental price, low", "rent_low", "Prices sheet"),
    price("rent_high", "Rental price, high", "rent_high", "Prices sheet"),
    price("buy_low", "Purchase price, low", "buy_low", "Prices sheet"),
    price("buy_high", "Purchase price, high", "buy_high", "Prices sheet"),
    Subhead("h_goodput", "Goodput from the cluster (Young/Daly)"),
    Calc("l3_rate", "Interruptions per GPU-day, Llama 3 405B", "per GPU-day", money.interruption_rate,
         ("l3_interruptions", "l3_days", "l3_gpus"), "0.000000", note="419 / (54 days × 16,384 GPUs)"),
    Calc("lambda", "Interruptions per GPU-day used", "per GPU-day", given_or, ("lambda_in", "l3_rate"), "0.000000",
         note="the override if typed, else the line above"),
    Calc("mtbf", "Time between interruptions of n GPUs", "minutes", money.mtbf_minutes, ("gpus", "lambda"), WHOLE,
         note="1440 / (n × rate)"),
    Calc("interval", "Checkpoint interval", "minutes", money.young_daly_minutes, ("ckpt_min", "mtbf"), ONE,
         note="Young 1974: √(2 × checkpoint time × MTBF)"),
    Calc("g_cluster", "Goodput of the cluster", "share of time", money.goodput_share,
         ("ckpt_min", "interval", "restart_min", "mtbf"), PERCENT,
         ("LLM_GOODPUT", ("gpus", "ckpt_min", "restart_min", "lambda")),
         "1 − δ/τ − (τ/2 + restart)/MTBF (Daly 2006)", strong=True),
    Subhead("h_own", "Owning, per GPU"),
    Calc("crf", "Capital recovery factor", "per year", money.capital_recovery_factor, ("cost_of_capital", "lifetime"), "0.00000",
         ("LLM_CAPITAL_RECOVERY", ("cost_of_capital", "lifetime")), "r/(1−(1+r)^−L); 1/L at r = 0"),
    Calc("kw_it", "IT load per GPU with its server", "kW", money.it_kw_per_gpu, ("power", "server_factor"), "0.000",
         note="W / 1000 × server factor"),
    Subhead("h_program", "The program besides compute"),
    Calc("staff", "Staff", CUR, money.staff_cost, ("fte", "staff_cost", "months"), MONEY,
         note="people × loaded cost × months / 12"),
    Calc("storage", "Storage", CUR, money.storage_cost,
         ("params", "ckpt_bytes", "checkpoints", "data_tb", "storage_price", "months"), MONEY,
         note="(P·14 B·checkpoints + data)·price·months"),
))

PLAN = Block("budget_plan", "7. Time, GPUs and cost: best, base and worst case", CASES, (
    Subhead("h_used", "Utilization, goodput and prices used"),
    Calc("util", "Hardware FLOPs utilization (HFU) u", "share of peak", pl.hardware_utilization, ("mfu", "recompute"), SHARE,
         note="MFU × 8/6 with recomputation"),
    Calc("goodput", "Goodput g used", "share of time", given_or, ("goodput_in", "g_cluster"), SHARE,
         note="the override if typed, else the cluster's"),
    Calc("price_hour_def", "Rental price from the table", CUR + " per GPU-hour", money.case_price,
         ("rent_low", "rent_high", "position", "fx"), PRICE, note="(low + (high − low) × place) × rate"),
    Calc("price_hour", "Rental price per GPU-hour used", CUR + " per GPU-hour", given_or, ("price_hour_in", "price_hour_def"),
         PRICE, note="the override if typed, else the line above"),
    Calc("price_gpu_def", "Purchase price from the table", CUR + " per GPU", money.case_price,
         ("buy_low", "buy_high", "position", "fx"), MONEY, note="(low + (high − low) × place) × rate"),
    Calc("price_gpu", "Purchase price per GPU used", CUR + " per GPU", given_or, ("price_gpu_in", "price_gpu_def"), MONEY,
         note="the override if typed, else the line above"),
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
    Calc("buy", "GPUs to buy: whole nodes with spares", "GPUs", pl.whole_nodes, ("need", "hold", "per_node", "spares"), WHOLE,
         note="max(the two) × (1 + spares), whole nodes", strong=True),
    Subhead("h_rent", "Rent"),
    Calc("rent", "Rental cost of the run", CUR, f.cost, ("hours", "price_hour"), MONEY,
         ("LLM_TRAIN_COST", ("params", "tokens", "peak", "price_hour", "util", "recompute", "goodput")),
         "GPU-hours × rental price", strong=True, name="Budget_RentCost@1"),
    Subhead("h_buy", "Buy"),
    Calc("all_in", "Price per GPU with server and network", CUR + " per GPU", pl.all_in_gpu_price,
         ("price_gpu", "server_overhead", "network_overhead"), MONEY, note="price × the two overheads"),
    Calc("capex", "Up-front purchase of the GPUs to buy", CUR, f.purchase_cost, ("buy", "all_in"), MONEY,
         note="GPUs to buy × the line above", strong=True, name="Budget_Upfront@1"),
    Calc("hw_hour", "Hardware cost per busy GPU-hour", CUR + " per GPU-hour", money.busy_hour_hardware,
         ("all_in", "residual", "crf", "cost_of_capital", "usage", "hours_year"), PRICE,
         ("LLM_OWN_HOUR_COST", ("all_in", "cost_of_capital", "lifetime", "usage", "residual")),
         "((P − S·P)·CRF + S·P·r)/(8766 h·u)"),
    Calc("amortized", "Hardware cost of this run", CUR, f.cost, ("hours", "hw_hour"), MONEY,
         note="GPU-hours × the line above"),
    Calc("fixed_hour", "Colocation and support per busy GPU-hour", CUR + " per GPU-hour", money.fixed_cost_per_hour,
         ("kw_it", "colocation", "all_in", "support", "usage", "hours_year"), PRICE,
         note="(kW·colocation·12 + support·P)/(8766 h·u)"),
    Calc("fixed", "Colocation and support for this run", CUR, f.cost, ("hours", "fixed_hour"), MONEY,
         note="GPU-hours × the line above"),
    Subhead("h_energy", "Energy"),
    Calc("kwh", "Energy of the run", "kWh", f.energy_kwh, ("hours", "power", "pue", "server_factor"), WHOLE,
         ("LLM_ENERGY_KWH", ("hours", "power", "pue", "server_factor")), "GPU-hours × kW × server × PUE",
         name="Budget_EnergyKWh@1"),
    Calc("kwh_cost", "Energy cost", CUR, f.cost, ("kwh", "price_kwh"), MONEY, note="kWh × electricity price"),
    Calc("co2", "Emissions", "t CO2e", pl.co2_tonnes, ("kwh", "grid"), WHOLE,
         ("LLM_CO2_TONNES", ("kwh", "grid")), "kWh × grid intensity"),
    Subhead("h_compare", "Rent or buy"),
    Calc("own", "Cost of this run if bought", CUR, money.own_run_cost, ("amortized", "fixed", "kwh_cost"), MONEY,
         note="hardware + colocation and support + energy", strong=True, name="Budget_BuyCost@1"),
    Calc("rent_mtok", "Rental cost per million tokens", CUR + " per M tokens", pl.cost_per_million_tokens, ("rent", "tokens"),
         PRICE, ("LLM_COST_PER_MTOK", ("rent", "tokens")), "rental cost / T × 1E+6"),
    Calc("own_mtok", "Cost if bought per million tokens", CUR + " per M tokens", pl.cost_per_million_tokens, ("own", "tokens"),
         PRICE, ("LLM_COST_PER_MTOK", ("own", "tokens")), "cost if bought / T × 1E+6"),
    Calc("running", "Electricity per owned GPU-hour", CUR + " per GPU-hour", pl.running_cost_per_gpu_hour,
         ("power", "price_kwh", "pue", "server_factor"), PRICE, note="kW × server × PUE × price"),
    Calc("fixed_month", "Colocation and support per GPU", CUR + " per month", money.fixed_cost_per_month,
         ("kw_it", "colocation", "all_in", "support"), MONEY, note="kW × colocation + support × P / 12"),
    Calc("breakeven", "Break-even: buying beats renting after", "months", money.breakeven_months,
         ("all_in", "price_hour", "running", "fixed_month", "cost_of_capital", "usage", "hours_year", "residual", "lifetime"),
         ONE, note="NPER: the monthly saving repays P less its residual value", strong=True),
    Subhead("h_program_cost", "The program"),
    Calc("final", "Final run, the cheaper of rent and buy", CUR, money.cheaper, ("rent", "own"), MONEY,
         note="the lower of the two"),
    Calc("program", "Program cost", CUR, money.program_cost,
         ("final", "experiments", "evaluation", "post_training", "staff", "storage", "networking", "contingency"), MONEY,
         note="(F·(1+x+e+p)+staff+storage+net)·(1+c)", strong=True, name="Budget_ProgramCost@1"),
    Calc("serving_cost", "Serving after training", CUR, money.serving_cost, ("serving_months", "serving.monthly"), MONEY,
         note="months × the Serving sheet's monthly cost", name="Budget_ServingCost@1"),
    Calc("program_serving", "Program cost with serving", CUR, money.with_serving, ("program", "serving_cost"), MONEY,
         note="program cost + serving", strong=True, name="Budget_ProgramWithServing@1"),
), intro="MFU counts the model's 6·P·T FLOPs, as papers publish it; with recomputation the GPUs also rerun the forward pass, so the share of peak they are busy (HFU) is MFU × 8/6.")

PUBLISHED = Block("budget_checks", "Published runs, recomputed with the same formulas", ("Value",), (
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
    Fact("d_price", "Rental price assumed", "US$ per GPU-hour", (2.0,), PRICE, "DeepSeek-V3 report: $2"),
    Calc("d_cost", "Rental cost", "US$", f.cost, ("d_hours", "d_price"), MONEY, note="published: $5.576M"),
    Subhead("h_llama", "Llama 3.1 405B: the utilization it implies (Llama 3 paper)"),
    Fact("l_flops", "Training compute", "FLOPs", (3.8e25,), FLOPS, "Llama 3 paper: 3.8E+25"),
    Fact("l_hours", "H100 GPU-hours", "GPU-hours", (30.84e6,), WHOLE, "Llama 3.1 model card: 30.84M"),
    Fact("l_peak", "Peak of the H100 (dense BF16)", "TFLOP/s", (989.4,), ONE, "GPUs sheet: H100-SXM"),
    Calc("l_util", "Utilization implied", "share of peak", pl.implied_utilization, ("l_flops", "l_hours", "l_peak"),
         PERCENT, ("LLM_UTILIZATION", ("l_flops", "l_hours", "l_peak")), "paper: 38%-43% in steady state"),
))

BUDGET_SHEET_ITEMS = (
    Panels((
        # the add-in's cluster ends the inputs; the constants open the results, so each side
        # prints on one page
        (CHECKS, RUN, UNCERTAIN, FACTORS, PROGRAM_IN, CLUSTER),
        (CONSTANTS, MODEL, PLAN,
         Bars("Cost of the run: rent or buy", ("rent", "own"), "millions", '#,##0.0,,',
              rows_tall=9)),
    )),
)


def sheet():
    from .cells import Sheet

    return Sheet("budget", "Budget", BUDGET_SHEET_ITEMS,
                 widths={"A": 36, "B": 15, "C": 14, "D": 14, "E": 14, "F": 31, "G": 2,
                         "H": 36, "I": 15, "J": 14, "K": 14, "L": 14, "M": 31},
                 subtitle="A training plan: type over the yellow cells on the left; every result on the right names "
                          "its formula and source (§ = section of the article).",
                 print_scale=90, column_breaks=("H",), portrait=True, paper="A3", row_height=12.75, print_to="M")


def published_sheet():
    from .cells import Sheet

    return Sheet("published", "Published runs", (PUBLISHED,), widths={"A": 44, "B": 18, "C": 16, "D": 40},
                 subtitle="Published training runs recomputed with the Budget's formulas, against the figures "
                          "their authors published.")


def price_records():
    """The price table (``catalogs/prices.json``) as records of the GPUs sheet."""
    return tuple({"p_gpu": r["gpu"], "buy_low": r["buy_low"], "buy_high": r["buy_high"], "rent_low": r["rent_low"],
                  "rent_high": r["rent_high"], "buy_source": r["buy_source"], "buy_date": r["buy_date"],
                  "rent_source": r["rent_source"], "rent_date": r["rent_date"]}
                 for r in money.price_table().values())


PRICE_FIELDS = (
    ("p_gpu", "GPU", TEXT, 12),
    ("buy_low", "Purchase, low (US$)", MONEY, 10),
    ("buy_high", "Purchase, high (US$)", MONEY, 10),
    ("rent_low", "Rental per GPU-hour, low (US$)", PRICE, 11),
    ("rent_high", "Rental per GPU-hour, high (US$)", PRICE, 11),
    ("buy_date", "Purchase: dated", TEXT, 11),
    ("rent_date", "Rental: dated", TEXT, 11),
    ("buy_source", "Purchase: source", TEXT, 40),
    ("rent_source", "Rental: source", TEXT, 50),
)


def prices_sheet():
    from .cells import Sheet

    return Sheet("prices", "Prices", (
        Records("price_table", "Price table in US dollars: the Budget sheet uses it unless its override cells are filled",
                PRICE_FIELDS, price_records(),
                intro="Purchase: the GPU alone, without its server. Rental: on-demand cloud, per GPU-hour. "
                      "\"example\": no published source; type your own quotes on the Budget sheet.",
                translated={"buy_source": {}, "rent_source": {}}),
    ), subtitle="Prices per GPU, low and high, each with its source and date; prices move fast: replace them with quotes.")
