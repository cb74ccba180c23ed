"""The model sheets: modern models against the article's 12·L·h², the per-GPU memory
of one training setup, and the model catalog they read.

- **Modern models**: Llama 3, Mixtral, Qwen2.5, Gemma, DeepSeek-V3. 12·L·h² and 6·N·T are
  native formulas; the exact count from a config is not a formula a reader could follow,
  so the native workbook shows it as data (the core's count, grey like a published
  figure) and the add-in workbook computes it with LLM_PARAMS_HF.
- **GPU memory**: one model (a dropdown of the catalog), one setup; ZeRO's model states and
  Korthikanti et al.'s activations spelled natively, from the docstrings of ``memory.py``;
  LLM_TRAIN_MEM_GPU / LLM_HEADROOM_GB / LLM_FITS in the add-in workbook.
- **Models**: the catalog, its sizes counted from each config (``architectures.shape``).

Published figures carry their source on the sheet (paragraphs below each table).
"""

from __future__ import annotations

from .. import architectures, memory
from .. import formulas as f
from ..catalogs import model as catalog_model
from ..catalogs import model_names
from . import cells
from .cells import Block, Calc, Data, Fact, Input, Paragraph, Records, Sheet, Table, Text
from .sheets import BILLIONS2, FLAG, FLOPS, GPU_PROMPT, PERCENT, SHARE, TEXT, TWO, WHOLE, lookup

EXACT = "#,##0"                      # an exact count, to the parameter
TRILLIONS = '#,##0.0,,,," T"'        # the cell keeps the exact value; shown in trillions
MEGABYTES = '#,##0.0,," MB"'         # bytes, shown in MB (1E+6 bytes)
BYTES = "#,##0.000"                  # bytes per parameter: ZeRO's 12/N needs the third decimal


def _shape(name):
    return architectures.shape(architectures.catalog(name))


# --- Modern models -----------------------------------------------------------------------

MODELS = ("Llama-3-8B", "Llama-3-70B", "Llama-3.1-405B", "Mixtral-8x7B", "Qwen2.5-7B", "Qwen2.5-72B",
          "Gemma-2B", "Gemma-7B", "DeepSeek-V3")
DEVELOPERS = ("Meta", "Meta", "Meta", "Mistral AI", "Alibaba", "Alibaba", "Google", "Google", "DeepSeek")
MIXTRAL_TOKENS = 8e12  # not published: an assumption, said so on the sheet


def _tokens(name):
    published = catalog_model(name)["tokens"]
    return published if published else MIXTRAL_TOKENS


# The developers' own figures (sources in the paragraphs under the table). Gemma's are
# its paper's Table 2 sums, embedding + non-embedding.
PUBLISHED = (8.0e9, 70e9, 405e9, 46.7e9, 7.61e9, 72.7e9, 524_550_144 + 1_981_884_416,
             786_825_216 + 7_751_248_896, 671e9)
PUBLISHED_ACTIVE = (None, None, None, 12.9e9, None, None, None, None, 37e9)
SEQ_LEN = (8192, 8192, 8192, 32768, 4096, 4096, 8192, 8192, 4096)
PUBLISHED_FLOPS = (None, None, 3.8e25, None, None, None, None, None, None)

