"""Whisper-tiny: an encoder-decoder speech transformer (openai/whisper-tiny), HF
`WhisperForConditionalGeneration` parameter names and layouts.

    mel [1, 80, 3000] -> conv1 + GELU -> conv2 (stride 2) + GELU -> [1, 1500, 384] + positions
      -> 4 x WhisperEncoderLayer -> layer_norm                        = encoder output
    tokens -> embed_tokens + embed_positions
      -> 4 x WhisperDecoderLayer (causal self-attention, cross-attention on the encoder output, FFN)
      -> layer_norm -> proj_out (tied to embed_tokens)                = logits
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from inferena.ir import Builder, Graph, Value

from . import ModelDef


@dataclass(frozen=True)
class WhisperConfig:
    vocab: int = 51865
    d_model: int = 384
    encoder_layers: int = 4
    decoder_layers: int = 4
    heads: int = 6
    ffn: int = 1536
    mel_bins: int = 80
    frames: int = 3000              # mel frames; conv2 (stride 2) halves them
    source_positions: int = 1500    # encoder positions = frames / 2
    target_positions: int = 448     # decoder positions
    eps: float = 1e-5

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads


CONFIGS = {
    "full": WhisperConfig(),
    "tiny": WhisperConfig(vocab=64, d_model=32, encoder_layers=2, decoder_layers=2, heads=2, ffn=64,
                          mel_bins=8, frames=16, source_positions=8, target_positions=8),
}
# <|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|>, and the tokens that follow each
PROMPT = (50258, 50259, 50359, 50363)
NEXT_TOKENS = (50259, 50359, 50363, 50257)       # ... <|endoftext|>
ONES, ZEROS = {"kind": "ones"}, {"kind": "zeros"}


def linear(b: Builder, x: Value, name: str, n_in: int, n_out: int, bias: bool = True) -> Value:
    """HF init: weight normal(0, 0.02), bias zeros."""
    w = b.param(f"{name}.weight", (n_out, n_in))
    if not bias:
        return b.linear(x, w, name=name)
    return b.linear(x, w, b.param(f"{name}.bias", (n_out,), ZEROS), name=name)


def layer_norm(b: Builder, x: Value, name: str, c: WhisperConfig, out: str = "normed") -> Value:
    w = b.param(f"{name}.weight", (c.d_model,), ONES)
    return b.layer_norm(x, w, b.param(f"{name}.bias", (c.d_model,), ZEROS), eps=c.eps, name=out)


def conv1d(b: Builder, x: Value, name: str, n_in: int, n_out: int, stride: int) -> Value:
    """Conv1d k3 p1, then GELU."""
    w = b.param(f"{name}.weight", (n_out, n_in, 3))
    x = b.conv1d(x, w, b.param(f"{name}.bias", (n_out,), ZEROS), stride=stride, padding=1, name="x")
    return b.gelu(x, approximate="none", name="x")


def split_heads(b: Builder, x: Value, c: WhisperConfig, name: str) -> Value:
    """[B, S, H*D] -> [B, H, S, D]"""
    x = b.reshape(x, shape=(0, 0, c.heads, c.head_dim), name=name)
    return b.transpose(x, perm=(0, 2, 1, 3), name=name)


def attention(b: Builder, name: str, kind: str, x: Value, source: Value, c: WhisperConfig,
              causal: bool = False) -> Value:
    """Multi-head attention of queries from x over keys/values from source (x itself for
    self-attention); k_proj has no bias."""
    with b.block(name, kind):
        q = split_heads(b, linear(b, x, "q_proj", c.d_model, c.d_model), c, "q")
        k = split_heads(b, linear(b, source, "k_proj", c.d_model, c.d_model, bias=False), c, "k")
        v = split_heads(b, linear(b, source, "v_proj", c.d_model, c.d_model), c, "v")
        out = b.attention(q, k, v, causal=causal, scale=c.head_dim ** -0.5, name="out")
        out = b.reshape(b.transpose(out, perm=(0, 2, 1, 3), name="out"), shape=(0, 0, c.d_model), name="out")
        return linear(b, out, "out_proj", c.d_model, c.d_model)


def feed_forward(b: Builder, h: Value, c: WhisperConfig) -> Value:
    """h + fc2(gelu(fc1(final_layer_norm(h))))"""
    x = linear(b, layer_norm(b, h, "final_layer_norm", c), "fc1", c.d_model, c.ffn)
    x = linear(b, b.gelu(x, approximate="none", name="x"), "fc2", c.ffn, c.d_model)
    return b.add(h, x, name="h")


def encoder_layer(b: Builder, i: int, h: Value, c: WhisperConfig) -> Value:
    with b.block(f"layers.{i}", "WhisperEncoderLayer"):
        x = layer_norm(b, h, "self_attn_layer_norm", c)
        h = b.add(h, attention(b, "self_attn", "WhisperAttention", x, x, c), name="h")
        return feed_forward(b, h, c)


def decoder_layer(b: Builder, i: int, h: Value, encoded: Value, c: WhisperConfig) -> Value:
    with b.block(f"layers.{i}", "WhisperDecoderLayer"):
        x = layer_norm(b, h, "self_attn_layer_norm", c)
        h = b.add(h, attention(b, "self_attn", "WhisperCausalSelfAttention", x, x, c, causal=True), name="h")
        x = layer_norm(b, h, "encoder_attn_layer_norm", c)
        h = b.add(h, attention(b, "encoder_attn", "WhisperCrossAttention", x, encoded, c), name="h")
        return feed_forward(b, h, c)


def encoder(b: Builder, mel: Value, c: WhisperConfig) -> Value:
    with b.block("encoder", "WhisperEncoder"):
        x = conv1d(b, mel, "conv1", c.mel_bins, c.d_model, stride=1)
        x = conv1d(b, x, "conv2", c.d_model, c.d_model, stride=2)
        h = b.transpose(x, perm=(0, 2, 1), name="h")                 # [B, positions, d_model]
        table = b.param("embed_positions.weight", (c.source_positions, c.d_model), {"kind": "sinusoids"},
                        trainable=False)                             # fixed in HF too (requires_grad False)
        h = b.add(h, b.embedding(b.positions(h, axis=1, name="positions"), table, name="pos"), name="h")
        for i in range(c.encoder_layers):
            h = encoder_layer(b, i, h, c)
        return layer_norm(b, h, "layer_norm", c, out="encoder_hidden_states")


def decoder(b: Builder, ids: Value, encoded: Value, c: WhisperConfig) -> tuple[Value, Value]:
    """Final hidden states, and embed_tokens (the tied output projection)."""
    with b.block("decoder", "WhisperDecoder"):
        embed = b.param("embed_tokens.weight", (c.vocab, c.d_model))
        table = b.param("embed_positions.weight", (c.target_positions, c.d_model))
        h = b.embedding(ids, embed, name="h")
        h = b.add(h, b.embedding(b.positions(ids, axis=1, name="positions"), table, name="pos"), name="h")
        for i in range(c.decoder_layers):
            h = decoder_layer(b, i, h, encoded, c)
        return layer_norm(b, h, "layer_norm", c, out="hidden_states"), embed


def build(c: WhisperConfig, variant: str) -> Graph:
    """`full`: logits and loss of the 4-token prompt on 30 s of mel frames;
    `latency`: one decoder step on a given encoder output (WhisperForCausalLM's layout)."""
    if variant == "full":
        b = Builder(Graph("WhisperForConditionalGeneration"))
        mel = b.input("input_features", (1, c.mel_bins, c.frames))
        ids = b.input("decoder_input_ids", (1, len(PROMPT)), "i64")
        with b.block("model", "WhisperModel"):
            h, embed = decoder(b, ids, encoder(b, mel, c), c)
    else:
        b = Builder(Graph("WhisperForCausalLM"))
        ids = b.input("decoder_input_ids", (1, 1), "i64")
        encoded = b.input("encoder_hidden_states", (1, c.source_positions, c.d_model))
        with b.block("model", "WhisperDecoderWrapper"):
            h, embed = decoder(b, ids, encoded, c)
    logits = b.linear(h, embed, name="logits")          # proj_out, tied: embed_tokens.T
    b.output("logits", logits)
    if variant == "full":
        labels = b.input("labels", (1, len(NEXT_TOKENS)), "i64")
        b.output("loss", b.cross_entropy(logits, labels, name="loss"))
    return b.graph


def inputs(c: WhisperConfig, variant: str) -> dict[str, np.ndarray]:
    """Token ids are taken modulo the vocabulary so the tiny config keeps them in range."""
    prompt = np.array([PROMPT], np.int64) % c.vocab
    if variant == "latency":
        j = np.arange(c.source_positions * c.d_model, dtype=np.float64)
        return {"decoder_input_ids": prompt[:, :1],
                "encoder_hidden_states": np.sin(0.01 * j).reshape(1, c.source_positions, c.d_model)
                .astype(np.float32)}
    j = np.arange(c.mel_bins * c.frames, dtype=np.float64)
    return {"input_features": np.sin(0.001 * j).reshape(1, c.mel_bins, c.frames).astype(np.float32),
            "decoder_input_ids": prompt,
            "labels": np.array([NEXT_TOKENS], np.int64) % c.vocab}


MODEL = ModelDef("Whisper-tiny", sys.modules[__name__], order=4,
                 tied={"proj_out.weight": "model.decoder.embed_tokens.weight"},
                 canonical=("transformers", "canonical/whisper_transformers.py.j2"))
