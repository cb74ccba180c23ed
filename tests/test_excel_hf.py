"""The issue-4 Excel functions as Excel calls them: key/value ranges read whole, catalog
names, ranges of names broadcast, one-line errors."""

import pytest

import xlfuncs
from xlfuncs import InputError, ranges
from xlfuncs.inputs import NONNEGATIVE, key_values

LLAMA3_8B_ROWS = [  # config.json pasted as two columns; Excel hands numbers as floats
    ["model_type", "llama"], ["hidden_size", 4096.0], ["num_hidden_layers", 32.0],
    ["num_attention_heads", 32.0], ["num_key_value_heads", 8.0], ["intermediate_size", 14336.0],
    ["vocab_size", 128256.0], ["tie_word_embeddings", False], ["rope_theta", 500000.0],
    [None, None], ["attention_bias", "false"], ["head_dim", None],
]


def test_key_value_range_is_one_config():
    assert xlfuncs.LLM_PARAMS_HF(LLAMA3_8B_ROWS) == 8_030_261_248       # Llama-3-8B model card count
    assert xlfuncs.LLM_PARAMS_HF([["Llama-3-8B"]]) == 8_030_261_248     # a 1×1 range holding a name


def test_json_text_is_a_config():
    assert xlfuncs.LLM_PARAMS_HF('{"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12, '
                                 '"vocab_size": 50257, "n_positions": 1024}') == 124_439_808


def test_a_column_of_names_broadcasts():
    assert xlfuncs.LLM_PARAMS_HF([["GPT-2"], ["Mixtral-8x7B"]], "active") == [[124_439_808], [12_879_925_248]]
    assert xlfuncs.LLM_PARAMS_HF("Mixtral-8x7B", [["total", "active"]]) == [[46_702_792_704, 12_879_925_248]]


def test_setup_as_a_range_and_other_arguments_broadcast():
    setup = [["micro_batch", 1.0], ["seq_len", 4096.0], ["tp", 8.0], ["zero", 1.0], ["dp", 16.0]]
    as_dict = {"micro_batch": 1, "seq_len": 4096, "tp": 8, "zero": 1, "dp": 16}
    assert xlfuncs.LLM_TRAIN_MEM_GPU("Llama-3-70B", setup) == xlfuncs.LLM_TRAIN_MEM_GPU("Llama-3-70B", as_dict)
    column = xlfuncs.LLM_KV_CACHE_GB(LLAMA3_8B_ROWS, [[1.0], [8.0]], "128K")
    assert column[1][0] == pytest.approx(8 * column[0][0])


def test_flops_broadcast_over_sequence_lengths_and_causal_flags():
    table = xlfuncs.LLM_TRAIN_FLOPS_HF("Llama-3-8B", 1e9, [[2048.0], [8192.0]], True, [[False, True]])
    for row, s in zip(table, (2048, 8192)):
        assert row == [xlfuncs.LLM_TRAIN_FLOPS_HF("Llama-3-8B", 1e9, s, True, c) for c in (False, True)]


def test_fits_returns_true_or_false():
    setup = [["micro_batch", 1.0], ["seq_len", 2048.0]]
    assert xlfuncs.LLM_FITS("GPT-2", setup, "A100-80GB") is True


def test_model_catalog_fields():
    assert xlfuncs.LLM_MODEL("Llama-3.1-405B") == 405_853_388_800
    assert xlfuncs.LLM_MODEL("Llama-3.1-405B", "gpu_hours") == 30_840_000     # Llama 3.1 model card
    assert xlfuncs.LLM_MODEL("LLaMA-65B", "gpu_count") == 2048                 # LLaMA paper §2.4
    assert xlfuncs.LLM_MODEL("DeepSeek-V3", "tokens") == 14.8e12               # DeepSeek-V3 README
    assert xlfuncs.LLM_MODEL("gemma 7b", "head_dim") == 256                    # a config key
    assert "Touvron" in xlfuncs.LLM_MODEL("LLaMA-7B", "sources")
    with pytest.raises(InputError, match="Mistral-7B has no published tokens"):
        xlfuncs.LLM_MODEL("Mistral-7B", "tokens")
    with pytest.raises(InputError, match="did you mean .*Llama-3-8B"):
        xlfuncs.LLM_MODEL("Llama-3")
    with pytest.raises(InputError, match="not a catalog field"):
        xlfuncs.LLM_MODEL("GPT-2", "colour")


@pytest.mark.parametrize("value,message", [
    ([["model_type", "llama"], [None, 5.0]], "has a value 5 without a key"),
    ([["model_type", "llama"], ["model_type", "gpt2"]], 'has the key "model_type" twice'),
    ([[3.0, 4.0]], "keys must be text"),
    ("GPT-9", 'config "GPT-9" is not in the model catalog'),
    ("{not json", "config is not valid JSON"),
])
def test_bad_configs(value, message):
    with pytest.raises(InputError, match=message):
        xlfuncs.LLM_PARAMS_HF(value)


def test_cellwise_reads_a_takes_whole_argument_once():
    seen = []

    def table(name, value):
        seen.append(value)
        return key_values(name, value)

    table.takes_whole = lambda value: isinstance(value, list) and all(len(r) == 2 for r in value)

    @ranges.cellwise({"t": table, "x": NONNEGATIVE})
    def f(t, x):
        return t["a"] * x

    assert f([["a", 2.0], ["b", 1.0]], [[1.0], [3.0]]) == [[2.0], [6.0]]
    assert seen == [[["a", 2.0], ["b", 1.0]]]            # one read of the whole range
    assert f({"a": 5}, 2.0) == 10.0
