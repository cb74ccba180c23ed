"""Readers for the arguments that are more than a number: GPUs, models, setups, choices.

A reader is ``reader(name, value) -> what the body needs`` and raises InputError with a
one-line message (the plain numeric readers live in ``inputs``). A reader's ``doc`` is
the argument description Excel shows when a function overrides the shared one in
``excel.ARGS``; ``takes_whole(value)`` marks a range that is one argument (a key/value
table), not cells to broadcast over.
"""

from __future__ import annotations

from .catalogs import gpu as gpu_entry
from .inputs import POSITIVE, InputError, flag, is_empty, is_key_value_range, key_values, show, text
from .ranges import unwrap


def described(doc):
    """Give a reader the description Excel shows for it."""

    def mark(reader):
        reader.doc = doc
        return reader

    return mark


def choice(*options, doc=None):
    """One word out of a few, any case."""

    def read(name, value):
        word = text(name, value).lower()
        if word not in options:
            raise InputError(f"{name} must be one of {', '.join(options)}, got {show(value)}")
        return word

    read.doc = doc
    return read


# --- GPUs: a number as typed, or a catalog name -------------------------------------------

def catalog_or_number(field, doc):
    """A reader for a GPU figure: a number as typed, or a catalog name for its ``field``."""

    @described(doc)
    def read(name, value):
        if type(value) is str:
            word = value.strip()
            if word and not word[0].isdigit():  # "312" and "1e3" stay numbers
                figure = gpu_entry(word, name)[field]
                if figure is None:
                    raise InputError(f"{name} {show(value)} has no published {field} in the catalog: type the number")
                return float(figure)
        return POSITIVE(name, value)

    return read


gpu_peak = catalog_or_number("tflops", "GPU name from the catalog (e.g. \"A100-40GB\") or its dense peak in TFLOP/s")
gpu_memory = catalog_or_number("memory_gb", "GPU memory in GB, or a GPU name from the catalog for its memory")
gpu_power = catalog_or_number("tdp_w", "Power per GPU in watts, or a GPU name for its catalog board power")


@described("GPU name from the catalog (e.g. \"A100-80GB\"): its peak, memory and bandwidth are all used")
def gpu_name(name, value):
    """A whole catalog entry: for functions that need more than one figure of a GPU."""
    if is_empty(value):
        text(name, value)  # "gpu is empty"
    if not isinstance(value, str) or value.strip()[0].isdigit():
        raise InputError(f"{name} must be a GPU name from the catalog here, got {show(value)}")
    return gpu_entry(value.strip(), name)


# --- Models and setups: key/value tables, JSON text, or catalog names ---------------------

def hf_model(name, value):
    """A Hugging Face config: a two-column key/value range (config.json pasted as rows),
    JSON text, a dict, or the name of a catalog model ("Llama-3-8B")."""
    from . import architectures

    value = unwrap(value)  # a single cell given as a 1×1 range
    if isinstance(value, str) and not value.strip().startswith("{"):
        return architectures.catalog(text(name, value), name)
    if not isinstance(value, (dict, str)) and not is_key_value_range(value):
        raise InputError(f"{name} must be a two-column key/value range, JSON text or a catalog model name, got {show(value)}")
    return architectures.model(key_values(name, value))


def training_setup(name, value):
    """A training setup: a two-column key/value range (micro_batch, seq_len, tp, pp, dp, sp,
    zero, recompute, optimizer, precision, reserve, flash_attention), JSON text or a dict."""
    from . import memory

    return memory.read_setup(key_values(name, value))


@described("Training setup as a key/value range (micro_batch, seq_len, zero, recompute, optimizer, precision, reserve); "
           "empty: 1 × 2048 tokens, full recomputation, no ZeRO")
def setup_or_default(name, value):
    """A training setup, or the planner's default one for an empty cell."""
    from . import memory, planner

    return memory.read_setup(planner.DEFAULT_SETUP) if is_empty(value) else training_setup(name, value)


hf_model.takes_whole = training_setup.takes_whole = setup_or_default.takes_whole = is_key_value_range

@described("Model name from the catalog, e.g. \"Llama-3-8B\", \"Mixtral-8x7B\", \"GPT-3 175B\"")
def model_name(name, value):
    return text(name, value)


@described("params (default), active_params, tokens, hardware, gpu_count, days, gpu_hours, params_published, "
           "params_basis, date, sources, note, layers, hidden, heads, vocab, embedding_params, "
           "non_embedding_params, output_head_params, or any config key")
def model_field(name, value):  # any text: the catalog says which fields it knows
    return text(name, value)


@described("TRUE (default): the layers run forward once more for activation recomputation; "
           "FALSE: forward + backward only (model FLOPs)")
def recompute_layers(name, value):
    return flag(name, value)


# --- Which part or field of a result ------------------------------------------------------

model_part = choice("total", "active", "embedding", "non_embedding",
                    doc="\"total\" (default), \"active\" (per token: shared parts + top-k experts), "
                        "\"embedding\" or \"non_embedding\"")
memory_part = choice("total", "weights", "gradients", "optimizer", "activations",
                     doc="\"total\" (default), \"weights\", \"gradients\", \"optimizer\" or \"activations\": "
                         "GB on the most loaded GPU")
cluster_field = choice("nodes", "gpus", "tp", "pp", "dp", "mem_gb", "headroom_gb", "days",
                       "compute_nodes", "memory_nodes", "binding",
                       doc="nodes (default), gpus, tp, pp, dp, mem_gb (busiest GPU), headroom_gb, days, "
                           "compute_nodes, memory_nodes, binding (compute or memory)")
serve_field = choice("gpus", "replicas", "gpus_per_replica", "tokens_per_s", "replica_gb",
                     doc="gpus (default), replicas, gpus_per_replica, tokens_per_s (per replica), replica_gb")
