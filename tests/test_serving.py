"""The serving model: each cost against its formula on cases checkable by hand, and the
invariants a planner must keep."""

import itertools
import json
import math

import pytest

from xlfuncs import architectures, serving
from xlfuncs import excel as x
from xlfuncs.catalogs import gpu
from xlfuncs.inputs import InputError

C = serving.constants()
H100 = gpu("H100-SXM")


def test_a_decode_step_that_reads_140_gb_at_3_35_tb_s():
    # Llama-2-70B in 16 bit is ~140 GB (Cursor, "Inference characteristics of Llama-2");
    # one H100-SXM reads 3,350 GB/s (datasheet): one sequence, no context, all bandwidth
    # -> 140 / 3350 s of memory time per step.
    m = architectures.catalog("Llama-2-70B")
    memory, _, _ = serving.decode_parts(m, serving.Serve(1, 1), H100, 1, 0, hbm_fraction=1.0)
    assert memory == pytest.approx(140 / 3350, rel=0.02)
    assert architectures.params(m, "total") * 2 / 1e9 == pytest.approx(138, rel=0.01)


def test_expected_distinct_experts():
    # Mixtral routes each token to 2 of 8 experts: one token touches 2, two tokens
    # 8·(1 − (6/8)²) = 3.5 on average, a large batch nearly all 8.
    assert serving.expected_experts(8, 2, 1) == pytest.approx(2)
    assert serving.expected_experts(8, 2, 2) == pytest.approx(3.5)
    assert serving.expected_experts(8, 2, 256) == pytest.approx(8)
    # DeepSeek-V3: 256 experts, top 8, batch 32 -> 256·(1 − (248/256)^32) = 161.9
    assert serving.expected_experts(256, 8, 32) == pytest.approx(256 * (1 - (248 / 256) ** 32))


def test_a_mixture_reads_fewer_weights_at_batch_one():
    m = architectures.catalog("Mixtral-8x7B")
    one = serving.weight_params_touched(m, 1)
    assert one == pytest.approx(architectures.params(m, "active"), rel=0.01)   # ~12.9B of 46.7B
    assert serving.weight_params_touched(m, 10_000) == pytest.approx(architectures.params(m, "total"), rel=1e-3)


def test_a_tensor_parallel_all_reduce():
    # Ring all-reduce of 1 MB over 8 H100s: NVLink 4 is 900 GB/s both ways, 450 one way, at
    # NCCL's ~78% bus efficiency, plus 2·⌈log2 8⌉ latency steps (performance.py's collective):
    # 2·7/8·1e6 / (450e9·0.78) + 6·5 µs.
    from xlfuncs import performance

    net = serving.link(H100, 8)
    assert net.gbs == pytest.approx(450 * 0.78)
    assert performance.allreduce_seconds(1e6, 8, net) == pytest.approx(2 * 7 / 8 * 1e6 / (450e9 * 0.78) + 6 * 5e-6)
    # Two per layer per step: Llama-3-70B (80 layers, hidden 8192), batch 8 in 16 bit at tp 8
    m = architectures.catalog("Llama-3-70B")
    one = performance.allreduce_seconds(8 * 8192 * 2, 8, net)
    assert serving.tp_comm_s(m, 8, serving.Serve(1, 1, tp=8), H100) == pytest.approx(160 * one)
    assert serving.tp_comm_s(m, 8, serving.Serve(1, 1, tp=1), H100) == 0
    # L40S has no NVLink: PCIe Gen4 x16, 32 GB/s a direction
    assert serving.link(gpu("L40S"), 2).gbs == pytest.approx(32)


def test_more_concurrency_never_lowers_throughput_or_tpot():
    m = architectures.catalog("Llama-3-8B")
    base = serving.Serve(1024, 256, concurrency=1)
    prev = serving.perf(m, base, H100)
    for c in (2, 4, 8, 16, 64, 256):
        p = serving.perf(m, serving._with(base, concurrency=c), H100)
        assert p["output_tokens_per_s_per_gpu"] >= prev["output_tokens_per_s_per_gpu"]
        assert p["tpot_ms"] >= prev["tpot_ms"]
        prev = p


def test_fp8_weights_never_slow_a_memory_bound_decode():
    for name in ("Llama-3-8B", "Mixtral-8x7B", "Llama-2-70B"):
        m = architectures.catalog(name)
        for c in (1, 4, 16):
            bf16 = serving.perf(m, serving.Serve(512, 512, concurrency=c, tp=4), H100)
            fp8 = serving.perf(m, serving.Serve(512, 512, concurrency=c, tp=4, weights="fp8"), H100)
            assert fp8["tpot_ms"] <= bf16["tpot_ms"]
            assert fp8["output_tokens_per_s_per_gpu"] >= bf16["output_tokens_per_s_per_gpu"]


