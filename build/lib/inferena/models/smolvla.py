"""SmolVLA action expert (LeRobot `lerobot/smolvla_base`): one flow-matching denoising step.

The VLM prefix is precomputed, as in LeRobot's KV-cached inference: its per-layer keys and
values (post-RoPE, as the VLM caches them) are inputs. The expert embeds the noisy action
chunk and the timestep, runs 16 Llama-style layers that alternate self-attention over
[prefix, actions] (even layers) with cross-attention into the prefix (odd layers), and
predicts the velocity field. Parameter names are LeRobot's."""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np

from inferena.ir import Builder, Graph, Value

from . import ModelDef


@dataclass(frozen=True)
class SmolVLAConfig:
    layers: int = 16
    hidden: int = 720              # expert width: 0.75 x the VLM's 960
    heads: int = 15
    kv_heads: int = 5              # the VLM's kv heads: cached prefix keys are kv_heads x head_dim wide
    head_dim: int = 64
    intermediate: int = 2048
    eps: float = 1e-5
    rope_theta: float = 10000.0
    self_attn_every: int = 2       # layer i is self-attention when i % 2 == 0, else cross-attention
    action_dim: int = 32
    chunk: int = 50                # actions denoised per step
    prefix: int = 16               # VLM prefix tokens (P)
    min_period: float = 4e-3       # sinusoidal time embedding
    max_period: float = 4.0

    @property
    def kv_width(self) -> int:
        return self.kv_heads * self.head_dim


CONFIGS = {
    "full": SmolVLAConfig(),
    "tiny": SmolVLAConfig(layers=4, hidden=48, heads=6, kv_heads=2, head_dim=8, intermediate=64,
                          action_dim=4, chunk=5, prefix=3),
}
ONES = {"kind": "ones"}
ZEROS = {"kind": "zeros"}


def linear(b: Builder, x: Value, name: str, n_in: int, n_out: int, bias: bool = False, out: str = "") -> Value:
    """nn.Linear `name` ([out, in] weight, optional zero-initialised bias); `out` names the result."""
    w = b.param(f"{name}.weight", (n_out, n_in))
    return b.linear(x, w, *([b.param(f"{name}.bias", (n_out,), ZEROS)] if bias else []), name=out or name)


def rmsnorm(b: Builder, x: Value, name: str, c: SmolVLAConfig) -> Value:
    return b.rmsnorm(x, b.param(f"{name}.weight", (c.hidden,), ONES), eps=c.eps, name="normed")


def split_heads(b: Builder, x: Value, heads: int, head_dim: int, name: str) -> Value:
    """[B, S, H*D] -> [B, H, S, D]"""
    x = b.reshape(x, shape=(0, 0, heads, head_dim), name=name)
    return b.transpose(x, perm=(0, 2, 1, 3), name=name)


def project_heads(b: Builder, x: Value, proj: str, n_in: int, heads: int, c: SmolVLAConfig, name: str) -> Value:
    """proj(x) split into heads: [B, S, n_in] -> [B, heads, S, head_dim]"""
    return split_heads(b, linear(b, x, proj, n_in, heads * c.head_dim, out=name), heads, c.head_dim, name)


def merge_heads(b: Builder, x: Value, c: SmolVLAConfig) -> Value:
    """[B, H, S, D] -> [B, S, H*D]"""
    x = b.transpose(x, perm=(0, 2, 1, 3), name="out")
    return b.reshape(x, shape=(0, 0, c.heads * c.head_dim), name="out")


def time_embedding(b: Builder, timestep: Value, c: SmolVLAConfig) -> Value:
    """Sinusoidal embedding of the flow-matching time t, [B] -> [B, 1, hidden], in float64:
    period_i = min·(max/min)^(i/(n-1)) for n = hidden/2 frequencies, angle = 2π·t/period_i,
    embedding = [sin(angle), cos(angle)]."""
    n = c.hidden // 2
    f64 = lambda value: b.const(value=value, dtype="f64")                                 # noqa: E731
    fraction = b.div(b.arange(size=n, dtype="f64", name="fraction"), f64(n - 1), name="fraction")
    growth = b.exp(b.mul(fraction, f64(math.log(c.max_period / c.min_period)), name="log_growth"), name="growth")
    period = b.mul(f64(c.min_period), growth, name="period")
    frequency = b.div(f64(2 * math.pi), period, name="frequency")
    t = b.reshape(b.cast(timestep, dtype="f64", name="t"), shape=(0, 1, 1), name="t")
    angle = b.mul(t, frequency, name="angle")                                              # [B, 1, n]
    emb = b.concat(b.sin(angle, name="sin"), b.cos(angle, name="cos"), axis=-1, name="time_emb")
    return b.cast(emb, dtype="f32", name="time_emb")


