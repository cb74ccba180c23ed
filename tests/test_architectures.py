"""Exact parameter counts, detailed FLOPs and KV cache from Hugging Face configs.

Every expected number is published outside this project: a model card, a paper's table,
a Hugging Face checkpoint's parameter count, or the number of parameters (and operator
FLOPs) of the model ``transformers`` builds from the same config.
"""

import json
from pathlib import Path

import pytest

import xlfuncs
from xlfuncs import InputError, architectures
from xlfuncs.catalogs import model as catalog_model, models

from hf_configs import MAKERS, build, count, need_transformers, random_configs

CATALOG = json.loads((Path(xlfuncs.__file__).parent / "catalogs" / "models.json").read_text())["models"]


def params(config, part="total"):
    return xlfuncs.LLM_PARAMS_HF(config, part)


# --- published totals, from the catalog's configs -------------------------------------------

PUBLISHED = {  # model cards / Hugging Face checkpoint counts
    "GPT-2": 124_439_808, "LLaMA-7B": 6_738_415_616, "Llama-3-8B": 8_030_261_248,
    "Llama-3.1-405B": 405_853_388_800, "Mistral-7B": 7_241_732_096, "Mixtral-8x7B": 46_702_792_704,
    "Qwen2.5-7B": 7_615_616_512, "Gemma-7B": 8_537_680_896, "DeepSeek-V3": 671_026_404_352,
    # Hugging Face safetensors totals (Llama-2: minus 64·layers stored rotary inv_freq buffers)
    "Llama-3-70B": 70_553_706_496, "Llama-3.1-70B": 70_553_706_496, "Llama-3.1-8B": 8_030_261_248,
    "Llama-2-70B": 68_976_653_312 - 64 * 80, "Llama-2-13B": 13_015_866_880 - 64 * 40,
    "Llama-2-7B": 6_738_417_664 - 64 * 32, "Falcon-180B": 179_522_565_120,
    # Hugging Face checkpoints of Gemma 2 (safetensors totals)
    "Gemma-2-9B": 9_241_705_984, "Gemma-2-27B": 27_227_128_320,
    # Hugging Face gpt2-* checkpoints
    "GPT-2 Medium": 354_823_168, "GPT-2 Large": 774_030_080, "GPT-2 XL": 1_557_611_200,
}


@pytest.mark.parametrize("name", PUBLISHED)
def test_published_totals_from_config(name):
    config = catalog_model(name)["config"]
    assert params(json.loads(json.dumps(config))) == PUBLISHED[name]   # the config as a plain dict
    assert params(name) == PUBLISHED[name]                             # and by catalog name


def test_mixtral_active_parameters_are_mistrals_12_9B():
    assert params("Mixtral-8x7B", "active") == 12_879_925_248           # Mistral blog: 12.9B per token


def test_gemma_non_embedding_counts_are_the_papers_table_2():
    assert params("Gemma-2B", "non_embedding") == 1_981_884_416
    assert params("Gemma-7B", "non_embedding") == 7_751_248_896


def test_qwen25_7b_card_split():
    assert round(params("Qwen2.5-7B", "non_embedding") / 1e9, 2) == 6.53   # model card: 6.53B non-embedding
    assert abs(params("Qwen2.5-7B") / 1e9 - 7.61) < 0.01                 # card: 7.61B (truncated)


def test_bloom_is_the_papers_176247M():
    assert round(params("BLOOM-176B") / 1e6) == 176_247


@pytest.mark.parametrize("name,millions", [("GPT-3 Small", 125), ("GPT-3 Medium", 356), ("GPT-3 Large", 760),
                                           ("GPT-3 XL", 1320), ("GPT-3 2.7B", 2650), ("GPT-3 6.7B", 6660),
                                           ("GPT-3 13B", 12850), ("GPT-3 175B", 174600)])
def test_gpt3_counts_round_to_table_d1(name, millions):
    digits = len(str(millions).rstrip("0"))                             # the table's significant digits
    assert f"{params(name):.{digits}g}" == f"{millions * 1e6:.{digits}g}"


