"""Per-GPU memory as the frameworks allocate it, against their own estimators.

Megatron-LM's ``megatron/training/theoretical_memory_usage.py`` (NVIDIA/Megatron-LM at
commit d98e8a64ddf34856e74b24714e3bedb2f5a39553) is transcribed below as a reference for
the cases it covers (dense GPT layers and MoE layers with expert parallelism, sequence
parallelism with selective recomputation, 1F1B and interleaved schedules); the product's
numbers are set against it. Where the product differs it says why (norm weights are
split over tp here, replicated there: < 0.1%).
"""

import math

import pytest

from xlfuncs import InputError, allocation, architectures, memory


def megatron_weight_and_optimizer_bytes(h, L, ffn, vocab, heads, groups, tp, pp, dp, distributed, untied,
                                        experts=None, moe_ffn=0, top_k=0, ep=1, etp=1, swiglu=False):
    """Megatron-LM compute_weight_and_optimizer_memory, transcribed (RMSNorm, no MTP)."""
    gated = 3 / 2 if swiglu else 1
    attention = 2 * h * h * (1 + groups / heads)
    norms = 2 * h
    embedding = h * vocab
    if experts:
        tp_sharded = (attention) * L
        expert_sharded = 2 * h * moe_ffn * experts * gated * L
        replicated = (norms + h * experts) * L + h
    else:
        tp_sharded = (attention + 2 * h * ffn * gated) * L
        expert_sharded = 0
        replicated = norms * L + h
    world = tp * pp * dp
    expert_dp = world // (etp * ep * pp)
    tp_shard = (tp_sharded / pp + embedding) / tp
    if untied and pp == 1:
        tp_shard += embedding / tp
    rep_shard = replicated / pp
    exp_shard = expert_sharded / pp / (etp * ep)

    def per_param(n):
        return 18 if not distributed else 6 + 12 / n

    return (tp_shard + rep_shard) * per_param(dp) + exp_shard * per_param(expert_dp)


def megatron_activation_bytes(s, b, h, ffn, L, vocab, tp, pp, vp=None):
    """Megatron-LM compute_activation_memory (sequence parallel + selective), transcribed."""
    act = s * b * h * (18 + 4 * ffn / h) * L
    act += 8 * s * b * pp + s * b * h * pp
    if vp is not None:
        act *= 1 + (pp - 1) / (pp * vp)
    if pp == 1:
        act += s * b * h * 4 * (1 + vocab / h)
    return act / tp


def gpt(h, L, heads, vocab, ffn=None):
    return architectures.model({"model_type": "gpt2", "n_embd": h, "n_layer": L, "n_head": heads,
                                "vocab_size": vocab, "n_positions": 2048, "n_inner": ffn or 4 * h})


def first_stage(model, **setup):
    return memory.stage_parts(model, memory.read_setup({"micro_batch": 1, "seq_len": 2048, **setup}))[0]


@pytest.mark.parametrize("tp,pp,dp,zero", [(8, 16, 8, 1), (8, 8, 1, 0), (4, 1, 16, 1), (2, 4, 64, 1)])
def test_megatron_weights_and_optimizer_of_a_gpt(tp, pp, dp, zero):
    # GPT-3 175B shapes (Megatron pads GPT-2's vocabulary to 51,200); tied embeddings.
    m = gpt(12288, 96, 96, 51200)
    parts = first_stage(m, tp=tp, pp=pp, dp=dp, zero=zero)
    ours = parts["weights"] + parts["gradients"] + parts["optimizer"]
    ref = megatron_weight_and_optimizer_bytes(12288, 96, 4 * 12288, 51200, 96, 96, tp, pp, dp, zero == 1, False)
    # GPT-2 also has learned positions (2048 × h) on the first stage, which Megatron's RoPE runs lack.
    ref += 2048 * 12288 / tp * (6 + 12 / dp if zero else 18)
    assert ours == pytest.approx(ref, rel=2e-3)


