"""Strategies for fuzzing the LLM_* functions: one per argument, chosen from its reader.

Shared by tests/test_fuzz.py, tests/test_fuzz_excel.py and benchmarks/fuzz_slowest.py.
A function added later is covered automatically: its arguments get the strategy of their
reader, or a generic mix of numbers, text, empty and error cells, dates and ranges.

Two modes:
- ``arguments(func)``: mostly plausible values, a quarter odd ones per argument. With
  several arguments nearly every call stops at reading its input.
- ``arguments(func, plausible=True)``: only values a user planning a real run would type
  (catalog names, setups that name a layout, fields the function has), so the expensive
  searches (LLM_CLUSTER, LLM_BEST_SETUP, LLM_SERVE_PLAN …) are really reached.
"""

import datetime
import inspect
import json
import math

from hypothesis import strategies as st

import xlfuncs
from xlfuncs import catalogs, excel, inputs, readers

FUNCTIONS = {n: getattr(xlfuncs, n) for n in xlfuncs.__all__ if n.startswith("LLM_")}

ODD = st.sampled_from([None, "", "  ", "#N/A", "#DIV/0!", "inf", "nan", "1e400", "-1", "+312", ".5", "x",
                       float("inf"), float("nan"), 1e300, -0.0, 0, True, 10 ** 40,
                       datetime.date(2024, 1, 1), datetime.datetime(2024, 1, 1, 9)])
NUMBERS = st.one_of(st.floats(1e-3, 1e15), st.integers(1, 10 ** 6), st.sampled_from([1e18, 1e25, "175B", "1.4T"]))
GPUS = st.sampled_from(["H100-SXM", "A100-40GB", "A100-80GB", "B200", "H20", "h100 sxm", "A100"])
MODELS = st.sampled_from(["Llama-3-8B", "Mixtral-8x7B", "GPT-3 175B", "Llama-3.3", "Gemma-2"])
SETUPS = st.sampled_from(["", {"micro_batch": 1, "seq_len": 2048}, {"micro_batch": 2, "seq_len": 4096, "tp": 8},
                          {"micro_batch": "inf", "seq_len": 2048}, {"micro_batch": 1, "seq_len": 2048, "zero": 3}])
FRACTIONS = st.floats(0.01, 1.0)


def strategy(name):
    reader = excel.ARGS.get(name, (None,))[0]
    if name in ("config",):
        base = MODELS
    elif name in ("setup",):
        base = SETUPS
    elif reader in (readers.gpu_peak, readers.gpu_memory, readers.gpu_power, readers.gpu_name) or name in ("gpu", "name"):
        base = st.one_of(GPUS, st.floats(1, 5000))
    elif reader in (inputs.FRACTION,):
        base = FRACTIONS
    elif reader is inputs.flag:
        base = st.booleans()
    elif name in ("field", "part", "method"):
        base = st.sampled_from(["tflops", "memory_gb", "params", "total", "active", "exact", "approx", "nodes", "days",
                                "binding", "gpus", "colour"])
    elif name == "gpus_per_node":
        base = st.sampled_from([1, 4, 8, 72])
    else:
        base = NUMBERS
    return st.one_of(base, base, base, ODD)  # mostly plausible values, a quarter odd ones


# --- plausible-only values -------------------------------------------------------------

def _json(*tables):
    return st.sampled_from([json.dumps(t) for t in tables])


# Models and GPUs a planner would pick: every catalog name, small to 671B, dense and MoE.
CATALOG_MODELS = st.sampled_from(catalogs.model_names())
CATALOG_GPUS = st.sampled_from(catalogs.gpu_names())
TRAINING_SETUPS = st.builds(
    lambda mb, seq, tp, pp, zero, rc: json.dumps({"micro_batch": mb, "seq_len": seq, "tp": tp, "pp": pp,
                                                  "zero": zero, "recompute": rc}),
    st.sampled_from([1, 2, 4]), st.sampled_from([2048, 4096, 8192]), st.sampled_from([1, 2, 4, 8]),
    st.sampled_from([1, 2, 4]), st.sampled_from([0, 1, 3]), st.sampled_from(["selective", "full", "none"]))