def test_the_memory_limits_concurrency():
    # Llama-3-8B bf16 on one H100: 90% of the bytes it exposes to CUDA − 16.1 GB weights
    # − workspace, over
    # 128 KB of KV per token (32 layers × 8 KV heads × 128 × 2 × 2 bytes) × 4096 tokens
    m = architectures.catalog("Llama-3-8B")
    s = serving.Serve(2048, 2048)
    per_seq = 4096 * 32 * 8 * 128 * 2 * 2 / 1e9
    from xlfuncs.memory import exposed_gb

    free = 0.9 * exposed_gb(H100) - architectures.params(m) * 2 / 1e9 - serving.workspace_gb(m, s)
    assert serving.max_concurrency(m, s, H100) == int(free // per_seq)
    assert serving.max_concurrency(m, serving._with(s, kv_cache="fp8"), H100) == int(free // (per_seq / 2))


def test_kv_cache_in_fp8_is_half():
    assert x.LLM_KV_CACHE_GB("Llama-3-8B", 4, 8192, "fp8") == pytest.approx(x.LLM_KV_CACHE_GB("Llama-3-8B", 4, 8192) / 2)


def test_serve_perf_function_and_bands():
    serve = '{"input_len": 2048, "output_len": 128, "concurrency": 32, "weights": "fp8", "kv_cache": "fp8"}'
    tps = x.LLM_SERVE_PERF("Llama-3-8B", serve, "H100-SXM")
    assert x.LLM_SERVE_PERF("Llama-3-8B", serve, "H100-SXM", "output_tokens_per_s_per_gpu_low") < tps
    assert x.LLM_SERVE_PERF("Llama-3-8B", serve, "H100-SXM", "output_tokens_per_s_per_gpu_high") > tps
    assert x.LLM_SERVE_PERF("Llama-3-8B", serve, "H100-SXM", "ttft_ms_high") > x.LLM_SERVE_PERF("Llama-3-8B", serve, "H100-SXM", "ttft_ms")
    assert x.LLM_SERVE_PERF("Llama-3-8B", serve, "H100-SXM", "concurrency") == 32


@pytest.mark.parametrize("serve, words", [
    ('{"input_len": 128}', "output_len"),
    ('{"input_len": 128, "output_len": 8, "tp": 3}', "tp 3"),
    ('{"input_len": 128, "output_len": 8, "weights": "fp7"}', "weights"),
    ('{"input_len": 128, "output_len": 8, "batch": 8}', "batch"),
])
def test_bad_serve_tables_say_what_is_wrong(serve, words):
    with pytest.raises(InputError, match=words):
        x.LLM_SERVE_PERF("Llama-3-8B", serve, "H100-SXM")


TRAFFIC = {"requests_per_s": 4, "input_len": 1024, "output_len": 256,
           "hourly": ",".join(str(v) for v in [1] * 8 + [3] * 10 + [2] * 6)}
SLO = {"ttft_ms": 1500, "tpot_ms": 50, "price_per_gpu_hour": 2.5}


def test_the_plan_meets_its_objectives_under_serve_perf():
    setup = x.LLM_SERVE_PLAN("Llama-3-70B", json.dumps(TRAFFIC), json.dumps(SLO), "H100-SXM", "setup")
    assert x.LLM_SERVE_PERF("Llama-3-70B", setup, "H100-SXM", "ttft_ms") <= SLO["ttft_ms"]
    assert x.LLM_SERVE_PERF("Llama-3-70B", setup, "H100-SXM", "tpot_ms") <= SLO["tpot_ms"]
    tp = x.LLM_SERVE_PLAN("Llama-3-70B", json.dumps(TRAFFIC), json.dumps(SLO), "H100-SXM", "tp")
    assert tp in (1, 2, 4, 8)


def test_no_cheaper_layout_in_a_brute_force_grid():
    m, g = architectures.catalog("Llama-3-70B"), H100
    found = serving.plan(m, TRAFFIC, SLO, g)
    t = serving.read_traffic(TRAFFIC)
    for tp, w, c in itertools.product((1, 2, 4, 8), ("bf16", "fp8"), (1, 2, 4, 8, 16, 32, 64, 128, 256)):
        s = serving.Serve(1024, 256, concurrency=c, tp=tp, weights=w, kv_cache="fp8" if w == "fp8" else "bf16")
        if serving.max_concurrency(m, s, g) < c:
            continue
        p = serving.perf(m, s, g)
        if p["ttft_ms"] > SLO["ttft_ms"] or p["tpot_ms"] > SLO["tpot_ms"]:
            continue
        per_replica = p["output_tokens_per_s_per_gpu"] * tp
        gpu_hours = sum(max(math.ceil(r / per_replica - 1e-9), 1) * tp for r in t["hourly_rates"])
        assert gpu_hours >= found["gpus_average"] * 24 - 1e-9


def test_no_cheaper_layout_checked_with_serve_perf_for_a_mixture_sized_for_its_peak():
    # Mixtral-8x7B on H100s sized for the peak hour: every tp × ep × weights × concurrency that
    # LLM_SERVE_PERF says meets both objectives needs at least the plan's GPUs; the plan's own
    # setup meets them, and its GPUs follow from LLM_SERVE_PERF's throughput hour by hour.
    # 60 requests/s and 20 ms per token: more than one GPU and more than tp 1 (the plan picks tp 4)
    busy, tight = {**TRAFFIC, "requests_per_s": 60}, {**SLO, "tpot_ms": 20, "autoscale": False}
    traffic, slo = json.dumps(busy), json.dumps(tight)
    name, g = "Mixtral-8x7B", "H100-SXM"
    setup = x.LLM_SERVE_PLAN(name, traffic, slo, g, "setup")
    peak = x.LLM_SERVE_PLAN(name, traffic, slo, g, "gpus")
    assert x.LLM_SERVE_PERF(name, setup, g, "ttft_ms") <= tight["ttft_ms"]
    assert x.LLM_SERVE_PERF(name, setup, g, "tpot_ms") <= tight["tpot_ms"]
    chosen = json.loads(setup)
    per_replica = x.LLM_SERVE_PERF(name, setup, g) * chosen["tp"]
    rates = serving.read_traffic(busy)["hourly_rates"]
    assert peak > chosen["tp"] > 1
    assert peak == chosen["tp"] * max(math.ceil(r / per_replica - 1e-9) for r in rates)
    tried = 0
    layouts = [(tp, ep) for tp in (1, 2, 4, 8) for ep in sorted({1, tp})]   # experts on 1 GPU or spread over tp
    for (tp, ep), w in itertools.product(layouts, ("bf16", "fp8")):
        base = {"input_len": 1024, "output_len": 256, "tp": tp, "ep": ep, "weights": w,
                "kv_cache": "fp8" if w == "fp8" else "bf16"}
        try:
            most = x.LLM_SERVE_PERF(name, json.dumps(base), g, "max_concurrency")
        except InputError:                               # the weights do not fit this many GPUs
            continue
        for c in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512):
            if c > most:
                break
            serve = json.dumps({**base, "concurrency": c})
            if (x.LLM_SERVE_PERF(name, serve, g, "ttft_ms") > tight["ttft_ms"]
                    or x.LLM_SERVE_PERF(name, serve, g, "tpot_ms") > tight["tpot_ms"]):
                continue
            tried += 1
            rate = x.LLM_SERVE_PERF(name, serve, g) * tp
            assert tp * max(math.ceil(r / rate - 1e-9) for r in rates) >= peak, serve
    assert tried > 10


def test_the_hour_by_hour_arithmetic_by_hand():
    # 20 requests/s × 500 output tokens = 10,000 tokens/s on average; an hour with 6% of a day's
    # traffic runs at 10,000 × 24 × 0.06 = 14,400 tokens/s; replicas of 2 GPUs at 1,762 tokens/s
    # need ⌈8.17⌉ = 9 of them, 18 GPUs
    mean = serving.mean_output_rate(20, None, 500)
    assert mean == 10_000
    assert serving.mean_output_rate(0, 8.64e8, 500) == 10_000           # 864 M tokens a day
    assert serving.hourly_rate(mean, 0.06, 1.0) == pytest.approx(14_400)
    assert serving.hourly_rate(mean, 6, 100) == pytest.approx(14_400)    # shares need not add up to 1
    assert serving.gpus_for_hour(mean, 0.06, 1.0, 1762, 2) == 18
    assert serving.gpus_for_hour(mean, 0.06, 1.0, 1600, 2) == 18         # exactly 9 replicas: no tenth
    assert serving.gpus_for_hour(0, 0.06, 1.0, 1762, 2) == 2             # an idle hour keeps one replica
    hours = [2] * 8 + [18] * 10 + [10] * 6
    assert serving.gpu_hours_per_day(hours, True) == 16 + 180 + 60
    assert serving.gpu_hours_per_day(hours, False) == 24 * 18
    # a month is 8,766 / 12 = 730.5 hours: 256 GPU-hours a day at 2 a GPU-hour
    monthly = serving.monthly_cost(256, 2.0)
    assert monthly == pytest.approx(256 / 24 * 730.5 * 2.0)
    # a month of 10,000 tokens/s is 26.298 billion tokens
    assert serving.cost_per_mtok(monthly, mean) == pytest.approx(monthly / 26_298.0)
    assert serving.cost_per_mtok(monthly, 0) == 0


def test_the_plan_follows_the_hourly_profile():
    flat = serving.plan(architectures.catalog("Llama-3-8B"), {**TRAFFIC, "hourly": ""}, SLO, H100)
    shaped = serving.plan(architectures.catalog("Llama-3-8B"), TRAFFIC, SLO, H100)
    assert shaped["gpus"] >= flat["gpus"]
    assert shaped["gpus_average"] <= shaped["gpus"]
    assert shaped["monthly_cost"] == pytest.approx(shaped["gpus_average"] * 730.5 * 2.5)


def test_serve_gpus_picks_a_layout_a_framework_runs():
    # 70B in 16 bit at batch 32 and 4K context: a power-of-two tp within the node
    n = x.LLM_SERVE_GPUS("Llama-2-70B", 1e9, 4096, "H100-SXM", "bf16", 32, field="gpus_per_replica")
    assert n in (1, 2, 4, 8, 16, 32, 64)