def test_megatron_weights_and_optimizer_with_expert_parallelism():
    # Mixtral-8x7B-like: 8 experts, top-2, SwiGLU, GQA 8 groups; ep 8 over 64 GPUs.
    cfg = {"model_type": "mixtral", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
           "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 32000, "num_local_experts": 8,
           "num_experts_per_tok": 2, "tie_word_embeddings": False}
    m = architectures.model(cfg)
    tp, pp, dp, ep = 2, 4, 8, 8
    parts = first_stage(m, tp=tp, pp=pp, dp=dp, ep=ep, etp=1)
    ours = parts["weights"] + parts["gradients"] + parts["optimizer"]
    ref = megatron_weight_and_optimizer_bytes(4096, 32, 0, 32000, 32, 8, tp, pp, dp, True, True,
                                              experts=8, moe_ffn=14336, top_k=2, ep=ep, etp=1, swiglu=True)
    assert ours == pytest.approx(ref, rel=2e-3)


@pytest.mark.parametrize("tp,pp,vp", [(8, 1, None), (8, 8, None), (8, 8, 3), (4, 12, 2)])
def test_megatron_activations_sequence_parallel_selective(tp, pp, vp):
    m = gpt(12288, 96, 96, 51200)
    parts = first_stage(m, tp=tp, pp=pp, vp=vp or 1, sp=True, recompute="selective", dropout=True,
                        flash_attention=False)
    ref = megatron_activation_bytes(2048, 1, 12288, 4 * 12288, 96, 51200, tp, pp, vp)
    assert parts["activations"] == pytest.approx(ref, rel=1e-3)


def test_interleaving_factor_is_korthikantis():
    # first stage: L/pp layers × pp·(1 + (pp−1)/(pp·vp)) micro-batches (Korthikanti et al. 2022 §4.2.3)
    for pp, vp in [(8, 3), (35, 3), (16, 2)]:
        assert allocation.in_flight(0, pp, vp) == pytest.approx(pp * (1 + (pp - 1) / (pp * vp)))
    assert allocation.in_flight(0, 8) == 8 and allocation.in_flight(7, 8) == 1


def test_llama_405b_published_split_is_accepted_with_short_first_and_last_stages():
    # Llama 3 paper §3.3.2: 126 layers on 16 stages, one layer fewer on the first and last.
    assert allocation.stage_layers(126, 16) == [7] + [8] * 14 + [7]
    assert allocation.stage_layers(126, 16, embedding_as_layer=True, output_as_layer=True) == [7] + [8] * 14 + [7]
    fixed = allocation.stage_layers(126, 16, first=6, last=6)  # the other 14 share 114: 8 or 9 each
    assert (fixed[0], fixed[-1], sum(fixed), sorted(set(fixed[1:-1]))) == (6, 6, 126, [8, 9])
    assert memory.split_ok(128, 126, 8, 16)
    m = architectures.catalog("Llama-3.1-405B")
    setup = memory.read_setup({"micro_batch": 1, "seq_len": 8192, "tp": 8, "pp": 16, "dp": 128})
    stages = memory.stage_parts(m, setup)
    assert len(stages) == 16
    total = memory.train_memory_gb(m, setup, "total")
    assert total == max(s["total"] for s in stages) / 1e9


def test_deepseek_v3_on_2048_gpus_with_expert_parallelism():
    # DeepSeek-V3 report §3.2: pp 16, ep 64 over 8 nodes, ZeRO-1 data parallel, no tensor parallel.
    m = architectures.catalog("DeepSeek-V3")
    setup = memory.read_setup({"micro_batch": 1, "seq_len": 4096, "pp": 16, "ep": 64, "dp": 128})
    stage = memory.stage_parts(m, setup)[1]            # a middle stage: 4 layers, all MoE
    layers = allocation.stage_layers(61, 16)
    assert layers[1] == 4
    expert = m.layers[-1].expert.params                # 3 · 7168 · 2048
    shared = m.layers[-1].shared.params
    held = 4 * (shared + 256 / 64 * expert)            # 4 of the 256 routed experts on each GPU
    expert_dp = 128 / 64                               # Megatron: world / (etp · ep · pp)
    ref = 4 * shared * (6 + 12 / 128) + 4 * 4 * expert * (6 + 12 / expert_dp)
    assert stage["weights"] == pytest.approx(2 * held, rel=1e-9)
    assert stage["weights"] + stage["gradients"] + stage["optimizer"] == pytest.approx(ref, rel=1e-9)


