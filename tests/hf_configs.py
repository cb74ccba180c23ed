"""Random small Hugging Face configs, one maker per supported model_type.

Shared by the tests that build the same config with ``transformers`` and compare its
parameter count (and a real forward/backward pass's FLOPs) with ``xlfuncs``.
Every field that changes a module's shape or presence is drawn at random.
"""

import random


def _common(r, heads_choices=(2, 4, 8)):
    heads = r.choice(heads_choices)
    kv = r.choice([k for k in (1, 2, 4, 8) if heads % k == 0])
    hd = r.choice((8, 16))
    return heads, kv, hd


def llama(r):
    heads, kv, hd = _common(r)
    cfg = dict(model_type="llama", hidden_size=heads * hd * r.choice((1, 2)), num_hidden_layers=r.randint(1, 3),
               num_attention_heads=heads, num_key_value_heads=kv, intermediate_size=r.randint(8, 96),
               vocab_size=r.randint(50, 300), attention_bias=r.random() < .5, mlp_bias=r.random() < .5,
               tie_word_embeddings=r.random() < .5)
    if r.random() < .5:
        cfg["head_dim"] = r.choice((8, 16, 24, None))        # null: hidden / heads
    if r.random() < .2:
        cfg["num_key_value_heads"] = None                    # null: as many as query heads
    return cfg


def mistral(r):
    heads, kv, hd = _common(r)
    cfg = dict(model_type="mistral", hidden_size=heads * hd, num_hidden_layers=r.randint(1, 3),
               num_attention_heads=heads, num_key_value_heads=kv, intermediate_size=r.randint(8, 96),
               vocab_size=r.randint(50, 300), tie_word_embeddings=r.random() < .5)
    if r.random() < .5:
        cfg["head_dim"] = r.choice((8, 16, 24, None))        # null: hidden / heads
    return cfg


def _no_nulls(cfg):
    """Qwen2's config class has no head_dim: a null one would reach nn.Linear."""
    if "head_dim" in cfg and cfg["head_dim"] is None:
        del cfg["head_dim"]
    return cfg


def mixtral(r):
    cfg = _no_nulls(mistral(r))
    cfg.update(model_type="mixtral", num_local_experts=r.randint(2, 6))
    cfg["num_experts_per_tok"] = r.randint(1, cfg["num_local_experts"])
    return cfg


def qwen2(r):
    cfg = _no_nulls(mistral(r))
    cfg.update(model_type="qwen2")
    return cfg


def qwen2_moe(r):
    heads, kv, hd = _common(r)
    n = r.randint(1, 4)
    e = r.choice((0, 2, 4, 6))
    return dict(model_type="qwen2_moe", hidden_size=heads * hd, num_hidden_layers=n, num_attention_heads=heads,
                num_key_value_heads=kv, intermediate_size=r.randint(8, 96), vocab_size=r.randint(50, 300),
                moe_intermediate_size=r.randint(4, 40), shared_expert_intermediate_size=r.randint(4, 40),
                num_experts=e, num_experts_per_tok=r.randint(1, max(e, 1)), decoder_sparse_step=r.randint(1, 2),
                mlp_only_layers=sorted(r.sample(range(n), r.randint(0, n))), qkv_bias=r.random() < .5,
                tie_word_embeddings=r.random() < .5)


def qwen3(r):
    heads, kv, hd = _common(r)
    return dict(model_type="qwen3", hidden_size=heads * hd * r.choice((1, 2)), num_hidden_layers=r.randint(1, 3),
                num_attention_heads=heads, num_key_value_heads=kv, head_dim=r.choice((8, 16, 24)),
                intermediate_size=r.randint(8, 96), vocab_size=r.randint(50, 300),
                attention_bias=r.random() < .5, tie_word_embeddings=r.random() < .5)


def gemma(r):
    cfg = qwen3(r)
    cfg["model_type"] = "gemma"
    cfg.pop("tie_word_embeddings") if r.random() < .3 else None
    return cfg


def gemma2(r):
    cfg = gemma(r)
    cfg["model_type"] = "gemma2"
    return cfg


