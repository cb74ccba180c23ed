"""Chinese texts of issue 4's sheets (Modern models, GPU memory, Models) and of the rows it
adds to the LLaMA sheet, in the terms of ``zh.py`` (参数量, 显存, 激活重计算 …) plus
权重 / 梯度 / 优化器状态 / 激活值, 张量并行 (TP), 流水线并行 (PP), 数据并行 (DP), 序列并行.
Setup keys, precision names and catalog data are not texts and stay as they are.
"""

ZH_MODELS = {
    # --- Read me and the writer ---
    "Modern models: Llama 3, Mixtral, Qwen2.5, Gemma, DeepSeek-V3; 12·L·h² against exact and published counts, active parameters, compute.":
        "现代模型：Llama 3、Mixtral、Qwen2.5、Gemma、DeepSeek-V3；12·L·h² 与精确参数量、公开参数量对比，激活参数量，计算量。",
    "GPU memory: one model, one setup (parallelism, ZeRO, recomputation, precision): memory per GPU, and whether it fits.":
        "GPU 显存：一个模型、一种训练配置（并行、ZeRO、重计算、精度）下每张 GPU 的显存，以及能否放下。",
    "Models: the model catalog, sizes and exact parameters counted from each config.":
        "模型：模型目录，按各模型配置算出的结构尺寸和精确参数量。",
    "Key": "键",
    "must be a model from the Models sheet": "必须是模型表中的模型",
    "must be one of the list": "必须是列表中的一项",
    "must be a whole number from 0 to 3": "必须是 0 到 3 的整数",
    "must be a number, 0 or more and below 1": "必须不小于 0 且小于 1",
    # --- LLaMA rows ---
    "Model (its name in the catalog)": "模型（目录中的名称）",
    "Models sheet": "模型表",
    "Parameters, exact count from the config": "参数量，按配置精确计数",
    "data: every weight of Meta's checkpoint": "数据：Meta 检查点的全部权重",
    "Error of 12·L·h² against the exact count": "12·L·h² 相对精确参数量的误差",
    "estimate/exact - 1": "估算值/精确值 - 1",
    "Error of L·(12h²+13h)+V·h against the exact count": "L·(12h²+13h)+V·h 相对精确参数量的误差",
    # --- Modern models ---
    "Modern models": "现代模型",
    "Llama 3, Mixtral, Qwen2.5, Gemma and DeepSeek-V3 with the article's formulas and with exact counts.":
        "用文章的公式和精确计数分别计算 Llama 3、Mixtral、Qwen2.5、Gemma 和 DeepSeek-V3。",
    "The article's 12·L·h² against the exact count from the config": "文章的 12·L·h² 与按配置精确计数的参数量对比",
    "Transformer layers (num_hidden_layers in the model's config).": "Transformer 层数（模型配置中的 num_hidden_layers）。",
    "config: num_hidden_layers": "配置：num_hidden_layers",
    "Width of the model (hidden_size in the model's config).": "模型宽度（模型配置中的 hidden_size）。",
    "config: hidden_size": "配置：hidden_size",
    "Pre-training tokens; type 15E12 for 15 trillion. Mixtral's were never published: its cell holds an assumption.":
        "预训练 tokens 数；15 万亿请输入 15E12。Mixtral 的未公开：其单元格中是一个假设值。",
    "published; Mixtral: assumed, see below": "公开值；Mixtral：假设值，见下文",
    "Parameters, 12·L·h² (the article)": "参数量，12·L·h²（文章）",
    "data: every weight of the Hugging Face model": "数据：Hugging Face 模型的全部权重",
    "Parameters, published": "参数量，公开值",
    "the developers' figure, sources below": "开发者公布的数字，出处见下文",
    "Published figure against the exact count": "公开值相对精确参数量的误差",
    "published/exact - 1: rounding": "公开值/精确值 - 1：取整误差",
    "Active parameters per token, exact": "每个 token 的激活参数量，精确值",
    "data: shared parts + the top-k experts": "数据：共享部分 + top-k 个专家",
    "Active parameters, published": "激活参数量，公开值",
    "mixtures of experts only": "仅混合专家模型",
    "Training compute, 6·N·T (N = active parameters)": "训练计算量 6·N·T（N = 激活参数量）",
    "§2 with the active parameters": "§2，用激活参数量",
    "Pre-training sequence length s": "预训练序列长度 s",
    "papers, see below": "论文，见下文",
    "Training FLOPs per token at s, detailed": "序列长度 s 下每个 token 的训练计算量，精细计数",
    "FLOPs per token": "FLOPs/token",
    "data: Narayanan et al. 2021, eq. 3": "数据：Narayanan 等 2021，式 3",
    "Training compute, detailed count": "训练计算量，精细计数",
    "FLOPs per token × T": "每 token 计算量 × T",
    "Error of 6·N·T against the detailed count": "6·N·T 相对精细计数的误差",
    "6·N·T/detailed - 1": "6·N·T/精细计数 - 1",
    "Training compute, published": "训练计算量，公开值",
    "Llama 3 paper": "Llama 3 论文",
    "The grey figures are published or data; yellow cells can be changed (they move 12·L·h² and the compute, not the exact counts).":
        "灰色数字是公开值或数据；黄色单元格可以修改（它们影响 12·L·h² 和计算量，不影响精确参数量）。",
    "In this workbook the exact counts and the FLOPs per token are data: the catalog's values (Models sheet), counted from each Hugging Face config by xlfuncs.":
        "本工作簿中的精确参数量和每 token 计算量是数据：模型目录中的值（模型表），由 xlfuncs 按各 Hugging Face 配置算出。",
    "No readable spreadsheet formula counts a model from its config; llm_budget_addin.xlsx computes them with LLM_PARAMS_HF and LLM_TRAIN_FLOPS_HF.":
        "没有可读的表格公式能从配置数出模型的参数；llm_budget_addin_zh.xlsx 用 LLM_PARAMS_HF 和 LLM_TRAIN_FLOPS_HF 计算它们。",
    "In this workbook the exact counts and the FLOPs per token are LLM_PARAMS_HF and LLM_TRAIN_FLOPS_HF calls on the catalog's configs (Models sheet).":
        "本工作簿中的精确参数量和每 token 计算量由 LLM_PARAMS_HF 和 LLM_TRAIN_FLOPS_HF 按模型目录中的配置（模型表）计算。",
    "Why 12·L·h² misses": "12·L·h² 为什么不准",
    "12·L·h² counts a GPT-3 layer: 4·h² of attention (q, k, v, o) and 8·h² of an MLP of width 4·h; it leaves out the embeddings. Modern models differ in four ways:":
        "12·L·h² 数的是 GPT-3 的层：注意力 4·h²（q、k、v、o）加宽度 4·h 的 MLP 8·h²，不含嵌入层。现代模型有四点不同：",
    "• Gated FFNs (SwiGLU, GeGLU) have three h × f matrices instead of two h × 4h: with f = 3.5·h (Llama 3), 5.3·h (Qwen2.5-7B) or 8·h (Gemma) the MLP holds 10.5·h² to 24·h², not 8·h².":
        "• 门控 FFN（SwiGLU、GeGLU）有三个 h × f 矩阵，而不是两个 h × 4h：f = 3.5·h（Llama 3）、5.3·h（Qwen2.5-7B）或 8·h（Gemma）时，MLP 有 10.5·h² 到 24·h²，而不是 8·h²。",
    "• Grouped-query attention shares keys and values among heads (Llama 3: 8 key/value heads for 32 to 128 query heads), so attention holds less than 4·h².":
        "• 分组查询注意力（GQA）让多个头共享键和值（Llama 3：32 到 128 个查询头共用 8 个键/值头），注意力参数少于 4·h²。",
    "• Large vocabularies: 128,256 rows (Llama 3), 152,064 (Qwen2.5), 256,000 (Gemma) of h numbers each, twice when the output layer is not tied to the embedding: 14% of Qwen2.5-7B, 21% of Gemma-2B.":
        "• 大词表：128,256 行（Llama 3）、152,064（Qwen2.5）、256,000（Gemma），每行 h 个数，输出层与嵌入不共享时再算一次：占 Qwen2.5-7B 的 14%、Gemma-2B 的 21%。",
    "• Mixtures of experts hold every expert but send each token through a few: Mixtral 2 of 8 per layer, DeepSeek-V3 8 of 256 plus 1 shared. 12·L·h² sees one dense MLP.":
        "• 混合专家（MoE）模型保存所有专家，但每个 token 只经过少数几个：Mixtral 每层 8 选 2，DeepSeek-V3 256 选 8 外加 1 个共享专家。12·L·h² 只算一个稠密 MLP。",
    "Training compute therefore counts the active parameters, 6·N·T. The detailed count adds the attention scores (2·heads·(d_qk + d_v)·s per token and layer) and counts each real matrix;":
        "因此训练计算量按激活参数量计算，即 6·N·T。精细计数另加注意力分数（每个 token 每层 2·头数·(d_qk + d_v)·s），并逐个计入实际矩阵；",
    "both count a forward and a backward pass (3 × the forward FLOPs), without activation recomputation (Narayanan et al. 2021, eq. 3). The scores grow with s: at Mixtral's 32k tokens they are 40% of the compute.":
        "两者都计一次前向和一次反向（前向计算量的 3 倍），不含激活重计算（Narayanan 等 2021，式 3）。注意力分数随 s 增长：在 Mixtral 的 32k 序列上占计算量的 40%。",
    "Mixtral's training tokens were never published: its yellow cell holds an assumption (8 T); type yours.":
        "Mixtral 的训练 tokens 数从未公开：其黄色单元格中是假设值（8T），请填入您的假设。",
    "Sources of the published figures": "公开数字的出处",
    "Llama 3 8B and 70B: Meta's model card (April 2024), 8B and 70B, 15T tokens. Llama 3.1 405B: Dubey et al. 2024, The Llama 3 Herd of Models: 405B, 15.6T tokens, 3.8E25 FLOPs, 8,192-token sequences.":
        "Llama 3 8B 和 70B：Meta 模型卡（2024 年 4 月），8B 和 70B，15T tokens。Llama 3.1 405B：Dubey 等 2024《The Llama 3 Herd of Models》：405B，15.6T tokens，3.8E25 FLOPs，序列长度 8,192。",
    "Mixtral-8x7B: Mistral AI's release post (December 2023), 46.7B total and 12.9B active parameters; Jiang et al. 2024: trained with a 32k-token context.":
        "Mixtral-8x7B：Mistral AI 发布文章（2023 年 12 月），总参数 46.7B、激活参数 12.9B；Jiang 等 2024：以 32k 上下文训练。",
    "Qwen2.5: the model cards, 7.61B and 72.7B; Qwen2.5 technical report (2024): 18T tokens, pre-trained on 4,096-token sequences before the long-context stage.":
        "Qwen2.5：模型卡，7.61B 和 72.7B；Qwen2.5 技术报告（2024）：18T tokens，长上下文阶段之前以 4,096 长度的序列预训练。",
    "Gemma: Gemma Team 2024, Table 2, embedding + non-embedding parameters (its vocabulary has 256,128 rows, Hugging Face's 256,000); 3T and 6T tokens; 8,192-token context.":
        "Gemma：Gemma Team 2024，表 2，嵌入参数 + 非嵌入参数（论文词表 256,128 行，Hugging Face 为 256,000）；3T 和 6T tokens；上下文 8,192。",
    "DeepSeek-V3: DeepSeek-AI 2024, technical report and README: 671B total, 37B activated, 14.8T tokens, 4K-token sequences in pre-training.":
        "DeepSeek-V3：DeepSeek-AI 2024，技术报告和 README：总参数 671B，激活 37B，14.8T tokens，预训练序列长度 4K。",
    "Exact counts: every weight, bias and norm gain of the model Hugging Face transformers builds from the config, tied weights once (xlfuncs architectures.py).":
        "精确参数量：Hugging Face transformers 按配置构建的模型中的全部权重、偏置和归一化增益，共享权重只计一次（xlfuncs architectures.py）。",
    # --- GPU memory ---
    "GPU memory": "GPU 显存",
    "Per-GPU memory of one training setup: pick a model and a GPU, change the setup.": "一种训练配置下每张 GPU 的显存：选择模型和 GPU，修改训练配置。",
    "Inputs: the model and the GPU": "输入：模型和 GPU",
    "Model": "模型",
    "catalog name": "目录中的名称",
    "Pick a model from the list (the Models sheet); its layers, hidden size and parameters are looked up there.":
        "从列表（模型表）中选择模型；其层数、隐藏层维度和参数量从该表查得。",
    "Training setup (column B holds the keys LLM_TRAIN_MEM_GPU reads)": "训练配置（B 列是 LLM_TRAIN_MEM_GPU 读取的键）",
    "Micro-batch b (sequences per GPU per step)": "微批次 b（每张 GPU 每步的序列数）",
    "Sequences each GPU processes at once.": "每张 GPU 一次处理的序列数。",
    "Sequence length s (tokens)": "序列长度 s（tokens）",
    "Tokens per sequence.": "每条序列的 tokens 数。",
    "Tensor-parallel GPUs t": "张量并行（TP）GPU 数 t",
    "GPUs that split every layer's matrices; usually at most the GPUs of one node (8).": "切分每层矩阵的 GPU 数；通常不超过一个节点的 GPU 数（8）。",
    "Megatron-LM: inside one node": "Megatron-LM：在一个节点内",
    "Pipeline stages": "流水线并行（PP）级数",
    "Groups of consecutive layers, one per GPU group.": "把连续的层分组，每组放在一组 GPU 上。",
    "Data-parallel GPUs N": "数据并行（DP）数 N",
    "Copies of the model that train on different data; ZeRO shards over them.": "用不同数据训练的模型副本数；ZeRO 在它们之间切分。",
    "GPUs in all: t × stages × N": "GPU 总数：t × 级数 × N",
    "ZeRO stage (FSDP = 3)": "ZeRO 阶段（FSDP = 3）",
    "0: none; 1: shards the optimizer state; 2: also the gradients; 3: also the weights.": "0：不切分；1：切分优化器状态；2：再切分梯度；3：再切分权重。",
    "Rajbhandari et al. 2020": "Rajbhandari 等 2020",
    "none, selective (the attention scores are recomputed) or full (only each layer's input is kept).":
        "none、selective（重算注意力分数）或 full（只保留每层的输入）。",
    "Korthikanti et al. 2022": "Korthikanti 等 2022",
    "Optimizer": "优化器",
    "adamw, adamw8bit (8-bit states) or sgd (with momentum).": "adamw、adamw8bit（8 位状态）或 sgd（带动量）。",
    "Precision": "精度",
    "bf16-mixed, fp16-mixed, fp32 or fp8-mixed (FP8 keeps the same master weights and states).":
        "bf16-mixed、fp16-mixed、fp32 或 fp8-mixed（FP8 的主权重和状态与 BF16 相同）。",
    "Memory kept free": "预留显存",
    "Share of the GPU's memory left for the CUDA context, fragmentation and buffers: 0 or more, below 1.":
        "留给 CUDA 上下文、内存碎片和缓冲区的显存比例：不小于 0 且小于 1。",
    "a rule of thumb": "经验值",
    "FlashAttention (scores not stored)": "FlashAttention（不保存注意力分数）",
    "TRUE: the attention scores are never stored (FlashAttention), as selective recomputation. FALSE: they are.":
        "TRUE：不保存注意力分数（FlashAttention），与 selective 重计算的效果相同。FALSE：保存。",
    "Dao et al. 2022": "Dao 等 2022",
    "Size of an activation against 16 bits": "激活值字节数相对 16 位的倍数",
    "×": "倍",
    "fp32 stores twice as many bytes": "fp32 的字节数是两倍",
    "Split accepted: t divides the heads, the stages divide the layers": "切分是否可行：t 整除头数，级数整除层数",
    "FALSE: Megatron-LM and the add-in refuse it": "FALSE：Megatron-LM 和加载项都不接受",
    "The model, from the Models sheet": "模型结构（查自模型表）",
    "Attention heads a": "注意力头数 a",
    "Non-embedding parameters": "非嵌入参数量",
    "Embedding parameters (with an untied output layer)": "嵌入参数量（含不共享的输出层）",
    "Untied output layer (0 when tied)": "不共享的输出层（共享时为 0）",
    "Model states: bytes per parameter, sharded by ZeRO over N": "模型状态：每个参数的字节数，由 ZeRO 在 N 份数据并行间切分",
    "Parameters on the most loaded GPU Ψ": "负载最重的 GPU 上的参数量 Ψ",
    "first stage: layers/stages + embedding, ÷ t": "第一级：层/级数 + 嵌入，÷ t",
    "Weights": "权重",
    "bytes per parameter": "字节/参数",
    "2 (fp32: 4)": "2（fp32：4）",
    "Gradients": "梯度",
    "2 + an fp32 copy 4 (fp32: 4)": "2 + fp32 副本 4（fp32：4）",
    "Optimizer state": "优化器状态",
    "fp32 master 4 + AdamW 8 (8-bit 2, SGD 4)": "fp32 主权重 4 + AdamW 8（8 位 2，SGD 4）",
    "Weights per GPU": "每张 GPU 的权重",
    "÷ N from ZeRO-3": "ZeRO-3 起 ÷ N",
    "Gradients per GPU": "每张 GPU 的梯度",
    "÷ N from ZeRO-2": "ZeRO-2 起 ÷ N",
    "Optimizer state per GPU": "每张 GPU 的优化器状态",
    "÷ N from ZeRO-1": "ZeRO-1 起 ÷ N",
    "Model states per GPU": "每张 GPU 的模型状态",
    "no ZeRO 20; ZeRO-1 8 + 12/N; ZeRO-2 2 + 18/N; ZeRO-3 20/N": "无 ZeRO 20；ZeRO-1 8 + 12/N；ZeRO-2 2 + 18/N；ZeRO-3 20/N",
    "Activations (Korthikanti et al. 2022)": "激活值（Korthikanti 等 2022）",
    "Sequence parallelism": "序列并行",
    "on when t > 1, as Megatron-LM recommends": "t > 1 时开启，按 Megatron-LM 的建议",
    "Activations of one layer": "一层的激活值",
    "bytes": "字节",
    "s·b·h·(34 + 5·a·s/h); ÷ t with sequence parallelism; selective or flash drops 5·a·s/h":
        "s·b·h·(34 + 5·a·s/h)；序列并行时 ÷ t；selective 或 FlashAttention 去掉 5·a·s/h",
    "Activations outside the layers": "层外的激活值",
    "input ids, embedding; with one stage, output layer and loss": "输入 id、嵌入；只有一级时另加输出层和损失",
    "Memory per GPU, on the most loaded GPU (the first pipeline stage)": "每张 GPU 的显存（负载最重的 GPU：流水线第一级）",
    "Ψ × bytes / 1E9": "Ψ × 字节 / 1E9",
    "Activations": "激活值",
    "(L layers' worth + outside) × size": "（相当于 L 层 + 层外）× 字节倍数",
    "Total": "合计",
    "sum of the four": "四项之和",
    "Memory of the GPU": "GPU 显存容量",
    "Headroom: memory × (1 − kept free) − total": "余量：显存 × (1 − 预留) − 合计",
    "negative: it does not fit": "为负：放不下",
    "Fits on the GPU": "能否放下",
    "headroom ≥ 0": "余量 ≥ 0",
    "How to read it": "如何解读",
    "Model states: bf16-mixed AdamW keeps 2 + 6 + 12 = 20 bytes per parameter (the article's §6), sharded as ZeRO does (Rajbhandari et al. 2020):":
        "模型状态：bf16 混合精度的 AdamW 每个参数占 2 + 6 + 12 = 20 字节（文章 §6），按 ZeRO（Rajbhandari 等 2020）的方式切分：",
    "stage 1 divides the optimizer's 12 by N, stage 2 also the gradients' 6 (2 + 18/N), stage 3 everything (20/N). The ZeRO paper counts 16 bytes, without an fp32 gradient copy: its ZeRO-2 is 2 + 14/N.":
        "阶段 1 把优化器的 12 字节除以 N，阶段 2 再把梯度的 6 字节除以 N（2 + 18/N），阶段 3 全部除以 N（20/N）。ZeRO 论文按 16 字节计算，不含 fp32 梯度副本：其 ZeRO-2 为 2 + 14/N。",
    "The most loaded GPU is the first pipeline stage: its share of the layers plus the embedding, and the activations of one micro-batch per stage in flight (1F1B schedule).":
        "负载最重的是流水线第一级：它分到的层加上嵌入层，以及每一级各一个在途微批次的激活值（1F1B 调度）。",
    "Activations follow Korthikanti et al. 2022, derived for GPT's layer: gated FFNs and grouped-query attention are not re-derived, so read them as an estimate.":
        "激活值按 Korthikanti 等 2022 计算，该公式针对 GPT 的层推导：门控 FFN 和分组查询注意力没有重新推导，请把它当作估算。",
    "Not modelled: expert parallelism (a mixture of experts is split like a dense model), the pipeline bubble, communication buffers (they are in the memory kept free).":
        "未建模：专家并行（混合专家模型按稠密模型切分）、流水线气泡、通信缓冲区（包含在预留显存中）。",
    "Every figure is a native formula; the model's sizes come from the Models sheet (data counted from each config).":
        "每个数字都是原生公式；模型尺寸来自模型表（按各配置算出的数据）。",
    "The GB figures are LLM_TRAIN_MEM_GPU, LLM_HEADROOM_GB and LLM_FITS calls; their setup argument is the key/value range of the setup block (columns B and C).":
        "GB 数字由 LLM_TRAIN_MEM_GPU、LLM_HEADROOM_GB 和 LLM_FITS 计算；其 setup 参数是训练配置区域的键/值范围（B 列和 C 列）。",
    # --- Models ---
    "Models": "模型",
    "The models the other sheets can look up; xlfuncs/catalogs/models.json lists the sources of every entry.":
        "其他工作表可以查询的模型；每条数据的出处见 xlfuncs/catalogs/models.json。",
    "Model catalog": "模型目录",
    "Sizes and exact parameters counted by xlfuncs from each model's Hugging Face config (tied weights once); published figures as their developers give them. An empty cell: not published.":
        "结构尺寸和精确参数量由 xlfuncs 按各模型的 Hugging Face 配置算出（共享权重只计一次）；公开数字按开发者的说法。空单元格：未公开。",
    "model_type": "model_type",
    "Layers": "层数",
    "Hidden size": "隐藏层维度",
    "Heads": "头数",
    "Vocabulary": "词表",
    "Parameters (exact)": "参数量（精确）",
    "Active parameters": "激活参数量",
    "Embedding parameters": "嵌入参数量",
    "Untied output layer": "不共享的输出层",
    "Published": "公开值",
    "Where the exact count comes from": "精确参数量的来源",
}
