"""SmolLM2-135M: a decoder-only LLaMA (HuggingFaceTB/SmolLM2-135M), HF parameter names."""
from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from inferena.ir import Builder, Graph, Value

from . import ModelDef


@dataclass(frozen=True)
class LlamaConfig:
    vocab: int = 49152
    hidden: int = 576
    layers: int = 30
    heads: int = 9
    kv_heads: int = 3
    head_dim: int = 64
    intermediate: int = 1536
    eps: float = 1e-5
    rope_theta: float = 100000.0
    seq: int = 128


CONFIGS = {
    "full": LlamaConfig(),
    "tiny": LlamaConfig(vocab=256, hidden=64, layers=2, heads=4, kv_heads=2, head_dim=16,
                        intermediate=128, seq=16),
}
ONES = {"kind": "ones"}


def rmsnorm(b: Builder, x: Value, name: str, c: LlamaConfig) -> Value:
    return b.rmsnorm(x, b.param(f"{name}.weight", (c.hidden,), ONES), eps=c.eps, name="normed")


def split_heads(b: Builder, x: Value, heads: int, head_dim: int, name: str) -> Value:
    """[B, S, H*D] -> [B, H, S, D]"""
    x = b.reshape(x, shape=(0, 0, heads, head_dim), name=name)
    return b.transpose(x, perm=(0, 2, 1, 3), name=name)


def attention(b: Builder, x: Value, cos: Value, sin: Value, c: LlamaConfig) -> Value:
    with b.block("self_attn", "LlamaAttention"):
        q_width, kv_width = c.heads * c.head_dim, c.kv_heads * c.head_dim
        q = b.linear(x, b.param("q_proj.weight", (q_width, c.hidden)), name="q")
        k = b.linear(x, b.param("k_proj.weight", (kv_width, c.hidden)), name="k")
        v = b.linear(x, b.param("v_proj.weight", (kv_width, c.hidden)), name="v")
        q = b.rope(split_heads(b, q, c.heads, c.head_dim, "q"), cos, sin, name="q")
        k = b.rope(split_heads(b, k, c.kv_heads, c.head_dim, "k"), cos, sin, name="k")
        v = split_heads(b, v, c.kv_heads, c.head_dim, "v")
        out = b.attention(q, k, v, causal=True, scale=c.head_dim ** -0.5, name="out")
        out = b.reshape(b.transpose(out, perm=(0, 2, 1, 3), name="out"), shape=(0, 0, q_width), name="out")
        return b.linear(out, b.param("o_proj.weight", (c.hidden, q_width)), name="out")


def mlp(b: Builder, x: Value, c: LlamaConfig) -> Value:
    """SwiGLU: down(silu(gate(x)) * up(x))"""
    with b.block("mlp", "LlamaMLP"):
        gate = b.linear(x, b.param("gate_proj.weight", (c.intermediate, c.hidden)), name="gate")
        up = b.linear(x, b.param("up_proj.weight", (c.intermediate, c.hidden)), name="up")
        h = b.mul(b.silu(gate, name="gate"), up, name="h")
        return b.linear(h, b.param("down_proj.weight", (c.hidden, c.intermediate)), name="out")


def decoder_layer(b: Builder, i: int, h: Value, cos: Value, sin: Value, c: LlamaConfig) -> Value:
    with b.block(f"layers.{i}", "LlamaDecoderLayer"):
        h = b.add(h, attention(b, rmsnorm(b, h, "input_layernorm", c), cos, sin, c), name="h")
        return b.add(h, mlp(b, rmsnorm(b, h, "post_attention_layernorm", c), c), name="h")


def build(c: LlamaConfig, variant: str) -> Graph:
    """`full`: logits and loss over c.seq tokens; `latency`: logits of one token."""
    seq = c.seq if variant == "full" else 1
    b = Builder(Graph("LlamaForCausalLM"))
    ids = b.input("input_ids", (1, seq), "i64")
    with b.block("model", "LlamaModel"):
        embed = b.param("embed_tokens.weight", (c.vocab, c.hidden))
        h = b.embedding(ids, embed, name="h")
        positions = b.positions(ids, axis=1, name="positions")
        cos, sin = b.rope_tables(positions, dim=c.head_dim, theta=c.rope_theta, name=("cos", "sin"))
        for i in range(c.layers):
            h = decoder_layer(b, i, h, cos, sin, c)
        h = rmsnorm(b, h, "norm", c)
    logits = b.linear(h, embed, name="logits")          # tied LM head: embed_tokens.T
    b.output("logits", logits)
    if variant == "full":
        labels = b.input("labels", (1, seq), "i64")
        b.output("loss", b.cross_entropy(logits, labels, name="loss"))
    return b.graph


def inputs(c: LlamaConfig, variant: str) -> dict[str, np.ndarray]:
    if variant == "latency":
        return {"input_ids": np.zeros((1, 1), np.int64)}
    positions = np.arange(c.seq, dtype=np.int64)[None, :] % c.vocab
    return {"input_ids": positions, "labels": (positions + 1) % c.vocab}   # labels already shifted


MODEL = ModelDef("SmolLM2-135M", sys.modules[__name__], order=0,
                 checkpoint_ignore=("*rotary_emb.inv_freq",),
                 tied={"lm_head.weight": "model.embed_tokens.weight"},
                 canonical=("transformers", "canonical/smollm2_transformers.py.j2"))