def phi3(r):
    heads, kv, hd = _common(r)
    cfg = dict(model_type="phi3", hidden_size=heads * hd, num_hidden_layers=r.randint(1, 3),
               num_attention_heads=heads, intermediate_size=r.randint(8, 96), vocab_size=r.randint(50, 300),
               tie_word_embeddings=r.random() < .5)
    if r.random() < .6:
        cfg["num_key_value_heads"] = kv
    return cfg


def gpt2(r):
    heads = r.choice((1, 2, 4))
    cfg = dict(model_type="gpt2", n_embd=heads * r.choice((8, 16)), n_layer=r.randint(1, 3), n_head=heads,
               vocab_size=r.randint(50, 300), n_positions=r.randint(16, 80), tie_word_embeddings=r.random() < .7,
               add_cross_attention=r.random() < .2)
    if r.random() < .5:
        cfg["n_inner"] = r.randint(8, 96)
    return cfg


def opt(r):
    heads = r.choice((1, 2, 4))
    h = heads * r.choice((8, 16))
    return dict(model_type="opt", hidden_size=h, num_hidden_layers=r.randint(1, 3), num_attention_heads=heads,
                ffn_dim=r.randint(8, 96), vocab_size=r.randint(50, 300), max_position_embeddings=r.randint(16, 80),
                word_embed_proj_dim=r.choice((h, h, 8, 24)), do_layer_norm_before=r.random() < .7,
                enable_bias=r.random() < .5, layer_norm_elementwise_affine=r.random() < .7,
                tie_word_embeddings=r.random() < .7)


def bloom(r):
    heads = r.choice((1, 2, 4))
    return dict(model_type="bloom", hidden_size=heads * r.choice((8, 16)), n_layer=r.randint(1, 3), n_head=heads,
                vocab_size=r.randint(50, 300), tie_word_embeddings=r.random() < .7)


def falcon(r):
    heads = r.choice((2, 4, 8))
    cfg = dict(model_type="falcon", hidden_size=heads * r.choice((8, 16)), num_hidden_layers=r.randint(1, 3),
               num_attention_heads=heads, vocab_size=r.randint(50, 300),
               new_decoder_architecture=r.random() < .5, multi_query=r.random() < .5,
               parallel_attn=r.random() < .7, bias=r.random() < .5, tie_word_embeddings=r.random() < .5)
    if r.random() < .7:
        cfg["num_kv_heads"] = r.choice([k for k in (1, 2, 4) if heads % k == 0])
    if r.random() < .5:
        cfg["ffn_hidden_size"] = r.randint(8, 96)
    if r.random() < .4:
        cfg["num_ln_in_parallel_attn"] = r.choice((1, 2))
    return cfg


def gpt_neox(r):
    heads = r.choice((1, 2, 4))
    return dict(model_type="gpt_neox", hidden_size=heads * r.choice((8, 16)), num_hidden_layers=r.randint(1, 3),
                num_attention_heads=heads, intermediate_size=r.randint(8, 96), vocab_size=r.randint(50, 300),
                attention_bias=r.random() < .5, use_parallel_residual=r.random() < .5,
                tie_word_embeddings=r.random() < .3)


def deepseek_v3(r):
    heads = r.choice((2, 4))
    n = r.randint(1, 4)
    e = r.randint(2, 8)
    return dict(model_type="deepseek_v3", hidden_size=r.choice((16, 32, 48)), num_hidden_layers=n,
                num_attention_heads=heads, num_key_value_heads=heads, vocab_size=r.randint(50, 300),
                intermediate_size=r.randint(8, 96), moe_intermediate_size=r.randint(4, 40),
                n_routed_experts=e, num_experts_per_tok=r.randint(1, e), n_group=1, topk_group=1,
                n_shared_experts=r.randint(0, 2), first_k_dense_replace=r.randint(0, n),
                kv_lora_rank=r.choice((4, 8, 16)), q_lora_rank=r.choice((None, 8, 12)),
                qk_rope_head_dim=r.choice((4, 8)), qk_nope_head_dim=r.choice((4, 8, 12)),
                v_head_dim=r.choice((4, 8, 12)), attention_bias=r.random() < .5,
                tie_word_embeddings=r.random() < .3)