@pytest.mark.parametrize("name,total,active,digits", [
    ("gpt-oss-20b", 20.91e9, 3.61e9, 4), ("gpt-oss-120b", 116.83e9, 5.13e9, 5),  # model card, Table 1
])
def test_gpt_oss_is_its_model_card(name, total, active, digits):
    # the card's active count leaves the token embedding (V × h) out
    embedding = 201_088 * 2_880
    assert f"{params(name):.{digits}g}" == f"{total:.{digits}g}"
    assert f"{params(name, 'active') - embedding:.3g}" == f"{active:.3g}"


@pytest.mark.parametrize("name,total,active,non_embedding", [
    ("Qwen3-8B", "8.2", "8.2", "6.95"), ("Qwen3-32B", "32.8", "32.8", "31.2"),        # Qwen3 model cards
    ("Qwen3-30B-A3B", "30.5", "3.3", "29.9"), ("Qwen3-235B-A22B", "235", "22", "234"),
])
def test_qwen3_is_its_model_cards(name, total, active, non_embedding):
    # the cards round or truncate: each count is within one unit of the card's last digit
    for part, card in (("total", total), ("active", active), ("non_embedding", non_embedding)):
        unit = 10 ** -len(card.split(".")[1]) if "." in card else 1
        assert abs(params(name, part) / 1e9 - float(card)) < unit, part


def test_llama4_active_is_the_published_17B():
    # Meta's 17B active for both; 109B / 400B totals include the vision encoder (not counted here)
    assert round(params("Llama-4-Scout", "active") / 1e9) == 17 == round(params("Llama-4-Maverick", "active") / 1e9)
    assert round(params("Llama-4-Maverick") / 1e9, -2) == 400


def test_deepseek_v3_active_is_near_the_published_37B():
    # README: 37B activated; README_WEIGHTS: 36.7B. The config gives 37.55B: within 2.5%.
    assert abs(params("DeepSeek-V3", "active") / 37e9 - 1) < 0.025


def test_chinchilla_gap_is_one_d_squared_per_layer():
    # gpt_neox has no Transformer-XL relative-position projection; the note says the gap to
    # the published 70B is about one more d×d matrix per layer.
    count = params("Chinchilla-70B")
    assert f"{count:.2g}" == "6.5e+10"                                   # 65B as this layout stands
    assert f"{count + 80 * 8192 ** 2:.2g}" == "7e+10"                    # the published 70B with it


@pytest.mark.parametrize("entry", CATALOG, ids=[e["name"] for e in CATALOG])
def test_catalog_params_equal_the_count_from_its_config(entry):
    assert params(entry["config"]) == entry["params"]
    assert params(entry["config"], "active") == entry["active_params"]
    assert params(entry["config"], "embedding") + params(entry["config"], "non_embedding") == entry["params"]


# --- against the models transformers builds ------------------------------------------------

@pytest.mark.parametrize("model_type", sorted(MAKERS))
def test_counts_equal_transformers_for_random_configs(model_type):
    need_transformers()
    for config in random_configs(model_type, 12):
        assert params(config) == count(build(config)), config


# --- errors -------------------------------------------------------------------------------

def test_unsupported_model_type_is_named():
    with pytest.raises(InputError, match='model_type "t5" is not supported'):
        params({"model_type": "t5", "d_model": 512})


def test_missing_key_is_named():
    config = {"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
              "vocab_size": 100}
    with pytest.raises(InputError, match="config has no intermediate_size"):
        params(config)
    with pytest.raises(InputError, match="config has no model_type"):
        params({"hidden_size": 64})


def test_shape_constant_defaults_are_required():
    # Qwen3's Hugging Face default head_dim is 128 whatever the width: not guessed silently.
    config = {"model_type": "qwen3", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
              "num_key_value_heads": 2, "intermediate_size": 96, "vocab_size": 100}
    with pytest.raises(InputError, match="config has no head_dim"):
        params(config)


def test_bad_values_are_errors():
    config = dict(models()["gpt2"]["config"], n_layer=2.5)
    with pytest.raises(InputError, match="n_layer must be a whole number"):
        params(config)
    with pytest.raises(InputError, match="part must be one of"):
        params("GPT-2", "weights")


