"""Stable Diffusion 1.5's U-Net: diffusers' UNet2DConditionModel, diffusers parameter names.

    timestep -> Timesteps (sinusoidal) -> TimestepEmbedding ------------------+ temb
    sample -> conv_in -> 3x CrossAttnDownBlock2D, DownBlock2D -> mid block   | (every ResNet)
           -> UpBlock2D, 3x CrossAttnUpBlock2D (skips concatenated) -> norm, SiLU, conv_out
    encoder_hidden_states (text embeddings) -> every cross-attention
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np

from inferena.ir import Builder, Graph, Value

from . import ModelDef


@dataclass(frozen=True)
class UNetConfig:
    sample_size: int = 64
    in_channels: int = 4
    out_channels: int = 4
    block_out_channels: tuple[int, ...] = (320, 640, 1280, 1280)
    down_block_types: tuple[str, ...] = ("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",)
    up_block_types: tuple[str, ...] = ("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3
    layers_per_block: int = 2
    heads: int = 8
    cross_attention_dim: int = 768
    text_tokens: int = 77
    norm_num_groups: int = 32
    resnet_eps: float = 1e-5            # GroupNorm in ResNets and before conv_out
    transformer_norm_eps: float = 1e-6  # GroupNorm in front of each Transformer2DModel
    layer_norm_eps: float = 1e-5
    flip_sin_to_cos: bool = True
    freq_shift: float = 0.0
    max_period: float = 10000.0

    @property
    def time_embed_dim(self) -> int:
        return 4 * self.block_out_channels[0]


CONFIGS = {
    "full": UNetConfig(),
    "tiny": UNetConfig(sample_size=16, block_out_channels=(32, 64, 64, 64), heads=2,
                       cross_attention_dim=16, text_tokens=7, norm_num_groups=8),
}
ONES, ZEROS = {"kind": "ones"}, {"kind": "zeros"}


# --- layers: parameters as diffusers names them, torch's default init for convolutions -----
def conv(b: Builder, x: Value, name: str, out_ch: int, kernel: int = 3, stride: int = 1,
         hint: str | None = None) -> Value:
    in_ch = x.type.shape[1]
    bound = {"kind": "uniform", "bound": 1 / math.sqrt(in_ch * kernel * kernel)}
    w = b.param(f"{name}.weight", (out_ch, in_ch, kernel, kernel), bound)
    bias = b.param(f"{name}.bias", (out_ch,), bound)
    return b.conv2d(x, w, bias, stride=(stride, stride), padding=(kernel // 2, kernel // 2), name=hint or name)


def linear(b: Builder, x: Value, name: str, out_features: int, bias: bool = True,
           hint: str | None = None) -> Value:
    w = b.param(f"{name}.weight", (out_features, x.type.shape[-1]))
    hint = hint or name.split(".")[0]
    if not bias:
        return b.linear(x, w, name=hint)
    return b.linear(x, w, b.param(f"{name}.bias", (out_features,), ZEROS), name=hint)


def group_norm(b: Builder, x: Value, name: str, groups: int, eps: float) -> Value:
    ch = x.type.shape[1]
    return b.group_norm(x, b.param(f"{name}.weight", (ch,), ONES), b.param(f"{name}.bias", (ch,), ZEROS),
                        groups=groups, eps=eps, name=name)


def layer_norm(b: Builder, x: Value, name: str, eps: float) -> Value:
    dim = x.type.shape[-1]
    return b.layer_norm(x, b.param(f"{name}.weight", (dim,), ONES), b.param(f"{name}.bias", (dim,), ZEROS),
                        eps=eps, name=name)


# --- time embedding -----------------------------------------------------------------------
def timestep_features(b: Builder, timestep: Value, c: UNetConfig) -> Value:
    """Sinusoidal features of the timestep: [cos | sin](t * max_period^(-i / (half - shift)))."""
    with b.block("time_proj", "Timesteps"):
        half = c.block_out_channels[0] // 2
        exponent = b.mul(b.arange(size=half, name="exponent"),
                         b.const(value=-math.log(c.max_period) / (half - c.freq_shift)), name="exponent")
        angles = b.mul(b.reshape(timestep, shape=(0, 1), name="t"), b.exp(exponent, name="freqs"), name="angles")
        sin, cos = b.sin(angles, name="sin"), b.cos(angles, name="cos")
        return b.concat(*((cos, sin) if c.flip_sin_to_cos else (sin, cos)), axis=1, name="t_emb")


def timestep_embedding(b: Builder, features: Value, c: UNetConfig) -> Value:
    with b.block("time_embedding", "TimestepEmbedding"):
        h = b.silu(linear(b, features, "linear_1", c.time_embed_dim), name="h")
        return linear(b, h, "linear_2", c.time_embed_dim, hint="temb")


# --- ResNet block ---------------------------------------------------------------------------
def resnet_block(b: Builder, name: str, x: Value, temb: Value, out_ch: int, c: UNetConfig) -> Value:
    """norm1, SiLU, conv1, + time_emb_proj(SiLU(temb)), norm2, SiLU, conv2, + shortcut."""
    with b.block(name, "ResnetBlock2D"):
        h = b.silu(group_norm(b, x, "norm1", c.norm_num_groups, c.resnet_eps), name="h")
        h = conv(b, h, "conv1", out_ch)
        t = linear(b, b.silu(temb, name="temb"), "time_emb_proj", out_ch)
        h = b.add(h, b.reshape(t, shape=(0, 0, 1, 1), name="temb"), name="h")
        h = b.silu(group_norm(b, h, "norm2", c.norm_num_groups, c.resnet_eps), name="h")
        h = conv(b, h, "conv2", out_ch)
        if x.type.shape[1] != out_ch:
            x = conv(b, x, "conv_shortcut", out_ch, kernel=1)
        return b.add(x, h, name="sample")


# --- transformer ----------------------------------------------------------------------------
def split_heads(b: Builder, x: Value, heads: int, name: str) -> Value:
    """[B, S, H*D] -> [B, H, S, D]"""
    x = b.reshape(x, shape=(0, 0, heads, x.type.shape[-1] // heads), name=name)
    return b.transpose(x, perm=(0, 2, 1, 3), name=name)


def attention(b: Builder, name: str, x: Value, context: Value, c: UNetConfig) -> Value:
    """Multi-head attention of x over context (x itself for self-attention)."""
    with b.block(name, "Attention"):
        dim = x.type.shape[-1]
        q = split_heads(b, linear(b, x, "to_q", dim, bias=False), c.heads, "q")
        k = split_heads(b, linear(b, context, "to_k", dim, bias=False), c.heads, "k")
        v = split_heads(b, linear(b, context, "to_v", dim, bias=False), c.heads, "v")
        out = b.attention(q, k, v, scale=(dim // c.heads) ** -0.5, name="out")
        out = b.reshape(b.transpose(out, perm=(0, 2, 1, 3), name="out"), shape=(0, 0, dim), name="out")
        return linear(b, out, "to_out.0", dim, hint="out")


def feed_forward(b: Builder, x: Value) -> Value:
    """GEGLU: net.2(h * gelu(gate)), where h, gate = net.0.proj(x) split in halves."""
    dim = x.type.shape[-1]
    with b.block("ff", "FeedForward"):
        with b.block("net.0", "GEGLU"):
            h, gate = b.split(linear(b, x, "proj", 8 * dim), axis=-1, sizes=(4 * dim, 4 * dim), name=("h", "gate"))
            h = b.mul(h, b.gelu(gate, approximate="none", name="gate"), name="h")
        return linear(b, h, "net.2", dim, hint="out")


def basic_transformer_block(b: Builder, x: Value, context: Value, c: UNetConfig) -> Value:
    """Pre-LayerNorm self-attention, cross-attention over the text, GEGLU feed-forward."""
    with b.block("transformer_blocks.0", "BasicTransformerBlock"):
        h = layer_norm(b, x, "norm1", c.layer_norm_eps)
        x = b.add(x, attention(b, "attn1", h, h, c), name="h")
        h = layer_norm(b, x, "norm2", c.layer_norm_eps)
        x = b.add(x, attention(b, "attn2", h, context, c), name="h")
        return b.add(x, feed_forward(b, layer_norm(b, x, "norm3", c.layer_norm_eps)), name="h")


def transformer_2d(b: Builder, name: str, x: Value, context: Value, c: UNetConfig) -> Value:
    """GroupNorm, 1x1 proj_in, pixels as tokens through one transformer block, 1x1 proj_out, + x."""
    with b.block(name, "Transformer2DModel"):
        ch, height, width = x.type.shape[1:]
        h = conv(b, group_norm(b, x, "norm", c.norm_num_groups, c.transformer_norm_eps), "proj_in", ch, kernel=1)
        h = b.transpose(b.reshape(h, shape=(0, 0, -1), name="h"), perm=(0, 2, 1), name="h")   # [B, H*W, C]
        h = basic_transformer_block(b, h, context, c)
        h = b.reshape(b.transpose(h, perm=(0, 2, 1), name="h"), shape=(0, 0, height, width), name="h")
        return b.add(conv(b, h, "proj_out", ch, kernel=1), x, name="sample")


# --- U-Net blocks ---------------------------------------------------------------------------
def down_block(b: Builder, i: int, h: Value, temb: Value, context: Value, c: UNetConfig
               ) -> tuple[Value, list[Value]]:
    """ResNets (each followed by a transformer in cross-attention blocks), then a stride-2
    conv except in the last block; every stage's result is kept for the up path."""
    kind = c.down_block_types[i]
    skips = []
    with b.block(f"down_blocks.{i}", kind):
        for j in range(c.layers_per_block):
            h = resnet_block(b, f"resnets.{j}", h, temb, c.block_out_channels[i], c)
            if kind == "CrossAttnDownBlock2D":
                h = transformer_2d(b, f"attentions.{j}", h, context, c)
            skips.append(h)
        if i < len(c.block_out_channels) - 1:
            with b.block("downsamplers.0", "Downsample2D"):
                h = conv(b, h, "conv", h.type.shape[1], stride=2, hint="sample")
            skips.append(h)
    return h, skips


