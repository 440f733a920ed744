"""test"""
import os
import tempfile
import time
from pathlib import Path

import gguf
import llama_cpp
import numpy as np
from safetensors.numpy import load_file, save_file

import harness

# The IR model's config, as llama.cpp's `llama` architecture names it.
LAYERS, HIDDEN, HEADS, KV_HEADS, HEAD_DIM = 2, 64, 4, 2, 16
FFN, VOCAB, EPS, ROPE_THETA, CONTEXT = 128, 256, 1e-05, 100000.0, 16
# checkpoint name -> GGUF name, as llama.cpp's convert_hf_to_gguf.py maps them
NAMES = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight"}
LAYER_NAMES = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
               "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output", "post_attention_layernorm": "ffn_norm",
               "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"}


def rotary_pairs(w, heads):
    """Rows of a q/k projection reordered for llama.cpp's RoPE, which rotates the pairs
    (2i, 2i+1) of a head where the checkpoint (HF) rotates (i, i + D/2)."""
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def export(weights, path):
    """weights.safetensors as an f32 GGUF (tied LM head: llama.cpp reads token_embd when there is
    no output.weight). The model has no tokenizer: a placeholder vocabulary of VOCAB tokens."""
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_context_length(max(CONTEXT, 512))
    w.add_embedding_length(HIDDEN)
    w.add_block_count(LAYERS)
    w.add_feed_forward_length(FFN)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV_HEADS)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_rope_freq_base(ROPE_THETA)
    w.add_layer_norm_rms_eps(EPS)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("llama")
    w.add_token_list([f"<t{i}>".encode() for i in range(VOCAB)])
    w.add_token_scores([0.0] * VOCAB)
    w.add_token_types([gguf.TokenType.NORMAL] * VOCAB)
    for name, array in weights.items():
        array = np.ascontiguousarray(array, dtype=np.float32)
        if name in NAMES:
            w.add_tensor(NAMES[name], array)
            continue
        _, _, index, rest = name.split(".", 3)          # model.layers.<i>.<module>.weight
        module = rest.rsplit(".", 1)[0]
        if module == "self_attn.q_proj":
            array = rotary_pairs(array, HEADS)
        elif module == "self_attn.k_proj":
            array = rotary_pairs(array, KV_HEADS)
        w.add_tensor(f"blk.{index}.{LAYER_NAMES[module]}.weight", array)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    args = harness.parse_args()
    if args.device != "cpu":
        harness.skip(f"this llama-cpp-python build runs on the CPU (--device {args.device})")
    inputs = load_file(str(args.data / "inputs.safetensors"))
    ids, latency_ids = inputs["input_ids"], inputs["latency.input_ids"]
    folder = tempfile.TemporaryDirectory(prefix="llamacpp-")
    path = Path(folder.name, "model.gguf")

    start = time.perf_counter()          # the conversion, done once offline: reported as the build
    export(load_file(str(args.data / "weights.safetensors")), path)
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    threads = os.cpu_count()
    llm = llama_cpp.Llama(str(path), n_ctx=max(CONTEXT, 512), n_batch=ids.shape[1], n_ubatch=ids.shape[1],
                          logits_all=True, n_threads=threads, n_threads_batch=threads, verbose=False,
                          type_k=llama_cpp.GGML_TYPE_F32, type_v=llama_cpp.GGML_TYPE_F32)   # f32 KV cache (default f16)

    def forward(batch):
        """Logits of every position of every row: each row from an empty KV cache."""
        out = []
        for row in batch:
            llm.reset()
            llm.eval(row.tolist())
            out.append(np.array(llm.scores[:len(row)], dtype=np.float32))
        return np.stack(out)

    forward(ids)
    compile_s = time.perf_counter() - start
    result = {"framework": "llamacpp", "framework_version": llama_cpp.__version__,
              "backend": f"llama-cpp-python, CPU, {threads} threads, f32 GGUF and KV cache", "autodiff": "", "build_s": build_s,
              "compile_s": compile_s,
              "not_measured": {"training": "llama.cpp runs inference only: it has no backward"}}
    tensors = {}
    if "inference" not in args.skip:
        result["inference_ms"], tensors["logits"] = harness.measure(lambda: forward(ids), args.warmup, args.repeat)
    if "latency" not in args.skip:
        result["latency_ms"], tensors["latency.logits"] = harness.measure(lambda: forward(latency_ids), args.warmup, args.repeat)
    save_file(tensors, str(args.out))
    del llm
    folder.cleanup()
    harness.report(**result)


if __name__ == "__main__":
    main()
