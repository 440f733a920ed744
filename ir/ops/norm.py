"""Normalisations: RMSNorm."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from .common import const


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
