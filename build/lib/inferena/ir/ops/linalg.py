"""Linear algebra: matmul, linear (PyTorch layout, [out, in] weights), embedding lookup."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from ..types import TensorType
from .common import broadcast, sum_to


def swap_last(b, x):
    perm = tuple(range(x.type.rank - 2)) + (x.type.rank - 1, x.type.rank - 2)
    return b.transpose(x, perm=perm)


def _matmul_infer(a, b):
    expect(a.rank >= 2 and b.rank >= 2, f"matmul needs rank >= 2, got {a} and {b}")
    expect(a.shape[-1] == b.shape[-2], f"inner dimensions differ: {list(a.shape)} @ {list(b.shape)}")
    batch = broadcast(TensorType(a.shape[:-2], a.dtype), TensorType(b.shape[:-2], b.dtype))
    return TensorType(batch.shape + (a.shape[-2], b.shape[-1]), a.dtype)


def _matmul_vjp(b, ins, outs, cts):
    x, y = ins
    return [sum_to(b, b.matmul(cts[0], swap_last(b, y)), x.shape),
            sum_to(b, b.matmul(swap_last(b, x), cts[0]), y.shape)]


register("matmul", inputs="a b", infer=_matmul_infer, ref=np.matmul, vjp=_matmul_vjp)


def _linear_infer(x, w, bias=None):
    expect(x.rank >= 2, f"input must be [..., in] with rank >= 2 (as matmul), got {x}")
    expect(w.rank == 2, f"weight must be [out, in], got {w}")
    expect(x.shape[-1:] == w.shape[1:], f"input features {x.shape[-1:]} != weight in-features {w.shape[1]}")
    expect(bias is None or bias.shape == w.shape[:1], f"bias {bias} does not match {w.shape[0]} outputs")
    expect(x.dtype == w.dtype, f"dtypes differ: {x} and {w}")
    return TensorType(x.shape[:-1] + w.shape[:1], x.dtype)


def _linear_ref(x, w, bias=None):
    y = x @ w.T
    return y if bias is None else y + bias


def _linear_vjp(b, ins, outs, cts):
    x, w = ins[:2]
    g = cts[0]
    g2 = b.reshape(g, shape=(-1, g.shape[-1]))
    x2 = b.reshape(x, shape=(-1, x.shape[-1]))
    grads = [b.matmul(g, w), b.matmul(swap_last(b, g2), x2)]
    return grads + ([b.sum_to(g, shape=ins[2].shape)] if len(ins) == 3 else [])


def _linear_decompose(b, x, w, bias=None):
    y = b.matmul(x, swap_last(b, w))
    return y if bias is None else b.add(y, bias)


register("linear", inputs="x weight bias?", infer=_linear_infer, ref=_linear_ref,
         vjp=_linear_vjp, decompose=_linear_decompose)


def _embedding_infer(ids, weight):
    expect(ids.dtype == "i64", f"ids must be i64, got {ids}")
    expect(weight.rank == 2, f"weight must be [num, dim], got {weight}")
    return TensorType(ids.shape + weight.shape[1:], weight.dtype)


register("embedding", inputs="ids weight", infer=_embedding_infer,
         ref=lambda ids, weight: weight[ids],
         vjp=lambda b, ins, outs, cts: [
             None, b.embedding_grad(cts[0], ins[0], num=ins[1].shape[0])])


def _embedding_grad_ref(g, ids, *, num):
    out = np.zeros((num, g.shape[-1]), g.dtype)
    np.add.at(out, ids.reshape(-1), g.reshape(-1, g.shape[-1]))
    return out


def _embedding_grad_infer(g, ids, *, num):
    expect(ids.dtype == "i64" and g.shape[:-1] == ids.shape, f"grad {g} does not match ids {ids}")
    return TensorType((num, g.shape[-1]), g.dtype)


register("embedding_grad", inputs="grad ids", attrs={"num": int}, infer=_embedding_grad_infer,
         ref=_embedding_grad_ref)