MODERN = Sheet("modern", "Modern models", (
    Block("modern_table", "The article's 12·L·h² against the exact count from the config", DEVELOPERS, (
        Fact("model", "Model (its name in the catalog)", "", MODELS, TEXT, "Models sheet"),
        Input("layers", "Layers L", "layers", tuple(_shape(n)["layers"] for n in MODELS), WHOLE, "whole",
              "Transformer layers (num_hidden_layers in the model's config).", "Modern_Layers", "config: num_hidden_layers"),
        Input("hidden", "Hidden size h", "width", tuple(_shape(n)["hidden"] for n in MODELS), WHOLE, "whole",
              "Width of the model (hidden_size in the model's config).", "Modern_Hidden", "config: hidden_size"),
        Input("tokens", "Training tokens T", "tokens", tuple(_tokens(n) for n in MODELS), TRILLIONS, "positive",
              "Pre-training tokens; type 15E12 for 15 trillion. Mixtral's were never published: its cell holds an assumption.",
              "Modern_Tokens", "published; Mixtral: assumed, see below"),
        Calc("p_approx", "Parameters, 12·L·h² (the article)", "parameters", f.params_approx, ("layers", "hidden"), BILLIONS2,
             ("LLM_PARAMS", ("layers", "hidden", 0, Text("approx"))), "§1", strong=True),
        Data("p_exact", "Parameters, exact count from the config", "parameters", cells.model_params, ("model",), EXACT,
             ("LLM_PARAMS_HF", ("model",)), "data: every weight of the Hugging Face model"),
        Fact("p_pub", "Parameters, published", "parameters", PUBLISHED, BILLIONS2, "the developers' figure, sources below"),
        Calc("err_approx", "Error of 12·L·h² against the exact count", "%", f.relative_error, ("p_approx", "p_exact"),
             PERCENT, note="estimate/exact - 1", strong=True),
        Calc("err_pub", "Published figure against the exact count", "%", f.relative_error, ("p_pub", "p_exact"),
             PERCENT, note="published/exact - 1: rounding"),
        Data("active", "Active parameters per token, exact", "parameters", cells.model_params, ("model", Text("active")),
             EXACT, ("LLM_PARAMS_HF", ("model", Text("active"))), "data: shared parts + the top-k experts"),
        Fact("active_pub", "Active parameters, published", "parameters", PUBLISHED_ACTIVE, BILLIONS2,
             "mixtures of experts only"),
        Calc("flops_6nt", "Training compute, 6·N·T (N = active parameters)", "FLOPs", f.train_flops,
             ("active", "tokens", False), FLOPS, ("LLM_TRAIN_FLOPS", ("active", "tokens", False)),
             "§2 with the active parameters", strong=True),
        Fact("seq", "Pre-training sequence length s", "tokens", SEQ_LEN, WHOLE, "papers, see below"),
        Data("per_token", "Training FLOPs per token at s, detailed", "FLOPs per token", cells.model_flops_per_token,
             ("model", "seq"), FLOPS, ("LLM_TRAIN_FLOPS_HF", ("model", 1, "seq", False)),
             "data: Narayanan et al. 2021, eq. 3"),
        Calc("flops_hf", "Training compute, detailed count", "FLOPs", architectures.flops_for_tokens,
             ("per_token", "tokens"), FLOPS, ("LLM_TRAIN_FLOPS_HF", ("model", "tokens", "seq", False)),
             "FLOPs per token × T", strong=True),
        Calc("err_6nt", "Error of 6·N·T against the detailed count", "%", f.relative_error, ("flops_6nt", "flops_hf"),
             PERCENT, note="6·N·T/detailed - 1"),
        Fact("flops_pub", "Training compute, published", "FLOPs", PUBLISHED_FLOPS, FLOPS, "Llama 3 paper"),
    )),
    Paragraph("The grey figures are published or data; yellow cells can be changed (they move 12·L·h² and the "
              "compute, not the exact counts).", "note"),
    Paragraph("In this workbook the exact counts and the FLOPs per token are data: the catalog's values (Models sheet), "
              "counted from each Hugging Face config by xlfuncs.", "note", only="native"),
    Paragraph("No readable spreadsheet formula counts a model from its config; llm_budget_addin.xlsx computes them "
              "with LLM_PARAMS_HF and LLM_TRAIN_FLOPS_HF.", "note", only="native"),
    Paragraph("In this workbook the exact counts and the FLOPs per token are LLM_PARAMS_HF and LLM_TRAIN_FLOPS_HF "
              "calls on the catalog's configs (Models sheet).", "note", only="addin"),
    Paragraph("Why 12·L·h² misses", "heading"),
    Paragraph("12·L·h² counts a GPT-3 layer: 4·h² of attention (q, k, v, o) and 8·h² of an MLP of width 4·h; "
              "it leaves out the embeddings. Modern models differ in four ways:", "note"),
    Paragraph("• Gated FFNs (SwiGLU, GeGLU) have three h × f matrices instead of two h × 4h: with f = 3.5·h (Llama 3), "
              "5.3·h (Qwen2.5-7B) or 8·h (Gemma) the MLP holds 10.5·h² to 24·h², not 8·h².", "note"),
    Paragraph("• Grouped-query attention shares keys and values among heads (Llama 3: 8 key/value heads for 32 to 128 "
              "query heads), so attention holds less than 4·h².", "note"),
    Paragraph("• Large vocabularies: 128,256 rows (Llama 3), 152,064 (Qwen2.5), 256,000 (Gemma) of h numbers each, twice "
              "when the output layer is not tied to the embedding: 14% of Qwen2.5-7B, 21% of Gemma-2B.", "note"),
    Paragraph("• Mixtures of experts hold every expert but send each token through a few: Mixtral 2 of 8 per layer, "
              "DeepSeek-V3 8 of 256 plus 1 shared. 12·L·h² sees one dense MLP.", "note"),
    Paragraph("Training compute therefore counts the active parameters, 6·N·T. The detailed count adds the attention "
              "scores (2·heads·(d_qk + d_v)·s per token and layer) and counts each real matrix;", "note"),
    Paragraph("both count a forward and a backward pass (3 × the forward FLOPs), without activation recomputation "
              "(Narayanan et al. 2021, eq. 3). The scores grow with s: at Mixtral's 32k tokens they are 40% of the "
              "compute.", "note"),
    Paragraph("Mixtral's training tokens were never published: its yellow cell holds an assumption (8 T); type yours.", "note"),
    Paragraph("Sources of the published figures", "heading"),
    Paragraph("Llama 3 8B and 70B: Meta's model card (April 2024), 8B and 70B, 15T tokens. Llama 3.1 405B: Dubey et al. "
              "2024, The Llama 3 Herd of Models: 405B, 15.6T tokens, 3.8E25 FLOPs, 8,192-token sequences.", "note"),
    Paragraph("Mixtral-8x7B: Mistral AI's release post (December 2023), 46.7B total and 12.9B active parameters; "
              "Jiang et al. 2024: trained with a 32k-token context.", "note"),
    Paragraph("Qwen2.5: the model cards, 7.61B and 72.7B; Qwen2.5 technical report (2024): 18T tokens, "
              "pre-trained on 4,096-token sequences before the long-context stage.", "note"),
    Paragraph("Gemma: Gemma Team 2024, Table 2, embedding + non-embedding parameters (its vocabulary has 256,128 "
              "rows, Hugging Face's 256,000); 3T and 6T tokens; 8,192-token context.", "note"),
    Paragraph("DeepSeek-V3: DeepSeek-AI 2024, technical report and README: 671B total, 37B activated, 14.8T tokens, "
              "4K-token sequences in pre-training.", "note"),
    Paragraph("Exact counts: every weight, bias and norm gain of the model Hugging Face transformers builds from the "
              "config, tied weights once (xlfuncs architectures.py).", "note"),
), widths={"A": 46, "B": 15, **{c: 15 for c in "CDEFGHIJK"}, "L": 38},
    subtitle="Llama 3, Mixtral, Qwen2.5, Gemma and DeepSeek-V3 with the article's formulas and with exact counts.")