def test_qwen3_235b_a22b_with_ep_32():
    # Qwen3-235B-A22B's config (Hugging Face Qwen/Qwen3-235B-A22B config.json) in the qwen2_moe
    # shapes: 94 layers, 128 experts, top-8, head_dim 128, 4 KV heads, untied head.
    cfg = {"model_type": "qwen2_moe", "hidden_size": 4096, "num_hidden_layers": 94, "num_attention_heads": 64,
           "num_key_value_heads": 4, "head_dim": 128, "intermediate_size": 12288, "moe_intermediate_size": 1536,
           "num_experts": 128, "num_experts_per_tok": 8, "shared_expert_intermediate_size": 0,
           "vocab_size": 151936, "tie_word_embeddings": False, "qkv_bias": False}
    m = architectures.model(cfg)
    assert architectures.params(m) == pytest.approx(235e9, rel=0.01)        # the model card's 235B
    assert architectures.params(m, "active") == pytest.approx(22e9, rel=0.03)  # and 22B active
    setup = memory.read_setup({"micro_batch": 1, "seq_len": 4096, "tp": 4, "pp": 8, "ep": 32, "etp": 1, "dp": 32})
    parts = memory.stage_parts(m, setup)[1]
    experts_per_gpu = sum(l.experts * l.expert.params for l in m.layers[:12]) / 32
    assert experts_per_gpu < parts["weights"] / 2                # experts are sharded 32 ways


def test_context_parallel_splits_the_activations_along_the_sequence():
    m = architectures.catalog("Llama-3-8B")
    one = first_stage(m, seq_len=32768, dp=8)["activations"]
    two = first_stage(m, seq_len=32768, dp=4, cp=2)["activations"]
    assert two == pytest.approx(one / 2, rel=1e-9)


def test_routed_experts_keep_top_k_copies():
    m = architectures.catalog("Mixtral-8x7B")
    layer, h, t = m.layers[0], 4096, 1000
    per_token = allocation.layer_activation_bytes(layer, h, t, (1, 1), framework="megatron") / t
    dense_like = allocation.layer_activation_bytes(
        architectures.catalog("Mistral-7B").layers[0], h, t, (1, 1), framework="megatron") / t
    # two routed copies of 4h + 6f each against one dense FFN of 6f
    assert per_token - dense_like == pytest.approx(2 * (4 * h + 6 * 14336) - 6 * 14336 + 4 * 8, rel=1e-6)


def test_framework_bytes_per_parameter():
    # Megatron-LM: 18 bytes, 6 + 12/N with the distributed optimizer
    assert sum(allocation.state_bytes_per_param("megatron", "bf16-mixed", "adamw", 0, 64)) == 18
    assert sum(allocation.state_bytes_per_param("megatron", "bf16-mixed", "adamw", 1, 64)) == 6 + 12 / 64
    # DeepSpeed's estimators: ZeRO-2 4 + 16/N, ZeRO-3 18/N
    assert sum(allocation.state_bytes_per_param("deepspeed", "bf16-mixed", "adamw", 2, 64)) == 4 + 16 / 64
    assert sum(allocation.state_bytes_per_param("deepspeed", "bf16-mixed", "adamw", 3, 64)) == 18 / 64
    # FSDP2 with fp32 sharded parameters: 16/N
    assert sum(allocation.state_bytes_per_param("fsdp", "bf16-mixed", "adamw", 3, 64)) == 16 / 64


@pytest.mark.parametrize("setup,message", [
    ({"ep": 3, "dp": 3}, "setup ep 3 must divide the model's 8 routed experts"),
    ({"vp": 2}, "setup vp 2 needs pipeline stages"),
    ({"framework": "fsdp", "zero": 1}, "setup zero must be 2"),
    ({"framework": "jax"}, "setup framework must be one of"),
    ({"pp": 40}, "setup pp 40 must be at most the model's 32 layers"),
    ({"capacity_factor": 0}, "setup capacity_factor must be a positive number"),
    ({"pp": 4, "first_stage_layers": 30, "last_stage_layers": 5}, "leave no valid split"),
    ({"ep": 8, "dp": 4}, r"setup ep × etp \(8 × 1\) must divide tp × cp × dp \(4\)"),
    ({"framework": "article", "ep": 8, "dp": 8}, "setup framework article .* has no ep"),
])
def test_bad_setups_say_what_is_wrong(setup, message):
    with pytest.raises(InputError, match=message):
        memory.train_memory_gb(architectures.catalog("Mixtral-8x7B"),
                               memory.read_setup({"micro_batch": 1, "seq_len": 2048, **setup}))
