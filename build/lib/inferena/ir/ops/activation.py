"""Activations: sigmoid, silu, gelu (exact and tanh), relu, softmax."""
from __future__ import annotations

import math

import numpy as np

from ..registry import expect, register
from .common import axis_of, const, floating
from .elementwise import erf_ref


def _sigmoid_ref(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))        # overflow-free logistic


register("sigmoid", inputs="x", infer=floating, ref=_sigmoid_ref,
         vjp=lambda b, ins, outs, cts: [
             b.mul(cts[0], b.mul(outs[0], b.sub(const(b, 1.0, outs[0]), outs[0])))])

register("silu", inputs="x", infer=floating, ref=lambda x: x * _sigmoid_ref(x),
         decompose=lambda b, x: b.mul(x, b.sigmoid(x)))


GELU_TANH_C = math.sqrt(2.0 / math.pi)


def _gelu_infer(x, *, approximate):
    expect(approximate in ("none", "tanh"), f"approximate={approximate!r} must be 'none' or 'tanh'")
    return floating(x)


def _gelu_ref(x, *, approximate):
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(GELU_TANH_C * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1.0 + erf_ref(x * (1.0 / math.sqrt(2.0))))


def _gelu_decompose(b, x, *, approximate):
    """x * Phi(x) = x/2 (1 + erf(x / sqrt 2)), or its tanh approximation."""
    if approximate == "tanh":
        inner = b.add(x, b.mul(b.pow(x, exponent=3.0), const(b, 0.044715, x)))
        t = b.tanh(b.mul(inner, const(b, GELU_TANH_C, x)))
    else:
        t = b.erf(b.mul(x, const(b, 1.0 / math.sqrt(2.0), x)))
    return b.mul(b.mul(x, const(b, 0.5, x)), b.add(t, const(b, 1.0, x)))


register("gelu", inputs="x", attrs={"approximate": "none"}, infer=_gelu_infer, ref=_gelu_ref,
         decompose=_gelu_decompose)


def _relu_vjp(b, ins, outs, cts):
    x, = ins            # the derivative at 0 is taken as 0, as in every framework
    zero = const(b, 0.0, x)
    return [b.where(b.greater(x, zero), cts[0], zero)]


register("relu", inputs="x", infer=floating, ref=lambda x: np.maximum(x, 0),
         vjp=_relu_vjp)


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