# --- GPU memory ----------------------------------------------------------------------------

MODEL_PROMPT = "Pick a model from the list (the Models sheet); its layers, hidden size and parameters are looked up there."
SETUP = Table("mem_setup")


# Published training layouts: Llama 3 paper §3.3.2 (16K H100, tp 8, pp 16, 126 layers,
# one fewer on the first and last stages); DeepSeek-V3 report §3.2 (2048 H800, pp 16,
# ep 64, ZeRO-1 data parallel, no tensor parallelism); Qwen3-235B-A22B with expert parallelism
# 32 (Qwen publishes no training layout: tp 4 and pp 8 are this sheet's choice).
PUBLISHED_LAYOUTS = ("Llama 3.1 405B", "DeepSeek-V3", "Qwen3-235B-A22B")
LAYOUTS = (
    ("Llama-3.1-405B", '{"tp":8,"pp":16,"dp":128,"micro_batch":1,"seq_len":8192}', 16384),
    ("DeepSeek-V3", '{"pp":16,"ep":64,"dp":128,"micro_batch":1,"seq_len":4096}', 2048),
    ("Qwen3-235B-A22B", '{"tp":4,"pp":8,"ep":32,"dp":32,"micro_batch":1,"seq_len":4096}', 1024),
)
PUBLISHED_PARTS = (
    ("weights", "Weights", "bf16"),
    ("gradients", "Gradients", "fp32 main gradients"),
    ("optimizer", "Optimizer state", "fp32 master + Adam, ÷ data parallel"),
    ("activations", "Activations kept for backward", "selective recomputation, 1F1B"),
    ("peak", "Allocator peak", "+ the largest temporary"),
    ("total", "Total", "+ allocator slack, CUDA context, NCCL"),
)


