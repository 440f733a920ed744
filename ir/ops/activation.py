"""Activations: sigmoid, silu, softmax."""
from __future__ import annotations

import numpy as np

from ..registry import register
from .common import axis_of, const, floating


def _sigmoid_ref(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))        # overflow-free logistic


register("sigmoid", inputs="x", infer=floating, ref=_sigmoid_ref,
         vjp=lambda b, ins, outs, cts: [
             b.mul(cts[0], b.mul(outs[0], b.sub(const(b, 1.0, outs[0]), outs[0])))])

register("silu", inputs="x", infer=floating, ref=lambda x: x * _sigmoid_ref(x),
         decompose=lambda b, x: b.mul(x, b.sigmoid(x)))


def _softmax_ref(x, *, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_infer(x, *, axis):
    axis_of(axis, x.rank)
    return floating(x)


def _softmax_vjp(b, ins, outs, cts, *, axis):
    y, g = outs[0], cts[0]
    gy = b.mul(g, y)
    return [b.sub(gy, b.mul(y, b.sum(gy, axes=(axis,), keepdims=True)))]


def _softmax_decompose(b, x, *, axis):
    e = b.exp(b.sub(x, b.max(x, axes=(axis,), keepdims=True)))
    return b.div(e, b.sum(e, axes=(axis,), keepdims=True))


register("softmax", inputs="x", attrs={"axis": -1}, infer=_softmax_infer, ref=_softmax_ref,
         vjp=_softmax_vjp, decompose=_softmax_decompose)
