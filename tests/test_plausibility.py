"""Results that only wrong inputs could give are errors; results of the searches are ones
a framework can run and that say truly what set them. Drawn from the fuzz suite's
plausible-only strategies (tests/helpers/fuzzing.py), derandomized.
"""

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "helpers"))
from fuzzing import CATALOG_MODELS, CLUSTER_SETUPS, PLAUSIBLE, SERVES, SLOS, STEP_SETUPS, TRAFFICS  # noqa: E402

import xlfuncs as x  # noqa: E402
from xlfuncs import InputError  # noqa: E402
from xlfuncs.catalogs import gpu as gpu_entry  # noqa: E402

SETTINGS = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
NVLINK_GPUS = st.sampled_from(["H100-SXM", "A100-80GB", "A100-40GB", "B200", "H200", "MI300X", "V100"])


def answer(func, *args):
    try:
        return func(*args)
    except InputError:
        return None


@SETTINGS
@given(CATALOG_MODELS, PLAUSIBLE["tokens"], PLAUSIBLE["days"], NVLINK_GPUS, CLUSTER_SETUPS,
       st.floats(0.2, 0.6), st.sampled_from([4, 8]))
def test_binding_names_what_set_the_size(config, tokens, days, gpu, setup, utilization, per_node):
    """compute: the deadline's node count; memory: the count memory needs; split: neither,
    because no valid tp × pp × dp split of the larger one fits, so the split rules set it."""
    args = (config, tokens, days, gpu, setup)
    tail = (utilization, 1.0, per_node)
    nodes = answer(x.LLM_CLUSTER, *args, "nodes", *tail)
    if nodes is None:
        return
    compute, memory = (x.LLM_CLUSTER(*args, f, *tail) for f in ("compute_nodes", "memory_nodes"))
    binding = x.LLM_CLUSTER(*args, "binding", *tail)
    assert nodes >= max(compute, memory)
    if nodes > max(compute, memory):
        assert binding == "split"
    elif memory > compute:
        assert binding == "memory" and nodes == memory
    else:
        assert binding == "compute" and nodes == compute


@SETTINGS
@given(CATALOG_MODELS, PLAUSIBLE["tokens_per_day"], PLAUSIBLE["context"], NVLINK_GPUS,
       st.sampled_from(["bf16", "fp8", 2]), st.sampled_from([1, 8, 32, 128]))
def test_serving_replicas_are_splits_a_framework_runs(config, per_day, context, gpu, precision, batch):
    """A replica is tp × pp GPUs, tp and pp in {1, 2, 4, 8} (vLLM, TensorRT-LLM), tp dividing
    the attention heads and pp the layers: never 41 GPUs."""
    args = (config, per_day, context, gpu, precision, batch, None)
    per_replica = answer(x.LLM_SERVE_GPUS, *args, "gpus_per_replica")
    if per_replica is None:
        return
    heads, layers = x.LLM_MODEL(config, "heads"), x.LLM_MODEL(config, "layers")
    splits = {tp * pp for tp in (1, 2, 4, 8) for pp in (1, 2, 4, 8) if heads % tp == 0 and layers % pp == 0}
    assert per_replica in splits
    assert x.LLM_SERVE_GPUS(*args, "gpus") == per_replica * x.LLM_SERVE_GPUS(*args, "replicas")


@SETTINGS
@given(CATALOG_MODELS, TRAFFICS, SLOS, NVLINK_GPUS)
def test_serving_plans_are_splits_a_framework_runs(config, traffic, slo, gpu):
    setup = answer(x.LLM_SERVE_PLAN, config, traffic, slo, gpu, "setup")
    if setup is None:
        return
    chosen = json.loads(setup)
    heads, layers = x.LLM_MODEL(config, "heads"), x.LLM_MODEL(config, "layers")
    tp, pp = chosen["tp"], chosen["pp"]
    assert tp in (1, 2, 4, 8) and pp in (1, 2, 4, 8) and heads % tp == 0 and layers % pp == 0
    assert x.LLM_SERVE_PLAN(config, traffic, slo, gpu, "gpus_per_replica") == tp * pp


def peak_ops(gpu):
    """The fastest any format runs on this GPU, in operations per second (datasheet)."""
    row = gpu_entry(gpu)
    return max(row.get(k) or 0 for k in ("tflops", "tflops_fp8", "tops_int8", "tflops_fp4")) * 1e12


@SETTINGS
@given(CATALOG_MODELS, STEP_SETUPS, NVLINK_GPUS)
def test_no_training_prediction_beats_the_gpus_peak(config, setup, gpu):
    hfu = answer(x.LLM_STEP_TIME, config, setup, gpu, "hfu")
    if hfu is not None:
        assert 0 < x.LLM_STEP_TIME(config, setup, gpu, "mfu") <= hfu <= 1
    mfu = answer(x.LLM_BEST_SETUP, config, setup, gpu, "mfu")
    if mfu is not None:
        assert 0 < mfu <= 1


@SETTINGS
@given(CATALOG_MODELS, SERVES, NVLINK_GPUS)
def test_no_serving_prediction_beats_the_gpus_peak(config, serve, gpu):
    """Every token served costs at least 2 FLOPs per active weight (forward only)."""
    tokens = answer(x.LLM_SERVE_PERF, config, serve, gpu, "total_tokens_per_s_per_gpu")
    if tokens is None:
        return
    assert 0 < tokens * 2 * x.LLM_PARAMS_HF(config, "active") <= peak_ops(gpu)


def test_a_utilization_above_1_is_an_error():
    """LLM_UTILIZATION(3.8E+25, 1000, "H100-SXM") once returned 10,668."""
    with pytest.raises(InputError, match="above 1"):
        x.LLM_UTILIZATION(3.8e25, 1000, "H100-SXM")
