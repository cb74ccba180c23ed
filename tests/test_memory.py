"""Per-GPU training memory: each published expression checked on its own.

ZeRO: Rajbhandari et al. 2020, Figure 1 (K = 12, Ψ = 7.5B, N_d = 64 → 120 / 31.4 / 16.6 /
1.9 GB). Activations: Korthikanti et al. 2022, Table 2. The article: 20 bytes per
parameter for mixed-precision AdamW (§6, 175B → 3500 GB).
"""

import pytest

import xlfuncs
from xlfuncs import InputError, formulas, memory
from xlfuncs.architectures import model, params
from xlfuncs.catalogs import model as catalog_model


def mem(name, part="total", **setup):
    return xlfuncs.LLM_TRAIN_MEM_GPU(name, {"micro_batch": 1, "seq_len": 2048, **setup}, part)


def states(name, **setup):
    return sum(mem(name, p, **setup) for p in ("weights", "gradients", "optimizer"))


@pytest.mark.parametrize("zero,gb", [(0, 120.0), (1, 31.4), (2, 16.6), (3, 1.9)])
def test_zero_paper_figure_1(zero, gb):
    # (2+2+K)Ψ, (2+2+K/N)Ψ, (2+(2+K)/N)Ψ, (2+2+K)Ψ/N with K = 12, Ψ = 7.5B, N = 64.
    per_param = sum(memory.zero_bytes_per_param(2, 2, 12, zero=zero, dp=64))
    assert round(per_param * 7.5e9 / 1e9, 1) == gb


def test_bf16_adamw_is_the_articles_20_bytes_per_parameter():
    p = params(model(catalog_model("GPT-3 175B")["config"]))
    assert states("GPT-3 175B", framework="article") == pytest.approx(formulas.train_memory_gb(p, 20))
    assert sum(memory.state_bytes("bf16-mixed", "adamw")) == 20                # §6: 175e9 → 3500 GB


@pytest.mark.parametrize("n", [1, 8, 64, 512])
def test_zero_2_is_2_plus_18_over_n_bytes_per_parameter(n):
    p = params(model(catalog_model("Llama-3-8B")["config"]))
    assert states("Llama-3-8B", dp=n, zero=2, framework="article") == pytest.approx((2 + 18 / n) * p / 1e9)
    assert states("Llama-3-8B", dp=n, zero=3, framework="article") == pytest.approx(20 / n * p / 1e9)


def test_fp8_training_is_faster_not_smaller():
    assert states("Llama-3-8B", precision="fp8-mixed") == states("Llama-3-8B", precision="bf16-mixed")
    assert memory.state_bytes("fp32", "adamw") == (4, 4, 8)
    assert memory.state_bytes("bf16-mixed", "adamw8bit") == (2, 6, 6)


def test_tensor_and_pipeline_parallel_split_the_busiest_shard_as_megatron():
    m = model(catalog_model("Llama-3-70B")["config"])
    emb, layers = 128256 * 8192, params(m, "non_embedding")
    assert memory.params_on_busiest_gpu(m, tp=8, pp=1) == pytest.approx((layers + 2 * emb) / 8)
    assert memory.params_on_busiest_gpu(m, tp=8, pp=4) == pytest.approx((layers / 4 + emb) / 8)


# Korthikanti et al. 2022, Table 2, per layer, with the paper's 530B shape.
S, B, H, A, T = 2048, 1, 20480, 128, 8


@pytest.mark.parametrize("tp,sp,recompute,expression", [
    (1, False, "none", S * B * H * (34 + 5 * A * S / H)),
    (T, False, "none", S * B * H * (10 + 24 / T + 5 * A * S / (H * T))),
    (T, True, "none", S * B * H * (34 / T + 5 * A * S / (H * T))),
    (T, False, "selective", S * B * H * (10 + 24 / T)),
    (T, True, "selective", S * B * H * (34 / T)),
    (1, False, "full", S * B * H * 2),
])
def test_korthikanti_table_2(tp, sp, recompute, expression):
    assert memory.activation_bytes_per_layer(S, B, H, A, tp, sp, recompute) == pytest.approx(expression)


def test_first_stage_holds_all_layers_worth_of_activations():
    m = model(catalog_model("GPT-3 175B")["config"])
    s, b, h, a, L, t, p = 2048, 1, 12288, 96, 96, 8, 8
    per_layer = s * b * h * (34 / t + 5 * a * s / (h * t))
    extra = (8 * s * b * p + s * b * h * p) / t         # Megatron-LM: input ids, embedding dropout
    assert memory.activation_bytes(m, s, b, tp=t, pp=p, sp=True) == pytest.approx(L * per_layer + extra)


def test_sequence_parallel_is_on_by_default_with_tensor_parallel():
    assert mem("Llama-3-8B", "activations", tp=4) == mem("Llama-3-8B", "activations", tp=4, sp=True)
    assert mem("Llama-3-8B", "activations", tp=4, sp=False) > mem("Llama-3-8B", "activations", tp=4)


def test_recompute_orders_activations():
    full, sel, none = (mem("Llama-3-8B", "activations", recompute=r, flash_attention=False) for r in ("full", "selective", "none"))
    assert full < sel < none


def test_fits_and_headroom_compare_the_total_with_what_the_gpu_exposes():
    alone = {"micro_batch": 1, "seq_len": 2048, "framework": "article"}
    assert xlfuncs.LLM_FITS("LLaMA-7B", alone, "H100-SXM") is False      # 20 B × 6.7B = 135 GB > 80
    sharded = {**alone, "dp": 8, "zero": 3, "recompute": "full"}
    assert xlfuncs.LLM_FITS("LLaMA-7B", sharded, "H100-SXM") is True
    need = mem("LLaMA-7B", dp=8, zero=3, recompute="full", framework="article")
    # torch reports an "80 GB" H100 as "a total capacity of 79.11 GiB" (vllm-project/vllm#27508)
    exposed = 79.11 * 2 ** 30 / 1e9
    assert xlfuncs.LLM_HEADROOM_GB("LLaMA-7B", sharded, "H100-SXM") == pytest.approx(exposed - need, abs=0.01)
    assert xlfuncs.LLM_HEADROOM_GB("LLaMA-7B", {**sharded, "reserve": 0.1}, 80) == pytest.approx(72 - need)
    gpu = xlfuncs.catalogs.gpu("H100-SXM")
    setup = memory.read_setup(sharded)
    assert memory.fits(model(catalog_model("LLaMA-7B")["config"]), setup, gpu) is True


@pytest.mark.parametrize("setup,message", [
    ({"seq_len": 2048}, "setup has no micro_batch"),
    ({"micro_batch": 1, "seq_len": 2048, "zero": 4}, "setup zero must be a whole number between 0 and 3"),
    ({"micro_batch": 1, "seq_len": 2048, "recompute": "some"}, "setup recompute must be one of"),
    ({"micro_batch": 1, "seq_len": 2048, "optimiser": "adamw"}, 'setup key "optimiser" is unknown'),
    ({"micro_batch": 1, "seq_len": 2048, "precision": "int4"}, "setup precision must be one of"),
])
def test_bad_setups(setup, message):
    with pytest.raises(InputError, match=message):
        xlfuncs.LLM_TRAIN_MEM_GPU("GPT-2", setup)


def test_memory_part_is_checked():
    with pytest.raises(InputError, match="part must be one of"):
        mem("GPT-2", "active")
