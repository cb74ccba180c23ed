"""The cluster that both fits and finishes, and serving, against published figures."""


import pytest

import xlfuncs as x
from xlfuncs import InputError

GPT3 = "GPT-3 175B"


def cluster(days, field):
    # The article's utilization (0.45 of peak with 8·P·T); utilization "predicted" is tested
    # in test_cluster_search.py.
    return x.LLM_CLUSTER(GPT3, 300e9, days, "A100-80GB", "", field, 0.45)


def test_gpt3_cluster_for_30_days_meets_the_deadline_and_holds_the_model():
    nodes, tp, pp, dp = (cluster(30, f) for f in ("nodes", "tp", "pp", "dp"))
    assert nodes == int(nodes) and tp * pp * dp == nodes * 8
    # meets the deadline with those GPUs
    assert cluster(30, "days") <= 30
    # at least the article's 1154.1 A100s for 30 days (§4; the detailed FLOPs add attention and logits)
    assert nodes * 8 >= 1154.1
    # the split holds the model: the per-GPU memory function agrees, with its 10% reserve
    setup = [["micro_batch", 1], ["seq_len", 2048], ["recompute", "full"], ["tp", tp], ["pp", pp], ["dp", dp]]
    assert x.LLM_TRAIN_MEM_GPU(GPT3, setup) == pytest.approx(cluster(30, "mem_gb"))
    assert x.LLM_FITS(GPT3, setup, "A100-80GB") is True
    assert cluster(30, "binding") == "compute"


def test_gpt3_cluster_for_three_years_is_set_by_memory():
    assert cluster(3 * 365, "binding") == "memory"
    nodes = cluster(3 * 365, "nodes")
    assert nodes == cluster(3 * 365, "memory_nodes") > cluster(3 * 365, "compute_nodes")
    # the article (§6): 3500 GB of model states need at least 44 cards of 80 GB
    assert nodes * 8 >= 44


def test_cluster_split_is_valid_for_megatron():
    tp, pp = cluster(30, "tp"), cluster(30, "pp")
    assert 8 % tp == 0 and 96 % tp == 0  # within a node; divides GPT-3's 96 heads
    assert 96 % pp == 0                   # divides its 96 layers


def test_cluster_needs_a_catalog_gpu():
    with pytest.raises(InputError, match="must be a GPU name from the catalog"):
        x.LLM_CLUSTER(GPT3, 300e9, 30, 312)


def test_llama_2_70b_kv_cache_is_320_kb_per_token():
    # Cursor, "Inference characteristics of Llama-2" (2023): 140 GB of weights plus
    # 320 KB per token of KV cache (80 layers × 8 KV heads × 128 × 2 × 2 bytes).
    assert x.LLM_KV_CACHE_GB("Llama-2-70B", 1, 1) * 1e9 == 320 * 1024


def test_llama_2_70b_needs_two_a100_80gb_to_serve_in_16_bit():
    # Same source: "2 80-GB A100 GPUs ... the minimum required to fit Llama in memory (16-bit)".
    assert x.LLM_SERVE_GPUS("Llama-2-70B", 1e6, 2048, "A100-80GB", "bf16", 1, 0.6, "gpus_per_replica") == 2


def test_decode_reads_the_weights_and_the_kv_cache_each_step():
    # Same source: memory read per generated token = 140 GB + 320 KB · N · B
    n, b = 4096, 16
    replica_gb = x.LLM_SERVE_GPUS("Llama-2-70B", 1e6, n, "A100-80GB", "bf16", b, 1, "replica_gb")
    assert replica_gb == pytest.approx(140 + 320 * 1024 * n * b / 1e9, rel=0.02)
    # ... and a replica makes B tokens per decode step of the serving model
    from xlfuncs import architectures, serving
    from xlfuncs.catalogs import gpu

    m = x.LLM_SERVE_GPUS("Llama-2-70B", 1e6, n, "A100-80GB", "bf16", b, 1, "gpus_per_replica")
    tps = x.LLM_SERVE_GPUS("Llama-2-70B", 1e6, n, "A100-80GB", "bf16", b, 1, "tokens_per_s")
    layout = serving.Serve(n, 0, tp=int(m))
    step = serving.decode_step_s(architectures.catalog("Llama-2-70B"), layout, gpu("A100-80GB"), b, n, 1.0)
    assert tps == pytest.approx(b / step)


def test_serving_scales_with_the_daily_volume():
    small = x.LLM_SERVE_GPUS("Llama-3-8B", 1e8, 8192, "H100-SXM")
    large = x.LLM_SERVE_GPUS("Llama-3-8B", 1e11, 8192, "H100-SXM")
    assert large > small >= 1


def test_monthly_cost():
    # Arithmetic, not a published figure: 44 GPUs all month at $2.50, 44 × 730.5 h × 2.5
    assert x.LLM_MONTHLY_COST(44, 2.5) == pytest.approx(80_355)