# What LLM_CLUSTER takes: the per-GPU batch and sequence; an empty cell is its default setup.
CLUSTER_SETUPS = st.one_of(st.just(""), st.builds(
    lambda mb, seq, zero, rc: json.dumps({"micro_batch": mb, "seq_len": seq, "zero": zero, "recompute": rc}),
    st.sampled_from([1, 2]), st.sampled_from([2048, 4096, 8192, 32768]), st.sampled_from([0, 1, 3]),
    st.sampled_from(["selective", "full", "none"])))
# What the step-time functions take: the cluster's size, some keys fixed, the rest chosen.
STEP_SETUPS = st.builds(
    lambda gpus, batch, seq, fixed: json.dumps({"gpus": gpus, "global_batch": batch, "seq_len": seq, **fixed}),
    st.sampled_from([8, 64, 512, 2048, 16384]), st.sampled_from([256, 1024, 4096]),
    st.sampled_from([2048, 4096, 8192]),
    st.sampled_from([{}, {"tp": 8}, {"tp": 4, "pp": 4}, {"recompute": "full"}, {"zero": 1}]))
SERVES = _json({"input_len": 1024, "output_len": 256}, {"input_len": 2048, "output_len": 128, "tp": 2, "weights": "fp8"},
               {"input_len": 128, "output_len": 2048, "concurrency": 64}, {"input_len": 8192, "output_len": 512, "tp": 8})
TRAFFICS = _json({"requests_per_s": 2, "input_len": 1024, "output_len": 256},
                 {"tokens_per_day": "1B", "input_len": 2048, "output_len": 512},
                 {"requests_per_s": 200, "input_len": 512, "output_len": 128},
                 {"tokens_per_day": "100B", "input_len": 8192, "output_len": 1024})
SLOS = _json({"ttft_ms": 2000, "tpot_ms": 50, "price_per_gpu_hour": 2.5}, {"ttft_ms": 500, "tpot_ms": 30},
             {"tpot_ms": 100, "price_per_gpu_hour": 4, "autoscale": True}, {"ttft_ms": 200, "tpot_ms": 10})

PLAUSIBLE = {
    "params": st.one_of(st.floats(1e8, 2e12), st.sampled_from(["7B", "70B", "175B", "1.8T"])),
    "tokens": st.one_of(st.floats(1e9, 3e13), st.sampled_from(["300B", "1.4T", "15T"])),
    "flops": st.floats(1e18, 1e27),
    "layers": st.integers(1, 200), "hidden": st.sampled_from([512, 1024, 2048, 4096, 8192, 12288, 16384]),
    "vocab": st.sampled_from([0, 32000, 50257, 128256, 256000]),
    "gpus": st.one_of(st.integers(1, 100_000), st.sampled_from([8, 1024, 16384])),
    "days": st.floats(0.5, 365), "gpu_hours": st.floats(1, 1e8), "memory_gb": st.floats(1, 1e5),
    "utilization": st.floats(0.1, 0.7), "goodput": st.floats(0.5, 1), "usage": st.floats(0.1, 1),
    "bandwidth_utilization": st.floats(0.3, 0.9), "gpus_per_node": st.sampled_from([1, 2, 4, 8, 16, 72]),
    "tokens_per_day": st.one_of(st.floats(1e6, 1e12), st.sampled_from(["1B", "50B"])),
    "context": st.sampled_from([512, 2048, 8192, "32K", "128K"]), "batch": st.integers(1, 256),
    "seq_len": st.sampled_from([512, 2048, 4096, 8192, 32768]),
    "precision": st.sampled_from(["bf16", "fp8", "int4", "fp32", 2]),
    "config": CATALOG_MODELS, "name": CATALOG_GPUS,
    "serve": SERVES, "traffic": TRAFFICS, "slo": SLOS,
    # money: rates, lifetimes and prices of real purchases and rentals
    "rate": st.floats(0, 0.3), "years": st.floats(1, 10), "lifetime_years": st.floats(1, 10),
    "residual": st.floats(0, 0.5), "price": st.floats(1e3, 1e5), "purchase_per_gpu": st.floats(1e3, 1e5),
    "price_per_gpu": st.floats(1e3, 1e5), "rent_per_gpu_hour": st.floats(0.5, 10),
    "running_per_gpu_hour": st.floats(0, 0.4), "price_per_gpu_hour": st.floats(0.5, 10), "budget": st.floats(1e5, 1e10),
    "interruptions_per_gpu_day": st.floats(1e-4, 1e-2), "checkpoint_minutes": st.floats(0, 30),
    "restart_minutes": st.floats(0, 60),
}
# Arguments whose plausible values depend on the function (setups of three kinds, fields).
SETUP_BY_READER = {readers.setup_or_default: CLUSTER_SETUPS, readers.step_setup: STEP_SETUPS}
FIELD_WORDS = {  # functions whose field is free text the catalog checks
    "LLM_GPU": ["tflops", "memory_gb", "bandwidth_gbps", "tdp_w", "vendor", "source"],
    "LLM_MODEL": ["params", "active_params", "tokens", "layers", "hidden", "heads", "vocab", "hidden_size"],
}