# --- detailed training FLOPs ---------------------------------------------------------------

def flops(config, tokens, seq_len, recompute=True, causal=False):
    return xlfuncs.LLM_TRAIN_FLOPS_HF(config, tokens, seq_len, recompute, causal)


def test_gpt_shape_is_narayanan_eq_3_exactly():
    # Narayanan et al. 2021, eq. 3: F = 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)) per iteration.
    B, s, l, h, V = 1536, 2048, 96, 12288, 50257
    eq3 = 96 * B * s * l * h ** 2 * (1 + s / (6 * h) + V / (16 * l * h))
    assert flops("GPT-3 175B", B * s, s) == pytest.approx(eq3, rel=1e-12)


def megatron_flops(B, s, l, h, a, kv, f, V, gated=True, experts_routed_to=1, causal=False):
    """Megatron-LM ``num_floating_point_operations`` (training.py), dense/GQA/MoE path."""
    ratio = 0.5 if causal else 1.0
    attn = 12 * l * h * h * (1 + kv / a + s / h * ratio)
    mlp = 12 * l * h * f * (1.5 if gated else 1) * experts_routed_to
    return B * s * (mlp + attn + 6 * h * V)


@pytest.mark.parametrize("causal", [False, True])
def test_gqa_gated_model_is_megatron_lms_count(causal):
    B, s = 8, 8192   # Llama-3-70B: 80 layers, h 8192, 64 heads, 8 KV heads, FFN 28672, V 128256
    want = megatron_flops(B, s, 80, 8192, 64, 8, 28672, 128256, causal=causal)
    assert flops("Llama-3-70B", B * s, s, recompute=False, causal=causal) == pytest.approx(want, rel=1e-12)


def test_moe_is_megatron_lms_count_plus_the_router():
    B, s = 4, 4096   # Mixtral: top-2 of 8 experts; Megatron leaves the 4096×8 router out
    want = megatron_flops(B, s, 32, 4096, 32, 8, 14336, 32000, experts_routed_to=2)
    router = 6 * B * s * 32 * 4096 * 8
    assert flops("Mixtral-8x7B", B * s, s, recompute=False) == pytest.approx(want + router, rel=1e-12)


def test_recompute_adds_one_forward_of_the_layers():
    base, again = flops("Llama-3-8B", 1e6, 4096, False), flops("Llama-3-8B", 1e6, 4096, True)
    m = architectures.model(models()["llama38b"]["config"])
    layers, _ = architectures.forward_flops_per_token(m, 4096)
    assert again - base == pytest.approx(1e6 * layers)


FLOP_CASES = {  # (model_type, seed): dense MHA, dense GQA, MoE (experts), MoE (MLA + shared experts)
    "dense": dict(model_type="llama", hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                  num_key_value_heads=4, intermediate_size=96, vocab_size=128),
    "gqa": dict(model_type="qwen2", hidden_size=64, num_hidden_layers=2, num_attention_heads=8,
                num_key_value_heads=2, intermediate_size=80, vocab_size=128),
    "moe": dict(model_type="mixtral", hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                num_key_value_heads=2, intermediate_size=48, vocab_size=128, num_local_experts=4,
                num_experts_per_tok=2),
    "mla_moe": dict(model_type="deepseek_v3", hidden_size=64, num_hidden_layers=3, num_attention_heads=4,
                    num_key_value_heads=4, vocab_size=128, intermediate_size=96, moe_intermediate_size=32,
                    n_routed_experts=4, num_experts_per_tok=2, n_group=1, topk_group=1, n_shared_experts=1,
                    first_k_dense_replace=1, kv_lora_rank=16, q_lora_rank=24, qk_rope_head_dim=8,
                    qk_nope_head_dim=16, v_head_dim=16),
}


