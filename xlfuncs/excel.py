"""The LLM_* Excel functions: names, argument docs and bodies. No math here.

Each function is registered with xlwings (classic add-in on Windows, Office.js through
xlwings Lite or Server) and is also a plain Python function. Its body composes the
formulas of ``formulas.py``, ``planner.py``, ``architectures.py`` and ``memory.py``;
:func:`ranges.cellwise` reads the cells (with the readers of ``inputs`` and ``readers``)
and broadcasts ranges. Docstrings are what Excel's Function Wizard shows (at most 255
characters).
"""

from __future__ import annotations

import xlwings as xw

from . import formulas, planner, ranges
from .money import LLAMA3_INTERRUPTIONS_PER_GPU_DAY  # the goodput default, stated in money.py
from .catalogs import gpu as gpu_entry
from .inputs import (COUNT, DAYS, FRACTION, NONNEGATIVE, POSITIVE, WHOLE, InputError, bandwidth_gbs,
                     flag, known, precision_bytes, show, text)
from .readers import (choice, cluster_field, gpu_exposed, gpu_memory, gpu_name, gpu_peak, gpu_power, hf_model,
                      memory_part, model_field, model_name, model_part, recompute_layers, serve_field,
                      setup_or_default, training_setup, step_setup, step_field, best_field,
                      train_time_field, utilization_or_predicted)
from .readers import fitted_or_fraction, plan_field, serve_perf_field, serve_setup, slo_table, traffic_table

# Classic xlwings (Windows COM) writes a raised exception's traceback into the cell, so
# there errors are returned as text; everywhere else they are raised.
ranges.ERRORS_AS_TEXT = getattr(xw.func, "__module__", "") == "xlwings.udfs"
# Office.js (xlwings Lite, xlwings Server) shows a raised error as #VALUE! with its message,
# and real error values (#NUM!) inside a range: see ranges.py.
ranges.OFFICE_JS = getattr(xw.func, "__module__", "").startswith("xlwings.pro")


