"""Normalisations: RMSNorm, LayerNorm, GroupNorm, BatchNorm (inference mode)."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from .common import const, floating


def _rmsnorm_infer(x, weight, *, eps):
    expect(weight.shape == x.shape[-1:], f"weight {weight} does not match last dim of {x}")
    return x


def _rmsnorm_ref(x, weight, *, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def _rmsnorm_decompose(b, x, weight, *, eps):
    ms = b.mean(b.mul(x, x), axes=(-1,), keepdims=True)
    return b.mul(b.mul(x, b.rsqrt(b.add(ms, const(b, eps, ms)))), weight)


register("rmsnorm", inputs="x weight", attrs={"eps": float}, infer=_rmsnorm_infer,
         ref=_rmsnorm_ref, decompose=_rmsnorm_decompose)


def _normalize(b, x, axes, eps):
    """(x - mean) / sqrt(var + eps) over `axes` (biased variance), all in graph ops."""
    d = b.sub(x, b.mean(x, axes=axes, keepdims=True))
    var = b.mean(b.mul(d, d), axes=axes, keepdims=True)
    return b.mul(d, b.rsqrt(b.add(var, const(b, eps, var))))


def _channel_shaped(b, v, rank):
    """A per-channel vector [C] as [C, 1, ...], to broadcast against [N, C, ...]."""
    return v if rank == 2 else b.reshape(v, shape=v.shape + (1,) * (rank - 2))


# --- LayerNorm: over the last dimension ----------------------------------------------------

def _layer_norm_infer(x, weight, bias=None, *, eps):
    floating(x)
    expect(x.rank >= 1, f"layer_norm needs at least one dimension, got {x}")
    expect(weight.shape == x.shape[-1:] and (bias is None or bias.shape == x.shape[-1:]),
           f"weight {weight}" + (f" and bias {bias}" if bias else "") + f" do not match the last dim of {x}")
    return x


def _layer_norm_ref(x, weight, bias=None, *, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps) * weight
    return y if bias is None else y + bias


def _layer_norm_decompose(b, x, weight, bias=None, *, eps):
    y = b.mul(_normalize(b, x, (-1,), eps), weight)
    return y if bias is None else b.add(y, bias)


register("layer_norm", inputs="x weight bias?", attrs={"eps": float}, infer=_layer_norm_infer,
         ref=_layer_norm_ref, decompose=_layer_norm_decompose)


# --- GroupNorm: statistics over (C/groups, *spatial) per sample and group -----------------

def _group_norm_infer(x, weight, bias, *, groups, eps):
    floating(x)
    expect(x.rank >= 2, f"group_norm needs [N, C, ...], got {x}")
    c = x.shape[1]
    expect(groups >= 1 and c % groups == 0, f"{c} channels are not divisible into {groups} groups")
    expect(weight.shape == (c,) and bias.shape == (c,),
           f"weight {weight} and bias {bias} must be [{c}] (the channels of {x})")
    return x


def _group_norm_ref(x, weight, bias, *, groups, eps):
    xg = x.reshape(x.shape[0], groups, -1)
    mean = xg.mean(axis=-1, keepdims=True)
    var = ((xg - mean) ** 2).mean(axis=-1, keepdims=True)
    y = ((xg - mean) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (-1,) + (1,) * (x.ndim - 2)
    return y * weight.reshape(shape) + bias.reshape(shape)


def _group_norm_decompose(b, x, weight, bias, *, groups, eps):
    """Statistics on x viewed as [N, groups, C/groups * spatial]; they are spread back to
    channels by broadcasting against a [groups, C/groups] block of ones, so no reshape
    names the batch size."""
    rank, c = x.type.rank, x.shape[1]
    xg = b.reshape(x, shape=(0, groups, -1))
    mean = b.mean(xg, axes=(2,), keepdims=True)                       # [N, G, 1]
    d = b.sub(xg, mean)
    rstd = b.rsqrt(b.add(b.mean(b.mul(d, d), axes=(2,), keepdims=True), const(b, eps, d)))
    ones = b.broadcast_to(const(b, 1.0, x), shape=(groups, c // groups))

    def per_channel(stat):                                           # [N, G, 1] -> [N, C, 1, ...]
        return b.reshape(b.mul(stat, ones), shape=(0, c) + (1,) * (rank - 2))

    y = b.mul(b.sub(x, per_channel(mean)), per_channel(rstd))
    return b.add(b.mul(y, _channel_shaped(b, weight, rank)), _channel_shaped(b, bias, rank))


register("group_norm", inputs="x weight bias", attrs={"groups": int, "eps": float},
         infer=_group_norm_infer, ref=_group_norm_ref, decompose=_group_norm_decompose)


# --- BatchNorm, inference mode: the running statistics normalise ----------------------------

def _batch_norm_infer(x, weight, bias, running_mean, running_var, *, eps):
    floating(x)
    expect(x.rank >= 2, f"batch_norm needs [N, C, ...], got {x}")
    c = x.shape[1]
    for name, t in (("weight", weight), ("bias", bias), ("running_mean", running_mean),
                    ("running_var", running_var)):
        expect(t.shape == (c,) and t.dtype == x.dtype, f"{name} {t} must be {x.dtype}[{c}] "
                                                       f"(the channels of {x})")
    return x


def _batch_norm_ref(x, weight, bias, running_mean, running_var, *, eps):
    shape = (-1,) + (1,) * (x.ndim - 2)
    scale = weight / np.sqrt(running_var + eps)
    return (x - running_mean.reshape(shape)) * scale.reshape(shape) + bias.reshape(shape)


def _batch_norm_decompose(b, x, weight, bias, running_mean, running_var, *, eps):
    rank = x.type.rank
    scale = b.mul(weight, b.rsqrt(b.add(running_var, const(b, eps, running_var))))
    y = b.mul(b.sub(x, _channel_shaped(b, running_mean, rank)), _channel_shaped(b, scale, rank))
    return b.add(y, _channel_shaped(b, bias, rank))


register("batch_norm", inputs="x weight bias running_mean running_var", attrs={"eps": float},
         infer=_batch_norm_infer, ref=_batch_norm_ref, decompose=_batch_norm_decompose)