def _mem(part):
    return ("LLM_TRAIN_MEM_GPU", ("model", SETUP, Text(part)))


MEMORY = Sheet("memory", "GPU memory", (
    Block("mem_in", "Inputs: the model and the GPU", ("Input",), (
        Input("model", "Model", "catalog name", ("Llama-3-70B",), TEXT, "model", MODEL_PROMPT, "Memory_Model", "Models sheet"),
        Input("gpu", "GPU type", "", ("H100-SXM",), TEXT, "gpu", GPU_PROMPT, "Memory_GPU", "GPUs sheet"),
    )),
    Block("mem_setup", "Training setup (column B holds the keys LLM_TRAIN_MEM_GPU reads)", ("Input",), (
        Input("micro_batch", "Micro-batch b (sequences per GPU per step)", "", (1,), WHOLE, "whole",
              "Sequences each GPU processes at once.", "Memory_MicroBatch"),
        Input("seq_len", "Sequence length s (tokens)", "", (8192,), WHOLE, "whole", "Tokens per sequence.", "Memory_SeqLen"),
        Input("tp", "Tensor-parallel GPUs t", "", (8,), WHOLE, "whole",
              "GPUs that split every layer's matrices; usually at most the GPUs of one node (8).", "Memory_TP",
              "Megatron-LM: inside one node"),
        Input("pp", "Pipeline stages", "", (4,), WHOLE, "whole", "Groups of consecutive layers, one per GPU group.",
              "Memory_PP"),
        Input("dp", "Data-parallel GPUs N", "", (32,), WHOLE, "whole",
              "Copies of the model that train on different data; ZeRO shards over them.", "Memory_DP",
              "GPUs in all: t × stages × N"),
        Input("zero", "ZeRO stage (FSDP = 3)", "", (1,), WHOLE, "zero",
              "0: none; 1: shards the optimizer state; 2: also the gradients; 3: also the weights.", "Memory_ZeRO",
              "Rajbhandari et al. 2020"),
        Input("recompute", "Activation recomputation", "", ("selective",), TEXT, "choice:none|selective|full",
              "none, selective (the attention scores are recomputed) or full (only each layer's input is kept).",
              "Memory_Recompute", "Korthikanti et al. 2022"),
        Input("optimizer", "Optimizer", "", ("adamw",), TEXT, "choice:adamw|adamw8bit|sgd",
              "adamw, adamw8bit (8-bit states) or sgd (with momentum).", "Memory_Optimizer"),
        Input("precision", "Precision", "", ("bf16-mixed",), TEXT, "choice:bf16-mixed|fp16-mixed|fp32|fp8-mixed",
              "bf16-mixed, fp16-mixed, fp32 or fp8-mixed (FP8 keeps the same master weights and states).",
              "Memory_Precision"),
        Input("flash_attention", "FlashAttention (scores not stored)", "", (True,), FLAG, "flag",
              "TRUE: the attention scores are never stored (FlashAttention), as selective recomputation. FALSE: they are.",
              "Memory_FlashAttention", "Dao et al. 2022"),
        Input("reserve", "Memory kept free", "", (0.0,), SHARE, "share",
              "Your own margin: a share of the GPU's memory left unused, 0 or more, below 1.",
              "Memory_Reserve", "your margin"),
        Fact("framework", "Accounting", "", ("article",), TEXT,
             "the article's 20 bytes per parameter, as spelled below"),
    ), keys=True),
    Block("mem_out", "Memory per GPU, on the most loaded GPU (the first pipeline stage)", ("Result",), (
        Calc("weights", "Weights", "GB", memory.state_gb, ("psi", "w_z"), TWO, _mem("weights"), "Ψ × bytes / 1E9"),
        Calc("gradients", "Gradients", "GB", memory.state_gb, ("psi", "g_z"), TWO, _mem("gradients"), "Ψ × bytes / 1E9"),
        Calc("optimizer_gb", "Optimizer state", "GB", memory.state_gb, ("psi", "o_z"), TWO, _mem("optimizer"),
             "Ψ × bytes / 1E9"),
        Calc("activations", "Activations", "GB", memory.activation_gb, ("act_layer", "layers", "act_extra", "act_width"),
             TWO,
             _mem("activations"), "(L layers' worth + outside) × size"),
        Calc("total", "Total", "GB", memory.total_gb, ("weights", "gradients", "optimizer_gb", "activations"), TWO,
             ("LLM_TRAIN_MEM_GPU", ("model", SETUP)), "sum of the four", strong=True),
        lookup("mem", "Memory the GPU exposes to CUDA", "GB", "gpu", "memory_exposed_gb", TWO, "GPUs sheet"),
        Calc("headroom", "Headroom: memory × (1 − kept free) − total", "GB", memory.headroom, ("mem", "reserve", "total"),
             TWO, ("LLM_HEADROOM_GB", ("model", SETUP, "gpu")), "negative: it does not fit", strong=True),
        Calc("fits", "Fits on the GPU", "TRUE/FALSE", memory.fits_margin, ("headroom",), FLAG,
             ("LLM_FITS", ("model", SETUP, "gpu")), "headroom ≥ 0", strong=True),
        Calc("split_ok", "Split accepted: t divides the heads, no more stages than layers", "TRUE/FALSE",
             memory.split_ok, ("heads", "layers", "tp", "pp"), FLAG,
             note="FALSE: Megatron-LM and the add-in refuse it"),
    )),
    Block("mem_published", "Published layouts, as Megatron-LM allocates them (busiest pipeline stage)",
          PUBLISHED_LAYOUTS, tuple(
        [Fact("pub_model", "Model (its name in the catalog)", "", tuple(m for m, _, _ in LAYOUTS), TEXT, "Models sheet"),
         Fact("pub_setup", "Setup (key/value JSON, LLM_TRAIN_MEM_GPU reads it)", "", tuple(j for _, j, _ in LAYOUTS),
              TEXT, "sources below"),
         Fact("pub_gpus", "GPUs", "", tuple(g for _, _, g in LAYOUTS), WHOLE, "tp × pp × dp")]
        + [Data("pub_" + part, label, "GB", cells.train_memory, ("pub_model", "pub_setup", Text(part)), TWO,
                ("LLM_TRAIN_MEM_GPU", ("pub_model", "pub_setup", Text(part))), note, strong=part == "total")
           for part, label, note in PUBLISHED_PARTS]
        + [Data("pub_fits", "Fits an H100 (79.11 GiB exposed)", "TRUE/FALSE", cells.train_fits,
                ("pub_model", "pub_setup", Text("H100-SXM")), FLAG,
                ("LLM_FITS", ("pub_model", "pub_setup", Text("H100-SXM"))), "total ≤ exposed")])),
    Block("mem_model", "The model, from the Models sheet", ("Value",), (
        Calc("layers", "Layers L", "layers", cells.model_field, ("model", Text("layers")), WHOLE,
             ("LLM_MODEL", ("model", Text("layers"))), "Models sheet"),
        Calc("hidden", "Hidden size h", "width", cells.model_field, ("model", Text("hidden")), WHOLE,
             ("LLM_MODEL", ("model", Text("hidden"))), "Models sheet"),
        Calc("heads", "Attention heads a", "heads", cells.model_field, ("model", Text("heads")), WHOLE,
             ("LLM_MODEL", ("model", Text("heads"))), "Models sheet"),
        Calc("vocab", "Vocabulary V", "tokens", cells.model_field, ("model", Text("vocab")), WHOLE,
             ("LLM_MODEL", ("model", Text("vocab"))), "Models sheet"),
        Calc("non_emb", "Non-embedding parameters", "parameters", cells.model_field,
             ("model", Text("non_embedding_params")), EXACT,
             ("LLM_MODEL", ("model", Text("non_embedding_params"))), "Models sheet"),
        Calc("emb", "Embedding parameters (with an untied output layer)", "parameters", cells.model_field,
             ("model", Text("embedding_params")), EXACT, ("LLM_MODEL", ("model", Text("embedding_params"))),
             "Models sheet"),
        Calc("head", "Untied output layer (0 when tied)", "parameters", cells.model_field,
             ("model", Text("output_head_params")), EXACT, ("LLM_MODEL", ("model", Text("output_head_params"))),
             "Models sheet"),
    )),
    Block("mem_states", "Model states: bytes per parameter, sharded by ZeRO over N", ("Value",), (
        Calc("psi", "Parameters on the most loaded GPU Ψ", "parameters", memory.shard_params,
             ("non_emb", "emb", "head", "tp", "pp"), BILLIONS2, note="first stage: layers/stages + embedding, ÷ t"),
        Calc("w_b", "Weights", "bytes per parameter", memory.weight_bytes, ("precision",), BYTES, note="2 (fp32: 4)"),
        Calc("g_b", "Gradients", "bytes per parameter", memory.gradient_bytes, ("precision",), BYTES,
             note="2 + an fp32 copy 4 (fp32: 4)"),
        Calc("o_b", "Optimizer state", "bytes per parameter", memory.optimizer_bytes, ("precision", "optimizer"), BYTES,
             note="fp32 master 4 + AdamW 8 (8-bit 2, SGD 4)"),
        Calc("w_z", "Weights per GPU", "bytes per parameter", memory.zero_sharded, ("w_b", "zero", 3, "dp"), BYTES,
             note="÷ N from ZeRO-3"),
        Calc("g_z", "Gradients per GPU", "bytes per parameter", memory.zero_sharded, ("g_b", "zero", 2, "dp"), BYTES,
             note="÷ N from ZeRO-2"),
        Calc("o_z", "Optimizer state per GPU", "bytes per parameter", memory.zero_sharded, ("o_b", "zero", 1, "dp"), BYTES,
             note="÷ N from ZeRO-1"),
        Calc("states_b", "Model states per GPU", "bytes per parameter", memory.states_per_param, ("w_z", "g_z", "o_z"),
             BYTES, note="no ZeRO 20; ZeRO-1 8 + 12/N; ZeRO-2 2 + 18/N; ZeRO-3 20/N", strong=True),
    )),
    Block("mem_act", "Activations (Korthikanti et al. 2022)", ("Value",), (
        Calc("sp", "Sequence parallelism", "TRUE/FALSE", memory.sequence_parallel, ("tp",), FLAG,
             note="on when t > 1, as Megatron-LM recommends"),
        Calc("act_layer", "Activations of one layer", "bytes", memory.activation_bytes_per_layer,
             ("seq_len", "micro_batch", "hidden", "heads", "tp", "sp", "recompute", "flash_attention"), MEGABYTES,
             note="s·b·h·(34 + 5·a·s/h); ÷ t with sequence parallelism; selective or flash drops 5·a·s/h"),
        Calc("act_extra", "Activations outside the layers", "bytes", memory.activation_extra_bytes,
             ("seq_len", "micro_batch", "hidden", "vocab", "tp", "pp", "sp"), MEGABYTES,
             note="input ids, embedding; with one stage, output layer and loss"),
        Calc("act_width", "Size of an activation against 16 bits", "×", memory.activation_width, ("precision",), WHOLE,
             note="fp32 stores twice as many bytes"),
    )),
    Paragraph("How to read it", "heading"),
    Paragraph("Model states: bf16-mixed AdamW keeps 2 + 6 + 12 = 20 bytes per parameter (the article's §6), sharded "
              "as ZeRO does (Rajbhandari et al. 2020):", "note"),
    Paragraph("stage 1 divides the optimizer's 12 by N, stage 2 also the gradients' 6 (2 + 18/N), stage 3 everything "
              "(20/N). The ZeRO paper counts 16 bytes, without an fp32 gradient copy: its ZeRO-2 is 2 + 14/N.", "note"),
    Paragraph("The most loaded GPU is the first pipeline stage: its share of the layers plus the embedding, and the "
              "activations of one micro-batch per stage in flight (1F1B schedule).", "note"),
    Paragraph("The formulas above use Korthikanti et al. 2022's GPT layer; the published layouts use the terms "
              "re-derived for gated FFNs, grouped-query and latent attention and routed experts.", "note"),
    Paragraph("The formulas above are the article's accounting. The published layouts are sized as Megatron-LM "
              "allocates them: uneven pipeline stages, expert parallelism, the allocator's peak and fixed costs.", "note"),
    Paragraph("Published layouts: Llama 3 paper §3.3.2 (tp 8, pp 16, 126 layers); DeepSeek-V3 technical report "
              "§3.2 (pp 16, ep 64, ZeRO-1 data parallel). Their figures are the core's (README: Per-GPU memory).",
              "note"),
    Paragraph("Qwen3-235B-A22B: 128 experts, 8 per token, expert parallelism 32 across data parallel; Qwen "
              "publishes no training layout, so tp 4 and pp 8 are an example.", "note"),
    Paragraph("With Megatron-LM's default selective recomputation neither fits an 80 GB GPU: the runs recomputed "
              "more (DeepSeek-V3 §3.2.3: RMSNorm and MLA up-projections, FP8 activation caching).", "note"),
    Paragraph("Every figure is a native formula; the model's sizes come from the Models sheet (data counted from "
              "each config).", "note", only="native"),
    Paragraph("The GB figures are LLM_TRAIN_MEM_GPU, LLM_HEADROOM_GB and LLM_FITS calls; their setup argument is the "
              "key/value range of the setup block (columns B and C).", "note", only="addin"),
), widths={"A": 52, "B": 14, "C": 16, "D": 56},
    subtitle="Per-GPU memory of one training setup: pick a model and a GPU, change the setup.", pages_tall=0,
    page_breaks=("mem_model",))  # page 1: the setup and its result; page 2: how it is computed