def operator_flops(config, batch, seq_len, recompute):
    """FLOPs of a real forward + backward pass, counted by torch's FlopCounterMode."""
    import torch
    from torch.utils.checkpoint import set_checkpoint_early_stop
    from torch.utils.flop_counter import FlopCounterMode

    torch.manual_seed(0)
    model = build(config, device="cpu", attn_implementation="eager")
    if hasattr(model, "set_experts_implementation"):
        model.set_experts_implementation("eager")          # a loop of matmuls the counter sees
    model.train()
    if recompute:
        getattr(model, "activation_checkpointing_enable", model.gradient_checkpointing_enable)()
    ids = torch.randint(0, config["vocab_size"], (batch, seq_len))
    counter = FlopCounterMode(display=False)
    # Without early stop, a checkpointed layer is recomputed whole (Megatron's full recompute).
    with counter, set_checkpoint_early_stop(False):
        model(input_ids=ids).logits.sum().backward()
    return counter.get_total_flops()


@pytest.mark.parametrize("recompute", [False, True])
@pytest.mark.parametrize("case", FLOP_CASES)
def test_flops_within_2_percent_of_an_operator_count(case, recompute):
    need_transformers()
    config, batch, seq_len = FLOP_CASES[case], 2, 48
    counted = operator_flops(config, batch, seq_len, recompute)
    assert flops(config, batch * seq_len, seq_len, recompute) == pytest.approx(counted, rel=0.02)


# --- KV cache -------------------------------------------------------------------------------

OPT_13B = dict(model_type="opt", hidden_size=5120, num_hidden_layers=40, num_attention_heads=40, ffn_dim=20480,
               vocab_size=50272, max_position_embeddings=2048)


def test_kv_cache_is_pagedattentions_800KB_per_token_for_opt_13b():
    # Kwon et al. 2023 (vLLM), §3: 2 × 5120 × 40 × 2 bytes = 800 KB per token; 2048 tokens ≈ 1.6 GB.
    assert xlfuncs.LLM_KV_CACHE_GB(OPT_13B, 1, 1) * 1e9 == 2 * 5120 * 40 * 2
    assert xlfuncs.LLM_KV_CACHE_GB(OPT_13B, 1, 2048) == pytest.approx(1.68, abs=0.01)


def test_kv_cache_counts_kv_heads_not_query_heads():
    # 2·layers·kv_heads·head_dim·bytes per token: Llama-3-8B 2·32·8·128·2.
    per_token = 2 * 32 * 8 * 128 * 2
    assert xlfuncs.LLM_KV_CACHE_GB("Llama-3-8B", 4, 8192, "bf16") == pytest.approx(4 * 8192 * per_token / 1e9)
    assert xlfuncs.LLM_KV_CACHE_GB("Llama-3-8B", 1, 1, "fp8") * 1e9 == pytest.approx(per_token / 2)
    # Falcon-7B is multi-query: one KV head of 64.
    assert xlfuncs.LLM_KV_CACHE_GB("Falcon-7B", 1, 1, 2) * 1e9 == pytest.approx(2 * 32 * 1 * 64 * 2)


def test_kv_cache_of_mla_is_deepseek_v2s_4_5_dh_l():
    # DeepSeek-V2 paper, Table 1: MLA caches (d_c + d_h^R)·l = 4.5·d_h·l elements per token.
    assert xlfuncs.LLM_KV_CACHE_GB("DeepSeek-V3", 1, 1, 1) * 1e9 == pytest.approx(4.5 * 128 * 61)


# --- multimodal configs: the language model inside ------------------------------------------

@pytest.mark.parametrize("outer,inner", [("gemma3", "gemma3_text"), ("llama4", "llama4_text")])
def test_a_multimodal_config_counts_its_text_model(outer, inner):
    need_transformers()
    for config in random_configs(inner, 4):
        text = {k: v for k, v in config.items() if k != "model_type"}
        wrapped = {"model_type": outer, "text_config": text, "vision_config": {"hidden_size": 8}}
        assert params(wrapped) == count(build(config))


# --- impossible configs are refused, not counted --------------------------------------------

LLAMA_SMALL = dict(model_type="llama", hidden_size=64, num_hidden_layers=2, num_attention_heads=32,
                   num_key_value_heads=8, intermediate_size=96, vocab_size=100)