def embed_suffix(b: Builder, noisy_actions: Value, timestep: Value, c: SmolVLAConfig) -> Value:
    """Action tokens: action_time_mlp_out(silu(action_time_mlp_in([action_in_proj(x_t), emb(t)])))."""
    action_emb = linear(b, noisy_actions, "action_in_proj", c.action_dim, c.hidden, bias=True, out="action_emb")
    time_emb = time_embedding(b, timestep, c)
    time_emb = b.add(time_emb, b.zeros_like(action_emb, name="zeros"), name="time_emb")   # to every action
    h = b.concat(action_emb, time_emb, axis=-1, name="h")
    h = b.silu(linear(b, h, "action_time_mlp_in", 2 * c.hidden, c.hidden, bias=True, out="h"), name="h")
    return linear(b, h, "action_time_mlp_out", c.hidden, c.hidden, bias=True, out="suffix")


def rotary(b: Builder, x: Value, offset: int, c: SmolVLAConfig) -> tuple[Value, Value]:
    """cos/sin for the action tokens of x [B, S, ...] at positions offset..offset+S-1."""
    positions = b.positions(x, axis=1, offset=offset, name="positions")
    return b.rope_tables(positions, dim=c.head_dim, theta=c.rope_theta, name=("cos", "sin"))


def self_attention(b: Builder, x: Value, prefix_k: Value, prefix_v: Value, c: SmolVLAConfig) -> Value:
    """Actions attend to the whole prefix and causally to each other; RoPE at P..P+S-1."""
    with b.block("self_attn", "ExpertSelfAttention"):
        cos, sin = rotary(b, x, c.prefix, c)
        q = project_heads(b, x, "q_proj", c.hidden, c.heads, c, "q")
        k = project_heads(b, x, "k_proj", c.hidden, c.kv_heads, c, "k")
        v = project_heads(b, x, "v_proj", c.hidden, c.kv_heads, c, "v")
        q, k = b.rope(q, cos, sin, name="q"), b.rope(k, cos, sin, name="k")
        k = b.concat(split_heads(b, prefix_k, c.kv_heads, c.head_dim, "prefix_k"), k, axis=2, name="k")
        v = b.concat(split_heads(b, prefix_v, c.kv_heads, c.head_dim, "prefix_v"), v, axis=2, name="v")
        mask = b.causal_mask(q, k, offset=c.prefix, name="mask")   # every prefix key + actions <= self
        out = b.attention(q, k, v, mask, scale=c.head_dim ** -0.5, name="out")
        return linear(b, merge_heads(b, out, c), "o_proj", c.heads * c.head_dim, c.hidden, out="out")


def cross_attention(b: Builder, x: Value, prefix_k: Value, prefix_v: Value, c: SmolVLAConfig) -> Value:
    """Actions attend to the prefix only, through the expert's own k/v projections of the
    cached VLM keys/values; RoPE on the queries only, at 0..S-1; no mask."""
    with b.block("self_attn", "ExpertCrossAttention"):
        cos, sin = rotary(b, x, 0, c)
        q = b.rope(project_heads(b, x, "q_proj", c.hidden, c.heads, c, "q"), cos, sin, name="q")
        k = project_heads(b, prefix_k, "k_proj", c.kv_width, c.kv_heads, c, "k")     # input channels head-major
        v = project_heads(b, prefix_v, "v_proj", c.kv_width, c.kv_heads, c, "v")
        out = b.attention(q, k, v, scale=c.head_dim ** -0.5, name="out")
        return linear(b, merge_heads(b, out, c), "o_proj", c.heads * c.head_dim, c.hidden, out="out")