def mid_block(b: Builder, h: Value, temb: Value, context: Value, c: UNetConfig) -> Value:
    with b.block("mid_block", "UNetMidBlock2DCrossAttn"):
        ch = c.block_out_channels[-1]
        h = resnet_block(b, "resnets.0", h, temb, ch, c)
        h = transformer_2d(b, "attentions.0", h, context, c)
        return resnet_block(b, "resnets.1", h, temb, ch, c)


def up_block(b: Builder, i: int, h: Value, skips: list[Value], temb: Value, context: Value,
             c: UNetConfig) -> Value:
    """Each ResNet takes the running features concatenated with the latest unused skip
    (channels: features first); nearest x2 upsampling and a conv except in the last block."""
    kind = c.up_block_types[i]
    out_ch = c.block_out_channels[::-1][i]
    with b.block(f"up_blocks.{i}", kind):
        for j in range(c.layers_per_block + 1):
            h = b.concat(h, skips.pop(), axis=1, name="sample")
            h = resnet_block(b, f"resnets.{j}", h, temb, out_ch, c)
            if kind == "CrossAttnUpBlock2D":
                h = transformer_2d(b, f"attentions.{j}", h, context, c)
        if i < len(c.block_out_channels) - 1:
            with b.block("upsamplers.0", "Upsample2D"):
                h = conv(b, b.upsample_nearest(h, scale=2, name="h"), "conv", out_ch, hint="sample")
    return h