def plausible(func_name, name, reader, default):
    """Values a user would type for one argument of one function."""
    if name == "setup":
        return SETUP_BY_READER.get(reader, TRAINING_SETUPS)
    if func_name in FIELD_WORDS and name == "field":
        return st.sampled_from(FIELD_WORDS[func_name])
    if reader is readers.model_name:
        return CATALOG_MODELS
    options = getattr(reader, "options", None)
    if options:  # a choice: any of its words
        return st.sampled_from(list(options))
    if reader in (readers.serve_perf_field, readers.plan_field):
        from xlfuncs import serving

        return st.sampled_from(list(serving.FIELDS if reader is readers.serve_perf_field else serving.PLAN_FIELDS))
    if name in PLAUSIBLE:
        return PLAUSIBLE[name]
    if reader in (readers.gpu_peak, readers.gpu_memory, readers.gpu_power, readers.gpu_exposed, readers.gpu_name):
        return CATALOG_GPUS
    if reader is inputs.flag or reader is readers.recompute_layers:
        return st.booleans()
    if reader is inputs.FRACTION or reader is readers.utilization_or_predicted:
        return st.floats(0.05, 1.0) if default != "predicted" else st.one_of(st.just("predicted"), st.floats(0.2, 0.6))
    if reader is readers.fitted_or_fraction:
        return st.one_of(st.none(), st.floats(0.3, 0.9))
    if default is not inspect.Parameter.empty and not isinstance(default, (int, float)):
        return st.just(default)
    low = 0.0 if reader is inputs.NONNEGATIVE else 0.01
    return st.one_of(st.floats(low, 1e4), st.just(default) if isinstance(default, (int, float)) else st.floats(1, 10))


def arguments(func, plausible_only=False):
    """(parameter names, a strategy of argument tuples) for one LLM_* function."""
    sig = inspect.signature(func)
    params = list(sig.parameters)
    if not plausible_only:
        return params, st.tuples(*(strategy(p) for p in params))
    table = getattr(func, "readers", {})
    return params, st.tuples(*(plausible(func.__name__, p, table.get(p), sig.parameters[p].default) for p in params))


# --- what every answer must look like -----------------------------------------------------

PYTHON_WORDS = ("None", "datetime", "Error", "Exception", "please report", "Traceback")


def check_message(text, params):
    """An error message: one line, at most 255 characters, plain words, naming an argument
    (or saying that the inputs together, or a result, are at fault)."""
    assert "\n" not in text and len(text) <= 255, text
    assert not any(w in text for w in PYTHON_WORDS), text
    named = any(p in text for p in params) or "these inputs" in text or "the result" in text \
        or "ranges" in text or "catalog" in text
    assert named, text


def check_value(result, values=None):
    """An answer: a finite float, or a field as text, or TRUE/FALSE (LLM_FITS)."""
    if isinstance(result, (str, bool)):
        assert "\n" not in str(result) and len(str(result)) <= 255, (values, result)
    else:
        assert type(result) is float and math.isfinite(result), (values, result)
