"""LLM_MODEL's sizes read from a config whatever the family calls them (the GPU memory
sheet looks them up this way). Figures from the published configs and papers: Llama 3
70B has 80 layers, model dimension 8192 and 64 heads (Dubey et al. 2024, Table 3), and
128,256 embedding rows in its Hugging Face checkpoint; GPT-2 small has 12 layers of 768
with 12 heads and a 50,257-token vocabulary tied to its output (Radford et al. 2019)."""

import pytest

import xlfuncs
from xlfuncs import InputError


@pytest.mark.parametrize("name,layers,hidden,heads,vocab", [
    ("Llama-3-70B", 80, 8192, 64, 128256),
    ("GPT-2", 12, 768, 12, 50257),          # config keys n_layer, n_embd, n_head
])
def test_sizes_from_any_family(name, layers, hidden, heads, vocab):
    got = [xlfuncs.LLM_MODEL(name, f) for f in ("layers", "hidden", "heads", "vocab")]
    assert got == [layers, hidden, heads, vocab]


def test_parameter_split_adds_up_to_the_published_count():
    # Llama-3-70B: 70,553,706,496 (Hugging Face checkpoint); untied head = 128,256 × 8192.
    parts = [xlfuncs.LLM_MODEL("Llama-3-70B", f) for f in ("embedding_params", "non_embedding_params")]
    assert sum(parts) == 70_553_706_496
    assert xlfuncs.LLM_MODEL("Llama-3-70B", "output_head_params") == 128256 * 8192
    assert xlfuncs.LLM_MODEL("GPT-2", "output_head_params") == 0          # tied to the embedding
    # Gemma-7B's non-embedding parameters are its paper's Table 2 figure, 7,751,248,896.
    assert xlfuncs.LLM_MODEL("Gemma-7B", "non_embedding_params") == 7_751_248_896


def test_an_unknown_field_still_names_the_known_ones():
    with pytest.raises(InputError, match="is not a catalog field"):
        xlfuncs.LLM_MODEL("GPT-2", "widht")
