"""Readers for the arguments that are more than a number: GPUs, models, setups, choices.

A reader is ``reader(name, value) -> what the body needs`` and raises InputError with a
one-line message (the plain numeric readers live in ``inputs``). A reader's ``doc`` is
the argument description Excel shows when a function overrides the shared one in
``excel.ARGS``; ``takes_whole(value)`` marks a range that is one argument (a key/value
table), not cells to broadcast over.
"""

from __future__ import annotations

import functools

from .catalogs import gpu as gpu_entry
from .inputs import POSITIVE, InputError, flag, is_empty, is_key_value_range, key_values, known, show, text
from .performance import FIELDS as STEP_FIELDS
from .ranges import unwrap


def described(doc):
    """Give a reader the description Excel shows for it."""

    def mark(reader):
        reader.doc = doc
        return reader

    return mark


def choice(*options, doc=None):
    """One word out of a few, any case."""

    def read(name, value):
        word = text(name, value).lower()
        if word not in options:
            raise InputError(f"{name} must be one of {known(options, 'the README')}, got {show(value)}")
        return word

    read.doc = doc
    read.options = options  # the words it takes
    return read


# --- GPUs: a number as typed, or a catalog name -------------------------------------------

def catalog_or_number(field, doc):
    """A reader for a GPU figure: a number as typed, or a catalog name for its ``field``."""

    @described(doc)
    def read(name, value):
        if type(value) is str:
            word = value.strip()
            if word and not word[0].isdigit():  # "312" and "1e3" stay numbers
                figure = gpu_entry(word, name)[field]
                if figure is None:
                    raise InputError(f"{name} {show(value)} has no published {field} in the catalog: type the number")
                return float(figure)
        return POSITIVE(name, value)

    return read


gpu_peak = catalog_or_number("tflops", "GPU name from the catalog (e.g. \"A100-40GB\") or its dense peak in TFLOP/s")
gpu_memory = catalog_or_number("memory_gb", "GPU memory in GB, or a GPU name from the catalog for its memory")
gpu_exposed = catalog_or_number("memory_exposed_gb", "GPU name from the catalog (the memory it exposes to CUDA) "
                                "or that memory in GB")
gpu_power = catalog_or_number("tdp_w", "Power per GPU in watts, or a GPU name for its catalog board power")


@described("GPU name from the catalog (e.g. \"A100-80GB\"): its peak, memory and bandwidth are all used")
def gpu_name(name, value):
    """A whole catalog entry: for functions that need more than one figure of a GPU."""
    if is_empty(value):
        text(name, value)  # "gpu is empty"
    if not isinstance(value, str) or value.strip()[0].isdigit():
        raise InputError(f"{name} must be a GPU name from the catalog here, got {show(value)}")
    return gpu_entry(value.strip(), name)


# --- Models and setups: key/value tables, JSON text, or catalog names ---------------------

def hf_model(name, value):
    """A Hugging Face config: a two-column key/value range (config.json pasted as rows),
    JSON text, a dict, or the name of a catalog model ("Llama-3-8B")."""
    from . import architectures

    value = unwrap(value)  # a single cell given as a 1×1 range
    if is_empty(value):
        text(name, value)  # "config is empty"
    if isinstance(value, str) and not value.strip().startswith("{"):
        return architectures.catalog(text(name, value), name)
    if not isinstance(value, (dict, str)) and not is_key_value_range(value):
        raise InputError(f"{name} must be a two-column key/value range, JSON text or a catalog model name, got {show(value)}")
    if isinstance(value, str):
        return _model_from_text(name, value.strip())
    return architectures.model(key_values(name, value))


@functools.lru_cache(maxsize=64)
def _model_from_text(name, value):
    """A config given as JSON text, parsed once per distinct text (a sheet repeats it)."""
    from . import architectures

    return architectures.model(key_values(name, value))


def training_setup(name, value):
    """A training setup: a two-column key/value range (the keys of ``memory.SETUP_KEYS``),
    JSON text or a dict."""
    from . import memory

    return memory.read_setup(key_values(name, value))


@described("Training setup as a key/value range (micro_batch, seq_len, zero, recompute, optimizer, precision, reserve); "
           "empty: 1 × 2048 tokens, full recomputation, Megatron-LM's distributed optimizer")
def setup_or_default(name, value):
    """A training setup, or the planner's default one for an empty cell."""
    from . import memory, planner

    return memory.read_setup(planner.DEFAULT_SETUP) if is_empty(value) else training_setup(name, value)


hf_model.takes_whole = training_setup.takes_whole = setup_or_default.takes_whole = is_key_value_range

@described("Model name from the catalog, e.g. \"Llama-3-8B\", \"Mixtral-8x7B\", \"GPT-3 175B\"")
def model_name(name, value):
    return text(name, value)


@described("params (default), active_params, tokens, hardware, gpu_count, days, gpu_hours, params_published, "
           "params_basis, date, sources, note, layers, hidden, heads, vocab, embedding_params, "
           "non_embedding_params, output_head_params, or any config key")
def model_field(name, value):  # any text: the catalog says which fields it knows
    return text(name, value)


@described("TRUE (default): the layers run forward once more for activation recomputation; "
           "FALSE: forward + backward only (model FLOPs)")
def recompute_layers(name, value):
    return flag(name, value)


# --- Which part or field of a result ------------------------------------------------------

model_part = choice("total", "active", "embedding", "non_embedding",
                    doc="\"total\" (default), \"active\" (per token: shared parts + top-k experts), "
                        "\"embedding\" or \"non_embedding\"")
