"""LLM_CLUSTER's search: bounded for any input, sizes with limits, binding that names what
set the size, and sizing with the predicted utilization."""

import json
import time

import pytest

import xlfuncs as x
from xlfuncs import InputError, planner

GPT3 = "GPT-3 175B"


def deep_model(layers):
    return json.dumps({"model_type": "llama", "hidden_size": 1024, "num_hidden_layers": layers,
                       "num_attention_heads": 8, "num_key_value_heads": 8, "intermediate_size": 4096,
                       "vocab_size": 32000})


def timed(f, *args):
    start = time.perf_counter()
    try:
        result = f(*args)
    except InputError as exc:
        result = exc
    return result, time.perf_counter() - start


def test_a_20000_layer_model_is_refused_at_once():
    # The config reader refuses it (at most 10,000 layers); a 5,000-layer one passes the
    # reader and meets the cluster search's own limit.
    result, seconds = timed(x.LLM_CLUSTER, deep_model(20000), 1e12, 30, "H100-SXM", "", "nodes", 0.45)
    assert isinstance(result, InputError) and "layers" in str(result) and "10,000" in str(result)
    assert seconds < 0.5
    result, seconds = timed(x.LLM_CLUSTER, deep_model(5000), 1e12, 30, "H100-SXM", "", "nodes", 0.45)
    assert isinstance(result, InputError) and "layers" in str(result) and "2,000" in str(result)
    assert seconds < 0.5


def test_gpus_per_node_1e8_is_refused_with_its_limit():
    result, seconds = timed(x.LLM_CLUSTER, GPT3, 300e9, 30, "A100-80GB", "", "nodes", 0.45, 1, 1e8)
    assert isinstance(result, InputError) and "gpus_per_node must be 1-1,024" in str(result)
    assert seconds < 0.5


def test_no_split_fits_answers_quickly():
    # 175B parameters with unsharded states and no recompute at 64K tokens never fit 16 GB-class
    # slices: the search must say so fast, not after trying a thousand node counts.
    setup = [["micro_batch", 64], ["seq_len", 65536], ["recompute", "none"], ["zero", 0]]
    result, seconds = timed(x.LLM_CLUSTER, GPT3, 300e9, 30, "A100-40GB", setup, "nodes", 0.45)
    assert seconds < 0.5
    assert isinstance(result, InputError) or result >= 1


def test_splits_cost_divisors_not_every_count():
    found = planner.splits(8 * 2 ** 20, 8, 96, 96)
    assert all(tp * pp * dp == 8 * 2 ** 20 for tp, pp, dp in found)
    assert len(found) < 200
    assert planner.splits(64, 8, 96, 96, limit=3) == planner.splits(64, 8, 96, 96)[:3]


def test_binding_names_memory_when_memory_sets_the_size():
    args = (GPT3, 300e9, 3 * 365, "A100-80GB", "")
    assert x.LLM_CLUSTER(*args, "binding", 0.45) == "memory"
    assert x.LLM_CLUSTER(*args, "nodes", 0.45) == x.LLM_CLUSTER(*args, "memory_nodes", 0.45)


def test_binding_names_the_split_rules_when_they_set_the_size():
    # GPT-3 175B with unsharded states needs tp 8 and at least 6 stages (about 78 GB of 80 on
    # A100-80GB). 46 days need 97 nodes: 776 GPUs = 8 × 97, and 97 is a prime above the
    # 96 layers, so no 97-node split has 6+ stages; the split rules push the size to 98.
    setup = [["micro_batch", 1], ["seq_len", 2048], ["recompute", "full"], ["zero", 0]]
    args = (GPT3, 300e9, 46, "A100-80GB", setup)
    assert x.LLM_CLUSTER(*args, "compute_nodes", 0.45) == 97
    assert x.LLM_CLUSTER(*args, "nodes", 0.45) == 98
    assert x.LLM_CLUSTER(*args, "binding", 0.45) == "split"


def test_predicted_utilization_sizes_from_the_step_time_model():
    args = (GPT3, 300e9, 30, "A100-80GB", "")
    nodes, seconds = timed(x.LLM_CLUSTER, *args, "nodes")          # predicted is the default
    assert seconds < 1.0
    assert x.LLM_CLUSTER(*args, "days") <= 30
    mfu = x.LLM_CLUSTER(*args, "mfu")
    assert 0.2 < mfu < 0.88
    setup = x.LLM_CLUSTER(*args, "setup")
    assert json.loads(setup)["gpus"] == nodes * 8
    # the chosen setup, given to the step-time function, gives the same throughput
    days = 300e9 / (x.LLM_STEP_TIME(GPT3, setup, "A100-80GB", "tokens_per_s_per_gpu") * nodes * 8) / 86400
    assert days == pytest.approx(x.LLM_CLUSTER(*args, "days"))
    assert x.LLM_CLUSTER(*args, "nodes", "predicted") == nodes


def test_mfu_field_needs_the_predicted_utilization():
    with pytest.raises(InputError, match="predicted"):
        x.LLM_CLUSTER(GPT3, 300e9, 30, "A100-80GB", "", "mfu", 0.45)