# One description per argument name, shared by every function that takes it.
ARGS = {
    "params": (COUNT, "Model parameters, e.g. 175E+9 or \"175B\""),
    "tokens": (COUNT, "Training tokens, e.g. 300E+9 or \"300B\""),
    "layers": (POSITIVE, "Transformer layers L"),
    "hidden": (POSITIVE, "Hidden size h"),
    "vocab": (NONNEGATIVE, "Vocabulary size V (default 0: leave the embedding out)"),
    "method": (choice("exact", "approx"), "\"exact\": L(12h²+13h)+Vh (default); \"approx\": 12Lh²"),
    "recompute": (flag, "TRUE (default): 8·P·T FLOPs with activation recomputation; FALSE: 6·P·T"),
    "gpus": (POSITIVE, "Number of GPUs"),
    "days": (DAYS, "Deadline in days (at most 36,500)"),
    "gpu": (gpu_peak, gpu_peak.doc),
    "utilization": (FRACTION, "Share of peak achieved, 0-1 (default 0.45); hardware-FLOPs utilization when recompute is TRUE"),
    "bytes_per_param": (POSITIVE, "Bytes per parameter for weights, gradients and optimizer (default 20: mixed-precision AdamW)"),
    "precision": (precision_bytes, "Bytes per parameter or a name: \"fp32\", \"fp16\", \"bf16\", \"fp8\", \"int8\", \"int4\" (default 2)"),
    "overhead": (NONNEGATIVE, "Extra share for the forward pass (default 0.2)"),
    "memory_gb": (POSITIVE, "Memory to hold, in GB (1E+9 bytes)"),
    "tokens_per_param": (POSITIVE, "Tokens per parameter (default 20, Chinchilla)"),
    "gigabytes": (NONNEGATIVE, "Data to move, in GB"),
    "bandwidth": (bandwidth_gbs, "Link bandwidth: GB/s, or text with a unit such as \"200Gbps\" or \"450GB/s\""),
    "price_per_gpu_hour": (NONNEGATIVE, "Price of one GPU for one hour, in your currency"),
    "gpu_hours": (NONNEGATIVE, "GPU-hours of the run"),
    "power": (gpu_power, gpu_power.doc),
    "pue": (POSITIVE, "Power usage effectiveness of the data centre (default 1: the GPU alone)"),
    "goodput": (FRACTION, "Share of wall-clock time spent on useful training, 0-1 (default 1); failures, restarts and checkpoints lower it"),
    "flops": (COUNT, "Training compute in FLOPs, e.g. 5.76E+23"),
    "budget": (POSITIVE, "Money available for GPU rental, in the price's currency"),
    "price_per_gpu": (NONNEGATIVE, "Purchase price of one GPU, in your currency"),
    "lifetime_years": (POSITIVE, "Years the hardware is written off over (default 3, Epoch AI)"),
    "server_overhead": (POSITIVE, "Server cost as a multiple of its GPUs' cost (default 1.6, Epoch AI)"),
    "network_overhead": (POSITIVE, "Cluster interconnect as a multiple of server cost (default 1.15, Epoch AI)"),
    "server_factor": (POSITIVE, "Server power as a multiple of GPU power (default 1: the GPU alone; Epoch AI uses 1.8)"),
    "kwh": (NONNEGATIVE, "Energy in kWh"),
    "kg_per_kwh": (NONNEGATIVE, "Grid carbon intensity in kg CO2e per kWh"),
    "cost": (NONNEGATIVE, "Cost of the run, in your currency"),
    "purchase_per_gpu": (POSITIVE, "All-in purchase cost of one GPU (with its share of server and network)"),
    "rent_per_gpu_hour": (POSITIVE, "Cloud price of one GPU for one hour"),
    "usage": (FRACTION, "Share of the hours the GPUs are busy, 0-1 (default 1)"),
    "running_per_gpu_hour": (NONNEGATIVE, "Owner's running cost per GPU-hour: power, space, staff (default 0)"),
    "name": (text, "GPU name from the catalog, e.g. \"H100-SXM\""),
    "field": (text, "tflops (default), tflops_fp8, tflops_fp32, memory_gb, bandwidth_gbps, interconnect_gbps, tdp_w, vendor, released, source, verification, date"),
    "config": (hf_model, "Hugging Face config as a two-column key/value range (config.json pasted as rows), or a catalog model name"),
    "setup": (training_setup, "Training setup as a two-column key/value range: micro_batch, seq_len, tp, pp, dp, cp, ep, vp, framework, zero, recompute, precision… (README: Per-GPU memory)"),
    "seq_len": (POSITIVE, "Sequence length in tokens"),
    "causal": (flag, "TRUE: halve the attention-score FLOPs for a causal mask (Megatron-LM); FALSE (default): full score matrix"),
    "batch": (POSITIVE, "Sequences served at once"),
    "context": (COUNT, "Tokens of context per sequence, e.g. 8192 or \"128K\""),
    "part": (model_part, model_part.doc),
    "gpus_per_node": (WHOLE, "GPUs per node; tensor parallelism stays inside one (default 8)"),
    "tokens_per_day": (COUNT, "Tokens generated per day across all users, e.g. \"1B\""),
    "bandwidth_utilization": (FRACTION, "Share of the GPU's memory bandwidth decoding reaches, 0-1 (default 0.6)"),
    "serve": (serve_setup, serve_setup.doc),
    "traffic": (traffic_table, traffic_table.doc),
    "slo": (slo_table, slo_table.doc),
    # The money functions (money.py)
    "checkpoint_minutes": (NONNEGATIVE, "Minutes to write one checkpoint (default 1)"),
    "restart_minutes": (NONNEGATIVE, "Minutes to restart after an interruption (default 10)"),
    "interruptions_per_gpu_day": (POSITIVE, "Interruptions per GPU per day (default: Llama 3 405B, 419 in 54 days on 16,384 GPUs)"),
    "rate": (NONNEGATIVE, "Yearly cost of capital, e.g. 0.1 for 10%"),
    "years": (POSITIVE, "Lifetime in years"),
    "price": (NONNEGATIVE, "Installed price of one GPU (with its share of server and network)"),
    "residual": (NONNEGATIVE, "Residual value at the end of the lifetime, as a share of the price, 0-1 (default 0)"),
}