def test_more_experts_per_token_than_experts_is_refused():
    config = dict(FLOP_CASES["moe"], num_experts_per_tok=5)               # 4 experts
    with pytest.raises(InputError, match="num_experts_per_tok 5 is more than the 4 experts"):
        params(config)


def test_kv_heads_must_divide_the_heads():
    with pytest.raises(InputError, match="num_key_value_heads 3 does not divide num_attention_heads 32"):
        params(dict(LLAMA_SMALL, num_key_value_heads=3))


def test_a_misspelt_key_is_named_with_the_key_it_resembles():
    config = dict(catalog_model("Llama-3-8B")["config"], tie_word_embedings=True)
    with pytest.raises(InputError, match="config tie_word_embedings?: did you mean tie_word_embeddings"):
        params(config)
    missing = dict(LLAMA_SMALL, num_hiden_layers=2)
    del missing["num_hidden_layers"]
    with pytest.raises(InputError, match=r"no num_hidden_layers \(num_hiden_layers: did you mean"):
        params(missing)


def test_unknown_keys_far_from_any_are_ignored_as_transformers_does():
    assert params(dict(LLAMA_SMALL, rope_theta=5e5, torch_dtype="bfloat16")) == params(LLAMA_SMALL)


@pytest.mark.parametrize("key,value,message", [
    ("hidden_size", 0, "hidden_size must be >= 1"),
    ("num_hidden_layers", 1e6, "num_hidden_layers must be at most 10,000"),
    ("vocab_size", 1e18, "vocab_size must be below 1e18"),
    ("intermediate_size", 1e16, "a count this large"),
])
def test_sizes_must_be_positive_and_give_a_believable_count(key, value, message):
    with pytest.raises(InputError, match=message):
        params(dict(LLAMA_SMALL, **{key: value}))


@pytest.mark.parametrize("text,message", [
    ('"hidden_size": Infinity', "config hidden_size must be a finite number"),
    ('"hidden_size": NaN', "config hidden_size must be a finite number"),
    ('"hidden_size": 1e400', "config hidden_size must be a finite number"),
    ('"hidden_size": 1' + "0" * 400, r"config hidden_size must be at most 1e\+30"),
    ('"hidden_size": null', "config hidden_size is empty"),
    ('"hidden_size": true', "config hidden_size must be a whole number, got TRUE"),
])
def test_config_numbers_go_through_the_one_number_reader(text, message):
    """JSON Infinity, NaN, 1e400 and a 400-digit int in a config are refused naming the key,
    never counted, never a generic failure."""
    config = json.dumps(dict(LLAMA_SMALL, hidden_size=12345)).replace('"hidden_size": 12345', text)
    with pytest.raises(InputError, match=message):
        params(config)
    with pytest.raises(InputError, match=message):  # and the Excel function says the same
        xlfuncs.LLM_PARAMS_HF(config)


# --- attention windows, as the config transformers builds sets them -----------------------

@pytest.mark.parametrize("model_type", ["gemma2", "gemma3_text", "gpt_oss", "llama4_text", "mistral", "qwen2",
                                        "qwen3"])
def test_each_layers_window_is_the_one_transformers_sets(model_type):
    need_transformers()
    import random

    from transformers import AutoConfig

    r = random.Random(model_type)
    for config in random_configs(model_type, 8):
        if model_type.startswith("qwen"):
            config = dict(config, use_sliding_window=r.random() < .7, sliding_window=16,
                          max_window_layers=r.randint(0, 3))
        hf = AutoConfig.for_model(model_type, **{k: v for k, v in config.items() if k != "model_type"})
        types = getattr(hf, "layer_types", None) or ["sliding_attention"] * hf.num_hidden_layers  # Mistral
        size = {"sliding_attention": getattr(hf, "sliding_window", 0),
                "chunked_attention": getattr(hf, "attention_chunk_size", 0)}
        want = [size.get(kind, 0) for kind in types]
        assert [layer.window for layer in architectures.model(config).layers] == want, config