def qwen3_moe(r):
    cfg = qwen2_moe(r)
    cfg.update(model_type="qwen3_moe", attention_bias=cfg.pop("qkv_bias"))
    cfg.pop("shared_expert_intermediate_size")
    cfg["num_experts"] = r.choice((0, 2, 4, 6))
    cfg["num_experts_per_tok"] = r.randint(1, max(cfg["num_experts"], 1))
    if r.random() < .6:
        cfg["head_dim"] = r.choice((8, 16, 24))
    return cfg


def gemma3_text(r):
    cfg = gemma(r)
    cfg.update(model_type="gemma3_text", sliding_window=r.choice((4, 8)))
    return cfg


def gpt_oss(r):
    heads, kv, hd = _common(r)
    e = r.randint(1, 6)
    n = r.randint(1, 3)
    return dict(model_type="gpt_oss", hidden_size=heads * hd * r.choice((1, 2)), num_hidden_layers=n,
                num_attention_heads=heads, num_key_value_heads=kv, head_dim=r.choice((8, 16, 24)),
                intermediate_size=r.randint(8, 64), vocab_size=r.randint(50, 300), num_local_experts=e,
                num_experts_per_tok=r.randint(1, e), attention_bias=r.random() < .7, sliding_window=8,
                tie_word_embeddings=r.random() < .3)


def llama4_text(r):
    heads, kv, hd = _common(r)
    n = r.randint(1, 5)
    cfg = dict(model_type="llama4_text", hidden_size=heads * hd, num_hidden_layers=n, num_attention_heads=heads,
               num_key_value_heads=kv, head_dim=r.choice((8, 16)), intermediate_size=r.randint(8, 64),
               intermediate_size_mlp=r.randint(8, 96), vocab_size=r.randint(50, 300),
               num_local_experts=r.randint(1, 6), interleave_moe_layer_step=r.randint(1, 2),
               attention_bias=r.random() < .3, attention_chunk_size=16, tie_word_embeddings=r.random() < .3)
    cfg["num_experts_per_tok"] = r.randint(1, cfg["num_local_experts"])
    if r.random() < .3:
        cfg["moe_layers"] = sorted(r.sample(range(n), r.randint(0, n)))
    return cfg


def gptj(r):
    heads = r.choice((1, 2, 4))
    cfg = dict(model_type="gptj", n_embd=heads * r.choice((8, 16)), n_layer=r.randint(1, 3), n_head=heads,
               rotary_dim=4, vocab_size=r.randint(50, 300), tie_word_embeddings=r.random() < .3)
    if r.random() < .5:
        cfg["n_inner"] = r.randint(8, 96)
    return cfg


MAKERS = {f.__name__: f for f in (llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, gemma, gemma2, phi3,
                                  gpt2, opt, bloom, falcon, gpt_neox, deepseek_v3,
                                  qwen3_moe, gemma3_text, gpt_oss, llama4_text, gptj)}


def random_configs(model_type, n, seed=0):
    r = random.Random(f"{model_type}-{seed}")
    return [MAKERS[model_type](r) for _ in range(n)]


def build(cfg, device="meta", **kwargs):
    """The transformers causal-LM model for a config dict."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    fields = {k: v for k, v in cfg.items() if k != "model_type"}
    tokens = dict(pad_token_id=0, bos_token_id=0, eos_token_id=0)  # inside the small vocabularies
    hf = AutoConfig.for_model(cfg["model_type"], **{**tokens, **fields, **kwargs})
    with torch.device(device):
        return AutoModelForCausalLM.from_config(hf)


def count(model):
    return sum(p.numel() for p in model.parameters())  # parameters() yields a tied weight once


def need_transformers():
    """torch and transformers, or a visible skip (a failure when XLFUNCS_REQUIRE_HF=1)."""
    import importlib.util
    import os

    import pytest

    missing = [m for m in ("torch", "transformers") if importlib.util.find_spec(m) is None]
    if missing:
        reason = (f"{' and '.join(missing)} not installed: pip install -e '.[hf]' to compare "
                  "with Hugging Face models")
        if os.environ.get("XLFUNCS_REQUIRE_HF") == "1":
            pytest.fail(reason + " (XLFUNCS_REQUIRE_HF=1)")
        pytest.skip(reason)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