memory_part = choice("total", "weights", "gradients", "optimizer", "activations", "peak", "reserved",
                     doc="\"total\" (default: reserved + CUDA context + NCCL), \"weights\", \"gradients\", "
                         "\"optimizer\", \"activations\", \"peak\" (allocated) or \"reserved\": GB on the busiest GPU")
cluster_field = choice("nodes", "gpus", "tp", "pp", "dp", "mem_gb", "headroom_gb", "days",
                       "compute_nodes", "memory_nodes", "binding", "mfu", "setup",
                       doc="nodes (default), gpus, tp, pp, dp, mem_gb (busiest GPU), headroom_gb, days, "
                           "compute_nodes, memory_nodes, binding (compute, memory or split), mfu, setup")
serve_field = choice("gpus", "replicas", "gpus_per_replica", "tokens_per_s", "replica_gb",
                     doc="gpus (default), replicas, gpus_per_replica, tokens_per_s (per replica), replica_gb")


# --- Serving tables -------------------------------------------------------------------------

@described("Serving setup as a key/value range or JSON: input_len, output_len (required), concurrency, tp, pp, ep, dp, weights, kv_cache, gpus_per_node")
def serve_setup(name, value):
    from . import serving

    return serving.read_serve(key_values(name, unwrap(value)))


@described("Traffic as a key/value range or JSON: requests_per_s or tokens_per_day, input_len, output_len, hourly (24 shares as text \"1,1,2,...\")")
def traffic_table(name, value):
    return key_values(name, unwrap(value))


@described("Objectives as a key/value range or JSON: ttft_ms, tpot_ms, price_per_gpu_hour, autoscale (TRUE/FALSE), weights (allowed formats)")
def slo_table(name, value):
    table = key_values(name, unwrap(value))
    if "autoscale" in table and table["autoscale"] is not None:
        table["autoscale"] = flag(f"{name} autoscale", table["autoscale"])
    return table


serve_setup.takes_whole = traffic_table.takes_whole = slo_table.takes_whole = is_key_value_range


def _serve_perf_field(name, value):
    from . import serving

    word = "output_tokens_per_s_per_gpu" if is_empty(value) else text(name, value).lower()
    options = list(serving.FIELDS) + [f + s for f in serving.BANDED for s in ("_low", "_high")]
    if word not in options:
        raise InputError(f"{name} must be one of {known(options, 'the README')}, got {show(value)}")
    return word


serve_perf_field = described("output_tokens_per_s_per_gpu (default), total_tokens_per_s_per_gpu, ttft_ms, tpot_ms, e2e_ms, requests_per_s, max_concurrency, kv_cache_gb, bound; _low/_high bands")(_serve_perf_field)


def _plan_field(name, value):
    from . import serving

    word = "gpus" if is_empty(value) else text(name, value).lower()
    if word not in serving.PLAN_FIELDS:
        raise InputError(f"{name} must be one of {known(serving.PLAN_FIELDS, 'the README')}, got {show(value)}")
    return word


plan_field = described("gpus (default, peak), gpus_average, replicas, gpus_per_replica, tp, pp, ep, weights, concurrency, ttft_ms, tpot_ms, cost_per_mtok, monthly_cost, setup")(_plan_field)


@described("Share of the GPU's memory bandwidth decoding reaches, 0-1 (empty or 0: the share fitted on measured serving runs)")
def fitted_or_fraction(name, value):
    from .inputs import FRACTION

    return None if value is None or is_empty(value) or value == 0 else FRACTION(name, value)

# --- Predicted step time: setups with the cluster's size, fields ------------------------------

def step_setup(name, value):
    """A setup for the step-time functions: a key/value range, JSON text or a dict, read
    whole; ``performance.read_plan`` checks its keys (gpus, global_batch, seq_len …)."""
    return key_values(name, value)


step_setup.takes_whole = is_key_value_range
step_setup.doc = ("Setup as a key/value range or JSON: gpus, global_batch, seq_len (required); tp, pp, cp, ep, vp, "
                  "micro_batch, recompute, zero, precision, gpus_per_node, nic_gbps, overlap… (README: Step time)")


step_field = choice(*STEP_FIELDS,
                    doc="seconds (default), tokens_per_s_per_gpu, mfu, mfu_fp8, hfu, model_tflops_per_gpu, "
                        "compute_s … optimizer_s, bound, tokens_per_s_per_gpu_low/_high")
best_field = choice(*STEP_FIELDS,
                    "tp", "pp", "dp", "cp", "ep", "vp", "micro_batch", "recompute", "zero", "setup",
                    doc="tokens_per_s_per_gpu (default), any LLM_STEP_TIME field, a chosen key (tp, pp, dp, cp, "
                        "ep, vp, micro_batch, recompute, zero) or setup (JSON text)")
train_time_field = choice("days", "gpu_hours", "mfu", "days_low", "days_high", "setup", "tokens_per_s_per_gpu",
                          "seconds",
                          doc="days (default), gpu_hours, mfu, days_low, days_high (the band), setup (JSON), "
                              "tokens_per_s_per_gpu, seconds (one step)")


@described("Share of peak achieved, 0-1, or \"predicted\" (default, also an empty cell): "
           "sized with the step-time model's throughput on the fastest fitting split")
def utilization_or_predicted(name, value):
    if isinstance(value, str) and value.strip().lower() == "predicted":
        return "predicted"
    from .inputs import FRACTION

    return FRACTION(name, value)