def build(c: UNetConfig, variant: str) -> Graph:
    """`full`: the predicted noise and the MSE loss; `latency`: the same step without the loss."""
    b = Builder(Graph("UNet2DConditionModel"))
    sample = b.input("sample", (1, c.in_channels, c.sample_size, c.sample_size))
    timestep = b.input("timestep", (1,))
    context = b.input("encoder_hidden_states", (1, c.text_tokens, c.cross_attention_dim))

    temb = timestep_embedding(b, timestep_features(b, timestep, c), c)
    h = conv(b, sample, "conv_in", c.block_out_channels[0], hint="sample")
    skips = [h]
    for i in range(len(c.down_block_types)):
        h, stage = down_block(b, i, h, temb, context, c)
        skips += stage
    h = mid_block(b, h, temb, context, c)
    for i in range(len(c.up_block_types)):
        h = up_block(b, i, h, skips, temb, context, c)
    h = b.silu(group_norm(b, h, "conv_norm_out", c.norm_num_groups, c.resnet_eps), name="sample")
    noise_pred = conv(b, h, "conv_out", c.out_channels, hint="noise_pred")
    b.output("noise_pred", noise_pred)
    if variant == "full":
        target = b.input("target", noise_pred.type.shape)
        b.output("loss", b.mse_loss(noise_pred, target, name="loss"))
    return b.graph


def _wave(fn, step: float, shape: tuple[int, ...]) -> np.ndarray:
    return fn(step * np.arange(int(np.prod(shape)), dtype=np.float64)).astype(np.float32).reshape(shape)


def inputs(c: UNetConfig, variant: str) -> dict[str, np.ndarray]:
    """Latent sin(0.01 j), text embeddings cos(0.005 j), timestep 500; target cos(0.007 j)."""
    latent = (1, c.in_channels, c.sample_size, c.sample_size)
    out = {"sample": _wave(np.sin, 0.01, latent),
           "timestep": np.array([500.0], np.float32),
           "encoder_hidden_states": _wave(np.cos, 0.005, (1, c.text_tokens, c.cross_attention_dim))}
    if variant == "full":
        out["target"] = _wave(np.cos, 0.007, (1, c.out_channels, c.sample_size, c.sample_size))
    return out


MODEL = ModelDef("StableDiffusion-1.5", sys.modules[__name__], order=2, reference_dtype="f32",
                 canonical=("diffusers", "canonical/sd15_diffusers.py.j2"))
