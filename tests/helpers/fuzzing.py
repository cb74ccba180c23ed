"""Strategies for fuzzing the LLM_* functions: one per argument, chosen from its reader.

Shared by tests/test_fuzz.py and benchmarks/fuzz_slowest.py. A function added later is
covered automatically: its arguments get the strategy of their reader, or a generic mix
of numbers, text, empty and error cells, dates and ranges.
"""

import datetime
import inspect

from hypothesis import strategies as st

import xlfuncs
from xlfuncs import excel, inputs, readers

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


def arguments(func):
    params = list(inspect.signature(func).parameters)
    return params, st.tuples(*(strategy(p) for p in params))