# --- Models --------------------------------------------------------------------------------

MODEL_FIELDS = (
    ("name", "Model", TEXT, 16),
    ("model_type", "model_type", TEXT, 12),
    ("date", "Released", TEXT, 10),
    ("layers", "Layers", WHOLE, 8),
    ("hidden", "Hidden size", WHOLE, 9),
    ("heads", "Heads", WHOLE, 7),
    ("vocab", "Vocabulary", WHOLE, 10),
    ("params", "Parameters (exact)", EXACT, 17),
    ("active_params", "Active parameters", EXACT, 17),
    ("embedding_params", "Embedding parameters", EXACT, 15),
    ("non_embedding_params", "Non-embedding parameters", EXACT, 17),
    ("output_head_params", "Untied output layer", EXACT, 14),
    ("tokens", "Training tokens", TRILLIONS, 12),
    ("params_published", "Published", TEXT, 40),
    ("params_basis", "Where the exact count comes from", TEXT, 48),
)


def _record(name):
    row = catalog_model(name)
    return {**_shape(name), **{k: row.get(k) for k in ("name", "model_type", "params", "active_params", "tokens",
                                                       "date", "params_published", "params_basis")}}


CATALOG = Sheet("models", "Models", (
    Records("model_catalog", "Model catalog", MODEL_FIELDS, tuple(_record(n) for n in model_names()),
            intro="Sizes and exact parameters counted by xlfuncs from each model's Hugging Face config (tied weights "
                  "once); published figures as their developers give them. An empty cell: not published."),
), subtitle="The models the other sheets can look up; xlfuncs/catalogs/models.json lists the sources of every entry.")
