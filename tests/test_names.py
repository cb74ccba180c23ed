"""Catalog names: a GPU or model answers only to its own name or a declared alias, compared
without case, spaces, hyphens and underscores; anything else is an error suggesting names."""

import pytest

from xlfuncs.catalogs import gpu, gpus, model, models, _key
from xlfuncs.inputs import InputError


def refused(find, name):
    with pytest.raises(InputError) as caught:
        find(name)
    text = str(caught.value)
    assert "\n" not in text and len(text) <= 255
    assert f'"{name}" is not in the' in text
    return text


@pytest.mark.parametrize("typed,name", [
    ("h100 sxm", "H100-SXM"), ("H100_SXM", "H100-SXM"), ("a100-80gb", "A100-80GB"),
    ("llama 3.1 405b", "Llama-3.1-405B"), ("MIXTRAL", "Mixtral-8x7B"), ("gpt2_medium", "GPT-2 Medium"),
])
def test_own_names_and_aliases_match_in_any_spelling(typed, name):
    find = gpu if name in {r["name"] for r in gpus().values()} else model
    assert find(typed)["name"] == name


@pytest.mark.parametrize("typed,suggested", [
    ("A100", ["A100-40GB", "A100-80GB"]),   # two products share the name: say which
    ("MI300", ["MI300X"]),                  # MI300A is a different product (an APU)
    ("MI250", ["MI250X"]),                  # the MI250 has one die less than the MI250X
    ("H100", ["H100-SXM", "H100-PCIe"]),
    ("H100 SMX", ["H100-SXM"]),             # a misspelling is suggested, not taken
])
def test_a_beginning_or_a_misspelling_is_refused_with_suggestions(typed, suggested):
    text = refused(gpu, typed)
    guesses = text.split("did you mean ")[1].split("?")[0].split(", ")
    assert set(suggested) <= set(guesses) and len(guesses) <= 5


@pytest.mark.parametrize("typed,suggested", [
    ("Gemma-2", "Gemma-2-9B"), ("Gemma-2", "Gemma-2-27B"), ("Gemma-2", "Gemma-2B"),   # three products
    ("Llama-3-7", "Llama-3-70B"), ("Llama-3", "Llama-3-8B"), ("GPT-9", "GPT-2"), ("Mistral Large", "Mistral-Large-2"),
])
def test_model_names_that_are_not_in_the_catalog_are_refused(typed, suggested):
    assert suggested in refused(model, typed)


@pytest.mark.parametrize("typed,name", [
    ("Llama-3.3", "Llama-3.3-70B"),          # the only Llama 3.3, not LLaMA-33B
    ("llama 4 scout", "Llama-4-Scout"), ("Qwen3-30B-A3B", "Qwen3-30B-A3B"), ("gemma-2-9b-it", "Gemma-2-9B"),
    ("deepseek r1", "DeepSeek-R1"), ("GPT-OSS-120B", "gpt-oss-120b"), ("gpt-j", "GPT-J-6B"),
])
def test_models_that_were_taken_for_others_are_themselves(typed, name):
    assert model(typed)["name"] == name


def test_dots_count_so_versions_do_not_collide():
    assert _key("Llama-3.3") != _key("LLaMA-33B")
    with pytest.raises(InputError):
        model("Llama-33")          # neither LLaMA-33B nor a Llama 3.3


def test_the_gpu_list_has_each_gpu_once_and_aliases_find_it():
    # the GPUs sheet lists gpus(): one row per GPU, however many aliases it has
    names = [r["name"] for r in gpus().values()]
    assert len(names) == len(set(names)) and "Trillium" not in names
    assert gpu("Trillium")["name"] == "TPUv6e"


def test_a_long_typed_name_is_shortened_in_the_message():
    with pytest.raises(InputError) as caught:
        gpu("X" * 1000)
    assert len(str(caught.value)) <= 255


# --- the names of the report that found prefix matching wrong --------------------------

@pytest.mark.parametrize("typed,memory_gb,tflops", [
    ("H20", 96, 148),        # not the H200's 989.4: the China-market Hopper, 148 dense BF16
    ("L4", 24, 121),         # half the datasheet's 242 sparse TFLOPS
    ("L40", 48, 181.05),     # not the L40S
    ("TPU v6e", 32, 918),    # Google Cloud TPU v6e documentation
])
def test_gpus_that_were_taken_for_others_are_themselves(typed, memory_gb, tflops):
    row = gpu(typed)
    assert (row["memory_gb"], row["tflops"]) == (memory_gb, tflops)


def test_mi250_is_not_the_mi250x():
    assert "MI250X" in refused(gpu, "MI250")


def test_every_gpu_has_the_same_fields_a_source_a_level_and_a_date():
    rows = list({id(r): r for r in gpus().values()}.values())
    # a power-capped part's clock share; a board power sourced apart from the rest of the row
    optional = {"aliases", "sustained_clock_share", "tdp_source", "tdp_verification", "tdp_date"}
    fields = set(rows[0]) - optional
    for row in rows:
        assert set(row) - optional == fields, row["name"]
        assert row["verification"] in {"verified_primary", "verified_via_verbatim_transcription",
                                       "secondary", "UNVERIFIED"}
        assert row["source"] and row["system_source"] and len(row["date"]) == 10
