"""The simplified Stable Diffusion U-Net of the published table: conv-only, GroupNorm + SiLU
ResBlocks, three levels, skip connections by concatenation; no timestep embedding, no attention."""
from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from inferena.ir import Builder, Graph, Value

from . import ModelDef


@dataclass(frozen=True)
class UNetConfig:
    channels: int = 4                      # latent channels in and out
    base: int = 64
    mults: tuple[int, ...] = (1, 2, 4)     # level widths: 64, 128, 256
    groups: int = 16
    eps: float = 1e-5
    size: int = 32                         # latent height and width
    batch: int = 2


CONFIGS = {
    "full": UNetConfig(),
    "tiny": UNetConfig(base=16, groups=4, size=8),
}


def conv_init(w_shape: tuple[int, ...]) -> dict:
    """nn.Conv2d's default init: uniform(+-1/sqrt(fan_in))."""
    return {"kind": "uniform", "bound": float(np.prod(w_shape[1:])) ** -0.5}


def conv(b: Builder, x: Value, name: str, out: int, kernel: int = 3, stride: int = 1, hint: str = "h") -> Value:
    """Conv without bias, zero padding that keeps the size (at stride 1)."""
    shape = (out, x.shape[1], kernel, kernel)
    w = b.param(f"{name}.weight", shape, conv_init(shape))
    return b.conv2d(x, w, stride=(stride, stride), padding=(kernel // 2, kernel // 2), name=hint)


def group_norm(b: Builder, x: Value, name: str, c: UNetConfig) -> Value:
    ch = x.shape[1]
    return b.group_norm(x, b.param(f"{name}.weight", (ch,), {"kind": "ones"}),
                        b.param(f"{name}.bias", (ch,), {"kind": "zeros"}), groups=c.groups, eps=c.eps, name="h")


def res_block(b: Builder, name: str, x: Value, out: int, c: UNetConfig) -> Value:
    """h = conv(silu(gn(x))) twice; h + x, or h + conv1x1(x) when the width changes."""
    with b.block(name, "ResBlock"):
        h = conv(b, b.silu(group_norm(b, x, "norm1", c), name="h"), "conv1", out)
        h = conv(b, b.silu(group_norm(b, h, "norm2", c), name="h"), "conv2", out)
        skip = x if x.shape[1] == out else conv(b, x, "res_conv", out, kernel=1, hint="skip")
        return b.add(h, skip, name="out")


def build(c: UNetConfig, variant: str) -> Graph:
    """`full`: prediction and MSE loss for c.batch latents; `latency`: one latent."""
    batch = c.batch if variant == "full" else 1
    widths = [c.base * m for m in c.mults]
    b = Builder(Graph("UNet"))
    latent = b.input("noisy_latent", (batch, c.channels, c.size, c.size))
    h = conv(b, latent, "conv_in", c.base)
    skips = []
    for i, width in enumerate(widths):                       # encoder, downsampling between levels
        h = res_block(b, f"encoder_blocks.{i}", h, width, c)
        skips.append(h)
        if i < len(widths) - 1:
            h = conv(b, h, f"downsamples.{i}", width, stride=2)
    h = res_block(b, "middle", h, widths[-1], c)
    for i, width in enumerate(reversed(widths)):             # decoder, deepest level first
        if i > 0:
            h = b.upsample_nearest(h, scale=2, name="h")
        h = b.concat(h, skips.pop(), axis=1, name="h")
        h = res_block(b, f"decoder_blocks.{i}", h, width, c)
    h = b.silu(group_norm(b, h, "norm_out", c), name="h")
    sample = conv(b, h, "conv_out", c.channels, hint="sample")
    b.output("sample", sample)
    if variant == "full":
        target = b.input("target", sample.shape)
        b.output("loss", b.mse_loss(sample, target, name="loss"))
    return b.graph


def inputs(c: UNetConfig, variant: str) -> dict[str, np.ndarray]:
    shape = (c.batch, c.channels, c.size, c.size)
    j = np.arange(np.prod(shape), dtype=np.float64)
    latent = np.sin(0.01 * j).reshape(shape).astype(np.float32)
    if variant == "latency":
        return {"noisy_latent": latent[:1].copy()}
    return {"noisy_latent": latent, "target": np.cos(0.007 * j).reshape(shape).astype(np.float32)}


MODEL = ModelDef("StableDiffusion", sys.modules[__name__], order=2)