def udf(vectorize=True, **readers):
    """Register a body as an Excel function: category LLM, every argument documented,
    every argument a 2-D range so that a column stays a column."""

    def decorate(body):
        import inspect

        names = list(inspect.signature(body).parameters)
        table = {n: readers.get(n, ARGS[n][0]) for n in names}
        f = ranges.cellwise(table, vectorize=vectorize)(body)
        for n in reversed(names):
            # err_to_str: an error cell (#N/A) arrives as its text, not as None, which would
            # read as an empty cell and quietly become the default.
            doc = getattr(readers.get(n), "doc", None) or ARGS[n][1]  # an override may say more
            f = xw.arg(n, ndim=2, err_to_str=True, doc=doc)(f)
        return xw.func(category="LLM")(f)

    return decorate


@udf()
def LLM_PARAMS(layers, hidden, vocab=0.0, method="exact"):
    """Trainable parameters of a GPT-style transformer: L·(12h²+13h)+V·h, or 12·L·h² with method "approx" (article §1)."""
    if method == "approx":
        return formulas.params_approx(layers, hidden)
    return formulas.params_exact(layers, hidden, vocab)


@udf()
def LLM_TRAIN_FLOPS(params, tokens, recompute=True):
    """Training compute in FLOPs: 8·P·T with activation recomputation (default), 6·P·T without (article §2)."""
    return formulas.train_flops(params, tokens, recompute)


@udf()
def LLM_TRAIN_DAYS(params, tokens, gpus, gpu, utilization=0.45, recompute=True, goodput=1.0):
    """Days: FLOPs / (GPUs · peak · utilization · goodput) / 86400 (article §3). utilization is HFU with 8·P·T (recompute TRUE), MFU with 6·P·T; LLM_TRAIN_TIME predicts it from the model and the cluster."""
    flops = formulas.train_flops(params, tokens, recompute)
    return formulas.train_days(flops, gpus, gpu, utilization, goodput)


@udf()
def LLM_TRAIN_GPUS(params, tokens, days, gpu, utilization=0.45, recompute=True, goodput=1.0):
    """GPUs for a deadline, fractional: FLOPs / (days·86400 · peak · utilization · goodput) (§4; HFU with 8·P·T, MFU with 6·P·T). ROUNDUP(…,0) to buy; LLM_CLUSTER sizes with the predicted utilization."""
    flops = formulas.train_flops(params, tokens, recompute)
    return formulas.gpus_for_days(flops, days, gpu, utilization, goodput)


@udf()
def LLM_GPU_HOURS(params, tokens, gpu, utilization=0.45, recompute=True, goodput=1.0):
    """GPU-hours of a training run, as paid for: FLOPs / (peak · utilization · goodput) / 3600, whatever the GPU count."""
    return formulas.gpu_hours(formulas.train_flops(params, tokens, recompute), gpu, utilization, goodput)


@udf()
def LLM_TRAIN_COST(params, tokens, gpu, price_per_gpu_hour, utilization=0.45, recompute=True, goodput=1.0):
    """Rental cost of a training run: GPU-hours × price per GPU-hour, in the price's currency."""
    hours = formulas.gpu_hours(formulas.train_flops(params, tokens, recompute), gpu, utilization, goodput)
    return formulas.cost(hours, price_per_gpu_hour)


@udf()
def LLM_ENERGY_KWH(gpu_hours, power, pue=1.0, server_factor=1.0):
    """Energy of a run in kWh: GPU-hours × watts per GPU / 1000 × server factor × PUE (Patterson et al. 2021)."""
    return formulas.energy_kwh(gpu_hours, power, pue, server_factor)