def mlp(b: Builder, x: Value, c: SmolVLAConfig) -> Value:
    """SwiGLU: down(silu(gate(x)) * up(x))"""
    with b.block("mlp", "ExpertMLP"):
        gate = b.silu(linear(b, x, "gate_proj", c.hidden, c.intermediate, out="gate"), name="gate")
        h = b.mul(gate, linear(b, x, "up_proj", c.hidden, c.intermediate, out="up"), name="h")
        return linear(b, h, "down_proj", c.intermediate, c.hidden, out="out")


def expert_layer(b: Builder, i: int, h: Value, prefix_k: Value, prefix_v: Value, c: SmolVLAConfig) -> Value:
    """Pre-norm Llama layer whose attention is self-attention (even i) or cross-attention (odd i)."""
    cross = i % c.self_attn_every != 0
    with b.block(f"layers.{i}", "CrossAttentionLayer" if cross else "SelfAttentionLayer"):
        attend = cross_attention if cross else self_attention
        h = b.add(h, attend(b, rmsnorm(b, h, "input_layernorm", c), prefix_k, prefix_v, c), name="h")
        return b.add(h, mlp(b, rmsnorm(b, h, "post_attention_layernorm", c), c), name="h")


def vlm_with_expert(b: Builder, h: Value, prefix_keys: Value, prefix_values: Value, c: SmolVLAConfig) -> Value:
    """The expert half of SmolVLMWithExpertModel; the VLM half is given by its key/value cache."""
    with b.block("vlm_with_expert", "SmolVLMWithExpertModel"), b.block("lm_expert", "ActionExpert"):
        layer_keys = [b.select(prefix_keys, axis=0, index=i, name="prefix_k") for i in range(c.layers)]
        layer_values = [b.select(prefix_values, axis=0, index=i, name="prefix_v") for i in range(c.layers)]
        for i, (prefix_k, prefix_v) in enumerate(zip(layer_keys, layer_values)):     # [B, P, kv_width] each
            h = expert_layer(b, i, h, prefix_k, prefix_v, c)
        return rmsnorm(b, h, "norm", c)


def build(c: SmolVLAConfig, variant: str) -> Graph:
    """`full`: the velocity of c.chunk actions and the loss; `latency`: one action."""
    chunk = c.chunk if variant == "full" else 1
    b = Builder(Graph("SmolVLAPolicy"))
    noisy_actions = b.input("noisy_actions", (1, chunk, c.action_dim))
    timestep = b.input("timestep", (1,))
    prefix_keys = b.input("prefix_keys", (c.layers, 1, c.prefix, c.kv_width))
    prefix_values = b.input("prefix_values", (c.layers, 1, c.prefix, c.kv_width))
    with b.block("model", "VLAFlowMatching"):
        h = embed_suffix(b, noisy_actions, timestep, c)
        h = vlm_with_expert(b, h, prefix_keys, prefix_values, c)
        velocity = linear(b, h, "action_out_proj", c.hidden, c.action_dim, bias=True, out="velocity")
    b.output("velocity", velocity)
    if variant == "full":
        target = b.input("target", (1, chunk, c.action_dim))
        b.output("loss", b.mse_loss(velocity, target, name="loss"))
    return b.graph


def wave(fn, shape: tuple[int, ...], step: float) -> np.ndarray:
    """fn(step * j) for the row-major flat index j."""
    return fn(step * np.arange(int(np.prod(shape)), dtype=np.float64)).reshape(shape).astype(np.float32)


def inputs(c: SmolVLAConfig, variant: str) -> dict[str, np.ndarray]:
    chunk = c.chunk if variant == "full" else 1
    prefix = (c.layers, 1, c.prefix, c.kv_width)
    out = {"noisy_actions": wave(np.sin, (1, chunk, c.action_dim), 0.01),
           "timestep": np.array([0.5], np.float32),
           "prefix_keys": wave(np.cos, prefix, 0.01),
           "prefix_values": wave(np.sin, prefix, 0.007)}
    if variant == "full":
        out["target"] = wave(np.cos, (1, chunk, c.action_dim), 0.02)
    return out


MODEL = ModelDef("SmolVLA", sys.modules[__name__], order=1,
                 canonical=("transformers", "canonical/smolvla_transformers.py.j2"))
