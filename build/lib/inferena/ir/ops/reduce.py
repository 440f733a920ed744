"""Reductions: sum, mean, max over axes; sum_to (the transpose of broadcasting)."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from ..types import TensorType
from .common import axis_of, const


def _reduce_infer(x, *, axes, keepdims):
    axes = {axis_of(a, x.rank) for a in axes}
    shape = [1 if i in axes else d for i, d in enumerate(x.shape) if keepdims or i not in axes]
    return TensorType(tuple(shape), x.dtype)


def _restore(b, g, x, axes, keepdims):
    """Broadcast a reduced cotangent back to x's shape."""
    if not keepdims:
        kept = [1 if i in {a % x.type.rank for a in axes} else d for i, d in enumerate(x.shape)]
        g = b.reshape(g, shape=tuple(kept))
    return b.broadcast_to(g, shape=x.shape)


def _count(x, axes):
    return int(np.prod([x.shape[a] for a in axes]))


register("sum", inputs="x", attrs={"axes": tuple, "keepdims": False}, infer=_reduce_infer,
         ref=lambda x, *, axes, keepdims: x.sum(axis=tuple(axes), keepdims=keepdims),
         vjp=lambda b, ins, outs, cts, *, axes, keepdims: [
             _restore(b, cts[0], ins[0], axes, keepdims)])

register("mean", inputs="x", attrs={"axes": tuple, "keepdims": False}, infer=_reduce_infer,
         ref=lambda x, *, axes, keepdims: x.mean(axis=tuple(axes), keepdims=keepdims),
         vjp=lambda b, ins, outs, cts, *, axes, keepdims: [_restore(
             b, b.mul(cts[0], const(b, 1.0 / _count(ins[0], axes), cts[0])), ins[0], axes, keepdims)])

register("max", inputs="x", attrs={"axes": tuple, "keepdims": False}, infer=_reduce_infer,
         ref=lambda x, *, axes, keepdims: x.max(axis=tuple(axes), keepdims=keepdims))


def _sum_to_infer(x, *, shape):
    expect(len(shape) <= x.rank and all(
        s in (1, d) for s, d in zip(shape[::-1], x.shape[::-1])),
        f"cannot sum {list(x.shape)} down to {list(shape)}")
    return TensorType(tuple(shape), x.dtype)


def _sum_to_ref(x, *, shape):
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1)
    return x.sum(axis=axes, keepdims=True).reshape(shape)


register("sum_to", inputs="x", attrs={"shape": tuple}, infer=_sum_to_infer, ref=_sum_to_ref,
         vjp=lambda b, ins, outs, cts, *, shape: [b.broadcast_to(cts[0], shape=ins[0].shape)])