@udf()
def LLM_TRAIN_MEM(params, bytes_per_param=20.0):
    """Memory for training model states in GB: 20 bytes per parameter for mixed-precision AdamW, activations not included (article §6)."""
    return formulas.train_memory_gb(params, bytes_per_param)


@udf()
def LLM_INFER_MEM(params, precision=2.0, overhead=0.2):
    """Memory for inference in GB: (1 + overhead) · parameters · bytes per parameter (article §5)."""
    return formulas.infer_memory_gb(params, precision, overhead)


@udf(gpu=gpu_memory)
def LLM_MIN_GPUS(memory_gb, gpu):
    """Whole GPUs whose memory holds the given GB: ROUNDUP(memory / GPU memory) (article §6: 3500 GB on 80 GB cards → 44)."""
    return formulas.gpus_to_hold(memory_gb, gpu)


@udf()
def LLM_OPTIMAL_TOKENS(params, tokens_per_param=20.0):
    """Compute-optimal training tokens: 20 per parameter (Hoffmann et al. 2022, article §7)."""
    return formulas.optimal_tokens(params, tokens_per_param)


@udf()
def LLM_COMM_SECONDS(gigabytes, bandwidth):
    """Seconds to move data over a link: GB / (GB/s); bandwidth may be text such as "200Gbps" (article §10)."""
    return formulas.comm_seconds(gigabytes, bandwidth)


@udf(vectorize=False)
def LLM_GPU(name, field="tflops"):
    """A value from the GPU catalog: dense BF16/FP16 TFLOP/s by default, or memory_gb, bandwidth_gbps, tdp_w, source…"""
    row = gpu_entry(name, "name")
    key = field.lower()
    if key not in row:
        raise InputError(f"field {show(field)} is not a catalog field; known: {known(row, 'the GPUs sheet')}")
    if row[key] is None:
        raise InputError(f"{row['name']} has no published {key} in the catalog")
    return row[key]


# Planning: solve-for, money ------------------------------------------------------


@udf()
def LLM_OPTIMAL_PARAMS(flops, tokens_per_param=20.0):
    """Compute-optimal parameters for a FLOP budget: √(FLOPs / (6 · tokens per parameter)) (Hoffmann et al. 2022). Tokens: LLM_OPTIMAL_TOKENS of the result."""
    return planner.optimal_params(flops, tokens_per_param)


@udf()
def LLM_MAX_TOKENS(params, gpus, days, gpu, utilization=0.45, recompute=True, goodput=1.0):
    """Tokens a cluster can train a model on by a deadline: GPUs · days · peak · utilization · goodput / (8 or 6 · parameters)."""
    return planner.max_tokens(params, planner.cluster_flops(gpus, days, gpu, utilization, goodput), recompute)


@udf()
def LLM_MAX_PARAMS(tokens, gpus, days, gpu, utilization=0.45, recompute=True, goodput=1.0):
    """Parameters a cluster can train on a token count by a deadline: GPUs · days · peak · utilization · goodput / (8 or 6 · tokens)."""
    return planner.max_params(tokens, planner.cluster_flops(gpus, days, gpu, utilization, goodput), recompute)


@udf(vectorize=False)
def LLM_BUDGET_GPUS(params, tokens, budget, price_per_gpu_hour, days, gpu, utilization=0.45, recompute=True, goodput=1.0):
    """Whole GPUs to rent to finish by the deadline within a money budget; an error that says by how much when the budget cannot cover the run."""
    flops = formulas.train_flops(params, tokens, recompute)
    return planner.budget_gpus(flops, budget, price_per_gpu_hour, days, gpu, utilization, goodput)


@udf(vectorize=False, gpu_hours=POSITIVE)
def LLM_UTILIZATION(flops, gpu_hours, gpu):
    """Utilization a reported run implies: FLOPs / (GPU-hours · 3600 · peak). E.g. Llama 3.1 405B → 0.35."""
    u = planner.implied_utilization(flops, gpu_hours, gpu)
    if u > 1:  # more FLOPs than the GPUs' peak can do in those hours: an input is wrong
        raise ranges.OutOfRange(f"these inputs imply a utilization of {u:.3g}, above 1 (more than the GPU's peak): "
                                "check flops, gpu_hours and gpu")
    return u


@udf()
def LLM_AMORTIZED_COST(gpu_hours, price_per_gpu, lifetime_years=3.0, server_overhead=1.6, network_overhead=1.15):
    """Share of the hardware purchase one run uses up: GPU-hours · price · server and network overheads / (lifetime · 8766 h) (Epoch AI)."""
    return planner.amortized_hardware_cost(gpu_hours, price_per_gpu, lifetime_years, server_overhead, network_overhead)


@udf()
def LLM_CO2_TONNES(kwh, kg_per_kwh):
    """Emissions in tonnes CO2e: kWh × grid intensity in kg/kWh / 1000 (Patterson et al. 2021)."""
    return planner.co2_tonnes(kwh, kg_per_kwh)


@udf()
def LLM_COST_PER_MTOK(cost, tokens):
    """Cost per million training tokens: cost / tokens × 1,000,000."""
    return planner.cost_per_million_tokens(cost, tokens)


@udf(vectorize=False)
def LLM_BREAKEVEN_MONTHS(purchase_per_gpu, rent_per_gpu_hour, usage=1.0, running_per_gpu_hour=0.0):
    """Months after which buying a GPU beats renting one: purchase / (730.5 h · usage · (rent − running cost))."""
    return planner.breakeven_months(purchase_per_gpu, rent_per_gpu_hour, usage, running_per_gpu_hour)




# --- Models: exact counts from Hugging Face configs, the catalog, per-GPU memory -----------------


@udf(part=model_part)
def LLM_PARAMS_HF(config, part="total"):
    """Exact parameters of a Hugging Face model from its config (or a catalog name): "total", "active" (MoE: top-k experts), "embedding" or "non_embedding"."""
    from . import architectures

    return architectures.params(config, part)


@udf(vectorize=False, name=model_name, field=model_field)
def LLM_MODEL(name, field="params"):
    """A value from the model catalog: params by default, or active_params, tokens, hardware, gpu_count, days, gpu_hours, a config key, sources…"""
    from .catalogs import model as catalog_model

    row = catalog_model(name, "name")
    key = field.strip()
    value = row[key] if key in row else row["config"].get(key, KeyError)
    if value is KeyError:
        from . import architectures

        if key in architectures.SHAPE_FIELDS:                 # layers, hidden … for every family
            value = architectures.shape(architectures.model(row["config"]))[key]
    if value is KeyError:
        names = [k for k in row if k not in ("config", "aliases")]
        raise InputError(f"field {show(field)} is not a catalog field of {row['name']}; "
                         f"known: {known(names, 'the Models sheet')} or a config key")
    if value is None:
        raise InputError(f"{row['name']} has no published {key} in the catalog")
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


@udf(recompute=recompute_layers)
def LLM_TRAIN_FLOPS_HF(config, tokens, seq_len, recompute=True, causal=False):
    """Training FLOPs from a config: matmuls incl. attention scores and logits (Narayanan et al. 2021 eq. 3, for GQA, gated FFN, MoE); recompute adds a forward."""
    from . import architectures

    return architectures.train_flops(config, tokens, seq_len, recompute, causal)


@udf(part=memory_part)
def LLM_TRAIN_MEM_GPU(config, setup, part="total"):
    """GB per GPU to train, on the busiest pipeline stage, as the setup's framework (default megatron) allocates it: model states, activations, allocator peak, total."""
    from . import memory

    return memory.train_memory_gb(config, setup, part)


@udf(vectorize=False, gpu=gpu_exposed)
def LLM_FITS(config, setup, gpu):
    """TRUE if training (its "total": allocator peak + CUDA context + NCCL) fits in what the GPU exposes to CUDA, less the setup's reserve (default 0); LLM_HEADROOM_GB gives the margin."""
    from . import memory

    return bool(memory.headroom_gb(config, setup, gpu) >= 0)


@udf(gpu=gpu_exposed)
def LLM_HEADROOM_GB(config, setup, gpu):
    """GB left per GPU: memory exposed to CUDA × (1 − reserve) − training's "total"; negative when it does not fit."""
    from . import memory

    return memory.headroom_gb(config, setup, gpu)


@udf()
def LLM_KV_CACHE_GB(config, batch, context, precision="bf16"):
    """Inference KV cache in GB: 2·layers·kv_heads·head_dim·bytes per token × batch × context (GQA-aware; MLA caches its latent)."""
    from . import architectures

    return architectures.kv_cache_gb(config, batch, context, precision)



# --- Planning with a model: the cluster that fits and finishes, serving ------------------



@udf(vectorize=False, gpu=gpu_name, setup=setup_or_default, field=cluster_field, utilization=utilization_or_predicted,
     gpus_per_node=POSITIVE)
def LLM_CLUSTER(config, tokens, days, gpu, setup="", field="nodes", utilization="predicted", goodput=1.0, gpus_per_node=8):
    """Smallest cluster of whole nodes that finishes by the deadline AND holds the model under a valid split, at a given utilization or the predicted one (default); binding says what set the size."""
    if gpus_per_node != int(gpus_per_node):
        raise InputError(f"gpus_per_node must be a whole number, got {show(gpus_per_node)}")
    if utilization == "predicted":
        found = planner.predicted_cluster(config, setup, tokens, days, gpu, goodput, int(min(gpus_per_node, 1e7)))
    else:
        found = planner.cluster(config, setup, tokens, days, gpu["tflops"], gpu["memory_gb"], utilization,
                                goodput, int(min(gpus_per_node, 1e7)))
    if found is None:
        raise InputError(f"no split of config fits gpu {gpu['name']} memory within the search's bound of "
                         f"{planner.MAX_NODES:,} nodes: shard more in setup (zero, recompute) or pick a larger gpu")
    if found[field] is None:
        raise InputError(f"field {field} needs utilization \"predicted\" (the step-time model)")
    return found[field]


@udf(vectorize=False, gpu=gpu_name, field=serve_field, bandwidth_utilization=fitted_or_fraction)
def LLM_SERVE_GPUS(config, tokens_per_day, context, gpu, precision="bf16", batch=32.0,
                   bandwidth_utilization=None, field="gpus"):
    """GPUs to decode a daily token volume at a batch per replica: the smallest tp × pp that holds weights + KV cache, decode steps from the fitted serving model."""
    from . import serving

    return serving.serve_gpus(config, tokens_per_day, context, precision, gpu, int(batch),
                              bandwidth_utilization)[field]


@udf(vectorize=False, gpu=gpu_name, field=serve_perf_field)
def LLM_SERVE_PERF(config, serve, gpu, field="output_tokens_per_s_per_gpu"):
    """Serving throughput and latency of one replica (prefill, decode over HBM, tp all-reduces, continuous batching), fitted on TensorRT-LLM runs; _low/_high bands."""
    from . import serving

    return serving.field(serving.perf(config, serve, gpu), field)


@udf(vectorize=False, gpu=gpu_name, field=plan_field)
def LLM_SERVE_PLAN(config, traffic, slo, gpu, field="gpus"):
    """Cheapest serving layout (tp, pp, ep, weights, replicas, concurrency) meeting TTFT/TPOT objectives for a traffic forecast, with its monthly cost and cost per million tokens."""
    from . import serving

    return serving.plan(config, traffic, slo, gpu)[field]


@udf()
def LLM_MONTHLY_COST(gpus, price_per_gpu_hour, usage=1.0):
    """Money a month for GPUs kept running: GPUs × 730.5 hours × usage × price per GPU-hour."""
    return planner.monthly_cost(gpus, price_per_gpu_hour, usage)


# --- Predicted step time and utilization ----------------------------------------------------

@udf(vectorize=False, setup=step_setup, gpu=gpu_name, field=step_field)
def LLM_STEP_TIME(config, setup, gpu, field="seconds"):
    """Predicted seconds of one optimizer step (or a field: tokens_per_s_per_gpu, mfu over the dense BF16 peak with 6·P·T + full attention, the breakdown, bound, the band) for a setup of gpus, global_batch, seq_len…"""
    from . import performance

    return performance.predict(config, setup, gpu)[field]


@udf(vectorize=False, setup=step_setup, gpu=gpu_name, field=best_field)
def LLM_BEST_SETUP(config, setup, gpu, field="tokens_per_s_per_gpu"):
    """The fastest layout that fits memory for gpus, global_batch, seq_len (keys given are kept; tp, pp, cp, ep, vp, micro_batch, recompute, zero chosen): any LLM_STEP_TIME field, a chosen key, or setup as JSON."""
    from . import performance

    fields, chosen = performance.best_setup(config, setup, gpu)
    if field == "setup":
        return performance.setup_text(chosen)
    if field in performance.FIELDS:
        return fields[field]
    plan = performance.read_plan(chosen, gpu)
    value = getattr(plan.setup, "zero_stage" if field == "zero" else field)
    return value if isinstance(value, str) else float(value)


@udf(vectorize=False, setup=step_setup, gpu=gpu_name, field=train_time_field)
def LLM_TRAIN_TIME(config, tokens, setup, gpu, goodput=1.0, field="days"):
    """Predicted days to train on tokens with the fastest fitting layout (LLM_BEST_SETUP) and goodput; fields gpu_hours, mfu, days_low, days_high (the calibration band), setup."""
    from . import performance

    return performance.train_time(config, tokens, setup, gpu, goodput)[field]


# --- Money: ownership cost, goodput from interruptions (money.py) ----------------------------

GOODPUT_FIELD = choice("goodput", "interval_minutes", "mtbf_hours",
                       doc="goodput (default), interval_minutes (Young/Daly checkpoint interval), mtbf_hours")


@udf(vectorize=False, field=GOODPUT_FIELD)  # scalar formulas with branches: cell by cell
def LLM_GOODPUT(gpus, checkpoint_minutes=1.0, restart_minutes=10.0,
                interruptions_per_gpu_day=LLAMA3_INTERRUPTIONS_PER_GPU_DAY, field="goodput"):
    """Share of time that trains usefully: interruptions grow with the GPUs, checkpoints every √(2·checkpoint·MTBF) (Young/Daly)."""
    from . import money

    return money.goodput(gpus, checkpoint_minutes, restart_minutes, interruptions_per_gpu_day)[field]


@udf(vectorize=False)
def LLM_CAPITAL_RECOVERY(rate, years):
    """Share of a purchase paid each year to recover it with interest: r/(1−(1+r)^−n); 1/n when r = 0."""
    from . import money

    return money.capital_recovery_factor(rate, years)


@udf(vectorize=False)
def LLM_OWN_HOUR_COST(price, rate, years, usage=1.0, residual=0.0):
    """Hardware cost of one busy hour of an owned GPU: ((P−S)·CRF + S·r) / (8766 h × usage)."""
    from . import money

    return money.hardware_cost_per_hour(price, rate, years, usage, residual)


@udf(vectorize=False)
def LLM_OWN_RUN_COST(gpu_hours, price, rate, years, usage=1.0):
    """Hardware cost of a run on owned GPUs: GPU-hours × installed price × capital recovery / (8766 h × usage)."""
    from . import money

    return money.run_hardware_cost(gpu_hours, price, rate, years, usage)


__all__ = [n for n in list(globals()) if n.startswith("LLM_")]
